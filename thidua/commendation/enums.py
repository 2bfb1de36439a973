"""Stored vocabulary of the commendation registry.

Codes shared with the pure engine (ratings, award types, initiative scopes, discipline levels,
kinds of hold) come from :mod:`thidua.commendation.catalogue`, so the registry and the engine
never disagree; this module only turns them into Django choices and adds what the engine does
not need (gender, statistical category, history policy).
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.commendation.catalogue import (
    AwardType,
    DisciplineLevel,
    InitiativeScope,
    PendingKind,
    Rating,
)

RATING_CHOICES = [(item.value, item.label) for item in Rating]
AWARD_TYPE_CHOICES = [(item.value, item.label) for item in AwardType]
INITIATIVE_SCOPE_CHOICES = [(item.value, item.label) for item in InitiativeScope]
DISCIPLINE_LEVEL_CHOICES = [(item.value, item.label) for item in DisciplineLevel]
HOLD_KIND_CHOICES = [(item.value, item.label) for item in PendingKind]


class Gender(models.TextChoices):
    NAM = "nam", _("Nam")
    NU = "nu", _("Nữ")


class PersonCategory(models.TextChoices):
    """Statistical category of an individual (issue 5; the directive's priority, §II.5)."""

    LANH_DAO_TINH = "lanh_dao_tinh", _("Lãnh đạo cấp tỉnh trở lên")
    LANH_DAO_SO = "lanh_dao_so", _("Lãnh đạo cấp sở, ban, ngành")
    DOANH_NHAN = "doanh_nhan", _("Doanh nhân")
    LANH_DAO_KHAC = "lanh_dao_khac", _("Lãnh đạo khác")
    TRUC_TIEP = "truc_tiep", _("Người trực tiếp lao động (công nhân, nông dân, …)")


class HistoryPolicy(StrEnum):
    """Whose record a collective keeps after a restructuring (issue 5, configurable).

    ``carry``: a unit formed by a merge or split keeps the record of all its predecessors.
    ``own_only``: only its own versions (renames, moves, being carried along with its parent).
    """

    CARRY = "carry"
    OWN_ONLY = "own_only"
