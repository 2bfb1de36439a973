"""Exemplary models API: list and read the models the caller sees, propose and edit them, the
workflow (send, return, approve, publish, unpublish), consent, links, photos and evidence, the
press pack; and the published models for everyone (no sign-in). Same services and the same
permission rules as the pages; personal details only for those who write or review a model."""

import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from thidua.commendation.models import AwardRecord, Decision, Person
from thidua.core.exceptions import ApplicationError
from thidua.core.pagination import Pagination
from thidua.core.permissions import ensure_can
from thidua.core.schemas import UPLOAD, errors, storable_ids
from thidua.emulation.models import Movement
from thidua.exemplars import services
from thidua.exemplars.models import Exemplar, ExemplarEvidence, ExemplarPhoto
from thidua.exemplars.press_pack import ZIP_CONTENT_TYPE
from thidua.exemplars.selectors import (
    exemplar_detail,
    exemplar_list_for,
    public_exemplar,
    public_exemplars,
)
from thidua.exemplars.uploads import DOCUMENT_MAX_BYTES, PHOTO_MAX_BYTES
from thidua.org.models import OrgUnit

router = Router()


# --- Schemas -------------------------------------------------------------------------------


class ExemplarFilter(Schema):
    q: str = ""
    status: str = ""
    year: int | None = None
    sector: str = ""


class PublicFilter(Schema):
    q: str = ""
    category: str = ""
    sector: str = ""
    year: int | None = None


class ExemplarIn(Schema):
    unit_id: int
    kind: str
    category: str
    sector: str
    year: int
    name: str
    headline: str
    source: str
    public_name: str = ""
    story: str = ""
    facts: list[str] = []
    source_name: str = ""
    person_id: int | None = None
    birth_date: datetime.date | None = None
    phone: str = ""
    id_number: str = ""
    address: str = ""


class ExemplarUpdateIn(ExemplarIn):
    version: int | None = None


class ExemplarVersionIn(Schema):
    version: int | None = None


class ExemplarReasonIn(ExemplarVersionIn):
    reason: str


class ConsentIn(ExemplarVersionIn):
    consent_on: datetime.date
    show_unit: bool = True
    note: str = ""


class WithdrawIn(ExemplarVersionIn):
    withdrawn_on: datetime.date
    note: str = ""


class LinksIn(ExemplarVersionIn):
    person_id: int | None = None
    award_record_ids: list[int] = []
    decision_ids: list[int] = []
    movement_ids: list[int] = []


class ReviewIn(Schema):
    approved: bool


class PhotoConsentIn(Schema):
    consent: bool


class ExemplarOut(Schema):
    id: int
    kind: str
    category: str
    sector: str
    year: int
    unit_id: int
    unit_name: str
    name: str
    public_name: str
    headline: str
    source: str
    source_name: str
    status: str
    consent_status: str
    version: int
    published_at: datetime.datetime | None

    @staticmethod
    def resolve_unit_name(exemplar: Exemplar | dict[str, Any]) -> str:
        if isinstance(exemplar, dict):  # a detail, built by _detail()
            return str(exemplar["unit_name"])
        return exemplar.unit.name


class PhotoOut(Schema):
    id: int
    caption: str
    credit: str
    width: int
    height: int
    consent: bool
    approved: bool


class EvidenceOut(Schema):
    id: int
    description: str
    file_name: str
    file_size: int


class PersonalOut(Schema):
    birth_date: datetime.date | None
    phone: str
    id_number: str
    address: str
    person_id: int | None


class ExemplarDetailOut(ExemplarOut):
    story: str
    facts: list[str]
    return_reason: str
    unpublish_reason: str
    consent_on: datetime.date | None
    consent_show_unit: bool
    consent_withdrawn_on: datetime.date | None
    consent_covers_text: bool
    submitted_at: datetime.datetime | None
    approved_at: datetime.datetime | None
    photos: list[PhotoOut]
    evidence: list[EvidenceOut]
    award_record_ids: list[int]
    decision_ids: list[int]
    movement_ids: list[int]
    personal: PersonalOut | None


class PublicPhotoOut(Schema):
    id: int
    caption: str
    credit: str
    url: str


class PublicAwardOut(Schema):
    award: str
    year: int
    decision_number: str
    decision_date: datetime.date


class ExemplarDecisionOut(Schema):
    id: int
    number: str
    title: str


class PublicExemplarOut(Schema):
    id: int
    public_name: str
    unit: str | None
    headline: str
    category: str
    sector: str
    year: int
    published_at: datetime.datetime | None

    @staticmethod
    def resolve_unit(exemplar: Exemplar) -> str | None:
        return exemplar.unit.name if exemplar.consent_show_unit else None


class PublicExemplarDetailOut(PublicExemplarOut):
    story: str
    facts: list[str]
    photos: list[PublicPhotoOut]
    awards: list[PublicAwardOut]
    decisions: list[ExemplarDecisionOut]
    movements: list[str]

    @staticmethod
    def resolve_photos(exemplar: Exemplar) -> list[dict[str, Any]]:
        return [
            {
                "id": photo.pk,
                "caption": photo.caption,
                "credit": photo.credit,
                "url": reverse("public-exemplars:photo", args=[exemplar.pk, photo.pk]),
            }
            for photo in exemplar.public_photos  # type: ignore[attr-defined]
        ]

    @staticmethod
    def resolve_awards(exemplar: Exemplar) -> list[dict[str, Any]]:
        return [
            {
                "award": record.award_name,
                "year": record.year,
                "decision_number": record.decision_number,
                "decision_date": record.decision_date,
            }
            for record in exemplar.public_awards  # type: ignore[attr-defined]
        ]

    @staticmethod
    def resolve_decisions(exemplar: Exemplar) -> list[Decision]:
        return list(exemplar.public_decisions)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_movements(exemplar: Exemplar) -> list[str]:
        return [movement.name for movement in exemplar.public_movements]  # type: ignore[attr-defined]


# --- Helpers -------------------------------------------------------------------------------


def _unit(unit_id: int) -> OrgUnit:
    unit = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise ApplicationError(
            _("Không có đơn vị mã %(id)s.") % {"id": unit_id}, extra={"field": "unit_id"}
        )
    return unit


def _many(model: Any, ids: list[int], field: str) -> list[Any]:
    found = model._default_manager.in_bulk(storable_ids(ids))
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ApplicationError(
            _("Không có mã %(ids)s (trường %(field)s).")
            % {"ids": ", ".join(str(pk) for pk in missing), "field": field},
            extra={"field": field},
        )
    return [found[pk] for pk in dict.fromkeys(ids)]


def _person(person_id: int | None) -> Person | None:
    if person_id is None:
        return None
    return _many(Person, [person_id], "person_id")[0]


def _fields(payload: ExemplarIn) -> dict[str, Any]:
    data = payload.dict()
    data.pop("version", None)
    data["unit"] = _unit(data.pop("unit_id"))
    data["person"] = _person(data.pop("person_id"))
    return data


DETAIL_FIELDS = [
    "id",
    "kind",
    "category",
    "sector",
    "year",
    "unit_id",
    "name",
    "public_name",
    "headline",
    "source",
    "source_name",
    "status",
    "consent_status",
    "version",
    "published_at",
    "story",
    "facts",
    "return_reason",
    "unpublish_reason",
    "consent_on",
    "consent_show_unit",
    "consent_withdrawn_on",
    "consent_covers_text",
    "submitted_at",
    "approved_at",
]


def _exemplar(request: HttpRequest, exemplar_id: int) -> Exemplar:
    exemplar = exemplar_detail(exemplar_id)
    if exemplar is None or not request.user.has_perm("exemplars.view_exemplar", exemplar):
        raise Http404
    return exemplar


def _detail(request: HttpRequest, exemplar_id: int) -> dict[str, Any]:
    exemplar = _exemplar(request, exemplar_id)
    personal = None
    if request.user.has_perm("exemplars.view_personal_details", exemplar):
        personal = {
            "birth_date": exemplar.birth_date,
            "phone": exemplar.phone,
            "id_number": exemplar.id_number,
            "address": exemplar.address,
            "person_id": exemplar.person_id,
        }
    return {
        **{name: getattr(exemplar, name) for name in DETAIL_FIELDS},
        "unit_name": exemplar.unit.name,
        "photos": list(exemplar.photos.all()),
        "evidence": list(exemplar.evidence.all()),
        "award_record_ids": sorted(record.pk for record in exemplar.award_records.all()),
        "decision_ids": sorted(decision.pk for decision in exemplar.decisions.all()),
        "movement_ids": sorted(movement.pk for movement in exemplar.movements.all()),
        "personal": personal,
    }


def _upload(file: UploadedFile, limit: int) -> bytes:
    if file.size and file.size > limit:
        raise ApplicationError(
            _("Tệp “%(name)s” lớn hơn %(size)s MB.")
            % {"name": file.name, "size": limit // (1024 * 1024)},
            extra={"field": "file"},
        )
    return bytes(file.read())


def _photo(request: HttpRequest, photo_id: int) -> ExemplarPhoto:
    photo = ExemplarPhoto.objects.select_related("exemplar__unit").filter(pk=photo_id).first()
    if photo is None or not request.user.has_perm("exemplars.view_exemplar", photo.exemplar):
        raise Http404
    return photo


# --- Models --------------------------------------------------------------------------------


@router.get(
    "/exemplars",
    response={200: list[ExemplarOut], **errors(401, 403, 422)},
    summary="Điển hình người gọi được xem",
)
@paginate(Pagination)
def exemplar_index(request: HttpRequest, filters: Query[ExemplarFilter]) -> Any:
    ensure_can(request.user, "exemplars.view_exemplar")
    return exemplar_list_for(
        user=request.user,
        q=filters.q,
        status=filters.status,
        year=filters.year,
        sector=filters.sector,
    )


@router.post(
    "/exemplars",
    response={201: ExemplarDetailOut, **errors(400, 401, 403, 422)},
    summary="Đề xuất điển hình (bản nháp của đơn vị)",
)
def exemplar_propose(request: HttpRequest, payload: ExemplarIn) -> Any:
    exemplar = services.exemplar_create(actor=request.user, **_fields(payload))
    return Status(201, _detail(request, exemplar.pk))


@router.get(
    "/exemplars/{exemplar_id}",
    response={200: ExemplarDetailOut, **errors(401, 404, 422)},
    summary="Một điển hình: câu chuyện, sự đồng ý, ảnh, minh chứng, liên kết",
    description="`personal` (ngày sinh, điện thoại, số định danh, địa chỉ) chỉ có với người "
    "soạn hoặc duyệt điển hình; với người khác là null.",
)
def exemplar_get(request: HttpRequest, exemplar_id: int) -> Any:
    return _detail(request, exemplar_id)


@router.put(
    "/exemplars/{exemplar_id}",
    response={200: ExemplarDetailOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Sửa điển hình đang soạn hoặc bị trả lại",
)
def exemplar_edit(request: HttpRequest, exemplar_id: int, payload: ExemplarUpdateIn) -> Any:
    services.exemplar_update(
        actor=request.user,
        exemplar=_exemplar(request, exemplar_id),
        expected_version=payload.version,
        **_fields(payload),
    )
    return _detail(request, exemplar_id)


@router.post(
    "/exemplars/{exemplar_id}/submit",
    response={200: ExemplarDetailOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Gửi điển hình để cơ quan thường trực duyệt",
)
def exemplar_send(request: HttpRequest, exemplar_id: int, payload: ExemplarVersionIn) -> Any:
    services.exemplar_submit(
        actor=request.user,
        exemplar=_exemplar(request, exemplar_id),
        expected_version=payload.version,
    )
    return _detail(request, exemplar_id)


@router.post(
    "/exemplars/{exemplar_id}/return",
    response={200: ExemplarDetailOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Trả lại điển hình cho đơn vị đề xuất (ghi lý do)",
)
def exemplar_send_back(request: HttpRequest, exemplar_id: int, payload: ExemplarReasonIn) -> Any:
    services.exemplar_return(
        actor=request.user,
        exemplar=_exemplar(request, exemplar_id),
        reason=payload.reason,
        expected_version=payload.version,
    )
    return _detail(request, exemplar_id)


@router.post(
    "/exemplars/{exemplar_id}/approve",
    response={200: ExemplarDetailOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Duyệt điển hình",
)
def exemplar_accept(request: HttpRequest, exemplar_id: int, payload: ExemplarVersionIn) -> Any:
    services.exemplar_approve(
        actor=request.user,
        exemplar=_exemplar(request, exemplar_id),
        expected_version=payload.version,
    )
    return _detail(request, exemplar_id)


@router.post(
    "/exemplars/{exemplar_id}/publish",
    response={200: ExemplarDetailOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Công bố điển hình (cần sự đồng ý với nội dung hiện tại)",
)
def exemplar_go_public(request: HttpRequest, exemplar_id: int, payload: ExemplarVersionIn) -> Any:
    services.exemplar_publish(
        actor=request.user,
        exemplar=_exemplar(request, exemplar_id),
        expected_version=payload.version,
    )
    return _detail(request, exemplar_id)


@router.post(
    "/exemplars/{exemplar_id}/unpublish",
    response={200: ExemplarDetailOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Gỡ điển hình khỏi trang công khai (ghi lý do)",
)
def exemplar_take_down(request: HttpRequest, exemplar_id: int, payload: ExemplarReasonIn) -> Any:
    services.exemplar_unpublish(
        actor=request.user,
        exemplar=_exemplar(request, exemplar_id),
        reason=payload.reason,
        expected_version=payload.version,
    )
    return _detail(request, exemplar_id)


@router.post(
    "/exemplars/{exemplar_id}/consent",
    response={200: ExemplarDetailOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Ghi nhận sự đồng ý công bố tên, đơn vị (nếu đồng ý) và câu chuyện hiện tại",
)
def exemplar_consent(request: HttpRequest, exemplar_id: int, payload: ConsentIn) -> Any:
    services.exemplar_consent_record(
        actor=request.user,
        exemplar=_exemplar(request, exemplar_id),
        consent_on=payload.consent_on,
        show_unit=payload.show_unit,
        note=payload.note,
        expected_version=payload.version,
    )
    return _detail(request, exemplar_id)


@router.post(
    "/exemplars/{exemplar_id}/consent/withdraw",
    response={200: ExemplarDetailOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Người được nêu gương rút lại sự đồng ý (điển hình đang công bố bị gỡ ngay)",
)
def exemplar_consent_withdraw(request: HttpRequest, exemplar_id: int, payload: WithdrawIn) -> Any:
    services.exemplar_consent_withdraw(
        actor=request.user,
        exemplar=_exemplar(request, exemplar_id),
        withdrawn_on=payload.withdrawn_on,
        note=payload.note,
        expected_version=payload.version,
    )
    return _detail(request, exemplar_id)


@router.put(
    "/exemplars/{exemplar_id}/links",
    response={200: ExemplarDetailOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Gắn cá nhân trong sổ, khen thưởng, quyết định và phong trào thi đua",
)
def exemplar_links(request: HttpRequest, exemplar_id: int, payload: LinksIn) -> Any:
    services.exemplar_links_set(
        actor=request.user,
        exemplar=_exemplar(request, exemplar_id),
        person=_person(payload.person_id),
        award_records=_many(AwardRecord, payload.award_record_ids, "award_record_ids"),
        decisions=_many(Decision, payload.decision_ids, "decision_ids"),
        movements=_many(Movement, payload.movement_ids, "movement_ids"),
        expected_version=payload.version,
    )
    return _detail(request, exemplar_id)


@router.get(
    "/exemplars/{exemplar_id}/press-pack",
    response=errors(400, 401, 403, 404, 422),
    summary="Bộ tư liệu gửi báo chí (ZIP: câu chuyện DOCX, thông tin nổi bật, ảnh đã duyệt)",
    openapi_extra={"responses": {200: {"content": {ZIP_CONTENT_TYPE: {}}}}},
)
def exemplar_press_pack(request: HttpRequest, exemplar_id: int) -> HttpResponse:
    name, content = services.exemplar_press_pack_make(
        actor=request.user, exemplar=_exemplar(request, exemplar_id)
    )
    response = HttpResponse(content, content_type=ZIP_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Photos and evidence -------------------------------------------------------------------


@router.post(
    "/exemplars/{exemplar_id}/photos",
    response={201: PhotoOut, **errors(400, 401, 403, 404, 422, *UPLOAD)},
    summary="Thêm ảnh (JPG, PNG; tối đa 10 MB; lưu lại không kèm siêu dữ liệu)",
)
def photo_upload(
    request: HttpRequest,
    exemplar_id: int,
    file: File[UploadedFile],
    caption: Form[str],
    credit: Form[str] = "",
    consent: Form[bool] = False,
) -> Any:
    photo = services.exemplar_photo_add(
        actor=request.user,
        exemplar=_exemplar(request, exemplar_id),
        file_name=file.name or "",
        content=_upload(file, PHOTO_MAX_BYTES),
        caption=caption,
        credit=credit,
        consent=consent,
    )
    return Status(201, photo)


@router.post(
    "/photos/{photo_id}/review",
    response={200: PhotoOut, **errors(400, 401, 403, 404, 422)},
    summary="Duyệt (hoặc bỏ duyệt) ảnh để công bố và đưa vào bộ tư liệu",
)
def photo_review(request: HttpRequest, photo_id: int, payload: ReviewIn) -> Any:
    return services.exemplar_photo_review(
        actor=request.user, photo=_photo(request, photo_id), approved=payload.approved
    )


@router.post(
    "/photos/{photo_id}/consent",
    response={200: PhotoOut, **errors(400, 401, 403, 404, 422)},
    summary="Ghi nhận người trong ảnh đồng ý (hoặc không) công bố ảnh",
)
def photo_consent(request: HttpRequest, photo_id: int, payload: PhotoConsentIn) -> Any:
    return services.exemplar_photo_consent_set(
        actor=request.user, photo=_photo(request, photo_id), consent=payload.consent
    )


@router.delete(
    "/photos/{photo_id}", response={204: None, **errors(400, 401, 403, 404, 422)}, summary="Xóa ảnh"
)
def photo_delete(request: HttpRequest, photo_id: int) -> Any:
    services.exemplar_photo_remove(actor=request.user, photo=_photo(request, photo_id))
    return Status(204, None)


@router.post(
    "/exemplars/{exemplar_id}/evidence",
    response={201: EvidenceOut, **errors(400, 401, 403, 404, 422, *UPLOAD)},
    summary="Thêm minh chứng (PDF, DOCX, JPG, PNG; không công bố)",
)
def evidence_upload(
    request: HttpRequest, exemplar_id: int, file: File[UploadedFile], description: Form[str]
) -> Any:
    evidence = services.exemplar_evidence_add(
        actor=request.user,
        exemplar=_exemplar(request, exemplar_id),
        file_name=file.name or "",
        content=_upload(file, DOCUMENT_MAX_BYTES),
        description=description,
    )
    return Status(201, evidence)


@router.delete(
    "/evidence/{evidence_id}",
    response={204: None, **errors(400, 401, 403, 404, 422)},
    summary="Xóa minh chứng",
)
def evidence_delete(request: HttpRequest, evidence_id: int) -> Any:
    evidence = (
        ExemplarEvidence.objects.select_related("exemplar__unit").filter(pk=evidence_id).first()
    )
    if evidence is None or not request.user.has_perm("exemplars.view_exemplar", evidence.exemplar):
        raise Http404
    services.exemplar_evidence_remove(actor=request.user, evidence=evidence)
    return Status(204, None)


# --- Public --------------------------------------------------------------------------------


@router.get(
    "/public",
    response={200: list[PublicExemplarOut], **errors(422)},
    auth=None,
    summary="Điển hình đã công bố (không cần đăng nhập; không có thông tin cá nhân)",
)
@paginate(Pagination)
def public_index(request: HttpRequest, filters: Query[PublicFilter]) -> Any:
    return public_exemplars(
        q=filters.q, category=filters.category, sector=filters.sector, year=filters.year
    )


@router.get(
    "/public/{exemplar_id}",
    response={200: PublicExemplarDetailOut, **errors(404, 422)},
    auth=None,
    summary="Một điển hình đã công bố: câu chuyện, ảnh đã duyệt, khen thưởng, phong trào",
)
def public_get(request: HttpRequest, exemplar_id: int) -> Any:
    exemplar = public_exemplar(exemplar_id)
    if exemplar is None:
        raise Http404
    return exemplar
