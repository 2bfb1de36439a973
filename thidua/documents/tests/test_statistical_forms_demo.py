"""The statistical forms on the Kon Tum 2024 demo: every figure of 0601.N and 0603.N equals an
aggregate computed here independently (one ORM count per cell, with its own reading of the
rows and columns), for the province and for units reporting their subtree; 0602.N, 0604.N and
0605.N likewise once the data they count is added; the downloaded workbook carries the same
figures.

The demo is loaded once for the module, inside a transaction rolled back when the module ends
(each test runs in a savepoint of it), as in `thidua/demo/tests/conftest.py`.
"""

import datetime
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.db.models import DurationField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from conftest import make_unit
from thidua.accounts.models import User
from thidua.commendation.models import AwardRecord, Household, Person
from thidua.demo.load import load_demo
from thidua.documents.models import TdktWorkforce
from thidua.documents.statistical_forms import (
    FORM_0601,
    FORM_0602,
    FORM_0603,
    FORM_0604,
    FORM_0605,
    WORKFORCE_FIELDS,
    StatisticalReport,
)
from thidua.documents.statistical_selectors import statistical_reports
from thidua.documents.statistical_services import tdkt_workforce_save
from thidua.emulation.models import ClusterYear, Movement
from thidua.emulation.services import movement_create
from thidua.org.models import OrgUnit

YEAR = 2024
D = datetime.date
NOTHING = Q(pk__in=[])
PROVINCE = "Tỉnh Kon Tum"
CITY = "Thành phố Kon Tum"
HEALTH = "Sở Y tế tỉnh Kon Tum"


@pytest.fixture(scope="module")
def demo(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        load_demo(stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def _unit(name: str) -> OrgUnit:
    return OrgUnit.objects.valid_on(D(YEAR, 12, 31)).select_related("parent").get(name=name)


def _report(spec_code: str, unit: OrgUnit) -> StatisticalReport:
    return statistical_reports(unit=unit, year=YEAR, codes=[spec_code])[0]


def _figures(report: StatisticalReport) -> dict[tuple[str, str], int]:
    columns = ("tong", *report.spec.column_keys)
    return {(row, column): report.value(row, column) for row in report.spec.row_keys
            for column in columns}  # fmt: skip


# --- 0601.N ------------------------------------------------------------------------------------


def _days(count: int) -> datetime.timedelta:
    return datetime.timedelta(days=count)


# Length of a movement (end − start, in days) for each duration line, read from the form's
# bounds: under 1 year = under 300 days counted inclusively; 1 year up to 366 days; then
# 3 and 5 years; no end date = a long movement.
DURATIONS = {
    "duoi_mot_nam": Q(length__lt=_days(299)),
    "mot_nam": Q(length__gte=_days(299), length__lt=_days(366)),
    "mot_den_ba_nam": Q(length__gte=_days(366), length__lt=_days(3 * 365)),
    "ba_den_nam_nam": Q(length__gte=_days(3 * 365), length__lt=_days(5 * 365 + 1)),
    "tu_nam_nam": Q(length__gte=_days(5 * 365 + 1)) | Q(ends_on__isnull=True),
}


def expected_0601(unit: OrgUnit) -> dict[tuple[str, str], int]:
    first, last = D(YEAR, 1, 1), D(YEAR, 12, 31)
    movements = (
        Movement.objects.filter(launched_by__path__startswith=unit.path)
        .exclude(starts_on__gt=last)
        .exclude(ends_on__lt=first)
        .annotate(
            length=ExpressionWrapper(F("ends_on") - F("starts_on"), output_field=DurationField())
        )
    )
    editions = ClusterYear.objects.filter(
        year=YEAR, cluster__organised_by__path__startswith=unit.path
    )
    by_province = Q(launched_by__kind="tinh")
    organised_by_province = Q(cluster__organised_by__kind="tinh")
    # (movements, cluster editions) counted by each column and each line
    columns = {
        "tong": (Q(), Q()),
        "trung_uong": (NOTHING, NOTHING),
        "bo_tinh": (by_province, organised_by_province),
        "co_quan": (~by_province, ~organised_by_province),
    }
    rows = {
        "tong": (Q(), Q()),
        "toan_quoc": (NOTHING, NOTHING),
        "dia_phuong": (by_province, NOTHING),
        "cum_khoi": (NOTHING, Q()),
        "co_quan": (~by_province, NOTHING),
        **{key: (condition, NOTHING) for key, condition in DURATIONS.items()},
        "mot_nam": (DURATIONS["mot_nam"], Q()),
        "chuyen_de": (Q(kind__in=["thematic", "anniversary"]), NOTHING),
        "thuong_xuyen": (Q(kind="regular"), Q()),
    }
    return {
        (row, column): movements.filter(row_movements & column_movements).count()
        + editions.filter(row_editions & column_editions).count()
        for row, (row_movements, row_editions) in rows.items()
        for column, (column_movements, column_editions) in columns.items()
    }


def _more_movements() -> None:
    """Durations and launchers the demo lacks: a four-year district movement, an open-ended
    department movement, and movements outside 2024 or outside the tree (not counted)."""
    city, health = _unit(CITY), _unit(HEALTH)
    for name, unit, kind, starts_on, ends_on in (
        ("Thi đua xây dựng đô thị văn minh", city, "thematic", D(2022, 3, 1), D(2025, 12, 31)),
        ("Thi đua chuyển đổi số ngành y tế", health, "regular", D(2024, 5, 1), None),
        ("Thi đua năm 2023", health, "regular", D(2023, 1, 1), D(2023, 12, 31)),
        ("Thi đua năm 2025", city, "thematic", D(2025, 1, 1), D(2025, 6, 30)),
        ("Thi đua ngắn", city, "anniversary", D(2024, 8, 1), D(2024, 9, 2)),
    ):
        movement_create(
            actor=None, name=name, kind=kind, launched_by=unit, starts_on=starts_on, ends_on=ends_on
        )
    other = OrgUnit.objects.valid_on(D(YEAR, 6, 1)).get(name="Tỉnh Quảng Ngãi")
    movement_create(
        actor=None, name="Phong trào của tỉnh khác", kind="regular", launched_by=other,
        starts_on=D(2024, 2, 1), ends_on=D(2024, 12, 31),
    )  # fmt: skip


@pytest.mark.parametrize("unit_name", [PROVINCE, CITY, HEALTH])
def test_0601_every_figure_equals_an_independent_aggregate(
    demo: None, db: None, unit_name: str
) -> None:
    _more_movements()
    unit = _unit(unit_name)

    report = _report(FORM_0601.code, unit)

    assert _figures(report) == expected_0601(unit)
    assert report.value("tong", "tong") > 0


def test_0601_of_the_province_counts_its_movements_cascades_and_clusters(
    demo: None, db: None
) -> None:
    province = _unit(PROVINCE)

    report = _report(FORM_0601.code, province)

    launched = Movement.objects.filter(launched_by__path__startswith=province.path).count()
    editions = ClusterYear.objects.filter(year=YEAR).count()
    assert (launched, editions) == (18, 2)
    assert report.value("tong", "tong") == launched + editions
    assert report.value("cum_khoi", "tong") == editions
    assert (
        report.value("tong", "co_quan")
        == Movement.objects.exclude(launched_by__kind="tinh").count()
    )


# --- 0602.N and 0603.N ------------------------------------------------------------------------


def _awards(unit: OrgUnit) -> QuerySet[AwardRecord]:
    return AwardRecord.objects.filter(
        Q(person__unit__path__startswith=unit.path)
        | Q(collective__path__startswith=unit.path)
        | Q(household__unit__path__startswith=unit.path),
        revoked_at__isnull=True,
        decision_date__year=YEAR,
    )


def _subject_rows() -> dict[str, Q]:
    return {
        "tong": Q(),
        "tap_the": Q(collective__isnull=False),
        "doanh_nghiep": Q(collective__kind="doanh_nghiep"),
        "ho_gia_dinh": Q(household__isnull=False),
        "ca_nhan": Q(person__isnull=False),
        **{
            category: Q(person__isnull=False, category=category)
            for category in (
                "lanh_dao_tinh",
                "lanh_dao_so",
                "doanh_nhan",
                "lanh_dao_khac",
                "truc_tiep",
            )
        },
        "thuong_xuyen": Q(award_type__in=["phong_trao", "cong_trang"]),
        **{
            method: Q(award_type=method)
            for method in ("chuyen_de", "dot_xuat", "doi_ngoai", "cong_hien", "nien_han")
        },
        "khang_chien": NOTHING,
    }


def expected_0603(unit: OrgUnit) -> dict[tuple[str, str], int]:
    commemorative = Q(award__startswith="KY_NIEM_CHUONG") | Q(award__startswith="HUY_HIEU")
    columns = {
        "bang_khen": Q(award="BANG_KHEN_TINH"),
        "cstd_tinh": Q(award="CSTD_TINH"),
        "co_thi_dua": Q(award="CO_THI_DUA_TINH"),
        "ky_niem_chuong": commemorative,
    }
    columns["tong"] = Q(award__in=["BANG_KHEN_TINH", "CSTD_TINH", "CO_THI_DUA_TINH"]) | (
        commemorative
    )
    awards = _awards(unit)
    return {
        (row, column): awards.filter(row_condition & column_condition).count()
        for row, row_condition in _subject_rows().items()
        for column, column_condition in columns.items()
    }


def expected_0602(unit: OrgUnit) -> dict[tuple[str, str], int]:
    columns = {
        "huan_chuong": Q(award__startswith="HUAN_CHUONG"),
        "huy_chuong": Q(award__startswith="HUY_CHUONG"),
        "giai_thuong_hcm": Q(award__startswith="GIAI_THUONG_HCM"),
        "giai_thuong_nn": Q(award__startswith="GIAI_THUONG_NHA_NUOC"),
        "vinh_du": Q(award__startswith="DANH_HIEU_VINH_DU") | Q(award__startswith="ANH_HUNG"),
        "co_cp": Q(award="CO_THI_DUA_CP"),
        "bang_khen_ttg": Q(award="BANG_KHEN_TTG"),
        "cstd_toan_quoc": Q(award="CSTD_TOAN_QUOC"),
        "khac": NOTHING,  # no other national award in the catalogue
    }
    columns["tong"] = (
        columns["huan_chuong"]
        | columns["huy_chuong"]
        | columns["giai_thuong_hcm"]
        | columns["giai_thuong_nn"]
        | columns["vinh_du"]
        | Q(award__in=["CO_THI_DUA_CP", "BANG_KHEN_TTG", "CSTD_TOAN_QUOC"])
    )
    rows = _subject_rows() | {"to_trinh_bo": NOTHING, "to_trinh_tinh": Q()}
    awards = _awards(unit)
    return {
        (row, column): awards.filter(row_condition & column_condition).count()
        for row, row_condition in rows.items()
        for column, column_condition in columns.items()
    }


def _record(subject: dict[str, Any], award: str, award_type: str, decided: datetime.date,
            category: str = "", **extra: Any) -> AwardRecord:  # fmt: skip
    """An award for the achievements of 2024 (decided in 2024, or early in 2025)."""
    return AwardRecord.objects.create(
        **subject,
        year=YEAR,
        award=award,
        award_type=award_type,
        decision_number=f"{AwardRecord.objects.count() + 1}/QĐ-UBND",
        decision_date=decided,
        issuer="Chủ tịch Ủy ban nhân dân tỉnh Kon Tum",
        category=category,
        **extra,
    )


def _more_awards() -> None:
    """What the demo's 2024 decisions lack: CSTĐ cấp tỉnh, Cờ thi đua (one to an enterprise),
    households, commemorative medals, other types; state-level awards; and records that must
    not count (revoked, decided in 2025, another province)."""
    province, city, health = _unit(PROVINCE), _unit(CITY), _unit(HEALTH)
    enterprise = make_unit("Công ty cổ phần Thử Nghiệm Kon Tum", "doanh_nghiep", province)
    commune = (
        OrgUnit.objects.valid_on(D(YEAR, 12, 31))
        .filter(path__startswith=city.path, kind="xa")
        .first()
    )
    assert commune is not None
    household = Household.objects.create(head_name="Hộ Thử Nghiệm", unit=commune)
    in_health = Person.objects.filter(unit__path__startswith=health.path).first()
    in_city = Person.objects.filter(unit__path__startswith=city.path).first()
    assert in_health is not None
    assert in_city is not None
    day = D(2024, 12, 27)
    _record({"person": in_health}, "CSTD_TINH", "phong_trao", day, "lanh_dao_so")
    _record({"person": in_city}, "CSTD_TINH", "phong_trao", day, "truc_tiep")
    _record({"person": in_city}, "BANG_KHEN_TINH", "dot_xuat", D(2024, 4, 2), "truc_tiep")
    _record({"person": in_city}, "BANG_KHEN_TINH", "chuyen_de", D(2024, 9, 2), "doanh_nhan")
    _record({"person": in_city}, "KY_NIEM_CHUONG_TINH", "cong_hien", day, "lanh_dao_tinh")
    _record({"collective": enterprise}, "CO_THI_DUA_TINH", "phong_trao", day)
    _record({"collective": health}, "CO_THI_DUA_TINH", "phong_trao", day)
    _record({"household": household}, "BANG_KHEN_TINH", "chuyen_de", D(2024, 10, 1))
    _record({"person": in_health}, "BANG_KHEN_TTG", "cong_trang", D(2024, 6, 10), "lanh_dao_so")
    _record({"collective": enterprise}, "BANG_KHEN_TTG", "phong_trao", D(2024, 6, 10))
    _record({"person": in_city}, "HUAN_CHUONG_LAO_DONG_HANG_BA", "cong_hien", day, "truc_tiep")
    # Not counted: revoked, decided in 2025 (for 2024), the other province.
    _record(
        {"person": in_city}, "BANG_KHEN_TINH", "phong_trao", D(2024, 12, 20), "truc_tiep",
        revoked_at=datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC),
        revocation_reason="Khai man hồ sơ (thử nghiệm).",
    )  # fmt: skip
    _record({"person": in_city}, "CSTD_TINH", "phong_trao", D(2025, 1, 15), "truc_tiep")
    other = Person.objects.exclude(unit__path__startswith=province.path).first()
    if other is not None:
        _record({"person": other}, "BANG_KHEN_TINH", "phong_trao", day, "truc_tiep")


@pytest.mark.parametrize("unit_name", [PROVINCE, CITY, HEALTH])
def test_0603_every_figure_equals_an_independent_aggregate(
    demo: None, db: None, unit_name: str
) -> None:
    _more_awards()
    unit = _unit(unit_name)

    report = _report(FORM_0603.code, unit)

    assert _figures(report) == expected_0603(unit)
    assert report.value("tong", "tong") > 0


def test_0603_of_the_demo_as_loaded(demo: None, db: None) -> None:
    """Before anything is added: the 2024 Bằng khen of the round and of the units, no
    revoked award, the individuals' categories summing to the individuals."""
    province = _unit(PROVINCE)

    report = _report(FORM_0603.code, province)

    figures = _figures(report)
    assert figures == expected_0603(province)
    bang_khen = _awards(province).filter(award="BANG_KHEN_TINH").count()
    assert bang_khen > 100
    assert report.value("tong", "bang_khen") == bang_khen
    categories = ("lanh_dao_tinh", "lanh_dao_so", "doanh_nhan", "lanh_dao_khac", "truc_tiep")
    assert sum(report.value(row, "tong") for row in categories) == report.value("ca_nhan", "tong")
    assert report.value("truc_tiep", "tong") > report.value("ca_nhan", "tong") // 2
    assert report.value("tap_the", "tong") + report.value("ca_nhan", "tong") == bang_khen


@pytest.mark.parametrize("unit_name", [PROVINCE, HEALTH])
def test_0602_every_figure_equals_an_independent_aggregate(
    demo: None, db: None, unit_name: str
) -> None:
    _more_awards()
    unit = _unit(unit_name)

    report = _report(FORM_0602.code, unit)

    assert _figures(report) == expected_0602(unit)
    assert report.value("tong", "tong") == (3 if unit_name == PROVINCE else 1)


# --- 0604.N and 0605.N ------------------------------------------------------------------------


def _counts(staff: int, women: int, **bodies: int) -> dict[str, int]:
    """`staff` civil servants, one fewer part-time than full-time, spread across the splits."""
    part = staff // 3
    full = staff - part
    return dict.fromkeys(WORKFORCE_FIELDS, 0) | bodies | {
        "full_time_staff": full,
        "part_time_staff": part,
        "women": women,
        "age_30_39": staff - 1,
        "age_50_plus": 1,
        "university": staff,
        "seniority_under_5": staff // 2,
        "seniority_5_9": staff - staff // 2,
    }  # fmt: skip


def test_0604_and_0605_equal_the_entered_figures(demo: None, db: None) -> None:
    province, city, health = _unit(PROVINCE), _unit(CITY), _unit(HEALTH)
    commune = (
        OrgUnit.objects.valid_on(D(YEAR, 12, 31))
        .filter(path__startswith=city.path, kind="xa")
        .first()
    )
    assert commune is not None
    department = make_unit("Phòng Nội vụ thành phố", "phong_ban", city)
    entered = [
        (province, _counts(6, 4, councils=1, dedicated_bodies=1)),
        (health, _counts(3, 2, councils=1, part_time_bodies=1)),
        (department, _counts(2, 1, part_time_bodies=1)),
        (commune, _counts(1, 1, councils=1)),
    ]
    for unit, counts in entered:
        tdkt_workforce_save(actor=None, unit=unit, year=YEAR, counts=counts)
    tdkt_workforce_save(actor=None, unit=health, year=YEAR + 1, counts=_counts(9, 9))

    bodies = _report(FORM_0604.code, province)
    staff = _report(FORM_0605.code, province)
    city_staff = _report(FORM_0605.code, city)

    levels = {
        "tong": Q(),
        "cap_tinh": Q(unit__kind="tinh"),
        "cap_so": Q(unit__kind="so_ban_nganh"),
        "cap_huyen": Q(unit__kind="huyen") | Q(unit__kind="phong_ban", unit__parent__kind="huyen"),
        "cap_xa": Q(unit__kind="xa"),
        "khac": NOTHING,
    }
    for report, unit in ((bodies, province), (staff, province), (city_staff, city)):
        rows = TdktWorkforce.objects.filter(year=YEAR, unit__path__startswith=unit.path)
        total_of = report.spec.total_keys
        expected = {}
        for row, condition in levels.items():
            sums = rows.filter(condition).aggregate(
                **{name: Sum(name) for name in report.spec.column_keys}
            )
            sums = {name: value or 0 for name, value in sums.items()}
            expected |= {(row, name): value for name, value in sums.items()}
            expected[row, "tong"] = sum(sums[name] for name in total_of)
        assert _figures(report) == expected
    assert staff.value("tong", "tong") == 12
    assert bodies.value("tong", "tong") == 6
    assert city_staff.value("cap_huyen", "tong") == 2


# --- The downloaded workbook --------------------------------------------------------------------


def test_the_office_downloads_the_province_workbook_with_the_same_figures(
    demo: None, db: None, client: Any
) -> None:
    """The demo's office account holds its role on today's province: through the 2025
    lineage it still reports for Kon Tum's 2024."""
    _more_awards()
    province = _unit(PROVINCE)
    client.force_login(User.objects.get(username="chuyenvien"))

    response = client.get(reverse("statforms:download-all"), {"nam": YEAR, "don_vi": province.pk})

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == [f"Biểu {code}" for code in ("0601.N", "0602.N", "0603.N",
                                                              "0604.N", "0605.N")]  # fmt: skip
    for spec, expected in ((FORM_0601, expected_0601), (FORM_0603, expected_0603)):
        ws = workbook[f"Biểu {spec.code}"]
        first_number = 4 if spec.unit_column else 3
        cells = {
            ws.cell(row=row, column=2).value: [
                ws.cell(row=row, column=column).value
                for column in range(first_number, first_number + 1 + len(spec.columns))
            ]
            for row in range(12, 12 + len(spec.rows))
            if ws.cell(row=row, column=2).value
        }
        figures = expected(province)
        assert cells == {
            line.code: [figures[line.key, column] for column in ("tong", *spec.column_keys)]
            for line in spec.rows
            if line.key
        }
        assert ws["A1"].value == f"Biểu số {spec.symbol}"
        assert "Đơn vị báo cáo: Tỉnh Kon Tum" in [cell.value for cell in ws[1]]
