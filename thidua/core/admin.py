"""Django admin (in Vietnamese) for back-office data; every admin write is audited too."""

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from thidua.core.models import AuditEvent, Holiday
from thidua.core.services import audit_record, snapshot


def _unit_of(obj: models.Model) -> Any:
    from thidua.org.models import OrgUnit

    if isinstance(obj, OrgUnit):
        return obj
    return getattr(obj, "unit", None) or getattr(obj, "launched_by", None)


class AuditedModelAdmin(admin.ModelAdmin):
    """Writes made in the admin leave the same audit record as writes made by services."""

    audit_exclude_fields: tuple[str, ...] = ("password",)

    def _snapshot(self, obj: models.Model) -> dict[str, Any]:
        fields = [
            field.attname
            for field in obj._meta.concrete_fields
            if field.name not in self.audit_exclude_fields
        ]
        return snapshot(obj, fields)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = None
            if change:
                stored = type(obj)._default_manager.filter(pk=obj.pk).first()
                before = self._snapshot(stored) if stored is not None else None
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action="admin.changed" if change else "admin.added",
                target=obj,
                unit=_unit_of(obj),
                before=before,
                after=self._snapshot(obj),
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            before, unit, description = self._snapshot(obj), _unit_of(obj), str(obj)
            label, pk = obj._meta.label_lower, str(obj.pk)
            super().delete_model(request, obj)
            audit_record(
                actor=request.user,
                action="admin.deleted",
                object_type=label,
                object_id=pk,
                object_repr=description,
                unit=unit,
                before=before,
            )

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that change only through their services (history, audit trail)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_name", "action", "object_repr", "unit")
    list_filter = ("action",)
    search_fields = ("object_repr", "actor_name", "object_id")
    date_hierarchy = "at"
    list_select_related = ("unit",)


@admin.register(Holiday)
class HolidayAdmin(AuditedModelAdmin):
    list_display = ("day", "name")
    date_hierarchy = "day"
    search_fields = ("name",)
