"""Writes for movements: launch, cascade, milestones, and the units' filings (plan, registration,
milestone reports). Each authorises, validates (Vietnamese messages naming the field), writes and
records one audit event in one transaction. Filings use optimistic locking (`expected_version`):
two people of a unit editing the same registration never overwrite each other silently.
"""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.commendation.catalogue import SubjectKind, award_definitions
from thidua.commendation.models import Round, RoundKind
from thidua.commendation.services import round_create
from thidua.core.exceptions import ApplicationError, ConflictError
from thidua.core.files import check_file
from thidua.core.permissions import ensure_can
from thidua.core.services import audit_record, snapshot
from thidua.core.text import format_date, local_today
from thidua.core.validation import clean_text, required_text
from thidua.emulation.models import (
    FilingStatus,
    Milestone,
    MilestoneKind,
    MilestoneReport,
    Movement,
    MovementKind,
    MovementPlan,
    Registration,
    RegistrationStatus,
)
from thidua.emulation.selectors import movement_units
from thidua.org.models import OrgUnit
from thidua.targets.models import Campaign

MOVEMENT_FIELDS = [
    "id",
    "name",
    "kind",
    "launched_by_id",
    "campaign_id",
    "parent_id",
    "document_number",
    "document_date",
    "starts_on",
    "ends_on",
    "scope",
    "registration_due_on",
]
PLAN_FIELDS = [
    "id",
    "movement_id",
    "unit_id",
    "text",
    "file_name",
    "status",
    "version",
    "submitted_at",
]
REGISTRATION_FIELDS = [
    "id",
    "movement_id",
    "unit_id",
    "year",
    "titles",
    "commitments",
    "status",
    "version",
    "submitted_at",
    "acknowledged_at",
]
MILESTONE_FIELDS = ["id", "movement_id", "kind", "name", "due_on"]
REPORT_FIELDS = [
    "id",
    "milestone_id",
    "unit_id",
    "summary",
    "file_name",
    "status",
    "version",
    "submitted_at",
]

FILE_EXTENSIONS = (".pdf", ".docx")
FILE_MAX_BYTES = 20 * 1024 * 1024
MAX_TEXT = 20_000
MAX_COMMITMENTS = 30
MAX_COMMITMENT_LENGTH = 500
# Kinds of commendation round a movement's results feed (Law Art. 9: thường xuyên → the annual
# round; theo đợt, chuyên đề → a thematic round).
ROUND_KINDS = (RoundKind.THEMATIC, RoundKind.ANNUAL)

FilingModel = TypeVar("FilingModel", MovementPlan, Registration, MilestoneReport)


# --- Cleaning ------------------------------------------------------------------------------


def _clean_lines(value: str | None) -> list[str]:
    return [line for line in (clean_text(raw) for raw in (value or "").splitlines()) if line]


def _field_error(label: str, problem: str) -> ApplicationError:
    return ApplicationError(
        _("Trường “%(field)s”: %(problem)s") % {"field": label, "problem": problem},
        extra={"field": label},
    )


def _long_text(value: str | None, label: str) -> str:
    text = "\n".join(_clean_lines(value))
    if len(text) > MAX_TEXT:
        raise _field_error(label, _("dài quá %(limit)s ký tự.") % {"limit": MAX_TEXT})
    return text


def _not_before(day: datetime.date | None, start: datetime.date, label: str) -> None:
    if day is not None and day < start:
        raise _field_error(
            label,
            _("ngày %(day)s trước ngày bắt đầu %(start)s.")
            % {"day": format_date(day), "start": format_date(start)},
        )


def _actor_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# --- Movements -----------------------------------------------------------------------------


def _check_participants(launcher: OrgUnit, participants: Iterable[OrgUnit]) -> list[OrgUnit]:
    units = list(dict.fromkeys(participants))
    for unit in units:
        if unit.pk == launcher.pk or not unit.path.startswith(launcher.path):
            raise _field_error(
                _("Đơn vị thực hiện"),
                _("“%(unit)s” không thuộc %(launcher)s.")
                % {"unit": unit.name, "launcher": launcher.name},
            )
    return units


@transaction.atomic
def movement_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    launched_by: OrgUnit,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    campaign: Campaign | None = None,
    document_number: str = "",
    document_date: datetime.date | None = None,
    scope: str = "",
    participants: Iterable[OrgUnit] = (),
    registration_due_on: datetime.date | None = None,
    is_demo: bool = False,
) -> Movement:
    """Launch a movement of `launched_by` (its emulation office launches). `participants` are
    the units that file; none: the launching unit's direct subordinates."""
    ensure_can(actor, "emulation.launch_movement", launched_by)
    clean_name = required_text(name, _("Tên phong trào"))
    if kind not in MovementKind.values:
        raise _field_error(
            _("Loại phong trào"), _("giá trị “%(value)s” không hợp lệ.") % {"value": kind}
        )
    _not_before(ends_on, starts_on, _("Kết thúc"))
    _not_before(registration_due_on, starts_on, _("Hạn gửi kế hoạch, đăng ký thi đua"))
    units = _check_participants(launched_by, participants)
    if (
        campaign is not None
        and Movement.objects.filter(campaign=campaign, name=clean_name).exists()
    ):
        raise ApplicationError(
            _("Phong trào “%(name)s” đã có trong năm thi đua này.") % {"name": clean_name}
        )
    movement = Movement.objects.create(
        name=clean_name,
        kind=kind,
        launched_by=launched_by,
        campaign=campaign,
        starts_on=starts_on,
        ends_on=ends_on,
        document_number=clean_text(document_number),
        document_date=document_date,
        scope=_long_text(scope, _("Phạm vi, đối tượng")),
        registration_due_on=registration_due_on,
        is_demo=is_demo,
        created_by=_actor_or_none(actor),
    )
    if units:
        movement.participants.set(units)
    audit_record(
        actor=actor,
        action="movement.created",
        target=movement,
        unit=launched_by,
        after={
            **snapshot(movement, MOVEMENT_FIELDS),
            "participant_ids": [unit.pk for unit in units],
        },
    )
    return movement


def _check_participant(movement: Movement, unit: OrgUnit) -> None:
    if unit.pk not in {item.pk for item in movement_units(movement)}:
        raise ApplicationError(
            _("%(unit)s không thuộc các đơn vị thực hiện phong trào “%(movement)s”.")
            % {"unit": unit.name, "movement": movement.name},
            extra={"field": "unit"},
        )


@transaction.atomic
def movement_cascade(
    *,
    actor: Any,
    movement: Movement,
    unit: OrgUnit,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    document_number: str = "",
    document_date: datetime.date | None = None,
    scope: str = "",
    registration_due_on: datetime.date | None = None,
) -> Movement:
    """`unit` launches the movement in turn for its own subordinates (phát động tiếp): its own
    movement, `parent` set, within the dates of the movement above."""
    ensure_can(actor, "emulation.cascade_movement", unit)
    _check_participant(movement, unit)
    if Movement.objects.filter(parent=movement, launched_by=unit).exists():
        raise ApplicationError(
            _("%(unit)s đã phát động tiếp phong trào này.") % {"unit": unit.name}
        )
    today = local_today()
    if starts_on is None:
        starts_on = max(movement.starts_on, min(today, movement.ends_on or today))
    ends_on = ends_on or movement.ends_on
    _not_before(starts_on, movement.starts_on, _("Bắt đầu"))
    _not_before(ends_on, starts_on, _("Kết thúc"))
    if ends_on is not None and movement.ends_on is not None and ends_on > movement.ends_on:
        raise _field_error(
            _("Kết thúc"),
            _("ngày %(day)s sau ngày kết thúc của phong trào cấp trên %(end)s.")
            % {"day": format_date(ends_on), "end": format_date(movement.ends_on)},
        )
    _not_before(registration_due_on, starts_on, _("Hạn gửi kế hoạch, đăng ký thi đua"))
    child = Movement.objects.create(
        name=movement.name,
        kind=movement.kind,
        launched_by=unit,
        parent=movement,
        starts_on=starts_on,
        ends_on=ends_on,
        document_number=clean_text(document_number),
        document_date=document_date,
        scope=_long_text(scope, _("Phạm vi, đối tượng")),
        registration_due_on=registration_due_on,
        is_demo=movement.is_demo,
        created_by=_actor_or_none(actor),
    )
    audit_record(
        actor=actor,
        action="movement.cascaded",
        target=child,
        unit=unit,
        after=snapshot(child, MOVEMENT_FIELDS),
    )
    return child


@transaction.atomic
def milestone_create(
    *, actor: Any, movement: Movement, kind: str, due_on: datetime.date, name: str = ""
) -> Milestone:
    """A sơ kết or the tổng kết of the movement: every unit sends its report by `due_on`."""
    ensure_can(actor, "emulation.run_movement", movement)
    if kind not in MilestoneKind.values:
        raise _field_error(_("Loại mốc"), _("giá trị “%(value)s” không hợp lệ.") % {"value": kind})
    _not_before(due_on, movement.starts_on, _("Hạn gửi báo cáo"))
    if (
        kind == MilestoneKind.FINAL
        and Milestone.objects.filter(movement=movement, kind=kind).exists()
    ):
        raise ApplicationError(_("Phong trào đã có mốc tổng kết."))
    milestone = Milestone.objects.create(
        movement=movement,
        kind=kind,
        name=clean_text(name)[:200] or str(MilestoneKind(kind).label),
        due_on=due_on,
    )
    audit_record(
        actor=actor,
        action="milestone.created",
        target=milestone,
        unit=movement.launched_by,
        after=snapshot(milestone, MILESTONE_FIELDS),
    )
    return milestone


@transaction.atomic
def movement_round_open(
    *,
    actor: Any,
    movement: Movement,
    kind: str,
    submission_deadline: datetime.date,
    name: str = "",
    year: int | None = None,
) -> Round:
    """Open the commendation round the movement's results feed, issued by the launching unit
    (its emulation office runs it); the round's name names the movement."""
    if kind not in ROUND_KINDS:
        raise _field_error(
            _("Loại đợt"),
            _("chỉ mở đợt khen thưởng theo chuyên đề hoặc tổng kết năm cho phong trào."),
        )
    default = _("Khen thưởng phong trào “%(name)s”") % {"name": movement.name}
    return round_create(
        actor=actor,
        issuer=movement.launched_by,
        name=(clean_text(name) or default)[:300],
        kind=kind,
        year=year or (movement.ends_on or movement.starts_on).year,
        submission_deadline=submission_deadline,
        is_demo=movement.is_demo,
    )


# --- Filings -------------------------------------------------------------------------------


def _locked(model: type[FilingModel], pk: int, expected_version: int | None) -> FilingModel:
    current = (
        model._default_manager.select_for_update(of=("self",)).select_related("unit").get(pk=pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(
            _(
                "Hồ sơ đã được người khác thay đổi trong lúc bạn đang xem; hãy tải lại trang "
                "(thay đổi của bạn chưa được lưu)."
            )
        )
    return current


def _filed_meanwhile(filing: models.Model) -> bool:
    """Whether a filing of the same unit for the same thing (its unique key) now exists: two
    people of the unit created it at the same moment."""
    for constraint in filing._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.condition is None:
            key = {name: getattr(filing, name) for name in constraint.fields}
            if type(filing)._default_manager.filter(**key).exists():
                return True
    return False


def _save(
    actor: Any,
    filing: models.Model,
    action: str,
    written: list[str],
    shown: list[str],
    before: dict[str, Any] | None,
    *,
    unit: OrgUnit,
) -> None:
    """Save `written` (all fields for a new filing) and audit the `shown` ones."""
    filing.version += 1  # type: ignore[attr-defined]
    if filing._state.adding:
        try:
            with transaction.atomic():
                filing.save()
        except IntegrityError as error:
            if not _filed_meanwhile(filing):
                raise
            raise ConflictError(
                _(
                    "Hồ sơ này vừa được người khác của đơn vị lưu trong lúc bạn đang soạn; hãy "
                    "tải lại trang (thay đổi của bạn chưa được lưu)."
                )
            ) from error
    else:
        filing.save(update_fields=[*written, "version", "updated_at"])
    audit_record(
        actor=actor,
        action=action,
        target=filing,
        unit=unit,
        before=before,
        after=snapshot(filing, shown),
    )


def _attach(filing: MovementPlan | MilestoneReport, file_name: str, content: bytes) -> None:
    checked = check_file(
        file_name, content, allowed=FILE_EXTENSIONS, max_bytes=FILE_MAX_BYTES, default_name="tep"
    )
    if filing.file:
        filing.file.delete(save=False)
    filing.file.save(f"{filing.unit_id}{checked.extension}", ContentFile(content), save=False)
    filing.file_name = checked.name
    filing.file_size = len(content)
    filing.content_type = checked.content_type


def _still_draft(filing: MovementPlan | Registration | MilestoneReport, what: str) -> None:
    if filing.status != FilingStatus.DRAFT:
        raise ApplicationError(
            _("%(what)s của %(unit)s đã gửi, không sửa được nữa.")
            % {"what": what, "unit": filing.unit.name}
        )


def _plan_for(movement: Movement, unit: OrgUnit, expected_version: int | None) -> MovementPlan:
    existing = MovementPlan.objects.filter(movement=movement, unit=unit).only("pk").first()
    if existing is None:
        return MovementPlan(movement=movement, unit=unit, version=0)
    plan = _locked(MovementPlan, existing.pk, expected_version)
    plan.movement = movement
    return plan


PLAN_WRITE = ["text", "file", "file_name", "file_size", "content_type", "status", "submitted_at"]


@transaction.atomic
def plan_save(
    *,
    actor: Any,
    movement: Movement,
    unit: OrgUnit,
    text: str | None = None,
    file_name: str = "",
    content: bytes | None = None,
    expected_version: int | None = None,
    submit: bool = False,
) -> MovementPlan:
    """Write the unit's plan (text and/or a PDF or DOCX); `submit` also sends it."""
    ensure_can(actor, "emulation.file_for_unit", unit)
    _check_participant(movement, unit)
    plan = _plan_for(movement, unit, expected_version)
    adding = plan._state.adding
    if not adding:
        _still_draft(plan, _("Kế hoạch"))
    before = None if adding else snapshot(plan, PLAN_FIELDS)
    if adding:
        plan.created_by = _actor_or_none(actor)
    if text is not None:
        plan.text = _long_text(text, _("Nội dung kế hoạch"))
    if content is not None:
        _attach(plan, file_name, content)
    if submit:
        if not plan.text and not plan.file:
            raise ApplicationError(
                _("Kế hoạch chưa có nội dung hoặc tệp đính kèm nên chưa gửi được."),
                extra={"field": _("Nội dung kế hoạch")},
            )
        plan.status = FilingStatus.SUBMITTED
        plan.submitted_at = timezone.now()
    action = "movement_plan.submitted" if submit else "movement_plan.saved"
    _save(actor, plan, action, PLAN_WRITE, PLAN_FIELDS, before, unit=unit)
    return plan


def plan_submit(
    *,
    actor: Any,
    movement: Movement,
    unit: OrgUnit,
    text: str | None = None,
    file_name: str = "",
    content: bytes | None = None,
    expected_version: int | None = None,
) -> MovementPlan:
    """Send the unit's plan (writing `text` and the file first when given)."""
    return plan_save(
        actor=actor,
        movement=movement,
        unit=unit,
        text=text,
        file_name=file_name,
        content=content,
        expected_version=expected_version,
        submit=True,
    )


def _titles(codes: Sequence[str]) -> list[str]:
    definitions = award_definitions()
    label = _("Danh hiệu đăng ký")
    clean: list[str] = []
    for raw in codes:
        code = clean_text(raw).upper()
        if code not in definitions:
            raise _field_error(
                label,
                _("mã “%(value)s” không có trong danh mục khen thưởng.") % {"value": raw},
            )
        if SubjectKind.COLLECTIVE not in definitions[code].subject_kinds:
            raise _field_error(
                label,
                _("“%(award)s” dành cho cá nhân, đơn vị không đăng ký được.")
                % {"award": definitions[code].name},
            )
        if code not in clean:
            clean.append(code)
    return clean


def _commitments(lines: Sequence[str] | str) -> list[str]:
    label = _("Nội dung cam kết")
    raw = lines.splitlines() if isinstance(lines, str) else lines
    clean = [line for line in (clean_text(item) for item in raw) if line]
    if len(clean) > MAX_COMMITMENTS:
        raise _field_error(
            label, _("tối đa %(limit)s nội dung cam kết.") % {"limit": MAX_COMMITMENTS}
        )
    for line in clean:
        if len(line) > MAX_COMMITMENT_LENGTH:
            raise _field_error(
                label,
                _("mỗi dòng tối đa %(limit)s ký tự (dòng “%(start)s…”).")
                % {"limit": MAX_COMMITMENT_LENGTH, "start": line[:40]},
            )
    return clean


REGISTRATION_WRITE = ["titles", "commitments", "status", "submitted_at", "acknowledged_at"]


@transaction.atomic
def registration_save(
    *,
    actor: Any,
    movement: Movement,
    unit: OrgUnit,
    titles: Sequence[str],
    commitments: Sequence[str] | str,
    expected_version: int | None = None,
) -> Registration:
    """Write the unit's registration (draft): the collective titles it aims for (catalogue
    codes) and its commitments, one per line."""
    ensure_can(actor, "emulation.file_for_unit", unit)
    _check_participant(movement, unit)
    existing = Registration.objects.filter(movement=movement, unit=unit).only("pk").first()
    if existing is None:
        registration = Registration(
            movement=movement,
            unit=unit,
            year=movement.starts_on.year,
            version=0,
            created_by=_actor_or_none(actor),
        )
        before = None
    else:
        registration = _locked(Registration, existing.pk, expected_version)
        registration.movement = movement
        _still_draft(registration, _("Đăng ký thi đua"))
        before = snapshot(registration, REGISTRATION_FIELDS)
    registration.titles = _titles(titles)
    registration.commitments = _commitments(commitments)
    _save(
        actor,
        registration,
        "registration.saved",
        REGISTRATION_WRITE,
        REGISTRATION_FIELDS,
        before,
        unit=unit,
    )
    return registration


@transaction.atomic
def registration_submit(
    *, actor: Any, registration: Registration, expected_version: int | None = None
) -> Registration:
    """Send the registration to the launching unit; it needs a title and a commitment."""
    ensure_can(actor, "emulation.file_for_unit", registration)
    current = _locked(Registration, registration.pk, expected_version)
    current.movement = registration.movement
    _still_draft(current, _("Đăng ký thi đua"))
    if not current.titles:
        raise _field_error(_("Danh hiệu đăng ký"), _("hãy chọn ít nhất một danh hiệu."))
    if not current.commitments:
        raise _field_error(_("Nội dung cam kết"), _("hãy ghi ít nhất một nội dung cam kết."))
    before = snapshot(current, REGISTRATION_FIELDS)
    current.status = RegistrationStatus.SUBMITTED
    current.submitted_at = timezone.now()
    _save(
        actor,
        current,
        "registration.submitted",
        REGISTRATION_WRITE,
        REGISTRATION_FIELDS,
        before,
        unit=current.unit,
    )
    return current


@transaction.atomic
def registration_acknowledge(
    *, actor: Any, registration: Registration, expected_version: int | None = None
) -> Registration:
    """The launching unit's office confirms it received the registration."""
    ensure_can(actor, "emulation.acknowledge_registration", registration)
    current = _locked(Registration, registration.pk, expected_version)
    current.movement = registration.movement
    if current.status != RegistrationStatus.SUBMITTED:
        raise ApplicationError(
            _("Chỉ xác nhận được đăng ký đã gửi (đăng ký của %(unit)s đang “%(status)s”).")
            % {
                "unit": current.unit.name,
                "status": RegistrationStatus(current.status).label,
            }
        )
    before = snapshot(current, REGISTRATION_FIELDS)
    current.status = RegistrationStatus.ACKNOWLEDGED
    current.acknowledged_at = timezone.now()
    current.acknowledged_by = _actor_or_none(actor)
    _save(
        actor,
        current,
        "registration.acknowledged",
        [*REGISTRATION_WRITE, "acknowledged_by"],
        REGISTRATION_FIELDS,
        before,
        unit=current.unit,
    )
    return current


REPORT_WRITE = [
    "summary",
    "file",
    "file_name",
    "file_size",
    "content_type",
    "status",
    "submitted_at",
]


@transaction.atomic
def milestone_report_save(
    *,
    actor: Any,
    milestone: Milestone,
    unit: OrgUnit,
    summary: str | None = None,
    file_name: str = "",
    content: bytes | None = None,
    expected_version: int | None = None,
    submit: bool = False,
) -> MilestoneReport:
    """Write the unit's report for a milestone (summary and the report file); `submit` also
    sends it. A report sent after the milestone's deadline is marked late."""
    ensure_can(actor, "emulation.file_for_unit", unit)
    _check_participant(milestone.movement, unit)
    existing = MilestoneReport.objects.filter(milestone=milestone, unit=unit).only("pk").first()
    if existing is None:
        report = MilestoneReport(
            milestone=milestone, unit=unit, version=0, created_by=_actor_or_none(actor)
        )
        before = None
    else:
        report = _locked(MilestoneReport, existing.pk, expected_version)
        report.milestone = milestone
        _still_draft(report, _("Báo cáo %(milestone)s") % {"milestone": milestone.name.lower()})
        before = snapshot(report, REPORT_FIELDS)
    if summary is not None:
        report.summary = _long_text(summary, _("Tóm tắt kết quả"))
    if content is not None:
        _attach(report, file_name, content)
    if submit:
        if not report.summary:
            raise ApplicationError(
                _("Trường “%(field)s” không được để trống.") % {"field": _("Tóm tắt kết quả")},
                extra={"field": _("Tóm tắt kết quả")},
            )
        report.status = FilingStatus.SUBMITTED
        report.submitted_at = timezone.now()
    action = "milestone_report.submitted" if submit else "milestone_report.saved"
    _save(actor, report, action, REPORT_WRITE, REPORT_FIELDS, before, unit=unit)
    return report


def milestone_report_submit(
    *,
    actor: Any,
    milestone: Milestone,
    unit: OrgUnit,
    summary: str | None = None,
    file_name: str = "",
    content: bytes | None = None,
    expected_version: int | None = None,
) -> MilestoneReport:
    """Send the unit's report for a milestone (writing the summary and file first if given)."""
    return milestone_report_save(
        actor=actor,
        milestone=milestone,
        unit=unit,
        summary=summary,
        file_name=file_name,
        content=content,
        expected_version=expected_version,
        submit=True,
    )
