"""Administrative documents of the commendation workflow, generated as DOCX to complete and sign.

* :func:`nomination_request_docx`: the unit's Tờ trình đề nghị (Mẫu số 01 spirit).
* :func:`achievement_report_docx`: the Báo cáo thành tích (Mẫu số 05 spirit) with the
  subject's history from the registry.
* :func:`tally_minutes_docx`: the council's Biên bản kiểm phiếu of a session.
* :func:`decision_docx`: the Quyết định (award or revocation) with its attached list.

Layout follows Decree 30/2020/NĐ-CP, Phụ lục I (RULES.md §6): A4 portrait, margins 20/20/30/15 mm,
Times New Roman; the header is a borderless two-column table (issuing body and number on the
left, Quốc hiệu, Tiêu ngữ and the place and date on the right); page numbers centred in the top
margin from page 2. Every text is NFC; documents are always written in Vietnamese, whatever the
reader's language. Nothing is fetched: the font is only named.

Each function returns ``(file name, DOCX bytes)``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from django.utils import translation
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK

from thidua.commendation.catalogue import (
    AwardCategory,
    InitiativeScope,
    Rating,
    SubjectKind,
    award_definitions,
    reward_amount,
)
from thidua.commendation.enums import Gender
from thidua.commendation.models import (
    AwardRecord,
    BallotMode,
    CandidateResult,
    CouncilMember,
    CouncilSession,
    Decision,
    DecisionItem,
    DecisionKind,
    DossierKind,
    Household,
    Nomination,
    Person,
    Round,
    RoundKind,
    SessionStatus,
    Subject,
    subject_kind,
)
from thidua.commendation.selectors import award_history, person_history
from thidua.core.text import (
    format_date,
    format_date_long,
    local_today,
)
from thidua.documents.layout import (
    BLANK_NUMBER,
    DECREE_152_FROM,
    DOCX_CONTENT_TYPE,
    HEADER_SIZE,
    LOCAL_GOVERNMENT_LAW_2015,
    LOCAL_GOVERNMENT_LAW_2025,
    TEXT_WIDTH_MM,
    IssuingBody,
    Row,
    add_data_table,
    add_draft_mark,
    add_header,
    add_heading,
    add_labelled,
    add_paragraph,
    add_rule,
    add_run,
    add_signature_row,
    add_text,
    add_title,
    committee_of,
    dated,
    decree_number,
    docx_bytes,
    fill_recipients,
    fill_signature,
    head_title,
    is_peoples_committee,
    issuing_body,
    legal_bases,
    lower_first,
    money,
    new_document,
    place_and_date,
    signer_title_lines,
    slug_or,
    text_lines,
    two_digits,
    unit_place,
    upper_first,
    write_bases,
)
from thidua.org.enums import UnitKind
from thidua.org.models import OrgUnit

__all__ = [
    "DOCX_CONTENT_TYPE",
    "GENERATORS",
    "achievement_report_docx",
    "decision_docx",
    "meeting_minutes_docx",
    "nomination_request_docx",
    "tally_minutes_docx",
]

# Marks the council module appends to its explanations; Times New Roman has no glyph for them.
_VERDICT_MARKS: Final = " ✓✗"

_KIND_NOUNS: Final = {
    SubjectKind.COLLECTIVE: "tập thể",
    SubjectKind.INDIVIDUAL: "cá nhân",
    SubjectKind.HOUSEHOLD: "hộ gia đình",
}
_KIND_ORDER: Final = (SubjectKind.COLLECTIVE, SubjectKind.INDIVIDUAL, SubjectKind.HOUSEHOLD)
_ROMAN: Final = ("I", "II", "III", "IV", "V", "VI")
# Verbs that start a trích yếu after "Về việc" in lower case ("Về việc tặng Bằng khen …").
_SUMMARY_VERBS: Final = ("Tặng", "Khen", "Công nhận", "Hủy", "Thu hồi", "Truy tặng")


def _without_marks(text: str) -> str:
    return text.rstrip(_VERDICT_MARKS)


# --- Subjects -------------------------------------------------------------------------------


def _honorific(person: Person) -> str:
    return "Ông" if person.gender == Gender.NAM else "Bà"


def _subject_name(subject: Subject) -> str:
    if isinstance(subject, Person):
        return subject.full_name
    if isinstance(subject, Household):
        return f"Hộ {subject.head_name}"
    return subject.name


def _subject_listed_name(subject: Subject) -> str:
    """As written in a list: "Ông Nguyễn Văn A", "Hộ Trần Văn B", "Phòng Tổ chức"."""
    if isinstance(subject, Person):
        return f"{_honorific(subject)} {subject.full_name}"
    return _subject_name(subject)


def _subject_in_sentence(subject: Subject) -> str:
    """As written inside a sentence: "bà Nguyễn Thị Hòa", "hộ Trần Văn B", "Phòng Tổ chức"."""
    if isinstance(subject, Person):
        return f"{_honorific(subject).lower()} {subject.full_name}"
    if isinstance(subject, Household):
        return f"hộ {subject.head_name}"
    return subject.name


def _subject_where(subject: Subject) -> str:
    """Position and unit of a person, address of a household, parent of a collective."""
    if isinstance(subject, Person):
        return ", ".join(part for part in (subject.position.strip(), subject.unit.name) if part)
    if isinstance(subject, Household):
        return ", ".join(part for part in (subject.address.strip(), subject.unit.name) if part)
    return subject.parent.name if subject.parent is not None else ""


def _award_name(code: str) -> str:
    definition = award_definitions().get(code)
    return definition.name if definition is not None else code


def _award_phrase(code: str) -> str:
    """ "danh hiệu “Chiến sĩ thi đua cơ sở”", "Bằng khen của Chủ tịch …", "Cờ thi đua …"."""
    definition = award_definitions().get(code)
    if definition is None:
        return code
    if definition.category is AwardCategory.TITLE and not definition.name.startswith("Cờ"):
        return f"danh hiệu “{definition.name}”"
    return definition.name


def _count_phrase(counts: dict[SubjectKind, int]) -> str:
    """ "02 tập thể, 03 cá nhân và 01 hộ gia đình"."""
    parts = [
        f"{two_digits(counts[kind])} {_KIND_NOUNS[kind]}"
        for kind in _KIND_ORDER
        if counts.get(kind)
    ]
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} và {parts[-1]}"


def _achievement_context(round_: Round) -> str:
    if round_.kind == RoundKind.ANNUAL:
        return f"trong thực hiện nhiệm vụ năm {round_.year}"
    return f"trong đợt “{round_.name}”"


# --- Tờ trình đề nghị -----------------------------------------------------------------------


def _nomination(nomination: Nomination) -> Nomination:
    """The nomination with what its documents show, read in one query."""
    return Nomination.objects.select_related(
        "round__issuer__parent",
        "unit__parent",
        "person__unit__parent",
        "collective__parent",
        "household__unit",
    ).get(pk=nomination.pk)


def _eligibility_lines(eligibility: dict[str, Any]) -> tuple[str, list[str]]:
    """The verdict stored at submission: its date and one line per criterion."""
    criteria = eligibility.get("criteria") or []
    lines = []
    for criterion in criteria:
        verdict = "Đạt" if criterion.get("passed") else "Chưa đạt"
        explanation = _without_marks(str(criterion.get("explanation", "")).strip())
        reference = str(criterion.get("reference", "")).strip()
        line = f"- {verdict}: {explanation}" if explanation else f"- {verdict}"
        if reference:
            line += f" ({reference})"
        lines.append(f"{line};")
    if lines:
        lines[-1] = f"{lines[-1][:-1]}."
    checked = ""
    as_of = eligibility.get("as_of")
    if isinstance(as_of, str):
        try:
            checked = format_date(datetime.date.fromisoformat(as_of))
        except ValueError:
            checked = ""
    return checked, lines


def _proposed_subject(document: DocxDocument, subject: Subject) -> None:
    paragraph = add_text(document, "- ")
    if isinstance(subject, Person):
        add_run(paragraph, f"{_honorific(subject)} {subject.full_name}", bold=True)
        where = _subject_where(subject)
        if where:
            add_run(paragraph, f", {where}")
    elif isinstance(subject, Household):
        add_run(paragraph, _subject_name(subject), bold=True)
        where = _subject_where(subject)
        if where:
            add_run(paragraph, f", {where}")
    else:
        add_run(paragraph, subject.name, bold=True)
        if subject.parent is not None:
            add_run(paragraph, f" (trực thuộc {subject.parent.name})")
    add_run(paragraph, ".")


def nomination_request_docx(
    nomination: Nomination, *, on: datetime.date | None = None
) -> tuple[str, bytes]:
    """The proposing unit's Tờ trình to the issuing body (Mẫu số 01 spirit), dated `on`
    (today by default, which also chooses Decree 98/2023 or 152/2025); the number is left blank
    for the unit to fill in when it signs."""
    with translation.override("vi"):
        nomination = _nomination(nomination)
        day = on or local_today()
        unit, issuer = nomination.unit, nomination.round.issuer
        subject = nomination.subject
        body = issuing_body(unit)
        addressee = head_title(issuer)
        phrase = _award_phrase(nomination.award)
        document = new_document()

        add_header(
            document,
            body,
            f"Số:{BLANK_NUMBER}/TTr-{body.code}",
            place_and_date(unit_place(unit), day, day.year),
        )
        add_title(document, "TỜ TRÌNH", [f"Về việc đề nghị tặng {phrase}"])
        kinh_gui = add_paragraph(document, "Kính gửi: ", after=12)
        add_run(kinh_gui, f"{addressee}.")

        context = _achievement_context(nomination.round)
        write_bases(
            document,
            [
                *legal_bases(day),
                f"Căn cứ thành tích đạt được của {_subject_in_sentence(subject)} {context}",
            ],
        )
        add_text(
            document,
            f"{unit.name} kính trình {addressee} xem xét, tặng {phrase} "
            f"cho 01 {_KIND_NOUNS[subject_kind(subject)]}, đã có thành tích xuất sắc {context}:",
        )
        _proposed_subject(document, subject)
        add_heading(document, "Tóm tắt thành tích:")
        for line in text_lines(nomination.achievement):
            add_text(document, line)

        checked, criteria = _eligibility_lines(nomination.eligibility or {})
        if criteria:
            when = f" ngày {checked}" if checked else ""
            add_heading(
                document,
                f"Đối chiếu tiêu chuẩn, điều kiện (hệ thống kiểm tra khi gửi hồ sơ{when}):",
            )
            for line in criteria:
                add_text(document, line)

        add_text(document, "(Có báo cáo thành tích kèm theo).", italic=True)
        add_text(document, f"Kính trình {addressee} xem xét, quyết định./.")

        left, right = add_signature_row(document)
        fill_recipients(left, ["Như trên", f"Lưu: VT, {body.code}"])
        fill_signature(right, ["THỦ TRƯỞNG ĐƠN VỊ"], "(Ký, ghi rõ họ tên, đóng dấu)", "")

        name = f"to-trinh-{slug_or(_subject_name(subject), f'de-nghi-{nomination.pk}')}.docx"
        return name, docx_bytes(document)


# --- Báo cáo thành tích ---------------------------------------------------------------------


def _award_rows(awards: Sequence[AwardRecord]) -> list[Row]:
    return [
        [
            str(record.year),
            record.award_name,
            f"{record.decision_number} ngày {format_date(record.decision_date)}",
            record.issuer,
        ]
        for record in awards
    ]


def _or_none(document: DocxDocument, rows: Sequence[Row], build: Callable[[], Any]) -> None:
    if rows:
        build()
    else:
        add_text(document, "Chưa có.", italic=True)


def _profile(document: DocxDocument, subject: Subject) -> None:
    if isinstance(subject, Person):
        add_heading(document, "I. SƠ LƯỢC LÝ LỊCH")
        gender = Gender(subject.gender).label if subject.gender in Gender.values else ""
        facts = [
            ("Họ và tên", subject.full_name),
            ("Giới tính", str(gender)),
            ("Năm sinh", str(subject.birth_year) if subject.birth_year else ""),
            ("Chức vụ", subject.position.strip()),
            ("Đơn vị công tác", subject.unit.name),
        ]
    elif isinstance(subject, Household):
        add_heading(document, "I. SƠ LƯỢC LÝ LỊCH")
        facts = [
            ("Chủ hộ", subject.head_name),
            ("Địa chỉ", subject.address.strip()),
            ("Xã, phường", subject.unit.name),
        ]
    else:
        add_heading(document, "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH")
        kind = UnitKind(subject.kind).label if subject.kind in UnitKind.values else ""
        facts = [
            ("Tên tập thể", subject.name),
            ("Loại hình", str(kind)),
            ("Cơ quan, đơn vị cấp trên trực tiếp", subject.parent.name if subject.parent else ""),
        ]
    for label, value in facts:
        add_labelled(document, f"- {label}: ", value or "…")


def achievement_report_docx(
    nomination: Nomination, *, on: datetime.date | None = None
) -> tuple[str, bytes]:
    """The Báo cáo thành tích (Mẫu số 05 spirit): profile, achievements, and the awards still
    valid (revoked ones left out), plus a person's yearly ratings and initiatives."""
    with translation.override("vi"):
        nomination = _nomination(nomination)
        day = on or local_today()
        subject = nomination.subject
        kind = subject_kind(subject)
        unit = subject if isinstance(subject, OrgUnit) else subject.unit
        body = issuing_body(unit)
        document = new_document()

        number = f"Số:{BLANK_NUMBER}/BC-{body.code}" if kind is SubjectKind.COLLECTIVE else None
        add_header(document, body, number, place_and_date(unit_place(unit), day, day.year))
        add_title(
            document,
            "BÁO CÁO THÀNH TÍCH",
            [f"Đề nghị tặng {_award_phrase(nomination.award)}", _subject_listed_name(subject)],
        )

        _profile(document, subject)
        add_heading(document, "II. THÀNH TÍCH ĐẠT ĐƯỢC")
        for line in text_lines(nomination.achievement):
            add_text(document, line)

        add_heading(document, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG")
        add_heading(document, "1. Danh hiệu thi đua, hình thức khen thưởng")
        awards = _award_rows(award_history(subject, include_revoked=False))
        _or_none(
            document,
            awards,
            lambda: add_data_table(
                document,
                [
                    "Năm",
                    "Danh hiệu thi đua, hình thức khen thưởng",
                    "Số và ngày quyết định",
                    "Cơ quan ban hành",
                ],
                [16, 62, 45, 42],
                awards,
            ),
        )
        if isinstance(subject, Person):
            history = person_history(subject)
            add_heading(document, "2. Kết quả xếp loại hằng năm")
            ratings: list[Row] = [
                [
                    str(rating.year),
                    Rating(rating.rating).label if rating.rating in set(Rating) else rating.rating,
                ]
                for rating in sorted(history.ratings, key=lambda item: item.year)
            ]
            _or_none(
                document,
                ratings,
                lambda: add_data_table(document, ["Năm", "Xếp loại"], [25, 140], ratings),
            )
            add_heading(document, "3. Sáng kiến, đề tài được công nhận")
            initiatives: list[Row] = [
                [
                    str(initiative.year),
                    initiative.title,
                    upper_first(InitiativeScope(initiative.scope).label)
                    if initiative.scope in set(InitiativeScope)
                    else initiative.scope,
                ]
                for initiative in sorted(history.initiatives, key=lambda item: (item.year, item.pk))
            ]
            _or_none(
                document,
                initiatives,
                lambda: add_data_table(
                    document,
                    ["Năm", "Tên sáng kiến, đề tài", "Phạm vi ảnh hưởng"],
                    [16, 109, 40],
                    initiatives,
                ),
            )

        left, right = add_signature_row(document)
        if isinstance(subject, Person):
            fill_signature(
                left,
                ["THỦ TRƯỞNG ĐƠN VỊ", "XÁC NHẬN, ĐỀ NGHỊ"],
                "(Ký, ghi rõ họ tên, đóng dấu)",
                "",
                size=HEADER_SIZE,
            )
            fill_signature(
                right, ["NGƯỜI BÁO CÁO THÀNH TÍCH"], "(Ký, ghi rõ họ và tên)", subject.full_name
            )
            add_paragraph(document, size=6)
            add_paragraph(document, "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG", bold=True, before=12)
            add_paragraph(document, "(Ký, đóng dấu)", size=HEADER_SIZE, italic=True)
        else:
            fill_signature(
                left,
                ["XÁC NHẬN CỦA CẤP", "TRÌNH KHEN THƯỞNG"],
                "(Ký, đóng dấu)",
                "",
                size=HEADER_SIZE,
            )
            if isinstance(subject, Household):
                fill_signature(right, ["CHỦ HỘ"], "(Ký, ghi rõ họ và tên)", subject.head_name)
            else:
                fill_signature(right, ["THỦ TRƯỞNG ĐƠN VỊ"], "(Ký, ghi rõ họ tên, đóng dấu)", "")

        slug = slug_or(_subject_name(subject), f"de-nghi-{nomination.pk}")
        return f"bao-cao-thanh-tich-{slug}.docx", docx_bytes(document)


GENERATORS: dict[str, Callable[[Nomination], tuple[str, bytes]]] = {
    DossierKind.TO_TRINH: nomination_request_docx,
    DossierKind.BAO_CAO: achievement_report_docx,
}


# --- Biên bản kiểm phiếu --------------------------------------------------------------------


def _council_of(issuer: OrgUnit) -> str:
    """ "Hội đồng Thi đua - Khen thưởng tỉnh Kon Tum"."""
    where = lower_first(issuer.name) if is_peoples_committee(issuer) else issuer.name
    return f"Hội đồng Thi đua - Khen thưởng {where}"


def _council_body(issuer: OrgUnit) -> IssuingBody:
    parent_line = (
        f"UBND {issuer.name.upper()}" if is_peoples_committee(issuer) else issuer.name.upper()
    )
    return IssuingBody(parent_line, ("HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",), "HĐTĐKT")


def _member_with(members: Sequence[CouncilMember], match: Callable[[str], bool]) -> str:
    for member in members:
        if match(member.position.strip().casefold()):
            return member.full_name
    return ""


def _verdict(passed: bool | None) -> str:
    if passed is None:
        return "Chưa kết luận"
    return "Thông qua" if passed else "Không thông qua"


def _attendance(
    document: DocxDocument,
    session: CouncilSession,
    members: Sequence[CouncilMember],
    present_ids: set[int],
) -> None:
    """Section I of both minutes: members, who attended, the quorum."""
    add_heading(document, "I. THÀNH PHẦN")
    present = [member for member in members if member.pk in present_ids]
    absent = [member for member in members if member.pk not in present_ids]
    add_text(
        document,
        f"Tổng số thành viên Hội đồng: {two_digits(len(members))}; số thành viên dự họp: "
        f"{two_digits(len(present))}; vắng mặt: {two_digits(len(absent))}.",
    )
    quorum = session.quorum or {}
    if quorum.get("explanation"):
        add_text(document, f"{_without_marks(str(quorum['explanation'])).rstrip('.')}.")
    if quorum.get("met") is not None:
        enough = "đủ" if quorum["met"] else "không đủ"
        add_text(document, f"Phiên họp {enough} số thành viên dự họp theo quy định.")
    if present:
        add_text(document, "Thành viên dự họp:")
        for index, member in enumerate(present, start=1):
            add_text(document, f"{index}. {member.full_name} – {member.position}.")
    if absent:
        names = ", ".join(f"{member.full_name} ({member.position})" for member in absent)
        add_text(document, f"Thành viên vắng mặt: {names}.")


def tally_minutes_docx(session: CouncilSession) -> tuple[str, bytes]:
    """The council's Biên bản kiểm phiếu: attendance and quorum, ballot mode, the votes and
    percentage on every candidate with the verdict, and the reasoning line by line."""
    with translation.override("vi"):
        session = CouncilSession.objects.select_related("round__issuer__parent").get(pk=session.pk)
        round_, issuer = session.round, session.round.issuer
        members = list(session.members.order_by("order", "id"))
        present_ids = set(session.present.values_list("pk", flat=True))
        results: list[CandidateResult] = list(
            session.results.select_related(
                "nomination__unit",
                "nomination__person",
                "nomination__collective",
                "nomination__household",
            ).order_by("nomination__unit__path", "nomination_id")
        )
        place = unit_place(issuer)
        document = new_document()

        add_header(
            document,
            _council_body(issuer),
            f"Số:{BLANK_NUMBER}/BB-HĐTĐKT",
            place_and_date(place, session.held_on, session.held_on.year),
        )
        add_title(
            document,
            "BIÊN BẢN KIỂM PHIẾU",
            ["Kết quả biểu quyết xét khen thưởng", round_.name],
        )
        where = f", tại {session.place.strip()}" if session.place.strip() else ""
        add_text(
            document,
            f"Hôm nay, {format_date_long(session.held_on)}{where}, {_council_of(issuer)} họp xét "
            f"đề nghị khen thưởng đợt “{round_.name}”.",
        )

        _attendance(document, session, members, present_ids)

        add_heading(document, "II. HÌNH THỨC BIỂU QUYẾT")
        mode = (
            BallotMode(session.ballot_mode).label
            if session.ballot_mode in BallotMode.values
            else session.ballot_mode
        )
        add_text(document, f"{mode}.")

        add_heading(document, "III. KẾT QUẢ KIỂM PHIẾU")
        if session.status != SessionStatus.CLOSED:
            add_text(document, "Phiên họp chưa kết thúc: kết quả dưới đây chưa phải kết luận.")
        rows: list[Row] = [
            [
                str(index),
                _subject_name(result.nomination.subject),
                result.nomination.unit.name,
                _award_name(result.nomination.award),
                str(result.agree),
                str(result.disagree),
                str(result.abstain),
                str(result.written_agree),
                result.percent,
                _verdict(result.passed),
            ]
            for index, result in enumerate(results, start=1)
        ]
        if rows:
            add_data_table(
                document,
                [
                    "STT",
                    "Họ tên/Tập thể",
                    "Đơn vị",
                    "Danh hiệu/hình thức",
                    "Đồng ý",
                    "Không đồng ý",
                    "Không biểu quyết",
                    "Bằng văn bản (đồng ý)",
                    "Tỷ lệ",
                    "Kết quả",
                ],
                [8, 28, 24, 24, 11, 12, 13, 13, 13, 19],
                rows,
                centred=(0, 4, 5, 6, 7, 8, 9),
                size=11,
            )
        else:
            add_text(document, "Không có đề nghị nào được đưa ra biểu quyết.", italic=True)
        passed = sum(1 for result in results if result.passed)
        add_text(
            document,
            f"Kết quả: {two_digits(passed)}/{two_digits(len(results))} đề nghị được Hội đồng "
            "thông qua.",
        )

        explained = [result for result in results if result.explanation.strip()]
        if explained:
            add_heading(document, "IV. GIẢI THÍCH KẾT QUẢ")
            for index, result in enumerate(explained, start=1):
                name = _subject_name(result.nomination.subject)
                add_text(
                    document, f"{index}. {name}: {_without_marks(result.explanation.strip())}."
                )
        add_text(document, "Biên bản được lập và thông qua tại phiên họp./.")

        left, right = add_signature_row(document)
        secretary = _member_with(members, lambda position: "thư ký" in position)
        chair = _member_with(members, lambda position: position.startswith("chủ tịch"))
        fill_signature(left, ["THƯ KÝ HỘI ĐỒNG"], "", secretary)
        fill_signature(right, ["CHỦ TỊCH HỘI ĐỒNG"], "", chair)

        slug = slug_or(round_.name, f"dot-{round_.pk}")
        return f"bien-ban-kiem-phieu-{slug}-{session.held_on.isoformat()}.docx", docx_bytes(
            document
        )


def meeting_minutes_docx(session: CouncilSession) -> tuple[str, bytes]:
    """The council's Biên bản họp xét khen thưởng: who met, what the standing office
    presented, what the council considered per award and what it concluded (the votes on each
    candidate are in the Biên bản kiểm phiếu)."""
    with translation.override("vi"):
        session = CouncilSession.objects.select_related("round__issuer__parent").get(pk=session.pk)
        round_, issuer = session.round, session.round.issuer
        members = list(session.members.order_by("order", "id"))
        present_ids = set(session.present.values_list("pk", flat=True))
        results = list(session.results.select_related("nomination").order_by("nomination_id"))
        document = new_document()
        add_header(
            document,
            _council_body(issuer),
            f"Số:{BLANK_NUMBER}/BB-HĐTĐKT",
            place_and_date(unit_place(issuer), session.held_on, session.held_on.year),
        )
        add_title(document, "BIÊN BẢN", ["Họp xét khen thưởng", round_.name])
        where = f", tại {session.place.strip()}" if session.place.strip() else ""
        add_text(
            document,
            f"Hôm nay, {format_date_long(session.held_on)}{where}, {_council_of(issuer)} họp xét "
            f"đề nghị khen thưởng đợt “{round_.name}”.",
        )
        chair = _member_with(members, lambda position: position.startswith("chủ tịch"))
        secretary = _member_with(members, lambda position: "thư ký" in position)
        _attendance(document, session, members, present_ids)
        if chair:
            add_text(document, f"Chủ trì cuộc họp: {chair}.")
        if secretary:
            add_text(document, f"Thư ký cuộc họp: {secretary}.")

        add_heading(document, "II. NỘI DUNG")
        add_text(
            document,
            "Cơ quan thường trực Hội đồng trình bày tờ trình, kết quả thẩm định hồ sơ và danh "
            f"sách đề nghị khen thưởng của đợt; Hội đồng xem xét {two_digits(len(results))} đề "
            "nghị, thảo luận và biểu quyết theo quy chế hoạt động của Hội đồng.",
        )
        by_award: dict[str, list[CandidateResult]] = {}
        for result in results:
            by_award.setdefault(result.nomination.award, []).append(result)
        rows: list[Row] = [
            [
                str(index),
                _award_name(award),
                str(len(group)),
                str(sum(1 for result in group if result.passed)),
                str(sum(1 for result in group if result.passed is False)),
            ]
            for index, (award, group) in enumerate(sorted(by_award.items()), start=1)
        ]
        if rows:
            add_data_table(
                document,
                ["STT", "Danh hiệu, hình thức", "Số đề nghị", "Thông qua", "Không thông qua"],
                [12, 78, 25, 25, 25],
                rows,
                centred=(0, 2, 3, 4),
            )
        written = sum(result.written_agree for result in results)
        if written:
            add_text(
                document,
                f"Hội đồng ghi nhận {written} ý kiến đồng ý bằng văn bản của thành viên vắng mặt.",
            )

        add_heading(document, "III. KẾT LUẬN")
        passed = sum(1 for result in results if result.passed)
        if session.status != SessionStatus.CLOSED:
            add_text(document, "Phiên họp chưa kết thúc: chưa có kết luận.")
        else:
            failed = len(results) - passed
            rest = f"; {two_digits(failed)} trường hợp không được thông qua" if failed else ""
            add_text(
                document,
                f"Hội đồng thống nhất đề nghị {head_title(issuer)} khen thưởng "
                f"{two_digits(passed)} trường hợp được thông qua (danh sách theo Biên bản kiểm "
                f"phiếu){rest}.",
            )
        add_text(
            document,
            "Cuộc họp kết thúc vào hồi …… giờ …… cùng ngày. Biên bản được thông qua tại cuộc "
            "họp./.",
        )
        left, right = add_signature_row(document)
        fill_signature(left, ["THƯ KÝ"], "", secretary)
        fill_signature(right, ["CHỦ TRÌ CUỘC HỌP"], "", chair)
        slug = slug_or(round_.name, f"dot-{round_.pk}")
        return f"bien-ban-hop-xet-{slug}-{session.held_on.isoformat()}.docx", docx_bytes(document)


# --- Quyết định ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """One line of the decision's list."""

    subject: Subject
    award: str
    record: AwardRecord | None
    amount: Decimal | None

    @property
    def kind(self) -> SubjectKind:
        return subject_kind(self.subject)


def _entries(items: Sequence[DecisionItem], on: datetime.date, revocation: bool) -> list[_Entry]:
    entries = []
    for item in items:
        nomination, record = item.nomination, item.award_record
        if revocation and record is not None:
            subject, award = record.subject, record.award
        elif nomination is not None:
            subject, award = nomination.subject, nomination.award
        elif record is not None:
            subject, award = record.subject, record.award
        else:  # the check constraint forbids it
            continue
        amount = None
        if not revocation:
            try:
                amount = reward_amount(award, subject_kind(subject), on)
            except ValueError:  # before the Law of 2022: no amounts known
                amount = None
        entries.append(_Entry(subject, award, record, amount))
    return entries


def _kind_counts(entries: Iterable[_Entry]) -> dict[SubjectKind, int]:
    counts: dict[SubjectKind, int] = {}
    for entry in entries:
        counts[entry.kind] = counts.get(entry.kind, 0) + 1
    return counts


def _decision_summary(decision: Decision) -> str:
    title = " ".join(decision.title.split())
    if title.casefold().startswith(("về ", "v/v")):
        return title
    if title.startswith(_SUMMARY_VERBS):
        title = lower_first(title)
    return f"Về việc {title}"


def _signer_titles(decision: Decision, issuer: OrgUnit) -> list[str]:
    """ "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" by default; a deputy's own title gets its "KT." line."""
    given = [line.upper() for line in signer_title_lines(decision.signer_title)]
    if given:
        if len(given) == 1 and given[0].startswith("PHÓ "):
            return [f"KT. {given[0][4:]}", given[0]]
        return given
    if is_peoples_committee(issuer):
        return ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    head = head_title(issuer).split(" ")[0].upper()
    return [head]


def _list_rows(entries: Sequence[_Entry], build: Callable[[int, _Entry], list[str]]) -> list[Row]:
    """Rows grouped "I. TẬP THỂ", "II. CÁ NHÂN", "III. HỘ GIA ĐÌNH" (groups only when mixed)."""
    kinds = [kind for kind in _KIND_ORDER if any(entry.kind is kind for entry in entries)]
    rows: list[Row] = []
    number = 0
    for group, kind in enumerate(kinds):
        if len(kinds) > 1:
            rows.append(f"{_ROMAN[group]}. {_KIND_NOUNS[kind].upper()}")
        for entry in entries:
            if entry.kind is kind:
                number += 1
                rows.append(build(number, entry))
    return rows


def _session_basis(round_: Round | None, issuer: OrgUnit) -> str | None:
    if round_ is None:
        return None
    session = (
        round_.sessions.filter(status=SessionStatus.CLOSED).order_by("-held_on", "-id").first()
    )
    if session is None:
        return None
    return (
        f"Căn cứ kết quả họp {_council_of(issuer)} "
        f"{dated('', session.held_on, session.held_on.year)}"
    )


def _award_article(
    document: DocxDocument, decision: Decision, entries: Sequence[_Entry], round_: Round | None
) -> None:
    counts = _kind_counts(entries)
    reason = "đã có thành tích xuất sắc"
    if round_ is not None:
        reason = f"{reason} {_achievement_context(round_)}"
    codes = list(dict.fromkeys(entry.award for entry in entries)) or [decision.award]
    if len(codes) == 1:
        add_labelled(
            document,
            "Điều 1. ",
            f"Tặng {_award_phrase(codes[0])} cho {_count_phrase(counts)} (có danh sách kèm "
            f"theo), {reason}.",
        )
        return
    add_labelled(
        document,
        "Điều 1. ",
        f"Khen thưởng {_count_phrase(counts)} (có danh sách kèm theo), {reason}, gồm:",
    )
    for index, code in enumerate(codes):
        share = _kind_counts(entry for entry in entries if entry.award == code)
        end = "." if index == len(codes) - 1 else ";"
        add_text(document, f"- Tặng {_award_phrase(code)} cho {_count_phrase(share)}{end}")


def _money_article(document: DocxDocument, entries: Sequence[_Entry], on: datetime.date) -> bool:
    """Điều 2 when the rules give an amount for at least one line; False when none do."""
    amounts: dict[tuple[str, SubjectKind], Decimal] = {}
    for entry in entries:
        if entry.amount is not None:
            amounts.setdefault((entry.award, entry.kind), entry.amount)
    if not amounts:
        return False
    parts = [
        f"mỗi {_KIND_NOUNS[kind]} được tặng {_award_phrase(code)} kèm theo tiền thưởng "
        f"{money(amount)} đồng"
        for (code, kind), amount in amounts.items()
    ]
    add_labelled(
        document,
        "Điều 2. ",
        f"Tiền thưởng kèm theo thực hiện theo quy định tại {decree_number(on)}: "
        f"{'; '.join(parts)} (chi tiết tại danh sách kèm theo). Kinh phí khen thưởng chi từ "
        "Quỹ thi đua, khen thưởng theo quy định.",
    )
    return True


def _execution_article(document: DocxDocument, number: int, issuer: OrgUnit) -> None:
    if issuer.kind == UnitKind.TINH:
        who = (
            f"Chánh Văn phòng {committee_of(issuer)}, Giám đốc Sở Nội vụ, Thủ trưởng các cơ "
            "quan, đơn vị có liên quan"
        )
    else:
        who = "Thủ trưởng các cơ quan, đơn vị có liên quan"
    add_labelled(
        document,
        f"Điều {number}. ",
        f"Quyết định này có hiệu lực kể từ ngày ký. {who} và các tập thể, cá nhân có tên tại "
        "Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
    )


def decision_docx(decision: Decision) -> tuple[str, bytes]:
    """The Quyết định and, on a new page, its list: awards with the reward money the rules give,
    or the revocation of awards with its reason. An unnumbered decision is marked "DỰ THẢO"
    and keeps its number and date blank."""
    with translation.override("vi"):
        decision = Decision.objects.select_related("issuer__parent", "round").get(pk=decision.pk)
        issuer, round_ = decision.issuer, decision.round
        revocation = decision.kind == DecisionKind.REVOCATION
        on = decision.signed_on or local_today()
        items = list(
            decision.items.select_related(
                "nomination__person__unit",
                "nomination__collective__parent",
                "nomination__household__unit",
                "award_record__person__unit",
                "award_record__collective__parent",
                "award_record__household__unit",
            )
        )
        entries = _entries(items, on, revocation)
        body = issuing_body(issuer)
        symbol = decision.symbol.strip() or "QĐ-UBND"
        number = decision.number.strip()
        full_number = (number if "/" in number else f"{number}/{symbol}") if number else ""
        shown_number = full_number or f"{BLANK_NUMBER}/{symbol}"
        head = head_title(issuer)
        document = new_document()

        if not number:
            add_draft_mark(document)
        add_header(
            document,
            body,
            f"Số: {shown_number}" if number else f"Số:{shown_number}",
            place_and_date(unit_place(issuer), decision.signed_on, on.year),
        )
        add_title(document, "QUYẾT ĐỊNH", [_decision_summary(decision)])
        add_paragraph(document, head.upper(), bold=True, after=12)

        bases = []
        if is_peoples_committee(issuer):
            local_law = (
                LOCAL_GOVERNMENT_LAW_2025 if on >= DECREE_152_FROM else (LOCAL_GOVERNMENT_LAW_2015)
            )
            bases.append(f"Căn cứ {local_law}")
        bases += legal_bases(on)
        session_basis = None if revocation else _session_basis(round_, issuer)
        if session_basis:
            bases.append(session_basis)
        if issuer.kind == UnitKind.TINH:
            bases.append("Theo đề nghị của Giám đốc Sở Nội vụ")
        else:
            bases.append(f"Theo đề nghị của {_council_of(issuer)}")
        write_bases(document, bases)
        add_paragraph(document, "QUYẾT ĐỊNH:", bold=True, before=6, after=6)

        counts = _kind_counts(entries)
        if revocation:
            add_labelled(
                document,
                "Điều 1. ",
                "Hủy bỏ quyết định khen thưởng, thu hồi hiện vật và tiền thưởng đã tặng cho "
                f"{_count_phrase(counts) or 'các tập thể, cá nhân'} có tên trong danh sách kèm "
                "theo.",
            )
            add_text(document, f"Lý do: {' '.join(decision.reason.split()).rstrip('.')}.")
            add_labelled(
                document,
                "Điều 2. ",
                "Các tập thể, cá nhân có tên tại Điều 1 có trách nhiệm nộp lại hiện vật và tiền "
                "thưởng đã nhận; cơ quan, đơn vị đã trình khen thưởng có trách nhiệm thu hồi và "
                "nộp về cơ quan ban hành quyết định theo quy định.",
            )
            last_article = 3
        else:
            _award_article(document, decision, entries, round_)
            last_article = 3 if _money_article(document, entries, on) else 2
        _execution_article(document, last_article, issuer)

        left, right = add_signature_row(document)
        fill_recipients(left, [f"Như Điều {last_article}", "Lưu: VT"])
        fill_signature(right, _signer_titles(decision, issuer), "", decision.signer_name.strip())

        _attached_list(document, decision, entries, full_number, symbol, on, head, revocation)

        if number:
            name = f"quyet-dinh-{slug_or(full_number, f'quyet-dinh-{decision.pk}')}.docx"
        else:
            name = f"du-thao-quyet-dinh-{slug_or(decision.title, str(decision.pk))}.docx"
        return name, docx_bytes(document)


def _attached_list(
    document: DocxDocument,
    decision: Decision,
    entries: Sequence[_Entry],
    full_number: str,
    symbol: str,
    on: datetime.date,
    head: str,
    revocation: bool,
) -> None:
    """The list attached to the decision, on its own page."""
    breaker = add_paragraph(document)
    breaker.runs[0].add_break(WD_BREAK.PAGE)
    counts = _kind_counts(entries)
    who = (
        ", ".join(_KIND_NOUNS[kind] for kind in _KIND_ORDER if counts.get(kind))
        or "tập thể, cá nhân"
    )
    add_paragraph(document, "DANH SÁCH", bold=True)
    codes = list(dict.fromkeys(entry.award for entry in entries))
    if revocation:
        add_paragraph(document, f"{upper_first(who)} bị hủy bỏ quyết định khen thưởng", bold=True)
    elif len(codes) == 1:
        add_paragraph(
            document, f"{upper_first(who)} được tặng {_award_phrase(codes[0])}", bold=True
        )
    else:
        add_paragraph(document, f"{upper_first(who)} được khen thưởng", bold=True)
    number_text = f" {full_number}" if full_number else f"{BLANK_NUMBER}/{symbol}"
    add_paragraph(
        document,
        f"({dated(f'Kèm theo Quyết định số{number_text} ', decision.signed_on, on.year)} "
        f"của {head})",
        italic=True,
    )
    add_rule(document, 40, TEXT_WIDTH_MM)
    add_paragraph(document, size=6)

    if revocation:

        def revoked_row(index: int, entry: _Entry) -> list[str]:
            record = entry.record
            decided = (
                f"{record.decision_number} ngày {format_date(record.decision_date)}"
                if record is not None
                else ""
            )
            return [
                str(index),
                _subject_listed_name(entry.subject),
                _subject_where(entry.subject),
                _award_name(entry.award),
                decided,
            ]

        add_data_table(
            document,
            [
                "STT",
                "Họ và tên / Tập thể",
                "Chức vụ, đơn vị",
                "Danh hiệu, hình thức đã tặng",
                "Quyết định khen thưởng",
            ],
            [12, 42, 45, 34, 32],
            _list_rows(entries, revoked_row),
        )
        return

    with_money = any(entry.amount is not None for entry in entries)
    mixed = len(codes) > 1

    def award_row(index: int, entry: _Entry) -> list[str]:
        row = [str(index), _subject_listed_name(entry.subject), _subject_where(entry.subject)]
        if mixed:
            row.append(_award_name(entry.award))
        if with_money:
            row.append(money(entry.amount) if entry.amount is not None else "")
        return row

    headers = ["STT", "Họ và tên / Tập thể", "Chức vụ, đơn vị"]
    widths = [12.0, 60.0, 93.0]
    if mixed:
        headers.append("Danh hiệu, hình thức")
        widths = [12.0, 48.0, 60.0, 45.0]
    if with_money:
        headers.append("Tiền thưởng (đồng)")
        widths[2] -= 30
        widths.append(30.0)
    rows = _list_rows(entries, award_row)
    if with_money:
        total = sum((entry.amount for entry in entries if entry.amount is not None), Decimal(0))
        rows.append(["", "Tổng cộng", *([""] * (len(headers) - 3)), money(total)])
    add_data_table(
        document,
        headers,
        widths,
        rows,
        right=(len(headers) - 1,) if with_money else (),
    )
