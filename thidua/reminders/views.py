"""Pages of the reminders app: the deadline calendar (month grid, list, late units), the đôn đốc
letter (print-friendly page and DOCX), the user's notifications and the bell's badge, and the
obstacles (list, raise, read, handle, files). Views are thin: forms clean, services decide,
selectors read."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.scope import scope_for
from thidua.core.exceptions import ApplicationError
from thidua.core.permissions import ensure_can
from thidua.core.resubmit import once
from thidua.core.text import format_date, local_today, search_key
from thidua.documents.layout import DOCX_CONTENT_TYPE
from thidua.emulation.selectors import movement_list_for
from thidua.reminders.deadlines import (
    DeadlineItem,
    deadline_items_for,
    due_soon_days,
    late_units,
    lookback_days,
    overdue_items,
    visible_to,
)
from thidua.reminders.enums import Audience, DeadlineStatus, ObstacleStatus, Visibility
from thidua.reminders.forms import (
    AttachmentForm,
    CalendarFilterForm,
    LetterForm,
    ObstacleForm,
    ObstacleStatusForm,
)
from thidua.reminders.letter import OverdueLetter, letter_items, overdue_letter, overdue_letter_docx
from thidua.reminders.models import Notification, ObstacleAttachment
from thidua.reminders.month import month_bounds, month_grid, shift_month
from thidua.reminders.selectors import (
    letter_provinces_for,
    notification_list_for,
    obstacle_get_for,
    obstacle_list_for,
    raising_units_for,
    unread_count,
)
from thidua.reminders.services import (
    notification_mark_all_read,
    notification_mark_read,
    obstacle_attachment_add,
    obstacle_create,
    obstacle_status_set,
)
from thidua.targets.models import Target

PAGE_SIZE = 100
NOTIFICATIONS_PER_PAGE = 50
OBSTACLES_PER_PAGE = 50
RELATED_CHOICES = 150
MODES = ("thang", "danh-sach", "qua-han")


def _attempt(request: HttpRequest, action: Callable[[], str]) -> bool:
    """Run a service call; its refusal becomes an error message, success a confirmation."""
    try:
        done = action()
    except ApplicationError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, done)
    return True


def _query(request: HttpRequest, **changes: Any) -> str:
    """The current query string with `changes` (None removes a key), without the page."""
    params: dict[str, str] = {
        key: str(value) for key, value in request.GET.items() if key != "trang"
    }
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return urlencode({key: value for key, value in params.items() if value != ""})


# --- The deadline calendar ------------------------------------------------------------------


def _in_unit(items: list[DeadlineItem], path: str) -> list[DeadlineItem]:
    return [item for item in items if item.unit.path.startswith(path)]


@require_GET
@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    """The deadlines of the user's units: a month grid, the month as a list, or the units
    late on the day (overdue within the lookback period)."""
    user = request.user
    ensure_can(user, "reminders.view_calendar")
    form = CalendarFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    real_today = local_today()
    today = data.get("ngay") or real_today
    year, month = data.get("thang") or (today.year, today.month)
    mode = data.get("che_do") or "thang"
    kind = data.get("loai") or ""
    status = data.get("trang_thai") or ""
    on_day = data.get("han")
    kinds = [kind] if kind else None
    first, last = month_bounds(year, month)
    since = today - datetime.timedelta(days=lookback_days())
    if mode == "qua-han":
        items = deadline_items_for(user=user, today=today, start=since, end=today, kinds=kinds)
    else:
        items = deadline_items_for(user=user, today=today, start=first, end=last, kinds=kinds)
    units = sorted(
        {item.unit.pk: item.unit for item in items}.values(), key=lambda u: search_key(u.name)
    )
    form.set_units(units)
    chosen = next((unit for unit in units if unit.pk == data.get("don_vi")), None)
    if chosen is not None:
        items = _in_unit(items, chosen.path)
    shown = [item for item in items if not status or item.status == status]
    if on_day is not None:
        shown = [item for item in shown if item.due == on_day]
    counts = dict.fromkeys(DeadlineStatus.values, 0)
    for item in items:
        counts[item.status] += 1
    context: dict[str, Any] = {
        "form": form,
        "mode": mode,
        "today": today,
        "is_real_today": today == real_today,
        "month": first,
        "counts": counts,
        "status_labels": dict(DeadlineStatus.choices),
        "chosen_unit": chosen,
        "soon_days": due_soon_days(),
        "lookback": lookback_days(),
        "since": since,
        "can_issue_letter": user.has_perm("reminders.issue_letter"),
        "mode_links": {
            name.replace("-", "_"): "?" + _query(request, che_do=name, trang_thai=None, han=None)
            for name in MODES
        },
    }
    previous, following = shift_month(year, month, -1), shift_month(year, month, 1)
    context["previous_link"] = "?" + _query(request, thang=f"{previous[1]:02d}/{previous[0]}")
    context["next_link"] = "?" + _query(request, thang=f"{following[1]:02d}/{following[0]}")
    if mode == "thang":
        context["weeks"] = month_grid(year, month, shown, today)
        context["day_link"] = "?" + _query(request, che_do="danh-sach", han=None) + "&han="
    elif mode == "danh-sach":
        page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("trang"))
        context["page"] = page
        context["query"] = _query(request)
    else:
        context["late"] = late_units(overdue_items(shown, since=since))
        context["others"] = [
            item
            for item in overdue_items(shown, since=since)
            if item.visibility != Visibility.UNIT or item.audience != Audience.UNIT
        ]
    return render(request, "reminders/calendar.html", context)


# --- The đôn đốc letter ------------------------------------------------------------------------


def _letter(request: HttpRequest) -> tuple[OverdueLetter, LetterForm]:
    user = request.user
    ensure_can(user, "reminders.issue_letter")
    form = LetterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    today = data.get("ngay") or local_today()
    provinces = letter_provinces_for(user=user, day=today)
    if not provinces:
        raise PermissionDenied(
            _("Chỉ cơ quan thường trực thi đua cấp tỉnh ban hành công văn đôn đốc.")
        )
    form.set_provinces(provinces)
    province = next((unit for unit in provinces if unit.pk == data.get("tinh")), None)
    scope = scope_for(user)
    candidates = {
        unit.pk: [
            item for item in letter_items(province=unit, today=today) if visible_to(item, scope)
        ]
        for unit in ([province] if province is not None else provinces)
    }
    if province is None:
        # The first province with late units, else the first one.
        province = next(
            (unit for unit in provinces if late_units(candidates[unit.pk])), provinces[0]
        )
    ensure_can(user, "reminders.issue_letter", province)
    letter = overdue_letter(province=province, today=today, items=candidates[province.pk])
    return letter, form


@require_GET
@login_required
def letter_page(request: HttpRequest) -> HttpResponse:
    """The letter as a print-friendly page, with its DOCX to download."""
    letter, form = _letter(request)
    query = urlencode({"ngay": format_date(letter.day), "tinh": str(letter.province.pk)})
    return render(
        request,
        "reminders/letter.html",
        {"letter": letter, "form": form, "query": query},
    )


@require_GET
@login_required
def letter_docx(request: HttpRequest) -> HttpResponse:
    letter, _form = _letter(request)
    items = [item for unit in letter.late for item in unit.items]
    name, content = overdue_letter_docx(province=letter.province, today=letter.day, items=items)
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Notifications ---------------------------------------------------------------------------


@require_GET
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    ensure_can(user, "reminders.view_notifications")
    unread_only = request.GET.get("chua-doc") == "1"
    notifications = notification_list_for(user=user, unread_only=unread_only)
    page = Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("trang"))
    return render(
        request,
        "reminders/notification_list.html",
        {
            "page": page,
            "unread_only": unread_only,
            "unread": unread_count(user),
            "query": "chua-doc=1" if unread_only else "",
        },
    )


def _own_notification(request: HttpRequest, pk: int) -> Notification:
    notification = notification_list_for(user=request.user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    return notification


def _safe_link(request: HttpRequest, link: str) -> str:
    if link.startswith("/") and url_has_allowed_host_and_scheme(
        link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return link
    return reverse("reminders:notification-list")


@require_POST
@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go where it points."""
    notification = _own_notification(request, pk)
    notification_mark_read(actor=request.user, notification=notification)
    return redirect(_safe_link(request, notification.link))


@require_POST
@login_required
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = notification_mark_all_read(actor=request.user)
    messages.success(request, _("Đã đánh dấu %(count)s thông báo là đã đọc.") % {"count": count})
    return redirect("reminders:notification-list")


BADGE = """<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="22" \
viewBox="0 0 {width} 22" role="img" aria-label="{label}"><title>{label}</title>\
<path d="M11 3a5 5 0 0 0-5 5v4l-2 3h14l-2-3V8a5 5 0 0 0-5-5zm-2 13a2 2 0 0 0 4 0z" \
fill="#ffffff"/>{count}</svg>"""
BADGE_COUNT = """<rect x="15" y="1" rx="7" ry="7" width="{box}" height="14" fill="#c0392b"/>\
<text x="{middle}" y="12" font-family="Arial, sans-serif" font-size="10" font-weight="700" \
text-anchor="middle" fill="#ffffff">{text}</text>"""


@require_GET
@login_required
def notification_badge(request: HttpRequest) -> HttpResponse:
    """The bell of the header with the unread count, as a small SVG image: the pages load it
    separately, so no page pays a query for it."""
    count = unread_count(request.user)
    label = escape(_("%(count)s thông báo chưa đọc") % {"count": count})
    if count:
        text = str(count) if count < 100 else "99+"
        box = 8 + 6 * len(text)
        badge = BADGE_COUNT.format(box=box, middle=15 + box / 2, text=text)
        width = 16 + box
    else:
        badge, width = "", 22
    svg = BADGE.format(width=width, label=label, count=badge)
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


# --- Obstacles -------------------------------------------------------------------------------


@require_GET
@login_required
def obstacle_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    ensure_can(user, "reminders.view_obstacles")
    status = request.GET.get("trang_thai", "")
    if status not in ObstacleStatus.values:
        status = ""
    obstacles = obstacle_list_for(user=user, status=status)
    page = Paginator(obstacles, OBSTACLES_PER_PAGE).get_page(request.GET.get("trang"))
    return render(
        request,
        "reminders/obstacle_list.html",
        {
            "page": page,
            "status": status,
            "statuses": ObstacleStatus.choices,
            "query": urlencode({"trang_thai": status}) if status else "",
            "can_raise": bool(raising_units_for(user=user, day=local_today())),
        },
    )


def _obstacle_form(request: HttpRequest, units: list[Any]) -> ObstacleForm:
    """The form, with the movements the user sees and the campaigns' targets, newest first."""
    movements = list(movement_list_for(user=request.user)[:RELATED_CHOICES])
    targets = list(
        Target.objects.select_related("campaign").order_by(
            "-campaign__year", "campaign_id", "number"
        )[:RELATED_CHOICES]
    )
    return ObstacleForm(
        request.POST or None,
        request.FILES or None,
        units=units,
        movements=movements,
        targets=targets,
    )


@require_http_methods(["GET", "POST"])
@login_required
@once
def obstacle_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    units = raising_units_for(user=user, day=local_today())
    if not units:
        raise PermissionDenied(_("Bạn không nêu vướng mắc cho đơn vị nào."))
    form = _obstacle_form(request, units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = next(unit for unit in units if unit.pk == data["unit"])
        movement = next((item for item in form.movements if item.pk == data.get("movement")), None)
        target = next((item for item in form.targets if item.pk == data.get("target")), None)
        created: list[Any] = []

        def create() -> str:
            created.append(
                obstacle_create(
                    actor=user,
                    unit=unit,
                    title=data["title"],
                    description=data["description"],
                    area=data.get("area") or "",
                    movement=movement,
                    target=target,
                    files=[
                        (upload.name, upload.read()) for upload in data.get("attachments") or []
                    ],
                )
            )
            return _("Đã gửi vướng mắc “%(title)s” tới %(recipient)s và cơ quan thường trực.") % {
                "title": created[0].title,
                "recipient": created[0].recipient.name,
            }

        if _attempt(request, create):
            return redirect("reminders:obstacle-detail", created[0].pk)
    return render(request, "reminders/obstacle_new.html", {"form": form})


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


@require_http_methods(["GET", "POST"])
@login_required
@once
def obstacle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    obstacle = obstacle_get_for(user=user, pk=pk)
    if obstacle is None or not user.has_perm("reminders.view_obstacle", obstacle):
        raise Http404
    handles = user.has_perm("reminders.handle_obstacle", obstacle)
    closes = user.has_perm("reminders.close_obstacle", obstacle)
    is_open = obstacle.status != ObstacleStatus.CLOSED
    status_form = ObstacleStatusForm(
        request.POST if request.POST.get("action") == "status" else None,
        current=obstacle.status,
        initial={"version": obstacle.version},
    )
    attachment_form = AttachmentForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "status":
            if not handles:
                raise PermissionDenied
            if status_form.is_valid():
                data = status_form.cleaned_data

                def move() -> str:
                    moved = obstacle_status_set(
                        actor=user,
                        obstacle=obstacle,
                        status=data["status"],
                        note=data["note"],
                        reply=data["reply"],
                        forwarded_to=data["forwarded_to"],
                        expected_version=data["version"],
                    )
                    return _("Đã chuyển vướng mắc sang “%(status)s”.") % {
                        "status": moved.get_status_display()
                    }

                if _attempt(request, move):
                    return redirect(request.path)
            else:
                messages.error(request, _("Hãy chọn trạng thái mới."))
        elif action == "close":
            if not closes:
                raise PermissionDenied

            def close() -> str:
                obstacle_status_set(
                    actor=user,
                    obstacle=obstacle,
                    status=ObstacleStatus.CLOSED,
                    note=request.POST.get("note", ""),
                    expected_version=_version(request),
                )
                return _("Đã đóng vướng mắc.")

            if _attempt(request, close):
                return redirect(request.path)
        elif action == "attach":
            if not closes:
                raise PermissionDenied
            attachment_form = AttachmentForm(request.POST, request.FILES)
            if attachment_form.is_valid():
                upload = attachment_form.cleaned_data["file"]

                def attach() -> str:
                    added = obstacle_attachment_add(
                        actor=user, obstacle=obstacle, name=upload.name, content=upload.read()
                    )
                    return _("Đã kèm tệp “%(name)s”.") % {"name": added.name}

                if _attempt(request, attach):
                    return redirect(request.path)
        else:
            messages.error(request, _("Thao tác không hợp lệ."))
    return render(
        request,
        "reminders/obstacle_detail.html",
        {
            "obstacle": obstacle,
            "events": list(obstacle.events.all()),
            "attachments": list(obstacle.attachments.all()),
            "handles": handles and is_open,
            "closes": closes and is_open,
            "status_form": status_form,
            "attachment_form": attachment_form,
        },
    )


@require_GET
@login_required
def obstacle_attachment(request: HttpRequest, pk: int) -> FileResponse:
    attachment = ObstacleAttachment.objects.select_related("obstacle").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    obstacle = obstacle_get_for(user=request.user, pk=attachment.obstacle_id)
    if obstacle is None or not request.user.has_perm("reminders.view_obstacle", obstacle):
        raise Http404
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
