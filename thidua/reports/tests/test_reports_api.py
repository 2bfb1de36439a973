"""The reports API: every operation by every kind of actor (the same rules as the pages), the
optimistic version, Vietnamese errors, and a rendering job's status."""

from typing import Any

import pytest

from conftest import PERMISSION_CASES, Tree, make_user
from thidua.accounts.enums import Role
from thidua.reports import services
from thidua.reports.models import PeriodicReport, RenderJob

COVERED_API_OPERATIONS = [
    "GET /api/v1/reports/periodic",
    "POST /api/v1/reports/periodic",
    "GET /api/v1/reports/periodic/{report_id}",
    "PATCH /api/v1/reports/periodic/{report_id}",
    "POST /api/v1/reports/periodic/{report_id}/issue",
    "POST /api/v1/reports/renderings",
    "GET /api/v1/reports/renderings/{job_id}",
]
JSON = {"content_type": "application/json"}
BASE = "/api/v1/reports"


@pytest.fixture
def report(tree: Tree) -> PeriodicReport:
    leader = make_user(Role.LANH_DAO_DON_VI, tree.unit)
    return services.periodic_report_create(actor=leader, unit=tree.unit, kind="so_ket", year=2024)


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_every_operation_by_every_actor(
    tree: Tree, report: PeriodicReport, login: Any, case: str, make_actor: Any
) -> None:
    client = login(make_actor(tree, Role.LANH_DAO_DON_VI))
    listing = client.get(f"{BASE}/periodic")
    detail = client.get(f"{BASE}/periodic/{report.pk}")
    patched = client.patch(
        f"{BASE}/periodic/{report.pk}", {"version": 1, "lessons": f"{case}"}, **JSON
    )
    created = client.post(
        f"{BASE}/periodic", {"unit_id": tree.unit.pk, "kind": "tong_ket", "year": 2024}, **JSON
    )
    rendering = client.post(
        f"{BASE}/renderings", {"kind": "periodic_report", "object_id": report.pk}, **JSON
    )
    issued = client.post(
        f"{BASE}/periodic/{report.pk}/issue",
        {"version": 2, "number": "3/BC-SNV", "issued_on": "2024-07-05"},
        **JSON,
    )
    job = RenderJob.objects.first()
    job_status = client.get(f"{BASE}/renderings/{job.pk}").status_code if job else None

    statuses = [listing.status_code, detail.status_code, patched.status_code]
    statuses += [created.status_code, rendering.status_code, issued.status_code]
    assert (
        statuses
        == {
            "anonymous": [401, 401, 401, 401, 401, 401],
            "no_role": [404, 404, 404, 403, 404, 404],
            "other_unit": [200, 404, 404, 403, 404, 404],
            "parent_unit": [200, 200, 200, 201, 202, 200],
            "right_role": [200, 200, 200, 201, 202, 200],
        }[case]
    )
    sees = case in ("parent_unit", "right_role")
    assert job_status == (200 if sees else None)
    if sees:
        assert [row["id"] for row in listing.json()] == [report.pk]
        assert detail.json()["facts"]["awards"] == 0
        assert patched.json()["sections"]["lessons"] == case
        assert issued.json()["status"] == "issued"
    else:
        assert not listing.json() if listing.status_code == 200 else True
    report.refresh_from_db()
    assert (report.lessons == case) is sees
    assert PeriodicReport.objects.count() == (2 if sees else 1)


def test_stale_version_and_bad_input_get_vietnamese_errors(
    tree: Tree, report: PeriodicReport, login: Any
) -> None:
    client = login(make_user(Role.NHAP_LIEU, tree.unit))
    first = client.patch(f"{BASE}/periodic/{report.pk}", {"version": 1, "overview": "A"}, **JSON)
    stale = client.patch(f"{BASE}/periodic/{report.pk}", {"version": 1, "overview": "B"}, **JSON)
    bad_year = client.post(
        f"{BASE}/periodic", {"unit_id": tree.unit.pk, "kind": "so_ket", "year": 1900}, **JSON
    )
    bad_kind = client.post(
        f"{BASE}/renderings", {"kind": "bang_luong", "object_id": report.pk}, **JSON
    )

    assert first.status_code == 200
    assert stale.status_code == 409
    assert "phiên bản 2" in stale.json()["message"]
    assert bad_year.status_code == 400
    assert bad_year.json()["message"].startswith("Năm báo cáo 1900 không hợp lệ")
    assert bad_kind.status_code == 400
    assert bad_kind.json()["message"] == "Không có loại văn bản “bang_luong”."
    report.refresh_from_db()
    assert report.overview == "A"
