"""Report workflow: save, submit, return with reason, resubmit, approve, correct; locking,
assignment checks, rights, history and audit."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from conftest import Tree, make_user
from thidua.accounts.enums import Role
from thidua.core.exceptions import ApplicationError, ConflictError
from thidua.core.models import AuditEvent
from thidua.org.services import orgunit_rename
from thidua.targets.enums import ReportStatus
from thidua.targets.models import Report, ReportRevision
from thidua.targets.services import (
    report_approve,
    report_correct,
    report_return,
    report_save,
    report_submit,
)


def test_full_workflow_keeps_history(tree: Tree, setup) -> None:
    reporter = make_user(Role.NHAP_LIEU, tree.unit)
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)

    report = report_save(
        actor=reporter,
        measure=setup.revenue,
        unit=tree.unit,
        period_key="2024-03",
        value=Decimal("310.5"),
        explanation="Lũy kế quý I",
    )
    report = report_submit(actor=reporter, report=report, expected_version=report.version)
    report = report_return(actor=office, report=report, reason="Thiếu số thu tiền sử dụng đất.")
    report = report_save(
        actor=reporter,
        measure=setup.revenue,
        unit=tree.unit,
        period_key="2024-03",
        value=Decimal("320"),
        explanation="Đã bổ sung",
        expected_version=report.version,
    )
    report = report_submit(actor=reporter, report=report)
    report = report_approve(actor=office, report=report)

    assert (report.status, report.value, report.return_reason) == (
        ReportStatus.APPROVED,
        Decimal("320"),
        "",
    )
    assert list(report.revisions.values_list("action", flat=True)) == [
        "saved",
        "submitted",
        "returned",
        "saved",
        "submitted",
        "approved",
    ]
    assert report.revisions.get(action="returned").reason == "Thiếu số thu tiền sử dụng đất."
    assert report.due_date == datetime.date(2024, 4, 10)
    assert AuditEvent.objects.filter(action__startswith="report.").count() == 6


def test_return_requires_a_reason(tree: Tree, setup) -> None:
    report = report_submit(
        actor=None,
        report=report_save(
            actor=None,
            measure=setup.revenue,
            unit=tree.unit,
            period_key="2024-01",
            value=Decimal(1),
        ),
    )

    with pytest.raises(ApplicationError, match="lý do trả lại"):
        report_return(actor=None, report=report, reason="  ")

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_approved_values_are_locked_and_corrected_by_new_revision(tree: Tree, setup) -> None:
    report = report_save(
        actor=None, measure=setup.revenue, unit=tree.unit, period_key="2024-01", value=Decimal(90)
    )
    report = report_approve(actor=None, report=report_submit(actor=None, report=report))

    with pytest.raises(ApplicationError, match="không sửa trực tiếp"):
        report_save(
            actor=None,
            measure=setup.revenue,
            unit=tree.unit,
            period_key="2024-01",
            value=Decimal(95),
        )
    with pytest.raises(ApplicationError, match="lý do điều chỉnh"):
        report_correct(actor=None, report=report, value=Decimal(95), explanation="", reason="")
    corrected = report_correct(
        actor=None,
        report=report,
        value=Decimal(95),
        explanation="",
        reason="Cục Thuế điều chỉnh số liệu",
    )

    assert (corrected.revision, corrected.status, corrected.value) == (
        2,
        ReportStatus.SUBMITTED,
        Decimal(95),
    )
    assert ReportRevision.objects.filter(report=report, revision=1).last().value == Decimal(90)


def test_stale_version_is_a_conflict_and_loses_nothing(tree: Tree, setup) -> None:
    report = report_save(
        actor=None, measure=setup.revenue, unit=tree.unit, period_key="2024-02", value=Decimal(1)
    )
    stale = report.version
    report_save(
        actor=None,
        measure=setup.revenue,
        unit=tree.unit,
        period_key="2024-02",
        value=Decimal(2),
        expected_version=stale,
    )

    with pytest.raises(ConflictError, match="người khác thay đổi"):
        report_save(
            actor=None,
            measure=setup.revenue,
            unit=tree.unit,
            period_key="2024-02",
            value=Decimal(3),
            expected_version=stale,
        )

    assert Report.objects.get(pk=report.pk).value == Decimal(2)


@pytest.mark.parametrize(
    ("period_key", "message"),
    [
        ("2024-Q1", "không thuộc tần suất"),
        ("2023-12", "không thuộc năm"),
        ("tháng 3", "không hợp lệ"),
    ],
)
def test_bad_period_is_refused(tree: Tree, setup, period_key, message) -> None:
    with pytest.raises(ApplicationError, match=message):
        report_save(
            actor=None,
            measure=setup.revenue,
            unit=tree.unit,
            period_key=period_key,
            value=Decimal(1),
        )

    assert Report.objects.count() == 0


def test_only_assigned_units_report(tree: Tree, setup) -> None:
    with pytest.raises(ApplicationError, match="không được giao"):
        report_save(
            actor=None,
            measure=setup.revenue,
            unit=tree.other,
            period_key="2024-01",
            value=Decimal(1),
        )


def test_successor_reports_for_a_renamed_unit(tree: Tree, setup) -> None:
    """After a restructuring, the successor reports the periods that end after it."""
    renamed = orgunit_rename(
        actor=None, unit=tree.unit, name="Sở mới", effective_date=datetime.date(2024, 7, 1)
    )

    report_save(
        actor=None, measure=setup.revenue, unit=renamed, period_key="2024-08", value=Decimal(700)
    )
    with pytest.raises(ApplicationError, match="không được giao"):
        report_save(
            actor=None, measure=setup.revenue, unit=renamed, period_key="2024-05", value=Decimal(1)
        )


@pytest.mark.parametrize(
    ("role", "on", "can_edit", "can_review"),
    [
        (Role.NHAP_LIEU, "unit", True, False),
        (Role.NHAP_LIEU, "other", False, False),
        (Role.NGUOI_XEM, "unit", False, False),
        (Role.LANH_DAO_DON_VI, "unit", True, True),  # leads the measure's lead unit
        (Role.CHUYEN_VIEN_TDKT, "province", False, True),
        (Role.CHUYEN_VIEN_TDKT, "other", False, False),
    ],
)
def test_report_permissions(tree: Tree, setup, role, on, can_edit, can_review) -> None:
    actor = make_user(role, getattr(tree, on))
    draft = report_save(
        actor=None, measure=setup.revenue, unit=tree.unit, period_key="2024-01", value=Decimal(1)
    )

    if can_edit:
        report_submit(actor=actor, report=draft)
    else:
        with pytest.raises(PermissionDenied):
            report_submit(actor=actor, report=draft)
        report_submit(actor=None, report=draft)
    if can_review:
        report_approve(actor=actor, report=draft)
    else:
        with pytest.raises(PermissionDenied):
            report_approve(actor=actor, report=draft)

    draft.refresh_from_db()
    assert draft.status == (ReportStatus.APPROVED if can_review else ReportStatus.SUBMITTED)


def test_drafts_stay_inside_the_unit(tree: Tree, setup) -> None:
    draft = report_save(
        actor=None, measure=setup.communes, unit=tree.child, period_key="2024-Q1", value=Decimal(1)
    )
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    neighbour = make_user(Role.NHAP_LIEU, tree.other)
    own = make_user(Role.NHAP_LIEU, tree.child)

    assert (
        own.has_perm("targets.view_report", draft),
        office.has_perm("targets.view_report", draft),
    ) == (True, False)
    assert neighbour.has_perm("targets.view_report", draft) is False
    report_submit(actor=own, report=draft)
    draft.refresh_from_db()
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    neighbour = make_user(Role.NHAP_LIEU, tree.other)
    assert (
        office.has_perm("targets.view_report", draft),
        neighbour.has_perm("targets.view_report", draft),
    ) == (True, False)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.exe", b"MZ", "chỉ nhận PDF"),
        ("a.pdf", b"<html>", "không đúng định dạng PDF"),
        ("a.pdf", b"", "rỗng"),
        ("a.png", b"%PDF-1.4", "không đúng định dạng PNG"),
    ],
)
def test_evidence_is_checked_by_content(
    tree: Tree, setup, settings, tmp_path, name, content, message
) -> None:
    from thidua.targets.models import Evidence
    from thidua.targets.services import evidence_add

    settings.MEDIA_ROOT = tmp_path
    report = report_save(
        actor=None, measure=setup.revenue, unit=tree.unit, period_key="2024-01", value=Decimal(1)
    )

    with pytest.raises(ApplicationError, match=message):
        evidence_add(actor=None, report=report, name=name, content=content)

    assert Evidence.objects.count() == 0
