"""Who may read and write campaigns and reports.

Reporters (cán bộ nhập liệu, lãnh đạo đơn vị) write their own units' reports. The emulation
office (chuyên viên TĐKT) and the leaders of a measure's lead unit review. Drafts are seen only by
their own unit; sent reports also by anyone whose roles cover the unit and by the reviewers.
Dashboards show approved values to every role holder.
"""

from typing import Any

import rules

from thidua.accounts.enums import Role
from thidua.accounts.rules import has_any_role
from thidua.accounts.scope import scope_for

REPORTER_ROLES = (Role.NHAP_LIEU, Role.LANH_DAO_DON_VI)
OFFICE_ROLES = (Role.CHUYEN_VIEN_TDKT, Role.QUAN_TRI)


def _report_unit(obj: Any) -> Any:
    return getattr(obj, "unit", obj)


@rules.predicate
def reports_for_unit(user: Any, obj: Any) -> bool:
    """`obj` is a report or an org unit the user reports for."""
    return obj is not None and scope_for(user).covers(_report_unit(obj), REPORTER_ROLES)


@rules.predicate
def reviews_report(user: Any, report: Any) -> bool:
    if report is None:
        return False
    scope = scope_for(user)
    return scope.covers(report.unit, [Role.CHUYEN_VIEN_TDKT]) or scope.covers(
        report.measure.lead_unit, [Role.LANH_DAO_DON_VI]
    )


@rules.predicate
def sees_shared_report(user: Any, report: Any) -> bool:
    """Once sent (submitted, returned, approved) a report is shared beyond its own unit."""
    if report is None or report.status == "draft":
        return False
    return scope_for(user).covers(report.unit) or reviews_report(user, report)


@rules.predicate
def manages_campaign(user: Any, campaign: Any) -> bool:
    scope = scope_for(user)
    if campaign is None:
        return scope.everything or bool(scope.roles() & set(OFFICE_ROLES))
    return scope.covers(campaign.province, OFFICE_ROLES)


rules.add_perm("targets.view_campaign", rules.is_authenticated & has_any_role)
rules.add_perm("targets.manage_campaign", rules.is_authenticated & manages_campaign)
rules.add_perm("targets.edit_report", rules.is_authenticated & reports_for_unit)
rules.add_perm("targets.review_report", rules.is_authenticated & reviews_report)
rules.add_perm(
    "targets.view_report",
    rules.is_authenticated & (reports_for_unit | sees_shared_report),
)
