"""The exemplary-models API: the same rules as the pages (reads scoped, personal details only for
writers and reviewers, the office alone reviews), the whole flow through the API, and the
public endpoints (no sign-in, published models only, no personal identifiers)."""

import datetime
import io
import json
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import PERMISSION_CASES, Tree, make_user
from thidua.accounts.enums import Role
from thidua.commendation.models import Person
from thidua.commendation.services import award_record_create
from thidua.emulation.tests.test_movement_services import new_movement
from thidua.exemplars.enums import ConsentStatus, ExemplarStatus
from thidua.exemplars.models import Exemplar, ExemplarEvidence, ExemplarPhoto
from thidua.exemplars.tests.helpers import (
    ADDRESS,
    ID_NUMBER,
    NAME,
    PDF,
    PHONE,
    PUBLIC_NAME,
    image_bytes,
    new_exemplar,
    published,
)

API = "/api/v1/exemplars"
COVERED_API_OPERATIONS = [
    "GET /api/v1/exemplars/exemplars",
    "POST /api/v1/exemplars/exemplars",
    "GET /api/v1/exemplars/exemplars/{exemplar_id}",
    "PUT /api/v1/exemplars/exemplars/{exemplar_id}",
    "POST /api/v1/exemplars/exemplars/{exemplar_id}/submit",
    "POST /api/v1/exemplars/exemplars/{exemplar_id}/return",
    "POST /api/v1/exemplars/exemplars/{exemplar_id}/approve",
    "POST /api/v1/exemplars/exemplars/{exemplar_id}/publish",
    "POST /api/v1/exemplars/exemplars/{exemplar_id}/unpublish",
    "POST /api/v1/exemplars/exemplars/{exemplar_id}/consent",
    "POST /api/v1/exemplars/exemplars/{exemplar_id}/consent/withdraw",
    "PUT /api/v1/exemplars/exemplars/{exemplar_id}/links",
    "GET /api/v1/exemplars/exemplars/{exemplar_id}/press-pack",
    "POST /api/v1/exemplars/exemplars/{exemplar_id}/photos",
    "POST /api/v1/exemplars/photos/{photo_id}/review",
    "POST /api/v1/exemplars/photos/{photo_id}/consent",
    "DELETE /api/v1/exemplars/photos/{photo_id}",
    "POST /api/v1/exemplars/exemplars/{exemplar_id}/evidence",
    "DELETE /api/v1/exemplars/evidence/{evidence_id}",
    "GET /api/v1/exemplars/public",
    "GET /api/v1/exemplars/public/{exemplar_id}",
]


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _json(client: Any, method: str, url: str, data: Any = None) -> Any:
    return getattr(client, method)(
        url, data=json.dumps(data or {}), content_type="application/json"
    )


def _payload(tree: Tree, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "unit_id": tree.unit.pk,
        "kind": "ca_nhan",
        "category": "dien_hinh",
        "sector": "nong_thon",
        "year": 2024,
        "name": NAME,
        "public_name": PUBLIC_NAME,
        "headline": "Người nông dân giỏi trồng cà phê",
        "story": "Anh đã giúp 20 hộ thoát nghèo.",
        "facts": ["20 hộ thoát nghèo"],
        "source": "mat_tran",
        "source_name": "Ủy ban Mặt trận Tổ quốc Việt Nam xã",
        "phone": PHONE,
        "id_number": ID_NUMBER,
        "address": ADDRESS,
    }
    data.update(overrides)
    return data


# Reads with the data officer's role: a unit sees its own and, from the province, every unit's.
READ_EXPECTED = {
    "anonymous": (401, 401, 200, 200),
    "no_role": (403, 404, 200, 200),
    "other_unit": (200, 404, 200, 200),
    "parent_unit": (200, 200, 200, 200),
    "right_role": (200, 200, 200, 200),
}


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_reads_permission_matrix(tree: Tree, login: Any, case: str, make_actor: Any) -> None:
    exemplar = published(tree).exemplar
    client = login(make_actor(tree, Role.NHAP_LIEU))

    listing = client.get(f"{API}/exemplars")
    detail = client.get(f"{API}/exemplars/{exemplar.pk}")
    public = client.get(f"{API}/public")
    public_detail = client.get(f"{API}/public/{exemplar.pk}")

    statuses = (
        listing.status_code,
        detail.status_code,
        public.status_code,
        public_detail.status_code,
    )
    assert statuses == READ_EXPECTED[case]
    if listing.status_code == 200:
        ids = [item["id"] for item in listing.json()["items"]]
        assert ids == ([] if case == "other_unit" else [exemplar.pk])
    assert [item["id"] for item in public.json()["items"]] == [exemplar.pk]


def test_personal_details_only_for_writers_and_reviewers(tree: Tree, login: Any) -> None:
    exemplar = published(tree).exemplar
    url = f"{API}/exemplars/{exemplar.pk}"

    reader = login(make_user(Role.NGUOI_XEM, tree.unit)).get(url).json()
    office = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province)).get(url).json()

    assert reader["personal"] is None
    assert (office["personal"]["phone"], office["personal"]["id_number"]) == (PHONE, ID_NUMBER)


def test_public_endpoints_carry_no_personal_identifiers(tree: Tree, client: Any) -> None:
    photos = published(tree)
    exemplar = photos.exemplar

    body = client.get(f"{API}/public/{exemplar.pk}").json()
    dumped = json.dumps(client.get(f"{API}/public").json(), ensure_ascii=False) + json.dumps(
        body, ensure_ascii=False
    )

    assert (body["public_name"], body["unit"]) == (PUBLIC_NAME, tree.unit.name)
    assert [photo["id"] for photo in body["photos"]] == [photos.shown.pk]
    assert client.get(body["photos"][0]["url"]).status_code == 200
    for secret in (NAME, PHONE, ID_NUMBER, ADDRESS, "1982-03-14", "birth", "phone"):
        assert secret not in dumped
    assert client.get(f"{API}/public/{new_exemplar(tree).pk}").status_code == 404


def test_the_whole_flow_through_the_api(tree: Tree, login: Any, client: Any) -> None:
    proposer = login(make_user(Role.NHAP_LIEU, tree.unit))
    created = _json(proposer, "post", f"{API}/exemplars", _payload(tree))
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    base = f"{API}/exemplars/{pk}"
    photo = proposer.post(
        f"{base}/photos",
        {
            "file": SimpleUploadedFile("ca-phe.jpg", image_bytes()),
            "caption": "Vườn cà phê",
            "consent": "true",
        },
    )
    evidence = proposer.post(
        f"{base}/evidence",
        {"file": SimpleUploadedFile("xac-nhan.pdf", PDF), "description": "Xác nhận"},
    )
    assert (photo.status_code, evidence.status_code) == (201, 201)
    photo_id = photo.json()["id"]
    assert _json(proposer, "post", f"{base}/submit", {"version": 1}).json()["status"] == "submitted"

    office_user = make_user(Role.CHUYEN_VIEN_TDKT, tree.province)
    refused = _json(proposer, "post", f"{base}/approve")
    assert refused.status_code == 403
    office = login(office_user)
    assert _json(office, "post", f"{base}/approve").json()["status"] == "approved"
    early = _json(office, "post", f"{base}/publish")
    assert early.status_code == 400
    assert early.json()["extra"] == {"field": "consent"}
    consent = _json(office, "post", f"{base}/consent", {"consent_on": "2024-05-10"})
    assert consent.json()["consent_covers_text"] is True
    assert _json(office, "post", f"{API}/photos/{photo_id}/review", {"approved": True}).json()[
        "approved"
    ]
    assert _json(office, "post", f"{base}/publish").json()["status"] == "published"
    public = client.get(f"{API}/public/{pk}").json()
    assert public["photos"][0]["caption"] == "Vườn cà phê"

    pack = office.get(f"{base}/press-pack")
    assert pack.status_code == 200
    assert "nguoi-nong-dan" not in pack["Content-Disposition"]
    assert zipfile.ZipFile(io.BytesIO(pack.content)).namelist()[0].endswith("cau-chuyen.docx")

    down = _json(office, "post", f"{base}/unpublish", {"reason": "Bổ sung"})
    assert down.json()["status"] == "unpublished"
    back = _json(office, "post", f"{base}/return", {"reason": "Bổ sung số liệu năm 2024"})
    assert back.json()["return_reason"] == "Bổ sung số liệu năm 2024"
    edited = _json(
        proposer := login(make_user(Role.NHAP_LIEU, tree.unit)),
        "put",
        base,
        {**_payload(tree, headline="Nông dân sản xuất giỏi"), "version": back.json()["version"]},
    )
    assert edited.json()["headline"] == "Nông dân sản xuất giỏi"
    assert edited.json()["consent_covers_text"] is False
    assert (
        _json(proposer, "post", f"{API}/photos/{photo_id}/consent", {"consent": False}).json()[
            "approved"
        ]
        is False
    )
    assert proposer.delete(f"{API}/photos/{photo_id}").status_code == 204
    evidence_id = ExemplarEvidence.objects.get().pk
    assert proposer.delete(f"{API}/evidence/{evidence_id}").status_code == 204
    withdrawn = _json(proposer, "post", f"{base}/consent/withdraw", {"withdrawn_on": "2024-06-01"})
    assert withdrawn.json()["consent_status"] == ConsentStatus.WITHDRAWN
    assert (ExemplarPhoto.objects.count(), ExemplarEvidence.objects.count()) == (0, 0)
    assert Exemplar.objects.get().status == ExemplarStatus.RETURNED


def test_links_through_the_api(tree: Tree, login: Any) -> None:
    exemplar = new_exemplar(tree)
    person = Person.objects.create(
        full_name=NAME, gender="nu", unit=tree.unit, category="truc_tiep", search_key="y nhung ksor"
    )
    record = award_record_create(
        actor=None,
        subject=person,
        year=2024,
        award="BANG_KHEN_TINH",
        award_type="phong_trao",
        decision_number="2951/QĐ-UBND",
        decision_date=datetime.date(2024, 12, 27),
        issuer="Chủ tịch Ủy ban nhân dân tỉnh",
    )
    movement = new_movement(tree)
    client = login(make_user(Role.NHAP_LIEU, tree.unit))
    url = f"{API}/exemplars/{exemplar.pk}/links"

    missing = _json(client, "put", url, {"movement_ids": [999_999]})
    linked = _json(
        client,
        "put",
        url,
        {"person_id": person.pk, "award_record_ids": [record.pk], "movement_ids": [movement.pk]},
    )

    assert (missing.status_code, missing.json()["extra"]) == (400, {"field": "movement_ids"})
    assert linked.status_code == 200, linked.content
    body = linked.json()
    assert (body["award_record_ids"], body["movement_ids"], body["personal"]["person_id"]) == (
        [record.pk],
        [movement.pk],
        person.pk,
    )


def test_refusals_name_the_field(tree: Tree, login: Any) -> None:
    client = login(make_user(Role.NHAP_LIEU, tree.unit))

    bad_phone = _json(client, "post", f"{API}/exemplars", _payload(tree, phone="abc"))
    no_unit = _json(client, "post", f"{API}/exemplars", _payload(tree, unit_id=999_999))
    other = _json(client, "post", f"{API}/exemplars", _payload(tree, unit_id=tree.other.pk))
    shapeless = _json(client, "post", f"{API}/exemplars", {"name": "Thiếu mọi thứ"})

    assert (bad_phone.status_code, bad_phone.json()["extra"]) == (400, {"field": "phone"})
    assert bad_phone.json()["message"].startswith("Trường “Số điện thoại”:")
    assert (no_unit.status_code, no_unit.json()["extra"]) == (400, {"field": "unit_id"})
    assert other.status_code == 403
    assert shapeless.status_code == 422
    assert Exemplar.objects.count() == 0


def test_the_office_of_another_unit_sees_nothing(tree: Tree, login: Any) -> None:
    exemplar = published(tree).exemplar
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.other))

    responses = [
        _json(client, "post", f"{API}/exemplars/{exemplar.pk}/unpublish", {"reason": "x"}),
        client.get(f"{API}/exemplars/{exemplar.pk}/press-pack"),
        _json(
            client, "post", f"{API}/photos/{exemplar.photos.first().pk}/review", {"approved": False}
        ),
    ]

    assert [response.status_code for response in responses] == [404, 404, 404]
    assert Exemplar.objects.get().status == ExemplarStatus.PUBLISHED
