"""Tests of the eligibility engine: every rule passing and failing, with its explanation.

Unless a case says otherwise the check runs on 15/01/2025, so the year under review is 2024
and Decree 98/2023/NĐ-CP is in force. People and figures are fictitious.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from thidua.commendation import eligibility
from thidua.commendation.catalogue import (
    AwardType,
    DisciplineLevel,
    InitiativeScope,
    PendingKind,
    Rating,
    Settings,
    SubjectKind,
)
from thidua.commendation.eligibility import (
    AwardRecord,
    Discipline,
    EligibilityResult,
    Initiative,
    Members,
    Pending,
    RatingRecord,
    Subject,
    evaluate,
    review_year,
)

AS_OF = date(2025, 1, 15)
LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15"
ND98 = "Nghị định 98/2023/NĐ-CP"
CV5007 = "mục III.5.c Công văn 5007/BNV-TĐKT năm 2023"
PROVINCIAL = (
    "quy định cấp tỉnh (mẫu: QĐ 86/2025/QĐ-UBND tỉnh Bắc Ninh, Điều 3–4; "
    "nguyên văn Luật chưa đối chiếu)"
)
PT, DX, CD = AwardType.PHONG_TRAO, AwardType.DOT_XUAT, AwardType.CHUYEN_DE
CO_SO, TINH, TOAN_QUOC = InitiativeScope.CO_SO, InitiativeScope.TINH, InitiativeScope.TOAN_QUOC


def person(
    ratings: dict[int, str] | None = None,
    awards: list[tuple[int, str, AwardType]] | None = None,
    initiatives: list[tuple[int, InitiativeScope, str | None]] | None = None,
    discipline: tuple[Discipline, ...] = (),
    pending: tuple[Pending, ...] = (),
    kind: SubjectKind = SubjectKind.INDIVIDUAL,
    members: Members | None = None,
) -> Subject:
    return Subject(
        kind=kind,
        ratings=tuple(RatingRecord(y, Rating(r)) for y, r in (ratings or {}).items()),
        awards=tuple(AwardRecord(y, code, t) for y, code, t in awards or []),
        initiatives=tuple(Initiative(y, s, used) for y, s, used in initiatives or []),
        discipline=discipline,
        pending=pending,
        members=members,
    )


def unit(rating: str | None = "HTXSNV", **figures: int) -> Subject:
    counts = {
        "total": 25,
        "completed": 25,
        "ldtt": 18,
        "cstd_co_so": 2,
        "disciplined_warning_or_above": 0,
        "women": 10,
    }
    counts.update(figures)
    return person(
        ratings={2024: rating} if rating else None,
        kind=SubjectKind.COLLECTIVE,
        members=Members(**counts),
    )


def cstd(*years: int, kind: AwardType = PT) -> list[tuple[int, str, AwardType]]:
    return [(year, "CSTD_CO_SO", kind) for year in years]


def criterion_of(result: EligibilityResult, code: str) -> tuple[bool, str, str]:
    (found,) = [c for c in result.criteria if c.code == code]
    return found.passed, found.explanation, found.reference


# --- Every rule, pass and fail ---------------------------------------------------------------

LDTT_NEED = "LĐTT: cần xếp loại từ HTTNV trở lên năm 2024"
CSTD_LDTT = "CSTĐ cơ sở: cần đạt tiêu chuẩn LĐTT (xếp loại từ HTTNV trở lên) năm 2024"
CSTD_ALT = "CSTĐ cơ sở: cần HTXSNV hoặc sáng kiến được công nhận năm 2024"
STREAK = "CSTĐ cấp tỉnh: cần 03 lần liên tục CSTĐ cơ sở"
PROV_INIT = "CSTĐ cấp tỉnh: cần sáng kiến cấp tỉnh trở lên năm 2022–2024"
NATIONAL = (
    "CSTĐ toàn quốc: cần 02 lần liên tục CSTĐ cấp tỉnh "
    "(lần gần nhất trong 2023–2024, cách nhau 3 năm)"
)
NAT_INIT = "CSTĐ toàn quốc: cần sáng kiến toàn quốc trở lên năm 2019–2024"
ART_22 = f"điểm a Điều 22 {LAW}"
ART_23 = f"Điều 23 {LAW}"

RULE_CASES = [
    # LĐTT: rating HTTNV or better (Law Art. 24(1)(a)).
    pytest.param(
        "LDTT",
        person({2024: "HTTNV"}),
        "xep_loai_ldtt",
        True,
        f"{LDTT_NEED} — có HTTNV ✓",
        id="ldtt-httnv",
    ),
    pytest.param(
        "LDTT",
        person({2024: "HTXSNV"}),
        "xep_loai_ldtt",
        True,
        f"{LDTT_NEED} — có HTXSNV ✓",
        id="ldtt-htxsnv",
    ),
    pytest.param(
        "LDTT",
        person({2024: "HTNV"}),
        "xep_loai_ldtt",
        False,
        f"{LDTT_NEED} — có HTNV ✗",
        id="ldtt-htnv",
    ),
    pytest.param(
        "LDTT",
        person({2024: "KHTNV"}),
        "xep_loai_ldtt",
        False,
        f"{LDTT_NEED} — có KHTNV ✗",
        id="ldtt-khtnv",
    ),
    pytest.param(
        "LDTT",
        person({2023: "HTXSNV"}),
        "xep_loai_ldtt",
        False,
        f"{LDTT_NEED} — chưa có xếp loại năm 2024 ✗",
        id="ldtt-no-rating-for-the-year",
    ),
    # CSTĐ cơ sở (Law Art. 23): LĐTT standard + (HTXSNV or a recognised initiative).
    pytest.param(
        "CSTD_CO_SO",
        person({2024: "HTTNV"}),
        "xep_loai_ldtt",
        True,
        f"{CSTD_LDTT} — có HTTNV ✓",
        id="cstd-ldtt-standard",
    ),
    pytest.param(
        "CSTD_CO_SO",
        person({2024: "HTNV"}),
        "xep_loai_ldtt",
        False,
        f"{CSTD_LDTT} — có HTNV ✗",
        id="cstd-below-ldtt",
    ),
    pytest.param(
        "CSTD_CO_SO",
        person({2024: "HTXSNV"}),
        "htxsnv_hoac_sang_kien",
        True,
        f"{CSTD_ALT} — có HTXSNV ✓",
        id="cstd-by-htxsnv",
    ),
    pytest.param(
        "CSTD_CO_SO",
        person({2024: "HTTNV"}, initiatives=[(2024, CO_SO, None)]),
        "htxsnv_hoac_sang_kien",
        True,
        f"{CSTD_ALT} — xếp loại HTTNV, có sáng kiến cấp cơ sở 2024 ✓",
        id="cstd-by-initiative",
    ),
    pytest.param(
        "CSTD_CO_SO",
        person({2024: "HTTNV"}, initiatives=[(2024, TINH, None)]),
        "htxsnv_hoac_sang_kien",
        True,
        f"{CSTD_ALT} — xếp loại HTTNV, có sáng kiến cấp tỉnh 2024 ✓",
        id="cstd-wider-initiative-covers",
    ),
    pytest.param(
        "CSTD_CO_SO",
        person({2024: "HTTNV"}),
        "htxsnv_hoac_sang_kien",
        False,
        f"{CSTD_ALT} — xếp loại HTTNV, không có sáng kiến chưa sử dụng ✗",
        id="cstd-neither",
    ),
    pytest.param(
        "CSTD_CO_SO",
        person({2024: "HTTNV"}, initiatives=[(2023, CO_SO, None)]),
        "htxsnv_hoac_sang_kien",
        False,
        f"{CSTD_ALT} — xếp loại HTTNV, không có sáng kiến chưa sử dụng ✗",
        id="cstd-initiative-of-another-year",
    ),
    # An initiative is used once (CV 5007/BNV-TĐKT): never between a title and a form.
    pytest.param(
        "CSTD_CO_SO",
        person({2024: "HTTNV"}, initiatives=[(2024, CO_SO, "BANG_KHEN_TINH:2024")]),
        "htxsnv_hoac_sang_kien",
        False,
        f"{CSTD_ALT} — xếp loại HTTNV, không có sáng kiến chưa sử dụng "
        "(sáng kiến 2024 đã dùng cho Bằng khen cấp tỉnh 2024) ✗",
        id="initiative-used-for-a-form",
    ),
    pytest.param(
        "CSTD_CO_SO",
        person({2024: "HTTNV"}, initiatives=[(2024, CO_SO, "QĐ 12/QĐ-UBND")]),
        "htxsnv_hoac_sang_kien",
        False,
        f"{CSTD_ALT} — xếp loại HTTNV, không có sáng kiến chưa sử dụng "
        "(sáng kiến 2024 đã dùng cho “QĐ 12/QĐ-UBND”) ✗",
        id="initiative-used-elsewhere",
    ),
    pytest.param(
        "CSTD_CO_SO",
        person({2024: "HTTNV"}, initiatives=[(2024, CO_SO, "CSTD_CO_SO:2024")]),
        "htxsnv_hoac_sang_kien",
        True,
        f"{CSTD_ALT} — xếp loại HTTNV, có sáng kiến cấp cơ sở 2024 ✓",
        id="initiative-used-for-this-very-nomination",
    ),
    # CSTĐ cấp tỉnh (Law Art. 22): 3 consecutive CSTĐ cơ sở + a provincial initiative.
    pytest.param(
        "CSTD_TINH",
        person(awards=cstd(2022, 2023, 2024)),
        "cstd_co_so_lien_tuc",
        True,
        f"{STREAK} — có 2022, 2023, 2024 ✓",
        id="cstd-tinh-streak",
    ),
    pytest.param(
        "CSTD_TINH",
        person(awards=cstd(2020, 2021, 2022, 2023, 2024)),
        "cstd_co_so_lien_tuc",
        True,
        f"{STREAK} — có 2022, 2023, 2024 ✓",
        id="cstd-tinh-longer-streak",
    ),
    pytest.param(
        "CSTD_TINH",
        person(awards=cstd(2021, 2023, 2024)),
        "cstd_co_so_lien_tuc",
        False,
        f"{STREAK} — chỉ có 2023, 2024 ✗",
        id="cstd-tinh-broken-streak",
    ),
    pytest.param(
        "CSTD_TINH",
        person(awards=cstd(2021, 2022, 2023)),
        "cstd_co_so_lien_tuc",
        False,
        f"{STREAK} — không có CSTĐ cơ sở năm 2024 ✗",
        id="cstd-tinh-streak-not-up-to-date",
    ),
    # dot_xuat / chuyen_de never count (Decree 98/2023 Art. 4(3)).
    pytest.param(
        "CSTD_TINH",
        person(awards=cstd(2022, 2024) + cstd(2023, kind=DX)),
        "cstd_co_so_lien_tuc",
        False,
        f"{STREAK} — chỉ có 2024 (không tính 2023: khen đột xuất) ✗",
        id="cstd-tinh-dot-xuat-excluded",
    ),
    pytest.param(
        "CSTD_TINH",
        person(awards=cstd(2023, 2024) + cstd(2022, kind=CD)),
        "cstd_co_so_lien_tuc",
        False,
        f"{STREAK} — chỉ có 2023, 2024 (không tính 2022: chuyên đề) ✗",
        id="cstd-tinh-chuyen-de-excluded",
    ),
    pytest.param(
        "CSTD_TINH",
        person(awards=cstd(2022, 2023, 2024) + cstd(2023, kind=DX)),
        "cstd_co_so_lien_tuc",
        True,
        f"{STREAK} — có 2022, 2023, 2024 (không tính 2023: khen đột xuất) ✓",
        id="cstd-tinh-extra-dot-xuat",
    ),
    pytest.param(
        "CSTD_TINH",
        person(initiatives=[(2023, TINH, None)]),
        "sang_kien_cap_tinh",
        True,
        f"{PROV_INIT} — có sáng kiến cấp tỉnh 2023 ✓",
        id="cstd-tinh-initiative",
    ),
    pytest.param(
        "CSTD_TINH",
        person(initiatives=[(2024, TOAN_QUOC, None)]),
        "sang_kien_cap_tinh",
        True,
        f"{PROV_INIT} — có sáng kiến toàn quốc 2024 ✓",
        id="cstd-tinh-national-initiative",
    ),
    pytest.param(
        "CSTD_TINH",
        person(initiatives=[(2024, CO_SO, None)]),
        "sang_kien_cap_tinh",
        False,
        f"{PROV_INIT} — không có sáng kiến chưa sử dụng ✗",
        id="cstd-tinh-only-grassroots-initiative",
    ),
    pytest.param(
        "CSTD_TINH",
        person(initiatives=[(2021, TINH, None)]),
        "sang_kien_cap_tinh",
        False,
        f"{PROV_INIT} — không có sáng kiến chưa sử dụng ✗",
        id="cstd-tinh-initiative-too-old",
    ),
    # Reuse for successive titles is a configurable warning (RULES.md §1.2).
    pytest.param(
        "CSTD_TINH",
        person(initiatives=[(2023, TINH, "CSTD_CO_SO")]),
        "sang_kien_cap_tinh",
        True,
        f"{PROV_INIT} — có sáng kiến cấp tỉnh 2023 (đã dùng cho CSTĐ cơ sở 2023, "
        "được dùng lại giữa các danh hiệu theo cấu hình) ✓",
        id="initiative-reused-between-titles",
    ),
    pytest.param(
        "CSTD_TINH",
        person(initiatives=[(2023, TINH, "CSTD_TINH:2021")]),
        "sang_kien_cap_tinh",
        False,
        f"{PROV_INIT} — không có sáng kiến chưa sử dụng (sáng kiến 2023 đã dùng cho CSTĐ cấp tỉnh "
        "2021) ✗",
        id="initiative-used-for-the-same-title",
    ),
    # CSTĐ toàn quốc (Law Art. 21): 2 consecutive CSTĐ tỉnh + a national initiative.
    pytest.param(
        "CSTD_TOAN_QUOC",
        person(awards=[(2020, "CSTD_TINH", PT), (2023, "CSTD_TINH", PT)]),
        "cstd_tinh_lien_tuc",
        True,
        f"{NATIONAL} — có 2020, 2023 ✓",
        id="cstd-tq-streak",
    ),
    pytest.param(
        "CSTD_TOAN_QUOC",
        person(awards=[(2021, "CSTD_TINH", PT), (2024, "CSTD_TINH", PT)]),
        "cstd_tinh_lien_tuc",
        True,
        f"{NATIONAL} — có 2021, 2024 ✓",
        id="cstd-tq-streak-this-year",
    ),
    pytest.param(
        "CSTD_TOAN_QUOC",
        person(awards=[(2019, "CSTD_TINH", PT), (2023, "CSTD_TINH", PT)]),
        "cstd_tinh_lien_tuc",
        False,
        f"{NATIONAL} — chỉ có 2023 ✗",
        id="cstd-tq-not-consecutive",
    ),
    pytest.param(
        "CSTD_TOAN_QUOC",
        person(awards=[(2019, "CSTD_TINH", PT), (2022, "CSTD_TINH", PT)]),
        "cstd_tinh_lien_tuc",
        False,
        f"{NATIONAL} — không có CSTĐ cấp tỉnh 2023–2024 ✗",
        id="cstd-tq-too-old",
    ),
    pytest.param(
        "CSTD_TOAN_QUOC",
        person(initiatives=[(2022, TOAN_QUOC, None)]),
        "sang_kien_toan_quoc",
        True,
        f"{NAT_INIT} — có sáng kiến toàn quốc 2022 ✓",
        id="cstd-tq-initiative",
    ),
    pytest.param(
        "CSTD_TOAN_QUOC",
        person(initiatives=[(2022, TINH, None)]),
        "sang_kien_toan_quoc",
        False,
        f"{NAT_INIT} — không có sáng kiến chưa sử dụng ✗",
        id="cstd-tq-provincial-initiative-only",
    ),
    # TTLĐTT: rating HTTNV+, ≥ 70 % LĐTT, nobody disciplined at warning level or above.
    pytest.param(
        "TTLDTT",
        unit("HTTNV"),
        "tap_the_hoan_thanh_tot",
        True,
        "TTLĐTT: cần tập thể xếp loại từ HTTNV trở lên năm 2024 — có HTTNV ✓",
        id="ttldtt-rating",
    ),
    pytest.param(
        "TTLDTT",
        unit("HTNV"),
        "tap_the_hoan_thanh_tot",
        False,
        "TTLĐTT: cần tập thể xếp loại từ HTTNV trở lên năm 2024 — có HTNV ✗",
        id="ttldtt-low-rating",
    ),
    pytest.param(
        "TTLDTT",
        unit(ldtt=18),
        "ty_le_ldtt",
        True,
        "TTLĐTT: cần ít nhất 70 % cá nhân đạt LĐTT — có 18/25 (72 %) ✓",
        id="ttldtt-share",
    ),
    pytest.param(
        "TTLDTT",
        unit(total=10, completed=10, ldtt=7, women=2),
        "ty_le_ldtt",
        True,
        "TTLĐTT: cần ít nhất 70 % cá nhân đạt LĐTT — có 7/10 (70 %) ✓",
        id="ttldtt-share-boundary",
    ),
    pytest.param(
        "TTLDTT",
        unit(ldtt=17),
        "ty_le_ldtt",
        False,
        "TTLĐTT: cần ít nhất 70 % cá nhân đạt LĐTT — có 17/25 (68 %) ✗",
        id="ttldtt-share-short",
    ),
    pytest.param(
        "TTLDTT",
        unit(),
        "khong_ky_luat_canh_cao",
        True,
        "TTLĐTT: cần không có cá nhân bị kỷ luật từ cảnh cáo trở lên — có 0 ✓",
        id="ttldtt-no-discipline",
    ),
    pytest.param(
        "TTLDTT",
        unit(disciplined_warning_or_above=1),
        "khong_ky_luat_canh_cao",
        False,
        "TTLĐTT: cần không có cá nhân bị kỷ luật từ cảnh cáo trở lên — có 1 ✗",
        id="ttldtt-disciplined",
    ),
    pytest.param(
        "TTLDTT",
        replace(unit(), members=None),
        "ty_le_ldtt",
        False,
        "TTLĐTT: cần ít nhất 70 % cá nhân đạt LĐTT — thiếu số liệu thành viên ✗",
        id="ttldtt-no-figures",
    ),
    # TTLĐXS: HTXSNV, all complete, ≥ 70 % LĐTT, at least one CSTĐ cơ sở.
    pytest.param(
        "TTLDXS",
        unit("HTXSNV"),
        "tap_the_hoan_thanh_xuat_sac",
        True,
        "TTLĐXS: cần tập thể xếp loại HTXSNV năm 2024 — có HTXSNV ✓",
        id="ttldxs-rating",
    ),
    pytest.param(
        "TTLDXS",
        unit("HTTNV"),
        "tap_the_hoan_thanh_xuat_sac",
        False,
        "TTLĐXS: cần tập thể xếp loại HTXSNV năm 2024 — có HTTNV ✗",
        id="ttldxs-rating-short",
    ),
    pytest.param(
        "TTLDXS",
        unit(None),
        "tap_the_hoan_thanh_xuat_sac",
        False,
        "TTLĐXS: cần tập thể xếp loại HTXSNV năm 2024 — chưa có xếp loại năm 2024 ✗",
        id="ttldxs-no-rating",
    ),
    pytest.param(
        "TTLDXS",
        unit(),
        "tat_ca_hoan_thanh_nhiem_vu",
        True,
        "TTLĐXS: cần 100 % cá nhân hoàn thành nhiệm vụ — có 25/25 hoàn thành nhiệm vụ ✓",
        id="ttldxs-all-complete",
    ),
    pytest.param(
        "TTLDXS",
        unit(completed=24),
        "tat_ca_hoan_thanh_nhiem_vu",
        False,
        "TTLĐXS: cần 100 % cá nhân hoàn thành nhiệm vụ — có 24/25 hoàn thành nhiệm vụ ✗",
        id="ttldxs-one-incomplete",
    ),
    pytest.param(
        "TTLDXS",
        unit(ldtt=20),
        "ty_le_ldtt",
        True,
        "TTLĐXS: cần ít nhất 70 % cá nhân đạt LĐTT — có 20/25 (80 %) ✓",
        id="ttldxs-share",
    ),
    pytest.param(
        "TTLDXS",
        unit(ldtt=15),
        "ty_le_ldtt",
        False,
        "TTLĐXS: cần ít nhất 70 % cá nhân đạt LĐTT — có 15/25 (60 %) ✗",
        id="ttldxs-share-short",
    ),
    pytest.param(
        "TTLDXS",
        unit(cstd_co_so=1),
        "co_cstd_co_so",
        True,
        "TTLĐXS: cần có cá nhân đạt CSTĐ cơ sở — có 1 ✓",
        id="ttldxs-has-cstd",
    ),
    pytest.param(
        "TTLDXS",
        unit(cstd_co_so=0),
        "co_cstd_co_so",
        False,
        "TTLĐXS: cần có cá nhân đạt CSTĐ cơ sở — có 0 ✗",
        id="ttldxs-no-cstd",
    ),
    # Subject kind (Law Art. 6–7).
    pytest.param(
        "CSTD_CO_SO",
        person(),
        "doi_tuong",
        True,
        "CSTĐ cơ sở: dành cho cá nhân — đối tượng là cá nhân ✓",
        id="kind-individual",
    ),
    pytest.param(
        "CSTD_CO_SO",
        unit(),
        "doi_tuong",
        False,
        "CSTĐ cơ sở: dành cho cá nhân — đối tượng là tập thể ✗",
        id="kind-collective-for-individual-title",
    ),
    pytest.param(
        "GIAY_KHEN",
        person(kind=SubjectKind.HOUSEHOLD),
        "doi_tuong",
        True,
        "Giấy khen: dành cho cá nhân, tập thể, hộ gia đình — đối tượng là hộ gia đình ✓",
        id="kind-household",
    ),
    # Hold while a matter is pending (Decree 98/2023 Art. 4(4)).
    pytest.param(
        "LDTT",
        person(),
        "tam_hoan",
        True,
        "Tạm hoãn: không có việc đang xem xét kỷ luật, điều tra, thanh tra, khiếu nại tại ngày "
        "15/01/2025 ✓",
        id="hold-none",
    ),
    pytest.param(
        "LDTT",
        person(pending=(Pending(PendingKind.INVESTIGATION, date(2024, 11, 1)),)),
        "tam_hoan",
        False,
        "Tạm hoãn: đang bị điều tra (từ 01/11/2024) — chưa xét khen thưởng ✗",
        id="hold-investigation",
    ),
    pytest.param(
        "LDTT",
        person(
            pending=(
                Pending(PendingKind.COMPLAINT, date(2024, 12, 2)),
                Pending(PendingKind.DISCIPLINE, date(2024, 10, 5)),
            )
        ),
        "tam_hoan",
        False,
        "Tạm hoãn: đang xem xét kỷ luật (từ 05/10/2024); có đơn khiếu nại, tố cáo đang giải quyết "
        "(từ 02/12/2024) — chưa xét khen thưởng ✗",
        id="hold-discipline-and-complaint",
    ),
    pytest.param(
        "LDTT",
        person(pending=(Pending(PendingKind.INSPECTION, date(2025, 2, 1)),)),
        "tam_hoan",
        True,
        "Tạm hoãn: không có việc đang xem xét kỷ luật, điều tra, thanh tra, khiếu nại tại ngày "
        "15/01/2025 ✓",
        id="hold-opened-after-as-of",
    ),
    pytest.param(
        "LDTT",
        person(pending=(Pending(PendingKind.COMPLAINT, AS_OF),)),
        "tam_hoan",
        False,
        "Tạm hoãn: có đơn khiếu nại, tố cáo đang giải quyết (từ 15/01/2025) — "
        "chưa xét khen thưởng ✗",
        id="hold-opened-on-as-of",
    ),
    # Achievements count only after the discipline period (Decree 98/2023 Art. 4(4)).
    pytest.param(
        "LDTT",
        person(),
        "ky_luat",
        True,
        "Kỷ luật: không bị kỷ luật trong năm 2024 ✓",
        id="discipline-none",
    ),
    pytest.param(
        "LDTT",
        person(
            discipline=(
                Discipline(date(2023, 1, 1), date(2023, 12, 31), DisciplineLevel.KHIEN_TRACH),
            )
        ),
        "ky_luat",
        True,
        "Kỷ luật: đã hết thời hạn ngày 31/12/2023, trước năm 2024 ✓",
        id="discipline-ended-before",
    ),
    pytest.param(
        "LDTT",
        person(
            discipline=(Discipline(date(2024, 5, 1), date(2025, 4, 30), DisciplineLevel.CANH_CAO),)
        ),
        "ky_luat",
        False,
        "Kỷ luật: cảnh cáo từ 01/05/2024 đến 30/04/2025 — thành tích năm 2024 không được tính "
        "(chỉ tính từ khi hết thời hạn kỷ luật) ✗",
        id="discipline-during-the-year",
    ),
    pytest.param(
        "LDTT",
        person(discipline=(Discipline(date(2023, 6, 1), None, DisciplineLevel.KHIEN_TRACH),)),
        "ky_luat",
        False,
        "Kỷ luật: khiển trách từ 01/06/2023 chưa hết thời hạn — thành tích năm 2024 không được "
        "tính "
        "(chỉ tính từ khi hết thời hạn kỷ luật) ✗",
        id="discipline-open-ended",
    ),
    pytest.param(
        "LDTT",
        person(
            discipline=(
                Discipline(date(2023, 3, 1), date(2024, 1, 1), DisciplineLevel.KHIEN_TRACH),
            )
        ),
        "ky_luat",
        False,
        "Kỷ luật: khiển trách từ 01/03/2023 đến 01/01/2024 — thành tích năm 2024 không được tính "
        "(chỉ tính từ khi hết thời hạn kỷ luật) ✗",
        id="discipline-ends-on-the-first-day-of-the-year",
    ),
    # One achievement → one award (Law Art. 5).
    pytest.param(
        "LDTT",
        person(awards=[(2024, "LDTT", PT)]),
        "mot_thanh_tich",
        False,
        "Một thành tích, một hình thức: thành tích năm 2024 đã được khen — "
        "LĐTT (khen thưởng theo phong trào thi đua) ✗",
        id="one-award-already-given",
    ),
    pytest.param(
        "CSTD_CO_SO",
        person(awards=[(2024, "LDTT", PT)]),
        "mot_thanh_tich",
        True,
        "Một thành tích, một hình thức: thành tích năm 2024 chưa được khen CSTĐ cơ sở ✓",
        id="one-award-other-title-same-year",
    ),
    pytest.param(
        "BANG_KHEN_TINH",
        person(awards=[(2024, "GIAY_KHEN", PT)]),
        "mot_thanh_tich",
        False,
        "Một thành tích, một hình thức: thành tích năm 2024 đã được khen — "
        "Giấy khen (khen thưởng theo phong trào thi đua) ✗",
        id="one-award-second-form",
    ),
    pytest.param(
        "BANG_KHEN_TINH",
        person(awards=[(2024, "GIAY_KHEN", DX)]),
        "mot_thanh_tich",
        True,
        "Một thành tích, một hình thức: thành tích năm 2024 chưa được khen Bằng khen cấp tỉnh "
        "hay hình thức khác ✓",
        id="one-award-extraordinary-is-another-achievement",
    ),
    # Awards whose standard needs the council's judgement do not block.
    pytest.param(
        "CO_THI_DUA_TINH",
        unit(),
        "xet_theo_ho_so",
        True,
        "Cờ thi đua cấp tỉnh: tiêu chuẩn thành tích được Hội đồng xét theo hồ sơ, không kiểm tra "
        "tự động ✓",
        id="flag-dossier-review",
    ),
]


@pytest.mark.parametrize(("award", "subject", "code", "passed", "explanation"), RULE_CASES)
def test_rule(award: str, subject: Subject, code: str, passed: bool, explanation: str) -> None:
    result = evaluate(subject, award, AS_OF)

    assert criterion_of(result, code)[:2] == (passed, explanation)


@pytest.mark.parametrize(
    ("award", "subject", "code", "reference"),
    [
        ("LDTT", person(), "xep_loai_ldtt", f"điểm a khoản 1 Điều 24 {LAW}"),
        ("CSTD_CO_SO", person(), "htxsnv_hoac_sang_kien", f"{ART_23}; {CV5007}"),
        ("CSTD_TINH", person(), "cstd_co_so_lien_tuc", ART_22),
        (
            "CSTD_TINH",
            person(awards=cstd(2023, kind=DX)),
            "cstd_co_so_lien_tuc",
            f"{ART_22}; khoản 3 Điều 4 {ND98}",
        ),
        ("CSTD_TINH", person(), "sang_kien_cap_tinh", f"điểm b Điều 22 {LAW}; {CV5007}"),
        ("TTLDXS", unit(), "ty_le_ldtt", PROVINCIAL),
        ("LDTT", person(), "tam_hoan", f"khoản 4 Điều 4 {ND98}"),
        ("LDTT", person(), "mot_thanh_tich", f"Điều 5 {LAW}"),
    ],
)
def test_criteria_carry_their_legal_reference(
    award: str, subject: Subject, code: str, reference: str
) -> None:
    assert criterion_of(evaluate(subject, award, AS_OF), code)[2] == reference


def test_references_follow_decree_152_from_july_2025() -> None:
    result = evaluate(person({2025: "HTTNV"}), "LDTT", date(2025, 12, 1))

    assert result.rule_set == "ND_152_2025"
    assert result.year == 2025
    assert criterion_of(result, "tam_hoan")[2] == "khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP"


# --- Whole results ---------------------------------------------------------------------------


def test_cstd_tinh_eligible_with_the_issue_explanation() -> None:
    subject = person(
        {2024: "HTXSNV"}, awards=cstd(2022, 2023, 2024), initiatives=[(2024, TINH, None)]
    )

    result = evaluate(subject, "CSTD_TINH", AS_OF)

    assert (result.eligible, result.held, result.year) == (True, False, 2024)
    assert [c.code for c in result.criteria] == [
        "doi_tuong",
        "tam_hoan",
        "ky_luat",
        "cstd_co_so_lien_tuc",
        "sang_kien_cap_tinh",
        "mot_thanh_tich",
    ]
    assert (
        result.criteria[3].explanation
        == "CSTĐ cấp tỉnh: cần 03 lần liên tục CSTĐ cơ sở — có 2022, 2023, 2024 ✓"
    )


def test_a_pending_matter_holds_an_otherwise_eligible_subject() -> None:
    subject = person({2024: "HTXSNV"}, pending=(Pending(PendingKind.COMPLAINT, date(2025, 1, 2)),))

    result = evaluate(subject, "LDTT", AS_OF)

    assert (result.eligible, result.held) == (False, True)
    assert [c.code for c in result.criteria if not c.passed] == ["tam_hoan"]


def test_one_failed_criterion_makes_the_subject_ineligible_but_not_held() -> None:
    result = evaluate(unit(ldtt=10), "TTLDTT", AS_OF)

    assert (result.eligible, result.held) == (False, False)
    assert [c.code for c in result.criteria if not c.passed] == ["ty_le_ldtt"]


def test_evaluation_is_deterministic_whatever_the_input_order() -> None:
    subject = person(
        {2022: "HTXSNV", 2023: "HTTNV", 2024: "HTXSNV"},
        awards=[*cstd(2022, 2023, 2024), (2023, "GIAY_KHEN", DX), (2024, "LDTT", PT)],
        initiatives=[(2023, TINH, "CSTD_CO_SO"), (2024, CO_SO, None), (2022, TINH, None)],
        pending=(
            Pending(PendingKind.PRESS, date(2024, 12, 1)),
            Pending(PendingKind.INSPECTION, date(2024, 11, 1)),
        ),
    )
    reordered = replace(
        subject,
        ratings=subject.ratings[::-1],
        awards=subject.awards[::-1],
        initiatives=subject.initiatives[::-1],
        pending=subject.pending[::-1],
    )
    assert reordered != subject

    assert evaluate(subject, "CSTD_TINH", AS_OF) == evaluate(reordered, "CSTD_TINH", AS_OF)
    assert evaluate(subject, "CSTD_TINH", AS_OF) == evaluate(subject, "CSTD_TINH", AS_OF)


@pytest.mark.parametrize(
    "award",
    ["LDTT", "CSTD_CO_SO", "CSTD_TINH", "CSTD_TOAN_QUOC", "TTLDTT", "TTLDXS", "BANG_KHEN_TTG"],
)
def test_explanations_are_nfc_vietnamese_with_a_mark(award: str) -> None:
    result = evaluate(unit(), award, AS_OF)

    for criterion in result.criteria:
        assert unicodedata.normalize("NFC", criterion.explanation) == criterion.explanation
        assert criterion.explanation.endswith(("✓", "✗"))
        assert criterion.reference


# --- Dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "year"),
    [
        (date(2025, 1, 15), 2024),
        (date(2024, 9, 30), 2023),
        (date(2024, 10, 1), 2024),
        (date(2024, 12, 31), 2024),
    ],
)
def test_review_year(as_of: date, year: int) -> None:
    assert review_year(as_of) == year


def test_records_dated_after_as_of_do_not_count() -> None:
    late = Subject(
        kind=SubjectKind.INDIVIDUAL,
        ratings=(RatingRecord(2024, Rating.HTXSNV, dated=date(2025, 1, 20)),),
        awards=(
            AwardRecord(2022, "CSTD_CO_SO"),
            AwardRecord(2023, "CSTD_CO_SO"),
            AwardRecord(2024, "CSTD_CO_SO", dated=date(2025, 1, 20)),
        ),
    )

    result = evaluate(late, "CSTD_TINH", AS_OF)
    assert criterion_of(result, "cstd_co_so_lien_tuc")[:2] == (
        False,
        "CSTĐ cấp tỉnh: cần 03 lần liên tục CSTĐ cơ sở — không có CSTĐ cơ sở năm 2024 "
        "(không tính 2024: sau ngày xét 15/01/2025) ✗",
    )
    assert criterion_of(evaluate(late, "LDTT", AS_OF), "xep_loai_ldtt")[0] is False
    assert criterion_of(evaluate(late, "LDTT", date(2025, 1, 20)), "xep_loai_ldtt")[0] is True


def test_undated_records_exist_from_the_configured_day() -> None:
    subject = person({2024: "HTTNV"})
    early = Settings(undated_record_day=(1, 1))

    assert evaluate(subject, "LDTT", date(2024, 6, 1)).year == 2023
    assert evaluate(subject, "LDTT", date(2024, 6, 1), early).eligible is True
    assert evaluate(subject, "LDTT", date(2024, 6, 1), year=2024).eligible is False


def test_explicit_review_year() -> None:
    result = evaluate(person({2023: "HTTNV"}), "LDTT", AS_OF, year=2023)

    assert (result.year, result.eligible) == (2023, True)


# --- Settings change the outcome -------------------------------------------------------------


def test_initiative_reuse_between_titles_can_be_refused() -> None:
    subject = person(initiatives=[(2023, TINH, "CSTD_CO_SO")])

    result = evaluate(
        subject, "CSTD_TINH", AS_OF, Settings(initiative_reuse_between_titles_allowed=False)
    )

    assert criterion_of(result, "sang_kien_cap_tinh")[:2] == (
        False,
        f"{PROV_INIT} — không có sáng kiến chưa sử dụng (sáng kiến 2023 đã dùng cho CSTĐ cơ sở "
        "2023) ✗",
    )


def test_collective_share_is_configurable() -> None:
    result = evaluate(
        unit(ldtt=17), "TTLDTT", AS_OF, Settings(collective_ldtt_min_share=Decimal("0.65"))
    )

    assert criterion_of(result, "ty_le_ldtt")[:2] == (
        True,
        "TTLĐTT: cần ít nhất 65 % cá nhân đạt LĐTT — có 17/25 (68 %) ✓",
    )


def test_cstd_toan_quoc_lag_is_configurable() -> None:
    subject = person(awards=[(2020, "CSTD_TINH", PT), (2023, "CSTD_TINH", PT)])

    result = evaluate(
        subject, "CSTD_TOAN_QUOC", AS_OF, Settings(cstd_toan_quoc_streak_max_lag_years=0)
    )

    assert criterion_of(result, "cstd_tinh_lien_tuc")[:2] == (
        False,
        "CSTĐ toàn quốc: cần 02 lần liên tục CSTĐ cấp tỉnh (cách nhau 3 năm) — không có CSTĐ cấp "
        "tỉnh năm 2024 ✗",
    )


def test_unknown_award_code_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="không phải mã danh hiệu"):
        evaluate(person(), "CSTD", AS_OF)


# --- Criteria shared between subjects ----------------------------------------------------------

SHARED_AWARDS = (
    *("LDTT", "CSTD_CO_SO", "CSTD_TINH", "CSTD_TOAN_QUOC"),
    *("TTLDTT", "TTLDXS", "GIAY_KHEN", "BANG_KHEN_TINH"),
)
SHARED_DATES = (date(2024, 1, 15), date(2024, 12, 15), AS_OF, date(2025, 7, 15))


def random_subject(chance: random.Random, number: int) -> Subject:
    """A subject drawn from few values, so that many subjects share a rating, a hold, a
    discipline end or the same duplicate awards, while some differ in one detail."""

    def day(first: int, last: int) -> date:
        return date(chance.randint(first, last), chance.choice([2, 10, 12]), chance.choice([1, 20]))

    def maybe_day(year: int) -> date | None:
        return chance.choice([None, None, date(year, 12, 1), date(year + 1, 2, 1)])

    years = range(2019, 2026)
    kind = chance.choice([SubjectKind.INDIVIDUAL] * 4 + [SubjectKind.COLLECTIVE])
    return Subject(
        kind=kind,
        ratings=tuple(
            RatingRecord(year, chance.choice(list(Rating)), maybe_day(year))
            for year in sorted(chance.sample(years, chance.randint(0, 4)))
        ),
        awards=tuple(
            AwardRecord(
                year,
                chance.choice(["LDTT", "CSTD_CO_SO", "CSTD_TINH", "GIAY_KHEN", "BANG_KHEN_TINH"]),
                chance.choice([PT, PT, DX, CD]),
                maybe_day(year),
            )
            for year in (chance.choice(years) for _ in range(chance.randint(0, 6)))
        ),
        initiatives=tuple(
            Initiative(
                chance.choice(years),
                chance.choice([CO_SO, TINH, TOAN_QUOC]),
                chance.choice([None, None, "", "LDTT", "CSTD_CO_SO:2024", "CSTD_TINH/2023", "?"]),
                chance.choice([None, date(2024, 12, 20)]),
                ref=f"{number}-{index}",
            )
            for index in range(chance.choice([0, 0, 1, 2]))
        ),
        discipline=tuple(
            Discipline(
                start := day(2019, 2025),
                chance.choice([None, start.replace(year=start.year + 1)]),
                chance.choice(list(DisciplineLevel)),
            )
            for _ in range(chance.choice([0, 0, 0, 1, 2]))
        ),
        pending=tuple(
            Pending(chance.choice(list(PendingKind)), day(2023, 2025))
            for _ in range(chance.choice([0, 0, 0, 1, 2]))
        ),
        members=Members(
            total=(total := chance.choice([0, 10, 20])),
            completed=chance.choice([total, total - 1]) if total else 0,
            ldtt=chance.randint(0, total),
            cstd_co_so=chance.choice([0, 1]),
            disciplined_warning_or_above=chance.choice([0, 0, 1]),
            women=0,
        )
        if kind is SubjectKind.COLLECTIVE and chance.random() < 0.8
        else None,
    )


@pytest.fixture
def fresh_plans() -> Iterator[None]:
    """Plans (and the criteria they keep) built in this test only, and dropped after it."""
    eligibility._default_plan.cache_clear()
    yield
    eligibility._default_plan.cache_clear()


@pytest.mark.parametrize("memo_limit", [eligibility._MEMO_LIMIT, 5])
def test_criteria_kept_for_later_subjects_equal_criteria_built_for_each(
    fresh_plans: None, monkeypatch: pytest.MonkeyPatch, memo_limit: int
) -> None:
    """Under the default settings a criterion built once serves every later subject with the
    same key; it must be the very criterion that subject gets on its own (a `Settings` of its
    own keeps nothing between calls). With a small limit, most are built and not kept."""
    monkeypatch.setattr(eligibility, "_MEMO_LIMIT", memo_limit)
    chance = random.Random(8)
    subjects = [random_subject(chance, number) for number in range(300)]
    for as_of in SHARED_DATES:
        for code in SHARED_AWARDS:
            for subject in subjects:
                shared = evaluate(subject, code, as_of)
                alone = evaluate(subject, code, as_of, Settings())
                assert shared == alone, (code, as_of, subject)
    kept = eligibility._default_plan(SHARED_AWARDS[1], AS_OF, None).memo
    assert 1 < len(kept) <= memo_limit


@pytest.mark.parametrize("record", [Subject, Initiative, EligibilityResult])
def test_hand_written_constructors_take_exactly_the_dataclass_fields(record: type) -> None:
    import dataclasses
    import inspect

    parameters = list(inspect.signature(record).parameters.values())
    fields = dataclasses.fields(record)

    assert [p.name for p in parameters] == [f.name for f in fields]
    for parameter, item in zip(parameters, fields, strict=True):
        if item.default is not dataclasses.MISSING:
            assert parameter.default == item.default, item.name
        elif item.default_factory is not dataclasses.MISSING:
            assert parameter.default is None, item.name  # replaced by a fresh default
        else:
            assert parameter.default is inspect.Parameter.empty, item.name
