"""The workflow through the pages and the API: who sees and does what (drafts stay inside the
proposing unit; the office of the issuing body appraises, runs the council and decides; the
public sees listed nominations and published decisions), the step-by-step flow, query counts."""

import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import PERMISSION_CASES, Tree, make_user
from thidua.accounts.enums import Role
from thidua.commendation.catalogue import BANG_KHEN_TINH
from thidua.commendation.models import (
    AwardRecord,
    Decision,
    DecisionStatus,
    Nomination,
    NominationStatus,
    PublicComment,
    Round,
)
from thidua.commendation.services import (
    decision_attach_scan,
    decision_draft,
    decision_publish,
    decision_sign,
    nomination_accept,
    public_comment_moderate,
    revocation_draft,
    session_close,
    session_create,
    votes_record,
)
from thidua.commendation.tests.test_council_services import seat_council
from thidua.commendation.tests.test_workflow_services import (
    PDF,
    new_nomination,
    new_person,
    new_round,
)
from thidua.core.text import local_today

COVERED_URL_NAMES = [
    "commendation:round-list",
    "commendation:round-detail",
    "commendation:nomination-new",
    "commendation:nomination-detail",
    "commendation:dossier-download",
    "commendation:session-detail",
    "commendation:session-minutes",
    "commendation:decision-detail",
    "commendation:decision-docx",
    "commendation:decision-scan",
    "commendation:certificates",
    "commendation:statistics",
    "public:commendation",
    "public:decision",
    "public:decision-scan",
    "commendation:comment-moderation",
]
COVERED_API_OPERATIONS = [
    "GET /api/v1/commendation/rounds",
    "POST /api/v1/commendation/rounds",
    "GET /api/v1/commendation/rounds/{round_id}/nominations",
    "POST /api/v1/commendation/rounds/{round_id}/nominations",
    "GET /api/v1/commendation/nominations/{nomination_id}",
    "POST /api/v1/commendation/nominations/{nomination_id}/files/generate",
    "POST /api/v1/commendation/nominations/{nomination_id}/submit",
    "POST /api/v1/commendation/nominations/{nomination_id}/accept",
    "POST /api/v1/commendation/nominations/{nomination_id}/return",
    "POST /api/v1/commendation/nominations/{nomination_id}/withdraw",
    "GET /api/v1/commendation/sessions/{session_id}",
    "POST /api/v1/commendation/sessions/{session_id}/votes",
    "POST /api/v1/commendation/sessions/{session_id}/close",
    "POST /api/v1/commendation/rounds/{round_id}/decisions",
    "GET /api/v1/commendation/decisions/{decision_id}",
    "POST /api/v1/commendation/decisions/{decision_id}/sign",
    "POST /api/v1/commendation/decisions/{decision_id}/publish",
    "GET /api/v1/commendation/statistics",
    "GET /api/v1/commendation/public/decisions",
]

YEAR = local_today().year


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fresh_cache() -> Any:
    """Rate-limit counters of public comments live in the cache: none between tests."""
    cache.clear()
    yield
    cache.clear()


class World:
    """A round of the province: a draft and an awarded nomination of Sở A, the closed session
    that passed the latter, its published decision, and a draft revocation decision."""

    def __init__(self, tree: Tree) -> None:
        self.round = new_round(
            tree.province,
            name="Khen thưởng chuyên đề thử nghiệm",
            kind="chuyen_de",
            year=YEAR,
            deadline=local_today() + datetime.timedelta(days=30),
        )
        self.draft = new_nomination(
            self.round, new_person(tree.unit, "Lê Văn Nháp"), BANG_KHEN_TINH
        )
        self.awarded = new_nomination(
            self.round,
            new_person(tree.unit, "Trần Thị Được Khen"),
            BANG_KHEN_TINH,
            status=NominationStatus.ACCEPTED,
        )
        self.members = seat_council(tree.province, year=YEAR)
        self.session = session_create(
            actor=None, round_=self.round, held_on=local_today(), ballot_mode="an_danh"
        )
        votes_record(actor=None, session=self.session, nomination=self.awarded, tally={"agree": 15})
        session_close(actor=None, session=self.session)
        decision = decision_draft(actor=None, round_=self.round, award=BANG_KHEN_TINH)
        decision_sign(
            actor=None,
            decision=decision,
            signed_on=local_today(),
            signer_name="Nguyễn Văn Ký",
            signer_title="Phó Chủ tịch",
        )
        decision_attach_scan(actor=None, decision=decision, name="qd.pdf", content=PDF)
        self.decision = decision_publish(actor=None, decision=decision)
        record = AwardRecord.objects.get(person=self.awarded.person)
        self.revocation = revocation_draft(
            actor=None, issuer=tree.province, records=[record], reason="Kê khai không đúng"
        )
        self.file = self.awarded.files.first()


@pytest.fixture
def world(tree: Tree) -> World:
    return World(tree)


def _urls(world: World) -> dict[str, str]:
    return {
        "round-list": reverse("commendation:round-list"),
        "round-detail": reverse("commendation:round-detail", args=[world.round.pk]),
        "nomination-new": reverse("commendation:nomination-new", args=[world.round.pk]),
        "nomination": reverse("commendation:nomination-detail", args=[world.awarded.pk]),
        "draft": reverse("commendation:nomination-detail", args=[world.draft.pk]),
        "dossier": reverse("commendation:dossier-download", args=[world.file.pk]),
        "session": reverse("commendation:session-detail", args=[world.session.pk]),
        "minutes": reverse("commendation:session-minutes", args=[world.session.pk]),
        "decision": reverse("commendation:decision-detail", args=[world.decision.pk]),
        "decision-docx": reverse("commendation:decision-docx", args=[world.decision.pk]),
        "decision-scan": reverse("commendation:decision-scan", args=[world.decision.pk]),
        "certificates": reverse("commendation:certificates", args=[world.decision.pk]),
        "revocation": reverse("commendation:decision-detail", args=[world.revocation.pk]),
        "statistics": reverse("commendation:statistics"),
        "public": reverse("public:commendation"),
        "public-decision": reverse("public:decision", args=[world.decision.pk]),
        "public-scan": reverse("public:decision-scan", args=[world.decision.pk]),
        "public-revocation": reverse("public:decision", args=[world.revocation.pk]),
    }


# Expected status per (page, case) for the emulation office role; the office of the province
# ("parent_unit") runs the round; the office of Sở A ("right_role") only sees Sở A's sent
# nominations; Sở B's ("other_unit") sees neither.
OFFICE_EXPECTED: dict[str, dict[str, int]] = {
    "round-list": {"anonymous": 302, "no_role": 403},
    "round-detail": {"anonymous": 302, "no_role": 403},
    "nomination-new": {"anonymous": 302, "no_role": 403, "other_unit": 403, "parent_unit": 403,
                       "right_role": 403},
    "nomination": {"anonymous": 302, "no_role": 404, "other_unit": 404},
    "draft": {"anonymous": 302, "no_role": 404, "other_unit": 404, "parent_unit": 404,
              "right_role": 404},
    "dossier": {"anonymous": 302, "no_role": 404, "other_unit": 404},
    "session": {"anonymous": 302, "no_role": 404, "other_unit": 404, "right_role": 404},
    "minutes": {"anonymous": 302, "no_role": 404, "other_unit": 404, "right_role": 404},
    "decision": {"anonymous": 302},
    "decision-docx": {"anonymous": 302},
    "decision-scan": {"anonymous": 302},
    "certificates": {"anonymous": 302},
    "revocation": {"anonymous": 302, "no_role": 404, "other_unit": 404, "right_role": 404},
    "statistics": {"anonymous": 302, "no_role": 403},
    "public": {},
    "public-decision": {},
    "public-scan": {},
    "public-revocation": {"anonymous": 404, "no_role": 404, "other_unit": 404,
                          "parent_unit": 404, "right_role": 404},
}  # fmt: skip


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_pages_permission_matrix_for_the_office(
    world: World, tree: Tree, login: Any, case: str, make_actor: Any
) -> None:
    client = login(make_actor(tree, Role.CHUYEN_VIEN_TDKT))
    for name, url in _urls(world).items():
        response = client.get(url)
        assert (name, response.status_code) == (name, OFFICE_EXPECTED[name].get(case, 200))


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_a_units_drafts_stay_inside_the_unit(
    world: World, tree: Tree, login: Any, case: str, make_actor: Any
) -> None:
    client = login(make_actor(tree, Role.NHAP_LIEU))
    urls = _urls(world)

    draft = client.get(urls["draft"])
    listing = client.get(urls["round-detail"])
    new = client.get(urls["nomination-new"])

    inside = case in ("right_role", "parent_unit")
    assert draft.status_code == {"anonymous": 302}.get(case, 200 if inside else 404)
    assert new.status_code == {"anonymous": 302, "no_role": 403}.get(case, 200)
    if listing.status_code == 200:
        page = listing.content.decode()
        assert ("Lê Văn Nháp" in page) == inside
        assert ("Trần Thị Được Khen" in page) == inside


def test_only_the_issuers_office_acts(world: World, tree: Tree, login: Any) -> None:
    sent = new_nomination(
        world.round, new_person(tree.unit, "Phạm Thị Chờ"), BANG_KHEN_TINH, status="submitted"
    )
    url = reverse("commendation:nomination-detail", args=[sent.pk])
    data = {"action": "accept", "version": sent.version}

    for actor in (
        make_user(Role.CHUYEN_VIEN_TDKT, tree.unit),
        make_user(Role.NHAP_LIEU, tree.unit),
    ):
        login(actor).post(url, data)
        assert Nomination.objects.get(pk=sent.pk).status == NominationStatus.SUBMITTED

    response = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province)).post(url, data)
    assert response.status_code == 302
    assert Nomination.objects.get(pk=sent.pk).status == NominationStatus.ACCEPTED


def test_round_creation_is_for_the_provinces_office(tree: Tree, login: Any) -> None:
    data = {
        "name": "Khen thưởng đột xuất",
        "kind": "dot_xuat",
        "year": YEAR,
        "submission_deadline": (local_today() + datetime.timedelta(days=10)).strftime("%d/%m/%Y"),
        "appraisal_working_days": 10,
        "comment_working_days": 0,
        "quota_CSTD_TINH": 2,
        "quota_BANG_KHEN_TINH": "",
    }
    url = reverse("commendation:round-list")

    refused = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.unit)).post(url, data)
    assert (refused.status_code, Round.objects.count()) == (403, 0)

    created = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province)).post(url, data)
    round_ = Round.objects.get()
    assert created["Location"] == reverse("commendation:round-detail", args=[round_.pk])
    assert (round_.award_type, round_.issuer) == ("dot_xuat", tree.province)
    assert round_.quotas == {"CSTD_TINH": 2}


def test_a_unit_proposes_uploads_and_sends_through_the_page(tree: Tree, login: Any) -> None:
    round_ = new_round(
        tree.province, year=YEAR, deadline=local_today() + datetime.timedelta(days=30)
    )
    someone = new_person(tree.child, "Đỗ Thị Lan")
    client = login(make_user(Role.NHAP_LIEU, tree.unit))
    new_url = reverse("commendation:nomination-new", args=[round_.pk])

    created = client.post(
        new_url,
        {
            "unit": tree.unit.pk,
            "subject": f"person:{someone.pk}",
            "award": BANG_KHEN_TINH,
            "achievement": "Dẫn đầu phong trào chuyển đổi số.",
        },
    )
    nomination = Nomination.objects.get()
    url = reverse("commendation:nomination-detail", args=[nomination.pk])
    assert created["Location"] == url

    refused = client.post(url, {"action": "submit", "version": nomination.version}, follow=True)
    assert "Hồ sơ còn thiếu: Tờ trình đề nghị; Báo cáo thành tích" in refused.content.decode()
    client.post(url, {"action": "generate", "kind": "to_trinh"})
    client.post(url, {"action": "generate", "kind": "bao_cao"})
    upload = {"action": "upload", "kind": "bien_ban"}
    client.post(url, {**upload, "file": SimpleUploadedFile("bien-ban.pdf", PDF)})
    nomination.refresh_from_db()
    assert sorted(nomination.files.values_list("kind", "generated")) == [
        ("bao_cao", True),
        ("bien_ban", False),
        ("to_trinh", True),
    ]

    sent = client.post(url, {"action": "submit", "version": nomination.version})
    assert sent.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.appraisal_due is not None
    assert nomination.eligibility["award"] == BANG_KHEN_TINH


def test_public_pages_show_listed_and_published_only(world: World, tree: Tree, client) -> None:
    listed_round = new_round(
        tree.province,
        name="Đợt lấy ý kiến",
        year=YEAR,
        deadline=local_today() + datetime.timedelta(days=30),
        comment_working_days=5,
    )
    listed = new_nomination(
        listed_round, new_person(tree.unit, "Vũ Thị Công Khai"), BANG_KHEN_TINH, status="submitted"
    )
    nomination_accept(actor=None, nomination=listed)

    page = client.get(reverse("public:commendation")).content.decode()
    assert "Vũ Thị Công Khai" in page
    assert "Lê Văn Nháp" not in page
    assert world.decision.number in page

    posted = client.post(
        reverse("public:commendation"),
        {
            "nomination": listed.pk,
            "text": "Đề nghị xem lại thành tích năm 2024.",
            "author_name": "",
        },
    )
    assert posted.status_code == 302
    assert PublicComment.objects.get().nomination == listed
    not_listed = client.post(
        reverse("public:commendation"), {"nomination": world.draft.pk, "text": "Góp ý"}
    )
    assert "hiện không lấy ý kiến" in not_listed.content.decode()
    assert PublicComment.objects.count() == 1

    decision_page = client.get(reverse("public:decision", args=[world.decision.pk]))
    assert "Trần Thị Được Khen" in decision_page.content.decode()


def test_statistics_show_the_direct_worker_share(world: World, tree: Tree, login: Any) -> None:
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province))
    page = client.get(reverse("commendation:statistics"), {"year": YEAR}).content.decode()
    assert "100 %" in page  # the one awarded person is a direct worker
    assert page.count('data-testid="direct-share"') == 1  # shown once, in the summary
    assert page.count("<div") == page.count("</div>")
    api = client.get("/api/v1/commendation/statistics", {"year": YEAR}).json()
    assert (api["individuals"], api["direct_workers"], api["direct_worker_share"]) == (
        1,
        1,
        "100 %",
    )


def test_statistics_open_on_the_latest_year_with_awards(tree: Tree, login: Any) -> None:
    from conftest import make_unit
    from thidua.commendation.services import award_record_create, person_create

    province = make_unit("Tỉnh Khác", kind="tinh", parent=None)
    unit = make_unit("Sở Nội vụ tỉnh Khác", parent=province)
    person = person_create(
        actor=None, full_name="Lê Văn Bình", gender="nam", unit=unit, category="truc_tiep"
    )
    award_record_create(
        actor=None,
        subject=person,
        year=YEAR - 2,
        award="LDTT",
        award_type="phong_trao",
        decision_number="5/QĐ-SNV",
        decision_date=datetime.date(YEAR - 2, 12, 10),
        issuer="Giám đốc Sở Nội vụ",
    )
    url = reverse("commendation:statistics")

    opened = login(make_user(Role.CHUYEN_VIEN_TDKT, province)).get(url)
    empty = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province)).get(url)

    assert opened.context["year"] == YEAR - 2
    assert opened.context["stats"].individuals == 1
    assert empty.context["year"] == YEAR  # nothing awarded in its units: this year


def _query_count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_lists_have_constant_query_counts(world: World, tree: Tree, login: Any) -> None:
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province))
    urls = [
        reverse("commendation:round-detail", args=[world.round.pk]),
        reverse("public:commendation"),
        reverse("commendation:session-detail", args=[world.session.pk]),
        reverse("commendation:decision-detail", args=[world.decision.pk]),
        f"/api/v1/commendation/rounds/{world.round.pk}/nominations",
        "/api/v1/commendation/public/decisions",
    ]
    before = [_query_count(client, url) for url in urls]
    for index in range(6):
        new_nomination(
            world.round,
            new_person(tree.unit, f"Người Thứ {index}"),
            BANG_KHEN_TINH,
            status="submitted",
        )
    after = [_query_count(client, url) for url in urls]
    assert after == before
    assert max(before) <= 25


# --- API -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_api_permission_matrix_for_reads(
    world: World, tree: Tree, login: Any, case: str, make_actor: Any
) -> None:
    client = login(make_actor(tree, Role.CHUYEN_VIEN_TDKT))
    base = "/api/v1/commendation"
    statuses = {
        "rounds": client.get(f"{base}/rounds").status_code,
        "nominations": client.get(f"{base}/rounds/{world.round.pk}/nominations").status_code,
        "nomination": client.get(f"{base}/nominations/{world.awarded.pk}").status_code,
        "draft": client.get(f"{base}/nominations/{world.draft.pk}").status_code,
        "session": client.get(f"{base}/sessions/{world.session.pk}").status_code,
        "decision": client.get(f"{base}/decisions/{world.decision.pk}").status_code,
        "revocation": client.get(f"{base}/decisions/{world.revocation.pk}").status_code,
        "statistics": client.get(f"{base}/statistics?year={YEAR}").status_code,
        "public": client.get(f"{base}/public/decisions").status_code,
    }
    anonymous = case == "anonymous"
    has_role = case not in ("anonymous", "no_role")
    office = case == "parent_unit"
    covers_unit = case in ("parent_unit", "right_role")
    denied = 401 if anonymous else 403
    hidden = 401 if anonymous else 404
    assert statuses == {
        "rounds": 200 if has_role else denied,
        "nominations": 200 if has_role else denied,
        "nomination": 200 if covers_unit else hidden,
        "draft": hidden,
        "session": 200 if office else hidden,
        "decision": 401 if anonymous else 200,
        "revocation": 200 if office else hidden,
        "statistics": 200 if has_role else denied,
        "public": 200,
    }


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_api_permission_matrix_for_writes(
    world: World, tree: Tree, login: Any, case: str, make_actor: Any
) -> None:
    office_client = login(make_actor(tree, Role.CHUYEN_VIEN_TDKT))
    base = "/api/v1/commendation"
    deadline = (local_today() + datetime.timedelta(days=9)).isoformat()
    created = office_client.post(
        f"{base}/rounds",
        {
            "issuer_id": tree.province.pk,
            "name": "Đợt qua API",
            "kind": "dot_xuat",
            "year": YEAR,
            "submission_deadline": deadline,
        },
        content_type="application/json",
    )
    sent = new_nomination(
        world.round, new_person(tree.unit, "Hồ Văn Gửi"), BANG_KHEN_TINH, status="submitted"
    )
    accepted = office_client.post(
        f"{base}/nominations/{sent.pk}/accept",
        {"version": sent.version},
        content_type="application/json",
    )
    office = case == "parent_unit"
    anonymous = case == "anonymous"
    assert created.status_code == (201 if office else 401 if anonymous else 403)
    sees = case in ("parent_unit", "right_role")
    assert accepted.status_code == (200 if office else 401 if anonymous else 403 if sees else 404)
    assert Nomination.objects.get(pk=sent.pk).status == (
        NominationStatus.ACCEPTED if office else NominationStatus.SUBMITTED
    )

    unit_client = login(make_actor(tree, Role.NHAP_LIEU))
    someone = new_person(tree.unit, "Mai Văn Mới")
    proposed = unit_client.post(
        f"{base}/rounds/{world.round.pk}/nominations",
        {
            "unit_id": tree.unit.pk,
            "subject": {"kind": "individual", "id": someone.pk},
            "award": BANG_KHEN_TINH,
            "achievement": "Thành tích xuất sắc.",
        },
        content_type="application/json",
    )
    proposer = case in ("parent_unit", "right_role")
    assert proposed.status_code == (201 if proposer else 401 if anonymous else 403)


def test_api_runs_the_whole_flow(tree: Tree, login: Any) -> None:
    office = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province))
    base = "/api/v1/commendation"
    round_ = new_round(
        tree.province, year=YEAR, deadline=local_today() + datetime.timedelta(days=30)
    )
    sent = new_nomination(
        round_, new_person(tree.unit, "Kiều Thị Api"), BANG_KHEN_TINH, status="submitted"
    )
    json = {"content_type": "application/json"}

    returned = office.post(
        f"{base}/nominations/{sent.pk}/return", {"reason": "Thiếu chữ ký"}, **json
    ).json()
    assert (returned["status"], returned["return_reason"]) == ("returned", "Thiếu chữ ký")
    unit = login(make_user(Role.NHAP_LIEU, tree.unit))
    assert unit.post(f"{base}/nominations/{sent.pk}/submit", {}, **json).json()["status"] == (
        "submitted"
    )
    office = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province))
    assert office.post(f"{base}/nominations/{sent.pk}/accept", {}, **json).status_code == 200
    members = seat_council(tree.province, year=YEAR)
    session = session_create(
        actor=None, round_=round_, held_on=local_today(), ballot_mode="dich_danh"
    )
    ballots = {str(member.pk): "agree" for member in members[:13]}
    ballots.update({str(member.pk): "disagree" for member in members[13:]})
    voted = office.post(
        f"{base}/sessions/{session.pk}/votes",
        {"nomination_id": sent.pk, "ballots": ballots},
        **json,
    )
    assert voted.json()["agree"] == 13
    closed = office.post(f"{base}/sessions/{session.pk}/close", {}, **json).json()
    assert closed["results"][0]["passed"] is True
    assert closed["results"][0]["percent"] == "86,7 %"
    drafted = office.post(f"{base}/rounds/{round_.pk}/decisions", {"award": BANG_KHEN_TINH}, **json)
    decision_id = drafted.json()["id"]
    signed = office.post(
        f"{base}/decisions/{decision_id}/sign",
        {
            "signed_on": local_today().isoformat(),
            "signer_name": "Nguyễn Văn Ký",
            "signer_title": "Phó Chủ tịch",
        },
        **json,
    ).json()
    assert signed["number"] == "01/QĐ-UBND"
    refused = office.post(f"{base}/decisions/{decision_id}/publish", {}, **json)
    assert refused.status_code == 400
    assert "bản quyết định đã ký" in refused.json()["message"]
    decision_attach_scan(
        actor=None, decision=Decision.objects.get(pk=decision_id), name="qd.pdf", content=PDF
    )
    published = office.post(f"{base}/decisions/{decision_id}/publish", {}, **json).json()
    assert published["status"] == DecisionStatus.PUBLISHED
    public = login(None).get(f"{base}/public/decisions").json()
    assert [item["subject_name"] for item in public["items"][0]["items"]] == ["Kiều Thị Api"]


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_api_permission_matrix_for_unit_actions(
    world: World, tree: Tree, login: Any, case: str, make_actor: Any
) -> None:
    client = login(make_actor(tree, Role.NHAP_LIEU))
    base = f"/api/v1/commendation/nominations/{world.draft.pk}"
    json = {"content_type": "application/json"}

    generated = client.post(f"{base}/files/generate", {"kind": "to_trinh"}, **json)
    withdrawn = client.post(f"{base}/withdraw", {"reason": "Chưa đủ thành tích"}, **json)

    inside = case in ("parent_unit", "right_role")
    hidden = 401 if case == "anonymous" else 404
    assert generated.status_code == (201 if inside else hidden)
    assert withdrawn.status_code == (200 if inside else hidden)
    assert Nomination.objects.get(pk=world.draft.pk).status == (
        NominationStatus.WITHDRAWN if inside else NominationStatus.DRAFT
    )


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_api_council_and_decisions_are_for_the_issuers_office(
    world: World, tree: Tree, login: Any, case: str, make_actor: Any
) -> None:
    """Everyone but the province's office is refused; the office's calls reach the service,
    which then refuses on the state (the session is closed, the decision published)."""
    client = login(make_actor(tree, Role.CHUYEN_VIEN_TDKT))
    base = "/api/v1/commendation"
    json = {"content_type": "application/json"}
    sign = {"signed_on": local_today().isoformat(), "signer_name": "A", "signer_title": "B"}
    statuses = [
        client.post(
            f"{base}/sessions/{world.session.pk}/votes",
            {"nomination_id": world.awarded.pk, "tally": {"agree": 1}},
            **json,
        ).status_code,
        client.post(f"{base}/sessions/{world.session.pk}/close", {}, **json).status_code,
        client.post(
            f"{base}/rounds/{world.round.pk}/decisions", {"award": BANG_KHEN_TINH}, **json
        ).status_code,
        client.post(f"{base}/decisions/{world.revocation.pk}/sign", sign, **json).status_code,
        client.post(f"{base}/decisions/{world.decision.pk}/publish", {}, **json).status_code,
    ]
    expected = {
        "anonymous": [401] * 5,
        "no_role": [404, 404, 403, 404, 403],
        "other_unit": [404, 404, 403, 404, 403],
        "right_role": [404, 404, 403, 404, 403],
        "parent_unit": [400, 400, 400, 200, 400],
    }[case]
    assert statuses == expected
    assert AwardRecord.objects.get(person=world.awarded.person).is_revoked == (
        case == "parent_unit"
    )


@pytest.mark.parametrize(
    "model",
    ["round", "councilmember", "nomination", "councilsession", "decision"],
)
def test_admin_lists_the_workflow(world: World, login: Any, model: str) -> None:
    url = reverse(f"admin:commendation_{model}_changelist")
    assert login(make_user(Role.CHUYEN_VIEN_TDKT, world.round.issuer)).get(url).status_code == 302
    admin = login(make_user(is_superuser=True, is_staff=True))
    assert admin.get(url).status_code == 200
    add = admin.get(reverse(f"admin:commendation_{model}_add")).status_code
    assert add == (200 if model in ("round", "councilmember") else 403)


# --- Public comments: moderated, rate-limited ------------------------------------------------


def _listed(tree: Tree) -> Nomination:
    listing = new_round(
        tree.province,
        name="Đợt lấy ý kiến",
        year=YEAR,
        deadline=local_today() + datetime.timedelta(days=30),
        comment_working_days=5,
    )
    return nomination_accept(
        actor=None,
        nomination=new_nomination(
            listing, new_person(tree.unit, "Vũ Thị Công Khai"), BANG_KHEN_TINH, status="submitted"
        ),
    )


def _post_comment(client: Any, nomination: Nomination, text: str, **extra: str) -> Any:
    return client.post(
        reverse("public:commendation"), {"nomination": nomination.pk, "text": text, **extra}
    )


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_moderation_page_permission_matrix(
    tree: Tree, login: Any, client: Any, case: str, make_actor: Any
) -> None:
    """The province's office (which runs the round) sees and moderates its comments; another
    office sees none of them; others are refused."""
    listed = _listed(tree)
    _post_comment(client, listed, "Góp ý cần duyệt", author_name="Người Gửi", contact="0905 1")
    comment = PublicComment.objects.get()
    office = login(make_actor(tree, Role.CHUYEN_VIEN_TDKT))
    url = reverse("commendation:comment-moderation")

    page = office.get(url)
    posted = office.post(url, {"comment": comment.pk, "status": "approved", "note": ""})

    expected = {"anonymous": 302, "no_role": 403}.get(case, 200)
    assert page.status_code == expected
    sees = case == "parent_unit"
    if expected == 200:
        text = page.content.decode()
        assert ("Góp ý cần duyệt" in text, "0905 1" in text, "Người Gửi" in text) == (sees,) * 3
    assert posted.status_code == {"anonymous": 302, "no_role": 403, "parent_unit": 302}.get(
        case, 404
    )
    comment.refresh_from_db()
    assert comment.status == ("approved" if sees else "pending")


def test_a_comment_is_public_only_once_approved(tree: Tree, login: Any, client: Any) -> None:
    listed = _listed(tree)
    public = reverse("public:commendation")

    sent = _post_comment(
        client, listed, "Chị luôn tận tụy.", author_name="Trần Văn Góp", contact="0905 123 456"
    )
    waiting = client.get(public).content.decode()
    office = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province))
    comment = PublicComment.objects.get()
    office.post(
        reverse("commendation:comment-moderation"),
        {"comment": comment.pk, "status": "approved", "note": "Phù hợp"},
    )
    shown = login(None).get(public).content.decode()

    assert sent.status_code == 302
    assert "Chị luôn tận tụy." not in waiting
    assert "Chị luôn tận tụy." in shown
    assert "Trần Văn Góp" not in shown
    assert "0905 123 456" not in shown
    assert PublicComment.objects.get().moderated_by is not None


def test_the_proposing_unit_sees_approved_comments_without_their_authors(
    tree: Tree, login: Any, client: Any
) -> None:
    listed = _listed(tree)
    _post_comment(client, listed, "Đã duyệt.", author_name="Người A", contact="0905 7")
    _post_comment(client, listed, "Còn chờ.", author_name="Người B")
    approved = PublicComment.objects.get(text="Đã duyệt.")
    public_comment_moderate(actor=None, comment=approved, status="approved")
    url = reverse("commendation:nomination-detail", args=[listed.pk])

    unit = login(make_user(Role.NHAP_LIEU, tree.unit)).get(url).content.decode()
    office = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province)).get(url).content.decode()

    assert ("Đã duyệt." in unit, "Còn chờ." in unit, "Người A" in unit, "0905 7" in unit) == (
        True,
        False,
        False,
        False,
    )
    assert ("Đã duyệt." in office, "Còn chờ." in office, "0905 7" in office) == (True,) * 3
    assert "Chờ kiểm duyệt" in office


def test_too_many_comments_from_one_address_get_429(tree: Tree, client: Any) -> None:
    listed = _listed(tree)
    for index in range(5):
        assert _post_comment(client, listed, f"Góp ý số {index}").status_code == 302

    refused = _post_comment(client, listed, "Góp ý thứ sáu")
    other = client.post(
        reverse("public:commendation"),
        {"nomination": listed.pk, "text": "Từ máy khác"},
        REMOTE_ADDR="198.51.100.4",
    )

    assert refused.status_code == 429
    assert refused["Retry-After"] == "600"
    assert "Bạn đã gửi 5 góp ý trong 10 phút" in refused.content.decode()
    assert "Góp ý thứ sáu" in refused.content.decode()  # what was written is kept in the form
    assert other.status_code == 302
    assert PublicComment.objects.count() == 6


def test_the_public_decision_page_is_cacheable(world: World, client: Any) -> None:
    url = reverse("public:decision", args=[world.decision.pk])
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["Cache-Control"] == "public, max-age=300"
    assert again.status_code == 304
    assert "csrfmiddlewaretoken" not in first.content.decode()
