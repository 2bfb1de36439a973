"""What part of the org tree a user's roles cover.

A role held on a unit covers the unit's subtree, and also the subtrees of the unit's predecessors
(transitively): after a merge, the merged unit's staff keep seeing the history of the units it
absorbed. The scope is computed once per request and cached on the user object.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from thidua.accounts.enums import Role
from thidua.org.models import OrgUnit
from thidua.org.selectors import orgunit_predecessor_ids

_CACHE_ATTRIBUTE = "_thidua_scope"


def _without_nested(paths: Iterable[str]) -> tuple[str, ...]:
    """Drop paths already covered by a shorter prefix in the set."""
    kept: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(prefix) for prefix in kept):
            kept.append(path)
    return tuple(sorted(kept))


@dataclass(frozen=True)
class Scope:
    """Covered path prefixes per role; `everything` for superusers."""

    everything: bool = False
    paths_by_role: dict[str, tuple[str, ...]] = field(default_factory=dict)
    own_unit_ids: frozenset[int] = frozenset()

    @property
    def has_any_role(self) -> bool:
        return self.everything or bool(self.paths_by_role)

    def roles(self) -> set[str]:
        return set(self.paths_by_role)

    def paths(self, roles: Iterable[str] | None = None) -> tuple[str, ...]:
        selected = (
            self.paths_by_role
            if roles is None
            else {role: self.paths_by_role.get(role, ()) for role in roles}
        )
        return _without_nested(path for paths in selected.values() for path in paths)

    def covers(self, unit: OrgUnit, roles: Iterable[str] | None = None) -> bool:
        if self.everything:
            return True
        return any(unit.path.startswith(prefix) for prefix in self.paths(roles))

    def filter_q(self, path_field: str, roles: Iterable[str] | None = None) -> Q:
        """A Q that keeps rows whose `path_field` lies in the covered subtrees."""
        if self.everything:
            return Q()
        condition = Q(pk__in=[])
        for prefix in self.paths(roles):
            condition |= Q(**{f"{path_field}__startswith": prefix})
        return condition


def scope_for(user: object) -> Scope:
    """The user's scope, computed with three queries at most and cached on the user."""
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        scope = Scope()
    elif getattr(user, "is_superuser", False):
        scope = Scope(everything=True)
    else:
        scope = _scope_from_memberships(user)
    setattr(user, _CACHE_ATTRIBUTE, scope)
    return scope


def forget_scope(user: object) -> None:
    """Drop the cached scope (after the user's roles changed)."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def _scope_from_memberships(user: Any) -> Scope:
    from thidua.accounts.models import Membership

    rows = list(Membership.objects.filter(user=user).values_list("role", "unit_id", "unit__path"))
    if not rows:
        return Scope()
    unit_ids = {unit_id for _, unit_id, _ in rows}
    predecessors = orgunit_predecessor_ids(unit_ids)
    extra_ids = {pid for ids in predecessors.values() for pid in ids}
    extra_paths = (
        dict(OrgUnit.objects.filter(pk__in=extra_ids).values_list("pk", "path"))
        if extra_ids
        else {}
    )
    paths_by_role: dict[str, list[str]] = {}
    for role, unit_id, path in rows:
        paths = paths_by_role.setdefault(role, [])
        paths.append(path)
        paths.extend(extra_paths[pid] for pid in predecessors.get(unit_id, ()))
    return Scope(
        paths_by_role={role: _without_nested(paths) for role, paths in paths_by_role.items()},
        own_unit_ids=frozenset(unit_ids),
    )


__all__ = ["Role", "Scope", "forget_scope", "scope_for"]
