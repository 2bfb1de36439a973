"""Public reads: what anyone may see without an account, in a constant number of queries.

Privacy is built into the reads rather than left to the templates:

* targets: the dashboard's province-level series only (values of approved reports, rolled up);
  the unit × period cells, which hold every unit's report (drafts included), are dropped here;
* awards: lines of published award decisions whose award is not revoked, read column by column
  (`values`), so a birth year, a gender or a category is never even fetched;
* cluster standings: published editions only;
* movements: the launching documents (a movement is public once launched); the units' filings
  (plans, registrations, reports) are not read at all.
"""

import dataclasses
import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext

from thidua.commendation.catalogue import SubjectKind, award_definitions
from thidua.commendation.models import (
    Decision,
    DecisionItem,
    DecisionKind,
    DecisionStatus,
    Nomination,
    NominationStatus,
)
from thidua.commendation.workflow_selectors import published_decisions
from thidua.emulation.models import ClusterYear, EditionStatus, Movement
from thidua.targets.enums import STATUS_LABELS
from thidua.targets.evaluation import describe_rule
from thidua.targets.models import Campaign
from thidua.targets.selectors import MeasureRow, dashboard

__all__ = [
    "PublicAward",
    "PublicMeasure",
    "PublicProgress",
    "award_public_list",
    "campaign_pick",
    "campaign_public_list",
    "comment_rounds_open",
    "decision_public_latest",
    "edition_public_list",
    "edition_public_years",
    "movement_public_list",
    "movement_public_years",
    "progress_for",
]


# --- Targets ---------------------------------------------------------------------------------


def campaign_public_list() -> list[Campaign]:
    """Every campaign, newest year first (their targets are the province's public commitments)."""
    return list(Campaign.objects.select_related("province").order_by("-year", "province__name"))


def campaign_pick(
    campaigns: list[Campaign], *, year: int | None, today: datetime.date
) -> Campaign | None:
    """The campaign of `year`, or the current one: the latest that has started by `today`."""
    if year is not None:
        return next((c for c in campaigns if c.year == year), None)
    started = [c for c in campaigns if c.year <= today.year]
    return next(iter(started or campaigns), None)


@dataclass(frozen=True)
class PublicMeasure:
    """One measure of the campaign at the province level: no unit's figure is kept here."""

    target_number: int
    target_text: str
    code: str
    indicator: str
    unit: str
    rule: str
    lead_unit: str
    status: str
    status_label: str
    actual: Decimal | None
    actual_date: datetime.date | None
    target: Decimal | None
    ratio: Decimal | None
    forecast: Decimal | None
    reason: str
    series: tuple[tuple[datetime.date, Decimal], ...]
    # The dashboard row for the charts, with its unit × period cells removed.
    row: MeasureRow = dataclasses.field(repr=False, compare=False)


@dataclass(frozen=True)
class PublicProgress:
    campaign: Campaign
    as_of: datetime.date
    measures: list[PublicMeasure]

    def status_counts(self) -> list[tuple[str, str, int]]:
        """(status code, label, number of measures), in the dashboard's order of statuses."""
        counts: dict[str, int] = defaultdict(int)
        for measure in self.measures:
            counts[measure.status] += 1
        return [
            (code, str(label), counts[code])
            for code, label in STATUS_LABELS.items()
            if counts[code]
        ]

    def by_target(self) -> list[tuple[int, str, list[PublicMeasure]]]:
        groups: dict[int, list[PublicMeasure]] = {}
        texts: dict[int, str] = {}
        for measure in self.measures:
            groups.setdefault(measure.target_number, []).append(measure)
            texts[measure.target_number] = measure.target_text
        return [(number, texts[number], groups[number]) for number in sorted(groups)]


def _public_measure(row: MeasureRow) -> PublicMeasure:
    measure = row.measure
    evaluation = row.evaluation
    status = evaluation.status.value
    return PublicMeasure(
        target_number=measure.target.number,
        target_text=measure.target.text,
        code=measure.code,
        indicator=measure.indicator,
        unit=measure.unit,
        rule=describe_rule(row.rule, measure.unit),
        lead_unit=measure.lead_unit.name,
        status=status,
        status_label=str(STATUS_LABELS[status]),
        actual=evaluation.actual,
        actual_date=evaluation.actual_date,
        target=row.target,
        ratio=evaluation.ratio,
        forecast=evaluation.forecast,
        reason=evaluation.reason,
        series=tuple((o.period_end, o.value) for o in row.series),
        row=dataclasses.replace(row, cells=[]),
    )


def progress_for(campaign: Campaign, *, as_of: datetime.date) -> PublicProgress:
    """The campaign's measures evaluated on `as_of` from approved reports, province level only
    (the dashboard's selector: three queries whatever the number of units)."""
    board = dashboard(campaign=campaign, as_of=as_of)
    return PublicProgress(
        campaign=campaign, as_of=as_of, measures=[_public_measure(row) for row in board.rows]
    )


# --- Commendation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicAward:
    """One award of a published decision, as printed on it: who (a person's name, a collective
    or a household's head), in which unit, which award, by which decision."""

    name: str
    subject_type: SubjectKind
    unit: str
    award_code: str
    award: str
    year: int
    decision_number: str
    decision_date: datetime.date
    issuer: str
    decision_id: int
    is_demo: bool


AWARD_COLUMNS = (
    "decision_id",
    "decision__number",
    "decision__signed_on",
    "decision__is_demo",
    "nomination__unit__name",
    "award_record__year",
    "award_record__award",
    "award_record__issuer",
    "award_record__person__full_name",
    "award_record__collective__name",
    "award_record__household__head_name",
)


def award_public_list(*, year: int | None = None) -> list[PublicAward]:
    """Awards given by published decisions and not revoked since, newest decision first; one
    query, reading only the columns that are published."""
    lines = DecisionItem.objects.filter(
        decision__kind=DecisionKind.AWARD,
        decision__status=DecisionStatus.PUBLISHED,
        award_record__isnull=False,
        award_record__revoked_at__isnull=True,
    )
    if year is not None:
        lines = lines.filter(award_record__year=year)
    rows = lines.order_by("-decision__signed_on", "decision_id", "order", "id").values_list(
        *AWARD_COLUMNS
    )
    definitions = award_definitions()
    awards = []
    for (
        decision_id,
        number,
        signed_on,
        is_demo,
        unit,
        award_year,
        code,
        issuer,
        person,
        collective,
        household,
    ) in rows:
        if person is not None:
            name, kind = person, SubjectKind.INDIVIDUAL
        elif collective is not None:
            name, kind = collective, SubjectKind.COLLECTIVE
        else:
            name, kind = gettext("Hộ %(name)s") % {"name": household}, SubjectKind.HOUSEHOLD
        definition = definitions.get(code)
        awards.append(
            PublicAward(
                name=name,
                subject_type=kind,
                unit=unit or "",
                award_code=code,
                award=definition.name if definition is not None else code,
                year=award_year,
                decision_number=number,
                decision_date=signed_on,
                issuer=issuer,
                decision_id=decision_id,
                is_demo=is_demo,
            )
        )
    return awards


def decision_public_latest(limit: int = 5) -> list[Decision]:
    """The latest published decisions (awards and revocations), with their line counts."""
    return list(published_decisions()[:limit])


def comment_rounds_open(today: datetime.date) -> list[dict[str, Any]]:
    """Rounds with nominations open for public comments today: name, count, last day."""
    return list(
        Nomination.objects.filter(status=NominationStatus.ACCEPTED, listed_until__gte=today)
        .values("round__name")
        .annotate(count=Count("id"), until=Max("listed_until"))
        .order_by("until", "round__name")
    )


# --- Movements and clusters ------------------------------------------------------------------


def movement_public_list(*, year: int | None = None) -> QuerySet[Movement]:
    """Movements launched (not the cascades: they are counted on their movement), newest first."""
    movements = (
        Movement.objects.filter(parent__isnull=True)
        .select_related("launched_by")
        .annotate(cascade_count=Count("children", distinct=True))
    )
    if year is not None:
        movements = movements.filter(Q(starts_on__year=year) | Q(ends_on__year=year))
    return movements.order_by("-starts_on", "name", "id")


def movement_public_years() -> list[int]:
    return sorted(
        {
            day.year
            for day in Movement.objects.filter(parent__isnull=True).dates("starts_on", "year")
        },
        reverse=True,
    )


def edition_public_list(*, year: int | None = None) -> QuerySet[ClusterYear]:
    """Clusters and blocks whose standings have been published, newest year first."""
    editions = ClusterYear.objects.filter(status=EditionStatus.PUBLISHED).select_related(
        "cluster", "leader"
    )
    if year is not None:
        editions = editions.filter(year=year)
    return editions.order_by("-year", "cluster__kind", "cluster__name", "id")


def edition_public_years() -> list[int]:
    return list(
        ClusterYear.objects.filter(status=EditionStatus.PUBLISHED)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
