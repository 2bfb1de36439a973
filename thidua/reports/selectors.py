"""Reads of the reports app, scoped to what the user may see."""

from typing import Any

from django.db.models import QuerySet

from thidua.accounts.scope import scope_for
from thidua.core.text import local_today
from thidua.org.models import OrgUnit
from thidua.reports.models import PeriodicReport, RenderJob
from thidua.reports.report_rules import READER_ROLES, WRITER_ROLES


def report_list_for(user: Any) -> QuerySet[PeriodicReport]:
    scope = scope_for(user)
    return (
        PeriodicReport.objects.filter(scope.filter_q("unit__path", READER_ROLES))
        .select_related("unit")
        .order_by("-year", "kind", "unit__name")
    )


def report_get(pk: int) -> PeriodicReport | None:
    return PeriodicReport.objects.select_related("unit__parent").filter(pk=pk).first()


def writable_units_for(user: Any) -> QuerySet[OrgUnit]:
    """Units (valid today) the user may write reports for."""
    scope = scope_for(user)
    return (
        OrgUnit.objects.valid_on(local_today())
        .filter(scope.filter_q("path", WRITER_ROLES))
        .order_by("path")
    )


def render_jobs_for(user: Any, kind: str, object_id: int) -> QuerySet[RenderJob]:
    return RenderJob.objects.filter(kind=kind, object_id=object_id, requested_by=user).order_by(
        "-created_at", "-id"
    )[:5]
