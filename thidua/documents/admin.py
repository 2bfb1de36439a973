"""The TĐKT organisations and staff entered for the statistical forms, in the Django admin
(every write audited like a service write; the database refuses splits that do not add up)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from thidua.core.admin import AuditedModelAdmin
from thidua.core.text import search_key
from thidua.documents.models import TdktWorkforce


@admin.register(TdktWorkforce)
class TdktWorkforceAdmin(AuditedModelAdmin):
    list_display = (
        "unit",
        "year",
        "councils",
        "dedicated_bodies",
        "part_time_bodies",
        "full_time_staff",
        "part_time_staff",
        "women",
        "updated_at",
    )
    list_filter = ("year",)
    search_fields = ("unit__search_key",)
    list_select_related = ("unit",)
    raw_id_fields = ("unit",)
    readonly_fields = ("updated_by", "created_at", "updated_at")

    def get_search_results(self, request: HttpRequest, queryset: Any, search_term: str) -> Any:
        """Diacritic-insensitive: "ba to" finds "Huyện Ba Tơ"."""
        return super().get_search_results(request, queryset, search_key(search_term))

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
