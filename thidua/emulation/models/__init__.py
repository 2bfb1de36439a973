"""Emulation models: movements (launched, cascaded, planned, registered for, reviewed) and
clusters and blocks (membership, covenants, scoring tables, assessments, standings)."""

from thidua.emulation.models.clusters import (
    Assessment,
    AssessmentStatus,
    Cluster,
    ClusterKind,
    ClusterMember,
    ClusterYear,
    CrossMode,
    EditionStatus,
    Evidence,
    ScoringCriterion,
    ScoringGroup,
)
from thidua.emulation.models.movements import (
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

__all__ = [
    "Assessment",
    "AssessmentStatus",
    "Cluster",
    "ClusterKind",
    "ClusterMember",
    "ClusterYear",
    "CrossMode",
    "EditionStatus",
    "Evidence",
    "FilingStatus",
    "Milestone",
    "MilestoneKind",
    "MilestoneReport",
    "Movement",
    "MovementKind",
    "MovementPlan",
    "Registration",
    "RegistrationStatus",
    "ScoringCriterion",
    "ScoringGroup",
]
