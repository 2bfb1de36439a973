"""Shared test fixtures: a small unit tree, users holding roles, and the permission cases
every page and endpoint is checked against (anonymous, no role, other unit, parent unit,
right role)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from thidua.accounts.enums import Role
from thidua.accounts.models import Membership, User
from thidua.org.models import OrgUnit
from thidua.org.services import UnitSpec, orgunit_create
from thidua.targets.models import Measure
from thidua.targets.services import MeasureSpec, campaign_create, measure_create, target_create

START = datetime.date(2024, 1, 1)
PASSWORD = "Mat-khau-thu-nghiem-2024"


@dataclass
class Tree:
    """Tỉnh → {Sở A → Phòng A1, Sở B}: A is the object under test, B is "another unit"."""

    province: OrgUnit
    unit: OrgUnit
    child: OrgUnit
    other: OrgUnit


def make_unit(
    name: str,
    kind: str = "so_ban_nganh",
    parent: OrgUnit | None = None,
    valid_from: datetime.date = START,
    **extra: Any,
) -> OrgUnit:
    spec = UnitSpec(name=name, kind=kind, parent=parent, **extra)
    return orgunit_create(actor=None, spec=spec, valid_from=valid_from)


# Every service call of the suite must leave exactly one audit record (tests/audit_check.py).
pytest_plugins = ["tests.audit_check"]


@pytest.fixture
def tree(db: Any) -> Tree:
    province = make_unit("Tỉnh Thử Nghiệm", kind="tinh", parent=None, code="99")
    unit = make_unit("Sở Nội vụ tỉnh Thử Nghiệm", parent=province)
    child = make_unit("Phòng Thi đua - Khen thưởng", kind="phong_ban", parent=unit)
    other = make_unit("Sở Y tế tỉnh Thử Nghiệm", parent=province)
    return Tree(province=province, unit=unit, child=child, other=other)


_counter = {"n": 0}


def make_user(role: str | None = None, unit: OrgUnit | None = None, **extra: Any) -> User:
    _counter["n"] += 1
    number = _counter["n"]
    user = User.objects.create_user(
        username=f"user{number}", password=PASSWORD, full_name=f"Người dùng {number}", **extra
    )
    if role is not None and unit is not None:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


def make_measure(province: OrgUnit, lead_unit: OrgUnit, **spec: Any) -> Measure:
    """A 2024 campaign of ``province`` with one target and one measure led by ``lead_unit``:
    monthly budget revenue ≥ 1.200 tỷ đồng unless ``spec`` overrides a MeasureSpec field."""
    campaign = campaign_create(
        actor=None,
        province=province,
        year=2024,
        name="Phong trào thi đua năm 2024",
        directive_number="01/CT-UBND",
        directive_date=datetime.date(2024, 2, 1),
        issuer="Chủ tịch Ủy ban nhân dân tỉnh Thử Nghiệm",
    )
    target = target_create(actor=None, campaign=campaign, number=1, text="Thu ngân sách 1.200 tỷ.")
    fields: dict[str, Any] = {
        "code": "1",
        "indicator": "Thu ngân sách",
        "comparator": ">=",
        "value": Decimal("1200"),
        "unit": "tỷ đồng",
        "accumulation": "flow",
        "frequency": "monthly",
        "lead_unit": lead_unit,
    }
    return measure_create(actor=None, target=target, spec=MeasureSpec(**{**fields, **spec}))


# (case id, how to make the actor from the tree and the role under test)
PermissionCase = tuple[str, Callable[[Tree, str], Any]]
PERMISSION_CASES: list[PermissionCase] = [
    ("anonymous", lambda tree, role: AnonymousUser()),
    ("no_role", lambda tree, role: make_user()),
    ("other_unit", lambda tree, role: make_user(role, tree.other)),
    ("parent_unit", lambda tree, role: make_user(role, tree.province)),
    ("right_role", lambda tree, role: make_user(role, tree.unit)),
]


@pytest.fixture
def login(client: Any) -> Callable[[Any], Any]:
    """Sign `user` in on the test client (anonymous users stay signed out)."""

    def sign_in(user: Any) -> Any:
        if getattr(user, "is_authenticated", False):
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def admin_user_on_province(tree: Tree) -> User:
    return make_user(Role.QUAN_TRI, tree.province)


@pytest.fixture(autouse=True)
def vietnamese_by_default() -> Any:
    """LocaleMiddleware activates a request's language in the test thread and leaves it there;
    each test starts in Vietnamese, the product's default language."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.activate("vi")


@pytest.fixture(autouse=True)
def empty_cache() -> Any:
    """Each test starts with an empty cache: rate-limit and resubmission counters are keyed by
    user ids, which SQLite hands out again after a test's rollback."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def every_audited_action_has_a_name() -> Any:
    """Every action the suite's services record has a Vietnamese name for the audit pages
    (`core.audit_actions`); an unnamed one would show its code ("assessment.saved") there."""
    from django.db.models.signals import post_save

    from thidua.core.audit_actions import AUDIT_ACTION_LABELS
    from thidua.core.models import AuditEvent

    recorded: set[str] = set()

    def note(sender: Any, instance: AuditEvent, created: bool, **kwargs: Any) -> None:
        recorded.add(instance.action)

    post_save.connect(note, sender=AuditEvent, weak=False, dispatch_uid="audited-actions")
    yield
    post_save.disconnect(sender=AuditEvent, dispatch_uid="audited-actions")
    unnamed = sorted(recorded - set(AUDIT_ACTION_LABELS))
    if unnamed:
        pytest.fail(f"Thao tác chưa có tên trong core/audit_actions.py: {unnamed}")
