"""Periodic reports and PDF renderings in the Django admin: read-only, since writes go through
the pages, which check who writes for which unit and lock issued reports."""

from django.contrib import admin

from thidua.core.admin import ReadOnlyAdmin
from thidua.reports.models import PeriodicReport, RenderJob


@admin.register(PeriodicReport)
class PeriodicReportAdmin(ReadOnlyAdmin):
    list_display = ("unit", "kind", "year", "status", "number", "issued_on")
    list_filter = ("kind", "status", "year")
    search_fields = ("unit__name", "number")


@admin.register(RenderJob)
class RenderJobAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "status", "attempts", "page_count", "created_at")
    list_filter = ("kind", "status")
