"""Lineage services: each event, history on either side of the date, rules, audit, rights."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from conftest import START, Tree, make_unit, make_user
from thidua.accounts.enums import Role
from thidua.accounts.models import Membership
from thidua.core.exceptions import ApplicationError
from thidua.core.models import AuditEvent
from thidua.org.enums import LineageKind
from thidua.org.models import LineageEvent, LineageLink, OrgUnit
from thidua.org.selectors import (
    orgunit_list_as_of,
    orgunit_predecessor_ids,
    orgunit_subtree_as_of,
    orgunit_successor_ids,
)
from thidua.org.services import (
    UnitSpec,
    orgunit_correct,
    orgunit_create,
    orgunit_dissolve,
    orgunit_merge,
    orgunit_move,
    orgunit_rename,
    orgunit_split,
)

D2025 = datetime.date(2025, 7, 1)
BEFORE = datetime.date(2025, 6, 30)


def names_on(day: datetime.date) -> set[str]:
    return set(orgunit_list_as_of(day=day).values_list("name", flat=True))


def test_orgunit_create_sets_path_and_search_key(tree: Tree) -> None:
    assert tree.child.path == f"/{tree.province.pk}/{tree.unit.pk}/{tree.child.pk}/"
    assert tree.child.depth == 2
    assert tree.unit.search_key == "so noi vu tinh thu nghiem"
    event = LineageEvent.objects.get(links__successor=tree.unit)
    assert event.kind == LineageKind.ESTABLISH


def test_orgunit_create_normalises_tone_placement(tree: Tree) -> None:
    unit = make_unit("Phòng Hoà giải  ", kind="phong_ban", parent=tree.unit)

    assert unit.name == "Phòng Hòa giải"


def test_orgunit_create_refuses_parent_not_yet_valid(tree: Tree) -> None:
    with pytest.raises(ApplicationError, match="không có hiệu lực vào ngày 01/01/2023"):
        make_unit(
            "Phòng cũ", kind="phong_ban", parent=tree.unit, valid_from=datetime.date(2023, 1, 1)
        )


def test_orgunit_rename_closes_and_opens_and_keeps_history(tree: Tree) -> None:
    renamed = orgunit_rename(
        actor=None, unit=tree.unit, name="Sở Nội vụ (mới)", effective_date=D2025, short_name="SNV"
    )

    tree.unit.refresh_from_db()
    assert (tree.unit.valid_to, renamed.valid_from, renamed.short_name) == (D2025, D2025, "SNV")
    assert "Sở Nội vụ tỉnh Thử Nghiệm" in names_on(BEFORE)
    assert "Sở Nội vụ tỉnh Thử Nghiệm" not in names_on(D2025)
    assert "Sở Nội vụ (mới)" in names_on(D2025)
    assert orgunit_successor_ids([tree.unit.pk]) == {tree.unit.pk: [renamed.pk]}


def test_orgunit_rename_carries_open_children_as_new_versions(tree: Tree) -> None:
    renamed = orgunit_rename(actor=None, unit=tree.unit, name="Sở Nội vụ mới", effective_date=D2025)

    carried = OrgUnit.objects.get(parent=renamed)
    tree.child.refresh_from_db()
    assert (carried.name, carried.valid_from, tree.child.valid_to) == (
        tree.child.name,
        D2025,
        D2025,
    )
    assert carried.path == f"{renamed.path}{carried.pk}/"
    assert LineageLink.objects.get(predecessor=tree.child).carried is True
    assert [u.name for u in orgunit_subtree_as_of(unit=renamed, day=D2025)] == [
        "Sở Nội vụ mới",
        "Phòng Thi đua - Khen thưởng",
    ]
    assert [u.name for u in orgunit_subtree_as_of(unit=tree.unit, day=BEFORE)] == [
        "Sở Nội vụ tỉnh Thử Nghiệm",
        "Phòng Thi đua - Khen thưởng",
    ]


def test_orgunit_merge_into_new_unit(tree: Tree) -> None:
    merged = orgunit_merge(
        actor=None,
        units=[tree.unit, tree.other],
        effective_date=D2025,
        new_unit=UnitSpec(name="Sở Nội vụ và Y tế", kind="so_ban_nganh", parent=tree.province),
        legal_basis="Nghị quyết số 01/2025/NQ-HĐND",
    )

    assert {"Sở Nội vụ tỉnh Thử Nghiệm", "Sở Y tế tỉnh Thử Nghiệm"} <= names_on(BEFORE)
    assert names_on(D2025) == {
        "Tỉnh Thử Nghiệm",
        "Sở Nội vụ và Y tế",
        "Phòng Thi đua - Khen thưởng",
    }
    assert set(orgunit_predecessor_ids([merged.pk])[merged.pk]) == {tree.unit.pk, tree.other.pk}
    event = LineageEvent.objects.get(kind=LineageKind.MERGE)
    assert (event.effective_date, event.legal_basis) == (D2025, "Nghị quyết số 01/2025/NQ-HĐND")


def test_orgunit_merge_into_existing_unit_keeps_it_open(tree: Tree) -> None:
    result = orgunit_merge(actor=None, units=[tree.unit], into=tree.other, effective_date=D2025)

    tree.other.refresh_from_db()
    assert result.pk == tree.other.pk
    assert tree.other.valid_to is None
    assert (
        OrgUnit.objects.valid_on(D2025).get(name="Phòng Thi đua - Khen thưởng").parent_id
        == tree.other.pk
    )


def test_merge_followed_by_rename_keeps_full_lineage(tree: Tree) -> None:
    merged = orgunit_merge(
        actor=None,
        units=[tree.unit, tree.other],
        effective_date=datetime.date(2025, 3, 1),
        new_unit=UnitSpec(name="Sở Tổng hợp", kind="so_ban_nganh", parent=tree.province),
    )
    renamed = orgunit_rename(actor=None, unit=merged, name="Sở Nội vụ", effective_date=D2025)

    assert set(orgunit_predecessor_ids([renamed.pk])[renamed.pk]) == {
        merged.pk,
        tree.unit.pk,
        tree.other.pk,
    }
    successors = orgunit_successor_ids([tree.other.pk])[tree.other.pk]
    assert {merged.pk, renamed.pk} <= set(successors)
    assert "Sở Tổng hợp" in names_on(datetime.date(2025, 3, 1))
    assert "Sở Tổng hợp" in names_on(BEFORE)
    assert "Sở Tổng hợp" not in names_on(D2025)
    assert "Sở Nội vụ" in names_on(D2025)
    assert "Sở Nội vụ" not in names_on(BEFORE)


def test_orgunit_split_into_new_and_existing_units(tree: Tree) -> None:
    created = orgunit_split(
        actor=None,
        unit=tree.unit,
        successors=[
            UnitSpec(name="Sở Nội vụ A", kind="so_ban_nganh", parent=tree.province),
            tree.other,
        ],
        effective_date=D2025,
        children_to={tree.child.pk: 1},
    )

    assert [unit.name for unit in created] == ["Sở Nội vụ A", "Sở Y tế tỉnh Thử Nghiệm"]
    assert set(orgunit_successor_ids([tree.unit.pk])[tree.unit.pk]) >= {
        created[0].pk,
        tree.other.pk,
    }
    moved_child = OrgUnit.objects.valid_on(D2025).get(name="Phòng Thi đua - Khen thưởng")
    assert moved_child.parent_id == tree.other.pk
    assert "Sở Nội vụ tỉnh Thử Nghiệm" in names_on(BEFORE)


def test_orgunit_split_needs_two_successors(tree: Tree) -> None:
    with pytest.raises(ApplicationError, match="ít nhất hai"):
        orgunit_split(
            actor=None,
            unit=tree.other,
            successors=[UnitSpec(name="X", kind="so_ban_nganh", parent=tree.province)],
            effective_date=D2025,
        )


def test_orgunit_move_moves_subtree_and_may_rename(tree: Tree) -> None:
    moved = orgunit_move(
        actor=None,
        unit=tree.child,
        new_parent=tree.other,
        effective_date=D2025,
        name="Phòng TĐKT",
        code="X1",
    )

    assert (moved.parent_id, moved.name, moved.code) == (tree.other.pk, "Phòng TĐKT", "X1")
    assert orgunit_subtree_as_of(unit=tree.unit, day=D2025).count() == 1
    assert orgunit_subtree_as_of(unit=tree.unit, day=BEFORE).count() == 2
    assert LineageEvent.objects.get(links__successor=moved).kind == LineageKind.MOVE


def test_orgunit_move_refuses_own_subtree(tree: Tree) -> None:
    with pytest.raises(ApplicationError, match="nằm trong đơn vị"):
        orgunit_move(actor=None, unit=tree.unit, new_parent=tree.child, effective_date=D2025)


def test_orgunit_dissolve_requires_empty_subtree(tree: Tree) -> None:
    count = OrgUnit.objects.count()

    with pytest.raises(
        ApplicationError, match="còn đơn vị trực thuộc đang hoạt động \\(Phòng Thi đua"
    ):
        orgunit_dissolve(actor=None, unit=tree.unit, effective_date=D2025)

    tree.unit.refresh_from_db()
    assert (tree.unit.valid_to, OrgUnit.objects.count()) == (None, count)


def test_orgunit_dissolve_closes_and_links_receivers(tree: Tree) -> None:
    orgunit_dissolve(actor=None, unit=tree.child, effective_date=D2025, functions_to=[tree.other])

    tree.child.refresh_from_db()
    assert tree.child.valid_to == D2025
    assert orgunit_successor_ids([tree.child.pk]) == {tree.child.pk: [tree.other.pk]}
    assert "Phòng Thi đua - Khen thưởng" in names_on(BEFORE)
    assert "Phòng Thi đua - Khen thưởng" not in names_on(D2025)


def test_changes_must_come_in_date_order(tree: Tree) -> None:
    orgunit_rename(actor=None, unit=tree.child, name="Phòng mới", effective_date=D2025)

    with pytest.raises(ApplicationError, match="theo thứ tự thời gian"):
        orgunit_rename(
            actor=None, unit=tree.unit, name="Sở mới", effective_date=datetime.date(2025, 3, 1)
        )


def test_closed_unit_cannot_change_again(tree: Tree) -> None:
    orgunit_rename(actor=None, unit=tree.other, name="Sở Y tế mới", effective_date=D2025)

    with pytest.raises(ApplicationError, match="đã hết hiệu lực từ ngày 01/07/2025"):
        orgunit_rename(
            actor=None, unit=tree.other, name="Khác", effective_date=datetime.date(2026, 1, 1)
        )


def test_change_date_must_follow_start(tree: Tree) -> None:
    with pytest.raises(ApplicationError, match="phải sau ngày đơn vị"):
        orgunit_rename(actor=None, unit=tree.other, name="Khác", effective_date=START)


def test_rename_and_merge_move_roles_to_successor(tree: Tree) -> None:
    reporter = make_user(Role.NHAP_LIEU, tree.child)
    leader = make_user(Role.LANH_DAO_DON_VI, tree.unit)

    renamed = orgunit_rename(actor=None, unit=tree.unit, name="Sở Nội vụ mới", effective_date=D2025)

    carried_child = OrgUnit.objects.get(parent=renamed)
    assert Membership.objects.get(user=leader).unit_id == renamed.pk
    assert Membership.objects.get(user=reporter).unit_id == carried_child.pk


def test_merge_drops_duplicate_roles(tree: Tree) -> None:
    person = make_user(Role.NGUOI_XEM, tree.unit)
    Membership.objects.create(user=person, unit=tree.other, role=Role.NGUOI_XEM)

    orgunit_merge(actor=None, units=[tree.unit], into=tree.other, effective_date=D2025)

    assert list(Membership.objects.filter(user=person).values_list("unit_id", "role")) == [
        (tree.other.pk, Role.NGUOI_XEM)
    ]


def test_orgunit_correct_edits_in_place(tree: Tree) -> None:
    orgunit_correct(
        actor=None, unit=tree.other, name="Sở Y tế", short_name="SYT", code="", kind="so_ban_nganh"
    )

    tree.other.refresh_from_db()
    assert (
        tree.other.name,
        tree.other.search_key,
        OrgUnit.objects.filter(name="Sở Y tế").count(),
    ) == (
        "Sở Y tế",
        "so y te syt",
        1,
    )


@pytest.mark.parametrize(
    ("service", "kwargs"),
    [
        ("rename", {"name": "Tên mới"}),
        ("move", {}),
        ("dissolve", {}),
        ("merge", {}),
        ("split", {}),
        ("correct", {}),
    ],
)
def test_each_service_writes_exactly_one_audit_record(
    tree: Tree, service: str, kwargs: dict
) -> None:
    actor = make_user(Role.QUAN_TRI, tree.province)
    before = AuditEvent.objects.count()
    calls = {
        "rename": lambda: orgunit_rename(
            actor=actor, unit=tree.other, effective_date=D2025, **kwargs
        ),
        "move": lambda: orgunit_move(
            actor=actor, unit=tree.child, new_parent=tree.other, effective_date=D2025
        ),
        "dissolve": lambda: orgunit_dissolve(actor=actor, unit=tree.child, effective_date=D2025),
        "merge": lambda: orgunit_merge(
            actor=actor, units=[tree.unit], into=tree.other, effective_date=D2025
        ),
        "split": lambda: orgunit_split(
            actor=actor,
            unit=tree.other,
            successors=[
                UnitSpec(name="A", kind="so_ban_nganh", parent=tree.province),
                UnitSpec(name="B", kind="so_ban_nganh", parent=tree.province),
            ],
            effective_date=D2025,
        ),
        "correct": lambda: orgunit_correct(
            actor=actor,
            unit=tree.other,
            name="Sở Y tế",
            short_name="",
            code="",
            kind="so_ban_nganh",
        ),
    }

    calls[service]()

    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == before + 1
    assert event is not None
    assert event.actor_id == actor.pk
    assert event.action.startswith("org_unit.")


@pytest.mark.parametrize(
    ("case", "role", "on", "allowed"),
    [
        ("no_role", None, None, False),
        ("other_unit", Role.QUAN_TRI, "other", False),
        ("wrong_role", Role.CHUYEN_VIEN_TDKT, "unit", False),
        ("parent_unit", Role.QUAN_TRI, "province", True),
        ("right_role", Role.QUAN_TRI, "unit", True),
    ],
)
def test_orgunit_rename_permission_matrix(
    tree: Tree, case: str, role: str | None, on: str | None, allowed: bool
) -> None:
    actor = make_user(role, getattr(tree, on) if on else None)
    counts = (OrgUnit.objects.count(), AuditEvent.objects.count())

    if allowed:
        orgunit_rename(actor=actor, unit=tree.unit, name="Sở đổi tên", effective_date=D2025)
    else:
        with pytest.raises(PermissionDenied):
            orgunit_rename(actor=actor, unit=tree.unit, name="Sở đổi tên", effective_date=D2025)

    tree.unit.refresh_from_db()
    grew = (OrgUnit.objects.count(), AuditEvent.objects.count()) != counts
    assert (grew, tree.unit.valid_to is not None) == (allowed, allowed)


def test_creating_a_root_unit_needs_a_superuser(tree: Tree) -> None:
    province_admin = make_user(Role.QUAN_TRI, tree.province)
    superuser = make_user(is_superuser=True)
    spec = UnitSpec(name="Tỉnh Mới", kind="tinh", parent=None)

    with pytest.raises(PermissionDenied):
        orgunit_create(actor=province_admin, spec=spec, valid_from=D2025)
    created = orgunit_create(actor=superuser, spec=spec, valid_from=D2025)

    assert created.parent_id is None


def test_bad_input_changes_nothing(tree: Tree) -> None:
    counts = (OrgUnit.objects.count(), LineageEvent.objects.count(), AuditEvent.objects.count())

    with pytest.raises(ApplicationError, match="Tên đơn vị không được để trống"):
        orgunit_merge(
            actor=None,
            units=[tree.unit, tree.other],
            effective_date=D2025,
            new_unit=UnitSpec(name="   ", kind="so_ban_nganh", parent=tree.province),
        )
    with pytest.raises(ApplicationError, match="Loại đơn vị"):
        make_unit("Đơn vị lạ", kind="khong_co", parent=tree.province)

    after = (OrgUnit.objects.count(), LineageEvent.objects.count(), AuditEvent.objects.count())
    assert after == counts


def test_same_day_changes_at_two_levels(tree: Tree) -> None:
    renamed_child = orgunit_rename(
        actor=None, unit=tree.child, name="Phòng mới", effective_date=D2025
    )

    renamed_parent = orgunit_rename(actor=None, unit=tree.unit, name="Sở mới", effective_date=D2025)

    renamed_child.refresh_from_db()
    assert (renamed_child.parent_id, renamed_child.path) == (
        renamed_parent.pk,
        f"{renamed_parent.path}{renamed_child.pk}/",
    )
    assert [u.name for u in orgunit_subtree_as_of(unit=renamed_parent, day=D2025)] == [
        "Sở mới",
        "Phòng mới",
    ]
    assert [u.name for u in orgunit_subtree_as_of(unit=tree.unit, day=BEFORE)] == [
        "Sở Nội vụ tỉnh Thử Nghiệm",
        "Phòng Thi đua - Khen thưởng",
    ]
