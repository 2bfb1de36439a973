"""Tests of choosing among candidates: the preference for women and collectives of ≥ 70 %
women, ranking, quotas per (unit, round, award) and quotas from a share.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from thidua.commendation.catalogue import Settings, SubjectKind
from thidua.commendation.selection import (
    Candidate,
    apply_quotas,
    has_preference,
    quota_from_share,
    rank_candidates,
)


def woman(cid: str, score: str = "1", **kw: Any) -> Candidate:
    return Candidate(cid, SubjectKind.INDIVIDUAL, female=True, score=Decimal(score), **kw)


def man(cid: str, score: str = "1", **kw: Any) -> Candidate:
    return Candidate(cid, SubjectKind.INDIVIDUAL, female=False, score=Decimal(score), **kw)


@pytest.mark.parametrize(
    ("candidate", "preferred"),
    [
        (woman("a"), True),
        (man("b"), False),
        (Candidate("c", SubjectKind.COLLECTIVE, women=7, members_total=10), True),
        (Candidate("d", SubjectKind.COLLECTIVE, women=6, members_total=10), False),
        (Candidate("e", SubjectKind.COLLECTIVE, women=0, members_total=0), False),
        (Candidate("f", SubjectKind.HOUSEHOLD, female=True), False),
    ],
)
def test_preference_for_women_and_collectives_of_70_percent_women(
    candidate: Candidate, preferred: bool
) -> None:
    assert has_preference(candidate) is preferred


def test_ranking_prefers_women_only_at_equal_score() -> None:
    ranked = rank_candidates([man("m1", "9"), woman("w1", "9"), man("m2", "10"), woman("w2", "8")])

    assert [c.candidate_id for c in ranked] == ["m2", "w1", "m1", "w2"]


GROUP = {"unit": "Sở Y tế", "round": "2024", "award": "CSTD_CO_SO"}
KEY = ("Sở Y tế", "2024", "CSTD_CO_SO")


def test_quota_selects_the_best() -> None:
    (outcome,) = apply_quotas(
        [man("a", "9", **GROUP), man("b", "7", **GROUP), man("c", "8", **GROUP)], {KEY: 2}
    )

    assert [c.candidate_id for c in outcome.selected] == ["a", "c"]
    assert [c.candidate_id for c in outcome.not_selected] == ["b"]
    assert outcome.explanation == "Sở Y tế – đợt 2024 – CSTD_CO_SO: tối đa 2 — chọn 2"


def test_quota_tie_goes_to_the_woman() -> None:
    (outcome,) = apply_quotas(
        [man("a", "9", **GROUP), man("b", "8", **GROUP), woman("c", "8", **GROUP)], {KEY: 2}
    )

    assert [c.candidate_id for c in outcome.selected] == ["a", "c"]
    assert outcome.explanation == (
        "Sở Y tế – đợt 2024 – CSTD_CO_SO: tối đa 2 — chọn 2; c được ưu tiên hơn b "
        "(nữ / tập thể từ 70 % nữ, khoản 6 Điều 4)"
    )


def test_quota_tie_that_the_preference_cannot_break_is_left_to_the_council() -> None:
    (outcome,) = apply_quotas(
        [man("a", "9", **GROUP), man("b", "8", **GROUP), man("c", "8", **GROUP)], {KEY: 2}
    )

    assert [c.candidate_id for c in outcome.selected] == ["a"]
    assert [c.candidate_id for c in outcome.undecided] == ["b", "c"]
    assert outcome.not_selected == ()
    assert outcome.explanation == (
        "Sở Y tế – đợt 2024 – CSTD_CO_SO: tối đa 2 — chọn 1; 2 ngang nhau (b, c) cần Hội đồng "
        "quyết định"
    )


def test_quotas_apply_per_unit_and_round() -> None:
    other = GROUP | {"unit": "Sở Tài chính"}
    outcomes = apply_quotas(
        [
            man("a", "9", **GROUP),
            man("b", "8", **GROUP),
            man("c", "1", **other),
            man("d", "2", **other),
        ],
        {KEY: 1},
    )

    assert [(o.unit, [c.candidate_id for c in o.selected]) for o in outcomes] == [
        ("Sở Tài chính", ["d", "c"]),
        ("Sở Y tế", ["a"]),
    ]
    assert (
        outcomes[0].explanation
        == "Sở Tài chính – đợt 2024 – CSTD_CO_SO: không giới hạn — chọn cả 2"
    )


@pytest.mark.parametrize(
    ("base", "share", "expected"),
    [
        (20, Decimal("0.15"), 3),
        (19, Decimal("0.15"), 2),
        (100, Decimal("0.05"), 5),
        (10, None, None),
    ],
)
def test_quota_from_share_rounds_down(
    base: int, share: Decimal | None, expected: int | None
) -> None:
    assert quota_from_share(base, share) == expected


def test_no_national_cstd_quota_by_default() -> None:
    assert quota_from_share(40, Settings().cstd_co_so_max_share_of_ldtt) is None
