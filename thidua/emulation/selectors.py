"""Reads for movements, scoped to the reader, in a constant number of queries.

A user sees the movements launched by a unit they cover or by an ancestor of one; a filing
(plan, registration, milestone report) is seen by its own unit's filers, and once sent by anyone
whose roles cover the unit and by those who run the movement. Completeness (who sent what, on
time, late or not at all) is shared with every reader of the movement, but another unit's draft
counts as "not sent".
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from thidua.accounts.scope import scope_for
from thidua.core.text import local_today, to_local
from thidua.emulation.models import (
    FilingStatus,
    Milestone,
    MilestoneReport,
    Movement,
    MovementKind,
    MovementPlan,
    Registration,
)
from thidua.emulation.rules import FILER_ROLES, LAUNCHER_ROLES
from thidua.org.models import OrgUnit

MAX_CASCADE_DEPTH = 6
STATE_FIELDS = ("pk", "unit_id", "status", "submitted_at")
KIND_ORDER = (MovementKind.REGULAR, MovementKind.THEMATIC, MovementKind.ANNIVERSARY)


def _covered_ancestor_ids(paths: Sequence[str]) -> set[int]:
    return {int(part) for path in paths for part in path.strip("/").split("/") if part}


def movement_list_for(*, user: Any, year: int | None = None) -> QuerySet[Movement]:
    """Movements launched by a unit the user covers, or by an ancestor of one."""
    scope = scope_for(user)
    movements = Movement.objects.select_related("launched_by", "parent", "campaign").annotate(
        cascade_count=Count("children", distinct=True)
    )
    if not scope.everything:
        if not scope.has_any_role:
            return movements.none()
        paths = scope.paths()
        movements = movements.filter(
            scope.filter_q("launched_by__path") | Q(launched_by_id__in=_covered_ancestor_ids(paths))
        )
    if year is not None:
        movements = movements.filter(starts_on__year=year)
    # Newest year first; in a year, the launched movements (the regular one first, then the
    # thematic ones, then the anniversaries) before the cascades, each by start date.
    kind_order = Case(
        *(When(kind=kind, then=Value(index)) for index, kind in enumerate(KIND_ORDER)),
        default=Value(len(KIND_ORDER)),
    )
    return movements.order_by(
        ExtractYear("starts_on").desc(),
        F("parent_id").asc(nulls_first=True),
        kind_order,
        "starts_on",
        "name",
        "id",
    )


def movement_years_for(*, user: Any) -> list[int]:
    return sorted(
        {day.year for day in movement_list_for(user=user).dates("starts_on", "year")},
        reverse=True,
    )


def movement_detail(pk: int) -> Movement | None:
    return (
        Movement.objects.select_related("launched_by", "parent__launched_by", "campaign")
        .prefetch_related("participants", "milestones")
        .filter(pk=pk)
        .first()
    )


def movement_units(movement: Movement) -> list[OrgUnit]:
    """The units that file for the movement: those listed, or else the launching unit's direct
    subordinates on the movement's first day."""
    listed = sorted(movement.participants.all(), key=lambda unit: unit.path)
    if listed:
        return listed
    return list(
        OrgUnit.objects.valid_on(movement.starts_on)
        .filter(parent_id=movement.launched_by_id)
        .order_by("path")
    )


def filing_units_for(user: Any, movement: Movement, units: Sequence[OrgUnit]) -> list[OrgUnit]:
    """Of the movement's units, those the user files for."""
    scope = scope_for(user)
    return [unit for unit in units if scope.covers(unit, FILER_ROLES)]


def cascade_units_for(user: Any, units: Sequence[OrgUnit], cascaded: set[int]) -> list[OrgUnit]:
    """Of the movement's units, those the user may launch it for and that have not yet."""
    scope = scope_for(user)
    return [
        unit for unit in units if unit.pk not in cascaded and scope.covers(unit, LAUNCHER_ROLES)
    ]


# --- Cascade tree --------------------------------------------------------------------------


@dataclass
class CascadeNode:
    movement: Movement
    visible: bool
    children: list["CascadeNode"] = field(default_factory=list)


def movement_tree(movement: Movement, *, user: Any) -> CascadeNode:
    """The cascade from the topmost movement down: one query per level."""
    top = movement
    for _step in range(MAX_CASCADE_DEPTH):
        if top.parent_id is None:
            break
        parent = Movement.objects.select_related("launched_by").filter(pk=top.parent_id).first()
        if parent is None:
            break
        top = parent
    root = CascadeNode(top, bool(user.has_perm("emulation.view_movement", top)))
    level = [root]
    for _step in range(MAX_CASCADE_DEPTH):
        by_id = {node.movement.pk: node for node in level}
        children = list(
            Movement.objects.select_related("launched_by")
            .filter(parent_id__in=by_id)
            .order_by("launched_by__path", "id")
        )
        if not children:
            break
        level = []
        for child in children:
            node = CascadeNode(child, bool(user.has_perm("emulation.view_movement", child)))
            by_id[child.parent_id].children.append(node)  # type: ignore[index]
            level.append(node)
    return root


# --- Filings and completeness --------------------------------------------------------------


def _filings_q(user: Any, movement_runner: bool, unit_path: str) -> Q:
    """Filings (with their unit at `unit_path`) the user may see."""
    scope = scope_for(user)
    if scope.everything:
        return Q()
    own = scope.filter_q(unit_path, FILER_ROLES)
    sent = ~Q(status=FilingStatus.DRAFT)
    if movement_runner:
        return own | sent
    return own | (sent & scope.filter_q(unit_path))


def registrations_for(*, user: Any, movement: Movement) -> QuerySet[Registration]:
    runs = bool(user.has_perm("emulation.run_movement", movement))
    return (
        Registration.objects.filter(movement=movement)
        .filter(_filings_q(user, runs, "unit__path"))
        .select_related("unit", "movement", "acknowledged_by")
        .order_by("unit__path")
    )


def plans_for(*, user: Any, movement: Movement) -> QuerySet[MovementPlan]:
    runs = bool(user.has_perm("emulation.run_movement", movement))
    return (
        MovementPlan.objects.filter(movement=movement)
        .filter(_filings_q(user, runs, "unit__path"))
        .select_related("unit", "movement")
        .order_by("unit__path")
    )


def reports_for(*, user: Any, movement: Movement) -> QuerySet[MilestoneReport]:
    runs = bool(user.has_perm("emulation.run_movement", movement))
    return (
        MilestoneReport.objects.filter(milestone__movement=movement)
        .filter(_filings_q(user, runs, "unit__path"))
        .select_related("unit", "milestone__movement")
        .order_by("milestone__due_on", "unit__path")
    )


class Timeliness:
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    PENDING = "pending"
    DRAFT = "draft"


TIMELINESS_LABELS = {
    Timeliness.ON_TIME: _("Đúng hạn"),
    Timeliness.LATE: _("Gửi muộn"),
    Timeliness.MISSING: _("Quá hạn, chưa gửi"),
    Timeliness.PENDING: _("Chưa gửi"),
    Timeliness.DRAFT: _("Đang soạn"),
}


@dataclass(frozen=True)
class Cell:
    state: str
    filing: Any = None
    overdue: bool = False  # not sent and the deadline has passed

    @property
    def counted_as(self) -> str:
        """A draft counts as not sent (overdue or not yet)."""
        if self.state != Timeliness.DRAFT:
            return self.state
        return Timeliness.MISSING if self.overdue else Timeliness.PENDING

    @property
    def label(self) -> str:
        return str(TIMELINESS_LABELS[self.state])

    @property
    def submitted_on(self) -> datetime.date | None:
        sent = getattr(self.filing, "submitted_at", None)
        return to_local(sent).date() if sent is not None else None


def _cell(filing: Any, due: datetime.date | None, today: datetime.date) -> Cell:
    if filing is None or filing.status == FilingStatus.DRAFT:
        overdue = due is not None and today > due
        if filing is not None:
            return Cell(Timeliness.DRAFT, filing, overdue)
        return Cell(Timeliness.MISSING if overdue else Timeliness.PENDING, None, overdue)
    late = due is not None and to_local(filing.submitted_at).date() > due
    return Cell(Timeliness.LATE if late else Timeliness.ON_TIME, filing)


@dataclass
class UnitRow:
    unit: OrgUnit
    plan: Cell
    registration: Cell
    reports: list[Cell]
    cascade: Movement | None


@dataclass
class Completeness:
    milestones: list[Milestone]
    rows: list[UnitRow]

    def counts(self, column: str, index: int = 0) -> dict[str, int]:
        """How many units are in each state for `column` ("plan", "registration", "report")."""
        totals = dict.fromkeys(TIMELINESS_LABELS, 0)
        for row in self.rows:
            cell = row.reports[index] if column == "report" else getattr(row, column)
            totals[cell.counted_as] += 1
        return totals

    @property
    def summary(self) -> list[tuple[str, dict[str, int]]]:
        columns = [
            (str(_("Kế hoạch")), self.counts("plan")),
            (str(_("Đăng ký thi đua")), self.counts("registration")),
        ]
        columns += [
            (milestone.name, self.counts("report", index))
            for index, milestone in enumerate(self.milestones)
        ]
        return columns

    @property
    def overview(self) -> list[dict[str, Any]]:
        """Per column: units sent (of all), of which late, and not sent after the deadline."""
        return [
            {
                "name": name,
                "sent": counts[Timeliness.ON_TIME] + counts[Timeliness.LATE],
                "total": len(self.rows),
                "late": counts[Timeliness.LATE],
                "missing": counts[Timeliness.MISSING],
            }
            for name, counts in self.summary
        ]


def movement_completeness(
    movement: Movement, *, user: Any, units: Sequence[OrgUnit] | None = None
) -> Completeness:
    """Per unit of the movement: plan, registration and each milestone's report (on time, late,
    not sent; another unit's draft counts as not sent), and the unit's cascade, if any."""
    units = list(units) if units is not None else movement_units(movement)
    today = local_today()
    due = movement.registration_due_on
    milestones = sorted(movement.milestones.all(), key=lambda item: (item.due_on, item.pk))
    # Whether (and when) a unit sent something is shared with everyone who sees the movement;
    # what it sent is read through `plans_for` & co. A draft counts only for its own filers.
    plans = {
        plan.unit_id: plan
        for plan in MovementPlan.objects.filter(movement=movement).only(*STATE_FIELDS)
    }
    registrations = {
        item.unit_id: item
        for item in Registration.objects.filter(movement=movement).only(*STATE_FIELDS)
    }
    reports = {
        (item.milestone_id, item.unit_id): item
        for item in MilestoneReport.objects.filter(milestone__movement=movement).only(
            "milestone_id", *STATE_FIELDS
        )
    }
    cascades = {
        child.launched_by_id: child
        for child in Movement.objects.filter(parent=movement).only("pk", "launched_by_id", "name")
    }
    files_for = {unit.pk for unit in filing_units_for(user, movement, units)}

    def own(filing: Any) -> Any:
        """Drafts count only for the units the user files for (others never see them)."""
        if filing is not None and filing.status == FilingStatus.DRAFT:
            return filing if filing.unit_id in files_for else None
        return filing

    rows = [
        UnitRow(
            unit=unit,
            plan=_cell(own(plans.get(unit.pk)), due, today),
            registration=_cell(own(registrations.get(unit.pk)), due, today),
            reports=[
                _cell(own(reports.get((milestone.pk, unit.pk))), milestone.due_on, today)
                for milestone in milestones
            ],
            cascade=cascades.get(unit.pk),
        )
        for unit in units
    ]
    return Completeness(milestones=milestones, rows=rows)


@dataclass
class UnitFilings:
    unit: OrgUnit
    plan: MovementPlan | None
    registration: Registration | None
    reports: list[tuple[Milestone, MilestoneReport | None]]


def unit_filings(movement: Movement, unit: OrgUnit) -> UnitFilings:
    """The unit's own plan, registration and reports (its drafts included): for its filers."""
    milestones = sorted(movement.milestones.all(), key=lambda item: (item.due_on, item.pk))
    reports = {
        report.milestone_id: report
        for report in MilestoneReport.objects.filter(milestone__movement=movement, unit=unit)
    }
    return UnitFilings(
        unit=unit,
        plan=MovementPlan.objects.filter(movement=movement, unit=unit).first(),
        registration=Registration.objects.filter(movement=movement, unit=unit).first(),
        reports=[(milestone, reports.get(milestone.pk)) for milestone in milestones],
    )
