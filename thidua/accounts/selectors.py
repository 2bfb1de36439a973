"""Reads of accounts and roles, scoped to what the reader administers."""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from thidua.accounts.enums import Role
from thidua.accounts.models import ApiToken, Membership, User
from thidua.accounts.scope import scope_for
from thidua.core.text import search_key


def user_list_for(*, user: Any, query: str = "") -> QuerySet[User]:
    """Accounts holding a role inside the units the reader administers (all, for superusers)."""
    scope = scope_for(user)
    users = User.objects.all()
    if not scope.everything:
        condition = scope.filter_q("memberships__unit__path", [Role.QUAN_TRI])
        users = users.filter(condition | Q(memberships__isnull=True)).distinct()
    if query:
        key = search_key(query)
        matching = [
            pk
            for pk, username, full_name in users.values_list("pk", "username", "full_name")
            if key in search_key(f"{username} {full_name}")
        ]
        users = User.objects.filter(pk__in=matching)
    return users.order_by("username").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("unit"))
    )


def membership_list_for(*, user: Any, subject: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=subject)
        .select_related("unit", "unit__parent")
        .order_by("unit__path", "role")
    )


def api_token_list_for(*, user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")
