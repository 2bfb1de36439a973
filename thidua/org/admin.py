"""Units and lineage are read-only in the admin: they change through the lineage pages,
which close and open versions instead of rewriting history."""

from django.contrib import admin

from thidua.core.admin import ReadOnlyAdmin
from thidua.org.models import LineageEvent, LineageLink, OrgUnit


@admin.register(OrgUnit)
class OrgUnitAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "code", "parent", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("search_key", "code")
    list_select_related = ("parent",)


class LineageLinkInline(admin.TabularInline):
    model = LineageLink
    fields = ("predecessor", "successor", "carried")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(LineageEvent)
class LineageEventAdmin(ReadOnlyAdmin):
    list_display = ("kind", "effective_date", "legal_basis")
    list_filter = ("kind",)
    date_hierarchy = "effective_date"
    inlines = [LineageLinkInline]
