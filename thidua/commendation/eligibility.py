"""Eligibility engine: may this subject receive this award, and why (RULES.md §1–3).

Pure and deterministic (standard library only, no ORM). :func:`evaluate` takes a
:class:`Subject` (ratings, awards, initiatives, discipline, pending matters, member figures),
an award code and an as-of date, and returns an :class:`EligibilityResult` whose criteria each
carry a Vietnamese explanation and the legal reference of the rule set in force on that date
("CSTĐ cấp tỉnh: cần 03 lần liên tục CSTĐ cơ sở — có 2022, 2023, 2024 ✓").

Dates. The year under review is ``as_of.year`` from :attr:`Settings.undated_record_day`
(1 October by default) and the year before until then, unless given. A record counts only if
it is dated on or before ``as_of``; a record given only by its year is deemed dated on
``undated_record_day`` of that year.

The what-if JSON boundary lives in :mod:`.whatif` and choosing among candidates (quotas,
tie-break) in :mod:`.selection`; this module holds only what the rules need.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import lru_cache
from operator import attrgetter
from typing import Final, NamedTuple

from thidua.commendation.catalogue import (
    CSTD_CO_SO,
    CSTD_TINH,
    CSTD_TOAN_QUOC,
    LDTT,
    NON_MERIT_AWARD_TYPES,
    TTLDTT,
    TTLDXS,
    AwardCategory,
    AwardDefinition,
    AwardType,
    DisciplineLevel,
    InitiativeScope,
    PendingKind,
    Rating,
    Rule,
    RuleSet,
    Settings,
    SubjectKind,
    award_definition,
    award_definitions,
    format_percent,
    rule_set_for,
)
from thidua.core.text import format_date

__all__ = [
    "AwardRecord",
    "Criterion",
    "Discipline",
    "EligibilityResult",
    "Initiative",
    "Members",
    "Pending",
    "RatingRecord",
    "Subject",
    "evaluate",
    "review_year",
]

PASSED_MARK: Final = "✓"
FAILED_MARK: Final = "✗"


# --- Data ----------------------------------------------------------------------------------


def _fill(record: object, **values: object) -> None:
    """Set the fields of a frozen record being built, in one step.

    A frozen dataclass's own ``__init__`` sets each field through ``object.__setattr__``; the
    records built once per candidate of a round (subject, result, initiative) fill their
    ``__dict__`` in one call instead, about a third quicker (a `Subject`: 1,15 → 0,87 µs).
    Equality, hashing, ``repr`` and ``dataclasses.replace`` stay the dataclass's.
    """
    record.__dict__.update(values)


@dataclass(frozen=True)
class RatingRecord:
    """The rating of ``year``; ``dated`` is the evaluation date when known."""

    year: int
    rating: Rating
    dated: date | None = None


@dataclass(frozen=True)
class AwardRecord:
    """An award received for ``year`` (``dated``: decision date, when known)."""

    year: int
    award: str
    type: AwardType = AwardType.PHONG_TRAO
    dated: date | None = None


@dataclass(frozen=True, init=False)
class Initiative:
    """An initiative (sáng kiến, đề tài) recognised in ``year`` with ``scope``.

    ``used_for`` names the award it already served as a criterion for, as ``"CODE"`` or
    ``"CODE:YEAR"`` (the year defaults to the initiative's own); None when unused.
    """

    year: int
    scope: InitiativeScope
    used_for: str | None = None
    dated: date | None = None
    ref: str = ""  # the registry's id, so that the award can be recorded against it

    def __init__(
        self,
        year: int,
        scope: InitiativeScope,
        used_for: str | None = None,
        dated: date | None = None,
        ref: str = "",
    ) -> None:
        # Each one is built for itself (its ref differs): see `_fill`.
        _fill(self, year=year, scope=scope, used_for=used_for, dated=dated, ref=ref)


@dataclass(frozen=True)
class Discipline:
    """A disciplinary measure in force from ``start`` to ``end`` (None: not ended)."""

    start: date
    end: date | None
    level: DisciplineLevel


@dataclass(frozen=True)
class Pending:
    """A matter that holds commendation (Art. 4(4)) open since ``since``."""

    kind: PendingKind
    since: date


@dataclass(frozen=True)
class Members:
    """Figures of a collective's members for the year under review (RULES.md §1.3)."""

    total: int
    completed: int
    ldtt: int
    cstd_co_so: int
    disciplined_warning_or_above: int
    women: int


@dataclass(frozen=True, init=False)
class Subject:
    kind: SubjectKind
    ratings: tuple[RatingRecord, ...] = ()
    awards: tuple[AwardRecord, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    discipline: tuple[Discipline, ...] = ()
    pending: tuple[Pending, ...] = ()
    members: Members | None = None

    def __init__(
        self,
        kind: SubjectKind,
        ratings: tuple[RatingRecord, ...] = (),
        awards: tuple[AwardRecord, ...] = (),
        initiatives: tuple[Initiative, ...] = (),
        discipline: tuple[Discipline, ...] = (),
        pending: tuple[Pending, ...] = (),
        members: Members | None = None,
    ) -> None:
        # One per candidate of a round: see `_fill`.
        _fill(
            self,
            kind=kind,
            ratings=ratings,
            awards=awards,
            initiatives=initiatives,
            discipline=discipline,
            pending=pending,
            members=members,
        )


@dataclass(frozen=True)
class Criterion:
    code: str
    passed: bool
    explanation: str
    reference: str
    # The ref of the initiative the criterion relied on ("" if none): it serves this award only.
    initiative: str = ""


@dataclass(frozen=True, init=False)
class EligibilityResult:
    """``eligible`` when every criterion passed; ``held`` when a pending matter holds it."""

    award: str
    year: int
    as_of: date
    rule_set: str
    eligible: bool
    held: bool
    criteria: list[Criterion] = field(default_factory=list)

    def __init__(
        self,
        award: str,
        year: int,
        as_of: date,
        rule_set: str,
        eligible: bool,
        held: bool,
        criteria: list[Criterion] | None = None,
    ) -> None:
        # One per candidate of a round: see `_fill`.
        criteria = [] if criteria is None else criteria
        _fill(
            self,
            award=award,
            year=year,
            as_of=as_of,
            rule_set=rule_set,
            eligible=eligible,
            held=held,
            criteria=criteria,
        )


# --- Dates and counting --------------------------------------------------------------------


def review_year(as_of: date, settings: Settings | None = None) -> int:
    """The year under review on ``as_of``: this year from ``undated_record_day``, else last."""
    month, day = (settings or Settings()).undated_record_day
    return as_of.year if as_of >= date(as_of.year, month, day) else as_of.year - 1


def _record_date(year: int, dated: date | None, settings: Settings) -> date:
    month, day = settings.undated_record_day
    return dated if dated is not None else date(year, month, day)


def _years(years: Iterable[int]) -> str:
    return ", ".join(str(year) for year in sorted(years))


def _mark(passed: bool) -> str:
    return PASSED_MARK if passed else FAILED_MARK


#: Criteria kept per plan (20 000 people's histories need about 400); past this many, new ones
#: are built and not kept, so that a long-running process holds a bounded number.
_MEMO_LIMIT: Final = 1024


@dataclass(frozen=True)
class _Plan:
    """What an evaluation needs besides the subject, resolved once for every subject checked
    for the same award on the same day (a round's thousands of candidates): the award, the
    year under review, the rule set, the catalogue.

    ``memo`` keeps criteria that depend on little of the subject (its kind, a rating, "no
    hold"), keyed by exactly what they depend on: criteria are immutable, so one instance
    serves every subject with the same key, and its explanation is not built again.
    """

    award: AwardDefinition
    as_of: date
    year: int
    settings: Settings
    rule_set: RuleSet
    awards: Mapping[str, AwardDefinition]
    memo: dict[Hashable, Criterion] = field(default_factory=dict, compare=False)

    @classmethod
    def build(cls, award_code: str, as_of: date, year: int | None, settings: Settings) -> _Plan:
        awards = award_definitions(settings)
        return cls(
            # An unknown code: `award_definition` raises the explained error.
            award=awards.get(award_code) or award_definition(award_code, settings),
            as_of=as_of,
            year=review_year(as_of, settings) if year is None else year,
            settings=settings,
            rule_set=rule_set_for(as_of),
            awards=awards,
        )


class _Context:
    """One evaluation: the plan's values (copied, for plain attribute reads) and the subject."""

    __slots__ = ("as_of", "award", "awards", "memo", "rule_set", "settings", "subject", "year")

    def __init__(self, plan: _Plan, subject: Subject) -> None:
        self.subject = subject
        self.award = plan.award
        self.as_of = plan.as_of
        self.year = plan.year
        self.settings = plan.settings
        self.rule_set = plan.rule_set
        self.awards = plan.awards
        self.memo = plan.memo

    def counted(self, year: int, dated: date | None) -> bool:
        if dated is None:
            dated = _record_date(year, dated, self.settings)
        return dated <= self.as_of

    def memoised(
        self, key: Hashable, build: Callable[..., Criterion], *arguments: object
    ) -> Criterion:
        """The criterion built for ``key`` before, or ``build(*arguments)``; ``key`` names
        every input of ``build`` that is not fixed by the plan."""
        found = self.memo.get(key)
        if found is None:
            found = build(*arguments)
            if len(self.memo) < _MEMO_LIMIT:
                self.memo[key] = found
        return found

    def memoised_relying_on(
        self,
        key: Hashable,
        initiative: Initiative | None,
        build: Callable[..., Criterion],
        *arguments: object,
    ) -> Criterion:
        """`memoised`, for a criterion that relies on ``initiative``: ``key`` names all but
        the initiative's ref, which the kept criterion's is replaced by."""
        shared = self.memoised(key, build, *arguments)
        ref = initiative.ref if initiative is not None else ""
        if shared.initiative == ref:
            return shared
        return Criterion(shared.code, shared.passed, shared.explanation, shared.reference, ref)

    def criterion(
        self,
        rule: Rule,
        passed: bool,
        explanation: str,
        *,
        extra_reference: Rule | None = None,
        initiative: Initiative | None = None,
    ) -> Criterion:
        reference = self.rule_set.reference(rule)
        if extra_reference is not None:
            reference = f"{reference}; {self.rule_set.reference(extra_reference)}"
        relied_on = initiative.ref if initiative is not None else ""
        return Criterion(str(rule), passed, f"{explanation} {_mark(passed)}", reference, relied_on)

    def review_rating(self) -> Rating | None:
        """The rating of the year under review."""
        for record in self.subject.ratings:
            if record.year == self.year and self.counted(record.year, record.dated):
                return record.rating
        return None

    def name(self, code: str) -> str:
        award = self.awards.get(code)
        return award.short_name if award else code


_NOT_COUNTED_LABELS: Final = {AwardType.DOT_XUAT: "khen đột xuất", AwardType.CHUYEN_DE: "chuyên đề"}


_BY_YEAR_AND_TYPE: Final = attrgetter("year", "type")


def _title_years(context: _Context, code: str, up_to: int) -> tuple[set[int], list[str]]:
    """Years up to ``up_to`` with award ``code`` counting towards merit, and why others don't."""
    years: set[int] = set()
    notes: list[str] = []
    relevant = (
        item for item in context.subject.awards if item.award == code and item.year <= up_to
    )
    for record in sorted(relevant, key=_BY_YEAR_AND_TYPE):
        if record.type in NON_MERIT_AWARD_TYPES:
            notes.append(f"không tính {record.year}: {_NOT_COUNTED_LABELS[record.type]}")
        elif not context.counted(record.year, record.dated):
            notes.append(f"không tính {record.year}: sau ngày xét {format_date(context.as_of)}")
        else:
            years.add(record.year)
    return years, notes


def _streak_ending(years: set[int], end: int, step: int) -> list[int]:
    streak: list[int] = []
    year = end
    while year in years:
        streak.append(year)
        year -= step
    return sorted(streak)


def _streak_criterion(
    context: _Context,
    rule: Rule,
    code: str,
    needed: int,
    step: int,
    max_lag: int,
) -> Criterion:
    """``needed`` consecutive ``code`` awards (``step`` years apart) ending in the review
    year or up to ``max_lag`` years before; dot_xuat/chuyen_de never count (Art. 4(3))."""
    years, notes = _title_years(context, code, context.year)
    key = (rule, code, needed, step, max_lag, frozenset(years), tuple(notes))
    return context.memoised(
        key, _streak_found, context, rule, code, needed, step, max_lag, years, notes
    )


def _streak_found(
    context: _Context,
    rule: Rule,
    code: str,
    needed: int,
    step: int,
    max_lag: int,
    years: set[int],
    notes: list[str],
) -> Criterion:
    best: list[int] = []
    for lag in range(max_lag + 1):
        streak = _streak_ending(years, context.year - lag, step)
        if len(streak) > len(best):
            best = streak
        if len(streak) >= needed:
            best = streak
            break
    passed = len(best) >= needed
    spacing = f", cách nhau {step} năm" if step > 1 else ""
    if max_lag == 0:
        window, last_year = spacing.removeprefix(", "), f"năm {context.year}"
    else:
        last_year = f"{context.year - max_lag}–{context.year}"
        window = f"lần gần nhất trong {last_year}{spacing}"
    need = f"{context.award.short_name}: cần {needed:02d} lần liên tục {context.name(code)}"
    need += f" ({window})" if window else ""
    if passed:
        found = f"có {_years(best[-needed:])}"
    elif best:
        found = f"chỉ có {_years(best)}"
    else:
        found = f"không có {context.name(code)} {last_year}"
    note = f" ({'; '.join(notes)})" if notes else ""
    explanation = f"{need} — {found}{note}"
    extra = Rule.NOT_COUNTED_TYPES if notes else None
    return context.criterion(rule, passed, explanation, extra_reference=extra)


# --- Initiatives ---------------------------------------------------------------------------

_USED_FOR_RE: Final = re.compile(r"^\s*([A-Za-z0-9_]+)\s*(?:[:/]\s*([0-9]{4}))?\s*$")


@dataclass(frozen=True)
class _InitiativeUse:
    usable: bool
    note: str


def _initiative_use(context: _Context, initiative: Initiative) -> _InitiativeUse:
    """One initiative serves one award (CV 5007/BNV-TĐKT III.5.c, RULES.md §1.2)."""
    if not initiative.used_for or not initiative.used_for.strip():
        return _InitiativeUse(True, "")
    match = _USED_FOR_RE.match(initiative.used_for)
    if match is None or match.group(1) not in context.awards:
        return _InitiativeUse(False, f"đã dùng cho “{initiative.used_for.strip()}”")
    code = match.group(1)
    used_year = int(match.group(2)) if match.group(2) else initiative.year
    if code == context.award.code and used_year == context.year:
        return _InitiativeUse(True, "")  # it is this very nomination
    used = f"đã dùng cho {context.name(code)} {used_year}"
    between_titles = (
        code != context.award.code
        and context.awards[code].category is AwardCategory.TITLE
        and context.award.category is AwardCategory.TITLE
    )
    if between_titles and context.settings.initiative_reuse_between_titles_allowed:
        return _InitiativeUse(True, f"{used}, được dùng lại giữa các danh hiệu theo cấu hình")
    return _InitiativeUse(False, used)


class _InitiativeSearch(NamedTuple):  # made for most subjects: a tuple is made quicker
    period: str
    found: Initiative | None
    note: str
    refused: tuple[str, ...]

    def describe(self) -> str:
        if self.found is not None:
            text = f"có sáng kiến {self.found.scope.label} {self.found.year}"
            return f"{text} ({self.note})" if self.note else text
        text = "không có sáng kiến chưa sử dụng"
        return f"{text} ({'; '.join(self.refused)})" if self.refused else text

    def shared_key(self) -> tuple[object, ...]:
        """What `describe` says, as a key: all but the ref of the initiative found."""
        found = self.found
        if found is None:
            return (self.period, self.refused)
        return (self.period, self.refused, self.note, found.scope, found.year)


_BY_YEAR: Final = attrgetter("year")


def _find_initiative(
    context: _Context, scope: InitiativeScope, window_years: int
) -> _InitiativeSearch:
    """The latest usable initiative of ``scope`` or wider from the last ``window_years``."""
    first = context.year - window_years + 1
    period = str(context.year) if window_years == 1 else f"{first}–{context.year}"
    if not context.subject.initiatives:
        return _InitiativeSearch(period, None, "", ())
    found: Initiative | None = None
    note = ""
    refused: list[str] = []
    for initiative in sorted(context.subject.initiatives, key=_BY_YEAR):
        if not (first <= initiative.year <= context.year):
            continue
        if not initiative.scope.covers(scope):
            continue
        if not context.counted(initiative.year, initiative.dated):
            continue
        use = _initiative_use(context, initiative)
        if use.usable:
            found, note = initiative, use.note
        else:
            refused.append(f"sáng kiến {initiative.year} {use.note}")
    return _InitiativeSearch(period, found, note, tuple(refused))


def _initiative_criterion(
    context: _Context, rule: Rule, scope: InitiativeScope, window_years: int
) -> Criterion:
    search = _find_initiative(context, scope, window_years)
    key = (rule, scope, window_years, *search.shared_key())
    return context.memoised_relying_on(
        key, search.found, _initiative_found, context, rule, scope, search
    )


def _initiative_found(
    context: _Context, rule: Rule, scope: InitiativeScope, search: _InitiativeSearch
) -> Criterion:
    explanation = (
        f"{context.award.short_name}: cần sáng kiến {scope.label} trở lên năm {search.period} "
        f"— {search.describe()}"
    )
    return context.criterion(
        rule,
        search.found is not None,
        explanation,
        extra_reference=Rule.INITIATIVE_ONCE,
        initiative=search.found,
    )


# --- Criteria ------------------------------------------------------------------------------


_SUBJECT_KINDS: Final = tuple(SubjectKind)  # iterating the enum itself is slow


def _subject_kind(context: _Context) -> Criterion:
    kind = context.subject.kind
    return context.memoised((Rule.SUBJECT_KIND, kind), _subject_kind_for, context, kind)


def _subject_kind_for(context: _Context, kind: SubjectKind) -> Criterion:
    kinds = context.award.subject_kinds
    allowed = ", ".join(item.label.lower() for item in _SUBJECT_KINDS if item in kinds)
    explanation = (
        f"{context.award.short_name}: dành cho {allowed} — đối tượng là {kind.label.lower()}"
    )
    return context.criterion(Rule.SUBJECT_KIND, kind in kinds, explanation)


def _hold(context: _Context) -> Criterion:
    pending = context.subject.pending
    open_matters = (
        sorted(
            (item for item in pending if item.since <= context.as_of),
            key=lambda item: (item.since, item.kind),
        )
        if pending
        else []
    )
    if not open_matters:
        return context.memoised((Rule.HOLD,), _no_hold, context)
    matters = "; ".join(
        f"{item.kind.label} (từ {format_date(item.since)})" for item in open_matters
    )
    explanation = f"Tạm hoãn: {matters} — chưa xét khen thưởng"
    return context.criterion(Rule.HOLD, False, explanation)


def _no_hold(context: _Context) -> Criterion:
    explanation = (
        "Tạm hoãn: không có việc đang xem xét kỷ luật, điều tra, thanh tra, khiếu nại "
        f"tại ngày {format_date(context.as_of)}"
    )
    return context.criterion(Rule.HOLD, True, explanation)


def _discipline(context: _Context) -> Criterion:
    """Achievements count only from the end of a discipline period (Art. 4(4))."""
    measures = context.subject.discipline
    if not measures:
        return context.memoised((Rule.DISCIPLINE, None), _no_discipline, context, None)
    year_start = date(context.year, 1, 1)
    known = sorted(
        (item for item in measures if item.start <= context.as_of),
        key=lambda item: item.start,
    )
    blocking = [item for item in known if item.end is None or item.end >= year_start]
    if blocking:
        item = blocking[-1]
        until = f"đến {format_date(item.end)}" if item.end else "chưa hết thời hạn"
        explanation = (
            f"Kỷ luật: {item.level.label.lower()} từ {format_date(item.start)} {until} — "
            f"thành tích năm {context.year} không được tính (chỉ tính từ khi hết thời hạn "
            "kỷ luật)"
        )
        return context.criterion(Rule.DISCIPLINE, False, explanation)
    # Not blocking: every measure known has ended, before the review year.
    ended = known[-1].end if known else None
    return context.memoised((Rule.DISCIPLINE, ended), _no_discipline, context, ended)


def _no_discipline(context: _Context, ended: date | None) -> Criterion:
    """No measure in the review year: none known (``ended`` None), or the last one ended."""
    if ended is not None:
        explanation = (
            f"Kỷ luật: đã hết thời hạn ngày {format_date(ended)}, trước năm {context.year}"
        )
    else:
        explanation = f"Kỷ luật: không bị kỷ luật trong năm {context.year}"
    return context.criterion(Rule.DISCIPLINE, True, explanation)


def _one_achievement(context: _Context) -> Criterion:
    """No second award, nor a second form, for the achievement of the review year (Art. 5).

    Extraordinary and thematic awards reward other achievements and are left aside.
    """
    year = context.year
    this_year = [record for record in context.subject.awards if record.year == year]
    if not this_year:  # most subjects, most years
        return context.memoised((Rule.ONE_ACHIEVEMENT, ()), _one_achievement_for, context, ())
    is_form = context.award.category is AwardCategory.FORM
    awarded = tuple(
        sorted(
            (record.award, record.type)
            for record in this_year
            if record.type not in NON_MERIT_AWARD_TYPES
            and context.counted(record.year, record.dated)
            and (
                record.award == context.award.code
                or (
                    is_form
                    and record.award in context.awards
                    and context.awards[record.award].category is AwardCategory.FORM
                )
            )
        )
    )
    return context.memoised((Rule.ONE_ACHIEVEMENT, awarded), _one_achievement_for, context, awarded)


def _one_achievement_for(
    context: _Context, awarded: tuple[tuple[str, AwardType], ...]
) -> Criterion:
    """``awarded``: the review year's counted awards that rule this one out, as (code, type)."""
    if awarded:
        found = ", ".join(f"{context.name(code)} ({kind.label.lower()})" for code, kind in awarded)
        explanation = (
            f"Một thành tích, một hình thức: thành tích năm {context.year} đã được khen — {found}"
        )
        return context.criterion(Rule.ONE_ACHIEVEMENT, False, explanation)
    is_form = context.award.category is AwardCategory.FORM
    explanation = (
        f"Một thành tích, một hình thức: thành tích năm {context.year} chưa được khen "
        f"{context.award.short_name}" + (" hay hình thức khác" if is_form else "")
    )
    return context.criterion(Rule.ONE_ACHIEVEMENT, True, explanation)


def _rating_criterion(
    context: _Context,
    rating: Rating | None,
    rule: Rule,
    minimum: Rating,
    need: str,
    *,
    reference: Rule | None = None,
) -> Criterion:
    """``rating`` of the review year, at least ``minimum``; ``need`` reads like "cần xếp loại
    từ HTTNV trở lên", the year and rating follow."""
    return context.memoised(
        (rule, minimum, need, reference, rating),
        _rating_found,
        context,
        rule,
        minimum,
        need,
        reference,
        rating,
    )


def _rating_found(
    context: _Context,
    rule: Rule,
    minimum: Rating,
    need: str,
    reference: Rule | None,
    rating: Rating | None,
) -> Criterion:
    head = f"{context.award.short_name}: {need} năm {context.year}"
    if rating is None:
        return context.criterion(rule, False, f"{head} — chưa có xếp loại năm {context.year}")
    passed = rating.at_least(minimum)
    return context.criterion(rule, passed, f"{head} — có {rating}", extra_reference=reference)


def _excellent_or_initiative(context: _Context, rating: Rating | None) -> Criterion:
    """CSTĐ cơ sở (Law Art. 23(2)): HTXSNV (``rating`` of the review year), or an initiative
    recognised at cơ sở."""
    rule = Rule.EXCELLENT_OR_INITIATIVE
    if rating is Rating.HTXSNV:
        return context.memoised((rule, rating), _excellent_found, context, rating, None)
    search = _find_initiative(
        context, InitiativeScope.CO_SO, context.settings.cstd_co_so_initiative_window_years
    )
    key = (rule, rating, *search.shared_key())
    return context.memoised_relying_on(key, search.found, _excellent_found, context, rating, search)


def _excellent_found(
    context: _Context, rating: Rating | None, search: _InitiativeSearch | None
) -> Criterion:
    """``search``: the initiatives looked at, None when the rating is HTXSNV."""
    head = f"{context.award.short_name}: cần HTXSNV hoặc sáng kiến được công nhận"
    if search is None:
        explanation = f"{head} năm {context.year} — có HTXSNV"
        return context.criterion(Rule.EXCELLENT_OR_INITIATIVE, True, explanation)
    shown = f"xếp loại {rating}" if rating is not None else "chưa có xếp loại"
    explanation = f"{head} năm {search.period} — {shown}, {search.describe()}"
    return context.criterion(
        Rule.EXCELLENT_OR_INITIATIVE,
        search.found is not None,
        explanation,
        extra_reference=Rule.INITIATIVE_ONCE,
        initiative=search.found,
    )


def _members_criterion(
    context: _Context,
    rule: Rule,
    what: str,
    check: Callable[[Members], tuple[bool, str]],
) -> Criterion:
    members = context.subject.members
    if members is None:
        explanation = f"{context.award.short_name}: cần {what} — thiếu số liệu thành viên"
        return context.criterion(rule, False, explanation)
    passed, found = check(members)
    return context.criterion(rule, passed, f"{context.award.short_name}: cần {what} — {found}")


def _share_found(count: int, total: int) -> str:
    share = Fraction(count, total) if total else Fraction(0)
    return f"có {count}/{total} ({format_percent(share)})"


def _ldtt_share(context: _Context) -> Criterion:
    minimum = Fraction(context.settings.collective_ldtt_min_share)

    def check(members: Members) -> tuple[bool, str]:
        passed = members.total > 0 and Fraction(members.ldtt, members.total) >= minimum
        return passed, _share_found(members.ldtt, members.total)

    what = f"ít nhất {format_percent(minimum)} cá nhân đạt LĐTT"
    return _members_criterion(context, Rule.LDTT_SHARE, what, check)


def _all_complete(context: _Context) -> Criterion:
    def check(members: Members) -> tuple[bool, str]:
        passed = members.total > 0 and members.completed == members.total
        return passed, f"có {members.completed}/{members.total} hoàn thành nhiệm vụ"

    what = "100 % cá nhân hoàn thành nhiệm vụ"
    return _members_criterion(context, Rule.ALL_MEMBERS_COMPLETE, what, check)


def _has_cstd_co_so(context: _Context) -> Criterion:
    def check(members: Members) -> tuple[bool, str]:
        return members.cstd_co_so >= 1, f"có {members.cstd_co_so}"

    what = "có cá nhân đạt CSTĐ cơ sở"
    return _members_criterion(context, Rule.HAS_CSTD_CO_SO, what, check)


def _no_warning_discipline(context: _Context) -> Criterion:
    def check(members: Members) -> tuple[bool, str]:
        count = members.disciplined_warning_or_above
        return count == 0, f"có {count}"

    what = "không có cá nhân bị kỷ luật từ cảnh cáo trở lên"
    return _members_criterion(context, Rule.NO_WARNING_DISCIPLINE, what, check)


def _dossier_review(context: _Context) -> Criterion:
    """Standards that need the council's judgement (e.g. "dẫn đầu Cụm, Khối"): not blocking."""
    explanation = (
        f"{context.award.short_name}: tiêu chuẩn thành tích được Hội đồng xét theo hồ sơ, "
        "không kiểm tra tự động"
    )
    return context.criterion(Rule.DOSSIER_REVIEW, True, explanation)


def _specific_criteria(context: _Context) -> list[Criterion]:
    settings = context.settings
    code = context.award.code
    if code == LDTT:
        need = "cần xếp loại từ HTTNV trở lên"
        rating = context.review_rating()
        return [_rating_criterion(context, rating, Rule.LDTT_RATING, Rating.HTTNV, need)]
    if code == CSTD_CO_SO:
        rating = context.review_rating()  # asked twice
        return [
            _rating_criterion(
                context,
                rating,
                Rule.LDTT_RATING,
                Rating.HTTNV,
                "cần đạt tiêu chuẩn LĐTT (xếp loại từ HTTNV trở lên)",
                reference=Rule.EXCELLENT_OR_INITIATIVE,
            ),
            _excellent_or_initiative(context, rating),
        ]
    if code == CSTD_TINH:
        return [
            _streak_criterion(
                context,
                Rule.CSTD_CO_SO_STREAK,
                CSTD_CO_SO,
                3,
                1,
                settings.cstd_tinh_streak_max_lag_years,
            ),
            _initiative_criterion(
                context,
                Rule.PROVINCIAL_INITIATIVE,
                InitiativeScope.TINH,
                settings.cstd_tinh_initiative_window_years,
            ),
        ]
    if code == CSTD_TOAN_QUOC:
        return [
            _streak_criterion(
                context,
                Rule.CSTD_TINH_STREAK,
                CSTD_TINH,
                2,
                settings.cstd_tinh_cycle_years,
                settings.cstd_toan_quoc_streak_max_lag_years,
            ),
            _initiative_criterion(
                context,
                Rule.NATIONAL_INITIATIVE,
                InitiativeScope.TOAN_QUOC,
                settings.cstd_toan_quoc_initiative_window_years,
            ),
        ]
    if code == TTLDTT:
        return [
            _rating_criterion(
                context,
                context.review_rating(),
                Rule.COLLECTIVE_GOOD_RATING,
                Rating.HTTNV,
                "cần tập thể xếp loại từ HTTNV trở lên",
            ),
            _ldtt_share(context),
            _no_warning_discipline(context),
        ]
    if code == TTLDXS:
        return [
            _rating_criterion(
                context,
                context.review_rating(),
                Rule.COLLECTIVE_EXCELLENT_RATING,
                Rating.HTXSNV,
                "cần tập thể xếp loại HTXSNV",
            ),
            _all_complete(context),
            _ldtt_share(context),
            _has_cstd_co_so(context),
        ]
    return [_dossier_review(context)]


# --- Engine --------------------------------------------------------------------------------


_PASSED: Final = attrgetter("passed")
_DEFAULT_SETTINGS: Final = Settings()  # frozen: one instance serves every call without settings


@lru_cache(maxsize=32)  # awards × days checked lately
def _default_plan(award_code: str, as_of: date, year: int | None) -> _Plan:
    return _Plan.build(award_code, as_of, year, _DEFAULT_SETTINGS)


def _plan(award_code: str, as_of: date, year: int | None, settings: Settings | None) -> _Plan:
    """The plan under the default settings is kept (they never change); a province's own
    `Settings` (not hashable, and rarely used for more than one check) get a new one."""
    if settings is None or settings is _DEFAULT_SETTINGS:
        return _default_plan(award_code, as_of, year)
    return _Plan.build(award_code, as_of, year, settings)


def evaluate(
    subject: Subject,
    award_code: str,
    as_of: date,
    settings: Settings | None = None,
    *,
    year: int | None = None,
) -> EligibilityResult:
    """Check ``subject`` for ``award_code`` as of ``as_of`` (for ``year``, default
    :func:`review_year`) under the rule set in force on ``as_of``.

    Criteria, in order: subject kind; hold (Art. 4(4)); discipline (Art. 4(4)); the award's
    own standards; one achievement, one award (Law Art. 5). An unknown code or a date before
    01/01/2024 raises :class:`ValueError`.
    """
    context = _Context(_plan(award_code, as_of, year, settings), subject)
    hold = _hold(context)
    criteria = [
        _subject_kind(context),
        hold,
        _discipline(context),
        *_specific_criteria(context),
        _one_achievement(context),
    ]
    return EligibilityResult(
        award=award_code,
        year=context.year,
        as_of=as_of,
        rule_set=context.rule_set.code,
        eligible=all(map(_PASSED, criteria)),
        held=not hold.passed,
        criteria=criteria,
    )
