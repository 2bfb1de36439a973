"""Reads of the ingestion, scoped to the reader."""

import datetime
from typing import Any

from django.db.models import QuerySet

from thidua.accounts.scope import scope_for
from thidua.ingest.models import IngestJob
from thidua.org.enums import UnitKind
from thidua.org.models import OrgUnit
from thidua.targets.rules import OFFICE_ROLES


def job_list_for(*, user: Any) -> QuerySet[IngestJob]:
    scope = scope_for(user)
    return (
        IngestJob.objects.filter(scope.filter_q("document__unit__path", OFFICE_ROLES))
        .select_related("document__unit", "campaign")
        .order_by("-created_at")
    )


def upload_units_for(*, user: Any, day: datetime.date) -> QuerySet[OrgUnit]:
    """Units (valid on `day`) on which the user may upload: those their office roles cover."""
    scope = scope_for(user)
    return (
        OrgUnit.objects.valid_on(day)
        .filter(scope.filter_q("path", OFFICE_ROLES))
        .exclude(kind__in=[UnitKind.PHONG_BAN, UnitKind.XA])
        .order_by("path")
    )


def provinces_on(day: datetime.date) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.valid_on(day).filter(kind=UnitKind.TINH).order_by("name")


def lead_candidates(*, province: OrgUnit, day: datetime.date) -> QuerySet[OrgUnit]:
    """Units of the province, valid on `day`, that can lead a measure (no communes)."""
    return (
        OrgUnit.objects.valid_on(day)
        .filter(path__startswith=province.path)
        .exclude(kind__in=[UnitKind.XA, UnitKind.PHONG_BAN])
        .order_by("path")
    )
