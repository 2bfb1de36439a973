"""Scoped reads of the workflow: rounds, nominations (a unit's drafts stay inside the unit),
appraisal queues, council sessions, decisions, the public lists, and award statistics with the
share going to direct workers and grassroots units (the directive's priority, §II.5)."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from thidua.accounts.scope import scope_for
from thidua.commendation.catalogue import AwardLevel, award_definitions, format_percent
from thidua.commendation.enums import PersonCategory
from thidua.commendation.models import (
    AwardRecord,
    CommentStatus,
    CouncilSession,
    Decision,
    DecisionItem,
    DecisionStatus,
    Nomination,
    NominationStatus,
    PublicComment,
    Round,
)
from thidua.commendation.rules import COUNCIL_READER_ROLES, OFFICE_ROLES, PROPOSER_ROLES
from thidua.core.text import local_today, search_key
from thidua.org.enums import UnitKind
from thidua.org.models import OrgUnit

# Collectives counted as grassroots (cơ sở, tập thể nhỏ: Chỉ thị 08 §II.5): communes, internal
# departments and teams, public service units, enterprises. Which kinds count is UNCONFIRMED
# in RULES.md §3.4; change it here for a province that reads it otherwise.
GRASSROOTS_KINDS = frozenset(
    {UnitKind.XA, UnitKind.PHONG_BAN, UnitKind.SU_NGHIEP, UnitKind.DOANH_NGHIEP}
)

SUBJECT_RELATED = ("person", "collective", "household", "unit")


def round_list() -> QuerySet[Round]:
    """Rounds are not secret: every role holder sees them (their nominations are scoped)."""
    return Round.objects.select_related("issuer").annotate(
        nomination_count=Count("nominations", filter=~Q(nominations__status="draft"))
    )


def runs_or_reads_round(user: object, round_: Round) -> bool:
    return scope_for(user).covers(round_.issuer, COUNCIL_READER_ROLES)


def nomination_list_for(
    *,
    user: object,
    round_: Round,
    status: str = "",
    q: str = "",
) -> QuerySet[Nomination]:
    """The round's nominations the user may see: those of units they propose for (drafts
    included); sent ones of units they cover; every sent one for the office and the council."""
    scope = scope_for(user)
    own = scope.filter_q("unit__path", PROPOSER_ROLES)
    if scope.covers(round_.issuer, COUNCIL_READER_ROLES):
        shared = ~Q(status=NominationStatus.DRAFT)
    else:
        shared = ~Q(status=NominationStatus.DRAFT) & scope.filter_q("unit__path")
    queryset = (
        Nomination.objects.filter(round=round_)
        .filter(own | shared)
        .select_related(*SUBJECT_RELATED)
        .order_by("unit__path", "id")
    )
    if status:
        queryset = queryset.filter(status=status)
    if q:
        key = search_key(q)
        queryset = queryset.filter(
            Q(person__search_key__contains=key)
            | Q(household__search_key__contains=key)
            | Q(collective__name__icontains=q)
            | Q(unit__name__icontains=q)
        )
    return queryset


def status_counts(queryset: QuerySet[Nomination]) -> dict[str, int]:
    rows = queryset.order_by().values("status").annotate(count=Count("id"))
    return {row["status"]: row["count"] for row in rows}


def appraisal_queue(round_: Round) -> QuerySet[Nomination]:
    """Sent nominations waiting for the office, the most urgent first."""
    return (
        Nomination.objects.filter(round=round_, status=NominationStatus.SUBMITTED)
        .select_related(*SUBJECT_RELATED)
        .order_by("appraisal_due", "submitted_at", "id")
    )


def nomination_detail(pk: int) -> Nomination | None:
    return (
        Nomination.objects.select_related(*SUBJECT_RELATED, "round__issuer")
        .prefetch_related("files", "comments")
        .filter(pk=pk)
        .first()
    )


def session_detail(pk: int) -> CouncilSession | None:
    return (
        CouncilSession.objects.select_related("round__issuer")
        .prefetch_related(
            "members",
            "present",
            Prefetch(
                "candidates",
                queryset=Nomination.objects.select_related(*SUBJECT_RELATED).order_by(
                    "award", "unit__path", "id"
                ),
            ),
            "results",
            "ballots",
            "recusals",
        )
        .filter(pk=pk)
        .first()
    )


def decision_detail(pk: int) -> Decision | None:
    items = DecisionItem.objects.select_related(
        *(f"nomination__{name}" for name in SUBJECT_RELATED),
        "nomination__person__unit",
        "award_record__person__unit",
        "award_record__collective",
        "award_record__household",
    )
    return (
        Decision.objects.select_related("issuer", "round")
        .prefetch_related(Prefetch("items", queryset=items))
        .filter(pk=pk)
        .first()
    )


def decisions_for(user: object) -> QuerySet[Decision]:
    """Published decisions for everyone; drafts and signed ones for the office that issues."""
    scope = scope_for(user)
    visible = Q(status=DecisionStatus.PUBLISHED) | scope.filter_q("issuer__path", OFFICE_ROLES)
    return Decision.objects.filter(visible).select_related("issuer", "round")


def publicly_listed(today: datetime.date | None = None) -> QuerySet[Nomination]:
    """Nominations open for public comments today (Law Art. 84(5)), each with the comments the
    office approved (`approved_comments`: their text and day only)."""
    today = today or local_today()
    approved = PublicComment.objects.filter(status=CommentStatus.APPROVED).only(
        "nomination_id", "text", "created_at"
    )
    return (
        Nomination.objects.filter(status=NominationStatus.ACCEPTED, listed_until__gte=today)
        .select_related(*SUBJECT_RELATED, "round")
        .prefetch_related(Prefetch("comments", queryset=approved, to_attr="approved_comments"))
        .order_by("round", "award", "unit__path", "id")
    )


def public_comment_list_for(*, user: object, status: str = "") -> QuerySet[PublicComment]:
    """Comments on the nominations of rounds whose issuing body the user's office covers (the
    moderation queue), newest first."""
    scope = scope_for(user)
    comments = PublicComment.objects.filter(
        scope.filter_q("nomination__round__issuer__path", OFFICE_ROLES)
    ).select_related(
        *(f"nomination__{name}" for name in SUBJECT_RELATED), "nomination__round", "moderated_by"
    )
    if status:
        comments = comments.filter(status=status)
    return comments.order_by("-created_at", "-id")


def published_decisions() -> QuerySet[Decision]:
    return (
        Decision.objects.filter(status=DecisionStatus.PUBLISHED)
        .select_related("issuer", "round")
        .annotate(item_count=Count("items"))
        .order_by("-signed_on", "-id")
    )


# --- Statistics -----------------------------------------------------------------------------


@dataclass
class AwardStatistics:
    """Counts of valid (not revoked) awards, and the directive's two priority shares."""

    total: int = 0
    by_award: Counter[str] = field(default_factory=Counter)
    by_level: Counter[str] = field(default_factory=Counter)
    by_unit: Counter[str] = field(default_factory=Counter)
    by_category: Counter[str] = field(default_factory=Counter)
    individuals: int = 0
    direct_workers: int = 0
    collectives: int = 0
    grassroots: int = 0
    households: int = 0

    @property
    def direct_worker_share(self) -> Fraction | None:
        return Fraction(self.direct_workers, self.individuals) if self.individuals else None

    @property
    def grassroots_share(self) -> Fraction | None:
        return Fraction(self.grassroots, self.collectives) if self.collectives else None

    @staticmethod
    def percent(share: Fraction | None) -> str:
        return "—" if share is None else format_percent(share)

    @property
    def direct_worker_percent(self) -> str:
        return self.percent(self.direct_worker_share)

    @property
    def grassroots_percent(self) -> str:
        return self.percent(self.grassroots_share)

    def rows(self, counter: Counter[str], labels: dict[str, str]) -> list[tuple[str, int]]:
        return [(labels.get(key, key), count) for key, count in counter.most_common()]


def _covered_q(user: Any) -> Q:
    """Award records of the subjects in the units `user` covers."""
    scope = scope_for(user)
    return (
        scope.filter_q("person__unit__path")
        | scope.filter_q("collective__path")
        | scope.filter_q("household__unit__path")
    )


def latest_award_year(*, user: Any, until: int) -> int | None:
    """The latest year up to `until` with an award (not revoked) the user covers: where the
    statistics page opens, rather than on a year nobody has been awarded yet."""
    records = AwardRecord.objects.filter(_covered_q(user), revoked_at__isnull=True, year__lte=until)
    return records.aggregate(latest=Max("year"))["latest"]


def award_statistics(
    *,
    year: int | None = None,
    round_: Round | None = None,
    user: Any = None,
    unit: OrgUnit | None = None,
    decided: tuple[datetime.date, datetime.date] | None = None,
) -> AwardStatistics:
    """Statistics of the awards of `year` (decided in any round or recorded from elsewhere), or
    of those given by `round_`'s decisions, or decided between the two days of `decided`;
    scoped to the units the user covers (None: all) and to `unit`'s subtree."""
    records = AwardRecord.objects.filter(revoked_at__isnull=True)
    if year is not None:
        records = records.filter(year=year)
    if decided is not None:
        records = records.filter(decision_date__range=decided)
    if unit is not None:
        records = records.filter(
            Q(person__unit__path__startswith=unit.path)
            | Q(collective__path__startswith=unit.path)
            | Q(household__unit__path__startswith=unit.path)
        )
    if round_ is not None:
        records = records.filter(
            pk__in=DecisionItem.objects.filter(decision__round=round_).values("award_record_id")
        )
    if user is not None:
        records = records.filter(_covered_q(user))
    rows = records.values_list(
        "award",
        "category",
        "person_id",
        "person__unit__name",
        "collective__kind",
        "collective__name",
        "household__unit__name",
    )
    definitions = award_definitions()
    stats = AwardStatistics()
    for award, category, person_id, person_unit, kind, collective, household_unit in rows:
        stats.total += 1
        stats.by_award[award] += 1
        definition = definitions.get(award)
        stats.by_level[definition.level if definition else ""] += 1
        if person_id is not None:
            stats.individuals += 1
            stats.by_category[category or ""] += 1
            stats.direct_workers += category == PersonCategory.TRUC_TIEP
            stats.by_unit[person_unit] += 1
        elif kind is not None:
            stats.collectives += 1
            stats.grassroots += kind in GRASSROOTS_KINDS
            stats.by_unit[collective] += 1
        else:
            stats.households += 1
            stats.by_unit[household_unit] += 1
    return stats


def statistics_labels() -> dict[str, dict[str, str]]:
    definitions = award_definitions()
    return {
        "award": {code: definition.name for code, definition in definitions.items()},
        "level": {str(level.value): level.label for level in AwardLevel},
        "category": {
            **{str(value): str(label) for value, label in PersonCategory.choices},
            "": "Chưa phân loại",
        },
    }
