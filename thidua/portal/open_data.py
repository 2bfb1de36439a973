"""Open data: the files published at /open-data/, their documentation, and what never goes in.

Each file has a stable URL and stable field names (English, snake_case; never renamed, only
added to). The documentation shown on /open-data/ is built from `DATASETS`, the same list the
tests check the files against, so the two cannot drift apart.

Personal identifiers are never published. An award is published as the decision prints it: the
name of the person (or collective, or household's head), the unit, the award and the decision
(Luật Thi đua, khen thưởng 2022 requires awards to be made public). Everything that would
identify, locate, contact or profile a person beyond that stays out: see `NOT_PUBLISHED`.

Payloads are plain dicts built by pure functions from the public selectors; numbers are JSON
numbers, dates ISO 8601 (YYYY-MM-DD), times ISO 8601 with the +07:00 offset.
"""

import csv
import datetime
import hashlib
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from thidua.core.excel import neutralise
from thidua.core.text import to_local
from thidua.emulation.models import ClusterYear
from thidua.portal.selectors import PublicAward, PublicMeasure, PublicProgress
from thidua.targets.models import Campaign

__all__ = [
    "DATASETS",
    "LICENCE",
    "LICENCE_URL",
    "MAX_AGE_SECONDS",
    "NOT_PUBLISHED",
    "Dataset",
    "Field",
    "awards_csv",
    "awards_payload",
    "clusters_payload",
    "dataset",
    "json_bytes",
    "payload_etag",
    "targets_payload",
]

LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.vi"
# Shared caches may keep a file this long; the files change when the office publishes.
MAX_AGE_SECONDS = 15 * 60


@dataclass(frozen=True)
class Field:
    name: str
    type: Promise
    description: Promise


@dataclass(frozen=True)
class Dataset:
    """One published file: where it lives, what is in it and how often it changes."""

    file_name: str
    url_name: str
    title: Promise
    description: Promise
    media_type: str
    updated: Promise
    fields: tuple[Field, ...]
    parameters: tuple[Field, ...] = ()
    envelope: tuple[Field, ...] = ()


TEXT = _("chuỗi")
NUMBER = _("số")
INTEGER = _("số nguyên")
DATE = _("ngày (YYYY-MM-DD)")
DATETIME = _("thời điểm (ISO 8601, múi giờ +07:00)")
BOOLEAN = _("đúng/sai (true/false)")
OPTIONAL_NUMBER = _("số hoặc null")
OPTIONAL_DATE = _("ngày (YYYY-MM-DD) hoặc null")
TEXT_LIST = _("danh sách chuỗi")

GENERATED_AT = Field("generated_at", DATETIME, _("Thời điểm tạo tệp."))
ENVELOPE = (
    Field("dataset", TEXT, _("Tên bộ dữ liệu.")),
    GENERATED_AT,
    Field("licence", TEXT, _("Giấy phép (mã SPDX).")),
    Field("licence_url", TEXT, _("Địa chỉ văn bản giấy phép.")),
    Field("documentation", TEXT, _("Địa chỉ trang mô tả dữ liệu này.")),
)
YEAR_PARAMETER = Field("year", INTEGER, _("Chỉ lấy dữ liệu của năm này (không bắt buộc)."))

AWARD_FIELDS = (
    Field("name", TEXT, _("Họ và tên cá nhân, tên tập thể, hoặc “Hộ” và tên chủ hộ.")),
    Field(
        "subject_type",
        TEXT,
        _("Đối tượng: individual (cá nhân), collective (tập thể), household (hộ gia đình)."),
    ),
    Field("unit", TEXT, _("Đơn vị đề nghị khen thưởng, như trên quyết định.")),
    Field("award_code", TEXT, _("Mã danh hiệu, hình thức khen thưởng (ổn định).")),
    Field("award", TEXT, _("Tên danh hiệu, hình thức khen thưởng.")),
    Field("year", INTEGER, _("Năm thành tích.")),
    Field("decision_number", TEXT, _("Số, ký hiệu quyết định.")),
    Field("decision_date", DATE, _("Ngày ký quyết định.")),
    Field("issuer", TEXT, _("Cấp, người có thẩm quyền quyết định.")),
    Field("decision_url", TEXT, _("Trang công khai của quyết định (có bản đã ký).")),
    Field("is_demo", BOOLEAN, _("Dữ liệu minh họa, không có giá trị pháp lý.")),
)

MEASURE_FIELDS = (
    Field("target_number", INTEGER, _("Số thứ tự chỉ tiêu trong văn bản phát động.")),
    Field("target_text", TEXT, _("Nội dung chỉ tiêu.")),
    Field("code", TEXT, _("Mã chỉ số đo (ổn định trong năm).")),
    Field("indicator", TEXT, _("Chỉ số.")),
    Field("unit", TEXT, _("Đơn vị tính.")),
    Field("rule", TEXT, _("Yêu cầu của chỉ tiêu, như văn bản ghi.")),
    Field("lead_unit", TEXT, _("Cơ quan chủ trì theo dõi.")),
    Field(
        "status",
        TEXT,
        _("Đánh giá: vuot, dat, dung_tien_do, cham_tien_do, nguy_co, chua_dat, chua_co_so_lieu."),
    ),
    Field("status_label", TEXT, _("Tên đánh giá.")),
    Field("actual", OPTIONAL_NUMBER, _("Kết quả mới nhất của toàn tỉnh (số liệu đã duyệt).")),
    Field("actual_date", OPTIONAL_DATE, _("Ngày cuối kỳ của kết quả mới nhất.")),
    Field("target", OPTIONAL_NUMBER, _("Mức phải đạt để so sánh.")),
    Field("achievement_ratio", OPTIONAL_NUMBER, _("Tỷ lệ đạt so với chỉ tiêu (1 = 100 %).")),
    Field("forecast", OPTIONAL_NUMBER, _("Dự báo cả năm.")),
    Field("explanation", TEXT, _("Giải thích đánh giá.")),
    Field(
        "series",
        _("danh sách {period_end: ngày, value: số}"),
        _("Số liệu toàn tỉnh theo kỳ báo cáo (chỉ số liệu đã duyệt, đã tổng hợp)."),
    ),
)

STANDING_FIELDS = (
    Field("cluster", TEXT, _("Tên cụm, khối thi đua.")),
    Field("kind", TEXT, _("Loại: cum (cụm, theo địa bàn) hoặc khoi (khối, theo chức năng).")),
    Field("kind_label", TEXT, _("Tên loại.")),
    Field("year", INTEGER, _("Năm.")),
    Field("leader", TEXT, _("Đơn vị trưởng cụm, khối.")),
    Field("published_at", DATETIME, _("Thời điểm công bố kết quả.")),
    Field(
        "standings",
        _("danh sách {rank, unit, total, explanation}"),
        _("Xếp hạng: hạng, đơn vị, tổng điểm, cách phân định khi bằng điểm."),
    ),
    Field("flag_proposed", TEXT_LIST, _("Đơn vị được đề nghị tặng Cờ thi đua.")),
    Field("certificate_proposed", TEXT_LIST, _("Đơn vị được đề nghị tặng Bằng khen.")),
    Field("explanation", TEXT, _("Giải thích đề nghị khen thưởng của cụm, khối.")),
)

DATASETS: tuple[Dataset, ...] = (
    Dataset(
        file_name="targets.json",
        url_name="opendata:targets-json",
        title=_("Tiến độ chỉ tiêu thi đua của tỉnh"),
        description=_(
            "Các chỉ tiêu của phong trào thi đua năm hiện hành (hoặc của năm chọn): yêu cầu, kết "
            "quả toàn tỉnh, tỷ lệ đạt, đánh giá và diễn biến theo kỳ. Chỉ gồm số liệu đã được "
            "duyệt và tổng hợp ở cấp tỉnh; không có số liệu riêng của đơn vị nào."
        ),
        media_type="application/json",
        updated=_("Khi một báo cáo chỉ tiêu được duyệt."),
        parameters=(YEAR_PARAMETER,),
        envelope=(
            *ENVELOPE,
            Field(
                "campaign",
                _("đối tượng hoặc null"),
                _(
                    "Phong trào: year, name, province, directive_number, directive_date, "
                    "issuer, is_demo."
                ),
            ),
            Field("as_of", DATE, _("Ngày tính kết quả.")),
            Field("available_years", _("danh sách số nguyên"), _("Các năm có dữ liệu.")),
            Field("measures", _("danh sách"), _("Các chỉ số đo, mỗi phần tử có các trường dưới.")),
        ),
        fields=MEASURE_FIELDS,
    ),
    Dataset(
        file_name="awards.csv",
        url_name="opendata:awards-csv",
        title=_("Danh sách khen thưởng đã công khai (CSV)"),
        description=_(
            "Mỗi dòng là một khen thưởng trong quyết định đã công khai và chưa bị thu hồi. Tệp "
            "CSV mã UTF-8 có BOM (Excel mở đúng tiếng Việt), phân tách bằng dấu phẩy, dòng đầu "
            "là tên trường."
        ),
        media_type="text/csv",
        updated=_("Khi một quyết định được công khai hoặc một khen thưởng bị thu hồi."),
        parameters=(YEAR_PARAMETER,),
        fields=AWARD_FIELDS,
    ),
    Dataset(
        file_name="awards.json",
        url_name="opendata:awards-json",
        title=_("Danh sách khen thưởng đã công khai (JSON)"),
        description=_("Cùng nội dung với tệp CSV, trong trường “awards”."),
        media_type="application/json",
        updated=_("Khi một quyết định được công khai hoặc một khen thưởng bị thu hồi."),
        parameters=(YEAR_PARAMETER,),
        envelope=(
            *ENVELOPE,
            Field("year", _("số nguyên hoặc null"), _("Năm đã chọn (null: mọi năm).")),
            Field("count", INTEGER, _("Số khen thưởng.")),
            Field("awards", _("danh sách"), _("Các khen thưởng, mỗi phần tử có các trường dưới.")),
        ),
        fields=AWARD_FIELDS,
    ),
    Dataset(
        file_name="clusters.json",
        url_name="opendata:clusters-json",
        title=_("Kết quả xếp hạng cụm, khối thi đua"),
        description=_("Kết quả chấm điểm, xếp hạng đã công bố của các cụm, khối thi đua."),
        media_type="application/json",
        updated=_("Khi cụm, khối công bố kết quả (thường mỗi năm một lần)."),
        parameters=(YEAR_PARAMETER,),
        envelope=(
            *ENVELOPE,
            Field("editions", _("danh sách"), _("Các cụm, khối theo năm, mỗi phần tử dưới đây.")),
        ),
        fields=STANDING_FIELDS,
    ),
)

# What counts as a personal identifier here, and never appears on a public page or file.
NOT_PUBLISHED: tuple[Promise, ...] = (
    _("ngày, tháng, năm sinh và tuổi"),
    _("giới tính"),
    _("số định danh cá nhân, căn cước, chứng minh nhân dân, hộ chiếu, mã số bảo hiểm, thuế"),
    _("số điện thoại, thư điện tử, địa chỉ (kể cả địa chỉ của hộ gia đình)"),
    _("mã định danh nội bộ của cá nhân trong hệ thống"),
    _("chức vụ và đối tượng thống kê (lãnh đạo, người lao động trực tiếp…) của cá nhân"),
    _("họ tên và thông tin liên hệ của người góp ý"),
    _("hồ sơ đề nghị, tóm tắt thành tích, phiếu biểu quyết, kết quả xếp loại, kỷ luật, sáng kiến"),
    _(
        "dự thảo hoặc quyết định chưa công khai, đề nghị chưa có quyết định công khai (trừ "
        "danh sách đang lấy ý kiến nhân dân), góp ý chưa được duyệt, số liệu chỉ tiêu chưa "
        "được duyệt và số liệu riêng của từng đơn vị"
    ),
)


def dataset(file_name: str) -> Dataset:
    return next(item for item in DATASETS if item.file_name == file_name)


# --- Encoding ------------------------------------------------------------------------------


def number(value: Decimal | int | None) -> int | float | None:
    """A JSON number: integral values as integers, others as the nearest float."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _moment(value: datetime.datetime | None) -> str | None:
    return to_local(value).isoformat(timespec="seconds") if value is not None else None


def envelope(name: str, *, generated_at: datetime.datetime, documentation: str) -> dict[str, Any]:
    return {
        "dataset": name,
        "generated_at": _moment(generated_at),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "documentation": documentation,
    }


def payload_etag(payload: dict[str, Any]) -> str:
    """An ETag of the data: the same whenever the content is, whatever `generated_at` says."""
    stable = {key: value for key, value in payload.items() if key != "generated_at"}
    digest = hashlib.sha256(json_bytes(stable)).hexdigest()[:32]
    return f'"{digest}"'


def json_bytes(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- Payloads --------------------------------------------------------------------------------


def _measure(item: PublicMeasure) -> dict[str, Any]:
    return {
        "target_number": item.target_number,
        "target_text": item.target_text,
        "code": item.code,
        "indicator": item.indicator,
        "unit": item.unit,
        "rule": item.rule,
        "lead_unit": item.lead_unit,
        "status": item.status,
        "status_label": item.status_label,
        "actual": number(item.actual),
        "actual_date": _iso(item.actual_date),
        "target": number(item.target),
        "achievement_ratio": number(item.ratio),
        "forecast": number(item.forecast),
        "explanation": item.reason,
        "series": [{"period_end": _iso(day), "value": number(value)} for day, value in item.series],
    }


def _campaign(campaign: Campaign) -> dict[str, Any]:
    return {
        "year": campaign.year,
        "name": campaign.name,
        "province": campaign.province.name,
        "directive_number": campaign.directive_number,
        "directive_date": _iso(campaign.directive_date),
        "issuer": campaign.issuer,
        "is_demo": campaign.is_demo,
    }


def targets_payload(
    progress: PublicProgress | None,
    *,
    years: Sequence[int],
    as_of: datetime.date,
    generated_at: datetime.datetime,
    documentation: str,
) -> dict[str, Any]:
    return {
        **envelope("targets", generated_at=generated_at, documentation=documentation),
        "campaign": _campaign(progress.campaign) if progress is not None else None,
        "as_of": _iso(progress.as_of if progress is not None else as_of),
        "available_years": list(years),
        "measures": [_measure(item) for item in progress.measures] if progress else [],
    }


def award_row(award: PublicAward, decision_url: Callable[[int], str]) -> dict[str, Any]:
    return {
        "name": award.name,
        "subject_type": str(award.subject_type),
        "unit": award.unit,
        "award_code": award.award_code,
        "award": award.award,
        "year": award.year,
        "decision_number": award.decision_number,
        "decision_date": _iso(award.decision_date),
        "issuer": award.issuer,
        "decision_url": decision_url(award.decision_id),
        "is_demo": award.is_demo,
    }


def awards_payload(
    awards: Iterable[PublicAward],
    *,
    year: int | None,
    decision_url: Callable[[int], str],
    generated_at: datetime.datetime,
    documentation: str,
) -> dict[str, Any]:
    rows = [award_row(award, decision_url) for award in awards]
    return {
        **envelope("awards", generated_at=generated_at, documentation=documentation),
        "year": year,
        "count": len(rows),
        "awards": rows,
    }


def _cell(value: Any) -> str:
    """A CSV field a spreadsheet opening the file takes as text, never as a formula (the same
    guard as every workbook the platform writes: `core.excel.neutralise`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise("" if value is None else str(value))


def awards_csv(awards: Iterable[PublicAward], *, decision_url: Callable[[int], str]) -> bytes:
    """The awards as CSV: UTF-8 with a BOM (so Excel reads Vietnamese), CRLF, a header row."""
    names = [field.name for field in AWARD_FIELDS]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(names)
    for award in awards:
        row = award_row(award, decision_url)
        writer.writerow([_cell(row[name]) for name in names])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _standing(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "rank": row.get("rank"),
        "unit": row.get("unit", ""),
        "total": number(Decimal(str(row["total"]))) if row.get("total") is not None else None,
        "explanation": row.get("explanation", ""),
    }


def _edition(edition: ClusterYear) -> dict[str, Any]:
    standings = edition.standings or {}
    return {
        "cluster": edition.cluster.name,
        "kind": edition.cluster.kind,
        "kind_label": str(edition.cluster.get_kind_display()),
        "year": edition.year,
        "leader": edition.leader.name,
        "published_at": _moment(edition.published_at),
        "standings": [_standing(row) for row in standings.get("rows", [])],
        "flag_proposed": list(standings.get("flag", [])),
        "certificate_proposed": list(standings.get("certificates", [])),
        "explanation": standings.get("explanation", ""),
    }


def clusters_payload(
    editions: Iterable[ClusterYear], *, generated_at: datetime.datetime, documentation: str
) -> dict[str, Any]:
    return {
        **envelope("clusters", generated_at=generated_at, documentation=documentation),
        "editions": [_edition(edition) for edition in editions],
    }
