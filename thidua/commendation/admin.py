"""The registry and the workflow's configuration in the Django admin (every write audited like a
service write). Nominations, sessions and decisions are read-only here: their steps go through
the pages and the API, which check the workflow's rules."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from thidua.commendation.models import (
    AwardRecord,
    CouncilMember,
    CouncilSession,
    Decision,
    DisciplineRecord,
    Hold,
    Household,
    InitiativeRecord,
    Nomination,
    PerformanceRating,
    Person,
    Round,
)
from thidua.core.admin import AuditedModelAdmin, ReadOnlyAdmin
from thidua.core.text import search_key

SUBJECT_SEARCH: tuple[str, ...] = (
    "person__search_key",
    "collective__search_key",
    "household__search_key",
)


class SearchKeyAdmin(AuditedModelAdmin):
    """Searches run on the diacritic-insensitive key ("nguyen van a" finds "Nguyễn Văn A")."""

    def get_search_results(self, request: HttpRequest, queryset: Any, search_term: str) -> Any:
        return super().get_search_results(request, queryset, search_key(search_term))


@admin.register(Person)
class PersonAdmin(SearchKeyAdmin):
    list_display = ("full_name", "gender", "birth_year", "position", "unit", "category", "is_demo")
    list_filter = ("category", "gender", "is_demo")
    search_fields = ("search_key",)
    list_select_related = ("unit",)
    raw_id_fields = ("unit",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.search_key = search_key(obj.full_name)[:255]
        super().save_model(request, obj, form, change)


@admin.register(Household)
class HouseholdAdmin(SearchKeyAdmin):
    list_display = ("head_name", "address", "unit", "is_demo")
    search_fields = ("search_key",)
    list_select_related = ("unit",)
    raw_id_fields = ("unit",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.search_key = search_key(f"{obj.head_name} {obj.address}")[:255]
        super().save_model(request, obj, form, change)


class SubjectRecordAdmin(SearchKeyAdmin):
    search_fields = SUBJECT_SEARCH
    list_select_related = ("person", "collective", "household")
    raw_id_fields = ("person", "collective", "household")


@admin.register(PerformanceRating)
class PerformanceRatingAdmin(SubjectRecordAdmin):
    list_display = ("__str__", "year", "rating")
    list_filter = ("rating", "year")


@admin.register(AwardRecord)
class AwardRecordAdmin(SubjectRecordAdmin):
    list_display = ("__str__", "year", "award", "award_type", "decision_number", "revoked_at")
    list_filter = ("award", "award_type", "year")


@admin.register(Hold)
class HoldAdmin(SubjectRecordAdmin):
    list_display = ("__str__", "kind", "since", "until")
    list_filter = ("kind",)


@admin.register(DisciplineRecord)
class DisciplineRecordAdmin(SearchKeyAdmin):
    list_display = ("person", "level", "starts_on", "ends_on")
    list_filter = ("level",)
    search_fields = ("person__search_key",)
    list_select_related = ("person",)
    raw_id_fields = ("person",)


@admin.register(InitiativeRecord)
class InitiativeRecordAdmin(SearchKeyAdmin):
    list_display = ("title", "person", "year", "scope", "used_for_award")
    list_filter = ("scope", "year")
    search_fields = ("person__search_key",)
    list_select_related = ("person", "used_for_award")
    raw_id_fields = ("person", "used_for_award")


@admin.register(Round)
class RoundAdmin(AuditedModelAdmin):
    list_display = ("name", "kind", "year", "issuer", "submission_deadline", "status", "is_demo")
    list_filter = ("kind", "status", "year")
    search_fields = ("name",)
    list_select_related = ("issuer",)
    raw_id_fields = ("issuer", "created_by")


@admin.register(CouncilMember)
class CouncilMemberAdmin(AuditedModelAdmin):
    """The members of a council for a year (Hội đồng Thi đua – Khen thưởng)."""

    list_display = ("full_name", "position", "council_of", "year", "order", "user")
    list_filter = ("year",)
    search_fields = ("full_name", "position")
    list_select_related = ("council_of", "user")
    raw_id_fields = ("council_of", "user")


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "round", "unit", "status", "submitted_at", "appraisal_due")
    list_filter = ("status", "award")
    search_fields = SUBJECT_SEARCH
    list_select_related = ("round", "unit", "person", "collective", "household")


@admin.register(CouncilSession)
class CouncilSessionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "ballot_mode", "status", "closed_at")
    list_filter = ("status", "ballot_mode")
    list_select_related = ("round",)


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "kind", "issuer", "award", "signed_on", "status")
    list_filter = ("kind", "status")
    search_fields = ("number", "title")
    list_select_related = ("issuer",)
