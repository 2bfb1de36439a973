"""The reading pipeline end to end: a scan rendered at test time and OCR'd for real gives the
same extraction as its clean text; Tesseract's word confidences become reviewable spans; the
`thidua ingest` command prints the structure or explains the refusal on stderr."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from thidua.core.text import search_key
from thidua.ingest.extract import extract
from thidua.ingest.pipeline import ocr_doubtful_spans, read_document
from thidua.ingest.rendering import OfficialHeader, render_scan_pdf
from thidua.ingest.sources import SourcePage, _text_from_tsv

KEY = Path(__file__).parent / "data" / "chi-thi-08-key.txt"
HEADER = OfficialHeader()  # Ủy ban nhân dân tỉnh Kon Tum, Số: 08/CT-UBND, 06/02/2024
TITLE = ["CHỈ THỊ", "Phát động Phong trào thi đua yêu nước năm 2024"]


def key_body(first: int, last: int) -> str:
    """Lines first..last (1-based) of the hand-corrected directive, as running paragraphs."""
    lines = KEY.read_text(encoding="utf-8").splitlines()[first - 1 : last]
    return "\n".join(line for line in lines if line.strip())


def measures(extraction: dict) -> list[tuple]:
    return [
        (target["no"], m["comparator"], m["value"], m["value_max"], m["unit"], m["baseline"])
        for target in extraction["targets"]
        for m in target["measures"]
    ]


def test_scan_extraction_equals_clean_text_extraction() -> None:
    body = key_body(7, 55)  # the preamble with the theme, the 14 targets, section II
    clean = "\n".join([*HEADER.left_lines, *HEADER.right_lines, "", *TITLE, "", body])
    scan = render_scan_pdf(body, dpi=200, noise=0.3, seed=8, header=HEADER, title_lines=TITLE)

    reading = read_document("chi-thi-08-quet.pdf", scan)
    expected = extract(clean).as_dict()

    assert reading.ocr
    assert not reading.restored
    assert measures(reading.extraction) == measures(expected)
    assert len(measures(expected)) == 19
    for field in ("type", "number", "date", "place"):
        assert reading.extraction["document"][field] == expected["document"][field], field
    for field in ("issuer", "title", "theme"):
        got, want = reading.extraction["document"][field], expected["document"][field]
        assert search_key(got or "") == search_key(want or ""), field


def test_tesseract_tsv_becomes_lines_paragraphs_and_doubtful_words() -> None:
    header = "\t".join(
        [
            "level",
            "page_num",
            "block_num",
            "par_num",
            "line_num",
            "word_num",
            "left",
            "top",
            "width",
            "height",
            "conf",
            "text",
        ]
    )
    rows = [
        "5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t96.1\tỦY",
        "5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t95.0\tBAN",
        "5\t1\t1\t1\t2\t1\t0\t0\t1\t1\t41.5\tTỈNH",
        "4\t1\t1\t2\t1\t0\t0\t0\t1\t1\t-1\t",
        "5\t1\t1\t2\t1\t1\t0\t0\t1\t1\t30.0\t08/CT",
        "5\t1\t1\t2\t1\t2\t0\t0\t1\t1\t12.0\tkhó",
    ]

    read = _text_from_tsv("\n".join([header, *rows]))

    assert read.text == "ỦY BAN\nTỈNH\n\n08/CT khó"
    # Codes are not "words" to check: only tokens with letters, below the threshold.
    assert read.doubtful == (("TỈNH", 0.415), ("khó", 0.12))


def test_doubtful_ocr_words_map_to_offsets_in_the_joined_text() -> None:
    pages = [
        SourcePage(1, "Thu ngân sách đạt 4.600 tỷ", None, (("ngân", 0.4), ("tỷ", 0.5))),
        SourcePage(2, "Thu hút khách du lịch", None, (("khách", 0.3), ("vắng", 0.2))),
    ]
    text = "\n\n".join(page.text for page in pages)

    spans = ocr_doubtful_spans(pages)

    assert [text[s["start"] : s["end"]] for s in spans] == ["ngân", "tỷ", "khách"]


def test_cli_prints_the_structure_as_json(tmp_path) -> None:
    out = io.StringIO()

    call_command("ingest", str(KEY), json=True, stdout=out)

    result = json.loads(out.getvalue())
    assert set(result) == {
        "document", "text", "restored", "ocr", "targets", "other_aims", "movements",
        "anniversaries", "legal_bases", "responsibilities", "recipients",
    }  # fmt: skip
    assert result["document"]["number"] == "08/CT-UBND"
    assert len(result["targets"]) == 14
    assert sum(len(t["measures"]) for t in result["targets"]) == 19
    assert not result["restored"]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "Tệp rỗng"), (b"The quick brown fox jumps over the lazy dog. " * 20, "tiếng Việt")],
)
def test_cli_refuses_with_a_reason(tmp_path, content, message) -> None:
    path = tmp_path / "van-ban.txt"
    path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        call_command("ingest", str(path))


def test_cli_names_a_missing_file(tmp_path) -> None:
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("ingest", str(tmp_path / "khong-co.txt"))


# The directive's 19 measures as the targets issue lists them: (target, comparator, value,
# value_max, unit). The legacy OCR copy is restored, then extracted.
SEED_MEASURES = [
    (1, ">=", "10", None, "%"),
    (2, ">", "63.7", None, "triệu đồng"),
    (3, ">=", "4600", None, "tỷ đồng"),
    (4, "new_count", "360", None, "doanh nghiệp"),
    (5, "=", "320", None, "triệu USD"),
    (6, "new_count", "1", None, "sản phẩm"),
    (7, "=", "58.5", None, "%"),
    (7, "=", "43", None, "%"),
    (8, "decrease_by", "3", "4", "%"),
    (9, "=", "39.3", None, "giường/vạn dân"),
    (10, "=", "94.15", None, "%"),
    (11, "=", "100", None, "%"),
    (11, "=", "85", None, "%"),
    (12, "rank_improve_by", "5", None, "bậc"),
    (12, "rank_improve_by", "5", None, "bậc"),
    (12, "rank_improve_by", "5", None, "bậc"),
    (12, "rank_improve_by", "5", None, "bậc"),
    (13, "new_count", "5", None, "xã"),
    (14, "=", "1700000", None, "lượt khách"),
]


def test_the_legacy_ocr_directive_end_to_end() -> None:
    seed = Path(__file__).parent / "data" / "chi-thi-08-ocr-cu.txt"

    reading = read_document(seed.name, seed.read_bytes())

    result = reading.extraction
    document = result["document"]
    assert reading.restored
    assert not reading.ocr
    assert [m[:5] for m in measures(result)] == SEED_MEASURES
    assert len(result["targets"]) == 14
    assert (document["type"], document["number"], document["date"]) == (
        "Chỉ thị",
        "08/CT-UBND",
        "2024-02-06",
    )
    assert document["issuer"] == "Ủy ban nhân dân tỉnh Kon Tum"
    assert search_key(document["theme"]).startswith("doan ket - trach nhiem - chu dong vuot kho")
    movements = [search_key(name) for name in result["movements"]]
    assert "ca nuoc chung suc xay dung nong thon moi" in movements
    assert len(result["movements"]) == 8
    assert [search_key(r["actor"]) for r in result["responsibilities"]][-1] == "so noi vu"
    assert len(result["responsibilities"]) == 5
    assert len(result["recipients"]) == 14
    assert "Ban Thi đua - Khen thưởng Trung ương (b/c)" in result["recipients"]
    # Baselines: the rank targets compare with 2023.
    assert {m[5] for m in measures(result) if m[1] == "rank_improve_by"} == {"2023"}
