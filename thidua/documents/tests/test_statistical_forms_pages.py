"""The statistical forms' pages: who sees which unit's forms and who enters the TĐKT workforce
(permission matrices over every page), the preview's figures and constant query count, the
downloads, and the workforce entry through the page and the services (audited, refused
without side effects)."""

import datetime
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from conftest import PERMISSION_CASES, Tree, make_unit, make_user
from thidua.accounts.enums import Role
from thidua.commendation.models import AwardRecord, Person
from thidua.core.exceptions import ApplicationError
from thidua.core.models import AuditEvent
from thidua.documents.models import TdktWorkforce
from thidua.documents.statistical_forms import WORKFORCE_FIELDS
from thidua.documents.statistical_services import tdkt_workforce_delete, tdkt_workforce_save
from thidua.emulation.services import movement_create

COVERED_URL_NAMES = [
    "statforms:index",
    "statforms:download",
    "statforms:download-all",
    "statforms:workforce-list",
    "statforms:workforce-edit",
]
YEAR = 2024
D = datetime.date

# Index, downloads: any of the reporting roles for its subtree (the index answers 200 with the
# unit refused by the form for a unit the user does not cover); workforce: the office only.
REPORTER_EXPECTED: dict[str, dict[str, int]] = {
    "index": {"anonymous": 302, "no_role": 403},
    "download": {"anonymous": 302, "no_role": 403, "other_unit": 403},
    "download-all": {"anonymous": 302, "no_role": 403, "other_unit": 403},
    "workforce-list": {"anonymous": 302, "no_role": 403, "other_unit": 403, "parent_unit": 403,
                       "right_role": 403},
    "workforce-edit": {"anonymous": 302, "no_role": 403, "other_unit": 403, "parent_unit": 403,
                       "right_role": 403},
}  # fmt: skip
OFFICE_EXPECTED: dict[str, dict[str, int]] = {
    **REPORTER_EXPECTED,
    "workforce-list": {"anonymous": 302, "no_role": 403},
    "workforce-edit": {"anonymous": 302, "no_role": 403, "other_unit": 403},
}


def _counts(staff: int = 3, **extra: int) -> dict[str, int]:
    return dict.fromkeys(WORKFORCE_FIELDS, 0) | {
        "councils": 1,
        "full_time_staff": staff - 1,
        "part_time_staff": 1,
        "women": 1,
        "age_40_49": staff,
        "postgraduate": staff,
        "seniority_10_plus": staff,
    } | extra  # fmt: skip


def _person(unit: Any, number: int = 0) -> Person:
    return Person.objects.create(
        full_name=f"Nguyễn Văn Thử {number}", gender="nam", unit=unit, category="truc_tiep"
    )


DECIDED = D(YEAR, 12, 20)


def _award(person: Person, award: str = "BANG_KHEN_TINH", day: D = DECIDED) -> None:
    AwardRecord.objects.create(
        person=person,
        year=YEAR,
        award=award,
        award_type="phong_trao",
        decision_number=f"{AwardRecord.objects.count() + 1}/QĐ-UBND",
        decision_date=day,
        issuer="Chủ tịch Ủy ban nhân dân tỉnh Thử Nghiệm",
        category=person.category,
    )


@pytest.fixture
def data(tree: Tree) -> Tree:
    """In Sở A (the unit under test): a movement, three Bằng khen, and its workforce."""
    movement_create(
        actor=None,
        name="Thi đua cải cách hành chính",
        kind="thematic",
        launched_by=tree.unit,
        starts_on=D(YEAR, 3, 1),
        ends_on=D(YEAR, 12, 31),
    )
    for number in range(3):
        _award(_person(tree.unit, number))
    _award(_person(tree.other, 9))
    tdkt_workforce_save(actor=None, unit=tree.unit, year=YEAR, counts=_counts())
    return tree


def _urls(tree: Tree) -> dict[str, str]:
    unit = tree.unit.pk
    return {
        "index": f"{reverse('statforms:index')}?bieu=0603.N&nam={YEAR}&don_vi={unit}",
        "download": f"{reverse('statforms:download')}?bieu=0603.N&nam={YEAR}&don_vi={unit}",
        "download-all": f"{reverse('statforms:download-all')}?nam={YEAR}&don_vi={unit}",
        "workforce-list": f"{reverse('statforms:workforce-list')}?nam={YEAR}",
        "workforce-edit": reverse("statforms:workforce-edit", args=[YEAR, unit]),
    }


@pytest.mark.parametrize("role", [Role.LANH_DAO_DON_VI, Role.NHAP_LIEU])
@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_pages_permission_matrix_for_the_units_reporters(
    data: Tree, login: Any, role: str, case: str, make_actor: Any
) -> None:
    client = login(make_actor(data, role))

    for name, url in _urls(data).items():
        response = client.get(url)

        assert (name, response.status_code) == (name, REPORTER_EXPECTED[name].get(case, 200))
        if name == "index" and response.status_code == 200:
            shown = "report" in response.context
            assert shown == (case in ("parent_unit", "right_role"))


@pytest.mark.parametrize("role", [Role.CHUYEN_VIEN_TDKT, Role.QUAN_TRI])
@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_pages_permission_matrix_for_the_office(
    data: Tree, login: Any, role: str, case: str, make_actor: Any
) -> None:
    client = login(make_actor(data, role))

    for name, url in _urls(data).items():
        response = client.get(url)

        assert (name, response.status_code) == (name, OFFICE_EXPECTED[name].get(case, 200))


@pytest.mark.parametrize("role", [Role.THANH_VIEN_HOI_DONG, Role.TRUONG_CUM_KHOI, Role.NGUOI_XEM])
def test_other_roles_see_no_statistical_form(data: Tree, login: Any, role: str) -> None:
    client = login(make_user(role, data.province))

    statuses = [client.get(url).status_code for url in _urls(data).values()]

    assert statuses == [403, 403, 403, 403, 403]


def test_the_office_of_the_province_chooses_any_unit_of_it(data: Tree, login: Any) -> None:
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, data.province))

    response = client.get(reverse("statforms:index"), {"nam": YEAR})

    choices = [label for _, label in response.context["form"].fields["don_vi"].choices]
    assert choices == [
        "Tỉnh Thử Nghiệm",
        "— Sở Nội vụ tỉnh Thử Nghiệm",
        "— — Phòng Thi đua - Khen thưởng",
        "— Sở Y tế tỉnh Thử Nghiệm",
    ]
    assert "report" not in response.context


def test_a_reporter_chooses_within_the_subtree_only(data: Tree, login: Any) -> None:
    client = login(make_user(Role.NHAP_LIEU, data.unit))
    url = reverse("statforms:index")

    own = client.get(url, {"nam": YEAR})
    other = client.get(url, {"bieu": "0603.N", "nam": YEAR, "don_vi": data.other.pk})

    choices = [label for _, label in own.context["form"].fields["don_vi"].choices]
    assert choices == ["Sở Nội vụ tỉnh Thử Nghiệm", "— Phòng Thi đua - Khen thưởng"]
    assert other.context["form"].errors["don_vi"]
    assert "report" not in other.context


def test_the_preview_shows_the_forms_figures(data: Tree, login: Any) -> None:
    client = login(make_user(Role.LANH_DAO_DON_VI, data.unit))

    response = client.get(_urls(data)["index"])

    report = response.context["report"]
    text = response.content.decode()
    assert (report.value("tong", "tong"), report.value("truc_tiep", "bang_khen")) == (3, 3)
    assert report.receiver == "Sở Nội vụ tỉnh Thử Nghiệm"
    assert "0603.N/BNV-TĐKT" in text
    assert '<tr data-code="10"><th scope="row">+ Người trực tiếp công tác' in text
    assert '<td class="num">3</td>' in text
    assert 'href="/bao-cao/bieu-mau/tai-ve/?bieu=0603.N&amp;nam=2024&amp;don_vi=' in text
    # The forms belong to the reports area of the navigation.
    active = [entry["label"] for entry in response.context["nav_entries"] if entry["active"]]
    assert active == ["Báo cáo"]


def test_the_preview_runs_a_constant_number_of_queries(
    data: Tree, login: Any, django_assert_num_queries: Any
) -> None:
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, data.province))
    province = f"{reverse('statforms:index')}?nam={YEAR}&don_vi={data.province.pk}"
    client.get(province + "&bieu=0603.N")  # the session, once

    # session, user, memberships, lineage of the roles' units, units of the year, lineage
    # of the unit, the grouped awards (a province has no ancestors to take its place name from)
    with django_assert_num_queries(7):
        few = client.get(province + "&bieu=0603.N")
    for number in range(3, 40):
        _award(_person(data.child if number % 2 else data.other, number))
    with django_assert_num_queries(7):
        many = client.get(province + "&bieu=0603.N")
    with django_assert_num_queries(8):  # movements, then cluster editions
        movements = client.get(province + "&bieu=0601.N")
    with django_assert_num_queries(8):  # a unit's ancestors give its place name
        child = client.get(
            province.replace(str(data.province.pk), str(data.child.pk)) + "&bieu=0603.N"
        )

    assert few.context["report"].value("tong", "tong") == 4
    assert many.context["report"].value("tong", "tong") == 41
    assert movements.context["report"].value("tong", "tong") == 1
    assert child.context["report"].value("tong", "tong") == 19


def test_download_one_form_as_xlsx(data: Tree, login: Any) -> None:
    client = login(make_user(Role.LANH_DAO_DON_VI, data.unit))

    response = client.get(_urls(data)["download"])

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "bieu-0603-n-2024-so-noi-vu-tinh-thu-nghiem.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ws = workbook["Biểu 0603.N"]
    assert workbook.sheetnames == ["Biểu 0603.N"]
    assert ws["A1"].value == "Biểu số 0603.N/BNV-TĐKT"
    assert [ws.cell(row=12, column=column).value for column in range(1, 9)] == [
        "Tổng số", "01", None, 3, 3, 0, 0, 0,
    ]  # fmt: skip


def test_download_all_five_forms_in_one_workbook(data: Tree, login: Any) -> None:
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, data.province))

    response = client.get(_urls(data)["download-all"])

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == [
        "Biểu 0601.N", "Biểu 0602.N", "Biểu 0603.N", "Biểu 0604.N", "Biểu 0605.N",
    ]  # fmt: skip
    ws = workbook["Biểu 0605.N"]
    assert [ws.cell(row=12, column=column).value for column in range(1, 6)] == [
        "Tổng số", "01", 3, 2, 1,
    ]  # fmt: skip


@pytest.mark.parametrize(
    "query",
    [
        {"bieu": "0699.N", "nam": YEAR},
        {"bieu": "0603.N", "nam": YEAR, "don_vi": "abc"},
        {"bieu": "0603.N", "nam": YEAR, "don_vi": 0},
        {"bieu": "0603.N", "nam": 2023},  # the unit did not exist yet
    ],
)
def test_download_of_an_unknown_form_or_unit_is_not_found(
    data: Tree, login: Any, query: dict[str, Any]
) -> None:
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, data.province))
    query.setdefault("don_vi", data.unit.pk)

    response = client.get(reverse("statforms:download"), query)

    assert response.status_code == 404


# --- Entering the workforce -----------------------------------------------------------------


def _post(counts: dict[str, int], note: str = "") -> dict[str, Any]:
    return {**{name: str(value) for name, value in counts.items()}, "note": note}


def test_the_office_enters_a_units_workforce_through_the_page(tree: Tree, login: Any) -> None:
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province))
    url = reverse("statforms:workforce-edit", args=[YEAR, tree.other.pk])

    chosen = client.get(reverse("statforms:workforce-list"), {"nam": YEAR, "don_vi": tree.other.pk})
    form = client.get(url)
    saved = client.post(url, _post(_counts(4, women=2), "Ban Thi đua - Khen thưởng"))
    listed = client.get(reverse("statforms:workforce-list"), {"nam": YEAR})

    assert (chosen.status_code, chosen["Location"]) == (302, url)
    assert form.status_code == 200
    assert saved.status_code == 302
    record = TdktWorkforce.objects.get(unit=tree.other, year=YEAR)
    assert (record.full_time_staff, record.part_time_staff, record.women) == (3, 1, 2)
    assert record.note == "Ban Thi đua - Khen thưởng"
    assert list(AuditEvent.objects.filter(action="tdkt_workforce.saved").values_list(
        "object_id", "unit_id"
    )) == [(str(record.pk), tree.other.pk)]  # fmt: skip
    assert [r.unit for r in listed.context["records"]] == [tree.other]
    assert "Đã lưu số liệu năm 2024 của Sở Y tế tỉnh Thử Nghiệm." in listed.content.decode()


def test_splits_that_do_not_add_up_are_refused_on_the_page(tree: Tree, login: Any) -> None:
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province))
    url = reverse("statforms:workforce-edit", args=[YEAR, tree.unit.pk])

    response = client.post(url, _post(_counts(4, age_40_49=3)))

    assert response.status_code == 200
    assert (
        "Số công chức chia theo độ tuổi cộng lại được 3, phải bằng tổng số công chức chuyên "
        "trách và kiêm nhiệm (4)." in response.content.decode()
    )
    assert not TdktWorkforce.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="tdkt_workforce").exists()


def test_the_office_changes_then_deletes_the_figures(tree: Tree, login: Any) -> None:
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province))
    url = reverse("statforms:workforce-edit", args=[YEAR, tree.unit.pk])
    client.post(url, _post(_counts(3)))

    changed = client.post(url, _post(_counts(5)))
    staff = TdktWorkforce.objects.get().staff
    page = client.get(url)
    deleted = client.post(url, {"delete": "1"})

    assert (changed.status_code, staff) == (302, 5)
    assert page.context["form"].initial["full_time_staff"] == 4
    assert deleted.status_code == 302
    assert not TdktWorkforce.objects.exists()
    assert list(
        AuditEvent.objects.filter(action__startswith="tdkt_workforce")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["tdkt_workforce.saved", "tdkt_workforce.saved", "tdkt_workforce.deleted"]
    before = AuditEvent.objects.filter(action="tdkt_workforce.saved").order_by("id").last()
    assert before is not None
    assert (before.before["full_time_staff"], before.after["full_time_staff"]) == (2, 4)


def test_a_year_the_unit_did_not_exist_in_is_not_found(tree: Tree, login: Any) -> None:
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province))

    response = client.get(reverse("statforms:workforce-edit", args=[2023, tree.unit.pk]))

    assert response.status_code == 404


# --- The services -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.LANH_DAO_DON_VI, Role.NHAP_LIEU, Role.NGUOI_XEM])
def test_only_the_office_saves_workforce_figures(tree: Tree, role: str) -> None:
    actor = make_user(role, tree.unit)

    with pytest.raises(PermissionDenied):
        tdkt_workforce_save(actor=actor, unit=tree.unit, year=YEAR, counts=_counts())

    assert not TdktWorkforce.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="tdkt_workforce").exists()


def test_the_office_of_another_unit_cannot_delete(tree: Tree) -> None:
    record = tdkt_workforce_save(actor=None, unit=tree.unit, year=YEAR, counts=_counts())

    with pytest.raises(PermissionDenied):
        tdkt_workforce_delete(actor=make_user(Role.CHUYEN_VIEN_TDKT, tree.other), record=record)

    assert TdktWorkforce.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize(
    ("year", "counts", "message"),
    [
        (
            2023,
            _counts(),
            "Đơn vị “Sở Nội vụ tỉnh Thử Nghiệm” không tồn tại trong năm 2023.",
        ),
        (1999, _counts(), "Năm báo cáo phải từ 2000 đến 2100."),
        (YEAR, _counts() | {"interns": 1}, "Không có số liệu “interns” trong biểu."),
        (
            YEAR,
            _counts(3, women=4),
            "Số công chức nữ (4) lớn hơn tổng số công chức (3).",
        ),
        (
            YEAR,
            _counts(3, councils=-1),
            "Số liệu “Hội đồng Thi đua - Khen thưởng” phải là số nguyên không âm.",
        ),
    ],
)
def test_workforce_figures_are_validated(
    tree: Tree, year: int, counts: dict[str, int], message: str
) -> None:
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)

    with pytest.raises(ApplicationError) as refused:
        tdkt_workforce_save(actor=office, unit=tree.unit, year=year, counts=counts)

    assert refused.value.message == message
    assert not TdktWorkforce.objects.exists()


def test_a_dissolved_unit_is_still_entered_for_its_last_year(tree: Tree) -> None:
    old = make_unit("Sở cũ", parent=tree.province)
    old.valid_to = D(YEAR, 7, 1)
    old.save(update_fields=["valid_to"])

    record = tdkt_workforce_save(actor=None, unit=old, year=YEAR, counts=_counts())

    assert record.unit == old
    with pytest.raises(ApplicationError):
        tdkt_workforce_save(actor=None, unit=old, year=YEAR + 1, counts=_counts())


def test_the_database_refuses_splits_that_do_not_add_up(tree: Tree) -> None:
    """What the admin writes is checked by the same rules (the model's constraints)."""
    record = TdktWorkforce(unit=tree.unit, year=YEAR, **_counts(3, seniority_10_plus=2))

    with pytest.raises(ValidationError) as refused:
        record.full_clean()

    assert refused.value.messages == [
        "Số công chức chia theo thâm niên phải bằng tổng số công chức chuyên trách và kiêm nhiệm."
    ]
