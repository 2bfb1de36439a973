"""No personal identifier and nothing unpublished on any public page or open-data file.

The Kon Tum 2024 demo is loaded, then sentinels are planted where a leak would show them: a
birth year on every person, a household's address, commenters' names and contacts, staff
e-mails, a draft decision (with a person named only there) and a signed but unpublished one,
pending and rejected comments, a unit's draft, sent-but-unapproved and returned target values.
Then every public page and file is crawled, following links from /cong-khai/ and /open-data/
(the public API of decisions too), and searched for each sentinel.

The same search run over the office's own pages finds the sentinels: the test can fail.
"""

import datetime
import html
import re
from collections import deque
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from thidua.accounts.enums import Role
from thidua.accounts.models import Membership, User
from thidua.commendation.catalogue import BANG_KHEN_TINH, CSTD_TINH, TTLDXS
from thidua.commendation.models import (
    Decision,
    DecisionItem,
    DecisionStatus,
    Nomination,
    NominationStatus,
    Person,
    Round,
)
from thidua.commendation.services import (
    decision_draft,
    decision_sign,
    household_create,
    nomination_accept,
    public_comment_moderate,
    public_comment_post,
)
from thidua.commendation.tests.test_workflow_services import new_nomination, new_person
from thidua.demo.commendation_2024 import ROUND_NAME
from thidua.demo.tests.conftest import Loaded
from thidua.org.models import OrgUnit
from thidua.targets.models import Campaign
from thidua.targets.services import (
    MeasureSpec,
    measure_create,
    report_return,
    report_save,
    report_submit,
    target_create,
)

BIRTH_YEAR = 1903
ADDRESS = "Thôn Bí Mật Số 9, xã Kín Đáo"
COMMENTER = "Lê Người Góp Ý Kín"
PHONE = "0912 345 678"
EMAIL_DOMAIN = "bimat.example.vn"
PENDING_TEXT = "Góp ý đang chờ kiểm duyệt BM-0001"
REJECTED_TEXT = "Góp ý không được công khai BM-0002"
APPROVED_TEXT = "Góp ý đã được công khai CK-0003"
DRAFT_PERSON = "Hà Thị Chưa Quyết Định"
HOUSEHOLD_HEAD = "Y Bí Mật Nhà"
DRAFT_VALUE = Decimal("7654321.987")
SENT_VALUE = Decimal("8765432.125")
RETURNED_VALUE = Decimal("9876543.5")

START = [
    "/cong-khai/",
    "/open-data/",
    "/open-data/targets.json",
    "/open-data/awards.csv",
    "/open-data/awards.json",
    "/open-data/clusters.json",
    "/api/v1/commendation/public/decisions?limit=500",
]
PUBLIC = ("/cong-khai/", "/open-data/", "/api/v1/commendation/public/")
LINK = re.compile(r"""(?:href="|"https?://testserver)([^"#]*)""")


def _variants(value: Decimal) -> list[str]:
    """How a leaked figure could be written: as stored, in JSON, in Vietnamese, in English."""
    whole = int(value)
    return [
        str(whole),
        f"{whole:,}".replace(",", "."),
        f"{whole:,}",
        str(value).replace(".", ","),
    ]


def _crawl(client: Client) -> dict[str, str]:
    """Every public URL reachable from the start pages, with its text (PDF scans are
    fetched but not read: they are the signed decisions themselves)."""
    pages: dict[str, str] = {}
    queue = deque(START)
    while queue:
        url = queue.popleft()
        if url in pages:
            continue
        response = client.get(url)
        if url.startswith("/cong-khai/dien-hinh/") and response.status_code == 404:
            pages[url] = ""  # another team's pages, maybe not there yet: read if present
            continue
        assert (url, response.status_code) == (url, 200)
        if response["Content-Type"].startswith("application/pdf"):
            pages[url] = ""
            continue
        raw = response.content.decode("utf-8-sig")
        pages[url] = html.unescape(raw)
        for link in LINK.findall(raw):
            link = html.unescape(link)
            if link.startswith(PUBLIC) and link not in pages:
                queue.append(link)
    return pages


def _found(pages: dict[str, str], sentinels: dict[str, list[str]]) -> list[tuple[str, str]]:
    return sorted(
        {
            (label, url)
            for url, text in pages.items()
            for label, values in sentinels.items()
            for value in values
            if value and value in text
        }
    )


@pytest.fixture
def planted(demo: Loaded, db: None) -> dict[str, Any]:
    """The sentinels, in the demo's transaction (rolled back after the test)."""
    planted: dict[str, Any] = {}
    for user in User.objects.all():
        user.email = f"{user.username}@{EMAIL_DOMAIN}"
        user.save(update_fields=["email"])

    # Nominations open for comments: the open round's sent one and a household's.
    open_round = Round.objects.get(status="mo", nominations__status=NominationStatus.SUBMITTED)
    sent = open_round.nominations.get(status=NominationStatus.SUBMITTED)
    listed = nomination_accept(actor=None, nomination=sent)
    household = household_create(
        actor=None, head_name=HOUSEHOLD_HEAD, unit=sent.unit, address=ADDRESS
    )
    household_listed = nomination_accept(
        actor=None,
        nomination=new_nomination(open_round, household, BANG_KHEN_TINH, status="submitted"),
    )
    planted["listed"] = [listed, household_listed]
    for text, verdict in (
        (PENDING_TEXT, None),
        (REJECTED_TEXT, "rejected"),
        (APPROVED_TEXT, "approved"),
    ):
        comment = public_comment_post(
            nomination=listed, text=text, author_name=COMMENTER, contact=PHONE
        )
        if verdict:
            public_comment_moderate(actor=None, comment=comment, status=verdict)

    # The 2024 round's passed nominations: CSTĐ tỉnh in a draft decision (with a person named
    # nowhere else), TTLĐXS in a signed decision not yet published.
    round_2024 = Round.objects.get(name=ROUND_NAME)
    draft = decision_draft(actor=None, round_=round_2024, award=CSTD_TINH)
    unit = draft.items.select_related("nomination__unit").first().nomination.unit
    only_here = Nomination.objects.create(  # the round is closed: written as it would stand
        round=round_2024,
        unit=unit,
        person=new_person(unit, DRAFT_PERSON),
        award=CSTD_TINH,
        achievement="Thành tích chỉ có trong dự thảo.",
        status=NominationStatus.PASSED,
    )
    DecisionItem.objects.create(decision=draft, nomination=only_here, order=99)
    signed = decision_sign(
        actor=None,
        decision=decision_draft(actor=None, round_=round_2024, award=TTLDXS),
        signed_on=datetime.date(2024, 12, 30),
        signer_name="Người Ký Chưa Công Bố",
        signer_title="Phó Chủ tịch",
    )
    assert signed.status == DecisionStatus.SIGNED
    planted["signed_number"] = signed.number
    planted["draft_people"] = list(
        draft.items.filter(nomination__person__isnull=False).values_list(
            "nomination__person__full_name", flat=True
        )
    )

    # A unit's figures not approved yet, on a new measure of the current campaign.
    campaign = Campaign.objects.order_by("-year").first()
    lead = OrgUnit.objects.valid_on(datetime.date(campaign.year, 1, 31)).get(
        name="Sở Tài chính tỉnh Kon Tum"
    )
    target = target_create(actor=None, campaign=campaign, number=90, text="Chỉ tiêu thử nghiệm.")
    measure = measure_create(
        actor=None,
        target=target,
        spec=MeasureSpec(
            code="90",
            indicator="Chỉ số chưa duyệt",
            comparator=">=",
            value=Decimal(1),
            unit="đồng",
            accumulation="flow",
            frequency="monthly",
            lead_unit=lead,
        ),
    )
    key = f"{campaign.year}-%02d"
    report_save(actor=None, measure=measure, unit=lead, period_key=key % 1, value=DRAFT_VALUE)
    report_submit(
        actor=None,
        report=report_save(
            actor=None, measure=measure, unit=lead, period_key=key % 2, value=SENT_VALUE
        ),
    )
    report_return(
        actor=None,
        report=report_submit(
            actor=None,
            report=report_save(
                actor=None, measure=measure, unit=lead, period_key=key % 3, value=RETURNED_VALUE
            ),
        ),
        reason="Chưa khớp",
    )
    Person.objects.update(birth_year=BIRTH_YEAR)  # everyone, those created above included
    return planted


def _sentinels(planted: dict[str, Any]) -> dict[str, list[str]]:
    public_names = set(
        DecisionItem.objects.filter(decision__status=DecisionStatus.PUBLISHED).values_list(
            "nomination__person__full_name", flat=True
        )
    ) | {nomination.subject.__str__() for nomination in planted["listed"]}
    return {
        "năm sinh": [str(BIRTH_YEAR)],
        "địa chỉ": [ADDRESS, "Bí Mật Số 9"],
        "người góp ý": [COMMENTER],
        "điện thoại": [PHONE, PHONE.replace(" ", "")],
        "thư điện tử": [EMAIL_DOMAIN],
        "góp ý chưa duyệt": [PENDING_TEXT, REJECTED_TEXT],
        "quyết định chưa công khai": [planted["signed_number"], "Người Ký Chưa Công Bố"],
        "tên trong dự thảo": [DRAFT_PERSON]
        + [name for name in planted["draft_people"] if name not in public_names],
        "số liệu chưa duyệt": [
            *_variants(DRAFT_VALUE),
            *_variants(SENT_VALUE),
            *_variants(RETURNED_VALUE),
        ],
    }


def test_no_personal_identifier_or_unpublished_item_is_public(
    planted: dict[str, Any], client: Client
) -> None:
    pages = _crawl(client)
    sentinels = _sentinels(planted)

    assert _found(pages, sentinels) == []
    # The crawl reached what is public, so the search above looked at the right places.
    everything = "\n".join(pages.values())
    published = Decision.objects.get(status=DecisionStatus.PUBLISHED)
    assert f"/cong-khai/khen-thuong/quyet-dinh/{published.pk}/" in pages
    assert published.number in pages["/open-data/awards.csv"]
    assert APPROVED_TEXT in pages["/cong-khai/khen-thuong/"]
    assert f"Hộ {HOUSEHOLD_HEAD}" in pages["/cong-khai/khen-thuong/"]
    assert "Chỉ số chưa duyệt" in pages["/open-data/targets.json"]
    assert "/cong-khai/chi-tieu/?nam=2024" in pages
    assert "/open-data/awards.json" in pages
    assert len(planted["draft_people"]) == 8
    assert "Khối các cơ quan tham mưu quản lý nhà nước về văn hóa – xã hội" in everything


def test_the_search_finds_the_sentinels_where_the_office_may_see_them(
    planted: dict[str, Any], client: Client
) -> None:
    """The office's pages show what the public ones must not: the search would catch a leak."""
    office = User.objects.filter(
        memberships__role=Role.CHUYEN_VIEN_TDKT, memberships__unit__parent__isnull=True
    ).first()
    assert office is not None
    client.force_login(office)
    person = Person.objects.filter(full_name=DRAFT_PERSON).get()
    pages = {
        "moderation": client.get("/khen-thuong/gop-y/?trang_thai=").content.decode(),
        "person": client.get(f"/khen-thuong/ca-nhan/{person.pk}/").content.decode(),
        "decisions": "\n".join(
            client.get(f"/khen-thuong/quyet-dinh/{pk}/").content.decode()
            for pk in Decision.objects.exclude(status=DecisionStatus.PUBLISHED).values_list(
                "pk", flat=True
            )
        ),
    }

    found = {label for label, _url in _found(pages, _sentinels(planted))}

    assert Membership.objects.filter(user=office).exists()
    assert found >= {
        "năm sinh",
        "người góp ý",
        "điện thoại",
        "góp ý chưa duyệt",
        "quyết định chưa công khai",
        "tên trong dự thảo",
    }
