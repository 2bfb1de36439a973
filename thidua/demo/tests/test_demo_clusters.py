"""The 2024 emulation block and cluster of the demo: members and leaders, covenants, the
scoring tables, the block's published standings and proposals, the cluster waiting for review.

The demo is loaded once for the module, inside a transaction rolled back when the module ends
(each test runs in a savepoint of it).
"""

import datetime
import io
import unicodedata
import zipfile
from decimal import Decimal

import pypdf
import pytest

from thidua.accounts.models import User
from thidua.commendation.models import Nomination, NominationStatus, Round, RoundStatus
from thidua.core.models import AuditEvent
from thidua.demo.clusters_2024 import (
    BLOCK_NAME,
    CLUSTER_NAME,
    COVENANT_DAY,
    COVENANT_PLACE,
    RETURN_REASON,
    ROUND_NAME,
)
from thidua.demo.org_units import DEMO_PROVINCE_CODE
from thidua.emulation.models import (
    Assessment,
    AssessmentStatus,
    ClusterYear,
    CrossMode,
    EditionStatus,
)
from thidua.emulation.scoring import FormulaKind, Part
from thidua.emulation.services.clusters import score, standings_for, table_for

pytestmark = pytest.mark.django_db
KT = "tỉnh Kon Tum"
BLOCK_MEMBERS = [
    f"Sở Thông tin và Truyền thông {KT}",
    f"Sở Y tế {KT}",
    f"Sở Lao động - Thương binh và Xã hội {KT}",
    f"Sở Giáo dục và Đào tạo {KT}",
    f"Sở Khoa học và Công nghệ {KT}",
    f"Sở Văn hóa, Thể thao và Du lịch {KT}",
    f"Ban Dân tộc {KT}",
    "Trường Cao đẳng Kon Tum",
    f"Đài Phát thanh - Truyền hình {KT}",
]
DISTRICTS = [
    "Thành phố Kon Tum",
    "Huyện Đăk Hà",
    "Huyện Đắk Glei",
    "Huyện Ngọc Hồi",
    "Huyện Đắk Tô",
    "Huyện Kon Plông",
    "Huyện Kon Rẫy",
    "Huyện Sa Thầy",
    "Huyện Tu Mơ Rông",
    "Huyện Ia H'Drai",
]


@pytest.fixture
def block(demo: None) -> ClusterYear:
    return ClusterYear.objects.select_related("cluster", "leader", "deputy").get(
        cluster__name=BLOCK_NAME
    )


@pytest.fixture
def cluster(demo: None) -> ClusterYear:
    return ClusterYear.objects.select_related("cluster", "leader", "deputy").get(
        cluster__name=CLUSTER_NAME
    )


def _members(edition: ClusterYear) -> list[str]:
    return [member.unit.name for member in edition.members.select_related("unit")]


def _sheets(edition: ClusterYear) -> dict[str, Assessment]:
    sheets = (
        Assessment.objects.filter(member__edition=edition)
        .select_related("member__unit")
        .order_by("member__order")
    )
    return {sheet.member.unit.name: sheet for sheet in sheets}


def test_the_block_has_its_real_members_led_by_the_information_department(
    block: ClusterYear,
) -> None:
    root = block.cluster.organised_by

    assert (block.cluster.kind, block.year, block.cluster.is_demo) == ("khoi", 2024, True)
    assert _members(block) == BLOCK_MEMBERS
    assert (block.leader.name, block.deputy and block.deputy.name) == (
        f"Sở Thông tin và Truyền thông {KT}",
        f"Sở Y tế {KT}",
    )
    assert block.cross_mode == CrossMode.LEADER
    assert (root.code, root.parent_id, root.name) == (DEMO_PROVINCE_CODE, None, "Tỉnh Kon Tum")
    assert all(
        member.unit.valid_from <= datetime.date(2024, 6, 30) < member.unit.valid_to
        for member in block.members.select_related("unit")
        if member.unit.valid_to is not None
    )


def test_the_cluster_has_the_districts_and_the_city_scoring_each_other(
    cluster: ClusterYear,
) -> None:
    assert (cluster.cluster.kind, cluster.year, cluster.cross_mode) == ("cum", 2024, "cheo")
    assert _members(cluster) == DISTRICTS
    assert (cluster.leader.name, cluster.deputy and cluster.deputy.name) == (
        "Thành phố Kon Tum",
        "Huyện Đăk Hà",
    )


def test_every_member_signed_the_covenant(block: ClusterYear, cluster: ClusterYear) -> None:
    for edition in (block, cluster):
        members = list(edition.members.all())

        assert (edition.covenant_signed_on, edition.covenant_place) == (
            COVENANT_DAY,
            COVENANT_PLACE,
        )
        assert {member.signed_on for member in members} == {datetime.date(2024, 3, 5)}
        assert all(
            member.signer and unicodedata.is_normalized("NFC", member.signer) for member in members
        )
        assert len({member.signer for member in members}) == len(members)


def test_the_tables_give_100_points_plus_capped_bonus_with_every_formula(
    block: ClusterYear, cluster: ClusterYear
) -> None:
    for edition in (block, cluster):
        table = table_for(edition)
        base = sum(
            (c.max_points for g in table.groups if g.kind is Part.BASE for c in g.criteria),
            Decimal(0),
        )
        caps = {group.kind: group.cap for group in table.groups if group.kind is not Part.BASE}
        criteria = {criterion.code: criterion for criterion in table.criteria}

        assert (base, table.max_total) == (Decimal(100), Decimal(110))
        assert caps == {Part.BONUS: Decimal(10), Part.PENALTY: Decimal(10)}
        assert {criterion.formula for criterion in table.criteria} == set(FormulaKind)
        assert [c.code for c in table.criteria if c.evidence_required] == ["2.1"]
        assert (criteria["1.2"].requires, dict(table.flags)) == (
            "ke_hoach",
            {"ke_hoach": "Có kế hoạch tuyên truyền bằng văn bản"},
        )
        assert [(band.low, band.high, band.points) for band in criteria["2.2"].bands] == [
            (Decimal(80), Decimal(90), Decimal(5)),
            (Decimal(90), Decimal(95), Decimal(10)),
            (Decimal(95), Decimal(100), Decimal(13)),
            (Decimal(100), None, Decimal(15)),
        ]
        assert (criteria["4.1"].amount, criteria["3.2"].amount) == (Decimal(2), Decimal("2.5"))
        assert table.tie_break == ("2.1", "2.3")


def test_the_block_is_published_with_ranks_a_flag_and_a_certificate(block: ClusterYear) -> None:
    sheets = _sheets(block)
    rows = block.standings["rows"]

    assert block.status == EditionStatus.PUBLISHED
    assert block.published_at is not None
    assert block.published_at.date() == datetime.date(2024, 12, 6)
    assert [(row["rank"], row["unit"], row["total"]) for row in rows] == [
        (1, f"Sở Giáo dục và Đào tạo {KT}", "92.83"),
        (2, f"Sở Khoa học và Công nghệ {KT}", "90.87"),
        (3, f"Đài Phát thanh - Truyền hình {KT}", "89.24"),
        (4, f"Sở Văn hóa, Thể thao và Du lịch {KT}", "88.20"),
        (5, f"Sở Thông tin và Truyền thông {KT}", "87.91"),
        (6, f"Sở Lao động - Thương binh và Xã hội {KT}", "86.29"),
        (7, f"Ban Dân tộc {KT}", "85.10"),
        (8, f"Sở Y tế {KT}", "84.88"),
        (9, "Trường Cao đẳng Kon Tum", "79.21"),
    ]
    assert all(Decimal(row["total"]) == sheets[row["unit"]].final_total for row in rows)
    assert (block.standings["flag"], block.standings["certificates"]) == (
        [f"Sở Giáo dục và Đào tạo {KT}"],
        [f"Sở Khoa học và Công nghệ {KT}"],
    )
    assert {sheet.status for sheet in sheets.values()} == {AssessmentStatus.PUBLISHED}
    assert all(sheet.evidence.filter(criterion_code="2.1").exists() for sheet in sheets.values())


def test_the_leader_corrected_two_sheets_and_the_precondition_counts(block: ClusterYear) -> None:
    sheets = _sheets(block)
    college = sheets["Trường Cao đẳng Kon Tum"]

    corrected = {name: sheet.cross_entries for name, sheet in sheets.items() if sheet.cross_entries}
    assert corrected == {
        f"Sở Y tế {KT}": {"1.1": {"points": "8"}},
        "Trường Cao đẳng Kon Tum": {"4.1": {"count": 2}},
    }
    assert [
        (sheet.self_total, sheet.final_total) for sheet in sheets.values() if sheet.cross_entries
    ] == [(Decimal("86.38"), Decimal("84.88")), (Decimal("83.21"), Decimal("79.21"))]
    assert college.self_facts == []
    assert score(block, college, cross=True).points_of("1.2") == Decimal(0)


def test_one_sheet_was_returned_with_its_reason_and_scored_again(block: ClusterYear) -> None:
    sheet = _sheets(block)[f"Sở Lao động - Thương binh và Xã hội {KT}"]
    history = list(
        AuditEvent.objects.filter(
            object_id=str(sheet.pk),
            action__startswith="assessment.",
            object_type="emulation.assessment",
        )
        .order_by("id")
        .values_list("action", "note")
    )

    assert [action for action, _note in history] == [
        "assessment.saved",
        "assessment.self_submitted",
        "assessment.cross_submitted",
        "assessment.reviewed",
        "assessment.returned",
        "assessment.saved",
        "assessment.self_submitted",
        "assessment.cross_submitted",
        "assessment.reviewed",
    ]
    assert history[4][1] == RETURN_REASON
    assert sheet.evidence.count() == 2
    evidence = sheet.evidence.order_by("id").last()
    assert evidence is not None
    with evidence.file.open("rb") as handle:
        text = pypdf.PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    assert "MINH HOA" in text


def test_the_block_proposals_are_draft_nominations_with_the_minutes(block: ClusterYear) -> None:
    round_ = Round.objects.get(name=ROUND_NAME)
    nominations = list(round_.nominations.select_related("unit").order_by("id"))

    assert (round_.kind, round_.year, round_.is_demo) == ("cum_khoi", 2024, True)
    assert round_.submission_deadline == datetime.date(2024, 12, 10)
    assert round_.issuer == block.cluster.organised_by
    # Closed once the drafts are made: the demo's only open round stays today's.
    assert round_.status == RoundStatus.CLOSED
    assert Round.objects.filter(status=RoundStatus.OPEN).count() == 1
    assert [(n.unit.name, n.award, n.status) for n in nominations] == [
        (f"Sở Giáo dục và Đào tạo {KT}", "CO_THI_DUA_TINH", NominationStatus.DRAFT),
        (f"Sở Khoa học và Công nghệ {KT}", "BANG_KHEN_TINH", NominationStatus.DRAFT),
    ]
    assert all(n.collective is not None for n in nominations)
    assert all(BLOCK_NAME in n.achievement for n in nominations)
    for nomination in nominations:
        files = list(nomination.files.all())
        assert [(f.kind, f.name) for f in files] == [
            (
                "bien_ban",
                "bien-ban-khoi-cac-co-quan-tham-muu-quan-ly-nha-nuoc-ve-van-hoa-xa-hoi-2024.docx",
            )
        ]
        with files[0].file.open("rb") as handle, zipfile.ZipFile(handle) as docx:
            xml = docx.read("word/document.xml").decode()
        assert "06 tháng 12 năm 2024" in xml
        assert f"Sở Giáo dục và Đào tạo {KT}" in xml
    assert Nomination.objects.filter(round=round_).count() == 2


def test_the_cluster_waits_for_the_offices_review(cluster: ClusterYear) -> None:
    sheets = _sheets(cluster)
    office = User.objects.get(username="chuyenvien")
    standings, proposals, _results = standings_for(cluster)

    assert cluster.status == EditionStatus.OPEN
    assert {sheet.status for sheet in sheets.values()} == {AssessmentStatus.CROSS_SUBMITTED}
    # Each district is cross-scored by the next one; the last by the first.
    cross_by = [getattr(sheets[name].cross_by, "name", None) for name in DISTRICTS]
    assert cross_by == [*DISTRICTS[1:], DISTRICTS[0]]
    assert sum(1 for sheet in sheets.values() if sheet.cross_entries) == 2
    assert all(office.has_perm("emulation.manage_cluster", sheet) for sheet in sheets.values())
    # Two districts tie on the total; criterion 2.1 decides the Bằng khen.
    assert [(row.rank, row.unit, row.decided_by) for row in standings.rows[:3]] == [
        (1, "Huyện Kon Rẫy", "tổng điểm"),
        (2, "Huyện Tu Mơ Rông", "tiêu chí 2.1"),
        (3, "Huyện Ia H'Drai", "tiêu chí 2.1"),
    ]
    assert (proposals.flag, proposals.certificates) == (("Huyện Kon Rẫy",), ("Huyện Tu Mơ Rông",))
