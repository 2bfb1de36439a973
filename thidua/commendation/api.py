"""Commendation API: the what-if eligibility check, the registry of people and their history,
and the eligibility of a registered person computed from that history."""

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Body, Query, Router, Schema
from ninja.pagination import paginate

from thidua.commendation.eligibility import evaluate
from thidua.commendation.models import Person
from thidua.commendation.selectors import person_history, person_list_for, subject_for
from thidua.commendation.services import eligibility_whatif
from thidua.commendation.whatif import result_as_json
from thidua.commendation.workflow_api import router as workflow_router
from thidua.core.exceptions import ApplicationError
from thidua.core.pagination import Pagination
from thidua.core.permissions import ensure_can
from thidua.core.schemas import errors

router = Router()


class CriterionOut(Schema):
    code: str
    passed: bool
    explanation: str
    reference: str


class EligibilityOut(Schema):
    award: str
    eligible: bool
    held: bool
    criteria: list[CriterionOut]


@router.post(
    "/eligibility",
    response={200: EligibilityOut, **errors(400, 401, 403, 422)},
    summary="Kiểm tra điều kiện khen thưởng (giả định): từng tiêu chí, giải thích và căn cứ",
    description=(
        'Đầu vào: {"award", "as_of", "subject": {"kind", "ratings", "awards", "initiatives", '
        '"discipline", "pending", "members"}}. Dữ liệu sai → 400, thông báo nêu tên trường.'
    ),
)
def eligibility_check(request: HttpRequest, payload: Body[dict[str, Any]]) -> Any:
    return eligibility_whatif(actor=request.user, data=payload)


class PersonOut(Schema):
    id: int
    full_name: str
    gender: str
    birth_year: int | None
    position: str
    unit_id: int
    unit_name: str
    category: str
    is_demo: bool

    @staticmethod
    def resolve_unit_name(person: Person) -> str:
        return person.unit.name


class RatingOut(Schema):
    year: int
    rating: str


class AwardOut(Schema):
    year: int
    award: str
    award_name: str
    award_type: str
    decision_number: str
    decision_date: datetime.date
    issuer: str
    revoked_at: datetime.datetime | None
    revocation_reason: str


class InitiativeOut(Schema):
    year: int
    title: str
    scope: str
    used_for_award_id: int | None


class PersonDetailOut(PersonOut):
    ratings: list[RatingOut]
    awards: list[AwardOut]
    initiatives: list[InitiativeOut]


class PersonFilter(Schema):
    q: str = ""


class EligibilityQuery(Schema):
    award: str
    as_of: datetime.date


def _person(request: HttpRequest, person_id: int) -> Person:
    person = Person.objects.select_related("unit").filter(pk=person_id).first()
    if person is None or not request.user.has_perm("commendation.view_registry", person):
        raise Http404
    return person


@router.get(
    "/people",
    response={200: list[PersonOut], **errors(401, 403, 422)},
    summary="Cá nhân trong các đơn vị người gọi được xem",
)
@paginate(Pagination)
def person_list(request: HttpRequest, filters: Query[PersonFilter]) -> Any:
    ensure_can(request.user, "commendation.check_eligibility")
    return person_list_for(user=request.user, q=filters.q).select_related("unit")


@router.get(
    "/people/{person_id}",
    response={200: PersonDetailOut, **errors(401, 404, 422)},
    summary="Một cá nhân và quá trình khen thưởng",
)
def person_detail(request: HttpRequest, person_id: int) -> Any:
    person = _person(request, person_id)
    history = person_history(person)
    person.ratings = history.ratings  # type: ignore[attr-defined]
    person.awards = history.awards  # type: ignore[attr-defined]
    person.initiatives = history.initiatives  # type: ignore[attr-defined]
    return person


@router.get(
    "/people/{person_id}/eligibility",
    response={200: EligibilityOut, **errors(400, 401, 404, 422)},
    summary="Điều kiện khen thưởng của một cá nhân, tính từ sổ theo dõi",
)
def person_eligibility(request: HttpRequest, person_id: int, query: Query[EligibilityQuery]) -> Any:
    person = _person(request, person_id)
    try:
        result = evaluate(subject_for(person, query.as_of), query.award, query.as_of)
    except ValueError as error:  # an unknown award code, a date before the Law
        raise ApplicationError(str(error)) from error
    return result_as_json(result)


router.add_router("", workflow_router)
