"""Pages of the movements: the list (by year), a movement with its cascade, the completeness of
its units' filings and the user's unit's own plan, registration and reports; the office's view of
every unit's filings; downloads. Views are thin: forms clean, services decide, selectors read."""

from collections.abc import Callable
from typing import Any, Final

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thidua.accounts.scope import scope_for
from thidua.commendation.models import Round
from thidua.core.exceptions import ApplicationError
from thidua.core.permissions import ensure_can
from thidua.core.resubmit import once
from thidua.core.text import local_today
from thidua.emulation import services
from thidua.emulation.forms import (
    CascadeForm,
    MilestoneForm,
    MovementForm,
    MovementRoundForm,
    PlanForm,
    RegistrationForm,
    ReportForm,
    YearFilterForm,
)
from thidua.emulation.models import (
    FilingStatus,
    Milestone,
    MilestoneReport,
    Movement,
    MovementPlan,
    RegistrationStatus,
)
from thidua.emulation.selectors import (
    cascade_units_for,
    filing_units_for,
    movement_completeness,
    movement_detail,
    movement_list_for,
    movement_tree,
    movement_units,
    movement_years_for,
    plans_for,
    registrations_for,
    reports_for,
    unit_filings,
)
from thidua.org.models import OrgUnit
from thidua.targets.rules import OFFICE_ROLES

PAGE_SIZE = 300


def _attempt(request: HttpRequest, action: Callable[[], str]) -> bool:
    """Run a service call; its refusal becomes an error message, success a confirmation."""
    try:
        done = action()
    except ApplicationError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, done)
    return True


def _launchers_for(user: Any) -> list[OrgUnit]:
    """Units (valid today) whose emulation office the user works in: the topmost covered."""
    scope = scope_for(user)
    units = OrgUnit.objects.valid_on(local_today())
    if scope.everything:
        return list(units.filter(parent__isnull=True).order_by("name"))
    paths = scope.paths(OFFICE_ROLES)
    return list(units.filter(path__in=paths).order_by("path")) if paths else []


@require_http_methods(["GET", "POST"])
@login_required
@once
def movement_list_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    ensure_can(user, "emulation.view_movement")
    launchers = _launchers_for(user)
    form = MovementForm(launchers, request.POST or None)
    if request.method == "POST":
        if not launchers:
            raise PermissionDenied(_("Bạn không phát động được phong trào thi đua."))
        if form.is_valid():
            created: list[Movement] = []

            def create() -> str:
                created.append(services.movement_create(actor=user, **form.cleaned_data))
                return _("Đã phát động phong trào “%(name)s”.") % {"name": created[0].name}

            if _attempt(request, create):
                return redirect("emulation:movement-detail", created[0].pk)
    years = movement_years_for(user=user)
    filters = YearFilterForm(years, request.GET or None)
    year = filters.cleaned_data.get("year") if filters.is_valid() else None
    movements = list(movement_list_for(user=user, year=year)[: PAGE_SIZE + 1])
    return render(
        request,
        "emulation/movement_list.html",
        {
            "movements": movements[:PAGE_SIZE],
            "more": len(movements) > PAGE_SIZE,
            "filters": filters,
            "form": form,
            "can_create": bool(launchers),
        },
    )


def _movement(request: HttpRequest, pk: int) -> Movement:
    movement = movement_detail(pk)
    if movement is None or not request.user.has_perm("emulation.view_movement", movement):
        raise Http404
    return movement


def _version(request: HttpRequest, name: str = "version") -> int | None:
    raw = request.POST.get(name, "")
    return int(raw) if raw.isdigit() else None


def _upload(form: Any) -> tuple[str, bytes | None]:
    file = form.cleaned_data.get("file")
    if not file:
        return "", None
    if file.size > services.movements.FILE_MAX_BYTES:
        raise ApplicationError(_("Tệp “%(name)s” lớn hơn 20 MB.") % {"name": file.name})
    return file.name, file.read()


def _filing_action(request: HttpRequest, movement: Movement, unit: OrgUnit, action: str) -> str:
    """Apply one posted filing action of the unit; returns the success message."""
    user = request.user
    submit = action.endswith("_submit")
    if action in ("plan_save", "plan_submit"):
        form: Any = PlanForm(request.POST, request.FILES)
        if not form.is_valid():
            raise ApplicationError(_("Hãy kiểm tra lại kế hoạch."))
        name, content = _upload(form)
        services.plan_save(
            actor=user,
            movement=movement,
            unit=unit,
            text=form.cleaned_data["text"],
            file_name=name,
            content=content,
            expected_version=_version(request),
            submit=submit,
        )
        return _("Đã gửi kế hoạch.") if submit else _("Đã lưu kế hoạch (chưa gửi).")
    if action in ("registration_save", "registration_submit"):
        form = RegistrationForm(request.POST)
        if not form.is_valid():
            raise ApplicationError(_("Hãy kiểm tra lại đăng ký thi đua."))
        registration = services.registration_save(
            actor=user,
            movement=movement,
            unit=unit,
            titles=form.cleaned_data["titles"],
            commitments=form.cleaned_data["commitments"],
            expected_version=_version(request),
        )
        if not submit:
            return _("Đã lưu đăng ký thi đua (chưa gửi).")
        services.registration_submit(
            actor=user, registration=registration, expected_version=registration.version
        )
        return _("Đã gửi đăng ký thi đua.")
    if action in ("report_save", "report_submit"):
        milestone = next(
            (
                item
                for item in movement.milestones.all()
                if str(item.pk) == request.POST.get("milestone")
            ),
            None,
        )
        if milestone is None:
            raise ApplicationError(_("Mốc sơ kết, tổng kết không còn."))
        form = ReportForm(request.POST, request.FILES, prefix=f"m{milestone.pk}")
        if not form.is_valid():
            raise ApplicationError(_("Hãy kiểm tra lại báo cáo."))
        name, content = _upload(form)
        services.milestone_report_save(
            actor=user,
            milestone=milestone,
            unit=unit,
            summary=form.cleaned_data["summary"],
            file_name=name,
            content=content,
            expected_version=_version(request, f"m{milestone.pk}-version"),
            submit=submit,
        )
        return _("Đã gửi báo cáo.") if submit else _("Đã lưu báo cáo (chưa gửi).")
    raise ApplicationError(_("Thao tác không hợp lệ."))


def _chosen(request: HttpRequest, units: list[OrgUnit]) -> OrgUnit | None:
    chosen = request.POST.get("unit") or request.GET.get("unit")
    if not chosen:
        return units[0] if units else None
    return next((unit for unit in units if str(unit.pk) == chosen), None)


def _related_rounds(movement: Movement) -> list[Round]:
    """Commendation rounds of the launching unit whose name names the movement."""
    return list(
        Round.objects.filter(issuer=movement.launched_by, name__contains=movement.name).order_by(
            "-year", "-id"
        )
    )


@require_http_methods(["GET", "POST"])
@login_required
@once
def movement_page(request: HttpRequest, pk: int) -> HttpResponse:
    movement = _movement(request, pk)
    user = request.user
    units = movement_units(movement)
    filing_units = filing_units_for(user, movement, units)
    unit = _chosen(request, filing_units)
    runs = bool(user.has_perm("emulation.run_movement", movement))
    opens_round = bool(user.has_perm("commendation.manage_round", movement.launched_by))
    cascaded = set(movement.children.values_list("launched_by_id", flat=True))
    cascade_units = cascade_units_for(user, units, cascaded)
    action = request.POST.get("action", "")
    cascade_form = CascadeForm(cascade_units, request.POST if action == "cascade" else None)
    milestone_form = MilestoneForm(request.POST if action == "milestone" else None)
    round_form = MovementRoundForm(
        request.POST if action == "round" else None,
        initial={"kind": "chuyen_de"},
    )
    if request.method == "POST":
        if action == "cascade":
            if not cascade_units:
                raise PermissionDenied(_("Bạn không phát động tiếp phong trào này được."))
            if cascade_form.is_valid():
                made: list[Movement] = []

                def cascade() -> str:
                    made.append(
                        services.movement_cascade(
                            actor=user, movement=movement, **cascade_form.cleaned_data
                        )
                    )
                    return _("%(unit)s đã phát động tiếp phong trào.") % {
                        "unit": made[0].launched_by.name
                    }

                if _attempt(request, cascade):
                    return redirect("emulation:movement-detail", made[0].pk)
        elif action == "milestone":
            if not runs:
                raise PermissionDenied
            if milestone_form.is_valid():

                def add_milestone() -> str:
                    services.milestone_create(
                        actor=user, movement=movement, **milestone_form.cleaned_data
                    )
                    return _("Đã thêm mốc sơ kết, tổng kết.")

                if _attempt(request, add_milestone):
                    return redirect(request.path)
        elif action == "round":
            if not opens_round:
                raise PermissionDenied
            if round_form.is_valid():
                opened: list[Round] = []

                def open_round() -> str:
                    opened.append(
                        services.movement_round_open(
                            actor=user, movement=movement, **round_form.cleaned_data
                        )
                    )
                    return _("Đã mở đợt “%(name)s”.") % {"name": opened[0].name}

                if _attempt(request, open_round):
                    return redirect("commendation:round-detail", opened[0].pk)
        else:
            if unit is None:
                raise PermissionDenied(_("Bạn không gửi hồ sơ phong trào cho đơn vị này."))
            if _attempt(request, lambda: _filing_action(request, movement, unit, action)):
                return redirect(f"{request.path}?unit={unit.pk}#ho-so")
    filings = unit_filings(movement, unit) if unit is not None else None
    return render(
        request,
        "emulation/movement_detail.html",
        {
            "movement": movement,
            "runs": runs,
            "tree": movement_tree(movement, user=user),
            "completeness": movement_completeness(movement, user=user, units=units),
            "filing_units": filing_units,
            "unit": unit,
            "filings": filings,
            "plan_form": PlanForm(initial=_plan_initial(filings)),
            "registration_form": RegistrationForm(initial=_registration_initial(filings)),
            "report_forms": _report_forms(filings),
            "cascade_form": cascade_form if cascade_units else None,
            "milestone_form": milestone_form if runs else None,
            "round_form": round_form if opens_round else None,
            "rounds": _related_rounds(movement),
            "draft": FilingStatus.DRAFT,
        },
    )


# The version a form sends when its person saw no filing yet: one that another person of the
# unit saves meanwhile is then a conflict for the second, never silently overwritten.
NONE_SEEN_VERSION: Final = 0


def _plan_initial(filings: Any) -> dict[str, Any]:
    plan = filings.plan if filings is not None else None
    return (
        {"text": plan.text, "version": plan.version}
        if plan is not None
        else {"version": NONE_SEEN_VERSION}
    )


def _report_forms(filings: Any) -> list[tuple[Milestone, Any, ReportForm]]:
    if filings is None:
        return []
    return [
        (
            milestone,
            report,
            ReportForm(
                prefix=f"m{milestone.pk}",
                initial={"summary": report.summary, "version": report.version}
                if report
                else {"version": NONE_SEEN_VERSION},
            ),
        )
        for milestone, report in filings.reports
    ]


def _registration_initial(filings: Any) -> dict[str, Any]:
    registration = filings.registration if filings is not None else None
    if registration is None:
        return {"version": NONE_SEEN_VERSION}
    return {
        "titles": registration.titles,
        "commitments": "\n".join(registration.commitments),
        "version": registration.version,
    }


@require_http_methods(["GET", "POST"])
@login_required
def movement_filings_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Every unit's sent plan, registration and reports, for those who run the movement; they
    acknowledge the registrations here."""
    movement = _movement(request, pk)
    user = request.user
    if not user.has_perm("emulation.run_movement", movement):
        raise PermissionDenied
    if request.method == "POST":
        registration = (
            registrations_for(user=user, movement=movement)
            .filter(pk=request.POST.get("registration") or 0)
            .first()
        )

        def acknowledge() -> str:
            if registration is None:
                raise ApplicationError(_("Đăng ký thi đua không còn."))
            services.registration_acknowledge(
                actor=user, registration=registration, expected_version=_version(request)
            )
            return _("Đã xác nhận đăng ký của %(unit)s.") % {"unit": registration.unit.name}

        _attempt(request, acknowledge)
        return redirect(request.path)
    units = movement_units(movement)
    plans = {item.unit_id: item for item in plans_for(user=user, movement=movement)}
    registrations = {item.unit_id: item for item in registrations_for(user=user, movement=movement)}
    reports: dict[int, list[MilestoneReport | None]] = {}
    by_key = {
        (item.milestone_id, item.unit_id): item
        for item in reports_for(user=user, movement=movement)
    }
    milestones: list[Milestone] = sorted(movement.milestones.all(), key=lambda m: (m.due_on, m.pk))
    for unit in units:
        reports[unit.pk] = [_sent(by_key.get((m.pk, unit.pk))) for m in milestones]
    rows = [
        {
            "unit": unit,
            "plan": _sent(plans.get(unit.pk)),
            "registration": _sent(registrations.get(unit.pk)),
            "reports": reports[unit.pk],
        }
        for unit in units
    ]
    return render(
        request,
        "emulation/movement_filings.html",
        {
            "movement": movement,
            "rows": rows,
            "milestones": milestones,
            "submitted": RegistrationStatus.SUBMITTED,
        },
    )


def _sent(filing: Any) -> Any:
    """The office's view shows sent filings only (a unit's drafts stay inside the unit)."""
    return filing if filing is not None and filing.status != FilingStatus.DRAFT else None


def _download(request: HttpRequest, filing: MovementPlan | MilestoneReport | None) -> FileResponse:
    if (
        filing is None
        or not filing.file
        or not request.user.has_perm("emulation.view_filing", filing)
    ):
        raise Http404
    return FileResponse(
        filing.file.open("rb"),
        as_attachment=True,
        filename=filing.file_name,
        content_type=filing.content_type,
    )


@require_GET
@login_required
def plan_file(request: HttpRequest, pk: int) -> FileResponse:
    plan = MovementPlan.objects.select_related("unit", "movement__launched_by").filter(pk=pk)
    return _download(request, plan.first())


@require_GET
@login_required
def report_file(request: HttpRequest, pk: int) -> FileResponse:
    report = MilestoneReport.objects.select_related(
        "unit", "milestone__movement__launched_by"
    ).filter(pk=pk)
    return _download(request, report.first())
