"""The generated documents that can be rendered to PDF: how to find one, who may read it and
how to build its DOCX. A rendering job stores only the kind and the object's id."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from thidua.commendation.certificates import certificates_docx
from thidua.commendation.dossier_documents import (
    decision_docx,
    meeting_minutes_docx,
    tally_minutes_docx,
)
from thidua.commendation.models import CouncilSession, Decision, DecisionStatus
from thidua.org.models import OrgUnit
from thidua.reminders.letter import overdue_letter_docx
from thidua.reports.documents import periodic_report_docx, report_summary
from thidua.reports.models import PeriodicReport


@dataclass(frozen=True)
class RenderKind:
    label: Promise
    load: Callable[[int], Any]
    may_read: Callable[[Any, Any], bool]
    build: Callable[[Any], tuple[str, bytes]]
    unit: Callable[[Any], OrgUnit]
    title: Callable[[Any], str]
    page: Callable[[Any], str]


def _decision(pk: int) -> Decision | None:
    return Decision.objects.select_related("issuer__parent", "round").filter(pk=pk).first()


def _reads_decision(user: Any, decision: Decision) -> bool:
    if decision.status == DecisionStatus.PUBLISHED:
        return bool(user.is_authenticated)
    return bool(user.has_perm("commendation.decide", decision))


def _session(pk: int) -> CouncilSession | None:
    return CouncilSession.objects.select_related("round__issuer__parent").filter(pk=pk).first()


def _decision_title(decision: Decision) -> str:
    return f"Quyết định {decision.number or '(dự thảo)'}: {decision.title}"


KINDS: dict[str, RenderKind] = {
    "periodic_report": RenderKind(
        label=_("Báo cáo sơ kết, tổng kết"),
        load=lambda pk: PeriodicReport.objects.select_related("unit__parent").filter(pk=pk).first(),
        may_read=lambda user, report: user.has_perm("reports.view_report", report),
        build=periodic_report_docx,
        unit=lambda report: report.unit,
        title=lambda report: f"{report_summary(report)} – {report.unit.name}",
        page=lambda report: reverse("reports:report-detail", args=[report.pk]),
    ),
    "decision": RenderKind(
        label=_("Quyết định khen thưởng"),
        load=_decision,
        may_read=_reads_decision,
        build=decision_docx,
        unit=lambda decision: decision.issuer,
        title=_decision_title,
        page=lambda decision: reverse("commendation:decision-detail", args=[decision.pk]),
    ),
    "certificates": RenderKind(
        label=_("Bằng khen, giấy khen để in"),
        load=_decision,
        may_read=_reads_decision,
        build=certificates_docx,
        unit=lambda decision: decision.issuer,
        title=lambda decision: f"Bằng, giấy khen theo {_decision_title(decision)}",
        page=lambda decision: reverse("commendation:certificates", args=[decision.pk]),
    ),
    "tally_minutes": RenderKind(
        label=_("Biên bản kiểm phiếu"),
        load=_session,
        may_read=lambda user, session: user.has_perm("commendation.view_council", session),
        build=tally_minutes_docx,
        unit=lambda session: session.round.issuer,
        title=lambda session: f"Biên bản kiểm phiếu phiên họp ngày {session.held_on:%d/%m/%Y}",
        page=lambda session: reverse("commendation:session-detail", args=[session.pk]),
    ),
    "meeting_minutes": RenderKind(
        label=_("Biên bản họp xét khen thưởng"),
        load=_session,
        may_read=lambda user, session: user.has_perm("commendation.view_council", session),
        build=meeting_minutes_docx,
        unit=lambda session: session.round.issuer,
        title=lambda session: f"Biên bản họp xét ngày {session.held_on:%d/%m/%Y}",
        page=lambda session: reverse("commendation:session-detail", args=[session.pk]),
    ),
    "overdue_letter": RenderKind(
        label=_("Công văn đôn đốc các đơn vị chậm hạn"),
        load=lambda pk: OrgUnit.objects.select_related("parent").filter(pk=pk).first(),
        may_read=lambda user, province: user.has_perm("reminders.issue_letter", province),
        build=lambda province: overdue_letter_docx(province=province),
        unit=lambda province: province,
        title=lambda province: f"Công văn đôn đốc các đơn vị chậm hạn – {province.name}",
        page=lambda province: f"{reverse('reminders:letter')}?tinh={province.pk}",
    ),
}
