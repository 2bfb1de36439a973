"""The main navigation: one entry per area; each app adds its own entry here."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class NavEntry:
    label: Promise
    url_name: str
    permission: str | None  # None: any signed-in user
    area: str
    # Other URL namespaces whose pages belong to this area (highlighted with it).
    also: tuple[str, ...] = ()


NAVIGATION: list[NavEntry] = [
    NavEntry(_("Tổng quan"), "core:home", None, "home"),
    NavEntry(pgettext_lazy("điều hướng", "Đơn vị"), "org:unit-tree", "org.view_orgunit", "org"),
    NavEntry(_("Chỉ tiêu"), "targets:campaign-list", "targets.view_campaign", "targets"),
    NavEntry(_("Văn bản"), "ingest:job-list", "ingest.upload_document", "ingest"),
    NavEntry(_("Phong trào"), "emulation:movement-list", "emulation.view_movement", "emulation"),
    NavEntry(
        _("Khen thưởng"),
        "commendation:round-list",
        "commendation.view_round",
        "commendation",
    ),
    NavEntry(
        _("Báo cáo"), "reports:report-list", "reports.view_report", "reports", also=("statforms",)
    ),
    NavEntry(_("Điển hình"), "exemplars:exemplar-list", "exemplars.view_exemplar", "exemplars"),
    NavEntry(_("Nhắc việc"), "reminders:calendar", "reminders.view_calendar", "reminders"),
    NavEntry(_("Nhật ký"), "core:audit-list", "core.view_auditevent", "audit"),
    NavEntry(_("Người dùng"), "accounts:user-list", "accounts.create_user", "users"),
]
