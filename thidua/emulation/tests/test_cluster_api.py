"""The clusters API: who reads and writes what, through the same rules as the pages."""

from typing import Any

import pytest

from conftest import PERMISSION_CASES, Tree
from thidua.accounts.enums import Role
from thidua.emulation.models import AssessmentStatus, ClusterYear, EditionStatus
from thidua.emulation.services.clusters import assessment_review
from thidua.emulation.tests.test_cluster_flow import TABLE, Block

COVERED_API_OPERATIONS = [
    "GET /api/v1/emulation/clusters",
    "GET /api/v1/emulation/clusters/{edition_id}",
    "PUT /api/v1/emulation/clusters/{edition_id}/table",
    "POST /api/v1/emulation/clusters/{edition_id}/publish",
    "GET /api/v1/emulation/assessments/{assessment_id}",
    "POST /api/v1/emulation/assessments/{assessment_id}/save",
    "POST /api/v1/emulation/assessments/{assessment_id}/submit",
    "POST /api/v1/emulation/assessments/{assessment_id}/review",
    "POST /api/v1/emulation/assessments/{assessment_id}/return",
]
JSON = {"content_type": "application/json"}
BASE = "/api/v1/emulation"


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def block(tree: Tree) -> Block:
    return Block(tree)


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_reads(block: Block, tree: Tree, login: Any, case: str, make_actor: Any) -> None:
    block.self_score("B", plan=9, done=40)
    client = login(make_actor(tree, Role.NHAP_LIEU))
    statuses = [
        client.get(f"{BASE}/clusters").status_code,
        client.get(f"{BASE}/clusters/{block.edition.pk}").status_code,
        client.get(f"{BASE}/assessments/{block.sheet('A').pk}").status_code,  # A's draft
        client.get(f"{BASE}/assessments/{block.sheet('B').pk}").status_code,  # B's sent sheet
    ]
    assert (
        statuses
        == {
            "anonymous": [401, 401, 401, 401],
            "no_role": [403, 403, 404, 404],
            "other_unit": [200, 200, 404, 200],
            "parent_unit": [200, 200, 200, 200],
            "right_role": [200, 200, 200, 200],
        }[case]
    )


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_member_writes(block: Block, tree: Tree, login: Any, case: str, make_actor: Any) -> None:
    """Sở B's sheet: its own officers (other_unit here) and the province's score it."""
    client = login(make_actor(tree, Role.NHAP_LIEU))
    sheet = block.sheet("B")
    saved = client.post(
        f"{BASE}/assessments/{sheet.pk}/save", {"entries": {"1": {"points": 6}}}, **JSON
    )
    submitted = client.post(f"{BASE}/assessments/{sheet.pk}/submit", {}, **JSON)
    allowed = case in ("other_unit", "parent_unit")
    hidden = 401 if case == "anonymous" else 404
    assert saved.status_code == (200 if allowed else hidden)
    # Submitting still needs every criterion and the evidence: refused with a reason.
    assert submitted.status_code == (400 if allowed else hidden)
    if allowed:
        assert "Còn tiêu chí chưa chấm: 2" in submitted.json()["message"]


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_office_writes(block: Block, tree: Tree, login: Any, case: str, make_actor: Any) -> None:
    for key in "ABC":
        block.self_score(key, plan=8, done=20 + 10 * "ABC".index(key))
        block.cross(key)
    client = login(make_actor(tree, Role.CHUYEN_VIEN_TDKT))
    reviewed = client.post(f"{BASE}/assessments/{block.sheet('A').pk}/review", {}, **JSON)
    returned = client.post(
        f"{BASE}/assessments/{block.sheet('B').pk}/return", {"reason": "Sai số liệu"}, **JSON
    )
    table = client.put(f"{BASE}/clusters/{block.edition.pk}/table", {"groups": TABLE}, **JSON)
    office = case == "parent_unit"
    if case == "anonymous":
        assert [reviewed.status_code, returned.status_code, table.status_code] == [401] * 3
        return
    # An emulation officer of a member unit is not one of its scorers: the sheets stay hidden.
    assert reviewed.status_code == (200 if office else 404)
    assert returned.status_code == (200 if office else 404)
    # The table is frozen once members have scored, even for the office.
    assert table.status_code == (400 if office else 403)
    assert block.sheet("A").status == (
        AssessmentStatus.REVIEWED if office else AssessmentStatus.CROSS_SUBMITTED
    )


def test_publish_through_the_api(block: Block, tree: Tree, login: Any) -> None:
    for key, done in (("A", 50), ("B", 45), ("C", 30)):
        block.self_score(key, plan=8, done=done)
        block.cross(key)
        assessment_review(actor=block.office, assessment=block.sheet(key))
    refused = login(block.leader()).post(f"{BASE}/clusters/{block.edition.pk}/publish", {}, **JSON)
    assert refused.status_code == 403
    published = login(block.office).post(f"{BASE}/clusters/{block.edition.pk}/publish", {}, **JSON)
    assert published.status_code == 200
    body = published.json()
    assert body["status"] == EditionStatus.PUBLISHED
    assert body["standings"]["flag"] == ["Sở Nội vụ tỉnh Thử Nghiệm"]
    assert ClusterYear.objects.get(pk=block.edition.pk).status == EditionStatus.PUBLISHED
