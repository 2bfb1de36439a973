"""Reads of clusters and blocks: the years' editions, one edition with its members and sheets,
what each member may see of the others, and the chart data of published standings."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from thidua.emulation.models import (
    Assessment,
    ClusterMember,
    ClusterYear,
    Evidence,
    ScoringCriterion,
)

__all__ = ["MemberRow", "edition_detail", "edition_list", "group_points", "member_rows"]


def edition_list(year: int | None = None) -> QuerySet[ClusterYear]:
    """Clusters and blocks are public within the administration: every role holder lists them."""
    editions = ClusterYear.objects.select_related("cluster", "leader").annotate(
        member_count=Count("members")
    )
    return editions.filter(year=year) if year else editions


def edition_detail(pk: int) -> ClusterYear | None:
    members = ClusterMember.objects.select_related("unit", "assessment__cross_by").order_by(
        "order", "id"
    )
    return (
        ClusterYear.objects.select_related("cluster__organised_by", "leader", "deputy")
        .prefetch_related(
            Prefetch("members", queryset=members),
            "groups__criteria",
        )
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class MemberRow:
    member: ClusterMember
    assessment: Assessment
    visible: bool  # the user may read this member's sheet
    evidence: int  # criteria needing evidence that have a file
    evidence_needed: int


def member_rows(edition: ClusterYear, user: Any) -> list[MemberRow]:
    """Each member with its sheet, whether the user may open it, and its evidence completeness
    (two queries for all members)."""
    needed = set(
        ScoringCriterion.objects.filter(group__edition=edition, evidence_required=True).values_list(
            "code", flat=True
        )
    )
    attached: dict[int, set[str]] = {}
    sheets = [member.assessment for member in edition.members.all()]
    for assessment_id, code in Evidence.objects.filter(assessment__in=sheets).values_list(
        "assessment_id", "criterion_code"
    ):
        attached.setdefault(assessment_id, set()).add(code)
    return [
        MemberRow(
            member=member,
            assessment=member.assessment,
            visible=user.has_perm("emulation.view_assessment", member.assessment),
            evidence=len(needed & attached.get(member.assessment.pk, set())),
            evidence_needed=len(needed),
        )
        for member in edition.members.all()
    ]


def group_points(result: Any, edition: ClusterYear) -> list[tuple[str, Decimal]]:
    """A member's points per group of the table (penalties as negative), for the chart."""
    by_code = {
        criterion.code: group.name
        for group in edition.groups.all()
        for criterion in group.criteria.all()
    }
    totals: dict[str, Decimal] = {group.name: Decimal(0) for group in edition.groups.all()}
    for score in result.criteria:
        sign = -1 if score.part == "penalty" else 1
        totals[by_code[score.code]] += sign * score.points
    return [(name, value) for name, value in totals.items() if value > 0]
