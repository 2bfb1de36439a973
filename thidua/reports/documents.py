"""The periodic report as a DOCX in the Decree 30/2020 layout: the sections people wrote, and
between them the figures, tables and charts computed from the data (`contents.report_facts`).
"""

import io
from collections.abc import Callable, Sequence

from docx.document import Document as DocxDocument
from docx.shared import Mm

from thidua.core.text import format_date, format_number
from thidua.documents.layout import (
    BLANK_NUMBER,
    TEXT_WIDTH_MM,
    add_data_table,
    add_draft_mark,
    add_header,
    add_heading,
    add_paragraph,
    add_signature_row,
    add_text,
    add_title,
    docx_bytes,
    fill_recipients,
    fill_signature,
    head_title,
    is_peoples_committee,
    issuing_body,
    new_document,
    place_and_date,
    signer_title_lines,
    slug_or,
    text_lines,
    unit_place,
    upper_first,
)
from thidua.reports.contents import ReportFacts, report_facts
from thidua.reports.models import PeriodicReport, ReportKind, ReportStatus
from thidua.reports.pdf import svg_to_png

TO_BE_WRITTEN = "(Nội dung do đơn vị soạn thảo bổ sung.)"
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def report_summary(report: PeriodicReport) -> str:
    """The trích yếu: what the report reviews and what it plans next."""
    if report.kind == ReportKind.SO_KET:
        return (
            f"Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm {report.year} và phương "
            f"hướng, nhiệm vụ 6 tháng cuối năm {report.year}"
        )
    return (
        f"Tổng kết công tác thi đua, khen thưởng năm {report.year} và phương hướng, nhiệm vụ "
        f"năm {report.year + 1}"
    )


def _signer_titles(report: PeriodicReport) -> list[str]:
    if report.signer_title.strip():
        return signer_title_lines(report.signer_title)
    unit = report.unit
    if is_peoples_committee(unit):
        return ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    return [head_title(unit)[: -len(unit.name)].strip()]


def _written(document: DocxDocument, text: str) -> None:
    lines = text_lines(text)
    if not lines:
        add_text(document, TO_BE_WRITTEN, italic=True)
    for line in lines:
        add_text(document, line)


def _chart(document: DocxDocument, svg: str | None, caption: str) -> None:
    if svg is None:
        return
    paragraph = add_paragraph(document, keep_with_next=True)
    paragraph.runs[0].add_picture(io.BytesIO(svg_to_png(svg)), width=Mm(TEXT_WIDTH_MM - 5))
    add_paragraph(document, caption, size=12, italic=True, after=6)


def _targets(document: DocxDocument, facts: ReportFacts, number: str) -> None:
    add_heading(document, f"{number}. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU")
    if facts.campaign is None or not facts.targets:
        add_text(document, f"Không có chỉ tiêu được giao trong {facts.period_label}.")
        return
    counts = "; ".join(f"{label}: {count}" for label, count in facts.status_counts.items())
    add_text(
        document,
        f"Thực hiện {facts.campaign.directive_number} ngày "
        f"{format_date(facts.campaign.directive_date)}, tính đến ngày {format_date(facts.end)}, "
        f"trong {len(facts.targets)} chỉ tiêu được theo dõi: {counts}.",
    )
    rows: list[Sequence[str]] = [
        [str(index), f"{line.code}. {line.indicator}", line.target, line.actual, line.status]
        for index, line in enumerate(facts.targets, start=1)
    ]
    add_data_table(
        document,
        ["TT", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "Đánh giá"],
        (10, 70, 28, 28, 29),
        rows,
        centred=(0,),
        right=(2, 3),
    )
    _chart(document, facts.ratio_chart(), "Biểu đồ: tỷ lệ thực hiện so với chỉ tiêu.")
    reporting = facts.reporting
    if any(reporting.values()):
        add_text(
            document,
            f"Việc gửi báo cáo định kỳ: {reporting['on_time']} lượt đúng hạn, "
            f"{reporting['late']} lượt trễ hạn, {reporting['missing']} lượt chưa gửi.",
        )
        _chart(document, facts.reporting_chart(), "Biểu đồ: tình hình gửi báo cáo chỉ tiêu.")


def _movements(document: DocxDocument, facts: ReportFacts, number: str) -> None:
    add_heading(document, f"{number}. CÔNG TÁC TỔ CHỨC CÁC PHONG TRÀO THI ĐUA")
    if not facts.movements:
        add_text(document, f"Không có phong trào thi đua trong {facts.period_label}.")
        return
    registered = sum(line.registrations for line in facts.movements)
    add_text(
        document,
        f"Trong {facts.period_label} có {len(facts.movements)} phong trào thi đua được phát "
        f"động và triển khai, với {registered} lượt đơn vị đăng ký thi đua.",
    )
    rows: list[Sequence[str]] = [
        [
            str(index),
            line.name,
            line.kind,
            f"{line.launched_by}, {format_date(line.starts_on)}",
            str(line.registrations),
        ]
        for index, line in enumerate(facts.movements, start=1)
    ]
    add_data_table(
        document,
        ["TT", "Phong trào", "Loại", "Phát động", "Đăng ký"],
        (10, 70, 27, 35, 23),
        rows,
        centred=(0, 4),
    )


def _clusters(document: DocxDocument, facts: ReportFacts, number: str) -> None:
    add_heading(document, f"{number}. HOẠT ĐỘNG CỦA CÁC CỤM, KHỐI THI ĐUA")
    if not facts.standings:
        add_text(document, "Chưa có cụm, khối thi đua công bố kết quả chấm điểm trong năm.")
        return
    rows: list[Sequence[str]] = [
        [
            str(index),
            line.cluster,
            str(line.members),
            line.first,
            "; ".join(line.flag) or "—",
            "; ".join(line.certificates) or "—",
        ]
        for index, line in enumerate(facts.standings, start=1)
    ]
    add_data_table(
        document,
        ["TT", "Cụm, khối", "Thành viên", "Dẫn đầu", "Đề nghị Cờ", "Đề nghị Bằng khen"],
        (10, 40, 20, 32, 31, 32),
        rows,
        centred=(0, 2),
    )


def _awards(document: DocxDocument, facts: ReportFacts, number: str) -> None:
    add_heading(document, f"{number}. CÔNG TÁC KHEN THƯỞNG")
    stats = facts.awards
    if not stats.total:
        add_text(document, f"Không có quyết định khen thưởng trong {facts.period_label}.")
        return
    add_text(
        document,
        f"Từ ngày {format_date(facts.start)} đến ngày {format_date(facts.end)} đã khen thưởng "
        f"{format_number(stats.total)} lượt: {stats.collectives} tập thể, {stats.individuals} "
        f"cá nhân và {stats.households} hộ gia đình.",
    )
    rows: list[Sequence[str]] = [
        [str(index), name, format_number(count)]
        for index, (name, count) in enumerate(facts.award_rows, start=1)
    ]
    add_data_table(
        document, ["TT", "Danh hiệu, hình thức", "Số lượt"], (10, 120, 35), rows, right=(2,)
    )
    shares = []
    if stats.individuals:
        shares.append(
            "tỷ lệ khen thưởng cá nhân là công nhân, nông dân, người lao động trực tiếp: "
            f"{stats.direct_worker_percent} ({stats.direct_workers}/{stats.individuals} cá nhân)"
        )
    if stats.collectives:
        shares.append(
            f"tỷ lệ khen thưởng tập thể cơ sở: {stats.grassroots_percent} "
            f"({stats.grassroots}/{stats.collectives} tập thể)"
        )
    if shares:
        add_text(document, f"{upper_first('; '.join(shares))}.")


def periodic_report_docx(report: PeriodicReport) -> tuple[str, bytes]:
    """The report (file name, DOCX bytes); a draft carries the "DỰ THẢO" mark."""
    facts = report_facts(report)
    unit = report.unit
    body = issuing_body(unit)
    document = new_document()
    if report.status == ReportStatus.DRAFT:
        add_draft_mark(document)
    number = report.number.strip() or f"{BLANK_NUMBER}/BC-{body.code}"
    add_header(
        document,
        body,
        f"Số: {number}",
        place_and_date(unit_place(unit), report.issued_on, report.year),
    )
    add_title(document, "Báo cáo", [report_summary(report)])

    next_period = "6 THÁNG CUỐI NĂM" if report.kind == ReportKind.SO_KET else "NĂM TỚI"
    written: dict[str, list[tuple[str, str]]] = {
        "ĐÁNH GIÁ CHUNG": [("", report.overview)],
        "TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN": [
            ("1. Tồn tại, hạn chế", report.shortcomings),
            ("2. Nguyên nhân", report.causes),
        ],
        "BÀI HỌC KINH NGHIỆM": [("", report.lessons)],
        f"PHƯƠNG HƯỚNG, NHIỆM VỤ {next_period}": [("", report.next_tasks)],
        "ĐỀ XUẤT, KIẾN NGHỊ": [("", report.proposals)],
    }
    from_data = [_targets, _movements]
    if report.kind == ReportKind.TONG_KET:
        from_data.append(_clusters)
    from_data.append(_awards)
    headings = list(written)
    order: list[str | Callable[[DocxDocument, ReportFacts, str], None]] = [
        headings[0],
        *from_data,
        *headings[1:],
    ]
    for roman, section in zip(_ROMAN, order, strict=False):
        if isinstance(section, str):
            add_heading(document, f"{roman}. {section}")
            for label, text in written[section]:
                if label:
                    add_text(document, label, bold=True)
                _written(document, text)
        else:
            section(document, facts, roman)

    if report.unit.parent is not None:
        recipients = [f"{report.unit.parent.name} (b/c)", "Sở Nội vụ (Ban Thi đua – Khen thưởng)"]
    else:
        recipients = ["Bộ Nội vụ (b/c)", "Thường trực Tỉnh ủy, HĐND tỉnh (b/c)"]
    recipients.append(f"Lưu: VT, {body.code}")
    left, right = add_signature_row(document)
    fill_recipients(left, recipients)
    fill_signature(right, _signer_titles(report), "", report.signer_name)
    kind = "so-ket" if report.kind == ReportKind.SO_KET else "tong-ket"
    name = f"bao-cao-{kind}-{report.year}-{slug_or(unit.name, f'don-vi-{unit.pk}')}.docx"
    return name, docx_bytes(document)
