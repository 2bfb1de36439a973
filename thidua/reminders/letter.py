"""The công văn đôn đốc: the letter urging the units late on a day to complete what they owe.

Issued by the province's Sở Nội vụ (found in the unit tree: the province's unit whose name
starts with "Sở Nội vụ", REMINDERS_LETTER_ISSUER_PREFIXES), or by the province itself when it has
none. It lists exactly the late units (`deadlines.late_units`) with what each is late for, the
deadline and the days past it, and asks for completion within a few working days
(REMINDERS_RESPONSE_WORKING_DAYS, counted on the holiday calendar).

`overdue_letter` builds the letter as data, shared by the DOCX (`overdue_letter_docx`, Decree
30/2020 layout through `documents.layout`: a công văn has no type name, its trích yếu "V/v …"
sits under the number, RULES.md §6 ô 5b) and the print-friendly page.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from thidua.core.models import Holiday
from thidua.core.text import format_date, format_date_long, local_today
from thidua.core.workdays import add_working_days
from thidua.documents.layout import (
    BLANK_NUMBER,
    HEADER_SIZE,
    IssuingBody,
    Row,
    add_data_table,
    add_header,
    add_paragraph,
    add_run,
    add_signature_row,
    add_text,
    committee_of,
    docx_bytes,
    fill_recipients,
    fill_signature,
    is_peoples_committee,
    issuing_body,
    lower_first,
    new_document,
    own_name,
    place_and_date,
    two_digits,
    unit_place,
)
from thidua.org.models import OrgUnit
from thidua.reminders.deadlines import (
    DeadlineItem,
    LateUnit,
    deadline_items,
    late_units,
    lookback_days,
    overdue_items,
)

__all__ = [
    "OverdueLetter",
    "letter_issuer",
    "letter_items",
    "overdue_letter",
    "overdue_letter_docx",
]

ISSUER_PREFIXES: Final = ("Sở Nội vụ",)
RESPONSE_WORKING_DAYS: Final = 5
# Up to this many late units are named one per line after "Kính gửi:"; more are sent to
# "the units listed below".
NAMED_ADDRESSEES: Final = 5
SUBJECT: Final = "V/v đôn đốc thực hiện các nội dung thi đua, khen thưởng quá hạn"
DRAFTING_UNIT: Final = "TĐKT"
TABLE_HEADERS: Final = ("STT", "Nội dung chưa thực hiện", "Hạn", "Số ngày quá hạn")
TABLE_WIDTHS_MM: Final = (14.0, 101.0, 25.0, 25.0)
ADDRESSEE_INDENT_MM: Final = 25.0
ADDRESSEE_HANGING_MM: Final = 21.0


def letter_issuer(province: OrgUnit, day: datetime.date) -> OrgUnit:
    """The province's Sở Nội vụ valid on `day`, else the province itself."""
    prefixes = getattr(settings, "REMINDERS_LETTER_ISSUER_PREFIXES", ISSUER_PREFIXES)
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= Q(name__startswith=prefix)
    found = (
        OrgUnit.objects.valid_on(day)
        .filter(parent=province)
        .filter(condition)
        .select_related("parent")
        .order_by("path")
        .first()
    )
    return found or province


def letter_items(*, province: OrgUnit, today: datetime.date) -> list[DeadlineItem]:
    """The deadlines of the province's units overdue on `today` (within the lookback period)."""
    since = today - datetime.timedelta(days=lookback_days())
    items = deadline_items(today=today, start=since, end=today)
    return [item for item in overdue_items(items) if item.unit.path.startswith(province.path)]


@dataclass(frozen=True)
class OverdueLetter:
    day: datetime.date
    province: OrgUnit
    issuer: OrgUnit
    body: IssuingBody
    number_line: str
    place_and_date: str
    subject: str
    addressees: tuple[str, ...]
    opening: str
    late: tuple[LateUnit, ...]
    rows: tuple[Row, ...]
    closing: tuple[str, ...]
    signature_titles: tuple[str, ...]
    recipients: tuple[str, ...]
    respond_by: datetime.date

    @property
    def item_count(self) -> int:
        return sum(len(unit.items) for unit in self.late)

    @property
    def kinh_gui(self) -> str:
        """ "Kính gửi: A." for one addressee; the list lines otherwise (see `addressee_lines`)."""
        return f"Kính gửi: {self.addressees[0]}." if len(self.addressees) == 1 else "Kính gửi:"

    @property
    def addressee_lines(self) -> list[str]:
        """ "- A;" … "- B." (RULES.md §6 ô 9a), or nothing when there is one addressee."""
        if len(self.addressees) == 1:
            return []
        last = len(self.addressees) - 1
        return [
            f"- {name}{'.' if index == last else ';'}" for index, name in enumerate(self.addressees)
        ]


def _respond_by(today: datetime.date) -> datetime.date:
    days = int(getattr(settings, "REMINDERS_RESPONSE_WORKING_DAYS", RESPONSE_WORKING_DAYS))
    holidays = set(
        Holiday.objects.filter(
            day__gt=today, day__lte=today + datetime.timedelta(days=days * 3 + 30)
        ).values_list("day", flat=True)
    )
    return add_working_days(today, days, holidays)


def _rows(late: Sequence[LateUnit]) -> list[Row]:
    rows: list[Row] = []
    for index, unit in enumerate(late, start=1):
        rows.append(f"{index}. {unit.unit.name} ({two_digits(len(unit.items))} nội dung)")
        rows.extend(
            [f"{index}.{number}", item.title, format_date(item.due), str(item.days_late)]
            for number, item in enumerate(unit.items, start=1)
        )
    return rows


def overdue_letter(
    *, province: OrgUnit, today: datetime.date, items: Sequence[DeadlineItem]
) -> OverdueLetter:
    """The letter of `today` to the units late among `items` (the overdue deadlines of the
    province's units), in Vietnamese whatever the reader's language."""
    with translation.override("vi"):
        late = late_units(items)
        issuer = letter_issuer(province, today)
        body = issuing_body(issuer)
        issuer_name = committee_of(issuer) if is_peoples_committee(issuer) else own_name(issuer)
        committee = committee_of(province)
        respond_by = _respond_by(today)
        names = [unit.unit.name for unit in late]
        if not names:
            addressees: tuple[str, ...] = ("Các cơ quan, đơn vị thuộc " + lower_first(committee),)
        elif len(names) <= NAMED_ADDRESSEES:
            addressees = tuple(names)
        else:
            addressees = ("Các cơ quan, đơn vị có tên tại danh sách dưới đây",)
        count = sum(len(unit.items) for unit in late)
        if late:
            opening = (
                "Thực hiện nhiệm vụ tham mưu công tác thi đua, khen thưởng, "
                f"{issuer_name} theo dõi tiến độ thực hiện của các cơ quan, đơn vị trên Hệ thống "
                "Thi đua – Khen thưởng. "
                f"Tính đến {format_date_long(today)}, còn {two_digits(len(late))} cơ quan, đơn vị "
                f"chưa thực hiện {two_digits(count)} nội dung đã quá thời hạn quy định, cụ thể "
                "như sau:"
            )
        else:
            opening = (
                f"Tính đến {format_date_long(today)}, các cơ quan, đơn vị đã thực hiện đầy đủ các "
                "nội dung đến hạn về công tác thi đua, khen thưởng; không có nội dung nào quá hạn."
            )
        closing = (
            f"Để bảo đảm tiến độ tổng hợp, báo cáo {committee}, {issuer_name} đề nghị Thủ trưởng "
            "các cơ quan, đơn vị có tên nêu trên khẩn trương chỉ đạo hoàn thành, gửi các nội dung "
            f"còn thiếu trên Hệ thống trước {format_date_long(respond_by)}. Trường hợp có khó "
            "khăn, vướng mắc, đề nghị phản ánh qua chức năng “Vướng mắc, kiến nghị” của Hệ thống "
            "để được hướng dẫn, giải quyết.",
            f"{issuer_name} đề nghị các cơ quan, đơn vị quan tâm, phối hợp thực hiện./.",
        )
        if is_peoples_committee(issuer):
            titles: tuple[str, ...] = ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
            recipients: tuple[str, ...] = (
                "Như trên",
                "Chủ tịch, các Phó Chủ tịch UBND tỉnh",
                f"Lưu: VT, {DRAFTING_UNIT}",
            )
        else:
            titles = ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
            recipients = (
                "Như trên",
                f"{committee} (b/c)",
                f"Hội đồng Thi đua - Khen thưởng {lower_first(province.name)} (b/c)",
                f"Lưu: VT, {DRAFTING_UNIT}",
            )
        return OverdueLetter(
            day=today,
            province=province,
            issuer=issuer,
            body=body,
            number_line=f"Số:{BLANK_NUMBER}/{body.code}-{DRAFTING_UNIT}",
            place_and_date=place_and_date(unit_place(issuer), today, today.year),
            subject=SUBJECT,
            addressees=addressees,
            opening=opening,
            late=tuple(late),
            rows=tuple(_rows(late)),
            closing=closing,
            signature_titles=titles,
            recipients=recipients,
            respond_by=respond_by,
        )


def overdue_letter_docx(
    *,
    province: OrgUnit,
    today: datetime.date | None = None,
    items: Sequence[DeadlineItem] | None = None,
) -> tuple[str, bytes]:
    """The letter as a DOCX to sign: (file name, bytes). Without `items`, the overdue deadlines
    of the province's units on `today` (the Asia/Ho_Chi_Minh day by default)."""
    day = today or local_today()
    chosen = items if items is not None else letter_items(province=province, today=day)
    letter = overdue_letter(province=province, today=day, items=chosen)
    document = new_document()

    add_header(document, letter.body, letter.number_line, letter.place_and_date)
    # Ô 5b: a công văn's trích yếu, centred under its number.
    number_cell = document.tables[-1].rows[1].cells[0]
    add_paragraph(number_cell, letter.subject, size=HEADER_SIZE, after=6)
    add_paragraph(document, size=6)

    if letter.addressee_lines:
        for index, line in enumerate(letter.addressee_lines):
            paragraph = add_paragraph(document, align=WD_ALIGN_PARAGRAPH.LEFT)
            paragraph.paragraph_format.left_indent = Mm(ADDRESSEE_INDENT_MM + ADDRESSEE_HANGING_MM)
            if index == 0:
                paragraph.paragraph_format.first_line_indent = Mm(-ADDRESSEE_HANGING_MM)
                add_run(paragraph, "Kính gửi:\t")
                paragraph.paragraph_format.tab_stops.add_tab_stop(
                    Mm(ADDRESSEE_INDENT_MM + ADDRESSEE_HANGING_MM)
                )
            add_run(paragraph, line)
        add_paragraph(document, size=6)
    else:
        add_paragraph(document, letter.kinh_gui, after=12)

    add_text(document, letter.opening)
    if letter.rows:
        add_data_table(
            document,
            TABLE_HEADERS,
            TABLE_WIDTHS_MM,
            letter.rows,
            centred=(0, 2, 3),
            size=12,
        )
    for paragraph_text in letter.closing:
        add_text(document, paragraph_text)

    left, right = add_signature_row(document)
    fill_recipients(left, letter.recipients)
    fill_signature(right, letter.signature_titles, "", "")

    return f"cong-van-don-doc-{day.isoformat()}.docx", docx_bytes(document)
