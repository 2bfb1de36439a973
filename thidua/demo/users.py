"""Demo accounts: fictitious people, one per role, all sharing one printed password.

They are created on the 2024 units of Kon Tum, before the 2025 events, so that the events carry
their roles forward to the successor units.
"""

from collections.abc import Callable
from dataclasses import dataclass

from thidua.accounts.enums import Role
from thidua.accounts.models import Membership, User
from thidua.accounts.services import membership_grant, user_create
from thidua.org.models import OrgUnit

DEMO_PASSWORD = "ThiDua@2024"  # noqa: S105 - printed on purpose: demo accounts only
ADMIN_USERNAME = "quantri"
DEMO_URL = "http://127.0.0.1:8000/"


@dataclass(frozen=True)
class DemoAccount:
    """`unit` names a 2024 Kon Tum unit: "province", "agency:<key>" or
    "commune:<district name>/<commune name>"."""

    username: str
    full_name: str
    position: str
    role: str
    unit: str
    superuser: bool = False


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "quantri",
        "Nguyễn Văn An",
        "Quản trị hệ thống (minh họa)",
        Role.QUAN_TRI,
        "province",
        superuser=True,
    ),
    DemoAccount(
        "chuyenvien",
        "Trần Thị Bình",
        "Chuyên viên Ban Thi đua - Khen thưởng, Sở Nội vụ (minh họa)",
        Role.CHUYEN_VIEN_TDKT,
        "province",
    ),
    DemoAccount(
        "hoidong",
        "Lê Văn Cường",
        "Ủy viên Hội đồng Thi đua - Khen thưởng tỉnh (minh họa)",
        Role.THANH_VIEN_HOI_DONG,
        "province",
    ),
    DemoAccount(
        "lanhdao",
        "Phạm Thị Dung",
        "Giám đốc Sở Y tế (minh họa)",
        Role.LANH_DAO_DON_VI,
        "agency:syt",
    ),
    DemoAccount(
        "nhaplieu",
        "Võ Thị Hạnh",
        "Công chức Văn phòng - Thống kê phường (minh họa)",
        Role.NHAP_LIEU,
        "commune:Thành phố Kon Tum/Phường Quang Trung",
    ),
    DemoAccount(
        "truongcum",
        "Đặng Văn Khánh",
        "Giám đốc Sở, Trưởng khối thi đua (minh họa)",
        Role.TRUONG_CUM_KHOI,
        "agency:stttt",
    ),
    DemoAccount(
        "nguoixem",
        "Bùi Thị Lan",
        "Cán bộ theo dõi (minh họa)",
        Role.NGUOI_XEM,
        "province",
    ),
)


@dataclass(frozen=True)
class DemoLogin:
    """One line of the printed table: the role as it is held today."""

    username: str
    full_name: str
    role: str
    unit: str
    password: str = DEMO_PASSWORD


def demo_admin_exists() -> bool:
    return User.objects.filter(username=ADMIN_USERNAME, is_demo=True).exists()


def create_demo_accounts(resolve: Callable[[str], OrgUnit]) -> list[User]:
    """Create the accounts and grant their roles, all through the services (audited)."""
    users = []
    for account in DEMO_ACCOUNTS:
        user = user_create(
            actor=None,
            username=account.username,
            full_name=account.full_name,
            password=DEMO_PASSWORD,
            position=account.position,
            is_demo=True,
        )
        if account.superuser:
            # The one direct write of the loader: no service grants the superuser flag. The
            # account's creation above is audited.
            User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
            user.is_superuser = user.is_staff = True
        membership_grant(actor=None, user=user, unit=resolve(account.unit), role=account.role)
        users.append(user)
    return users


def demo_logins() -> list[DemoLogin]:
    """The demo accounts that exist, each with the roles it holds now (after the events)."""
    users = {user.username: user for user in User.objects.filter(is_demo=True)}
    memberships: dict[int, list[Membership]] = {}
    for membership in Membership.objects.filter(user__in=users.values()).select_related("unit"):
        memberships.setdefault(membership.user_id, []).append(membership)
    logins = []
    for account in DEMO_ACCOUNTS:
        user = users.get(account.username)
        if user is None:
            continue
        held = memberships.get(user.pk, [])
        logins.append(
            DemoLogin(
                username=user.username,
                full_name=user.full_name,
                role="; ".join(str(m.get_role_display()) for m in held) or "—",
                unit="; ".join(m.unit.name for m in held) or "—",
            )
        )
    return logins
