"""Kon Tum's emulation block and cluster of 2024 (RULES.md §4): the block of the culture and
social affairs agencies led by Sở Thông tin và Truyền thông, and the cluster of the districts
and the city, each with its covenant, a scoring table of 100 points plus điểm cộng and điểm trừ
that uses every formula, and a year of scoring.

The block (the leader cross-scores) is carried to the end: self → cross → review, one sheet
returned with its reason and scored again, the standings published and its Cờ thi đua and
Bằng khen proposals turned into draft nominations of a 2024 round, with the minutes. The
cluster (members cross-score in a ring) waits for the office's review.

The members and leaders are real (Báo cáo of the block, RULES.md §4); the heads who sign, the
figures and the scores are invented for the demo. Every write goes through the services; the
timestamps the services take from the clock, and the covenant's conference that no service
records, are then set into 2024, as the other 2024 demos do.
"""

import datetime
import random
from dataclasses import dataclass
from typing import Any

from thidua.commendation.models import Nomination, Round, RoundKind
from thidua.commendation.services import round_close, round_create
from thidua.core.text import TIME_ZONE
from thidua.demo.commendation_2024 import demo_pdf
from thidua.demo.org_units import AGENCY_BY_KEY, DEMO_PROVINCE_CODE, merged_province
from thidua.emulation.documents import standings_minutes_docx
from thidua.emulation.models import Assessment, ClusterKind, ClusterYear, CrossMode
from thidua.emulation.services.clusters import (
    assessment_return,
    assessment_review,
    assessment_save,
    assessment_submit,
    cluster_create,
    covenant_sign,
    edition_create,
    edition_publish,
    evidence_add,
    proposals_create,
    scoring_table_set,
    standings_for,
)
from thidua.org.enums import UnitKind
from thidua.org.models import OrgUnit

YEAR = 2024
UNITS_DAY = datetime.date(2024, 6, 30)  # the 2024 versions of the units
COVENANT_DAY = datetime.date(2024, 3, 5)
COVENANT_PLACE = "Hội nghị ký kết giao ước thi đua năm 2024"
SELF_DAYS = [datetime.date(2024, 11, day) for day in (25, 26, 27, 28, 29)]
CROSS_DAYS = [datetime.date(2024, 12, day) for day in (2, 3)]
REVIEW_DAY = datetime.date(2024, 12, 4)
RESCORED_DAY = datetime.date(2024, 12, 5)
PUBLISH_DAY = datetime.date(2024, 12, 6)
ROUND_DEADLINE = datetime.date(2024, 12, 10)

BLOCK_NAME = "Khối các cơ quan tham mưu quản lý nhà nước về văn hóa – xã hội"
CLUSTER_NAME = "Cụm thi đua các huyện, thành phố"
ROUND_NAME = "Đề nghị khen thưởng của cụm, khối thi đua năm 2024 (minh họa)"
PLAN_FACT = "ke_hoach"
FACTS = {PLAN_FACT: "Có kế hoạch tuyên truyền bằng văn bản"}
TIE_BREAK = ("2.1", "2.3")

# The block's members (agency key, head who signs; fictitious people), the leader first and
# the deputy second. Heads already named elsewhere in the demo keep their names.
BLOCK_MEMBERS: tuple[tuple[str, str], ...] = (
    ("stttt", "Đặng Văn Khánh, Giám đốc Sở"),
    ("syt", "Phạm Thị Dung, Giám đốc Sở"),
    ("sldtbxh", "Kha Văn Tịnh, Giám đốc Sở"),
    ("sgddt", "Tôn Nữ Diệu Linh, Giám đốc Sở"),
    ("skhcn", "Lạc Minh Triết, Giám đốc Sở"),
    ("svhttdl", "Lục Thị Hồng Nhung, Giám đốc Sở"),
    ("bdt", "A Thuận, Trưởng Ban"),
    ("cdkt", "Vi Thị Ngọc Diệp, Hiệu trưởng"),
    ("ptth", "Ninh Quang Thạch, Giám đốc Đài"),
)
WITHOUT_PLAN = "cdkt"  # declares no written propaganda plan: criterion 1.2 scores 0
RETURNED = "sldtbxh"
RETURN_REASON = (
    "Số hồ sơ thủ tục hành chính (tiêu chí 2.1) chưa khớp với báo cáo trên Hệ thống thông tin "
    "giải quyết thủ tục hành chính tỉnh; đề nghị rà soát, chấm lại và gửi kèm báo cáo rà soát."
)

# The cluster's members by district code (city first: the leader), with the heads who sign.
CLUSTER_MEMBERS: tuple[tuple[str, str], ...] = (
    ("608", "Trương Công Hậu, Chủ tịch UBND thành phố"),
    ("615", "Y Khoa, Chủ tịch UBND huyện"),
    ("610", "Bế Văn Lực, Chủ tịch UBND huyện"),
    ("611", "Giang Thị Mỹ Duyên, Chủ tịch UBND huyện"),
    ("612", "Lò Văn Khải, Chủ tịch UBND huyện"),
    ("613", "A Blương, Chủ tịch UBND huyện"),
    ("614", "Mạc Đình Chiến, Chủ tịch UBND huyện"),
    ("616", "Thạch Văn Lập, Chủ tịch UBND huyện"),
    ("617", "Ung Thị Hoài, Chủ tịch UBND huyện"),
    ("618", "Doãn Minh Hiếu, Chủ tịch UBND huyện"),
)


# --- The scoring tables --------------------------------------------------------------------


def _criterion(
    code: str,
    name: str,
    points: int,
    formula: str,
    guidance: str = "",
    *,
    evidence: bool = False,
    **params: Any,
) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "max_points": str(points),
        "formula": formula,
        "params": params,
        "guidance": guidance,
        "evidence_required": evidence,
    }


DISBURSEMENT_BANDS = [
    {"low": "80", "high": "90", "points": "5"},
    {"low": "90", "high": "95", "points": "10"},
    {"low": "95", "high": "100", "points": "13"},
    {"low": "100", "high": None, "points": "15"},
]
ON_TIME = _criterion(
    "2.1",
    "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn",
    20,
    "ratio",
    "Tỷ lệ = số hồ sơ giải quyết đúng hạn / tổng số hồ sơ đã giải quyết × 100 %; Điểm = Tỷ lệ "
    "× 20. Kèm báo cáo trích xuất từ Hệ thống thông tin giải quyết thủ tục hành chính tỉnh.",
    evidence=True,
)
DISBURSEMENT = _criterion(
    "2.2",
    "Tỷ lệ giải ngân vốn đầu tư công",
    15,
    "stepped",
    "Từ 80 % đến dưới 90 %: 5 điểm; từ 90 % đến dưới 95 %: 10 điểm; từ 95 % đến dưới 100 %: "
    "13 điểm; 100 %: 15 điểm; dưới 80 %: 0 điểm.",
    bands=DISBURSEMENT_BANDS,
)


def _first_group(third: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": "I",
        "name": "Tổ chức phong trào thi đua, công tác khen thưởng",
        "part": "base",
        "criteria": [
            _criterion(
                "1.1",
                "Xây dựng kế hoạch, phát động phong trào thi đua năm 2024",
                10,
                "manual",
                "Có kế hoạch, phát động đúng thời gian: 10 điểm; chậm hoặc thiếu nội dung: trừ "
                "theo mức độ.",
            ),
            _criterion(
                "1.2",
                "Tuyên truyền phong trào thi đua, gương điển hình tiên tiến",
                10,
                "manual",
                "Chỉ chấm khi đơn vị có kế hoạch tuyên truyền bằng văn bản; không có: 0 điểm.",
                requires=PLAN_FACT,
            ),
            third,
        ],
    }


ADDED_AND_DEDUCTED = [
    {
        "code": "III",
        "name": "Điểm cộng",
        "part": "bonus",
        "cap": "10",
        "criteria": [
            _criterion("3.1", "Mô hình, điển hình tiên tiến được nhân rộng", 5, "bonus"),
            _criterion(
                "3.2",
                "Sáng kiến được công nhận có phạm vi ảnh hưởng cấp tỉnh",
                5,
                "bonus",
                "2,5 điểm cho mỗi sáng kiến, tối đa 5 điểm.",
                amount="2.5",
            ),
            _criterion("3.3", "Được Trung ương khen thưởng về thành tích năm 2024", 5, "bonus"),
        ],
    },
    {
        "code": "IV",
        "name": "Điểm trừ",
        "part": "penalty",
        "cap": "10",
        "criteria": [
            _criterion(
                "4.1",
                "Chậm báo cáo theo yêu cầu của Hội đồng Thi đua - Khen thưởng tỉnh",
                6,
                "penalty",
                "Trừ 2 điểm mỗi lần chậm, tối đa 6 điểm.",
                amount="2",
            ),
            _criterion("4.2", "Có cán bộ, công chức, viên chức bị kỷ luật trong năm", 5, "penalty"),
        ],
    },
]

STATUS_POINTS = {"vuot": "10", "dat": "8"}
BLOCK_TABLE: list[dict[str, Any]] = [
    _first_group(
        _criterion(
            "1.3",
            "Thực hiện chế độ thông tin, báo cáo công tác thi đua, khen thưởng",
            5,
            "manual",
        )
    ),
    {
        "code": "II",
        "name": "Thực hiện nhiệm vụ chuyên môn được giao",
        "part": "base",
        "criteria": [
            ON_TIME,
            DISBURSEMENT,
            _criterion(
                "2.3",
                "Thực hiện các chỉ tiêu chủ yếu được giao năm 2024 (Chỉ thị 08/CT-UBND)",
                20,
                "target",
                "Điểm = mức đạt chỉ tiêu × 20, tính tối đa 100 %.",
            ),
            _criterion(
                "2.4",
                "Kết quả thực hiện chỉ tiêu cải cách hành chính được giao",
                10,
                "target",
                "Vượt chỉ tiêu: 10 điểm; đạt: 8 điểm; không đạt: 0 điểm.",
                status_points=STATUS_POINTS,
            ),
            _criterion(
                "2.5",
                "Xây dựng cơ quan, đơn vị văn hóa; công tác xây dựng Đảng, đoàn thể",
                10,
                "manual",
            ),
        ],
    },
    *ADDED_AND_DEDUCTED,
]
CLUSTER_TABLE: list[dict[str, Any]] = [
    _first_group(
        _criterion(
            "1.3",
            "Bảo đảm quốc phòng, an ninh, trật tự an toàn xã hội trên địa bàn",
            5,
            "manual",
        )
    ),
    {
        "code": "II",
        "name": "Thực hiện nhiệm vụ phát triển kinh tế - xã hội",
        "part": "base",
        "criteria": [
            ON_TIME,
            DISBURSEMENT,
            _criterion(
                "2.3",
                "Thu ngân sách nhà nước trên địa bàn so với dự toán được giao",
                20,
                "target",
                "Điểm = mức đạt dự toán × 20, tính tối đa 100 %.",
            ),
            _criterion(
                "2.4",
                "Giảm tỷ lệ hộ nghèo theo chỉ tiêu được giao",
                10,
                "target",
                "Vượt chỉ tiêu: 10 điểm; đạt: 8 điểm; không đạt: 0 điểm.",
                status_points=STATUS_POINTS,
            ),
            _criterion(
                "2.5",
                "Số xã đạt chuẩn nông thôn mới so với kế hoạch năm 2024",
                10,
                "ratio",
                "Điểm = số xã đạt chuẩn / số xã theo kế hoạch × 10; không được giao kế hoạch "
                "trong năm: 10 điểm.",
                full_when_empty=True,
            ),
        ],
    },
    *ADDED_AND_DEDUCTED,
]


# --- Figures -------------------------------------------------------------------------------


def _pick(rng: random.Random, *choices: str) -> dict[str, str]:
    return {"points": rng.choice(choices)}


def _self_entries(rng: random.Random, *, districts: bool) -> dict[str, dict[str, Any]]:
    """A member's plausible figures for the year."""
    files = rng.randint(400, 3000)
    late = rng.randint(0, files // 40)
    disbursed = "100" if rng.random() < 0.25 else f"{rng.uniform(78, 99.9):.1f}"
    last: dict[str, Any]
    if districts:
        planned = rng.choice([0, 1, 1, 2, 2, 3])
        last = {"numerator": rng.randint(max(planned - 1, 0), planned), "denominator": planned}
    else:
        last = _pick(rng, "8.5", "9", "9.5", "10")
    return {
        "1.1": _pick(rng, "8", "8.5", "9", "9.5", "10"),
        "1.2": _pick(rng, "8", "9", "9.5", "10"),
        "1.3": _pick(rng, "4", "4.5", "5"),
        "2.1": {"numerator": files - late, "denominator": files},
        "2.2": {"value": disbursed},
        "2.3": {"achievement": f"{rng.uniform(0.9, 1.08):.3f}"},
        "2.4": {"status": rng.choice(["vuot", "dat", "dat", "chua_dat"])},
        "2.5": last,
        "3.1": {"met": rng.random() < 0.4},
        "3.2": {"met": rng.choice([0, 0, 1, 1, 2, 3])},
        "3.3": {"met": rng.random() < 0.15},
        "4.1": {"count": rng.choice([0, 0, 0, 1, 1, 2])},
        "4.2": {"count": int(rng.random() < 0.1)},
    }


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TIME_ZONE)


def _evidence(sheet: Assessment, name: str, lines: list[str]) -> None:
    content = demo_pdf(name.removesuffix(".pdf"), [sheet.member.unit.name, *lines])
    evidence_add(actor=None, assessment=sheet, criterion_code="2.1", name=name, content=content)


# --- Loading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClustersDemo:
    block: ClusterYear
    cluster: ClusterYear
    round: Round
    nominations: list[Nomination]


def _edition(
    root: OrgUnit,
    name: str,
    kind: str,
    members: list[tuple[OrgUnit, str]],
    cross_mode: str,
    table: list[dict[str, Any]],
) -> ClusterYear:
    cluster = cluster_create(actor=None, organised_by=root, name=name, kind=kind, is_demo=True)
    units = [unit for unit, _signer in members]
    edition = edition_create(
        actor=None,
        cluster=cluster,
        year=YEAR,
        leader=units[0],
        deputy=units[1],
        members=units,
        cross_mode=cross_mode,
        covenant_signed_on=COVENANT_DAY,
        covenant_place=COVENANT_PLACE,
    )
    signers = dict(members)
    for member in edition.members.select_related("unit"):
        covenant_sign(
            actor=None, member=member, signed_on=COVENANT_DAY, signer=signers[member.unit]
        )
    scoring_table_set(actor=None, edition=edition, groups=table, tie_break=TIE_BREAK, facts=FACTS)
    return edition


def _self_score(
    sheet: Assessment, rng: random.Random, *, districts: bool, with_plan: bool
) -> Assessment:
    _evidence(sheet, "Báo cáo kết quả giải quyết thủ tục hành chính năm 2024.pdf", [])
    sheet = assessment_save(
        actor=None,
        assessment=sheet,
        entries=_self_entries(rng, districts=districts),
        facts=[PLAN_FACT] if with_plan else [],
    )
    return assessment_submit(actor=None, assessment=sheet)


def _sheets(edition: ClusterYear) -> list[Assessment]:
    return list(
        Assessment.objects.filter(member__edition=edition)
        .select_related("member__unit")
        .order_by("member__order")
    )


def _score_all(
    edition: ClusterYear,
    rng: random.Random,
    *,
    districts: bool,
    without_plan: OrgUnit | None,
    corrections: dict[int, dict[str, dict[str, Any]]],
) -> list[Assessment]:
    """Every member scores itself and sends; the cross assessor corrects the sheets listed in
    `corrections` (by member order) and sends every sheet."""
    sent = [
        _self_score(sheet, rng, districts=districts, with_plan=sheet.member.unit != without_plan)
        for sheet in _sheets(edition)
    ]
    crossed = []
    for order, sheet in enumerate(sent):
        if order in corrections:
            sheet = assessment_save(actor=None, assessment=sheet, entries=corrections[order])
        crossed.append(assessment_submit(actor=None, assessment=sheet))
        Assessment.objects.filter(pk=sheet.pk).update(
            submitted_at=_at(SELF_DAYS[order % len(SELF_DAYS)]),
            crossed_at=_at(CROSS_DAYS[order % len(CROSS_DAYS)], 15),
        )
    return crossed


def _publish_block(edition: ClusterYear, returned: OrgUnit, rng: random.Random) -> ClusterYear:
    """The office reviews every sheet, then returns one with its reason; the member scores it
    again, the leader cross-scores it, the office reviews it, and the standings are published."""
    sheets = {sheet.member.unit.pk: sheet for sheet in _sheets(edition)}
    for sheet in sheets.values():
        assessment_review(actor=None, assessment=sheet)
    sheet = assessment_return(actor=None, assessment=sheets[returned.pk], reason=RETURN_REASON)
    files = sheet.self_entries["2.1"]["denominator"]
    _evidence(sheet, "Báo cáo rà soát hồ sơ thủ tục hành chính.pdf", ["Rà soát theo yêu cầu"])
    sheet = assessment_save(
        actor=None,
        assessment=sheet,
        entries={"2.1": {"numerator": files - files // 25 - 3, "denominator": files}},
    )
    sheet = assessment_submit(actor=None, assessment=sheet)
    sheet = assessment_submit(actor=None, assessment=sheet)
    assessment_review(actor=None, assessment=sheet)
    Assessment.objects.filter(member__edition=edition).update(reviewed_at=_at(REVIEW_DAY, 16))
    Assessment.objects.filter(pk=sheet.pk).update(
        submitted_at=_at(RESCORED_DAY), crossed_at=_at(RESCORED_DAY, 14)
    )
    _standings, proposals, _results = standings_for(edition)
    votes = None
    if proposals.blocked_by_tie:  # the conference votes between the tied units
        tally = rng.sample(range(1, edition.members.count() + 1), len(proposals.tied))
        votes = dict(zip(proposals.tied, tally, strict=True))
    edition = edition_publish(actor=None, edition=edition, votes=votes)
    ClusterYear.objects.filter(pk=edition.pk).update(published_at=_at(PUBLISH_DAY, 10))
    edition.refresh_from_db()
    return edition


def _propose(edition: ClusterYear, root: OrgUnit) -> tuple[Round, list[Nomination]]:
    """The year-end round the block proposes into; closed once the drafts are made (the
    deadline has passed, and the demo's open round is today's)."""
    round_ = round_create(
        actor=None,
        issuer=root,
        name=ROUND_NAME,
        kind=RoundKind.CLUSTER,
        year=YEAR,
        submission_deadline=ROUND_DEADLINE,
        is_demo=True,
    )
    nominations = proposals_create(
        actor=None, edition=edition, round_=round_, minutes=standings_minutes_docx(edition)
    )
    return round_close(actor=None, round_=round_), nominations


def load_clusters_2024() -> ClustersDemo:
    """The block (published, proposals made) and the cluster (waiting for the review)."""
    rng = random.Random(YEAR)  # noqa: S311 - demo figures, not security
    units = OrgUnit.objects.valid_on(UNITS_DAY)
    root = units.get(parent__isnull=True, code=DEMO_PROVINCE_CODE)
    short = merged_province().old_provinces[0].short_name
    agencies = {
        key: units.get(parent=root, name=AGENCY_BY_KEY[key].name_in(DEMO_PROVINCE_CODE, short))
        for key, _signer in BLOCK_MEMBERS
    }
    districts = {unit.code: unit for unit in units.filter(parent=root, kind=UnitKind.HUYEN)}

    block = _edition(
        root,
        BLOCK_NAME,
        ClusterKind.BLOCK,
        [(agencies[key], signer) for key, signer in BLOCK_MEMBERS],
        CrossMode.LEADER,
        BLOCK_TABLE,
    )
    orders = {key: order for order, (key, _signer) in enumerate(BLOCK_MEMBERS)}
    _score_all(
        block,
        rng,
        districts=False,
        without_plan=agencies[WITHOUT_PLAN],
        corrections={
            orders["syt"]: {"1.1": {"points": "8"}},  # the plan was issued late
            orders["cdkt"]: {"4.1": {"count": 2}},  # a second late report
        },
    )
    block = _publish_block(block, agencies[RETURNED], rng)
    round_, nominations = _propose(block, root)

    cluster = _edition(
        root,
        CLUSTER_NAME,
        ClusterKind.CLUSTER,
        [(districts[code], signer) for code, signer in CLUSTER_MEMBERS],
        CrossMode.PEERS,
        CLUSTER_TABLE,
    )
    _score_all(
        cluster,
        rng,
        districts=True,
        without_plan=None,
        corrections={
            2: {"1.3": {"points": "3.5"}},  # a public order incident left out of the report
            6: {"2.2": {"value": "89.6"}},  # the disbursement as the State Treasury reports it
        },
    )
    return ClustersDemo(block=block, cluster=cluster, round=round_, nominations=nominations)
