"""The public portal and the open data: reachable by everyone, identical for everyone, cacheable,
built in a constant number of queries; what each page and file shows (and does not)."""

import csv
import datetime
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import PERMISSION_CASES, Tree
from thidua.accounts.enums import Role
from thidua.commendation.catalogue import BANG_KHEN_TINH, SubjectKind
from thidua.commendation.services import decision_sign
from thidua.core.text import local_today
from thidua.emulation.models import Movement
from thidua.emulation.services.movements import movement_create
from thidua.emulation.tests.test_cluster_flow import Block
from thidua.portal.open_data import (
    AWARD_FIELDS,
    MEASURE_FIELDS,
    STANDING_FIELDS,
    awards_csv,
    dataset,
    payload_etag,
)
from thidua.portal.selectors import PublicAward, campaign_pick
from thidua.portal.tests.conftest import Portal, publish_awards, publish_block
from thidua.targets.services import report_save, report_submit
from thidua.targets.tests.conftest import add_summed_measure

COVERED_URL_NAMES = [
    "portal:home",
    "portal:targets",
    "portal:movements",
    "portal:standings",
    "opendata:index",
    "opendata:targets-json",
    "opendata:awards-csv",
    "opendata:awards-json",
    "opendata:clusters-json",
]
PAGES = {
    "portal:home": 300,
    "portal:targets": 300,
    "portal:movements": 300,
    "portal:standings": 300,
    "opendata:index": 300,
    "opendata:targets-json": 900,
    "opendata:awards-csv": 900,
    "opendata:awards-json": 900,
    "opendata:clusters-json": 900,
}


def _get(client: Any, name: str, **query: Any) -> Any:
    return client.get(reverse(name), query)


def _json(client: Any, name: str, **query: Any) -> Any:
    response = _get(client, name, **query)
    assert response.status_code == 200
    return json.loads(response.content)


def _without_time(payload: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in payload.items() if key != "generated_at"}


# --- Who may see -------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_every_public_page_is_the_same_for_everyone(
    portal: Portal, tree: Tree, login: Any, client: Any, case: str, make_actor: Any
) -> None:
    """Anonymous visitors, users without a role and the office all get the same bytes: nothing
    depends on who asks (so any cache may keep the page)."""
    anonymous = {name: client.get(reverse(name)) for name in PAGES}
    visitor = login(make_actor(tree, Role.CHUYEN_VIEN_TDKT))

    for name in PAGES:
        response = visitor.get(reverse(name))
        assert (name, response.status_code) == (name, 200)
        if not name.endswith("json"):  # `generated_at` differs between two builds
            assert (name, response.content) == (name, anonymous[name].content)
        assert (name, response["ETag"]) == (name, anonymous[name]["ETag"])


@pytest.mark.parametrize("name", PAGES)
def test_public_responses_are_cacheable(portal: Portal, client: Any, name: str) -> None:
    first = client.get(reverse(name))
    again = client.get(reverse(name), HTTP_IF_NONE_MATCH=first["ETag"])
    posted = client.post(reverse(name))

    assert first.status_code == 200
    assert first["Cache-Control"] == f"public, max-age={PAGES[name]}"
    assert "Cookie" not in first.get("Vary", "")
    assert not first.cookies
    assert (again.status_code, again["ETag"], again["Cache-Control"]) == (
        304,
        first["ETag"],
        first["Cache-Control"],
    )
    assert posted.status_code == 405


def test_the_etag_of_a_json_file_follows_its_data_not_its_build_time(
    portal: Portal, client: Any, tree: Tree
) -> None:
    first = client.get(reverse("opendata:awards-json"))
    payload = json.loads(first.content)
    later = {**payload, "generated_at": "2099-01-01T00:00:00+07:00"}
    assert payload_etag(later) == first["ETag"]

    decision_sign(
        actor=None,
        decision=portal.world.revocation,
        signed_on=local_today(),
        signer_name="Nguyễn Văn Ký",
        signer_title="Phó Chủ tịch",
    )
    changed = client.get(reverse("opendata:awards-json"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


@pytest.mark.parametrize("name", ["targets-json", "awards-csv", "awards-json", "clusters-json"])
@pytest.mark.parametrize("year", ["abc", "1800", "20244"])
def test_a_bad_year_is_refused_in_vietnamese(portal: Portal, client: Any, name: str, year: str):
    response = client.get(reverse(f"opendata:{name}"), {"year": year})

    assert response.status_code == 400
    assert json.loads(response.content) == {
        "message": "Tham số “year” phải là một năm từ 1945 đến 2100."
    }
    assert response["Cache-Control"] == "no-store"


# --- Fast: a constant number of queries ----------------------------------------------------------


def _query_count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_the_data(portal: Portal, tree: Tree, client: Any) -> None:
    urls = [reverse(name) for name in PAGES]
    before = [_query_count(client, url) for url in urls]

    add_summed_measure(portal.campaign, tree, units=6)
    more = publish_awards(tree, [f"Người Thêm {index}" for index in range(5)])
    for index in range(4):
        movement_create(
            actor=None,
            name=f"Phong trào thêm {index}",
            kind="thematic",
            launched_by=tree.province,
            starts_on=datetime.date(2024, 4, 1 + index),
        )
    publish_block(Block(tree))  # a second block with its published standings
    after = [_query_count(client, url) for url in urls]

    assert more.items.count() == 5
    assert after == before
    assert dict(zip(PAGES, before, strict=True)) == {
        "portal:home": 8,
        "portal:targets": 4,
        "portal:movements": 2,
        "portal:standings": 2,
        "opendata:index": 0,
        "opendata:targets-json": 4,
        "opendata:awards-csv": 1,
        "opendata:awards-json": 1,
        "opendata:clusters-json": 1,
    }


# --- What the pages show ------------------------------------------------------------------------


def test_the_home_page_shows_every_part(portal: Portal, client: Any) -> None:
    page = client.get(reverse("portal:home")).content.decode()

    assert "Tiến độ chỉ tiêu thi đua năm 2024" in page
    assert "1. Thu ngân sách" in page
    assert "640 tỷ đồng" in page  # the approved January figure
    assert f"Quyết định số {portal.world.decision.number}" in page
    assert reverse("public:decision", args=[portal.world.decision.pk]) in page
    assert "Đợt lấy ý kiến nhân dân: 1 đề nghị" in page
    assert "Phong trào thi đua chuyển đổi số" in page
    assert "Khối các cơ quan văn hóa – xã hội – năm" in page
    assert 'href="/cong-khai/dien-hinh/"' in page
    assert reverse("opendata:index") in page
    assert page.count("<svg") == 2  # a progress bar per measure


def test_the_targets_page_has_a_trend_chart_per_measure(portal: Portal, client: Any) -> None:
    page = client.get(reverse("portal:targets"), {"nam": 2024}).content.decode()
    other_year = client.get(reverse("portal:targets"), {"nam": 2019}).content.decode()

    assert "Chỉ tiêu 1: Thu ngân sách 1.200 tỷ." in page
    assert "2. Xã nông thôn mới" in page
    assert page.count("<svg") == 4  # progress bars (2) and trends (2)
    assert "Chưa có chỉ tiêu thi đua của năm này." in other_year


def test_the_movements_and_standings_pages(portal: Portal, client: Any) -> None:
    movements = client.get(reverse("portal:movements"), {"nam": 2024}).content.decode()
    standings = client.get(reverse("portal:standings")).content.decode()

    assert "Phong trào thi đua chuyển đổi số" in movements
    assert "15/KH-UBND" in movements
    assert "01/03/2024 – 31/12/2024" in movements
    assert "Khối các cơ quan văn hóa – xã hội" in standings
    assert standings.count("<svg") == 1
    assert "Sở Nội vụ tỉnh Thử Nghiệm" in standings  # the leading member


def test_only_published_standings_are_shown(tree: Tree, client: Any, media_root: None) -> None:
    block = Block(tree)

    assert _json(client, "opendata:clusters-json")["editions"] == []
    assert "Chưa có cụm, khối nào công bố kết quả." in client.get(
        reverse("portal:standings")
    ).content.decode("utf-8")

    publish_block(block)
    editions = _json(client, "opendata:clusters-json")["editions"]
    assert [(e["cluster"], [row["rank"] for row in e["standings"]]) for e in editions] == [
        ("Khối các cơ quan văn hóa – xã hội", [1, 2, 3])
    ]


# --- The open data files -------------------------------------------------------------------------


def _documented(file_name: str) -> tuple[list[str], list[str]]:
    item = dataset(file_name)
    return [field.name for field in item.envelope], [field.name for field in item.fields]


def test_the_files_have_exactly_the_documented_fields(portal: Portal, client: Any) -> None:
    targets = _json(client, "opendata:targets-json")
    awards = _json(client, "opendata:awards-json")
    clusters = _json(client, "opendata:clusters-json")
    rows = list(csv.reader(io.StringIO(_get(client, "opendata:awards-csv").content.decode())))

    assert (list(targets), list(targets["measures"][0])) == _documented("targets.json")
    assert (list(awards), list(awards["awards"][0])) == _documented("awards.json")
    assert (list(clusters), list(clusters["editions"][0])) == _documented("clusters.json")
    assert rows[0] == ["\ufeffname", *[field.name for field in AWARD_FIELDS][1:]]
    assert list(clusters["editions"][0]["standings"][0]) == ["rank", "unit", "total", "explanation"]


def test_the_index_documents_every_file(portal: Portal, client: Any) -> None:
    page = client.get(reverse("opendata:index")).content.decode()

    for name in ("targets-json", "awards-csv", "awards-json", "clusters-json"):
        assert f"http://testserver{reverse(f'opendata:{name}')}" in page
    for field in (*AWARD_FIELDS, *MEASURE_FIELDS, *STANDING_FIELDS):
        assert f"<code>{field.name}</code>" in page
    assert "CC-BY-4.0" in page
    assert "Khi một quyết định được công khai hoặc một khen thưởng bị thu hồi." in page
    assert "Thông tin không bao giờ được công bố" in page


def test_targets_count_approved_values_only(portal: Portal, tree: Tree, client: Any) -> None:
    before = _without_time(_json(client, "opendata:targets-json"))
    revenue = next(m for m in before["measures"] if m["code"] == "1")
    assert (revenue["actual"], revenue["series"]) == (
        640,
        [{"period_end": "2024-01-31", "value": 640}],
    )

    report_save(
        actor=None,
        measure=portal.campaign.revenue,
        unit=tree.unit,
        period_key="2024-02",
        value=Decimal("777777"),
    )
    report_submit(
        actor=None,
        report=report_save(
            actor=None,
            measure=portal.campaign.communes,
            unit=tree.child,
            period_key="2024-Q1",
            value=Decimal("55555"),
        ),
    )

    after = _without_time(_json(client, "opendata:targets-json"))
    page = client.get(reverse("portal:targets")).content.decode()
    assert after == before
    for shown in ("777777", "777.777", "55555", "55.555"):
        assert shown not in page


def test_awards_are_those_of_published_decisions_not_revoked(
    portal: Portal, tree: Tree, client: Any
) -> None:
    awards = _json(client, "opendata:awards-json")
    decision = portal.world.decision
    assert awards["count"] == 1
    assert awards["awards"] == [
        {
            "name": "Trần Thị Được Khen",
            "subject_type": "individual",
            "unit": "Sở Nội vụ tỉnh Thử Nghiệm",
            "award_code": BANG_KHEN_TINH,
            "award": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            "year": decision.round.year,
            "decision_number": decision.number,
            "decision_date": decision.signed_on.isoformat(),
            "issuer": "Chủ tịch Ủy ban nhân dân tỉnh Thử Nghiệm",
            "decision_url": f"http://testserver/cong-khai/khen-thuong/quyet-dinh/{decision.pk}/",
            "is_demo": False,
        }
    ]
    assert _json(client, "opendata:awards-json", year=1999)["awards"] == []

    decision_sign(
        actor=None,
        decision=portal.world.revocation,
        signed_on=local_today(),
        signer_name="Nguyễn Văn Ký",
        signer_title="Phó Chủ tịch",
    )

    assert _json(client, "opendata:awards-json")["awards"] == []
    assert _get(client, "opendata:awards-csv").content.decode("utf-8-sig").count("\r\n") == 1


def test_the_csv_opens_in_excel_and_never_as_a_formula(portal: Portal, client: Any) -> None:
    response = _get(client, "opendata:awards-csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="awards.csv"'
    assert response["Access-Control-Allow-Origin"] == "*"
    assert rows[1][:3] == ["Trần Thị Được Khen", "individual", "Sở Nội vụ tỉnh Thử Nghiệm"]

    tricky = PublicAward(
        name='=HYPERLINK("http://x")',
        subject_type=SubjectKind.COLLECTIVE,
        unit="+Đơn vị",
        award_code="X",
        award="Giấy khen",
        year=2024,
        decision_number="-1/QĐ",
        decision_date=datetime.date(2024, 5, 2),
        issuer="@Ai đó",
        decision_id=1,
        is_demo=False,
    )
    content = awards_csv([tricky], decision_url=lambda pk: f"/quyet-dinh/{pk}/").decode("utf-8-sig")
    line = next(csv.reader(io.StringIO(content.splitlines()[1])))
    assert line == [
        '\'=HYPERLINK("http://x")',
        "collective",
        "'+Đơn vị",
        "X",
        "Giấy khen",
        "2024",
        "'-1/QĐ",
        "2024-05-02",
        "'@Ai đó",
        "/quyet-dinh/1/",
        "false",
    ]


def test_cascaded_movements_are_counted_not_listed(tree: Tree, client: Any) -> None:
    """Cascaded movements (a unit launching the province's movement again) are counted on the
    movement, not listed on their own."""
    parent = movement_create(
        actor=None,
        name="Phong trào của tỉnh",
        kind="regular",
        launched_by=tree.province,
        starts_on=datetime.date(2024, 1, 10),
    )
    Movement.objects.create(
        name="Phong trào của tỉnh (phát động tiếp)",
        kind="regular",
        launched_by=tree.unit,
        parent=parent,
        starts_on=datetime.date(2024, 1, 20),
    )
    page = client.get(reverse("portal:movements")).content.decode()

    assert "Phong trào của tỉnh (phát động tiếp)" not in page
    assert '<td class="num">1</td>' in page


def test_the_portal_is_in_vietnamese_for_every_visitor(portal: Portal, client: Any) -> None:
    vietnamese = client.get(reverse("portal:home"))
    targets = _json(client, "opendata:targets-json")
    english = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    english_targets = _json(client, "opendata:targets-json")

    assert english.content == vietnamese.content
    assert english["Content-Language"] == "vi"
    assert [m["status_label"] for m in english_targets["measures"]] == [
        m["status_label"] for m in targets["measures"]
    ]
    assert "Chưa có số liệu" in [m["status_label"] for m in targets["measures"]]


def test_the_current_campaign_is_the_latest_that_has_started() -> None:
    def campaign(year: int) -> Any:
        return type("Campaign", (), {"year": year})()

    campaigns = [campaign(2027), campaign(2025), campaign(2024)]
    today = datetime.date(2026, 6, 1)

    assert campaign_pick(campaigns, year=None, today=today) is campaigns[1]
    assert campaign_pick(campaigns, year=2024, today=today) is campaigns[2]
    assert campaign_pick(campaigns, year=2019, today=today) is None
    assert campaign_pick(campaigns[:1], year=None, today=today) is campaigns[0]
    assert campaign_pick([], year=None, today=today) is None
