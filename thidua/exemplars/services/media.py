"""Writes of a model's photos and evidence. The proposing side adds and removes them while it
edits the model; the office at any time. Only the office approves a photo for publication, and
only a photo whose subject consented. Files removed from a model are deleted once the
transaction commits (a failed write keeps them)."""

from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.exceptions import ApplicationError
from thidua.core.permissions import ensure_can
from thidua.core.services import audit_record, snapshot
from thidua.exemplars.models import Exemplar, ExemplarEvidence, ExemplarPhoto
from thidua.exemplars.services.exemplars import (
    actor_reviews,
    clean_text,
    ensure_editable,
    field_error,
)
from thidua.exemplars.uploads import check_document, check_photo

PHOTO_FIELDS = [
    "id",
    "exemplar_id",
    "file_name",
    "file_size",
    "width",
    "height",
    "caption",
    "credit",
    "consent",
    "approved",
]
EVIDENCE_FIELDS = ["id", "exemplar_id", "file_name", "file_size", "description"]
MAX_PHOTOS = 20
MAX_EVIDENCE = 30


def _actor_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _ensure_writes_files(actor: Any, exemplar: Exemplar) -> None:
    """The office at any time; the proposing side while it edits the model."""
    if actor_reviews(actor, exemplar):
        return
    ensure_can(actor, "exemplars.change_exemplar", exemplar)
    ensure_editable(exemplar)


def _delete_after_commit(field: Any) -> None:
    name, storage = field.name, field.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _locked_exemplar(exemplar: Exemplar) -> Exemplar:
    """Lock the model so that two uploads never exceed the limits together."""
    return (
        Exemplar.objects.select_for_update(of=("self",)).select_related("unit").get(pk=exemplar.pk)
    )


@transaction.atomic
def exemplar_photo_add(
    *,
    actor: Any,
    exemplar: Exemplar,
    file_name: str,
    content: bytes,
    caption: str,
    credit: str = "",
    consent: bool = False,
) -> ExemplarPhoto:
    """Add a photo (JPG or PNG, re-encoded without metadata). `consent`: the person in it agreed
    to its publication. The office approves it separately."""
    current = _locked_exemplar(exemplar)
    _ensure_writes_files(actor, current)
    clean_caption = clean_text(caption)
    if not clean_caption:
        raise ApplicationError(
            _("Trường “%(field)s” không được để trống.") % {"field": _("Chú thích ảnh")},
            extra={"field": "caption"},
        )
    if len(clean_caption) > 300:
        raise field_error("caption", _("Chú thích ảnh"), _("dài quá 300 ký tự."))
    clean_credit = clean_text(credit)
    if len(clean_credit) > 200:
        raise field_error("credit", _("Tác giả ảnh"), _("dài quá 200 ký tự."))
    if current.photos.count() >= MAX_PHOTOS:
        raise ApplicationError(
            _("Điển hình “%(name)s” đã có %(limit)s ảnh; hãy xóa bớt ảnh trước khi thêm.")
            % {"name": current.public_name, "limit": MAX_PHOTOS},
            extra={"field": "file"},
        )
    checked = check_photo(file_name, content)
    photo = ExemplarPhoto(
        exemplar=current,
        file_name=checked.name,
        content_type=checked.content_type,
        file_size=len(checked.content),
        width=checked.width,
        height=checked.height,
        caption=clean_caption,
        credit=clean_credit,
        consent=bool(consent),
        order=(current.photos.aggregate(last=Max("order"))["last"] or 0) + 1,
        created_by=_actor_or_none(actor),
    )
    photo.image.save(f"{current.pk}{checked.extension}", ContentFile(checked.content), save=False)
    photo.save()
    audit_record(
        actor=actor,
        action="exemplar_photo.added",
        target=photo,
        object_repr=f"{current.public_name}: {photo.caption}",
        unit=current.unit,
        after=snapshot(photo, PHOTO_FIELDS),
    )
    return photo


def _locked_photo(photo: ExemplarPhoto) -> ExemplarPhoto:
    return (
        ExemplarPhoto.objects.select_for_update(of=("self",))
        .select_related("exemplar__unit")
        .get(pk=photo.pk)
    )


def _photo_audit(actor: Any, photo: ExemplarPhoto, action: str, before: dict[str, Any]) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=photo,
        object_repr=f"{photo.exemplar.public_name}: {photo.caption}",
        unit=photo.exemplar.unit,
        before=before,
        after=snapshot(photo, PHOTO_FIELDS),
    )


@transaction.atomic
def exemplar_photo_review(*, actor: Any, photo: ExemplarPhoto, approved: bool) -> ExemplarPhoto:
    """The office approves a photo for publication (and the press pack), or takes it back."""
    current = _locked_photo(photo)
    ensure_can(actor, "exemplars.review_exemplar", current.exemplar)
    if approved and not current.consent:
        raise ApplicationError(
            _(
                "Ảnh “%(caption)s” chưa có sự đồng ý công bố của người trong ảnh nên không duyệt "
                "được."
            )
            % {"caption": current.caption},
            extra={"field": "consent"},
        )
    before = snapshot(current, PHOTO_FIELDS)
    current.approved = bool(approved)
    current.reviewed_at = timezone.now()
    current.reviewed_by = _actor_or_none(actor)
    current.save(update_fields=["approved", "reviewed_at", "reviewed_by"])
    _photo_audit(actor, current, "exemplar_photo.reviewed", before)
    return current


@transaction.atomic
def exemplar_photo_consent_set(*, actor: Any, photo: ExemplarPhoto, consent: bool) -> ExemplarPhoto:
    """Record that the person in the photo agreed to its publication, or withdrew: without
    consent the photo leaves the public page and the press pack at once (approval is lost)."""
    current = _locked_photo(photo)
    ensure_can(actor, "exemplars.record_consent", current.exemplar)
    before = snapshot(current, PHOTO_FIELDS)
    current.consent = bool(consent)
    fields = ["consent"]
    if not consent and current.approved:
        current.approved = False
        fields.append("approved")
    current.save(update_fields=fields)
    _photo_audit(actor, current, "exemplar_photo.consent_changed", before)
    return current


@transaction.atomic
def exemplar_photo_remove(*, actor: Any, photo: ExemplarPhoto) -> None:
    current = _locked_photo(photo)
    _ensure_writes_files(actor, current.exemplar)
    before = snapshot(current, PHOTO_FIELDS)
    exemplar, label, pk = current.exemplar, current.caption, str(current.pk)
    _delete_after_commit(current.image)
    current.delete()
    audit_record(
        actor=actor,
        action="exemplar_photo.removed",
        object_type=ExemplarPhoto._meta.label_lower,
        object_id=pk,
        object_repr=f"{exemplar.public_name}: {label}",
        unit=exemplar.unit,
        before=before,
    )


@transaction.atomic
def exemplar_evidence_add(
    *, actor: Any, exemplar: Exemplar, file_name: str, content: bytes, description: str
) -> ExemplarEvidence:
    """Attach evidence (PDF, DOCX, JPG or PNG): for the office only, never published."""
    current = _locked_exemplar(exemplar)
    _ensure_writes_files(actor, current)
    clean_description = clean_text(description)
    if not clean_description:
        raise ApplicationError(
            _("Trường “%(field)s” không được để trống.") % {"field": _("Nội dung minh chứng")},
            extra={"field": "description"},
        )
    if len(clean_description) > 300:
        raise field_error("description", _("Nội dung minh chứng"), _("dài quá 300 ký tự."))
    if current.evidence.count() >= MAX_EVIDENCE:
        raise ApplicationError(
            _("Điển hình “%(name)s” đã có %(limit)s minh chứng; hãy xóa bớt trước khi thêm.")
            % {"name": current.public_name, "limit": MAX_EVIDENCE},
            extra={"field": "file"},
        )
    checked = check_document(file_name, content, default_name="minh-chung")
    evidence = ExemplarEvidence(
        exemplar=current,
        file_name=checked.name,
        content_type=checked.content_type,
        file_size=len(content),
        description=clean_description,
        created_by=_actor_or_none(actor),
    )
    evidence.file.save(f"{current.pk}{checked.extension}", ContentFile(content), save=False)
    evidence.save()
    audit_record(
        actor=actor,
        action="exemplar_evidence.added",
        target=evidence,
        object_repr=f"{current.public_name}: {evidence.description}",
        unit=current.unit,
        after=snapshot(evidence, EVIDENCE_FIELDS),
    )
    return evidence


@transaction.atomic
def exemplar_evidence_remove(*, actor: Any, evidence: ExemplarEvidence) -> None:
    current = (
        ExemplarEvidence.objects.select_for_update(of=("self",))
        .select_related("exemplar__unit")
        .get(pk=evidence.pk)
    )
    _ensure_writes_files(actor, current.exemplar)
    before = snapshot(current, EVIDENCE_FIELDS)
    exemplar, label, pk = current.exemplar, current.description, str(current.pk)
    _delete_after_commit(current.file)
    current.delete()
    audit_record(
        actor=actor,
        action="exemplar_evidence.removed",
        object_type=ExemplarEvidence._meta.label_lower,
        object_id=pk,
        object_repr=f"{exemplar.public_name}: {label}",
        unit=exemplar.unit,
        before=before,
    )
