"""Cluster pages: who sees which sheet (never another member's unsent one), scoring through the
sheet's form, the office's review, publishing with the chart, proposals, query counts."""

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import PERMISSION_CASES, Tree, make_unit, make_user
from thidua.accounts.enums import Role
from thidua.commendation.models import Nomination
from thidua.commendation.services import round_create
from thidua.emulation.models import (
    Assessment,
    AssessmentStatus,
    ClusterMember,
    ClusterYear,
    EditionStatus,
    Evidence,
)
from thidua.emulation.services.clusters import assessment_review
from thidua.emulation.tests.test_cluster_flow import PDF, Block

COVERED_URL_NAMES = [
    "emulation:cluster-list",
    "emulation:edition",
    "emulation:assessment",
    "emulation:evidence",
]


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def block(tree: Tree) -> Block:
    return Block(tree)


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_pages_permission_matrix(
    block: Block, tree: Tree, login: Any, case: str, make_actor: Any
) -> None:
    """Sở A's draft sheet is seen by Sở A only; B's sent sheet by the block and the office."""
    block.self_score("B", plan=9, done=40)
    evidence = Evidence.objects.get(assessment=block.sheet("B"))
    client = login(make_actor(tree, Role.NHAP_LIEU))
    statuses = {
        "list": client.get(reverse("emulation:cluster-list")).status_code,
        "edition": client.get(reverse("emulation:edition", args=[block.edition.pk])).status_code,
        "draft": client.get(
            reverse("emulation:assessment", args=[block.sheet("A").pk])
        ).status_code,
        "sent": client.get(reverse("emulation:assessment", args=[block.sheet("B").pk])).status_code,
        "evidence": client.get(reverse("emulation:evidence", args=[evidence.pk])).status_code,
    }
    # right_role: Sở A's officer (a member, the leader); parent_unit: the province's officer
    # (covers every member); other_unit: Sở B's officer (a member, whose sheet B is).
    expected = {
        "anonymous": dict.fromkeys(statuses, 302),
        "no_role": {"list": 403, "edition": 403, "draft": 404, "sent": 404, "evidence": 404},
        "other_unit": {"list": 200, "edition": 200, "draft": 404, "sent": 200, "evidence": 200},
        "parent_unit": dict.fromkeys(statuses, 200),
        "right_role": dict.fromkeys(statuses, 200),
    }[case]
    assert statuses == expected


def test_an_outsider_unit_does_not_see_the_sheets(block: Block, tree: Tree, login: Any) -> None:
    block.self_score("B", plan=9, done=40)
    outsider = make_user(Role.NHAP_LIEU, make_unit("Sở D tỉnh Thử Nghiệm", parent=tree.province))
    client = login(outsider)
    page = client.get(reverse("emulation:edition", args=[block.edition.pk])).content.decode()
    assert reverse("emulation:assessment", args=[block.sheet("B").pk]) not in page
    assert (
        client.get(reverse("emulation:assessment", args=[block.sheet("B").pk])).status_code == 404
    )


def test_a_member_scores_through_the_sheet_and_the_leader_cross_scores(
    block: Block, tree: Tree, login: Any
) -> None:
    sheet = block.sheet("B")
    url = reverse("emulation:assessment", args=[sheet.pk])
    member = login(block.people[tree.other.pk])
    member.post(
        url, {"action": "evidence", "criterion": "2", "file": SimpleUploadedFile("bc.pdf", PDF)}
    )
    response = member.post(
        url,
        {
            "action": "submit",
            "version": block.sheet("B").version,
            "c-1-points": "9",
            "c-2-numerator": "40",
            "c-2-denominator": "50",
            "c-3-met": "on",
        },
    )
    assert response.status_code == 302
    sent = block.sheet("B")
    assert (sent.status, str(sent.self_total)) == (AssessmentStatus.SELF_SUBMITTED, "30.00")

    leader = login(block.leader())
    page = leader.get(url).content.decode()
    assert "Bạn đang chấm chéo" in page
    leader.post(
        url,
        {
            "action": "submit",
            "c-1-points": "7",
            "c-2-numerator": "40",
            "c-2-denominator": "50",
            "c-3-met": "on",
        },
    )
    crossed = block.sheet("B")
    assert (crossed.status, str(crossed.final_total)) == (AssessmentStatus.CROSS_SUBMITTED, "28.00")
    assert crossed.self_entries["1"] == {"points": "9"}

    office = login(block.office)
    office.post(url, {"action": "return", "reason": "Chưa có biên bản kiểm tra"})
    assert block.sheet("B").status == AssessmentStatus.RETURNED
    page = login(block.people[tree.other.pk]).get(url).content.decode()
    assert "Chưa có biên bản kiểm tra" in page


def test_bad_figures_on_the_sheet_keep_nothing(block: Block, tree: Tree, login: Any) -> None:
    url = reverse("emulation:assessment", args=[block.sheet("A").pk])
    response = login(block.leader()).post(
        url,
        {"action": "save", "c-1-points": "15", "c-2-numerator": "", "c-2-denominator": ""},
        follow=True,
    )
    assert "tiêu chí 1: 15 điểm nằm ngoài khoảng 0 đến 10" in response.content.decode()
    assert block.sheet("A").self_entries == {}


def test_publishing_shows_the_chart_and_proposals_become_nominations(
    block: Block, tree: Tree, login: Any
) -> None:
    for key, done in (("A", 50), ("B", 45), ("C", 30)):
        block.self_score(key, plan=8, done=done)
        block.cross(key)
        assessment_review(actor=block.office, assessment=block.sheet(key))
    round_ = round_create(
        actor=None,
        issuer=tree.province,
        name="Đề nghị của cụm, khối",
        kind="cum_khoi",
        year=2025,
        submission_deadline=datetime.date(2025, 12, 10),
    )
    office = login(block.office)
    url = reverse("emulation:edition", args=[block.edition.pk])

    office.post(url, {"action": "publish"})
    page = office.get(url).content.decode()
    assert ClusterYear.objects.get(pk=block.edition.pk).status == EditionStatus.PUBLISHED
    assert "<svg" in page
    assert "Điểm thi đua theo nhóm tiêu chí" in page
    assert "Cờ thi đua của UBND tỉnh: Sở Nội vụ tỉnh Thử Nghiệm" in page

    office.post(url, {"action": "propose", "round": round_.pk})
    assert list(Nomination.objects.values_list("award", "unit")) == [
        ("CO_THI_DUA_TINH", tree.unit.pk),
        ("BANG_KHEN_TINH", tree.other.pk),
    ]


def test_a_member_cannot_publish(block: Block, login: Any) -> None:
    url = reverse("emulation:edition", args=[block.edition.pk])
    login(block.leader()).post(url, {"action": "publish"})
    assert ClusterYear.objects.get(pk=block.edition.pk).status == EditionStatus.OPEN


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_edition_page_query_count_does_not_grow_with_members(
    block: Block, tree: Tree, login: Any
) -> None:
    client = login(block.office)
    url = reverse("emulation:edition", args=[block.edition.pk])
    before = _count(client, url)
    for index in range(5):
        unit = make_unit(f"Sở Thêm {index}", parent=tree.province)
        member = ClusterMember.objects.create(edition=block.edition, unit=unit, order=10 + index)
        Assessment.objects.create(member=member)
    assert _count(client, url) == before
