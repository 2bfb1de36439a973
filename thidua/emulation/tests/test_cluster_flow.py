"""Clusters and blocks through the services: self → cross → review → return with a reason →
restart → publish (which locks), ties that need the conference's vote, proposals turned into
nominations with the minutes attached, and who may do what."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from conftest import PERMISSION_CASES, Tree, make_unit, make_user
from thidua.accounts.enums import Role
from thidua.commendation.models import Nomination
from thidua.commendation.services import round_create
from thidua.core.exceptions import ApplicationError
from thidua.core.models import AuditEvent
from thidua.documents.tests.layout_checks import assert_decree_30_layout, read_docx
from thidua.emulation.documents import standings_minutes_docx
from thidua.emulation.models import Assessment, AssessmentStatus, ClusterYear, EditionStatus
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
    score,
    scoring_table_set,
)
from thidua.targets.services import report_approve, report_save, report_submit
from thidua.targets.tests import conftest as targets_fixtures

YEAR = 2025
campaign = targets_fixtures.setup  # the targets tests' 2024 campaign, as the fixture `campaign`
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TABLE = [
    {
        "code": "I",
        "name": "Thực hiện nhiệm vụ",
        "criteria": [
            {"code": "1", "name": "Xây dựng kế hoạch", "max_points": "10", "formula": "manual"},
            {
                "code": "2",
                "name": "Tỷ lệ hồ sơ giải quyết đúng hạn",
                "max_points": "20",
                "formula": "ratio",
                "evidence_required": True,
            },
        ],
    },
    {
        "code": "II",
        "name": "Điểm cộng",
        "part": "bonus",
        "criteria": [
            {"code": "3", "name": "Mô hình mới", "max_points": "5", "formula": "bonus"},
        ],
    },
]


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


class Block:
    """A block of three departments led by Sở A, its table, and the people who act."""

    def __init__(self, tree: Tree) -> None:
        self.third = make_unit("Sở C tỉnh Thử Nghiệm", parent=tree.province)
        self.office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
        self.cluster = cluster_create(
            actor=self.office,
            organised_by=tree.province,
            name="Khối các cơ quan văn hóa – xã hội",
            kind="khoi",
        )
        self.edition = edition_create(
            actor=self.office,
            cluster=self.cluster,
            year=YEAR,
            leader=tree.unit,
            deputy=tree.other,
            members=[tree.unit, tree.other, self.third],
        )
        scoring_table_set(actor=self.office, edition=self.edition, groups=TABLE, tie_break=["2"])
        self.people = {
            unit.pk: make_user(Role.NHAP_LIEU, unit) for unit in (tree.unit, tree.other, self.third)
        }
        self.units = {"A": tree.unit, "B": tree.other, "C": self.third}

    def sheet(self, key: str) -> Assessment:
        return Assessment.objects.get(member__edition=self.edition, member__unit=self.units[key])

    def self_score(self, key: str, plan: int, done: int, bonus: bool = False) -> Assessment:
        actor = self.people[self.units[key].pk]
        sheet = self.sheet(key)
        evidence_add(actor=actor, assessment=sheet, criterion_code="2", name="bc.pdf", content=PDF)
        entries = {"1": {"points": plan}, "2": {"numerator": done, "denominator": 50}}
        if bonus:
            entries["3"] = {"met": True}
        assessment_save(actor=actor, assessment=sheet, entries=entries)
        return assessment_submit(actor=actor, assessment=self.sheet(key))

    def leader(self) -> Any:
        return self.people[self.units["A"].pk]

    def cross(self, key: str, entries: dict[str, Any] | None = None) -> Assessment:
        if entries:
            assessment_save(actor=self.leader(), assessment=self.sheet(key), entries=entries)
        return assessment_submit(actor=self.leader(), assessment=self.sheet(key))


@pytest.fixture
def block(tree: Tree) -> Block:
    return Block(tree)


def test_self_cross_review_return_restart_publish_and_the_lock(block: Block, tree: Tree) -> None:
    sent = block.self_score("A", plan=8, done=45, bonus=True)
    assert (sent.status, sent.self_total, sent.cross_by) == (
        AssessmentStatus.SELF_SUBMITTED,
        Decimal("31.00"),  # 8 + 45/50 × 20 + 5
        tree.unit,
    )
    block.self_score("B", plan=9, done=40)
    block.self_score("C", plan=7, done=50)

    # The leader corrects B's plan points while cross-scoring; B's own entries stay as sent.
    crossed = block.cross("B", {"1": {"points": 6}})
    assert (crossed.status, crossed.final_total, crossed.self_total) == (
        AssessmentStatus.CROSS_SUBMITTED,
        Decimal("22.00"),
        Decimal("25.00"),
    )
    block.cross("A")
    block.cross("C")
    for key in "ABC":
        assessment_review(actor=block.office, assessment=block.sheet(key))

    # The office returns C's sheet: the cross scoring is dropped and C scores again.
    returned = assessment_return(
        actor=block.office, assessment=block.sheet("C"), reason="Thiếu báo cáo quý IV"
    )
    assert (returned.status, returned.cross_entries, returned.final_total) == (
        AssessmentStatus.RETURNED,
        {},
        None,
    )
    with pytest.raises(ApplicationError, match="Chưa thẩm định xong bảng điểm của: Sở C"):
        edition_publish(actor=block.office, edition=block.edition)
    assessment_save(
        actor=block.people[block.third.pk],
        assessment=block.sheet("C"),
        entries={"1": {"points": 10}},
    )
    assessment_submit(actor=block.people[block.third.pk], assessment=block.sheet("C"))
    block.cross("C")
    assessment_review(actor=block.office, assessment=block.sheet("C"))

    edition = edition_publish(actor=block.office, edition=block.edition)

    assert edition.status == EditionStatus.PUBLISHED
    assert [(row["unit"], row["total"], row["rank"]) for row in edition.standings["rows"]] == [
        ("Sở Nội vụ tỉnh Thử Nghiệm", "31.00", 1),
        ("Sở C tỉnh Thử Nghiệm", "30.00", 2),
        ("Sở Y tế tỉnh Thử Nghiệm", "22.00", 3),
    ]
    assert edition.standings["flag"] == ["Sở Nội vụ tỉnh Thử Nghiệm"]
    assert edition.standings["certificates"] == ["Sở C tỉnh Thử Nghiệm"]
    with pytest.raises(ApplicationError, match="Kết quả đã công bố; bảng điểm đã khóa"):
        assessment_save(actor=block.leader(), assessment=block.sheet("A"), entries={})
    with pytest.raises(ApplicationError, match="đã khóa"):
        assessment_return(actor=block.office, assessment=block.sheet("B"), reason="Sai")
    actions = list(
        AuditEvent.objects.filter(action__startswith="assessment.").values_list("action", flat=True)
    )
    assert actions.count("assessment.returned") == 1
    assert AuditEvent.objects.filter(action="cluster_year.published").count() == 1


def test_a_member_never_sees_another_members_unsent_scores(block: Block, tree: Tree) -> None:
    draft = block.sheet("A")
    assessment_save(actor=block.leader(), assessment=draft, entries={"1": {"points": 5}})
    other_member = block.people[tree.other.pk]
    outsider = make_user(Role.NHAP_LIEU, make_unit("Sở D tỉnh Thử Nghiệm", parent=tree.province))

    assert block.leader().has_perm("emulation.view_assessment", block.sheet("A"))
    assert not other_member.has_perm("emulation.view_assessment", block.sheet("A"))
    assert not block.office.has_perm("emulation.view_assessment", block.sheet("A"))

    block.self_score("A", plan=5, done=40)

    assert other_member.has_perm("emulation.view_assessment", block.sheet("A"))
    assert block.office.has_perm("emulation.view_assessment", block.sheet("A"))
    assert not outsider.has_perm("emulation.view_assessment", block.sheet("A"))


def test_only_the_leader_cross_scores_and_only_the_office_reviews(block: Block) -> None:
    sent = block.self_score("B", plan=9, done=40)
    member_c = block.people[block.third.pk]

    with pytest.raises(PermissionDenied):
        assessment_submit(actor=member_c, assessment=sent)
    with pytest.raises(PermissionDenied):
        assessment_save(actor=block.people[sent.member.unit_id], assessment=sent, entries={})
    crossed = block.cross("B")
    with pytest.raises(PermissionDenied):
        assessment_review(actor=block.leader(), assessment=crossed)
    assert Assessment.objects.get(pk=sent.pk).status == AssessmentStatus.CROSS_SUBMITTED


def test_peer_mode_passes_each_sheet_to_the_next_member(tree: Tree) -> None:
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    cluster = cluster_create(actor=office, organised_by=tree.province, name="Cụm", kind="cum")
    edition = edition_create(
        actor=office,
        cluster=cluster,
        year=YEAR,
        leader=tree.unit,
        members=[tree.unit, tree.other],
        cross_mode="cheo",
    )
    scoring_table_set(
        actor=office, edition=edition, groups=[TABLE[0] | {"criteria": [TABLE[0]["criteria"][0]]}]
    )
    sheet = Assessment.objects.get(member__edition=edition, member__unit=tree.other)
    actor = make_user(Role.NHAP_LIEU, tree.other)
    assessment_save(actor=actor, assessment=sheet, entries={"1": {"points": 6}})
    sent = assessment_submit(actor=actor, assessment=sheet)

    assert sent.cross_by == tree.unit  # the ring wraps around to the first member
    assert make_user(Role.NHAP_LIEU, tree.unit).has_perm("emulation.cross_assess", sent)
    assert not actor.has_perm("emulation.cross_assess", sent)


def test_a_tie_at_the_flag_needs_the_conferences_vote(block: Block) -> None:
    for key in "AB":
        block.self_score(key, plan=8, done=45)
    block.self_score("C", plan=5, done=25)
    for key in "ABC":
        block.cross(key)
        assessment_review(actor=block.office, assessment=block.sheet(key))

    with pytest.raises(ApplicationError, match="cần Hội nghị cụm bỏ phiếu"):
        edition_publish(actor=block.office, edition=block.edition)
    assert ClusterYear.objects.get(pk=block.edition.pk).status == EditionStatus.OPEN

    edition = edition_publish(
        actor=block.office,
        edition=block.edition,
        votes={"Sở Nội vụ tỉnh Thử Nghiệm": 2, "Sở Y tế tỉnh Thử Nghiệm": 7},
    )
    assert edition.standings["flag"] == ["Sở Y tế tỉnh Thử Nghiệm"]
    assert edition.standings["rows"][0]["decided_by"] == "bỏ phiếu"


def test_proposals_become_nominations_with_the_minutes(block: Block, tree: Tree) -> None:
    for key, done in (("A", 50), ("B", 45), ("C", 30)):
        block.self_score(key, plan=8, done=done)
        block.cross(key)
        assessment_review(actor=block.office, assessment=block.sheet(key))
    edition = edition_publish(actor=block.office, edition=block.edition)
    round_ = round_create(
        actor=None,
        issuer=tree.province,
        name="Đề nghị của cụm, khối năm 2025",
        kind="cum_khoi",
        year=YEAR,
        submission_deadline=datetime.date(2025, 12, 10),
    )

    minutes = standings_minutes_docx(edition)
    document = read_docx(minutes[1])
    assert_decree_30_layout(document, recipients=False, title="BIÊN BẢN")
    standings = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert standings[0] == ["Hạng", "Đơn vị", "Tổng điểm", "Ghi chú"]
    assert [row[1] for row in standings[1:]] == [row["unit"] for row in edition.standings["rows"]]

    created = proposals_create(actor=block.office, edition=edition, round_=round_, minutes=minutes)

    assert [(n.unit, n.award, n.status) for n in created] == [
        (tree.unit, "CO_THI_DUA_TINH", "draft"),
        (tree.other, "BANG_KHEN_TINH", "draft"),
    ]
    assert [f.kind for f in created[0].files.all()] == ["bien_ban"]
    assert "Khối các cơ quan văn hóa – xã hội năm 2025" in created[0].achievement
    with pytest.raises(PermissionDenied):
        proposals_create(
            actor=block.leader(), edition=edition, round_=round_, minutes=("b.docx", b"PK")
        )
    assert Nomination.objects.count() == 2


def test_the_table_is_checked_and_frozen_once_scoring_starts(block: Block) -> None:
    bad = [
        TABLE[0]
        | {"criteria": [{"code": "1", "name": "X", "max_points": "0", "formula": "manual"}]}
    ]
    with pytest.raises(ApplicationError, match="điểm chuẩn phải lớn hơn 0"):
        scoring_table_set(actor=block.office, edition=block.edition, groups=bad)
    with pytest.raises(ApplicationError, match="cách tính “tuy_y” không có"):
        scoring_table_set(
            actor=block.office,
            edition=block.edition,
            groups=[TABLE[0] | {"criteria": [TABLE[0]["criteria"][0] | {"formula": "tuy_y"}]}],
        )
    assessment_save(actor=block.leader(), assessment=block.sheet("A"), entries={"1": {"points": 3}})
    with pytest.raises(ApplicationError, match="không thay đổi thang điểm được"):
        scoring_table_set(actor=block.office, edition=block.edition, groups=TABLE)


def test_bad_figures_are_refused_with_the_criterion_named(block: Block) -> None:
    for entries, fragment in (
        ({"1": {"points": 11}}, "1"),
        ({"2": {"numerator": 60, "denominator": 50}}, "vượt 100 %"),
        ({"9": {"points": 1}}, "không có trong thang điểm: 9"),
        ({"1": {"points": "mười"}}, "không phải là số"),
    ):
        with pytest.raises(ApplicationError, match=fragment):
            assessment_save(actor=block.leader(), assessment=block.sheet("A"), entries=entries)
    assert block.sheet("A").self_entries == {}


def test_submitting_needs_every_criterion_and_the_required_evidence(block: Block) -> None:
    sheet = block.sheet("A")
    assessment_save(actor=block.leader(), assessment=sheet, entries={"1": {"points": 5}})
    with pytest.raises(ApplicationError, match="Còn tiêu chí chưa chấm: 2"):
        assessment_submit(actor=block.leader(), assessment=block.sheet("A"))
    assessment_save(
        actor=block.leader(),
        assessment=block.sheet("A"),
        entries={"2": {"numerator": 10, "denominator": 50}},
    )
    with pytest.raises(ApplicationError, match="cần minh chứng mà chưa có tệp: 2"):
        assessment_submit(actor=block.leader(), assessment=block.sheet("A"))


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_managing_clusters_is_for_the_organisers_office(
    tree: Tree, case: str, make_actor: Any
) -> None:
    actor = make_actor(tree, Role.CHUYEN_VIEN_TDKT)
    allowed = case == "parent_unit"
    if allowed:
        cluster_create(actor=actor, organised_by=tree.province, name="Cụm", kind="cum")
    else:
        with pytest.raises(PermissionDenied):
            cluster_create(actor=actor, organised_by=tree.province, name="Cụm", kind="cum")


def test_a_covenant_is_signed_by_the_member_or_the_office(block: Block, tree: Tree) -> None:
    member = block.edition.members.get(unit=tree.other)
    covenant_sign(
        actor=block.people[tree.other.pk],
        member=member,
        signed_on=datetime.date(2025, 2, 20),
        signer="Giám đốc Sở Y tế",
    )
    with pytest.raises(PermissionDenied):
        covenant_sign(
            actor=block.people[block.third.pk],
            member=member,
            signed_on=datetime.date(2025, 2, 20),
            signer="Người khác",
        )
    member.refresh_from_db()
    assert (member.signer, member.signed_on) == ("Giám đốc Sở Y tế", datetime.date(2025, 2, 20))


def test_a_criterion_bound_to_a_measure_scores_from_the_units_approved_reports(
    tree: Tree, campaign: Any
) -> None:
    """Sở A leads "Thu ngân sách ≥ 1.200 tỷ": its approved 1.300 tỷ reach 108,3 %, capped at
    100 % → the criterion's 10 points, without the member typing anything for it."""
    report = report_save(
        actor=None,
        measure=campaign.revenue,
        unit=tree.unit,
        period_key="2024-12",
        value=Decimal(1300),
    )
    report_approve(actor=None, report=report_submit(actor=None, report=report))
    office = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    cluster = cluster_create(actor=office, organised_by=tree.province, name="Khối", kind="khoi")
    edition = edition_create(
        actor=office, cluster=cluster, year=2024, leader=tree.unit, members=[tree.unit, tree.other]
    )
    bound = {
        "code": "4",
        "name": "Hoàn thành chỉ tiêu thu ngân sách",
        "max_points": "10",
        "formula": "target",
        "measure_id": campaign.revenue.pk,
    }
    scoring_table_set(
        actor=office,
        edition=edition,
        groups=[{"code": "I", "name": "Chỉ tiêu", "criteria": [bound]}],
    )
    sheets = {a.member.unit_id: a for a in Assessment.objects.filter(member__edition=edition)}

    own = score(edition, sheets[tree.unit.pk], cross=False)
    other = score(edition, sheets[tree.other.pk], cross=False)

    assert (own.total, own.complete) == (Decimal("10.00"), True)
    assert "108,3" in own.criteria[0].explanation
    assert (other.total, other.complete) == (Decimal(0), False)  # Sở B has no approved figure


def test_a_council_member_returns_a_sheet_but_never_edits_it(block: Block, tree: Tree) -> None:
    block.self_score("B", plan=9, done=40)
    crossed = block.cross("B")
    member = make_user(Role.THANH_VIEN_HOI_DONG, tree.province)

    assert member.has_perm("emulation.view_assessment", crossed)
    with pytest.raises(ApplicationError, match="Không thể sửa điểm"):
        assessment_save(actor=member, assessment=crossed, entries={"1": {"points": 1}})
    with pytest.raises(PermissionDenied):
        assessment_review(actor=member, assessment=crossed)
    returned = assessment_return(actor=member, assessment=crossed, reason="Cần kiểm tra lại 2")
    assert (returned.status, returned.return_reason) == (
        AssessmentStatus.RETURNED,
        "Cần kiểm tra lại 2",
    )
