"""Movements in the Django admin (every write audited like a service write). Plans,
registrations and reports are read-only here: they go through the pages and the API, which check
who files for which unit and keep drafts inside the unit."""

from django.contrib import admin

from thidua.core.admin import AuditedModelAdmin, ReadOnlyAdmin
from thidua.emulation.models import (
    Milestone,
    MilestoneReport,
    Movement,
    MovementPlan,
    Registration,
)


@admin.register(Movement)
class MovementAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "launched_by", "starts_on", "ends_on", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name"]
    list_select_related = ["launched_by"]
    raw_id_fields = ["launched_by", "campaign", "parent", "participants", "created_by"]


@admin.register(Milestone)
class MilestoneAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "movement", "due_on"]
    list_filter = ["kind"]
    search_fields = ["name", "movement__name"]
    list_select_related = ["movement"]
    raw_id_fields = ["movement"]


@admin.register(MovementPlan)
class MovementPlanAdmin(ReadOnlyAdmin):
    list_display = ["unit", "movement", "status", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["unit__name", "movement__name"]
    list_select_related = ["unit", "movement"]


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["unit", "movement", "year", "status", "submitted_at", "acknowledged_at"]
    list_filter = ["status", "year"]
    search_fields = ["unit__name", "movement__name"]
    list_select_related = ["unit", "movement"]


@admin.register(MilestoneReport)
class MilestoneReportAdmin(ReadOnlyAdmin):
    list_display = ["unit", "milestone", "status", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["unit__name", "milestone__name"]
    list_select_related = ["unit", "milestone"]


# Clusters and blocks have their own admin module.
from thidua.emulation import cluster_admin  # noqa: E402, F401
