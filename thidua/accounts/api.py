"""Account endpoint: GET /api/v1/accounts/me."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from thidua.accounts.selectors import membership_list_for
from thidua.core.schemas import errors

router = Router()


class MembershipOut(Schema):
    unit_id: int
    unit_name: str
    role: str
    role_label: str


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    memberships: list[MembershipOut]


@router.get(
    "/me", response={200: MeOut, **errors(401)}, summary="Tài khoản đang dùng và các vai trò"
)
def me(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.get_full_name(),
        "memberships": [
            {
                "unit_id": membership.unit_id,
                "unit_name": membership.unit.name,
                "role": membership.role,
                "role_label": membership.get_role_display(),
            }
            for membership in membership_list_for(user=user, subject=user)
        ],
    }
