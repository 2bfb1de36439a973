"""Writes of exemplary models: create and edit (the proposing side), send, return, approve,
publish and unpublish (the office), consent given or withdrawn, links to awards, decisions and
movements. Each authorises, validates (Vietnamese messages naming the field), writes and records
one audit event in one transaction; transitions lock the row and check the version the user read.

The personal details never enter the audit trail: only the names of the changed fields do.
"""

import datetime
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.commendation.models import AwardRecord, Decision, DecisionStatus, Person
from thidua.core.exceptions import ApplicationError, ConflictError
from thidua.core.permissions import ensure_can
from thidua.core.services import audit_record, snapshot
from thidua.core.text import (
    format_date,
    local_today,
    nfc,
    normalize_tone_placement,
    search_key,
)
from thidua.emulation.models import Movement
from thidua.exemplars.enums import (
    EDITABLE_STATUSES,
    PUBLISHABLE_STATUSES,
    RETURNABLE_STATUSES,
    ConsentStatus,
    ExemplarCategory,
    ExemplarKind,
    ExemplarStatus,
    ProposalSource,
    Sector,
)
from thidua.exemplars.models import FIRST_YEAR, Exemplar
from thidua.exemplars.uploads import check_document
from thidua.org.models import OrgUnit

# What the audit trail keeps of a model: never the personal details.
EXEMPLAR_FIELDS = [
    "id",
    "kind",
    "category",
    "sector",
    "year",
    "unit_id",
    "name",
    "public_name",
    "headline",
    "story",
    "facts",
    "source",
    "source_name",
    "person_id",
    "status",
    "consent_status",
    "consent_on",
    "consent_show_unit",
    "consent_withdrawn_on",
    "version",
]
PERSONAL_FIELDS = ("birth_date", "phone", "id_number", "address")
STATUS_FIELDS = ["id", "status", "version", "return_reason", "unpublish_reason"]
CONSENT_FIELDS = [
    "id",
    "status",
    "consent_status",
    "consent_on",
    "consent_show_unit",
    "consent_note",
    "consent_file_name",
    "consent_withdrawn_on",
    "version",
]

MAX_STORY = 20_000
MAX_FACTS = 20
MAX_FACT_LENGTH = 300
MAX_REASON = 2_000
MAX_LINKS = 50
EARLIEST_BIRTH = datetime.date(1900, 1, 1)
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")


# --- Cleaning ------------------------------------------------------------------------------


def clean_text(value: str | None) -> str:
    """NFC, single spaces and the product's one tone placement ("Hoà" → "Hòa")."""
    return " ".join(normalize_tone_placement(nfc(value or "")).split())


def clean_lines(value: str | Sequence[str] | None) -> list[str]:
    raw = value.splitlines() if isinstance(value, str) else list(value or [])
    return [line for line in (clean_text(item) for item in raw) if line]


def field_error(field: str, label: str, problem: str) -> ApplicationError:
    return ApplicationError(
        _("Trường “%(field)s”: %(problem)s") % {"field": label, "problem": problem},
        extra={"field": field},
    )


def _required(value: str | None, field: str, label: str, limit: int) -> str:
    cleaned = clean_text(value)
    if not cleaned:
        raise ApplicationError(
            _("Trường “%(field)s” không được để trống.") % {"field": label},
            extra={"field": field},
        )
    return _limited(cleaned, field, label, limit)


def _limited(value: str, field: str, label: str, limit: int) -> str:
    if len(value) > limit:
        raise field_error(field, label, _("dài quá %(limit)s ký tự.") % {"limit": limit})
    return value


def _story(value: str | None) -> str:
    """Paragraphs kept (one per line), each cleaned."""
    text = "\n".join(clean_lines(value))
    return _limited(text, "story", _("Câu chuyện"), MAX_STORY)


def _facts(value: str | Sequence[str] | None) -> list[str]:
    label = _("Thông tin, số liệu nổi bật")
    facts = clean_lines(value)
    if len(facts) > MAX_FACTS:
        raise field_error(
            "facts", label, _("tối đa %(limit)s dòng, mỗi dòng một ý.") % {"limit": MAX_FACTS}
        )
    for line in facts:
        if len(line) > MAX_FACT_LENGTH:
            raise field_error(
                "facts",
                label,
                _("mỗi dòng tối đa %(limit)s ký tự (dòng “%(start)s…”).")
                % {"limit": MAX_FACT_LENGTH, "start": line[:40]},
            )
    return facts


def _choice(value: str, choices: Any, field: str, label: str) -> str:
    if value not in choices.values:
        raise field_error(field, label, _("giá trị “%(value)s” không hợp lệ.") % {"value": value})
    return value


def _year(value: int) -> int:
    this_year = local_today().year
    if not FIRST_YEAR <= value <= this_year:
        raise field_error(
            "year",
            _("Năm"),
            _("phải từ %(first)s đến %(last)s.") % {"first": FIRST_YEAR, "last": this_year},
        )
    return value


def _birth_date(value: datetime.date | None) -> datetime.date | None:
    if value is None:
        return None
    if value > local_today() or value < EARLIEST_BIRTH:
        raise field_error(
            "birth_date",
            _("Ngày sinh"),
            _("ngày %(day)s không hợp lệ (phải sau 01/01/1900 và không sau hôm nay).")
            % {"day": format_date(value)},
        )
    return value


def _phone(value: str | None) -> str:
    """Vietnamese numbers, stored as digits: "+84 905 123 456" → "0905123456"."""
    raw = clean_text(value)
    if not raw:
        return ""
    digits = _PHONE_SEPARATORS.sub("", raw)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    if not digits.isdigit() or not digits.startswith("0") or len(digits) not in (10, 11):
        raise field_error(
            "phone",
            _("Số điện thoại"),
            _("“%(value)s” không phải số điện thoại Việt Nam (10 hoặc 11 chữ số, bắt đầu bằng 0).")
            % {"value": raw},
        )
    return digits


def _id_number(value: str | None) -> str:
    raw = clean_text(value).replace(" ", "")
    if raw and (not raw.isdigit() or len(raw) != 12):
        raise field_error(
            "id_number",
            _("Số định danh cá nhân"),
            _("phải gồm đúng 12 chữ số (số căn cước, căn cước công dân)."),
        )
    return raw


def _unit(actor: Any, unit: OrgUnit | None) -> OrgUnit:
    if unit is None:
        raise ApplicationError(
            _("Trường “%(field)s” không được để trống.") % {"field": _("Đơn vị, địa phương")},
            extra={"field": "unit"},
        )
    if actor is not None and not actor.has_perm("exemplars.propose_exemplar", unit):
        raise field_error(
            "unit",
            _("Đơn vị, địa phương"),
            _("bạn không đề xuất điển hình cho “%(unit)s” được.") % {"unit": unit.name},
        )
    return unit


def _person(actor: Any, person: Person | None, kind: str) -> Person | None:
    if person is None:
        return None
    label = _("Cá nhân trong sổ khen thưởng")
    if kind != ExemplarKind.INDIVIDUAL:
        raise field_error("person", label, _("chỉ gắn được cho điển hình là cá nhân."))
    if actor is not None and not actor.has_perm("commendation.view_registry", person):
        raise field_error("person", label, _("bạn không xem được cá nhân này trong sổ."))
    return person


def _keys(exemplar: Exemplar) -> None:
    unit_name = exemplar.unit.name
    exemplar.search_key = search_key(
        f"{exemplar.name} {exemplar.public_name} {exemplar.headline} {unit_name}"
    )[:600]
    public_unit = unit_name if exemplar.consent_show_unit else ""
    exemplar.public_search_key = search_key(
        f"{exemplar.public_name} {exemplar.headline} {public_unit}"
    )[:600]


def _actor_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _locked(exemplar: Exemplar, expected_version: int | None) -> Exemplar:
    current = (
        Exemplar.objects.select_for_update(of=("self",)).select_related("unit").get(pk=exemplar.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(
            _(
                "Điển hình “%(name)s” đã được người khác thay đổi trong lúc bạn đang xem; hãy tải "
                "lại trang (thay đổi của bạn chưa được lưu)."
            )
            % {"name": current.public_name}
        )
    return current


def _save(
    actor: Any,
    exemplar: Exemplar,
    action: str,
    written: list[str],
    shown: list[str],
    before: dict[str, Any] | None,
    *,
    note: str = "",
    extra: dict[str, Any] | None = None,
) -> Exemplar:
    exemplar.version += 1
    exemplar.save(update_fields=[*written, "version", "updated_at"])
    audit_record(
        actor=actor,
        action=action,
        target=exemplar,
        unit=exemplar.unit,
        before=before,
        after={**snapshot(exemplar, shown), **(extra or {})},
        note=note,
    )
    return exemplar


def _status_is(exemplar: Exemplar, allowed: Iterable[str], doing: str) -> None:
    if exemplar.status not in allowed:
        raise ApplicationError(
            _("Không %(doing)s được: điển hình “%(name)s” đang ở trạng thái “%(status)s”.")
            % {
                "doing": doing,
                "name": exemplar.public_name,
                "status": ExemplarStatus(exemplar.status).label,
            },
            extra={"status": exemplar.status},
        )


def ensure_editable(exemplar: Exemplar) -> None:
    """The proposing side edits only a draft or a returned model."""
    _status_is(exemplar, EDITABLE_STATUSES, _("sửa"))


# --- Create and edit -----------------------------------------------------------------------


def _details(
    actor: Any,
    *,
    kind: str,
    category: str,
    sector: str,
    year: int,
    unit: OrgUnit | None,
    name: str,
    headline: str,
    source: str,
    public_name: str = "",
    story: str = "",
    facts: str | Sequence[str] = (),
    source_name: str = "",
    person: Person | None = None,
    birth_date: datetime.date | None = None,
    phone: str = "",
    id_number: str = "",
    address: str = "",
) -> dict[str, Any]:
    """Every writable field, cleaned and checked."""
    kind = _choice(kind, ExemplarKind, "kind", _("Loại"))
    clean_name = _required(name, "name", _("Họ và tên hoặc tên tập thể"), 200)
    source = _choice(source, ProposalSource, "source", _("Nguồn đề xuất"))
    clean_source_name = _limited(
        clean_text(source_name), "source_name", _("Tên cơ quan đề xuất"), 300
    )
    if source != ProposalSource.UNIT and not clean_source_name:
        raise ApplicationError(
            _("Trường “%(field)s” không được để trống khi điển hình do %(source)s đề xuất.")
            % {
                "field": _("Tên cơ quan đề xuất"),
                "source": str(ProposalSource(source).label).lower(),
            },
            extra={"field": "source_name"},
        )
    individual = kind == ExemplarKind.INDIVIDUAL
    if not individual and (birth_date is not None or clean_text(id_number)):
        raise field_error(
            "birth_date" if birth_date is not None else "id_number",
            _("Ngày sinh") if birth_date is not None else _("Số định danh cá nhân"),
            _("chỉ ghi cho điển hình là cá nhân."),
        )
    return {
        "kind": kind,
        "category": _choice(category, ExemplarCategory, "category", _("Nhóm")),
        "sector": _choice(sector, Sector, "sector", _("Lĩnh vực")),
        "year": _year(year),
        "unit": _unit(actor, unit),
        "name": clean_name,
        "public_name": _limited(
            clean_text(public_name) or clean_name, "public_name", _("Tên được công bố"), 200
        ),
        "headline": _required(headline, "headline", _("Tiêu đề"), 300),
        "story": _story(story),
        "facts": _facts(facts),
        "source": source,
        "source_name": clean_source_name,
        "person": _person(actor, person, kind),
        "birth_date": _birth_date(birth_date),
        "phone": _phone(phone),
        "id_number": _id_number(id_number),
        "address": _limited(clean_text(address), "address", _("Địa chỉ liên hệ"), 300),
    }


@transaction.atomic
def exemplar_create(*, actor: Any, is_demo: bool = False, **fields: Any) -> Exemplar:
    """A new model (a draft) of `unit`, written by its proposers or by the office."""
    ensure_can(actor, "exemplars.propose_exemplar", fields.get("unit"))
    values = _details(actor, **fields)
    exemplar = Exemplar(**values, is_demo=is_demo, created_by=_actor_or_none(actor))
    _keys(exemplar)
    exemplar.save()
    audit_record(
        actor=actor,
        action="exemplar.created",
        target=exemplar,
        unit=exemplar.unit,
        after={
            **snapshot(exemplar, EXEMPLAR_FIELDS),
            "personal_fields": [name for name in PERSONAL_FIELDS if values[name]],
        },
    )
    return exemplar


WRITABLE = [
    "kind",
    "category",
    "sector",
    "year",
    "unit",
    "name",
    "public_name",
    "headline",
    "story",
    "facts",
    "source",
    "source_name",
    "person",
    *PERSONAL_FIELDS,
]


@transaction.atomic
def exemplar_update(
    *, actor: Any, exemplar: Exemplar, expected_version: int | None = None, **fields: Any
) -> Exemplar:
    """Rewrite a draft or returned model. A change of what would be published means the
    person's consent has to be recorded again for the new text."""
    ensure_can(actor, "exemplars.change_exemplar", exemplar)
    current = _locked(exemplar, expected_version)
    ensure_editable(current)
    values = _details(actor, **fields)
    before = snapshot(current, EXEMPLAR_FIELDS)
    personal_before = {name: getattr(current, name) for name in PERSONAL_FIELDS}
    for name, value in values.items():
        setattr(current, name, value)
    _keys(current)
    changed_personal = [
        name for name in PERSONAL_FIELDS if personal_before[name] != getattr(current, name)
    ]
    return _save(
        actor,
        current,
        "exemplar.updated",
        [*WRITABLE, "search_key", "public_search_key"],
        EXEMPLAR_FIELDS,
        before,
        extra={"personal_fields_changed": changed_personal},
    )


# --- Workflow ------------------------------------------------------------------------------


@transaction.atomic
def exemplar_submit(
    *, actor: Any, exemplar: Exemplar, expected_version: int | None = None
) -> Exemplar:
    """Send the model to the emulation office; it needs its story."""
    ensure_can(actor, "exemplars.change_exemplar", exemplar)
    current = _locked(exemplar, expected_version)
    _status_is(current, EDITABLE_STATUSES, _("gửi"))
    if not current.story:
        raise ApplicationError(
            _("Trường “%(field)s” không được để trống khi gửi điển hình.")
            % {"field": _("Câu chuyện")},
            extra={"field": "story"},
        )
    before = snapshot(current, STATUS_FIELDS)
    current.status = ExemplarStatus.SUBMITTED
    current.submitted_at = timezone.now()
    current.return_reason = ""
    return _save(
        actor,
        current,
        "exemplar.submitted",
        ["status", "submitted_at", "return_reason"],
        STATUS_FIELDS,
        before,
    )


def _reason(value: str | None, field: str, label: str) -> str:
    text = "\n".join(clean_lines(value))
    if not text:
        raise ApplicationError(
            _("Trường “%(field)s” không được để trống.") % {"field": label},
            extra={"field": field},
        )
    return _limited(text, field, label, MAX_REASON)


@transaction.atomic
def exemplar_return(
    *, actor: Any, exemplar: Exemplar, reason: str, expected_version: int | None = None
) -> Exemplar:
    """The office returns the model to its proposers, saying why."""
    ensure_can(actor, "exemplars.review_exemplar", exemplar)
    current = _locked(exemplar, expected_version)
    _status_is(current, RETURNABLE_STATUSES, _("trả lại"))
    before = snapshot(current, STATUS_FIELDS)
    current.return_reason = _reason(reason, "reason", _("Lý do trả lại"))
    current.status = ExemplarStatus.RETURNED
    current.approved_at = None
    current.approved_by = None
    return _save(
        actor,
        current,
        "exemplar.returned",
        ["status", "return_reason", "approved_at", "approved_by"],
        STATUS_FIELDS,
        before,
        note=current.return_reason,
    )


@transaction.atomic
def exemplar_approve(
    *, actor: Any, exemplar: Exemplar, expected_version: int | None = None
) -> Exemplar:
    """The office recognises the model (it may be published once the person consents)."""
    ensure_can(actor, "exemplars.review_exemplar", exemplar)
    current = _locked(exemplar, expected_version)
    _status_is(current, [ExemplarStatus.SUBMITTED], _("duyệt"))
    before = snapshot(current, STATUS_FIELDS)
    current.status = ExemplarStatus.APPROVED
    current.approved_at = timezone.now()
    current.approved_by = _actor_or_none(actor)
    return _save(
        actor,
        current,
        "exemplar.approved",
        ["status", "approved_at", "approved_by"],
        STATUS_FIELDS,
        before,
    )


def publication_problem(exemplar: Exemplar) -> str:
    """Why the model cannot be published now ("" when it can)."""
    if exemplar.consent_status != ConsentStatus.GIVEN:
        return _(
            "Chưa có sự đồng ý công bố của người được nêu gương (hoặc người đại diện tập thể); "
            "hãy ghi nhận sự đồng ý trước khi công bố."
        )
    if exemplar.consent_digest != exemplar.public_digest:
        return _(
            "Tên, đơn vị hoặc câu chuyện đã thay đổi sau khi người được nêu gương đồng ý ngày "
            "%(day)s; hãy ghi nhận lại sự đồng ý với nội dung mới."
        ) % {"day": format_date(exemplar.consent_on) if exemplar.consent_on else "?"}
    return ""


@transaction.atomic
def exemplar_publish(
    *, actor: Any, exemplar: Exemplar, expected_version: int | None = None
) -> Exemplar:
    """Publish the model on the public page: approved, with the person's consent to this text."""
    ensure_can(actor, "exemplars.review_exemplar", exemplar)
    current = _locked(exemplar, expected_version)
    _status_is(current, PUBLISHABLE_STATUSES, _("công bố"))
    problem = publication_problem(current)
    if problem:
        raise ApplicationError(problem, extra={"field": "consent"})
    before = snapshot(current, STATUS_FIELDS)
    current.status = ExemplarStatus.PUBLISHED
    current.published_at = timezone.now()
    current.unpublished_at = None
    current.unpublish_reason = ""
    return _save(
        actor,
        current,
        "exemplar.published",
        ["status", "published_at", "unpublished_at", "unpublish_reason"],
        STATUS_FIELDS,
        before,
    )


def _take_down(current: Exemplar, reason: str) -> None:
    current.status = ExemplarStatus.UNPUBLISHED
    current.unpublished_at = timezone.now()
    current.unpublish_reason = reason


@transaction.atomic
def exemplar_unpublish(
    *, actor: Any, exemplar: Exemplar, reason: str, expected_version: int | None = None
) -> Exemplar:
    """Take the model off the public page, saying why."""
    ensure_can(actor, "exemplars.review_exemplar", exemplar)
    current = _locked(exemplar, expected_version)
    _status_is(current, [ExemplarStatus.PUBLISHED], _("gỡ công bố"))
    before = snapshot(current, STATUS_FIELDS)
    _take_down(current, _reason(reason, "reason", _("Lý do gỡ công bố")))
    return _save(
        actor,
        current,
        "exemplar.unpublished",
        ["status", "unpublished_at", "unpublish_reason"],
        STATUS_FIELDS,
        before,
        note=current.unpublish_reason,
    )


# --- Consent -------------------------------------------------------------------------------


def _consent_day(value: datetime.date, field: str, label: str) -> datetime.date:
    if value > local_today():
        raise field_error(field, label, _("ngày %(day)s chưa đến.") % {"day": format_date(value)})
    return value


@transaction.atomic
def exemplar_consent_record(
    *,
    actor: Any,
    exemplar: Exemplar,
    consent_on: datetime.date,
    show_unit: bool = True,
    note: str = "",
    expected_version: int | None = None,
    file_name: str = "",
    content: bytes | None = None,
) -> Exemplar:
    """The person (or the collective's head) agrees to publish the name, the unit (if
    `show_unit`) and the story as they stand now; the signed form (PDF, JPG, PNG) may be kept."""
    ensure_can(actor, "exemplars.record_consent", exemplar)
    current = _locked(exemplar, expected_version)
    before = snapshot(current, CONSENT_FIELDS)
    current.consent_on = _consent_day(consent_on, "consent_on", _("Ngày đồng ý"))
    current.consent_status = ConsentStatus.GIVEN
    current.consent_show_unit = bool(show_unit)
    current.consent_note = _limited(
        "\n".join(clean_lines(note)), "note", _("Ghi chú về sự đồng ý"), MAX_REASON
    )
    current.consent_withdrawn_on = None
    current.consent_digest = current.public_digest
    written = [
        "consent_status",
        "consent_on",
        "consent_show_unit",
        "consent_note",
        "consent_withdrawn_on",
        "consent_digest",
        "public_search_key",
    ]
    if content is not None:
        checked = check_document(file_name, content, default_name="phieu-dong-y")
        if current.consent_file:
            old = current.consent_file.name
            transaction.on_commit(lambda: current.consent_file.storage.delete(old))
        current.consent_file.save(
            f"{current.pk}{checked.extension}", ContentFile(content), save=False
        )
        current.consent_file_name = checked.name
        written += ["consent_file", "consent_file_name"]
    _keys(current)
    return _save(actor, current, "exemplar.consent_recorded", written, CONSENT_FIELDS, before)


def withdrawal_reason() -> str:
    return _("Người được nêu gương rút lại sự đồng ý công bố.")


@transaction.atomic
def exemplar_consent_withdraw(
    *,
    actor: Any,
    exemplar: Exemplar,
    withdrawn_on: datetime.date,
    note: str = "",
    expected_version: int | None = None,
) -> Exemplar:
    """The person withdraws consent: a published model leaves the public page at once."""
    ensure_can(actor, "exemplars.record_consent", exemplar)
    current = _locked(exemplar, expected_version)
    if current.consent_status != ConsentStatus.GIVEN:
        raise ApplicationError(
            _("Điển hình “%(name)s” chưa có sự đồng ý công bố nên không có gì để rút lại.")
            % {"name": current.public_name}
        )
    before = snapshot(current, CONSENT_FIELDS)
    day = _consent_day(withdrawn_on, "withdrawn_on", _("Ngày rút lại sự đồng ý"))
    if current.consent_on is not None and day < current.consent_on:
        raise field_error(
            "withdrawn_on",
            _("Ngày rút lại sự đồng ý"),
            _("ngày %(day)s trước ngày đồng ý %(given)s.")
            % {"day": format_date(day), "given": format_date(current.consent_on)},
        )
    current.consent_status = ConsentStatus.WITHDRAWN
    current.consent_withdrawn_on = day
    current.consent_digest = ""
    clean_note = "\n".join(clean_lines(note))
    if clean_note:
        current.consent_note = _limited(
            f"{current.consent_note}\n{clean_note}".strip(),
            "note",
            _("Ghi chú về sự đồng ý"),
            MAX_REASON * 2,
        )
    written = ["consent_status", "consent_withdrawn_on", "consent_digest", "consent_note"]
    was_published = current.status == ExemplarStatus.PUBLISHED
    if was_published:
        _take_down(current, withdrawal_reason())
        written += ["status", "unpublished_at", "unpublish_reason"]
    return _save(
        actor,
        current,
        "exemplar.consent_withdrawn",
        written,
        CONSENT_FIELDS,
        before,
        extra={"unpublished": was_published},
    )


# --- Links ---------------------------------------------------------------------------------


def _too_many(field: str, label: str, items: Sequence[Any]) -> None:
    if len(items) > MAX_LINKS:
        raise field_error(field, label, _("tối đa %(limit)s mục.") % {"limit": MAX_LINKS})


def _checked_awards(actor: Any, records: Sequence[AwardRecord]) -> list[AwardRecord]:
    label = _("Khen thưởng")
    _too_many("award_records", label, records)
    for record in records:
        if actor is not None and not actor.has_perm("commendation.view_registry", record):
            raise field_error(
                "award_records",
                label,
                _("bạn không xem được khen thưởng “%(award)s”.") % {"award": str(record)},
            )
        if record.revoked_at is not None:
            raise field_error(
                "award_records",
                label,
                _("“%(award)s” đã bị thu hồi, không gắn được.") % {"award": str(record)},
            )
    return list(dict.fromkeys(records))


def _checked_decisions(actor: Any, decisions: Sequence[Decision]) -> list[Decision]:
    label = _("Quyết định")
    _too_many("decisions", label, decisions)
    for decision in decisions:
        if decision.status == DecisionStatus.DRAFT:
            raise field_error(
                "decisions",
                label,
                _("“%(title)s” còn là dự thảo, chỉ gắn được quyết định đã ký.")
                % {"title": decision.title[:80]},
            )
        if actor is not None and not actor.has_perm("commendation.view_round", decision):
            raise field_error(
                "decisions",
                label,
                _("bạn không xem được quyết định “%(number)s”.") % {"number": decision.number},
            )
    return list(dict.fromkeys(decisions))


def _checked_movements(actor: Any, movements: Sequence[Movement]) -> list[Movement]:
    label = _("Phong trào thi đua")
    _too_many("movements", label, movements)
    for movement in movements:
        if actor is not None and not actor.has_perm("emulation.view_movement", movement):
            raise field_error(
                "movements",
                label,
                _("bạn không xem được phong trào “%(name)s”.") % {"name": movement.name},
            )
    return list(dict.fromkeys(movements))


@transaction.atomic
def exemplar_links_set(
    *,
    actor: Any,
    exemplar: Exemplar,
    award_records: Sequence[AwardRecord] = (),
    decisions: Sequence[Decision] = (),
    movements: Sequence[Movement] = (),
    person: Person | None = None,
    expected_version: int | None = None,
) -> Exemplar:
    """Link the model to the awards it received (and their decisions) and to the movements it
    stood out in; the proposing side while it edits, the office at any time."""
    current = _locked(exemplar, expected_version)
    if not actor_reviews(actor, current):
        ensure_can(actor, "exemplars.change_exemplar", current)
        ensure_editable(current)
    checked_person = _person(actor, person, current.kind)
    awards = _checked_awards(actor, award_records)
    if current.kind == ExemplarKind.INDIVIDUAL and awards:
        owner = checked_person.pk if checked_person is not None else None
        strangers = [record for record in awards if record.person_id != owner]
        if owner is None:
            raise field_error(
                "award_records",
                _("Khen thưởng"),
                _("hãy chọn cá nhân trong sổ khen thưởng trước khi gắn khen thưởng của họ."),
            )
        if strangers:
            raise field_error(
                "award_records",
                _("Khen thưởng"),
                _("“%(award)s” không phải khen thưởng của cá nhân đã chọn trong sổ.")
                % {"award": str(strangers[0])},
            )
    chosen_decisions = _checked_decisions(actor, decisions)
    chosen_movements = _checked_movements(actor, movements)
    before = {
        "person_id": current.person_id,
        "award_record_ids": sorted(record.pk for record in current.award_records.all()),
        "decision_ids": sorted(decision.pk for decision in current.decisions.all()),
        "movement_ids": sorted(movement.pk for movement in current.movements.all()),
    }
    current.person = checked_person
    current.award_records.set(awards)
    current.decisions.set(chosen_decisions)
    current.movements.set(chosen_movements)
    return _save(
        actor,
        current,
        "exemplar.links_set",
        ["person"],
        ["id", "version"],
        before,
        extra={
            "person_id": current.person_id,
            "award_record_ids": sorted(record.pk for record in awards),
            "decision_ids": sorted(decision.pk for decision in chosen_decisions),
            "movement_ids": sorted(movement.pk for movement in chosen_movements),
        },
    )


def actor_reviews(actor: Any, exemplar: Exemplar) -> bool:
    """The system itself (None) or the office covering the model."""
    return actor is None or bool(actor.has_perm("exemplars.review_exemplar", exemplar))
