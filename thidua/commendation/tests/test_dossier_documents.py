"""Generated dossier documents: the Decree 30/2020 layout (A4, margins, Times New Roman, Quốc
hiệu and Tiêu ngữ), and the real content read back from the DOCX: subject, award, history,
votes, decision list, draft mark."""

import datetime
import io
import unicodedata
from dataclasses import dataclass
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph

from conftest import Tree
from thidua.commendation.catalogue import BANG_KHEN_TINH, CSTD_CO_SO, LDTT, TTLDTT
from thidua.commendation.certificates import certificates_docx
from thidua.commendation.dossier_documents import (
    DOCX_CONTENT_TYPE,
    GENERATORS,
    achievement_report_docx,
    decision_docx,
    meeting_minutes_docx,
    nomination_request_docx,
    tally_minutes_docx,
)
from thidua.commendation.models import (
    AwardRecord,
    CandidateResult,
    CouncilMember,
    CouncilSession,
    Decision,
    DecisionItem,
    DossierKind,
    Nomination,
    Person,
    Round,
)
from thidua.commendation.services import (
    award_record_create,
    award_record_revoke,
    initiative_create,
    person_create,
    rating_set,
)
from thidua.core.exceptions import ApplicationError
from thidua.documents.tests.layout_checks import assert_decree_30_layout as assert_strict_layout

SIGNED_ON = datetime.date(2024, 2, 6)

# --- Reading a generated document back ---------------------------------------------------------


def read(content: bytes) -> DocxDocument:
    assert content[:2] == b"PK"  # a DOCX is a zip archive
    return Document(io.BytesIO(content))


def table_rows(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def paragraphs(document: DocxDocument) -> list[str]:
    """Every paragraph's text in reading order, those inside tables included."""
    found: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            found.append(block.text)
        else:
            for row in block.rows:
                for cell in row.cells:
                    found.extend(paragraph.text for paragraph in cell.paragraphs)
    return found


def full_text(document: DocxDocument) -> str:
    return "\n".join(paragraphs(document))


def assert_decree_30_layout(document: DocxDocument) -> None:
    section = document.sections[0]
    assert round(section.page_width.mm) == 210
    assert round(section.page_height.mm) == 297
    assert section.page_width < section.page_height  # portrait
    assert abs(section.left_margin.mm - 30) < 0.1
    assert abs(section.right_margin.mm - 15) < 0.1
    assert abs(section.top_margin.mm - 20) < 0.1
    assert abs(section.bottom_margin.mm - 20) < 0.1
    assert document.styles["Normal"].font.name == "Times New Roman"
    texts = paragraphs(document)
    assert all(text == unicodedata.normalize("NFC", text) for text in texts)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts
    assert "Độc lập - Tự do - Hạnh phúc" in texts
    # The header is a borderless table: quốc hiệu in its right column, first row.
    header = document.tables[0]
    assert header.rows[0].cells[1].paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert header.rows[0].cells[1].paragraphs[0].runs[0].bold
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            assert run.font.name in (None, "Times New Roman")


def find_table(document: DocxDocument, first_header: str, second_header: str) -> Table:
    for table in document.tables:
        cells = [cell.text for cell in table.rows[0].cells]
        if cells[:2] == [first_header, second_header]:
            return table
    raise AssertionError(f"no table starting with {first_header!r}, {second_header!r}")


# --- Data --------------------------------------------------------------------------------------


@dataclass
class World:
    tree: Tree
    round: Round
    person: Person
    nomination: Nomination
    revoked: AwardRecord


def annual_round(tree: Tree) -> Round:
    return Round.objects.create(
        name="Khen thưởng tổng kết năm 2023",
        kind="hang_nam",
        award_type="phong_trao",
        year=2023,
        issuer=tree.province,
        submission_deadline=datetime.date(2024, 1, 20),
    )


@pytest.fixture
def world(tree: Tree) -> World:
    person = person_create(
        actor=None,
        full_name="Nguyễn Thị Hòa",
        gender="nu",
        unit=tree.unit,
        category="truc_tiep",
        birth_year=1985,
        position="Chuyên viên chính",
    )
    award_record_create(
        actor=None,
        subject=person,
        year=2022,
        award=LDTT,
        award_type="phong_trao",
        decision_number="123/QĐ-SNV",
        decision_date=datetime.date(2022, 12, 20),
        issuer="Giám đốc Sở Nội vụ",
    )
    revoked = award_record_create(
        actor=None,
        subject=person,
        year=2021,
        award=LDTT,
        award_type="phong_trao",
        decision_number="777/QĐ-SNV",
        decision_date=datetime.date(2021, 12, 15),
        issuer="Giám đốc Sở Nội vụ",
    )
    award_record_revoke(actor=None, record=revoked, reason="Kê khai không trung thực")
    rating_set(actor=None, subject=person, year=2023, rating="HTXSNV")
    rating_set(actor=None, subject=person, year=2022, rating="HTTNV")
    initiative_create(
        actor=None,
        person=person,
        title="Số hóa hồ sơ thi đua, khen thưởng",
        year=2023,
        scope="co_so",
    )
    round_ = annual_round(tree)
    nomination = Nomination.objects.create(
        round=round_,
        unit=tree.unit,
        person=person,
        award=CSTD_CO_SO,
        achievement="Hoàn thành xuất sắc nhiệm vụ năm 2023.\nCó sáng kiến được công nhận.",
        eligibility={
            "as_of": "2024-01-10",
            "criteria": [
                {
                    "code": "ldtt_rating",
                    "passed": True,
                    "explanation": "Năm 2023 hoàn thành xuất sắc nhiệm vụ ✓",
                    "reference": "Điều 23 Luật Thi đua, khen thưởng số 06/2022/QH15",
                }
            ],
        },
    )
    return World(tree, round_, person, nomination, revoked)


# --- Tờ trình --------------------------------------------------------------------------------


def test_generators_serve_the_two_generated_dossier_pieces() -> None:
    assert dict(GENERATORS) == {
        DossierKind.TO_TRINH: nomination_request_docx,
        DossierKind.BAO_CAO: achievement_report_docx,
    }
    assert DOCX_CONTENT_TYPE.endswith("wordprocessingml.document")


def test_nomination_request_layout_and_content(world: World) -> None:
    name, content = nomination_request_docx(world.nomination, on=SIGNED_ON)

    document = read(content)
    texts = paragraphs(document)
    text = full_text(document)
    assert name == "to-trinh-nguyen-thi-hoa.docx"
    assert_decree_30_layout(document)
    assert_strict_layout(document, title="TỜ TRÌNH")
    header = table_rows(document.tables[0])
    assert header[0][0].split("\n") == ["UBND TỈNH THỬ NGHIỆM", "SỞ NỘI VỤ", ""]
    assert header[1] == ["Số:      /TTr-SNV", "Thử Nghiệm, ngày 06 tháng 02 năm 2024"]
    assert "TỜ TRÌNH" in texts
    assert "Về việc đề nghị tặng danh hiệu “Chiến sĩ thi đua cơ sở”" in texts
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Thử Nghiệm." in texts
    assert "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;" in texts
    assert "Nghị định số 98/2023/NĐ-CP" in text
    assert (
        "Căn cứ thành tích đạt được của bà Nguyễn Thị Hòa trong thực hiện nhiệm vụ năm 2023."
        in texts
    )
    assert "152/2025" not in text
    assert "- Bà Nguyễn Thị Hòa, Chuyên viên chính, Sở Nội vụ tỉnh Thử Nghiệm." in texts
    assert "Có sáng kiến được công nhận." in texts
    assert (
        "- Đạt: Năm 2023 hoàn thành xuất sắc nhiệm vụ "
        "(Điều 23 Luật Thi đua, khen thưởng số 06/2022/QH15)." in texts
    )
    assert "THỦ TRƯỞNG ĐƠN VỊ" in texts
    assert "Nơi nhận:" in texts
    assert "- Lưu: VT, SNV." in texts


def test_nomination_request_cites_decree_152_from_july_2025(world: World) -> None:
    _, content = nomination_request_docx(world.nomination, on=datetime.date(2025, 7, 1))

    text = full_text(read(content))
    assert "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025" in text
    assert "98/2023" not in text
    assert "Thử Nghiệm, ngày 01 tháng 7 năm 2025" in text


# --- Báo cáo thành tích -------------------------------------------------------------------------


def test_achievement_report_of_a_person_lists_the_valid_history(world: World) -> None:
    name, content = achievement_report_docx(world.nomination, on=SIGNED_ON)

    document = read(content)
    texts = paragraphs(document)
    assert name == "bao-cao-thanh-tich-nguyen-thi-hoa.docx"
    assert_decree_30_layout(document)
    assert_strict_layout(document, number_prefix=None, recipients=False, title="BÁO CÁO THÀNH TÍCH")
    assert "BÁO CÁO THÀNH TÍCH" in texts
    assert "Đề nghị tặng danh hiệu “Chiến sĩ thi đua cơ sở”" in texts
    assert "- Họ và tên: Nguyễn Thị Hòa" in texts
    assert "- Giới tính: Nữ" in texts
    assert "- Năm sinh: 1985" in texts
    assert "Hoàn thành xuất sắc nhiệm vụ năm 2023." in texts
    awards = find_table(document, "Năm", "Danh hiệu thi đua, hình thức khen thưởng")
    # The revoked 2021 award is not listed.
    assert table_rows(awards)[1:] == [
        ["2022", "Lao động tiên tiến", "123/QĐ-SNV ngày 20/12/2022", "Giám đốc Sở Nội vụ"]
    ]
    assert "777/QĐ-SNV" not in full_text(document)
    ratings = find_table(document, "Năm", "Xếp loại")
    assert table_rows(ratings)[1:] == [
        ["2022", "Hoàn thành tốt nhiệm vụ"],
        ["2023", "Hoàn thành xuất sắc nhiệm vụ"],
    ]
    initiatives = find_table(document, "Năm", "Tên sáng kiến, đề tài")
    assert table_rows(initiatives)[1:] == [
        ["2023", "Số hóa hồ sơ thi đua, khen thưởng", "Cấp cơ sở"]
    ]
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" in texts
    assert "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG" in texts


def test_achievement_report_of_a_collective(world: World) -> None:
    tree = world.tree
    award_record_create(
        actor=None,
        subject=tree.child,
        year=2023,
        award=TTLDTT,
        award_type="phong_trao",
        decision_number="56/QĐ-SNV",
        decision_date=datetime.date(2023, 12, 28),
        issuer="Giám đốc Sở Nội vụ",
    )
    nomination = Nomination.objects.create(
        round=world.round,
        unit=tree.unit,
        collective=tree.child,
        award=BANG_KHEN_TINH,
        achievement="Dẫn đầu khối thi đua.",
    )

    name, content = achievement_report_docx(nomination, on=SIGNED_ON)

    document = read(content)
    texts = paragraphs(document)
    assert name == "bao-cao-thanh-tich-phong-thi-dua-khen-thuong.docx"
    assert_decree_30_layout(document)
    assert_strict_layout(document, number_prefix=None, recipients=False, title="BÁO CÁO THÀNH TÍCH")
    assert table_rows(document.tables[0])[1][0] == "Số:      /BC-PTĐKT"
    assert "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH" in texts
    assert "- Tên tập thể: Phòng Thi đua - Khen thưởng" in texts
    assert "- Cơ quan, đơn vị cấp trên trực tiếp: Sở Nội vụ tỉnh Thử Nghiệm" in texts
    awards = find_table(document, "Năm", "Danh hiệu thi đua, hình thức khen thưởng")
    assert table_rows(awards)[1:] == [
        ["2023", "Tập thể lao động tiên tiến", "56/QĐ-SNV ngày 28/12/2023", "Giám đốc Sở Nội vụ"]
    ]
    assert "THỦ TRƯỞNG ĐƠN VỊ" in texts
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" not in texts


# --- Biên bản kiểm phiếu ------------------------------------------------------------------------


def test_tally_minutes_show_votes_percent_and_verdict(world: World) -> None:
    tree = world.tree
    members = [
        CouncilMember.objects.create(
            council_of=tree.province, year=2024, full_name=full_name, position=position, order=i
        )
        for i, (full_name, position) in enumerate(
            [
                ("Lê Văn Chủ", "Chủ tịch Hội đồng"),
                ("Phạm Thị Phó", "Phó Chủ tịch Hội đồng"),
                ("Trần Văn Ký", "Ủy viên, Thư ký Hội đồng"),
                ("Đỗ Văn Bốn", "Ủy viên"),
                ("Hồ Thị Năm", "Ủy viên"),
            ]
        )
    ]
    session = CouncilSession.objects.create(
        round=world.round,
        held_on=SIGNED_ON,
        place="Phòng họp số 1",
        ballot_mode="an_danh",
        status="dong",
        quorum={
            "met": True,
            "explanation": "Dự họp 4/5 thành viên (80 %) — cần từ 66,7 % trở lên ✓",
        },
    )
    session.members.set(members)
    session.present.set(members[:4])
    CandidateResult.objects.create(
        session=session,
        nomination=world.nomination,
        agree=3,
        disagree=1,
        abstain=0,
        written_agree=1,
        passed=True,
        percent="80 %",
        explanation="CSTĐ cơ sở: 4/5 thành viên Hội đồng đồng ý (80 %) ✓",
    )

    name, content = tally_minutes_docx(session)

    document = read(content)
    texts = paragraphs(document)
    assert name == "bien-ban-kiem-phieu-khen-thuong-tong-ket-nam-2023-2024-02-06.docx"
    assert_decree_30_layout(document)
    assert_strict_layout(document, recipients=False, title="BIÊN BẢN KIỂM PHIẾU")
    header = table_rows(document.tables[0])
    assert header[0][0].split("\n")[:2] == [
        "UBND TỈNH THỬ NGHIỆM",
        "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
    ]
    assert header[1] == ["Số:      /BB-HĐTĐKT", "Thử Nghiệm, ngày 06 tháng 02 năm 2024"]
    assert "BIÊN BẢN KIỂM PHIẾU" in texts
    assert "Tổng số thành viên Hội đồng: 05; số thành viên dự họp: 04; vắng mặt: 01." in texts
    assert "Dự họp 4/5 thành viên (80 %) — cần từ 66,7 % trở lên." in texts
    assert "Phiên họp đủ số thành viên dự họp theo quy định." in texts
    assert "Bỏ phiếu kín (chỉ ghi kết quả kiểm phiếu)." in texts
    tally = find_table(document, "STT", "Họ tên/Tập thể")
    assert table_rows(tally) == [
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
        [
            "1",
            "Nguyễn Thị Hòa",
            "Sở Nội vụ tỉnh Thử Nghiệm",
            "Chiến sĩ thi đua cơ sở",
            "3",
            "1",
            "0",
            "1",
            "80 %",
            "Thông qua",
        ],
    ]
    assert "1. Nguyễn Thị Hòa: CSTĐ cơ sở: 4/5 thành viên Hội đồng đồng ý (80 %)." in texts
    signatures = table_rows(document.tables[-1])[0]
    assert signatures[0].split("\n")[0] == "THƯ KÝ HỘI ĐỒNG"
    assert signatures[0].split("\n")[-1] == "Trần Văn Ký"
    assert signatures[1].split("\n")[0] == "CHỦ TỊCH HỘI ĐỒNG"
    assert signatures[1].split("\n")[-1] == "Lê Văn Chủ"

    # The minutes of the same meeting: who met, what was considered per award, the conclusion.
    name, content = meeting_minutes_docx(session)

    document = read(content)
    texts = paragraphs(document)
    assert name == "bien-ban-hop-xet-khen-thuong-tong-ket-nam-2023-2024-02-06.docx"
    assert_strict_layout(document, recipients=False, title="BIÊN BẢN")
    assert "Họp xét khen thưởng" in texts
    assert "Tổng số thành viên Hội đồng: 05; số thành viên dự họp: 04; vắng mặt: 01." in texts
    assert "Chủ trì cuộc họp: Lê Văn Chủ." in texts
    considered = find_table(document, "STT", "Danh hiệu, hình thức")
    assert table_rows(considered)[1:] == [["1", "Chiến sĩ thi đua cơ sở", "1", "1", "0"]]
    assert any(
        text.startswith("Hội đồng thống nhất đề nghị Chủ tịch Ủy ban nhân dân tỉnh Thử Nghiệm")
        and "01 trường hợp được thông qua" in text
        for text in texts
    )
    signatures = table_rows(document.tables[-1])[0]
    assert signatures[0].split("\n")[-1] == "Trần Văn Ký"
    assert signatures[1].split("\n")[0] == "CHỦ TRÌ CUỘC HỌP"


# --- Quyết định ---------------------------------------------------------------------------------


def award_decision(world: World, **fields: Any) -> Decision:
    decision = Decision.objects.create(
        kind="khen_thuong",
        round=world.round,
        issuer=world.tree.province,
        award=CSTD_CO_SO,
        title="Tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2023",
        **fields,
    )
    DecisionItem.objects.create(decision=decision, nomination=world.nomination, order=1)
    return decision


def test_signed_decision_with_reward_money_and_list(world: World) -> None:
    decision = award_decision(
        world,
        number="15/QĐ-UBND",
        signed_on=SIGNED_ON,
        signer_name="Nguyễn Văn Ký",
        signer_title="Phó Chủ tịch",
        status="signed",
    )

    name, content = decision_docx(decision)

    document = read(content)
    texts = paragraphs(document)
    assert name == "quyet-dinh-15-qd-ubnd.docx"
    assert_decree_30_layout(document)
    assert_strict_layout(document, title="QUYẾT ĐỊNH")
    assert "DỰ THẢO" not in texts
    header = table_rows(document.tables[0])
    assert header[0][0].split("\n")[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH THỬ NGHIỆM"]
    assert header[1] == ["Số: 15/QĐ-UBND", "Thử Nghiệm, ngày 06 tháng 02 năm 2024"]
    assert "QUYẾT ĐỊNH" in texts
    assert "Về việc tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2023" in texts
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM" in texts
    assert "QUYẾT ĐỊNH:" in texts
    assert (
        "Điều 1. Tặng danh hiệu “Chiến sĩ thi đua cơ sở” cho 01 cá nhân (có danh sách kèm "
        "theo), đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2023." in texts
    )
    article_2 = next(text for text in texts if text.startswith("Điều 2."))
    assert "Nghị định số 98/2023/NĐ-CP" in article_2
    assert (
        "mỗi cá nhân được tặng danh hiệu “Chiến sĩ thi đua cơ sở” kèm theo tiền thưởng "
        "2.340.000 đồng" in article_2
    )
    assert any(text.startswith("Điều 3. Quyết định này có hiệu lực") for text in texts)
    signature = table_rows(document.tables[1])[0][1].split("\n")
    assert signature[:2] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert signature[-1] == "Nguyễn Văn Ký"
    assert "- Như Điều 3;" in texts
    assert "- Lưu: VT." in texts
    assert "DANH SÁCH" in texts
    assert (
        "(Kèm theo Quyết định số 15/QĐ-UBND ngày 06 tháng 02 năm 2024 của Chủ tịch Ủy ban "
        "nhân dân tỉnh Thử Nghiệm)" in texts
    )
    listed = find_table(document, "STT", "Họ và tên / Tập thể")
    assert table_rows(listed) == [
        ["STT", "Họ và tên / Tập thể", "Chức vụ, đơn vị", "Tiền thưởng (đồng)"],
        ["1", "Bà Nguyễn Thị Hòa", "Chuyên viên chính, Sở Nội vụ tỉnh Thử Nghiệm", "2.340.000"],
        ["", "Tổng cộng", "", "2.340.000"],
    ]


def test_unnumbered_decision_is_a_draft_with_blank_number_and_date(world: World) -> None:
    collective = Nomination.objects.create(
        round=world.round,
        unit=world.tree.unit,
        collective=world.tree.child,
        award=BANG_KHEN_TINH,
        achievement="Dẫn đầu khối thi đua.",
    )
    decision = Decision.objects.create(
        kind="khen_thuong",
        round=world.round,
        issuer=world.tree.province,
        award=BANG_KHEN_TINH,
        title="Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    )
    DecisionItem.objects.create(decision=decision, nomination=collective, order=1)

    name, content = decision_docx(decision)

    document = read(content)
    texts = paragraphs(document)
    assert name.startswith("du-thao-quyet-dinh-")
    assert_decree_30_layout(document)
    assert_strict_layout(document, title="QUYẾT ĐỊNH")
    assert texts[0] == "DỰ THẢO"
    assert table_rows(document.tables[0])[1][0] == "Số:      /QĐ-UBND"
    assert any(
        text.startswith("(Kèm theo Quyết định số      /QĐ-UBND ngày      tháng") for text in texts
    )
    # Under Decree 98/2023 (today or the signing day) the rules give no collective amount, or
    # they do under 152/2025: either way the articles are numbered without a gap.
    articles = [text.split(".")[0] for text in texts if text.startswith("Điều ")]
    assert articles == [f"Điều {n}" for n in range(1, len(articles) + 1)]
    listed = find_table(document, "STT", "Họ và tên / Tập thể")
    assert table_rows(listed)[1][:3] == [
        "1",
        "Phòng Thi đua - Khen thưởng",
        "Sở Nội vụ tỉnh Thử Nghiệm",
    ]


def test_no_money_article_when_the_rules_give_no_amount(world: World) -> None:
    collective = Nomination.objects.create(
        round=world.round,
        unit=world.tree.unit,
        collective=world.tree.child,
        award=TTLDTT,
        achievement="Hoàn thành tốt nhiệm vụ.",
    )
    # Decree 98/2023 (in force on the signing day) gives no amount for collectives.
    decision = Decision.objects.create(
        kind="khen_thuong",
        round=world.round,
        issuer=world.tree.province,
        award=TTLDTT,
        title="Tặng danh hiệu Tập thể lao động tiên tiến",
        number="16/QĐ-UBND",
        signed_on=SIGNED_ON,
    )
    DecisionItem.objects.create(decision=decision, nomination=collective, order=1)

    _, content = decision_docx(decision)

    document = read(content)
    texts = paragraphs(document)
    articles = [text.split(".")[0] for text in texts if text.startswith("Điều ")]
    assert articles == ["Điều 1", "Điều 2"]
    assert next(text for text in texts if text.startswith("Điều 2.")).startswith(
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký."
    )
    assert "- Như Điều 2;" in texts
    listed = find_table(document, "STT", "Họ và tên / Tập thể")
    assert table_rows(listed) == [
        ["STT", "Họ và tên / Tập thể", "Chức vụ, đơn vị"],
        ["1", "Phòng Thi đua - Khen thưởng", "Sở Nội vụ tỉnh Thử Nghiệm"],
    ]


def test_revocation_decision_lists_the_revoked_awards_with_reason(world: World) -> None:
    decision = Decision.objects.create(
        kind="thu_hoi",
        issuer=world.tree.province,
        title="Hủy bỏ quyết định khen thưởng",
        reason="Kê khai không trung thực thành tích",
        number="20/QĐ-UBND",
        signed_on=datetime.date(2024, 3, 1),
    )
    DecisionItem.objects.create(decision=decision, award_record=world.revoked, order=1)

    _, content = decision_docx(decision)

    document = read(content)
    texts = paragraphs(document)
    assert_decree_30_layout(document)
    assert_strict_layout(document, title="QUYẾT ĐỊNH")
    assert "Về việc hủy bỏ quyết định khen thưởng" in texts
    assert texts[texts.index("QUYẾT ĐỊNH:") + 1].startswith(
        "Điều 1. Hủy bỏ quyết định khen thưởng, thu hồi hiện vật và tiền thưởng đã tặng cho "
        "01 cá nhân"
    )
    assert "Lý do: Kê khai không trung thực thành tích." in texts
    assert not any("tiền thưởng 2.340.000" in text for text in texts)
    listed = find_table(document, "STT", "Họ và tên / Tập thể")
    assert table_rows(listed)[1] == [
        "1",
        "Bà Nguyễn Thị Hòa",
        "Chuyên viên chính, Sở Nội vụ tỉnh Thử Nghiệm",
        "Lao động tiên tiến",
        "777/QĐ-SNV ngày 15/12/2021",
    ]


# --- Bằng khen, giấy khen ---------------------------------------------------------------------


def test_certificates_one_landscape_page_per_valid_award(world: World) -> None:
    decision = award_decision(
        world,
        number="15/QĐ-UBND",
        signed_on=SIGNED_ON,
        signer_name="Nguyễn Văn Ký",
        signer_title="Phó Chủ tịch",
        status="signed",
    )
    with pytest.raises(ApplicationError, match="không còn bằng, giấy khen nào"):
        certificates_docx(decision)  # no award record written yet
    record = award_record_create(
        actor=None,
        subject=world.person,
        year=2023,
        award=CSTD_CO_SO,
        award_type="phong_trao",
        decision_number="15/QĐ-UBND",
        decision_date=SIGNED_ON,
        issuer="Chủ tịch UBND tỉnh Thử Nghiệm",
    )
    decision.items.update(award_record=record)

    name, content = certificates_docx(decision)

    document = read(content)
    section = document.sections[0]
    assert name == "bang-khen-15-qd-ubnd.docx"
    assert section.page_width > section.page_height  # landscape A4
    assert round(section.page_width.mm) == 297
    texts = [text for text in paragraphs(document) if text]
    assert texts[:4] == [
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM",
        "TẶNG",
        "GIẤY CHỨNG NHẬN DANH HIỆU “CHIẾN SĨ THI ĐUA CƠ SỞ”",
        "Bà Nguyễn Thị Hòa",
    ]
    assert "Quyết định số 15/QĐ-UBND ngày 06/02/2024" in texts
    assert "Số sổ: 15/1" in texts
    assert "PHÓ CHỦ TỊCH" in texts
    assert "Nguyễn Văn Ký" in texts
    assert "PAGE" not in section.header._element.xml  # a certificate has no page number

    decision.status = "draft"
    with pytest.raises(ApplicationError, match="quyết định khen thưởng đã ký"):
        certificates_docx(decision)
