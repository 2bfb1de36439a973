"""Excel round trip for the award history of a unit's people: the template's pre-filled rows, the
export rows, and the import of a filled-in template through the ordinary registry services
(`person_create`, `award_record_create`), all or nothing."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.commendation.catalogue import AwardType, Settings, award_definitions
from thidua.commendation.enums import Gender, PersonCategory
from thidua.commendation.history_excel import (
    HistoryExportRow,
    HistoryRow,
    HistoryUploadRow,
    parse_history_upload,
)
from thidua.commendation.models import AwardRecord, Person
from thidua.commendation.services import award_record_create, person_create
from thidua.core.exceptions import ApplicationError
from thidua.core.permissions import ensure_can
from thidua.core.text import TIME_ZONE, format_date
from thidua.org.models import OrgUnit


@dataclass(frozen=True)
class HistoryImportResult:
    people_created: int
    awards_created: int
    skipped_existing: int  # awards already in the registry (same person, year and code)


def _person_awards(unit: OrgUnit) -> Any:
    return (
        AwardRecord.objects.filter(person__unit__path__startswith=unit.path)
        .select_related("person__unit")
        .order_by("person__search_key", "person_id", "year", "decision_date", "id")
    )


def history_template_rows_for(*, actor: Any, unit: OrgUnit) -> list[HistoryRow]:
    """The awards (not revoked) of the people of `unit`'s subtree, to pre-fill its template."""
    ensure_can(actor, "commendation.manage_registry", unit)
    return [
        HistoryRow(
            full_name=record.person.full_name,
            birth_year=record.person.birth_year,
            gender=record.person.gender,
            position=record.person.position,
            category=record.person.category,
            year=record.year,
            award=record.award,
            award_type=record.award_type,
            decision_number=record.decision_number,
            decision_date=record.decision_date,
            issuer=record.issuer,
        )
        for record in _person_awards(unit).filter(revoked_at__isnull=True)
        if record.person is not None
    ]


def _label(choices: list[tuple[str, Any]], code: str) -> str:
    return next((str(label) for value, label in choices if value == code), code)


def history_export_rows_for(
    *, user: Any, unit: OrgUnit, settings: Settings | None = None
) -> list[HistoryExportRow]:
    """Every award of the people of `unit`'s subtree, revoked ones marked."""
    ensure_can(user, "commendation.view_registry", unit)
    definitions = award_definitions(settings)
    rows: list[HistoryExportRow] = []
    for record in _person_awards(unit):
        person = record.person
        if person is None:
            continue
        definition = definitions.get(record.award)
        try:
            type_label = AwardType(record.award_type).label
        except ValueError:
            type_label = record.award_type
        revocation = ""
        if record.revoked_at is not None:
            day = format_date(record.revoked_at.astimezone(TIME_ZONE).date())
            revocation = f"{day}: {record.revocation_reason}"
        rows.append(
            HistoryExportRow(
                unit_name=person.unit.name,
                full_name=person.full_name,
                birth_year=person.birth_year,
                gender_label=_label(Gender.choices, person.gender),
                position=person.position,
                category_label=_label(PersonCategory.choices, person.category),
                year=record.year,
                award=record.award,
                award_name=definition.name if definition else record.award,
                award_type_label=type_label,
                decision_number=record.decision_number,
                decision_date=record.decision_date,
                issuer=record.issuer,
                revocation=revocation,
            )
        )
    return rows


def _match_people(
    unit: OrgUnit, rows: list[HistoryUploadRow]
) -> dict[tuple[str, int | None], list[Person]]:
    """People of `unit`'s subtree by (search key, birth year), for the names in `rows`."""
    names = {row.person_key[0] for row in rows}
    found: dict[tuple[str, int | None], list[Person]] = {}
    people = Person.objects.filter(
        unit__path__startswith=unit.path, search_key__in=names
    ).select_related("unit")
    for person in people.order_by("id"):
        found.setdefault((person.search_key, person.birth_year), []).append(person)
    return found


@transaction.atomic
def award_history_import(
    *,
    actor: Any,
    unit: OrgUnit,
    data: bytes,
    settings: Settings | None = None,
    today: datetime.date | None = None,
) -> HistoryImportResult:
    """Record every award of a filled-in history template of `unit`, or nothing.

    A person is the one of `unit`'s subtree with the same name (diacritics-, case- and
    spacing-insensitive) and birth year, or is created under `unit` from the first row naming
    them. An award already in the registry (same person, year and code, revoked or not) is
    counted as skipped. The first row a registry service refuses aborts the whole import, its
    message prefixed with the Excel row number.
    """
    ensure_can(actor, "commendation.manage_registry", unit)
    parsed = parse_history_upload(data, unit_id=unit.pk, settings=settings, today=today)
    matches = _match_people(unit, parsed.rows)
    people: dict[tuple[str, int | None], Person] = {}
    existing: set[tuple[int, int, str]] = set()
    matched_ids = [group[0].pk for group in matches.values() if len(group) == 1]
    if matched_ids:
        existing = set(
            AwardRecord.objects.filter(person_id__in=matched_ids).values_list(
                "person_id", "year", "award"
            )
        )
    people_created = awards_created = skipped = 0
    for row in parsed.rows:
        try:
            person = people.get(row.person_key)
            if person is None:
                group = matches.get(row.person_key, [])
                if len(group) > 1:
                    raise ApplicationError(
                        _(
                            "có %(count)s người tên “%(name)s” sinh năm %(year)s trong đơn vị; "
                            "không xác định được người nào, hãy nhập khen thưởng này trên "
                            "trang của người đó."
                        )
                        % {"count": len(group), "name": row.full_name, "year": row.birth_year}
                    )
                if group:
                    person = group[0]
                else:
                    person = person_create(
                        actor=actor,
                        full_name=row.full_name,
                        gender=row.gender,
                        unit=unit,
                        category=row.category,
                        birth_year=row.birth_year,
                        position=row.position,
                    )
                    people_created += 1
                people[row.person_key] = person
            key = (person.pk, row.year, row.award)
            if key in existing:
                skipped += 1
                continue
            award_record_create(
                actor=actor,
                subject=person,
                year=row.year,
                award=row.award,
                award_type=row.award_type,
                decision_number=row.decision_number,
                decision_date=row.decision_date,
                issuer=row.issuer,
                settings=settings,
            )
            existing.add(key)
            awards_created += 1
        except ApplicationError as error:
            raise ApplicationError(
                _("Dòng %(row)s: %(message)s") % {"row": row.row, "message": error.message},
                extra={"row": row.row},
            ) from error
    return HistoryImportResult(
        people_created=people_created, awards_created=awards_created, skipped_existing=skipped
    )
