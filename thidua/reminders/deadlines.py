"""The deadline calendar: every dated duty of a unit, read from where it lives, with its state on
a given day.

Deadlines are not stored. They are read, through the owning apps' selectors, from:

* targets — each reporting unit's report for each period of a measure, due `deadline_days`
  after the period (the campaign dashboard's on time / late / missing cells);
* movements — each participating unit's plan and registration (due on the movement's
  registration date) and its report for each sơ kết / tổng kết milestone (the movement's
  completeness: a draft counts as not sent);
* clusters and blocks — each member's signature of the covenant (due on the covenant's
  conference) and its self assessment (due on a configurable day of the year, see
  `assessment_due`);
* commendation — a round's submission deadline (shown to the units below the issuing body), a
  unit's unsent dossiers in an open round (seen only by the unit's own filers) and the office's
  appraisals due (seen by the office).

`deadline_status` is the one rule of the states: done once sent on or before "today"; overdue
when not done and the deadline is before today; due soon within `due_soon_days` (the deadline
day itself included); upcoming otherwise. "Today" is always injected (the clock of Asia/Ho_Chi_
Minh by default): with a fixed day the same data gives the same calendar, so a report sent
after that day still counts as missing on it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts.scope import Scope, scope_for
from thidua.commendation.models import Nomination, NominationStatus, Round, RoundStatus
from thidua.commendation.rules import PROPOSER_ROLES
from thidua.core.text import TIME_ZONE, local_today, search_key
from thidua.emulation.models import AssessmentStatus, ClusterMember, ClusterYear, Movement
from thidua.emulation.selectors import Cell, Timeliness, movement_completeness
from thidua.org.models import OrgUnit
from thidua.reminders.enums import Audience, DeadlineKind, DeadlineStatus, Visibility
from thidua.targets.models import Campaign
from thidua.targets.periods import Period
from thidua.targets.rules import OFFICE_ROLES
from thidua.targets.selectors import dashboard, reporting_assignments, responsible_units

__all__ = [
    "DeadlineItem",
    "LateUnit",
    "assessment_due",
    "deadline_items",
    "deadline_items_for",
    "deadline_status",
    "due_soon_days",
    "late_units",
    "lookback_days",
    "overdue_items",
    "visible_to",
]

# Defaults of the settings below (each may be set in the Django settings).
DUE_SOON_DAYS = 7
LOOKBACK_DAYS = 180
# A member's self assessment is due on 30/11 of the cluster's year: cross scoring, the office's
# review and the conference must fit before the proposals reach Sở Nội vụ by 10/12 (RULES.md §3.2,
# §4; the day itself is UNCONFIRMED, hence a setting).
ASSESSMENT_DUE = (11, 30)


def due_soon_days() -> int:
    """A deadline at most this many days ahead is "due soon" (REMINDERS_DUE_SOON_DAYS)."""
    return int(getattr(settings, "REMINDERS_DUE_SOON_DAYS", DUE_SOON_DAYS))


def lookback_days() -> int:
    """How far back an overdue item is still reminded of (REMINDERS_LOOKBACK_DAYS)."""
    return int(getattr(settings, "REMINDERS_LOOKBACK_DAYS", LOOKBACK_DAYS))


def assessment_due(year: int) -> datetime.date:
    """When a cluster member's self assessment of `year` is due (REMINDERS_ASSESSMENT_DUE)."""
    month, day = getattr(settings, "REMINDERS_ASSESSMENT_DUE", ASSESSMENT_DUE)
    return datetime.date(year, int(month), int(day))


# --- The state of one deadline (pure) -------------------------------------------------------


def deadline_status(
    due: datetime.date, done_on: datetime.date | None, today: datetime.date, soon_days: int
) -> str:
    """Done once done on or before `today`; else overdue after the deadline, due soon within
    `soon_days` of it (the day itself included), upcoming before that."""
    if done_on is not None and done_on <= today:
        return DeadlineStatus.DONE
    if due < today:
        return DeadlineStatus.OVERDUE
    if (due - today).days <= soon_days:
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.UPCOMING


@dataclass(frozen=True)
class DeadlineItem:
    """One dated duty of one unit and its state on the day the calendar was read."""

    key: str  # stable: "<kind>:<ids>", the same duty on every run
    kind: str
    title: str
    unit: OrgUnit
    due: datetime.date
    status: str
    link: str = ""
    done_on: datetime.date | None = None
    days_late: int = 0  # overdue: days past the deadline; done: days it was done late
    visibility: str = Visibility.UNIT
    audience: str = Audience.UNIT
    note: str = ""

    @property
    def kind_label(self) -> str:
        return str(DeadlineKind(self.kind).label)

    @property
    def status_label(self) -> str:
        return str(DeadlineStatus(self.status).label)

    @property
    def is_overdue(self) -> bool:
        return self.status == DeadlineStatus.OVERDUE

    @property
    def done_late(self) -> bool:
        return self.status == DeadlineStatus.DONE and self.days_late > 0


@dataclass(frozen=True)
class _Window:
    today: datetime.date
    start: datetime.date
    end: datetime.date
    soon: int

    def holds(self, day: datetime.date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def _item(
    window: _Window,
    *,
    key: str,
    kind: str,
    title: str,
    unit: OrgUnit,
    due: datetime.date,
    done_on: datetime.date | None,
    link: str,
    visibility: str = Visibility.UNIT,
    audience: str = Audience.UNIT,
    note: str = "",
) -> DeadlineItem:
    status = deadline_status(due, done_on, window.today, window.soon)
    if status == DeadlineStatus.OVERDUE:
        days_late = (window.today - due).days
    elif status == DeadlineStatus.DONE and done_on is not None:
        days_late = max((done_on - due).days, 0)
    else:
        days_late = 0
    return DeadlineItem(
        key=key,
        kind=kind,
        title=title,
        unit=unit,
        due=due,
        status=status,
        link=link,
        done_on=done_on if status == DeadlineStatus.DONE else None,
        days_late=days_late,
        visibility=visibility,
        audience=audience,
        note=note,
    )


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return moment.astimezone(TIME_ZONE).date() if moment is not None else None


# --- Targets: reports per unit and period -----------------------------------------------------


def _report_link(measure_pk: int, unit_pk: int, period_key: str) -> str:
    return reverse("targets:report", args=[measure_pk, unit_pk, period_key])


def _report_title(measure: Any, period: Period) -> str:
    return _("Báo cáo chỉ tiêu %(code)s. %(indicator)s – %(period)s") % {
        "code": measure.code,
        "indicator": measure.indicator,
        "period": period.label,
    }


def _report_items(window: _Window) -> list[DeadlineItem]:
    """From each campaign's dashboard on `today`: a report sent (first submission) is done, one
    past its deadline and not sent is missing; periods not ended yet are still to come."""
    items: list[DeadlineItem] = []
    campaigns = Campaign.objects.filter(
        year__gte=window.start.year - 1, year__lte=window.end.year
    ).order_by("year", "pk")
    for campaign in campaigns:
        board = dashboard(campaign=campaign, as_of=window.today)
        for row in board.rows:
            measure = row.measure
            for cell in row.cells:
                due = cell.period.due_date(measure.deadline_days)
                if not window.holds(due):
                    continue
                sent = cell.timeliness in ("on_time", "late")  # then sent_on is set
                items.append(
                    _item(
                        window,
                        key=f"report:{measure.pk}:{cell.unit.pk}:{cell.period.key}",
                        kind=DeadlineKind.REPORT,
                        title=_report_title(measure, cell.period),
                        unit=cell.unit,
                        due=due,
                        done_on=cell.sent_on if sent else None,
                        link=_report_link(measure.pk, cell.unit.pk, cell.period.key),
                    )
                )
            coming = [
                period
                for period in row.periods
                if period.end > window.today
                and window.holds(period.due_date(measure.deadline_days))
            ]
            if not coming:
                continue
            assignments = reporting_assignments(measure)
            responsible = responsible_units(assignments, [period.end for period in coming])
            for period in coming:
                for assignment in assignments:
                    unit = responsible.get((assignment.unit.pk, period.end))
                    if unit is None:
                        continue
                    items.append(
                        _item(
                            window,
                            key=f"report:{measure.pk}:{unit.pk}:{period.key}",
                            kind=DeadlineKind.REPORT,
                            title=_report_title(measure, period),
                            unit=unit,
                            due=period.due_date(measure.deadline_days),
                            done_on=None,
                            link=_report_link(measure.pk, unit.pk, period.key),
                        )
                    )
    return items


# --- Movements: plans, registrations, sơ kết / tổng kết reports --------------------------------


def _filing_done_on(cell: Cell) -> datetime.date | None:
    """When the filing was sent (a draft, or nothing, is not sent)."""
    if cell.state in (Timeliness.ON_TIME, Timeliness.LATE):
        return cell.submitted_on
    return None


def _movement_items(window: _Window) -> list[DeadlineItem]:
    """From each movement's completeness as read by someone outside the units (their drafts
    count as not sent); only the day a filing was sent is used, so the state is the one of
    `today`, whatever the clock."""
    in_window = (window.start, window.end)
    movements = (
        Movement.objects.filter(
            Q(registration_due_on__range=in_window) | Q(milestones__due_on__range=in_window)
        )
        .distinct()
        .select_related("launched_by")
        .prefetch_related("participants", "milestones")
        .order_by("starts_on", "pk")
    )
    outsider = AnonymousUser()
    items: list[DeadlineItem] = []
    for movement in movements:
        completeness = movement_completeness(movement, user=outsider)
        link = reverse("emulation:movement-detail", args=[movement.pk])
        due = movement.registration_due_on
        for row in completeness.rows:
            if due is not None and window.holds(due):
                items.append(
                    _item(
                        window,
                        key=f"plan:{movement.pk}:{row.unit.pk}",
                        kind=DeadlineKind.PLAN,
                        title=_("Kế hoạch thực hiện phong trào “%(name)s”")
                        % {"name": movement.name},
                        due=due,
                        done_on=_filing_done_on(row.plan),
                        unit=row.unit,
                        link=link,
                    )
                )
                items.append(
                    _item(
                        window,
                        key=f"registration:{movement.pk}:{row.unit.pk}",
                        kind=DeadlineKind.REGISTRATION,
                        title=_("Đăng ký thi đua phong trào “%(name)s”") % {"name": movement.name},
                        due=due,
                        done_on=_filing_done_on(row.registration),
                        unit=row.unit,
                        link=link,
                    )
                )
            for milestone, cell in zip(completeness.milestones, row.reports, strict=True):
                if not window.holds(milestone.due_on):
                    continue
                items.append(
                    _item(
                        window,
                        key=f"milestone:{milestone.pk}:{row.unit.pk}",
                        kind=DeadlineKind.MILESTONE,
                        title=_("Báo cáo %(milestone)s phong trào “%(name)s”")
                        % {"milestone": milestone.name.lower(), "name": movement.name},
                        due=milestone.due_on,
                        done_on=_filing_done_on(cell),
                        unit=row.unit,
                        link=link,
                    )
                )
    return items


# --- Clusters and blocks: covenant signatures, self assessments ------------------------------

_SENT_ASSESSMENT = frozenset(AssessmentStatus) - {AssessmentStatus.DRAFT, AssessmentStatus.RETURNED}


def _cluster_items(window: _Window) -> list[DeadlineItem]:
    years = [
        year
        for year in range(window.start.year, window.end.year + 1)
        if window.holds(assessment_due(year))
    ]
    members = ClusterMember.objects.select_related("unit", "assessment").order_by("order", "id")
    editions = (
        ClusterYear.objects.filter(
            Q(covenant_signed_on__range=(window.start, window.end)) | Q(year__in=years)
        )
        .select_related("cluster")
        .prefetch_related(Prefetch("members", queryset=members))
        .order_by("year", "cluster__name", "pk")
    )
    items: list[DeadlineItem] = []
    for edition in editions:
        link = reverse("emulation:edition", args=[edition.pk])
        name = {"cluster": edition.cluster.name, "year": edition.year}
        covenant = edition.covenant_signed_on
        due = assessment_due(edition.year)
        for member in edition.members.all():
            if window.holds(covenant) and covenant is not None:
                items.append(
                    _item(
                        window,
                        key=f"covenant:{member.pk}",
                        kind=DeadlineKind.COVENANT,
                        title=_("Ký giao ước thi đua %(cluster)s năm %(year)s") % name,
                        due=covenant,
                        done_on=member.signed_on,
                        unit=member.unit,
                        link=link,
                    )
                )
            if edition.year in years:
                sheet = member.assessment
                sent = sheet.status in _SENT_ASSESSMENT
                items.append(
                    _item(
                        window,
                        key=f"assessment:{member.pk}",
                        kind=DeadlineKind.ASSESSMENT,
                        title=_("Tự chấm điểm thi đua %(cluster)s năm %(year)s") % name,
                        due=due,
                        done_on=(_local_date(sheet.submitted_at) or due) if sent else None,
                        unit=member.unit,
                        link=link,
                    )
                )
    return items


# --- Commendation: round deadlines, a unit's unsent dossiers, appraisals -------------------


def _commendation_items(window: _Window) -> list[DeadlineItem]:
    in_window = (window.start, window.end)
    appraisals = list(
        Nomination.objects.filter(status=NominationStatus.SUBMITTED, appraisal_due__range=in_window)
        .values("round_id", "appraisal_due")
        .annotate(count=Count("id"))
        .order_by("round_id", "appraisal_due")
    )
    rounds = {
        round_.pk: round_
        for round_ in Round.objects.filter(
            Q(submission_deadline__range=in_window)
            | Q(pk__in={row["round_id"] for row in appraisals})
        ).select_related("issuer")
    }
    items: list[DeadlineItem] = []
    open_ids = []
    for round_ in sorted(rounds.values(), key=lambda r: (r.submission_deadline, r.pk)):
        deadline = round_.submission_deadline
        if not window.holds(deadline):
            continue
        closed = round_.status == RoundStatus.CLOSED or deadline < window.today
        if round_.status == RoundStatus.OPEN:
            open_ids.append(round_.pk)
        items.append(
            _item(
                window,
                key=f"round:{round_.pk}",
                kind=DeadlineKind.ROUND,
                title=_("Hạn nộp hồ sơ đợt “%(round)s”") % {"round": round_.name},
                unit=round_.issuer,
                due=deadline,
                done_on=min(deadline, window.today) if closed else None,
                link=reverse("commendation:round-detail", args=[round_.pk]),
                visibility=Visibility.BELOW,
                audience=Audience.NOBODY,
                note=_("Đã khóa sổ")
                if round_.status == RoundStatus.CLOSED
                else (_("Đã hết hạn nhận hồ sơ") if closed else ""),
            )
        )
    dossiers = list(
        Nomination.objects.filter(round_id__in=open_ids)
        .exclude(status=NominationStatus.WITHDRAWN)
        .values("round_id", "unit_id")
        .annotate(
            drafts=Count("id", filter=Q(status=NominationStatus.DRAFT)),
            sent=Count("id", filter=~Q(status=NominationStatus.DRAFT)),
            last_sent=Max("submitted_at"),
        )
        .order_by("round_id", "unit_id")
    )
    units = OrgUnit.objects.in_bulk({row["unit_id"] for row in dossiers}) if dossiers else {}
    for row in dossiers:
        round_ = rounds[row["round_id"]]
        drafts = row["drafts"]
        sent_on = _local_date(row["last_sent"]) or round_.submission_deadline
        done_on = None if drafts else sent_on
        title = (
            _("Hồ sơ đề nghị khen thưởng đợt “%(round)s”: %(count)s hồ sơ chưa gửi")
            if drafts
            else _("Hồ sơ đề nghị khen thưởng đợt “%(round)s”: đã gửi %(count)s hồ sơ")
        ) % {"round": round_.name, "count": drafts or row["sent"]}
        items.append(
            _item(
                window,
                key=f"dossier:{round_.pk}:{row['unit_id']}",
                kind=DeadlineKind.DOSSIER,
                title=title,
                unit=units[row["unit_id"]],
                due=round_.submission_deadline,
                done_on=done_on,
                link=reverse("commendation:round-detail", args=[round_.pk]),
                visibility=Visibility.FILERS,
            )
        )
    for row in appraisals:
        round_ = rounds[row["round_id"]]
        items.append(
            _item(
                window,
                key=f"appraisal:{round_.pk}:{row['appraisal_due'].isoformat()}",
                kind=DeadlineKind.APPRAISAL,
                title=_("Thẩm định %(count)s hồ sơ đợt “%(round)s”")
                % {"count": row["count"], "round": round_.name},
                unit=round_.issuer,
                due=row["appraisal_due"],
                done_on=None,
                link=reverse("commendation:round-detail", args=[round_.pk]),
                visibility=Visibility.OFFICE,
                audience=Audience.OFFICE,
            )
        )
    return items


_COLLECTORS = {
    DeadlineKind.REPORT: _report_items,
    DeadlineKind.PLAN: _movement_items,
    DeadlineKind.REGISTRATION: _movement_items,
    DeadlineKind.MILESTONE: _movement_items,
    DeadlineKind.COVENANT: _cluster_items,
    DeadlineKind.ASSESSMENT: _cluster_items,
    DeadlineKind.DOSSIER: _commendation_items,
    DeadlineKind.APPRAISAL: _commendation_items,
    DeadlineKind.ROUND: _commendation_items,
}


def _sort_key(item: DeadlineItem) -> tuple[Any, ...]:
    return (item.due, item.kind, search_key(item.unit.name), item.key)


def deadline_items(
    *,
    today: datetime.date | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    kinds: Iterable[str] | None = None,
) -> list[DeadlineItem]:
    """Every deadline due between `start` and `end` (both included; by default the lookback
    period before `today` and the due-soon days after it), in its state on `today`, for all
    units: callers scope it (`deadline_items_for`). `kinds` limits what is read."""
    today = today or local_today()
    soon = due_soon_days()
    start = start or today - datetime.timedelta(days=lookback_days())
    end = end or today + datetime.timedelta(days=soon)
    window = _Window(today=today, start=start, end=end, soon=soon)
    wanted = set(kinds) if kinds is not None else set(DeadlineKind)
    collectors = list(dict.fromkeys(_COLLECTORS[kind] for kind in DeadlineKind if kind in wanted))
    items = [
        item
        for collect in collectors
        for item in collect(window)
        if item.kind in wanted and window.holds(item.due)
    ]
    return sorted(items, key=_sort_key)


# --- Who sees what (pure, on a scope) --------------------------------------------------------


def visible_to(item: DeadlineItem, scope: Scope) -> bool:
    """A unit's deadlines are seen by those whose roles cover the unit; its unsent dossiers only
    by its filers; the office's appraisals only by the office; a round's deadline also by every
    unit below the issuing body."""
    if scope.everything:
        return True
    if item.visibility == Visibility.FILERS:
        return scope.covers(item.unit, PROPOSER_ROLES)
    if item.visibility == Visibility.OFFICE:
        return scope.covers(item.unit, OFFICE_ROLES)
    if item.visibility == Visibility.BELOW:
        return scope.covers(item.unit) or any(
            prefix.startswith(item.unit.path) for prefix in scope.paths()
        )
    return scope.covers(item.unit)


def deadline_items_for(
    *,
    user: Any,
    today: datetime.date | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    kinds: Iterable[str] | None = None,
) -> list[DeadlineItem]:
    """The deadlines `user` may see: a unit user their subtree's, the office all it covers."""
    scope = scope_for(user)
    if not scope.has_any_role:
        return []
    items = deadline_items(today=today, start=start, end=end, kinds=kinds)
    return [item for item in items if visible_to(item, scope)]


# --- Overdue items and late units (pure) ------------------------------------------------------


def overdue_items(
    items: Iterable[DeadlineItem], *, since: datetime.date | None = None
) -> list[DeadlineItem]:
    """The overdue ones, due on or after `since` when given."""
    return [
        item
        for item in items
        if item.status == DeadlineStatus.OVERDUE and (since is None or item.due >= since)
    ]


@dataclass(frozen=True)
class LateUnit:
    """A unit late on the day, with what it is late for (earliest deadline first)."""

    unit: OrgUnit
    items: tuple[DeadlineItem, ...]

    @property
    def most_days_late(self) -> int:
        return max(item.days_late for item in self.items)


def late_units(items: Sequence[DeadlineItem]) -> list[LateUnit]:
    """Units with overdue duties of their own (not the office's appraisals, not a round's
    deadline, not dossiers only their filers know of), in the order of the unit tree."""
    grouped: dict[int, list[DeadlineItem]] = defaultdict(list)
    units: dict[int, OrgUnit] = {}
    for item in items:
        if (
            item.status != DeadlineStatus.OVERDUE
            or item.audience != Audience.UNIT
            or item.visibility != Visibility.UNIT
        ):
            continue
        grouped[item.unit.pk].append(item)
        units[item.unit.pk] = item.unit
    return [
        LateUnit(unit=units[pk], items=tuple(sorted(grouped[pk], key=_sort_key)))
        # By name: paths hold raw ids, whose text order is not the tree's.
        for pk in sorted(grouped, key=lambda pk: (search_key(units[pk].name), pk))
    ]
