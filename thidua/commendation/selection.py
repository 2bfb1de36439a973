"""Choosing among eligible candidates when awards are limited (RULES.md §1.6).

:func:`rank_candidates` orders :class:`Candidate` by score with the tie-break preference for
women and collectives of ≥ 70 % women (:func:`has_preference`, Art. 4(6));
:func:`apply_quotas` selects within each (unit, round, award) limit, leaving unbreakable ties
to the council; :func:`quota_from_share` turns "không quá X %" into a count. Pure helpers,
separate from the per-subject eligibility engine.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from thidua.commendation.catalogue import COLLECTIVE_WOMEN_PREFERENCE_SHARE, SubjectKind

__all__ = [
    "Candidate",
    "QuotaSelection",
    "apply_quotas",
    "has_preference",
    "quota_from_share",
    "rank_candidates",
]


@dataclass(frozen=True)
class Candidate:
    """A nominee competing for a limited number of awards of one unit and round.

    ``score`` orders candidates (higher first: a merit score or the council's share of
    votes); ``female`` is for individuals, ``women`` / ``members_total`` for collectives.
    """

    candidate_id: str
    kind: SubjectKind
    unit: str = ""
    round: str = ""
    award: str = ""
    score: Decimal = Decimal(0)
    female: bool = False
    women: int = 0
    members_total: int = 0


def has_preference(candidate: Candidate) -> bool:
    """A woman, or a collective with ≥ 70 % women (Art. 4(6), RULES.md §1.6)."""
    if candidate.kind is SubjectKind.INDIVIDUAL:
        return candidate.female
    if candidate.kind is SubjectKind.COLLECTIVE and candidate.members_total > 0:
        share = Fraction(candidate.women, candidate.members_total)
        return share >= Fraction(COLLECTIVE_WOMEN_PREFERENCE_SHARE)
    return False


def _rank_key(candidate: Candidate) -> tuple[Decimal, bool]:
    return (-candidate.score, not has_preference(candidate))


def rank_candidates(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Higher score first; at equal score the preferred first; then by id (stable output)."""
    return sorted(candidates, key=lambda item: (*_rank_key(item), item.candidate_id))


def quota_from_share(base_count: int, share: Decimal | None) -> int | None:
    """ "Không quá X %" of ``base_count`` as a count (rounded down); None means no quota."""
    if share is None:
        return None
    return math.floor(Fraction(share) * base_count)


@dataclass(frozen=True)
class QuotaSelection:
    """Outcome for one (unit, round, award): ``undecided`` are tied across the limit."""

    unit: str
    round: str
    award: str
    limit: int | None
    selected: tuple[Candidate, ...]
    not_selected: tuple[Candidate, ...]
    undecided: tuple[Candidate, ...]
    explanation: str


def _select(key: tuple[str, str, str], group: list[Candidate], limit: int | None) -> QuotaSelection:
    unit, round_, award = key
    ranked = rank_candidates(group)
    head = f"{unit} – đợt {round_} – {award}"
    if limit is None or len(ranked) <= limit:
        shown = "không giới hạn" if limit is None else f"tối đa {limit}"
        explanation = f"{head}: {shown} — chọn cả {len(ranked)}"
        return QuotaSelection(unit, round_, award, limit, tuple(ranked), (), (), explanation)
    selected: tuple[Candidate, ...] = tuple(ranked[:limit])
    undecided: tuple[Candidate, ...] = ()
    if limit > 0 and _rank_key(ranked[limit]) == _rank_key(ranked[limit - 1]):
        boundary = _rank_key(ranked[limit - 1])
        selected = tuple(item for item in ranked if _rank_key(item) < boundary)
        undecided = tuple(item for item in ranked if _rank_key(item) == boundary)
    chosen = {item.candidate_id for item in (*selected, *undecided)}
    not_selected = tuple(item for item in ranked if item.candidate_id not in chosen)
    explanation = f"{head}: tối đa {limit} — chọn {len(selected)}"
    if undecided:
        names = ", ".join(item.candidate_id for item in undecided)
        explanation += f"; {len(undecided)} ngang nhau ({names}) cần Hội đồng quyết định"
    elif limit > 0:
        last, first_out = ranked[limit - 1], ranked[limit]
        if last.score == first_out.score:
            explanation += (
                f"; {last.candidate_id} được ưu tiên hơn {first_out.candidate_id} "
                "(nữ / tập thể từ 70 % nữ, khoản 6 Điều 4)"
            )
    return QuotaSelection(
        unit, round_, award, limit, selected, not_selected, undecided, explanation
    )


def apply_quotas(
    candidates: Iterable[Candidate], limits: Mapping[tuple[str, str, str], int | None]
) -> list[QuotaSelection]:
    """Select within the limit of each (unit, round, award); a missing key means no limit.

    Ties on score go to the preferred candidate (Art. 4(6)); a tie that even the preference
    cannot break at the limit is left ``undecided`` for the council (no arbitrary choice).
    """
    groups: dict[tuple[str, str, str], list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        groups[(candidate.unit, candidate.round, candidate.award)].append(candidate)
    return [_select(key, groups[key], limits.get(key)) for key in sorted(groups)]
