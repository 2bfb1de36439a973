"""Nominations from Excel: the subjects a unit may propose in a round (the lists of its template)
and the import of a filled-in template through the ordinary service (`nomination_create`), all
or nothing. The workbook itself is written and read by `nomination_excel.py`."""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.commendation.catalogue import SubjectKind
from thidua.commendation.models import Household, Nomination, Person, Round, RoundStatus, Subject
from thidua.commendation.nomination_excel import (
    ACHIEVEMENT_COL,
    AWARD_COL,
    HEADERS,
    LIST_SHEET,
    MAX_CHOICES,
    SUBJECT_COL,
    Candidate,
    NominationUploadRow,
    parse_nomination_upload,
    problem,
)
from thidua.commendation.services import nomination_create
from thidua.core.excel import UploadError, UploadProblem
from thidua.core.exceptions import ApplicationError
from thidua.core.permissions import ensure_can
from thidua.core.text import format_number, local_today
from thidua.org.models import OrgUnit

__all__ = ["nomination_candidates_for", "nomination_import"]


def _check_proposer(actor: Any, round_: Round, unit: OrgUnit) -> None:
    """`actor` proposes for `unit`, the round is open and `unit` may propose in it."""
    ensure_can(actor, "commendation.propose", unit)
    if round_.status != RoundStatus.OPEN:
        raise ApplicationError(_("Đợt “%(round)s” đã khóa sổ.") % {"round": round_.name})
    if not unit.path.startswith(round_.issuer.path):
        raise ApplicationError(
            _("%(unit)s không thuộc %(issuer)s nên không đề nghị trong đợt này được.")
            % {"unit": unit.name, "issuer": round_.issuer.name}
        )


def _people(unit: OrgUnit) -> Any:
    return Person.objects.filter(unit__path__startswith=unit.path).select_related("unit")


def _collectives(unit: OrgUnit, day: datetime.date) -> Any:
    return OrgUnit.objects.valid_on(day).filter(path__startswith=unit.path)


def _households(unit: OrgUnit) -> Any:
    return Household.objects.filter(unit__path__startswith=unit.path).select_related("unit")


def nomination_candidates_for(
    *, actor: Any, round_: Round, unit: OrgUnit, today: datetime.date | None = None
) -> list[Candidate]:
    """Everyone `unit` may propose (the people, collectives valid today and households of its
    subtree), for the lists of its template; three queries whatever their number."""
    _check_proposer(actor, round_, unit)
    day = today or local_today()
    limit = MAX_CHOICES + 1
    candidates = [
        Candidate(
            kind=SubjectKind.INDIVIDUAL,
            pk=person.pk,
            name=person.full_name,
            birth_year=person.birth_year,
            unit_name=person.unit.name,
        )
        for person in _people(unit).order_by("search_key", "id")[:limit]
    ]
    candidates += [
        Candidate(kind=SubjectKind.COLLECTIVE, pk=collective.pk, name=collective.name)
        for collective in _collectives(unit, day).order_by("path")[:limit]
    ]
    candidates += [
        Candidate(
            kind=SubjectKind.HOUSEHOLD,
            pk=household.pk,
            name=str(household),
            unit_name=household.unit.name,
        )
        for household in _households(unit).order_by("search_key", "id")[:limit]
    ]
    if len(candidates) > MAX_CHOICES:
        raise ApplicationError(
            _(
                "%(unit)s có quá %(count)s cá nhân, tập thể, hộ gia đình để đưa vào một mẫu; "
                "hãy tải mẫu của từng đơn vị cấp dưới."
            )
            % {"unit": unit.name, "count": format_number(MAX_CHOICES)}
        )
    return candidates


def _listed_subjects(
    unit: OrgUnit, rows: list[NominationUploadRow], day: datetime.date
) -> dict[tuple[SubjectKind, int], Subject]:
    """The subjects named in `rows` that are in `unit`'s lists today, by (kind, id)."""
    wanted: dict[SubjectKind, set[int]] = {kind: set() for kind in SubjectKind}
    for row in rows:
        wanted[row.kind].add(row.subject_id)
    found: dict[tuple[SubjectKind, int], Subject] = {}
    querysets = (
        (SubjectKind.INDIVIDUAL, _people(unit)),
        (SubjectKind.COLLECTIVE, _collectives(unit, day)),
        (SubjectKind.HOUSEHOLD, _households(unit)),
    )
    for kind, queryset in querysets:
        if wanted[kind]:
            for subject in queryset.filter(pk__in=wanted[kind]):
                found[(kind, subject.pk)] = subject
    return found


def _column_of(error: ApplicationError) -> int:
    """The column a refusal of `nomination_create` is about (the subject unless it names a
    field)."""
    field = error.extra.get("field")
    if field == _("Danh hiệu, hình thức đề nghị"):
        return AWARD_COL
    if field == _("Tóm tắt thành tích"):
        return ACHIEVEMENT_COL
    return SUBJECT_COL


def _order(item: UploadProblem) -> tuple[int, int]:
    return (item.row or 0, HEADERS.index(item.column) if item.column in HEADERS else -1)


@transaction.atomic
def nomination_import(
    *,
    actor: Any,
    round_: Round,
    unit: OrgUnit,
    data: bytes,
    today: datetime.date | None = None,
) -> list[Nomination]:
    """Create a draft nomination of `unit` in `round_` for every line of a filled-in template,
    or none.

    Every line is checked, and every valid one goes through `nomination_create` (which may
    still refuse it: already nominated in the round, …) so that one upload reports every
    problem; if there is any, nothing is kept and `UploadError` lists them by row and column.
    """
    _check_proposer(actor, round_, unit)
    parsed = parse_nomination_upload(data, round_id=round_.pk, unit_id=unit.pk)
    problems = list(parsed.problems)
    subjects = _listed_subjects(unit, parsed.rows, today or local_today())
    created: list[Nomination] = []
    for row in parsed.rows:
        subject = subjects.get((row.kind, row.subject_id))
        if subject is None:
            problems.append(
                problem(
                    row.row,
                    SUBJECT_COL,
                    _(
                        "mã %(code)s không có trong danh sách cá nhân, tập thể, hộ gia đình của "
                        "%(unit)s (xem trang “%(sheet)s” của mẫu mới tải)."
                    )
                    % {"code": row.code, "unit": unit.name, "sheet": LIST_SHEET},
                )
            )
            continue
        try:
            # Each call is its own savepoint: a refused line leaves the others usable.
            created.append(
                nomination_create(
                    actor=actor,
                    round_=round_,
                    unit=unit,
                    subject=subject,
                    award=row.award,
                    achievement=row.achievement,
                )
            )
        except ApplicationError as error:
            problems.append(problem(row.row, _column_of(error), error.message))
    if problems:
        raise UploadError(sorted(problems, key=_order))  # leaving the transaction: rolled back
    return created
