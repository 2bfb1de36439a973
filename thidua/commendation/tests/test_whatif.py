"""Tests of the what-if JSON boundary: the issue's document round trip, the subject it
builds, and every bad input rejected with the path of the offending field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from thidua.commendation.catalogue import (
    AwardType,
    DisciplineLevel,
    PendingKind,
    Rating,
    SubjectKind,
)
from thidua.commendation.eligibility import (
    AwardRecord,
    Discipline,
    Members,
    Pending,
    RatingRecord,
    Subject,
    evaluate,
)
from thidua.commendation.tests.test_eligibility import ART_22, AS_OF, LAW, LDTT_NEED, person
from thidua.commendation.whatif import (
    InputError,
    evaluate_json,
    parse_request,
    result_as_json,
    subject_from_json,
)
from thidua.core.exceptions import ApplicationError


def issue_document() -> dict[str, Any]:
    return {
        "award": "CSTD_TINH",
        "as_of": "2025-01-15",
        "subject": {
            "kind": "individual",
            "ratings": [
                {"year": 2022, "rating": "HTXSNV"},
                {"year": 2023, "rating": "HTTNV"},
                {"year": 2024, "rating": "HTXSNV"},
            ],
            "awards": [
                {"year": 2022, "award": "CSTD_CO_SO", "type": "phong_trao"},
                {"year": 2023, "award": "CSTD_CO_SO", "type": "phong_trao"},
                {"year": 2024, "award": "CSTD_CO_SO", "type": "phong_trao"},
            ],
            "initiatives": [{"year": 2024, "scope": "tinh", "used_for": None}],
            "discipline": [],
            "pending": [],
            "members": None,
        },
    }


def test_what_if_round_trip() -> None:
    output = evaluate_json(issue_document())

    assert list(output) == ["award", "eligible", "held", "criteria"]
    assert (output["award"], output["eligible"], output["held"]) == ("CSTD_TINH", True, False)
    assert output["criteria"][3] == {
        "code": "cstd_co_so_lien_tuc",
        "passed": True,
        "explanation": "CSTĐ cấp tỉnh: cần 03 lần liên tục CSTĐ cơ sở — có 2022, 2023, 2024 ✓",
        "reference": ART_22,
    }


def test_subject_from_json_builds_the_subject() -> None:
    document = issue_document()
    document["subject"] = {
        "kind": "collective",
        "ratings": [{"year": 2024, "rating": "HTXSNV", "date": "2024-12-20"}],
        "awards": [{"year": 2023, "award": "TTLDTT"}],
        "discipline": [{"from": "2022-01-01", "to": "2022-12-31", "level": "khien_trach"}],
        "pending": [{"kind": "inspection", "since": "2024-12-01"}],
        "members": {"total": 25, "completed": 25, "ldtt": 18, "cstd_co_so": 2, "women": 10},
    }

    subject = subject_from_json(document)

    assert subject == Subject(
        kind=SubjectKind.COLLECTIVE,
        ratings=(RatingRecord(2024, Rating.HTXSNV, date(2024, 12, 20)),),
        awards=(AwardRecord(2023, "TTLDTT", AwardType.PHONG_TRAO),),
        discipline=(Discipline(date(2022, 1, 1), date(2022, 12, 31), DisciplineLevel.KHIEN_TRACH),),
        pending=(Pending(PendingKind.INSPECTION, date(2024, 12, 1)),),
        members=Members(25, 25, 18, 2, 0, 10),
    )


def test_optional_review_year_in_the_request() -> None:
    document = issue_document() | {"year": 2023}

    assert parse_request(document).year == 2023


def _set(path: list[str | int], value: Any) -> dict[str, Any]:
    document = issue_document()
    target: Any = document
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return document


_DELETE = object()
RATINGS_2: list[str | int] = ["subject", "ratings", 2]

BAD_INPUT = [
    pytest.param(
        _set([*RATINGS_2, "rating"], "HTT"),
        "subject.ratings[2].rating: “HTT” không phải mức xếp loại hợp lệ (HTXSNV, HTTNV, HTNV, "
        "KHTNV)",
        id="bad-rating",
    ),
    pytest.param(_set(["award"], _DELETE), "award: thiếu trường bắt buộc", id="missing-award"),
    pytest.param(
        _set(["as_of"], "15/01/2025"),
        "as_of: “15/01/2025” không phải ngày dạng YYYY-MM-DD",
        id="as-of-format",
    ),
    pytest.param(
        _set(["as_of"], "2025-02-30"),
        "as_of: “2025-02-30” không phải ngày hợp lệ",
        id="as-of-no-such-day",
    ),
    pytest.param(
        _set(["as_of"], "2023-06-01"),
        "as_of: Ngày 01/06/2023 trước khi Luật Thi đua, khen thưởng 2022 có hiệu lực (01/01/2024)",
        id="as-of-before-the-law",
    ),
    pytest.param(
        _set(["year"], 2026), "year: năm xét 2026 sau ngày xét 15/01/2025", id="year-after-as-of"
    ),
    pytest.param(
        _set(["subject", "kind"], "person"),
        "subject.kind: “person” không phải loại đối tượng hợp lệ (individual, collective, "
        "household)",
        id="bad-kind",
    ),
    pytest.param(
        _set(["subject"], []), "subject: phải là một đối tượng JSON", id="subject-not-object"
    ),
    pytest.param(
        _set(["subject", "ratings"], {}),
        "subject.ratings: phải là một danh sách",
        id="ratings-not-list",
    ),
    pytest.param(
        _set([*RATINGS_2, "year"], "2024"),
        "subject.ratings[2].year: “2024” không phải số nguyên",
        id="year-as-text",
    ),
    pytest.param(
        _set([*RATINGS_2, "year"], True),
        "subject.ratings[2].year: “True” không phải số nguyên",
        id="year-bool",
    ),
    pytest.param(
        _set([*RATINGS_2, "year"], 2022),
        "subject.ratings[2].year: năm 2022 đã có xếp loại ở subject.ratings[0]",
        id="duplicate-rating-year",
    ),
    pytest.param(
        _set([*RATINGS_2, "note"], "x"),
        "subject.ratings[2].note: trường không được hỗ trợ (chỉ nhận year, rating, date)",
        id="unknown-field",
    ),
    pytest.param(
        _set(["subject", "awards", 1, "type"], "dotxuat"),
        "subject.awards[1].type: “dotxuat” không phải loại hình khen thưởng hợp lệ "
        "(phong_trao, chuyen_de, dot_xuat, cong_hien, cong_trang, nien_han, doi_ngoai)",
        id="bad-award-type",
    ),
    pytest.param(
        _set(["subject", "awards", 0, "award"], "CSTD_COSO"),
        "subject.awards[0].award: “CSTD_COSO” không phải mã danh hiệu, hình thức khen thưởng "
        "(LDTT, CSTD_CO_SO, CSTD_TINH, CSTD_TOAN_QUOC, TTLDTT, TTLDXS, CO_THI_DUA_TINH, "
        "CO_THI_DUA_CP, GIAY_KHEN, BANG_KHEN_TINH, BANG_KHEN_TTG)",
        id="bad-award-code",
    ),
    pytest.param(
        _set(["subject", "initiatives", 0, "scope"], "huyen"),
        "subject.initiatives[0].scope: “huyen” không phải phạm vi sáng kiến hợp lệ (co_so, tinh, "
        "toan_quoc)",
        id="bad-scope",
    ),
    pytest.param(
        _set(["subject", "initiatives", 0, "used_for"], 5),
        "subject.initiatives[0].used_for: phải là chuỗi (mã khen thưởng) hoặc null",
        id="bad-used-for",
    ),
    pytest.param(
        _set(
            ["subject", "discipline"],
            [{"from": "2024-05-01", "to": "2024-01-01", "level": "canh_cao"}],
        ),
        "subject.discipline[0].to: ngày kết thúc trước ngày bắt đầu kỷ luật",
        id="discipline-ends-before-start",
    ),
    pytest.param(
        _set(["subject", "discipline"], [{"from": "2024-05-01", "level": "warning"}]),
        "subject.discipline[0].level: “warning” không phải hình thức kỷ luật hợp lệ "
        "(khien_trach, canh_cao, ha_bac_luong, giang_chuc, cach_chuc, buoc_thoi_viec)",
        id="bad-discipline-level",
    ),
    pytest.param(
        _set(["subject", "pending"], [{"kind": "complaint"}]),
        "subject.pending[0].since: thiếu trường bắt buộc",
        id="pending-without-date",
    ),
    pytest.param(
        _set(["subject", "members"], {"total": 3}),
        "subject.members: chỉ dùng cho tập thể (kind = collective)",
        id="members-of-an-individual",
    ),
]


@pytest.mark.parametrize(("document", "message"), BAD_INPUT)
def test_bad_input_names_the_field(document: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError) as caught:
        evaluate_json(document)

    assert caught.value.message == message
    assert caught.value.extra == {"field": message.split(":")[0]}
    assert isinstance(caught.value, ApplicationError)
    assert caught.value.status_code == 400


@pytest.mark.parametrize(
    ("members", "message"),
    [
        (
            {"total": 10, "ldtt": 11},
            "subject.members.ldtt: lớn hơn tổng số thành viên (total = 10)",
        ),
        ({"total": 10, "women": -1}, "subject.members.women: phải từ 0 trở lên"),
        ({"ldtt": 3}, "subject.members.total: thiếu trường bắt buộc"),
    ],
)
def test_bad_member_figures_name_the_field(members: dict[str, int], message: str) -> None:
    document = issue_document()
    document["subject"]["kind"] = "collective"
    document["subject"]["members"] = members

    with pytest.raises(
        InputError, match="^" + message.replace("(", r"\(").replace(")", r"\)") + "$"
    ):
        parse_request(document)


def test_root_must_be_an_object() -> None:
    with pytest.raises(InputError, match=r"^\(gốc\): phải là một đối tượng JSON$"):
        parse_request([])


def test_result_as_json_shape() -> None:
    result = evaluate(person({2024: "HTNV"}), "LDTT", AS_OF)

    output = result_as_json(result)

    assert output["eligible"] is False
    assert output["criteria"][3] == {
        "code": "xep_loai_ldtt",
        "passed": False,
        "explanation": f"{LDTT_NEED} — có HTNV ✗",
        "reference": f"điểm a khoản 1 Điều 24 {LAW}",
    }
