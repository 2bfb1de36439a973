"""Pages of the statistical forms 0601.N–0605.N: choose a form, a year and a unit, see the
figures, download the .xlsx (one form, or the five in one workbook); and the office's entry of
the TĐKT organisations and staff behind 0604.N and 0605.N. Views are thin: forms clean,
services write, selectors read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thidua.core.excel import xlsx_download
from thidua.core.exceptions import ApplicationError, ConflictError
from thidua.core.forms import keep_for_reapply
from thidua.core.permissions import ensure_can
from thidua.core.text import file_slug
from thidua.documents.statistical_forms import FORM_CODES, FORMS, workbook_bytes
from thidua.documents.statistical_inputs import (
    StatisticalChoiceForm,
    WorkforceForm,
    WorkforceUnitForm,
    year_from,
)
from thidua.documents.statistical_selectors import (
    report_units_for,
    statistical_reports,
    tdkt_workforce_get,
    tdkt_workforce_list_for,
    units_in_year,
    workforce_units_for,
)
from thidua.documents.statistical_services import tdkt_workforce_delete, tdkt_workforce_save
from thidua.org.models import OrgUnit

VIEW = "documents.view_statistical_forms"
MANAGE = "documents.manage_tdkt_workforce"


def _query(code: str, year: int, unit: OrgUnit) -> str:
    return f"?bieu={code}&nam={year}&don_vi={unit.pk}"


@require_GET
@login_required
def statistical_index(request: HttpRequest) -> HttpResponse:
    """The chooser, and once a form is chosen its figures with the download links."""
    ensure_can(request.user, VIEW)
    year = year_from(request.GET)
    units = list(report_units_for(user=request.user, year=year).select_related("parent"))
    bound = "bieu" in request.GET
    form = StatisticalChoiceForm(
        units,
        request.GET if bound else None,
        initial={"bieu": FORM_CODES[0], "nam": year, "don_vi": units[0].pk if units else None},
    )
    context: dict[str, object] = {"form": form, "year": year, "has_units": bool(units)}
    if bound and form.is_valid():
        unit, code = form.unit(), form.cleaned_data["bieu"]
        ensure_can(request.user, VIEW, unit)
        report = statistical_reports(unit=unit, year=year, codes=[code])[0]
        query = f"?nam={year}&don_vi={unit.pk}"
        context |= {
            "report": report,
            "header_rows": [
                [cell for cell in report.header() if cell.row == row] for row in range(3)
            ],
            "lines": report.lines(),
            "unit": unit,
            "download_url": reverse("statforms:download") + _query(code, year, unit),
            "download_all_url": reverse("statforms:download-all") + query,
            "other_forms": [
                (spec, reverse("statforms:index") + _query(spec.code, year, unit))
                for spec in FORMS.values()
            ],
        }
    return render(request, "documents/statistical_index.html", context)


def _download_unit(request: HttpRequest, year: int) -> OrgUnit:
    """The unit named in the query, as it was in `year`; 404 if unknown, 403 if not covered."""
    try:
        pk = int(request.GET.get("don_vi", ""))
    except ValueError:
        raise Http404 from None
    unit = units_in_year(year).select_related("parent").filter(pk=pk).first()
    if unit is None:
        raise Http404
    ensure_can(request.user, VIEW, unit)
    return unit


@require_GET
@login_required
def statistical_download(request: HttpRequest) -> FileResponse:
    ensure_can(request.user, VIEW)
    code = request.GET.get("bieu", "")
    if code not in FORMS:
        raise Http404
    year = year_from(request.GET)
    unit = _download_unit(request, year)
    reports = statistical_reports(unit=unit, year=year, codes=[code])
    name = f"bieu-{file_slug(code)}-{year}-{file_slug(unit.name)}"
    return xlsx_download(workbook_bytes(reports), name)


@require_GET
@login_required
def statistical_download_all(request: HttpRequest) -> FileResponse:
    ensure_can(request.user, VIEW)
    year = year_from(request.GET)
    unit = _download_unit(request, year)
    reports = statistical_reports(unit=unit, year=year)
    return xlsx_download(
        workbook_bytes(reports), f"bieu-thong-ke-tdkt-{year}-{file_slug(unit.name)}"
    )


# --- TĐKT organisations and staff (0604.N, 0605.N) -------------------------------------------


@require_GET
@login_required
def workforce_list(request: HttpRequest) -> HttpResponse:
    """The figures entered for a year, and the unit to enter next."""
    ensure_can(request.user, MANAGE)
    year = year_from(request.GET)
    units = list(workforce_units_for(user=request.user, year=year))
    bound = "don_vi" in request.GET
    form = WorkforceUnitForm(
        units,
        request.GET if bound else None,
        initial={"nam": year, "don_vi": units[0].pk if units else None},
    )
    if bound and form.is_valid():
        return redirect("statforms:workforce-edit", year, form.unit().pk)
    records = list(tdkt_workforce_list_for(user=request.user, year=year))
    return render(
        request,
        "documents/statistical_workforce_list.html",
        {"form": form, "year": year, "records": records},
    )


@require_http_methods(["GET", "POST"])
@login_required
def workforce_edit(request: HttpRequest, year: int, unit_id: int) -> HttpResponse:
    unit = units_in_year(year).select_related("parent").filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    ensure_can(request.user, MANAGE, unit)
    record = tdkt_workforce_get(unit=unit, year=year)
    back = reverse("statforms:workforce-list") + f"?nam={year}"
    if request.method == "POST" and "delete" in request.POST:
        if record is not None:
            try:
                tdkt_workforce_delete(actor=request.user, record=record)
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("Đã xóa số liệu năm %(year)s của %(unit)s.")
                    % {"year": year, "unit": unit.name},
                )
        return redirect(back)
    form = WorkforceForm(
        request.POST if request.method == "POST" else None,
        initial=WorkforceForm.initial_from(record),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            tdkt_workforce_save(
                actor=request.user,
                unit=unit,
                year=year,
                counts=form.counts(),
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError as error:
            keep_for_reapply(form, error)
            status = 409
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Đã lưu số liệu năm %(year)s của %(unit)s.") % {"year": year, "unit": unit.name},
            )
            return redirect(back)
    return render(
        request,
        "documents/statistical_workforce_edit.html",
        {"form": form, "unit": unit, "year": year, "record": record, "back": back},
        status=status,
    )
