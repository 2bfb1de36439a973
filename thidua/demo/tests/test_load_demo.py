"""The demo loader: Kon Tum in 2024, the 2025 restructuring, the demo accounts, idempotency.

Loading takes a few seconds, so only three tests load it.
"""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from thidua.accounts.enums import Role
from thidua.accounts.models import Membership, User
from thidua.core.models import AuditEvent
from thidua.core.text import search_key
from thidua.demo.load import load_demo
from thidua.demo.org_units import DEMO_PROVINCE_CODE, merged_province
from thidua.demo.users import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_URL
from thidua.org.enums import UnitKind
from thidua.org.models import LineageEvent, OrgUnit
from thidua.org.selectors import (
    orgunit_lineage,
    orgunit_roots_as_of,
    orgunit_subtree_as_of,
    orgunit_successor_ids,
)
from thidua.targets.models import Report

END_2024 = datetime.date(2024, 12, 31)
MARCH_2025 = datetime.date(2025, 3, 1)
JULY_2025 = datetime.date(2025, 7, 1)


def _load() -> str:
    out = io.StringIO()
    summary = load_demo(stdout=out)
    assert summary.created
    return out.getvalue()


def _root(code: str, day: datetime.date) -> OrgUnit:
    return OrgUnit.objects.valid_on(day).get(parent__isnull=True, code=code)


def _kinds(unit: OrgUnit, day: datetime.date) -> Counter[str]:
    return Counter(
        orgunit_subtree_as_of(unit=unit, day=day).exclude(pk=unit.pk).values_list("kind", flat=True)
    )


def _unit_named(name: str) -> OrgUnit:
    return OrgUnit.objects.get(name=name)


def test_dataset_gives_every_old_commune_one_place_in_2025() -> None:
    target = merged_province()
    kon_tum, *others = target.old_provinces
    assert kon_tum.code == DEMO_PROVINCE_CODE
    assert [p.code for p in others] == ["51"]
    assert len(kon_tum.districts) == 10
    assert len(kon_tum.communes) == 102
    assert len(target.communes) == 96
    whole = [key for commune in target.communes for key in commune.whole]
    assert len(whole) == len(set(whole))
    assert not set(whole) & set(target.divided)
    old = {c.key for p in target.old_provinces for c in p.communes}
    districts_without_communes = {d.key + "_" for p in target.old_provinces for d in p.districts}
    assert old == (set(whole) | set(target.divided)) - districts_without_communes


@pytest.mark.django_db
def test_kon_tum_2024_becomes_quang_ngai_2025() -> None:
    output = _load()
    assert "Tỉnh Quảng Ngãi" in output

    kon_tum = _root("62", END_2024)
    assert kon_tum.name == "Tỉnh Kon Tum"
    kinds = _kinds(kon_tum, END_2024)
    assert kinds[UnitKind.HUYEN] == 10
    assert kinds[UnitKind.XA] == 102
    assert kinds[UnitKind.SO_BAN_NGANH] >= 18
    assert kinds[UnitKind.TRUNG_UONG] == 9
    assert kinds[UnitKind.MAT_TRAN] == 6
    names_2024 = set(
        orgunit_subtree_as_of(unit=kon_tum, day=END_2024).values_list("name", flat=True)
    )
    assert {"Sở Nội vụ tỉnh Kon Tum", "Sở Kế hoạch và Đầu tư tỉnh Kon Tum"} <= names_2024
    assert {"Ban Thi đua - Khen thưởng", "Phường Quang Trung"} <= names_2024
    old_quang_ngai = _root("51", END_2024)
    assert _kinds(old_quang_ngai, END_2024)[UnitKind.HUYEN] == 13

    # 01/03/2025: the departments of Nghị định 45/2025/NĐ-CP, in both provinces.
    names_march = set(
        orgunit_subtree_as_of(unit=_root("62", MARCH_2025), day=MARCH_2025).values_list(
            "name", flat=True
        )
    )
    assert "Sở Nông nghiệp và Môi trường tỉnh Kon Tum" in names_march
    assert "Sở Dân tộc và Tôn giáo tỉnh Kon Tum" in names_march
    assert "Sở Kế hoạch và Đầu tư tỉnh Kon Tum" not in names_march
    assert "Sở Lao động - Thương binh và Xã hội tỉnh Kon Tum" not in names_march

    # 01/07/2025: one province, 96 communes, no districts.
    roots = list(orgunit_roots_as_of(day=JULY_2025))
    assert [(root.name, root.code) for root in roots] == [("Tỉnh Quảng Ngãi", "51")]
    quang_ngai = roots[0]
    assert quang_ngai.valid_from == JULY_2025
    kinds = _kinds(quang_ngai, JULY_2025)
    assert kinds[UnitKind.XA] == 96
    assert kinds[UnitKind.HUYEN] == 0
    assert kon_tum.pk not in {unit.pk for unit in OrgUnit.objects.valid_on(JULY_2025)}
    communes = orgunit_subtree_as_of(unit=quang_ngai, day=JULY_2025).filter(kind=UnitKind.XA)
    assert set(communes.values_list("code", flat=True)) == {
        commune.code for commune in merged_province().communes
    }
    assert all(unit.parent_id == quang_ngai.pk for unit in communes)

    # Nothing open under a closed unit; every row's path and dates agree with its parent's.
    assert not OrgUnit.objects.filter(valid_to__isnull=True, parent__valid_to__isnull=False)
    for unit in OrgUnit.objects.select_related("parent"):
        parent = unit.parent
        assert unit.path == f"{parent.path if parent else '/'}{unit.pk}/", unit
        assert unit.depth == (parent.depth + 1 if parent else 0), unit
        if parent is not None:
            assert parent.valid_from <= unit.valid_from, unit
            if parent.valid_to is not None:
                assert unit.valid_to is not None, unit
                assert unit.valid_to <= parent.valid_to, unit

    # Every change was made by a service: one audit entry per lineage event.
    lineage_audits = AuditEvent.objects.filter(action__startswith="org_unit.").count()
    assert lineage_audits == LineageEvent.objects.count()


@pytest.mark.django_db
def test_lineage_and_demo_roles_follow_the_2025_successors() -> None:
    _load()
    target = merged_province()
    kon_tum = target.old_provinces[0]

    # A 2024 ward of TP Kon Tum leads to the 2025 ward the mapping data gives for it.
    district = next(d for d in kon_tum.districts if d.name == "Thành phố Kon Tum")
    old_ward = next(c for c in district.communes if c.name == "Phường Quang Trung")
    new_ward = next(c for c in target.communes if old_ward.key in c.whole)
    assert new_ward.name == "Phường Kon Tum"
    old_unit = OrgUnit.objects.get(code=old_ward.code, kind=UnitKind.XA, valid_to=JULY_2025)
    new_unit = OrgUnit.objects.get(code=new_ward.code, kind=UnitKind.XA, valid_from=JULY_2025)
    assert search_key(new_unit.name) == search_key(new_ward.name)
    assert new_unit.pk in orgunit_successor_ids([old_unit.pk])[old_unit.pk]

    # A commune divided between two new ones leads to both.
    divided_key, new_keys = next(iter(target.divided.items()))
    divided_code = next(
        c.code for p in target.old_provinces for c in p.communes if c.key == divided_key
    )
    divided = OrgUnit.objects.get(code=divided_code, kind=UnitKind.XA, valid_to=JULY_2025)
    codes = {c.key: c.code for c in target.communes}
    successors = {step.unit.code for step in orgunit_lineage(divided, backwards=False)}
    assert {codes[key] for key in new_keys} <= successors

    # Sở Kế hoạch và Đầu tư (2024) → Sở Tài chính tỉnh Kon Tum → Sở Tài chính tỉnh Quảng Ngãi.
    planning = _unit_named("Sở Kế hoạch và Đầu tư tỉnh Kon Tum")
    steps = orgunit_lineage(planning, backwards=False)
    assert [step.unit.name for step in steps] == [
        "Sở Tài chính tỉnh Kon Tum",
        "Sở Tài chính tỉnh Quảng Ngãi",
    ]
    assert steps[-1].unit.valid_to is None
    assert steps[-1].unit.parent.name == "Tỉnh Quảng Ngãi"
    # Huyện Lý Sơn, which had no communes, became Đặc khu Lý Sơn.
    ly_son = _unit_named("Huyện Lý Sơn")
    assert [s.unit.name for s in orgunit_lineage(ly_son, backwards=False)] == ["Đặc khu Lý Sơn"]
    # The internal departments followed Sở Nội vụ into the new province.
    ban = OrgUnit.objects.get(name="Ban Thi đua - Khen thưởng", valid_to__isnull=True)
    assert ban.parent.name == "Sở Nội vụ tỉnh Quảng Ngãi"

    # The demo accounts hold their roles on today's successors of their 2024 units.
    quang_ngai = _root("51", JULY_2025)
    expected = {
        "quantri": (Role.QUAN_TRI, quang_ngai.name),
        "chuyenvien": (Role.CHUYEN_VIEN_TDKT, quang_ngai.name),
        "hoidong": (Role.THANH_VIEN_HOI_DONG, quang_ngai.name),
        "lanhdao": (Role.LANH_DAO_DON_VI, "Sở Y tế tỉnh Quảng Ngãi"),
        "nhaplieu": (Role.NHAP_LIEU, new_unit.name),
        "truongcum": (Role.TRUONG_CUM_KHOI, "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi"),
        "nguoixem": (Role.NGUOI_XEM, quang_ngai.name),
    }
    assert set(expected) == {account.username for account in DEMO_ACCOUNTS}
    for username, (role, unit_name) in expected.items():
        user = User.objects.get(username=username)
        assert user.is_demo
        assert user.position.endswith(" (minh họa)")
        assert user.check_password(DEMO_PASSWORD)
        held = [
            (m.role, m.unit.name, m.unit.valid_to) for m in Membership.objects.filter(user=user)
        ]
        assert held == [(role, unit_name, None)], username
    # The 2025 demo campaign is reported by whoever succeeds the assigned department.
    revenue = Report.objects.filter(
        measure__target__campaign__year=2025, measure__code="3"
    ).select_related("unit")
    reporters = {report.period_key: report.unit.name for report in revenue}
    assert reporters["2025-02"] == "Sở Tài chính tỉnh Kon Tum"
    assert reporters["2025-07"] == "Sở Tài chính tỉnh Quảng Ngãi"
    office = User.objects.get(username="chuyenvien")
    assert all(office.has_perm("targets.review_report", report) for report in revenue)

    admin = User.objects.get(username="quantri")
    assert admin.is_superuser
    assert admin.is_staff
    assert not User.objects.filter(is_superuser=True).exclude(username="quantri").exists()


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing() -> None:
    first = io.StringIO()
    call_command("load_demo", stdout=first)

    def counts() -> tuple[int, ...]:
        return (
            OrgUnit.objects.count(),
            LineageEvent.objects.count(),
            AuditEvent.objects.count(),
            User.objects.count(),
            Membership.objects.count(),
        )

    before = counts()
    assert before[0] > 400
    second = io.StringIO()
    call_command("load_demo", stdout=second)
    assert counts() == before
    text = second.getvalue()
    assert "Dữ liệu minh họa đã có sẵn" in text
    for output in (first.getvalue(), text):
        assert DEMO_URL in output
        assert DEMO_PASSWORD in output
        for account in DEMO_ACCOUNTS:
            assert account.username in output
        assert "Sở Y tế tỉnh Quảng Ngãi" in output


@pytest.mark.django_db
def test_load_demo_refuses_a_real_account_with_a_demo_username() -> None:
    User.objects.create_user(username="quantri", password="x-Not-A-Demo-1")
    with pytest.raises(CommandError, match="quantri"):
        call_command("load_demo", stdout=io.StringIO())
    assert not OrgUnit.objects.exists()
