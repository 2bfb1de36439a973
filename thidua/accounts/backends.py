"""Password sign-in without Django's model permissions.

Permissions come only from the rules in each app's `rules.py` (roles held on units); Django's
per-model permission tables are not consulted, so there is one vocabulary and no extra queries.
Superusers still pass every check (PermissionsMixin answers for them before any backend).
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    def _get_user_permissions(self, user_obj: Any) -> Any:
        return set()

    def _get_group_permissions(self, user_obj: Any) -> Any:
        return set()

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()
