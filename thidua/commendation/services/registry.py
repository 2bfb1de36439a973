"""Commendation services. The what-if check writes nothing (so it leaves no audit record): it
authorises the caller and runs the pure engine on the submitted history. The registry services
below it keep people, households and the history of every subject."""

import datetime
import re
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.commendation.catalogue import Settings, award_definitions
from thidua.commendation.enums import (
    AWARD_TYPE_CHOICES,
    DISCIPLINE_LEVEL_CHOICES,
    HOLD_KIND_CHOICES,
    INITIATIVE_SCOPE_CHOICES,
    RATING_CHOICES,
    Gender,
    PersonCategory,
)
from thidua.commendation.models import (
    AwardRecord,
    DecisionRegister,
    DisciplineRecord,
    Hold,
    Household,
    InitiativeRecord,
    PerformanceRating,
    Person,
    subject_field,
    subject_kind,
    subject_unit,
)
from thidua.commendation.models import Subject as RegistrySubject
from thidua.commendation.validation import (
    valid_choice,
    valid_period,
    valid_year,
)
from thidua.commendation.whatif import evaluate_json
from thidua.core.exceptions import ApplicationError
from thidua.core.permissions import ensure_can
from thidua.core.services import audit_record, snapshot
from thidua.core.text import format_date, search_key
from thidua.core.validation import clean_text, required_text
from thidua.org.models import OrgUnit


def eligibility_whatif(
    *, actor: Any, data: object, settings: Settings | None = None
) -> dict[str, Any]:
    """Is this subject eligible for this award as of this date? (`actor=None`: the CLI.)"""
    ensure_can(actor, "commendation.check_eligibility")
    return evaluate_json(data, settings)


# --- Registry: people, households and the history of every subject -------------------------
#
# Each service authorises (`commendation.manage_registry` on the subject's unit), validates with
# Vietnamese messages naming the field, writes and records one audit event, in one transaction.

PERSON_FIELDS = ["id", "full_name", "gender", "birth_year", "position", "unit_id", "category"]
HOUSEHOLD_FIELDS = ["id", "head_name", "address", "unit_id"]
SUBJECT_IDS = ["person_id", "collective_id", "household_id"]
AWARD_FIELDS = [
    *SUBJECT_IDS,
    "id",
    "year",
    "award",
    "award_type",
    "decision_number",
    "decision_date",
    "issuer",
    "revoked_at",
    "revocation_reason",
    "category",
]


def _subject_kwargs(subject: RegistrySubject) -> dict[str, Any]:
    return {subject_field(subject): subject}


@transaction.atomic
def person_create(
    *,
    actor: Any,
    full_name: str,
    gender: str,
    unit: OrgUnit,
    category: str,
    birth_year: int | None = None,
    position: str = "",
    is_demo: bool = False,
) -> Person:
    """Register an individual in the unit where they work."""
    ensure_can(actor, "commendation.manage_registry", unit)
    name = required_text(full_name, _("Họ và tên"))
    valid_choice(gender, Gender.choices, _("Giới tính"))
    valid_choice(category, PersonCategory.choices, _("Đối tượng thống kê"))
    if birth_year is not None:
        valid_year(birth_year, _("Năm sinh"))
    person = Person(
        full_name=name,
        gender=gender,
        birth_year=birth_year,
        position=clean_text(position),
        unit=unit,
        category=category,
        is_demo=is_demo,
        search_key=search_key(name)[:255],
    )
    person.save()
    audit_record(
        actor=actor,
        action="person.created",
        target=person,
        unit=unit,
        after=snapshot(person, PERSON_FIELDS),
    )
    return person


@transaction.atomic
def household_create(
    *, actor: Any, head_name: str, unit: OrgUnit, address: str = "", is_demo: bool = False
) -> Household:
    """Register a household of a commune."""
    ensure_can(actor, "commendation.manage_registry", unit)
    name = required_text(head_name, _("Chủ hộ"))
    household = Household(
        head_name=name,
        address=clean_text(address),
        unit=unit,
        is_demo=is_demo,
        search_key=search_key(f"{name} {address}")[:255],
    )
    household.save()
    audit_record(
        actor=actor,
        action="household.created",
        target=household,
        unit=unit,
        after=snapshot(household, HOUSEHOLD_FIELDS),
    )
    return household


@transaction.atomic
def rating_set(
    *, actor: Any, subject: RegistrySubject, year: int, rating: str
) -> PerformanceRating:
    """Set the subject's rating for `year`, replacing the one already recorded."""
    ensure_can(actor, "commendation.manage_registry", subject)
    valid_year(year, _("Năm"))
    valid_choice(rating, RATING_CHOICES, _("Xếp loại"))
    existing = (
        PerformanceRating.objects.select_for_update()
        .filter(**_subject_kwargs(subject), year=year)
        .first()
    )
    before = snapshot(existing, [*SUBJECT_IDS, "year", "rating"]) if existing else None
    record = existing or PerformanceRating(**_subject_kwargs(subject), year=year)
    record.rating = rating
    record.save()
    audit_record(
        actor=actor,
        action="rating.replaced" if existing else "rating.set",
        target=record,
        unit=subject_unit(subject),
        before=before,
        after=snapshot(record, ["id", *SUBJECT_IDS, "year", "rating"]),
    )
    return record


@transaction.atomic
def award_record_create(
    *,
    actor: Any,
    subject: RegistrySubject,
    year: int,
    award: str,
    award_type: str,
    decision_number: str,
    decision_date: datetime.date,
    issuer: str,
    settings: Settings | None = None,
) -> AwardRecord:
    """Record an award the subject received, as written on its decision."""
    ensure_can(actor, "commendation.manage_registry", subject)
    valid_year(year, _("Năm thành tích"))
    definitions = award_definitions(settings)
    code = clean_text(award).upper()
    if code not in definitions:
        raise ApplicationError(
            _("Trường “%(field)s”: mã “%(value)s” không có trong danh mục khen thưởng.")
            % {"field": _("Danh hiệu, hình thức"), "value": award},
            extra={"field": _("Danh hiệu, hình thức")},
        )
    kind = subject_kind(subject)
    if kind not in definitions[code].subject_kinds:
        raise ApplicationError(
            _("Trường “%(field)s”: “%(award)s” không dành cho %(kind)s.")
            % {
                "field": _("Danh hiệu, hình thức"),
                "award": definitions[code].name,
                "kind": kind.label.lower(),
            },
            extra={"field": _("Danh hiệu, hình thức")},
        )
    valid_choice(award_type, AWARD_TYPE_CHOICES, _("Loại hình"))
    number = required_text(decision_number, _("Số quyết định"))
    signer = required_text(issuer, _("Cơ quan, người ký quyết định"))
    if decision_date.year < year:
        raise ApplicationError(
            _("Trường “%(field)s”: ngày quyết định %(day)s trước năm thành tích %(year)s.")
            % {"field": _("Ngày quyết định"), "day": format_date(decision_date), "year": year},
            extra={"field": _("Ngày quyết định")},
        )
    duplicate = AwardRecord.objects.filter(
        **_subject_kwargs(subject), year=year, award=code, revoked_at__isnull=True
    ).exists()
    if duplicate:
        raise ApplicationError(
            _("“%(subject)s” đã có %(award)s năm %(year)s.")
            % {"subject": str(subject), "award": definitions[code].name, "year": year}
        )
    record = AwardRecord.objects.create(
        **_subject_kwargs(subject),
        year=year,
        award=code,
        award_type=award_type,
        decision_number=number,
        decision_date=decision_date,
        issuer=signer,
        category=subject.category if isinstance(subject, Person) else "",
    )
    audit_record(
        actor=actor,
        action="award_record.created",
        target=record,
        unit=subject_unit(subject),
        after=snapshot(record, AWARD_FIELDS),
    )
    return record


@transaction.atomic
def award_record_revoke(*, actor: Any, record: AwardRecord, reason: str) -> AwardRecord:
    """Revoke an award (Law Art. 93): the row stays, marked revoked with the reason."""
    ensure_can(actor, "commendation.manage_registry", record)
    text = required_text(reason, _("Lý do thu hồi"))
    record = AwardRecord.objects.select_for_update().get(pk=record.pk)
    if record.revoked_at is not None:
        raise ApplicationError(
            _("Khen thưởng này đã bị thu hồi ngày %(day)s.")
            % {"day": format_date(timezone.localdate(record.revoked_at))}
        )
    before = snapshot(record, AWARD_FIELDS)
    record.revoked_at = timezone.now()
    record.revocation_reason = text
    record.save(update_fields=["revoked_at", "revocation_reason"])
    audit_record(
        actor=actor,
        action="award_record.revoked",
        target=record,
        unit=subject_unit(record.subject),
        before=before,
        after=snapshot(record, AWARD_FIELDS),
        note=text,
    )
    return record


@transaction.atomic
def discipline_record_create(
    *,
    actor: Any,
    person: Person,
    level: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    note: str = "",
) -> DisciplineRecord:
    ensure_can(actor, "commendation.manage_registry", person)
    valid_choice(level, DISCIPLINE_LEVEL_CHOICES, _("Hình thức kỷ luật"))
    valid_period(starts_on, ends_on, _("Đến ngày"))
    record = DisciplineRecord.objects.create(
        person=person, level=level, starts_on=starts_on, ends_on=ends_on, note=clean_text(note)
    )
    audit_record(
        actor=actor,
        action="discipline_record.created",
        target=record,
        unit=person.unit,
        after=snapshot(record, ["id", "person_id", "level", "starts_on", "ends_on"]),
    )
    return record


@transaction.atomic
def hold_create(
    *,
    actor: Any,
    subject: RegistrySubject,
    kind: str,
    since: datetime.date,
    until: datetime.date | None = None,
    note: str = "",
) -> Hold:
    """Record a pending matter (investigation, complaint, inspection…) that holds awards."""
    ensure_can(actor, "commendation.manage_registry", subject)
    valid_choice(kind, HOLD_KIND_CHOICES, _("Loại tạm hoãn"))
    valid_period(since, until, _("Đến ngày"))
    hold = Hold.objects.create(
        **_subject_kwargs(subject), kind=kind, since=since, until=until, note=clean_text(note)
    )
    audit_record(
        actor=actor,
        action="hold.created",
        target=hold,
        unit=subject_unit(subject),
        after=snapshot(hold, ["id", *SUBJECT_IDS, "kind", "since", "until"]),
    )
    return hold


@transaction.atomic
def hold_close(*, actor: Any, hold: Hold, until: datetime.date) -> Hold:
    """The matter is settled: the hold ends on `until` (exclusive)."""
    ensure_can(actor, "commendation.manage_registry", hold)
    valid_period(hold.since, until, _("Đến ngày"))
    before = snapshot(hold, ["id", "kind", "since", "until"])
    hold.until = until
    hold.save(update_fields=["until"])
    audit_record(
        actor=actor,
        action="hold.closed",
        target=hold,
        unit=subject_unit(hold.subject),
        before=before,
        after=snapshot(hold, ["id", "kind", "since", "until"]),
    )
    return hold


@transaction.atomic
def initiative_create(
    *,
    actor: Any,
    person: Person,
    title: str,
    year: int,
    scope: str,
    recognised_by: str = "",
    decision_number: str = "",
) -> InitiativeRecord:
    ensure_can(actor, "commendation.manage_registry", person)
    name = required_text(title, _("Tên sáng kiến, đề tài"))
    valid_year(year, _("Năm công nhận"))
    valid_choice(scope, INITIATIVE_SCOPE_CHOICES, _("Phạm vi ảnh hưởng"))
    initiative = InitiativeRecord.objects.create(
        person=person,
        title=name,
        year=year,
        scope=scope,
        recognised_by=clean_text(recognised_by),
        decision_number=clean_text(decision_number),
    )
    audit_record(
        actor=actor,
        action="initiative.created",
        target=initiative,
        unit=person.unit,
        after=snapshot(initiative, ["id", "person_id", "title", "year", "scope"]),
    )
    return initiative


@transaction.atomic
def initiative_mark_used(
    *, actor: Any, initiative: InitiativeRecord, award_record: AwardRecord
) -> InitiativeRecord:
    """The initiative served as a criterion for `award_record`; an initiative serves once."""
    ensure_can(actor, "commendation.manage_registry", initiative)
    initiative = (
        # Lock only the initiative row: PostgreSQL cannot lock the nullable side of the join.
        InitiativeRecord.objects.select_for_update(of=("self",))
        .select_related("used_for_award", "person__unit")
        .get(pk=initiative.pk)
    )
    used = initiative.used_for_award
    if used is not None:
        raise ApplicationError(
            _("Sáng kiến “%(title)s” đã được dùng cho %(award)s năm %(year)s (QĐ %(number)s).")
            % {
                "title": initiative.title,
                "award": used.award,
                "year": used.year,
                "number": used.decision_number,
            }
        )
    if award_record.person_id != initiative.person_id:
        raise ApplicationError(_("Sáng kiến chỉ dùng được cho khen thưởng của chính tác giả."))
    if award_record.revoked_at is not None:
        raise ApplicationError(_("Khen thưởng đã bị thu hồi, không dùng sáng kiến cho nó được."))
    initiative.used_for_award = award_record
    initiative.save(update_fields=["used_for_award"])
    audit_record(
        actor=actor,
        action="initiative.used",
        target=initiative,
        unit=initiative.person.unit,
        before={"used_for_award_id": None},
        after={"used_for_award_id": award_record.pk},
    )
    return initiative


# --- Decision numbers ----------------------------------------------------------------------

SYMBOL_RE = re.compile(r"[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ][A-ZĐ0-9]*)+")


@transaction.atomic
def decision_number_take(*, actor: Any, issuer: OrgUnit, year: int, symbol: str) -> str:
    """The next number of `issuer`'s register for `symbol` in `year` ("15/QĐ-UBND").

    The register row is created once (a concurrent creator loses the unique constraint inside
    a savepoint and reads the winner's row), then incremented by one UPDATE that locks the row
    until the caller's transaction ends: two decisions never get the same number.
    """
    ensure_can(actor, "commendation.issue_decision", issuer)
    valid_year(year, _("Năm"))
    clean = clean_text(symbol).upper()
    if not SYMBOL_RE.fullmatch(clean):
        raise ApplicationError(
            _("Trường “%(field)s”: “%(value)s” không phải ký hiệu văn bản (ví dụ QĐ-UBND).")
            % {"field": _("Ký hiệu"), "value": symbol},
            extra={"field": _("Ký hiệu")},
        )
    key = {"issuer": issuer, "year": year, "symbol": clean}
    if not DecisionRegister.objects.filter(**key).exists():
        try:
            with transaction.atomic():
                DecisionRegister.objects.create(**key)
        except IntegrityError:
            pass  # created meanwhile by a concurrent call: use that row
    DecisionRegister.objects.filter(**key).update(last_number=F("last_number") + 1)
    number = DecisionRegister.objects.values_list("last_number", flat=True).get(**key)
    text = f"{number:02d}/{clean}"
    audit_record(
        actor=actor,
        action="decision_number.taken",
        object_type="commendation.decisionregister",
        object_id=f"{issuer.pk}/{year}/{clean}",
        object_repr=text,
        unit=issuer,
        after={"number": number, "symbol": clean, "year": year},
    )
    return text


@transaction.atomic
def decision_register_continue(
    *, actor: Any, issuer: OrgUnit, year: int, symbol: str, last_number: int
) -> DecisionRegister:
    """Continue a register kept elsewhere until now (paper, another system): the next number
    taken here follows `last_number`. A register never goes back (numbers already given stay
    unique)."""
    ensure_can(actor, "commendation.issue_decision", issuer)
    valid_year(year, _("Năm"))
    clean = clean_text(symbol).upper()
    if not SYMBOL_RE.fullmatch(clean):
        raise ApplicationError(
            _("Trường “%(field)s”: “%(value)s” không phải ký hiệu văn bản (ví dụ QĐ-UBND).")
            % {"field": _("Ký hiệu"), "value": symbol},
            extra={"field": _("Ký hiệu")},
        )
    if isinstance(last_number, bool) or not isinstance(last_number, int) or last_number < 0:
        raise ApplicationError(
            _("Trường “%(field)s”: phải là số nguyên không âm.") % {"field": _("Số đã cấp")},
            extra={"field": _("Số đã cấp")},
        )
    register, _created = DecisionRegister.objects.select_for_update().get_or_create(
        issuer=issuer, year=year, symbol=clean
    )
    if last_number < register.last_number:
        raise ApplicationError(
            _("Sổ %(symbol)s năm %(year)s đã cấp đến số %(number)s; không lùi lại được.")
            % {"symbol": clean, "year": year, "number": register.last_number}
        )
    before = {"last_number": register.last_number}
    register.last_number = last_number
    register.save(update_fields=["last_number"])
    audit_record(
        actor=actor,
        action="decision_register.continued",
        target=register,
        unit=issuer,
        before=before,
        after={"last_number": last_number, "symbol": clean, "year": year},
    )
    return register
