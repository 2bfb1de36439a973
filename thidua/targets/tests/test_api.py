"""Targets API: permission matrix for every operation, the workflow over HTTP, query counts."""

from decimal import Decimal

import pytest

from conftest import PERMISSION_CASES, Tree, make_user
from thidua.accounts.enums import Role
from thidua.targets.models import Report
from thidua.targets.services import (
    report_save,
    report_submit,
)
from thidua.targets.tests.conftest import add_summed_measure, submitted

COVERED_API_OPERATIONS = [
    "GET /api/v1/targets/campaigns",
    "GET /api/v1/targets/campaigns/{campaign_id}/targets",
    "GET /api/v1/targets/campaigns/{campaign_id}/dashboard",
    "GET /api/v1/targets/reports",
    "POST /api/v1/targets/reports",
    "POST /api/v1/targets/reports/{report_id}/submit",
    "POST /api/v1/targets/reports/{report_id}/approve",
    "POST /api/v1/targets/reports/{report_id}/return",
    "POST /api/v1/targets/reports/{report_id}/correct",
]
READ_EXPECTED = {
    "anonymous": 401,
    "no_role": 403,
    "other_unit": 200,
    "parent_unit": 200,
    "right_role": 200,
}


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
@pytest.mark.parametrize(
    "path", ["campaigns", "campaigns/{id}/targets", "campaigns/{id}/dashboard", "reports"]
)
def test_read_endpoints_permission_matrix(tree: Tree, setup, login, case, make_actor, path) -> None:
    client = login(make_actor(tree, Role.NGUOI_XEM))

    response = client.get("/api/v1/targets/" + path.format(id=setup.campaign.pk))

    assert response.status_code == READ_EXPECTED[case]


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_save_and_submit_permission_matrix(tree: Tree, setup, login, case, make_actor) -> None:
    client = login(make_actor(tree, Role.NHAP_LIEU))

    saved = client.post(
        "/api/v1/targets/reports",
        {
            "measure_id": setup.revenue.pk,
            "unit_id": tree.unit.pk,
            "period_key": "2024-01",
            "value": "95.5",
        },
        content_type="application/json",
    )

    expected = {
        "anonymous": 401,
        "no_role": 403,
        "other_unit": 403,
        "parent_unit": 200,
        "right_role": 200,
    }
    assert saved.status_code == expected[case]
    assert Report.objects.count() == (1 if expected[case] == 200 else 0)
    if saved.status_code == 200:
        submitted = client.post(
            f"/api/v1/targets/reports/{saved.json()['id']}/submit",
            {},
            content_type="application/json",
        )
        assert submitted.json()["status"] == "submitted"


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
@pytest.mark.parametrize("action", ["approve", "return", "correct"])
def test_review_actions_permission_matrix(
    tree: Tree, setup, login, case, make_actor, action
) -> None:
    report = submitted(setup, tree)
    client = login(make_actor(tree, Role.CHUYEN_VIEN_TDKT))
    body = {"reason": "Số liệu chưa khớp kho bạc"} if action == "return" else {}
    if action == "correct":
        body = {"value": "10", "reason": "Điều chỉnh theo kho bạc"}

    response = client.post(
        f"/api/v1/targets/reports/{report.pk}/{action}", body, content_type="application/json"
    )

    report.refresh_from_db()
    if action == "correct":  # the office reviews but does not report: correcting is refused
        allowed = {
            "anonymous": 401,
            "no_role": 404,
            "other_unit": 404,
            "parent_unit": 403,
            "right_role": 403,
        }
    else:
        allowed = {
            "anonymous": 401,
            "no_role": 404,
            "other_unit": 404,
            "parent_unit": 200,
            "right_role": 200,
        }
    assert response.status_code == allowed[case], response.content
    assert response.json()["message"] if response.status_code != 200 else True


def test_return_without_reason_gets_vietnamese_error(tree: Tree, setup, login) -> None:
    report = submitted(setup, tree)
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province))

    response = client.post(
        f"/api/v1/targets/reports/{report.pk}/return",
        {"reason": ""},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["message"] == "Hãy ghi rõ lý do trả lại báo cáo (ít nhất 5 ký tự)."


def test_stale_version_is_409(tree: Tree, setup, login) -> None:
    client = login(make_user(Role.NHAP_LIEU, tree.unit))
    first = client.post(
        "/api/v1/targets/reports",
        {
            "measure_id": setup.revenue.pk,
            "unit_id": tree.unit.pk,
            "period_key": "2024-01",
            "value": "1",
        },
        content_type="application/json",
    ).json()
    body = {
        "measure_id": setup.revenue.pk,
        "unit_id": tree.unit.pk,
        "period_key": "2024-01",
        "value": "2",
        "expected_version": first["version"],
    }
    client.post("/api/v1/targets/reports", body, content_type="application/json")

    conflict = client.post(
        "/api/v1/targets/reports", {**body, "value": "3"}, content_type="application/json"
    )

    assert conflict.status_code == 409
    assert Report.objects.get().value == Decimal(2)


def test_dashboard_query_count_does_not_grow_with_units(
    tree: Tree, setup, login, django_assert_num_queries
) -> None:
    client = login(make_user(Role.NGUOI_XEM, tree.province))
    url = f"/api/v1/targets/campaigns/{setup.campaign.pk}/dashboard?as_of=2025-01-31"
    # session, user, memberships, lineage walk, campaign, measures, assignments, reports
    expected = 8
    with django_assert_num_queries(expected):
        client.get(url)
    add_summed_measure(setup, tree, 12)
    with django_assert_num_queries(expected):
        body = client.get(url).json()
    assert len(body["measures"]) == 3


def test_report_list_hides_other_units_drafts(
    tree: Tree, setup, login, django_assert_num_queries
) -> None:
    report_save(
        actor=None, measure=setup.communes, unit=tree.child, period_key="2024-Q1", value=Decimal(1)
    )
    sent = report_submit(
        actor=None,
        report=report_save(
            actor=None,
            measure=setup.communes,
            unit=tree.other,
            period_key="2024-Q1",
            value=Decimal(1),
        ),
    )
    client = login(make_user(Role.NHAP_LIEU, tree.other))

    with django_assert_num_queries(6):
        items = client.get("/api/v1/targets/reports").json()["items"]

    assert [item["id"] for item in items] == [sent.pk]
