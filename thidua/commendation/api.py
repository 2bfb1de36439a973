"""Commendation API: the what-if eligibility check."""

from typing import Any

from django.http import HttpRequest
from ninja import Body, Router, Schema

from thidua.commendation.services import eligibility_whatif

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
    response=EligibilityOut,
    summary="Kiểm tra điều kiện khen thưởng (giả định): từng tiêu chí, giải thích và căn cứ",
    description=(
        'Đầu vào: {"award", "as_of", "subject": {"kind", "ratings", "awards", "initiatives", '
        '"discipline", "pending", "members"}}. Dữ liệu sai → 400, thông báo nêu tên trường.'
    ),
)
def eligibility_check(request: HttpRequest, payload: Body[dict[str, Any]]) -> Any:
    return eligibility_whatif(actor=request.user, data=payload)
