"""Who may upload directives and turn them into campaigns: the emulation office (chuyên viên
TĐKT) and administrators, on the units their roles cover. Uploaded documents and their drafts are
seen by role holders whose scope covers the uploading unit."""

from typing import Any

import rules

from thidua.accounts.scope import scope_for
from thidua.targets.rules import OFFICE_ROLES


def _unit(obj: Any) -> Any:
    document = getattr(obj, "document", obj)
    return getattr(document, "unit", document)


@rules.predicate
def office_for_unit(user: Any, obj: Any) -> bool:
    scope = scope_for(user)
    if obj is None:
        return scope.everything or bool(scope.roles() & set(OFFICE_ROLES))
    return scope.covers(_unit(obj), OFFICE_ROLES)


@rules.predicate
def sees_document(user: Any, obj: Any) -> bool:
    return obj is not None and scope_for(user).covers(_unit(obj), OFFICE_ROLES)


rules.add_perm("ingest.upload_document", rules.is_authenticated & office_for_unit)
rules.add_perm("ingest.view_job", rules.is_authenticated & sees_document)
rules.add_perm("ingest.review_job", rules.is_authenticated & office_for_unit)
