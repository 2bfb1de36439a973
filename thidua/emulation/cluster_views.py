"""Pages of clusters and blocks: the list of editions, one edition (members, covenant,
evidence completeness, standings with a chart of points per group, publishing and proposals),
and a member's scoring sheet (self, cross, review, return)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thidua.commendation.models import Round, RoundStatus
from thidua.core.charts import stacked_bars
from thidua.core.exceptions import ApplicationError
from thidua.core.permissions import ensure_can
from thidua.core.resubmit import once
from thidua.core.text import local_today
from thidua.emulation.cluster_selectors import (
    edition_detail,
    edition_list,
    group_points,
    member_rows,
)
from thidua.emulation.documents import standings_minutes_docx
from thidua.emulation.models import Assessment, AssessmentStatus, EditionStatus, Evidence
from thidua.emulation.scoring import FormulaKind
from thidua.emulation.services import clusters as services

# What an assessor types for each formula: (field, label, input type).
FIELDS: dict[str, tuple[tuple[str, str, str], ...]] = {
    FormulaKind.MANUAL: (("points", "Điểm", "number"),),
    FormulaKind.RATIO: (
        ("numerator", "Đạt được (b)", "number"),
        ("denominator", "Tổng số (a)", "number"),
    ),
    FormulaKind.STEPPED: (("value", "Tỷ lệ (%)", "number"),),
    FormulaKind.BONUS: (("met", "Đạt", "checkbox"),),
    FormulaKind.PENALTY: (("count", "Số lần", "number"),),
    FormulaKind.TARGET: (("achievement", "Mức đạt chỉ tiêu (1 = 100 %)", "number"),),
}


@require_GET
@login_required
def cluster_list(request: HttpRequest) -> HttpResponse:
    ensure_can(request.user, "emulation.view_cluster")
    editions = list(edition_list().order_by("-year", "cluster__kind", "cluster__name"))
    return render(request, "emulation/cluster_list.html", {"editions": editions})


def _edition(pk: int) -> Any:
    edition = edition_detail(pk)
    if edition is None:
        raise Http404
    return edition


def _chart(edition: Any) -> str:
    _standings, _proposals, results = services.standings_for(edition, edition.votes or None)
    order = [row["unit"] for row in edition.standings.get("rows", [])]
    rows = [(unit, group_points(results[unit], edition)) for unit in order]
    maximum = services.table_for(edition).max_total
    svg = stacked_bars(rows, maximum=maximum, title=_("Điểm thi đua theo nhóm tiêu chí"))
    return mark_safe(svg)  # noqa: S308 - built by core.charts, which escapes all text


@require_http_methods(["GET", "POST"])
@login_required
def edition_page(request: HttpRequest, pk: int) -> HttpResponse:
    ensure_can(request.user, "emulation.view_cluster")
    edition = _edition(pk)
    user = request.user
    manages = user.has_perm("emulation.manage_cluster", edition)
    rounds = (
        list(
            Round.objects.filter(
                status=RoundStatus.OPEN, issuer=edition.cluster.organised_by
            ).order_by("-year", "name")
        )
        if manages
        else []
    )
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "publish":
                votes = {
                    row.member.unit.name: int(request.POST[f"votes-{row.member.pk}"])
                    for row in member_rows(edition, user)
                    if request.POST.get(f"votes-{row.member.pk}", "").strip().isdigit()
                }
                services.edition_publish(actor=user, edition=edition, votes=votes or None)
                done = _("Đã công bố kết quả xếp hạng; các bảng điểm đã khóa.")
            elif action == "propose":
                round_ = next((r for r in rounds if str(r.pk) == request.POST.get("round")), None)
                if round_ is None:
                    raise ApplicationError(_("Hãy chọn một đợt khen thưởng đang mở."))
                created = services.proposals_create(
                    actor=user,
                    edition=edition,
                    round_=round_,
                    minutes=standings_minutes_docx(edition),
                )
                done = _("Đã tạo %(count)s đề nghị khen thưởng trong đợt “%(round)s”.") % {
                    "count": len(created),
                    "round": round_.name,
                }
            else:
                raise ApplicationError(_("Thao tác không hợp lệ."))
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done)
            return redirect(request.path)
    published = edition.status == EditionStatus.PUBLISHED
    return render(
        request,
        "emulation/edition_page.html",
        {
            "edition": edition,
            "rows": member_rows(edition, user),
            "manages": manages,
            "published": published,
            "chart": _chart(edition) if published else "",
            "rounds": rounds,
            "max_total": services.table_for(edition).max_total,
        },
    )


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    assessment = (
        Assessment.objects.select_related(
            "member__edition__cluster__organised_by", "member__edition__leader", "member__unit"
        )
        .filter(pk=pk)
        .first()
    )
    if assessment is None or not request.user.has_perm("emulation.view_assessment", assessment):
        raise Http404
    return assessment


def _entries_from_post(request: HttpRequest, edition: Any) -> dict[str, dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = {}
    for group in edition.groups.all():
        for criterion in group.criteria.all():
            values: dict[str, Any] = {}
            for field, _label, kind in FIELDS.get(criterion.formula, ()):
                name = f"c-{criterion.code}-{field}"
                if kind == "checkbox":
                    values[field] = request.POST.get(name) == "on"
                else:
                    values[field] = request.POST.get(name, "").strip()
            entries[criterion.code] = values
    return entries


def _sheet_rows(
    edition: Any, assessment: Assessment, phase: str
) -> tuple[list[dict[str, Any]], Any]:
    """One row per criterion (what the member typed, what the cross assessor typed, the
    points), and the result (None while the figures do not score)."""
    try:
        result = services.score(edition, assessment, cross=phase != "self")
    except ApplicationError:
        result = None
    points = {score.code: score for score in result.criteria} if result else {}
    evidence: dict[str, list[Evidence]] = {}
    for item in assessment.evidence.all():
        evidence.setdefault(item.criterion_code, []).append(item)
    rows = []
    for group in edition.groups.all():
        for criterion in group.criteria.all():
            own = assessment.self_entries.get(criterion.code, {})
            cross = assessment.cross_entries.get(criterion.code, {})
            shown = cross if phase == "cross" and cross else own
            rows.append(
                {
                    "group": group,
                    "criterion": criterion,
                    "inputs": [
                        (f"c-{criterion.code}-{field}", label, kind, shown.get(field, ""))
                        for field, label, kind in FIELDS.get(criterion.formula, ())
                    ],
                    "own": own,
                    "score": points.get(criterion.code),
                    "evidence": evidence.get(criterion.code, []),
                }
            )
    return rows, result


@require_http_methods(["GET", "POST"])
@login_required
@once
def assessment_page(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    edition = _edition(assessment.member.edition_id)
    user = request.user
    status = assessment.status
    can_self = status in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED) and user.has_perm(
        "emulation.self_assess", assessment
    )
    can_cross = status == AssessmentStatus.SELF_SUBMITTED and user.has_perm(
        "emulation.cross_assess", assessment
    )
    manages = user.has_perm("emulation.manage_cluster", assessment)
    if request.method == "POST":
        action = request.POST.get("action", "")
        version = request.POST.get("version", "")
        expected = int(version) if version.isdigit() else None
        try:
            if action in ("save", "submit") and (can_self or can_cross):
                facts = request.POST.getlist("fact") if can_self else None
                services.assessment_save(
                    actor=user,
                    assessment=assessment,
                    entries=_entries_from_post(request, edition),
                    facts=facts,
                    expected_version=expected,
                )
                done = _("Đã lưu bảng điểm.")
                if action == "submit":
                    services.assessment_submit(actor=user, assessment=assessment)
                    done = _("Đã gửi bảng điểm.")
            elif action == "evidence" and can_self:
                upload = request.FILES.get("file")
                if upload is None:
                    raise ApplicationError(_("Hãy chọn tệp minh chứng."))
                services.evidence_add(
                    actor=user,
                    assessment=assessment,
                    criterion_code=request.POST.get("criterion", ""),
                    name=upload.name or "",
                    content=upload.read(),
                )
                done = _("Đã thêm minh chứng.")
            elif action == "review":
                services.assessment_review(
                    actor=user, assessment=assessment, expected_version=expected
                )
                done = _("Đã thẩm định bảng điểm.")
            elif action == "return":
                services.assessment_return(
                    actor=user,
                    assessment=assessment,
                    reason=request.POST.get("reason", ""),
                    expected_version=expected,
                )
                done = _("Đã trả lại bảng điểm để chấm lại.")
            else:
                raise ApplicationError(_("Thao tác không hợp lệ."))
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done)
            return redirect(request.path)
        assessment = _assessment(request, pk)
    phase = (
        "cross"
        if can_cross
        or status
        in (AssessmentStatus.CROSS_SUBMITTED, AssessmentStatus.REVIEWED, AssessmentStatus.PUBLISHED)
        else "self"
    )
    rows, result = _sheet_rows(edition, assessment, phase)
    return render(
        request,
        "emulation/assessment_page.html",
        {
            "assessment": assessment,
            "edition": edition,
            "rows": rows,
            "phase": phase,
            "editable": can_self or can_cross,
            "can_self": can_self,
            "can_cross": can_cross,
            "can_review": manages and status == AssessmentStatus.CROSS_SUBMITTED,
            "can_return": user.has_perm("emulation.return_assessment", assessment)
            and status
            not in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED, AssessmentStatus.PUBLISHED),
            "facts": [
                (name, text, name in assessment.self_facts) for name, text in edition.facts.items()
            ],
            "result": result,
            "today": local_today(),
        },
    )


@require_GET
@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = Evidence.objects.select_related("assessment").filter(pk=pk).first()
    if evidence is None:
        raise Http404
    _assessment(request, evidence.assessment_id)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.name,
        content_type=evidence.content_type,
    )
