"""Pages of the commendation registry: find a person, see their history, check an award,
import and export award histories with Excel."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thidua.commendation.catalogue import SubjectKind
from thidua.commendation.eligibility import evaluate
from thidua.commendation.forms import EligibilityForm, PersonSearchForm, UnitUploadForm
from thidua.commendation.history_excel import (
    MAX_BYTES,
    build_history_export,
    build_history_template,
)
from thidua.commendation.history_import import (
    award_history_import,
    history_export_rows_for,
    history_template_rows_for,
)
from thidua.commendation.models import Person
from thidua.commendation.selectors import (
    collective_history,
    collective_list_for,
    person_history,
    person_list_for,
    subject_for,
)
from thidua.core.excel import UploadError, xlsx_download
from thidua.core.exceptions import ApplicationError
from thidua.core.permissions import ensure_can
from thidua.core.resubmit import once
from thidua.core.text import file_slug, format_number, local_today
from thidua.ingest.selectors import upload_units_for
from thidua.org.models import OrgUnit

PAGE_SIZE = 100


@require_GET
@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    ensure_can(request.user, "commendation.check_eligibility")
    form = PersonSearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    people = list(person_list_for(user=request.user, q=q).select_related("unit")[: PAGE_SIZE + 1])
    collectives = list(collective_list_for(user=request.user, q=q)[:PAGE_SIZE])
    return render(
        request,
        "commendation/person_list.html",
        {
            "form": form,
            "people": people[:PAGE_SIZE],
            "more": len(people) > PAGE_SIZE,
            "collectives": collectives,
            "q": q,
        },
    )


@require_GET
@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's record, and the eligibility check for an award computed from it."""
    person = Person.objects.select_related("unit").filter(pk=pk).first()
    if person is None or not request.user.has_perm("commendation.view_registry", person):
        raise Http404
    form = EligibilityForm(
        request.GET if "award" in request.GET else None,
        kind=SubjectKind.INDIVIDUAL,
        initial={"as_of": local_today()},
    )
    result: Any = None
    if form.is_bound and form.is_valid():
        subject = subject_for(person, form.cleaned_data["as_of"])
        result = evaluate(subject, form.cleaned_data["award"], form.cleaned_data["as_of"])
    return render(
        request,
        "commendation/person_detail.html",
        {"person": person, "history": person_history(person), "form": form, "result": result},
    )


@require_GET
@login_required
def collective_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A collective's record (following its lineage: a unit merged in 2025 keeps its
    predecessors' history) and the eligibility check for a collective award."""
    unit = OrgUnit.objects.filter(pk=pk).first()
    if unit is None or not request.user.has_perm("commendation.view_registry", unit):
        raise Http404
    form = EligibilityForm(
        request.GET if "award" in request.GET else None,
        kind=SubjectKind.COLLECTIVE,
        initial={"as_of": local_today()},
    )
    result: Any = None
    if form.is_bound and form.is_valid():
        as_of = form.cleaned_data["as_of"]
        try:
            result = evaluate(subject_for(unit, as_of), form.cleaned_data["award"], as_of)
        except ValueError as error:  # a date before the 2022 Law
            messages.error(request, str(error))
    return render(
        request,
        "commendation/collective_detail.html",
        {"unit": unit, "history": collective_history(unit), "form": form, "result": result},
    )


@require_http_methods(["GET", "POST"])
@login_required
@once
def history_excel(request: HttpRequest) -> HttpResponse:
    """Download a unit's award-history template, upload it back, export a unit's history."""
    ensure_can(request.user, "commendation.check_eligibility")
    units = list(upload_units_for(user=request.user, day=local_today()))
    form = UnitUploadForm(units, request.POST or None, request.FILES or None)
    problems: list[Any] = []
    if request.method == "POST":
        if not units:
            raise PermissionDenied(_("Bạn không quản lý sổ khen thưởng của đơn vị nào."))
        if form.is_valid():
            unit = next(u for u in units if u.pk == form.cleaned_data["unit"])
            upload = form.cleaned_data["file"]
            try:
                if upload.size > MAX_BYTES:
                    raise ApplicationError(_("Tệp lớn hơn 5 MB."))
                result = award_history_import(actor=request.user, unit=unit, data=upload.read())
            except UploadError as error:
                problems = error.errors
                messages.error(
                    request,
                    _("Tệp không được nhận, chưa có gì được lưu: %(count)s lỗi.")
                    % {"count": format_number(len(problems))},
                )
            except ApplicationError as error:
                messages.error(
                    request,
                    _("Tệp không được nhận, chưa có gì được lưu. %(message)s")
                    % {"message": error.message},
                )
            else:
                messages.success(
                    request,
                    _(
                        "Đã nhận tệp của %(unit)s: thêm %(people)s người, %(awards)s khen "
                        "thưởng; %(skipped)s khen thưởng đã có trong sổ được bỏ qua."
                    )
                    % {
                        "unit": unit.name,
                        "people": result.people_created,
                        "awards": result.awards_created,
                        "skipped": result.skipped_existing,
                    },
                )
                return redirect(request.path)
    return render(
        request,
        "commendation/history_excel.html",
        {"units": units, "form": form, "problems": problems},
    )


def _unit(pk: int) -> OrgUnit:
    unit = OrgUnit.objects.filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


@require_GET
@login_required
def history_template(request: HttpRequest, unit_pk: int) -> HttpResponseBase:
    unit = _unit(unit_pk)
    rows = history_template_rows_for(actor=request.user, unit=unit)
    return xlsx_download(
        build_history_template(unit, rows), f"mau-khen-thuong-{file_slug(unit.name)}"
    )


@require_GET
@login_required
def history_export(request: HttpRequest, unit_pk: int) -> HttpResponseBase:
    unit = _unit(unit_pk)
    rows = history_export_rows_for(user=request.user, unit=unit)
    data = build_history_export(
        rows, title=_("Quá trình khen thưởng – %(unit)s") % {"unit": unit.name}
    )
    return xlsx_download(data, f"khen-thuong-{file_slug(unit.name)}")
