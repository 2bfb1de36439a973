"""Reminders in the Django admin: notifications and obstacle histories are read-only (they are
written by the services); an obstacle's recipient and area may be corrected here (audited),
its status only through the pages and the API."""

from django.contrib import admin

from thidua.core.admin import AuditedModelAdmin, ReadOnlyAdmin
from thidua.reminders.models import Notification, Obstacle, ObstacleAttachment, ObstacleEvent


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["title", "user", "kind", "day", "read_at", "emailed_at"]
    list_filter = ["kind", "day"]
    search_fields = ["title", "user__username", "user__full_name"]
    list_select_related = ["user"]
    date_hierarchy = "day"


class ObstacleEventInline(admin.TabularInline):
    model = ObstacleEvent
    extra = 0
    can_delete = False
    fields = ("at", "actor_name", "from_status", "to_status", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class ObstacleAttachmentInline(admin.TabularInline):
    model = ObstacleAttachment
    extra = 0
    can_delete = False
    fields = ("name", "size", "content_type", "uploaded_by", "uploaded_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Obstacle)
class ObstacleAdmin(AuditedModelAdmin):
    list_display = ["title", "unit", "recipient", "status", "created_at", "is_demo"]
    list_filter = ["status", "area", "is_demo"]
    search_fields = ["title", "description", "unit__name"]
    raw_id_fields = ["unit", "recipient", "movement", "target"]
    list_select_related = ["unit", "recipient"]
    readonly_fields = [
        "unit",
        "title",
        "description",
        "status",
        "reply",
        "replied_at",
        "replied_by",
        "forwarded_to",
        "version",
        "created_by",
        "created_at",
        "is_demo",
    ]
    inlines = [ObstacleAttachmentInline, ObstacleEventInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
