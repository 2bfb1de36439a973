"""Certificates (Bằng khen, Giấy khen, Giấy chứng nhận danh hiệu) of a signed decision: one A4
landscape page each, framed, to print on the certificate blanks or to hand over as PDF.

The printed blank's artwork (emblem, ornaments) is the printer's; the text follows the usual
wording of a provincial Bằng khen: who gives, the form, to whom, for what, the decision and its
number in the register, place and date, signature. Its exact official template is UNCONFIRMED
(RULES.md §6: Decree 152/2025 forms not retrieved), so the wording lives here in one place.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from thidua.commendation.catalogue import award_definitions
from thidua.commendation.enums import Gender
from thidua.commendation.models import (
    Decision,
    DecisionItem,
    DecisionKind,
    DecisionStatus,
    Household,
    Person,
    Subject,
)
from thidua.core.exceptions import ApplicationError
from thidua.core.text import format_date, local_today
from thidua.documents.layout import (
    add_paragraph,
    docx_bytes,
    head_title,
    new_document,
    place_and_date,
    slug_or,
    unit_place,
)

# Landscape A4 with a double frame drawn around the text area.
MARGIN_MM = 22
FRAME_SPACE_PT = 24


@dataclass(frozen=True)
class Certificate:
    giver: str  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KON TUM"
    form: str  # "BẰNG KHEN"
    recipient: str  # "Bà Nguyễn Thị Hòa"
    where: str  # position and unit
    achievement: str
    decision: str  # "Quyết định số 2951/QĐ-UBND ngày 25/12/2024"
    register: str  # "Số sổ: 2951/12"
    place_and_date: str
    signer_title: str
    signer_name: str


def _recipient(subject: Subject) -> tuple[str, str]:
    if isinstance(subject, Person):
        honorific = "Ông" if subject.gender == Gender.NAM else "Bà"
        where = ", ".join(part for part in (subject.position.strip(), subject.unit.name) if part)
        return f"{honorific} {subject.full_name}", where
    if isinstance(subject, Household):
        return f"Hộ {subject.head_name}", ", ".join(
            part for part in (subject.address.strip(), subject.unit.name) if part
        )
    parent = subject.parent.name if subject.parent is not None else ""
    return subject.name, parent


def _form(award: str) -> str:
    definition = award_definitions().get(award)
    if definition is None:
        return award.upper()
    name = definition.name
    for form in ("Bằng khen", "Giấy khen", "Cờ thi đua"):
        if name.startswith(form):
            return form.upper()
    # A title: the certificate recognises it ("Chiến sĩ thi đua cơ sở").
    return f"GIẤY CHỨNG NHẬN DANH HIỆU “{name.upper()}”"


def _achievement(item: DecisionItem, year: int) -> str:
    text = item.nomination.achievement.strip() if item.nomination is not None else ""
    if text:
        first = text.splitlines()[0].strip().rstrip(".")
        return f"Đã có thành tích: {first[:1].lower()}{first[1:]}."
    return f"Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {year}."


def decision_certificates(decision: Decision) -> list[Certificate]:
    """One certificate per award the decision gives and that is not revoked."""
    if decision.kind != DecisionKind.AWARD or decision.status == DecisionStatus.DRAFT:
        raise ApplicationError("Chỉ in bằng, giấy khen của quyết định khen thưởng đã ký.")
    issuer = decision.issuer
    giver = head_title(issuer).upper()
    signed_on = decision.signed_on or local_today()
    items = decision.items.select_related(
        "nomination__person__unit",
        "nomination__collective__parent",
        "nomination__household__unit",
        "award_record",
    ).order_by("order")
    certificates = []
    for item in items:
        record = item.award_record
        if record is None or record.revoked_at is not None or item.nomination is None:
            continue
        recipient, where = _recipient(item.nomination.subject)
        certificates.append(
            Certificate(
                giver=giver,
                form=_form(item.nomination.award),
                recipient=recipient,
                where=where,
                achievement=_achievement(item, record.year),
                decision=(f"Quyết định số {decision.number} ngày {format_date(signed_on)}"),
                register=f"Số sổ: {decision.number.split('/')[0]}/{item.order}",
                place_and_date=place_and_date(unit_place(issuer), signed_on, signed_on.year),
                signer_title=(decision.signer_title or "Chủ tịch").upper(),
                signer_name=decision.signer_name,
            )
        )
    return certificates


def _frame(document: DocxDocument) -> None:
    """A double frame around every page (w:pgBorders, measured from the text)."""
    section = document.sections[0]
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "text")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        for key, value in (
            ("w:val", "double"),
            ("w:sz", "18"),
            ("w:space", str(FRAME_SPACE_PT)),
            ("w:color", "8B0000"),
        ):
            edge.set(qn(key), value)
        borders.append(edge)
    section._sectPr.insert_element_before(
        borders, "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt", "w:vAlign", "w:docGrid"
    )


def _write(document: DocxDocument, certificate: Certificate, *, first: bool) -> None:
    title = add_paragraph(document, certificate.giver, size=16, bold=True)
    if not first:
        title.paragraph_format.page_break_before = True
    add_paragraph(document, "TẶNG", size=16, bold=True, before=10)
    add_paragraph(document, certificate.form, size=30, bold=True, before=6, after=6)
    add_paragraph(document, certificate.recipient, size=22, bold=True, before=6)
    if certificate.where:
        add_paragraph(document, certificate.where, size=15)
    add_paragraph(document, certificate.achievement, size=15, italic=True, before=10, after=10)
    add_paragraph(document, certificate.decision, size=13)
    add_paragraph(document, certificate.register, size=13)
    add_paragraph(document, certificate.place_and_date, size=14, italic=True, before=10)
    add_paragraph(document, certificate.signer_title, size=14, bold=True)
    for _ in range(3):
        add_paragraph(document)
    add_paragraph(document, certificate.signer_name, size=14, bold=True)


def certificates_docx(decision: Decision) -> tuple[str, bytes]:
    """The decision's certificates, one landscape page each (file name, DOCX bytes)."""
    certificates = decision_certificates(decision)
    if not certificates:
        raise ApplicationError("Quyết định không còn bằng, giấy khen nào để in.")
    document = new_document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    # A certificate has no page number: drop the header's field.
    section.different_first_page_header_footer = False
    for paragraph in section.header.paragraphs:
        for child in list(paragraph._p):
            if child.tag == qn("w:fldSimple"):
                paragraph._p.remove(child)
    _frame(document)
    _write_all(document, certificates)
    slug = slug_or(decision.number, f"quyet-dinh-{decision.pk}")
    return f"bang-khen-{slug}.docx", docx_bytes(document)


def _write_all(document: DocxDocument, certificates: Sequence[Certificate]) -> None:
    for index, certificate in enumerate(certificates):
        _write(document, certificate, first=index == 0)


__all__ = ["Certificate", "certificates_docx", "decision_certificates"]
