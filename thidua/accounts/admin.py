from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import ApiToken, Membership, User
from thidua.core.admin import AuditedModelAdmin, ReadOnlyAdmin


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ("unit", "role")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    list_display = ("username", "full_name", "is_active", "is_staff", "is_demo")
    search_fields = ("username", "full_name", "email")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "position", "email", "is_demo")}),
        (_("Quyền"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Mốc thời gian"), {"fields": ("last_login", "date_joined")}),
    )
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ("user", "role", "unit")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "unit__search_key")
    autocomplete_fields = ("user",)
    raw_id_fields = ("unit",)
    list_select_related = ("user", "unit")


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_select_related = ("user",)
