from django.contrib import admin

from thidua.core.admin import AuditedModelAdmin
from thidua.emulation.models import Movement


@admin.register(Movement)
class MovementAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "launched_by", "starts_on", "ends_on"]
    list_filter = ["kind"]
    search_fields = ["name"]
    raw_id_fields = ["launched_by", "campaign", "parent"]
