"""The cluster's minutes of its year-end scoring (biên bản họp cụm, khối thi đua): the standings
and the proposals, as a DOCX in the Decree 30/2020 layout attached to the nominations it
proposes (RULES.md §4: the conference adopts the scoring result, then proposes 1 unit for the
Cờ thi đua and 1 for the Bằng khen). The leading unit issues it."""

from decimal import Decimal

from thidua.core.text import format_date_long, format_number, local_today
from thidua.documents.layout import (
    BLANK_NUMBER,
    Row,
    add_data_table,
    add_header,
    add_signature_row,
    add_text,
    add_title,
    docx_bytes,
    fill_signature,
    issuing_body,
    new_document,
    place_and_date,
    slug_or,
    unit_place,
)
from thidua.emulation.models import ClusterYear

__all__ = ["standings_minutes_docx"]


def standings_minutes_docx(edition: ClusterYear) -> tuple[str, bytes]:
    """The published standings of `edition` as minutes to sign (file name, bytes)."""
    cluster, leader = edition.cluster, edition.leader
    day = edition.published_at.date() if edition.published_at else local_today()
    body = issuing_body(leader)
    document = new_document()
    add_header(
        document,
        body,
        f"Số:{BLANK_NUMBER}/BB-{body.code}",
        place_and_date(unit_place(leader), day, edition.year),
    )
    add_title(
        document,
        "Biên bản",
        [
            f"Họp {cluster.name[:1].lower()}{cluster.name[1:]} năm {edition.year}",
            "Kết quả chấm điểm, xếp hạng thi đua",
        ],
    )
    add_text(
        document,
        f"Hôm nay, {format_date_long(day)}, {cluster.name} tổ chức họp thông qua kết quả chấm "
        f"điểm thi đua năm {edition.year} do Trưởng cụm, khối ({leader.name}) chủ trì.",
    )
    rows: list[Row] = [
        [
            str(row["rank"]),
            row["unit"],
            format_number(Decimal(row["total"]), decimals=edition.decimals),
            row["explanation"],
        ]
        for row in edition.standings.get("rows", [])
    ]
    add_data_table(
        document,
        ["Hạng", "Đơn vị", "Tổng điểm", "Ghi chú"],
        (15, 70, 25, 55),
        rows,
        centred=(0,),
        right=(2,),
    )
    explanation = edition.standings.get("explanation", "").strip().rstrip(".")
    if explanation:
        add_text(document, f"Kết quả bình xét: {explanation}.")
    add_text(
        document,
        "Biên bản được lập và thông qua tại hội nghị; các thành viên thống nhất ký tên./.",
    )
    left, right = add_signature_row(document)
    fill_signature(left, ["THƯ KÝ"], "", "")
    fill_signature(right, ["TRƯỞNG CỤM, KHỐI"], "", "")
    name = f"bien-ban-{slug_or(cluster.name, f'cum-{cluster.pk}')}-{edition.year}.docx"
    return name, docx_bytes(document)
