"""The what-if eligibility check over HTTP and on the command line: the same service, the same
answer, bad input refused with the field named (400 / exit status 2), permissions."""

import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from conftest import PERMISSION_CASES, Tree
from thidua.accounts.enums import Role

COVERED_API_OPERATIONS = ["POST /api/v1/commendation/eligibility"]
URL = "/api/v1/commendation/eligibility"


def request_document(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "award": "CSTD_TINH",
        "as_of": "2025-01-15",
        "subject": {
            "kind": "individual",
            "ratings": [
                {"year": 2022, "rating": "HTXSNV"},
                {"year": 2023, "rating": "HTTNV"},
                {"year": 2024, "rating": "HTXSNV"},
            ],
            "awards": [
                {"year": year, "award": "CSTD_CO_SO", "type": "phong_trao"}
                for year in (2022, 2023, 2024)
            ],
            "initiatives": [{"year": 2024, "scope": "tinh", "used_for": None}],
            "discipline": [],
            "pending": [],
            "members": None,
        },
    }
    document.update(changes)
    return document


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_api_permission_matrix(tree: Tree, login, case, make_actor) -> None:
    client = login(make_actor(tree, Role.NHAP_LIEU))

    response = client.post(URL, request_document(), content_type="application/json")

    assert response.status_code == {"anonymous": 401, "no_role": 403}.get(case, 200)


def test_api_explains_each_criterion(tree: Tree, login) -> None:
    client = login(make_actor_with_role(tree))

    result = client.post(URL, request_document(), content_type="application/json").json()

    assert (result["award"], result["eligible"], result["held"]) == ("CSTD_TINH", True, False)
    consecutive = next(c for c in result["criteria"] if c["code"] == "cstd_co_so_lien_tuc")
    assert consecutive["explanation"] == (
        "CSTĐ cấp tỉnh: cần 03 lần liên tục CSTĐ cơ sở — có 2022, 2023, 2024 ✓"
    )
    assert consecutive["reference"]


def test_api_names_the_bad_field(tree: Tree, login) -> None:
    client = login(make_actor_with_role(tree))
    document = request_document()
    document["subject"]["ratings"][2]["rating"] = "HTT"

    response = client.post(URL, document, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["message"].startswith("subject.ratings[2].rating:")
    assert response.json()["extra"]["field"] == "subject.ratings[2].rating"


def make_actor_with_role(tree: Tree) -> Any:
    from conftest import make_user

    return make_user(Role.CHUYEN_VIEN_TDKT, tree.unit)


def test_cli_gives_the_api_answer(tree: Tree, login, tmp_path) -> None:
    path = tmp_path / "ho-so.json"
    path.write_text(json.dumps(request_document(), ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    client = login(make_actor_with_role(tree))

    call_command("eligibility", str(path), json=True, stdout=out)

    api = client.post(URL, request_document(), content_type="application/json").json()
    assert json.loads(out.getvalue()) == api


def test_cli_prints_a_readable_verdict(tmp_path) -> None:
    path = tmp_path / "ho-so.json"
    path.write_text(json.dumps(request_document()), encoding="utf-8")
    out = io.StringIO()

    call_command("eligibility", str(path), stdout=out)

    assert out.getvalue().startswith("CSTD_TINH: ĐỦ ĐIỀU KIỆN")
    assert "✓ CSTĐ cấp tỉnh: cần 03 lần liên tục CSTĐ cơ sở" in out.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "không phải JSON hợp lệ"),
        (json.dumps(request_document(award="CSTD")), "award:"),
        (json.dumps(request_document(as_of="15/01/2025")), "as_of:"),
    ],
)
def test_cli_bad_input_exits_2_naming_the_problem(tmp_path, content, message) -> None:
    path = tmp_path / "ho-so.json"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(CommandError, match=message) as raised:
        call_command("eligibility", str(path))

    assert raised.value.returncode == 2
