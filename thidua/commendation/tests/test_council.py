"""Tests of council vote counting: quorum, thresholds over ALL members, written opinions,
recusal (RULES.md §2). A council of 15 members meets on 10/12/2024 unless a case says so."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from thidua.commendation.catalogue import RecusalPolicy, Settings
from thidua.commendation.council import (
    Ballot,
    CandidateBallots,
    CouncilInputError,
    Session,
    Tally,
    Threshold,
    Vote,
    check_quorum,
    count_candidate,
    count_session,
    count_tally,
    threshold_for,
)

MEMBERS = tuple(f"m{number:02d}" for number in range(1, 16))
HELD_ON = date(2024, 12, 10)
AGREE, DISAGREE, ABSTAIN = Vote.AGREE, Vote.DISAGREE, Vote.ABSTAIN


def session(present: int = 15, *, award_session: bool = True, held_on: date = HELD_ON) -> Session:
    return Session(MEMBERS, frozenset(MEMBERS[:present]), held_on, award_session)


def ballots(agree: int, present: int = 15, *, skip: int = 0) -> tuple[Ballot, ...]:
    """The first ``agree`` voters agree, the other present ones disagree; ``skip`` sit out."""
    voters = MEMBERS[skip:present]
    return tuple(
        Ballot(member, AGREE if index < agree else DISAGREE) for index, member in enumerate(voters)
    )


def candidate(
    award: str, votes: tuple[Ballot, ...], recused: frozenset[str] = frozenset()
) -> CandidateBallots:
    return CandidateBallots("Nguyễn Văn A", award, votes, recused)


# --- The acceptance: 15 members -------------------------------------------------------

ACCEPTANCE = [
    pytest.param(
        "CSTD_CO_SO",
        12,
        True,
        "CSTĐ cơ sở: 12/15 thành viên Hội đồng đồng ý (80 %; tại phiên 12) — cần từ 80 % trở lên "
        "tính trên tổng số thành viên ✓",
        id="12-passes-80",
    ),
    pytest.param(
        "CSTD_CO_SO",
        11,
        False,
        "CSTĐ cơ sở: 11/15 thành viên Hội đồng đồng ý (73,3 %; tại phiên 11) — cần từ 80 % trở lên "
        "tính trên tổng số thành viên ✗",
        id="11-fails-80",
    ),
    pytest.param(
        "CSTD_TINH",
        13,
        False,
        "CSTĐ cấp tỉnh: 13/15 thành viên Hội đồng đồng ý (86,7 %; tại phiên 13) — cần từ 90 % trở "
        "lên "
        "tính trên tổng số thành viên ✗",
        id="13-fails-90",
    ),
    pytest.param(
        "CSTD_TINH",
        14,
        True,
        "CSTĐ cấp tỉnh: 14/15 thành viên Hội đồng đồng ý (93,3 %; tại phiên 14) — cần từ 90 % trở "
        "lên "
        "tính trên tổng số thành viên ✓",
        id="14-passes-90",
    ),
    pytest.param(
        "CSTD_TOAN_QUOC",
        13,
        False,
        "CSTĐ toàn quốc: 13/15 thành viên Hội đồng đồng ý (86,7 %; tại phiên 13) — cần từ 90 % "
        "trở lên "
        "tính trên tổng số thành viên ✗",
        id="national-13-fails-90",
    ),
    pytest.param(
        "CO_THI_DUA_TINH",
        12,
        True,
        "Cờ thi đua cấp tỉnh: 12/15 thành viên Hội đồng đồng ý (80 %; tại phiên 12) — cần từ 80 % "
        "trở lên "
        "tính trên tổng số thành viên ✓",
        id="flag-12-passes-80",
    ),
    pytest.param(
        "CO_THI_DUA_CP",
        11,
        False,
        "Cờ thi đua của Chính phủ: 11/15 thành viên Hội đồng đồng ý (73,3 %; tại phiên 11) — cần "
        "từ 80 % "
        "trở lên tính trên tổng số thành viên ✗",
        id="government-flag-11-fails-80",
    ),
    pytest.param(
        "TTLDXS",
        8,
        True,
        "TTLĐXS: 8/15 thành viên Hội đồng đồng ý (53,3 %; tại phiên 8) — cần trên 50 % "
        "tính trên tổng số thành viên ✓",
        id="majority-8-passes",
    ),
    pytest.param(
        "BANG_KHEN_TINH",
        7,
        False,
        "Bằng khen cấp tỉnh: 7/15 thành viên Hội đồng đồng ý (46,7 %; tại phiên 7) — cần trên 50 % "
        "tính trên tổng số thành viên ✗",
        id="majority-7-fails",
    ),
]


@pytest.mark.parametrize(("award", "agree", "passed", "explanation"), ACCEPTANCE)
def test_thresholds_over_all_fifteen_members(
    award: str, agree: int, passed: bool, explanation: str
) -> None:
    result = count_candidate(session(), candidate(award, ballots(agree)))

    assert (result.passed, result.explanation) == (passed, explanation)
    assert result.share == Fraction(agree, 15)


def test_13_of_15_is_86_7_percent_exactly_below_90() -> None:
    result = count_candidate(session(), candidate("CSTD_TINH", ballots(13)))

    assert (result.percent, result.share, result.denominator) == ("86,7 %", Fraction(13, 15), 15)
    assert result.threshold == Threshold(Fraction(9, 10), strict=False)


def test_denominator_is_all_members_not_those_present() -> None:
    # 12 present (quorum 80 % met), all 12 agree: 12/15, not 12/12.
    result = count_candidate(session(12), candidate("CSTD_TINH", ballots(12, 12)))

    assert (result.passed, result.agreeing, result.denominator, result.percent) == (
        False,
        12,
        15,
        "80 %",
    )


def test_abstentions_are_not_agreement() -> None:
    votes = ballots(12)[:12] + tuple(Ballot(m, ABSTAIN) for m in MEMBERS[12:])

    result = count_candidate(session(), candidate("CSTD_TINH", votes))

    assert result.tally == Tally(agree=12, abstain=3)
    assert result.passed is False


# --- Written opinions of absent members --------------------------------------------------------


def written(*members: str, vote: Vote = AGREE) -> tuple[Ballot, ...]:
    return tuple(Ballot(member, vote, in_writing=True) for member in members)


def test_absent_members_written_opinions_count() -> None:
    votes = ballots(10, 12) + written("m13", "m14", "m15")

    result = count_candidate(session(12), candidate("CSTD_CO_SO", votes))

    assert (result.passed, result.agreeing) == (True, 13)
    assert result.explanation == (
        "CSTĐ cơ sở: 13/15 thành viên Hội đồng đồng ý (86,7 %; tại phiên 10; bằng văn bản 3) — "
        "cần từ 80 % trở lên tính trên tổng số thành viên ✓"
    )


def test_written_disagreement_is_not_agreement() -> None:
    votes = ballots(11, 12) + written("m13") + written("m14", "m15", vote=DISAGREE)

    result = count_candidate(session(12), candidate("CSTD_CO_SO", votes))

    assert (result.passed, result.agreeing, result.percent) == (True, 12, "80 %")
    assert result.tally.written_disagree == 2


def test_written_opinions_can_be_left_out_by_settings() -> None:
    votes = ballots(10, 12) + written("m13", "m14", "m15")

    result = count_candidate(
        session(12), candidate("CSTD_CO_SO", votes), Settings(council_written_opinions_count=False)
    )

    assert (result.passed, result.agreeing) == (False, 10)
    assert result.explanation == (
        "CSTĐ cơ sở: 10/15 thành viên Hội đồng đồng ý (66,7 %; tại phiên 10; 3 ý kiến bằng văn bản "
        "không tính theo cấu hình) — cần từ 80 % trở lên tính trên tổng số thành viên ✗"
    )


# --- Recusal -----------------------------------------------------------------------------------


def test_recused_member_is_excluded_from_the_total_by_default() -> None:
    votes = (*ballots(13, skip=1)[:13], Ballot("m15", DISAGREE))

    result = count_candidate(session(), candidate("CSTD_TINH", votes, frozenset({"m01"})))

    assert (result.passed, result.agreeing, result.denominator, result.percent) == (
        True,
        13,
        14,
        "92,9 %",
    )
    assert result.explanation == (
        "CSTĐ cấp tỉnh: 13/14 thành viên Hội đồng đồng ý (92,9 %; tại phiên 13; 1 thành viên "
        "tránh xét, "
        "không tính vào tổng số) — cần từ 90 % trở lên tính trên tổng số thành viên ✓"
    )


def test_recused_member_stays_in_the_total_when_settings_say_so() -> None:
    votes = (*ballots(13, skip=1)[:13], Ballot("m15", DISAGREE))
    settings = Settings(council_recusal=RecusalPolicy.COUNT_IN_TOTAL)

    result = count_candidate(session(), candidate("CSTD_TINH", votes, frozenset({"m01"})), settings)

    assert (result.passed, result.denominator, result.percent) == (False, 15, "86,7 %")
    assert result.explanation == (
        "CSTĐ cấp tỉnh: 13/15 thành viên Hội đồng đồng ý (86,7 %; tại phiên 13; 1 thành viên "
        "tránh xét, "
        "vẫn tính vào tổng số) — cần từ 90 % trở lên tính trên tổng số thành viên ✗"
    )


# --- Quorum ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("present", "award_session", "met", "explanation"),
    [
        (
            12,
            True,
            True,
            "Dự họp 12/15 thành viên (80 %) — cần từ 80 % trở lên (phiên xét khen thưởng) ✓",
        ),
        (
            11,
            True,
            False,
            "Dự họp 11/15 thành viên (73,3 %) — cần từ 80 % trở lên (phiên xét khen thưởng) ✗",
        ),
        (10, False, True, "Dự họp 10/15 thành viên (66,7 %) — cần từ 66,7 % trở lên ✓"),
        (9, False, False, "Dự họp 9/15 thành viên (60 %) — cần từ 66,7 % trở lên ✗"),
    ],
)
def test_quorum(present: int, award_session: bool, met: bool, explanation: str) -> None:
    quorum = check_quorum(session(present, award_session=award_session))

    assert (quorum.met, quorum.explanation) == (met, explanation)


def test_quorum_share_is_configurable() -> None:
    settings = Settings(council_award_session_attendance_share=Fraction(2, 3))

    assert check_quorum(session(10), settings).met is True


def test_without_quorum_nobody_passes() -> None:
    votes = ballots(11, 11) + written("m12", "m13", "m14", "m15")

    result = count_candidate(session(11), candidate("CSTD_CO_SO", votes))

    assert (result.passed, result.agreeing) == (False, 15)
    assert result.explanation.endswith("; phiên họp không đủ số thành viên dự họp ✗")


# --- Settings and references -------------------------------------------------------------------


def test_thresholds_are_configurable() -> None:
    settings = Settings(council_threshold_high=Fraction(85, 100))

    result = count_candidate(session(), candidate("CSTD_TINH", ballots(13)), settings)

    assert result.passed is True
    assert threshold_for("CSTD_TINH", settings).describe() == "từ 85 % trở lên"


def test_reference_follows_the_rule_set_of_the_session_date() -> None:
    before = count_candidate(session(), candidate("CSTD_CO_SO", ballots(12)))
    after = count_candidate(
        session(held_on=date(2025, 12, 10)), candidate("CSTD_CO_SO", ballots(12))
    )

    assert before.reference == "khoản 7 Điều 30 Nghị định 98/2023/NĐ-CP"
    assert after.reference == (
        "khoản 7 Điều 30 Nghị định 98/2023/NĐ-CP, áp dụng theo cấu hình "
        "(điều tương ứng của Nghị định 152/2025/NĐ-CP chưa xác minh)"
    )


# --- Anonymous tallies and whole sessions ------------------------------------------------------


def test_anonymous_tally_gives_the_same_result_as_named_ballots() -> None:
    named = count_candidate(
        session(12), candidate("CSTD_CO_SO", ballots(10, 12) + written("m13", "m14"))
    )
    anonymous = count_tally(
        session(12), "Nguyễn Văn A", "CSTD_CO_SO", Tally(agree=10, disagree=2, written_agree=2)
    )

    assert anonymous == named


def test_count_session_keeps_the_candidates_order() -> None:
    candidates = [
        CandidateBallots("B", "CSTD_TINH", ballots(14)),
        CandidateBallots("A", "CSTD_TINH", ballots(13)),
    ]

    outcome = count_session(session(), candidates)

    assert outcome.quorum.met is True
    assert [(r.candidate, r.passed, r.percent) for r in outcome.results] == [
        ("B", True, "93,3 %"),
        ("A", False, "86,7 %"),
    ]


# --- Inconsistent data is refused --------------------------------------------------------------


@pytest.mark.parametrize(
    ("votes", "recused", "present", "message"),
    [
        (
            (Ballot("x99", AGREE),),
            frozenset(),
            15,
            "Nguyễn Văn A: phiếu của x99 — không phải thành viên Hội đồng.",
        ),
        (
            (Ballot("m01", AGREE), Ballot("m01", DISAGREE)),
            frozenset(),
            15,
            "Nguyễn Văn A: phiếu của m01 — đã có phiếu khác cho ứng viên này.",
        ),
        (
            (Ballot("m01", AGREE),),
            frozenset({"m01"}),
            15,
            "Nguyễn Văn A: phiếu của m01 — thành viên đã tránh xét ứng viên này.",
        ),
        (
            written("m01"),
            frozenset(),
            15,
            "Nguyễn Văn A: phiếu của m01 — có mặt nên không lấy ý kiến bằng văn bản.",
        ),
        (
            (Ballot("m15", AGREE),),
            frozenset(),
            12,
            "Nguyễn Văn A: phiếu của m15 — vắng mặt, chỉ có thể góp ý kiến bằng văn bản.",
        ),
        ((), frozenset({"x99"}), 15, "Nguyễn Văn A: người tránh xét không phải thành viên: x99."),
    ],
)
def test_inconsistent_ballots_are_refused(
    votes: tuple[Ballot, ...], recused: frozenset[str], present: int, message: str
) -> None:
    with pytest.raises(CouncilInputError) as caught:
        count_candidate(session(present), candidate("CSTD_CO_SO", votes, recused))

    assert caught.value.message == message


def test_tally_larger_than_the_room_is_refused() -> None:
    with pytest.raises(CouncilInputError, match="số phiếu vượt số thành viên có mặt"):
        count_tally(session(12), "A", "CSTD_CO_SO", Tally(agree=13))


def test_present_people_must_be_members() -> None:
    odd = Session(MEMBERS, frozenset({"m01", "x99"}), HELD_ON)

    with pytest.raises(
        CouncilInputError, match=r"^Người dự họp không phải thành viên Hội đồng: x99\.$"
    ):
        check_quorum(odd)
