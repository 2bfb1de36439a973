"""Exemplary-model pages: who sees and does what (a draft stays with its writers; a reader never
sees personal details; only the office reviews and makes the press pack), the flows through the
pages, the public pages (published models only, no personal identifiers, no photo without
consent), diacritic-insensitive search and constant query counts."""

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import PERMISSION_CASES, Tree, make_user
from thidua.accounts.enums import Role
from thidua.emulation.tests.test_movement_services import new_movement
from thidua.exemplars.enums import ConsentStatus, ExemplarStatus
from thidua.exemplars.models import Exemplar, ExemplarPhoto
from thidua.exemplars.services import (
    exemplar_approve,
    exemplar_consent_record,
    exemplar_consent_withdraw,
    exemplar_publish,
)
from thidua.exemplars.tests.helpers import (
    ADDRESS,
    CONSENT_DAY,
    HEADLINE,
    ID_NUMBER,
    NAME,
    PDF,
    PHONE,
    PUBLIC_NAME,
    Published,
    image_bytes,
    new_exemplar,
    published,
    sent,
)

COVERED_URL_NAMES = [
    "exemplars:exemplar-list",
    "exemplars:exemplar-new",
    "exemplars:exemplar-detail",
    "exemplars:exemplar-edit",
    "exemplars:photo-file",
    "exemplars:evidence-file",
    "exemplars:consent-file",
    "exemplars:press-pack",
    "public-exemplars:list",
    "public-exemplars:detail",
    "public-exemplars:photo",
]
SECRETS = (NAME, PHONE, ID_NUMBER, ADDRESS, "14/03/1982", "1982")


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


class World:
    """Sở A (the unit under test) has a published model (two photos: one consented and
    approved, one without consent; evidence; a signed consent form) and a draft."""

    def __init__(self, tree: Tree) -> None:
        self.photos: Published = published(tree)
        self.published = exemplar_consent_record(
            actor=None,
            exemplar=self.photos.exemplar,
            consent_on=CONSENT_DAY,
            file_name="phieu-dong-y.pdf",
            content=PDF,
        )
        self.draft = new_exemplar(tree, name="Nguyễn Văn Nháp", public_name="", headline="Bản nháp")
        self.evidence = self.published.evidence.get()


@pytest.fixture
def world(tree: Tree) -> World:
    return World(tree)


def _urls(world: World) -> dict[str, str]:
    pk, draft = world.published.pk, world.draft.pk
    return {
        "list": reverse("exemplars:exemplar-list"),
        "new": reverse("exemplars:exemplar-new"),
        "detail": reverse("exemplars:exemplar-detail", args=[pk]),
        "draft": reverse("exemplars:exemplar-detail", args=[draft]),
        "edit-draft": reverse("exemplars:exemplar-edit", args=[draft]),
        "edit-published": reverse("exemplars:exemplar-edit", args=[pk]),
        "photo": reverse("exemplars:photo-file", args=[pk, world.photos.shown.pk]),
        "hidden-photo": reverse("exemplars:photo-file", args=[pk, world.photos.hidden.pk]),
        "evidence": reverse("exemplars:evidence-file", args=[pk, world.evidence.pk]),
        "consent": reverse("exemplars:consent-file", args=[pk]),
        "press-pack": reverse("exemplars:press-pack", args=[pk]),
        "public-list": reverse("public-exemplars:list"),
        "public-detail": reverse("public-exemplars:detail", args=[pk]),
        "public-draft": reverse("public-exemplars:detail", args=[draft]),
        "public-photo": reverse("public-exemplars:photo", args=[pk, world.photos.shown.pk]),
        "public-hidden-photo": reverse("public-exemplars:photo", args=[pk, world.photos.hidden.pk]),
    }


ANONYMOUS = dict.fromkeys(
    (
        "list",
        "new",
        "detail",
        "draft",
        "edit-draft",
        "edit-published",
        "photo",
        "hidden-photo",
        "evidence",
        "consent",
        "press-pack",
    ),
    302,
)
PUBLIC = {"public-draft": 404, "public-hidden-photo": 404}
UNSEEN = {
    "detail": 404,
    "draft": 404,
    "edit-draft": 404,
    "edit-published": 404,
    "photo": 404,
    "hidden-photo": 404,
    "evidence": 404,
    "consent": 404,
    "press-pack": 404,
}

# A unit's data officer: writes its unit's models (Sở A's and, from the province, every one's),
# cannot review nor make the press pack; an edit of a published model goes back to its page.
PROPOSER_EXPECTED: dict[str, dict[str, int]] = {
    "anonymous": {**ANONYMOUS, **PUBLIC},
    "no_role": {"list": 403, "new": 403, **UNSEEN, **PUBLIC},
    "other_unit": {**UNSEEN, **PUBLIC},
    "parent_unit": {"edit-published": 302, "press-pack": 403, **PUBLIC},
    "right_role": {"edit-published": 302, "press-pack": 403, **PUBLIC},
}
# The emulation office: reviews and makes the press pack for the units it covers, but a unit's
# draft stays with the unit and it edits only what it wrote itself.
OFFICE_EXPECTED: dict[str, dict[str, int]] = {
    "anonymous": {**ANONYMOUS, **PUBLIC},
    "no_role": {"list": 403, "new": 403, **UNSEEN, **PUBLIC},
    "other_unit": {**UNSEEN, **PUBLIC},
    "parent_unit": {
        "draft": 404,
        "edit-draft": 404,
        "edit-published": 403,
        "press-pack": 200,
        **PUBLIC,
    },
    "right_role": {
        "draft": 404,
        "edit-draft": 404,
        "edit-published": 403,
        "press-pack": 200,
        **PUBLIC,
    },
}
# A viewer reads sent models of the units it covers: no drafts, no consent form, no edits.
VIEWER_EXPECTED: dict[str, dict[str, int]] = {
    "anonymous": {**ANONYMOUS, **PUBLIC},
    "no_role": {"list": 403, "new": 403, **UNSEEN, **PUBLIC},
    "other_unit": {"new": 403, **UNSEEN, **PUBLIC},
    "parent_unit": {
        "new": 403,
        "draft": 404,
        "edit-draft": 404,
        "edit-published": 403,
        "consent": 404,
        "press-pack": 403,
        **PUBLIC,
    },
    "right_role": {
        "new": 403,
        "draft": 404,
        "edit-draft": 404,
        "edit-published": 403,
        "consent": 404,
        "press-pack": 403,
        **PUBLIC,
    },
}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.NHAP_LIEU, PROPOSER_EXPECTED),
        (Role.CHUYEN_VIEN_TDKT, OFFICE_EXPECTED),
        (Role.NGUOI_XEM, VIEWER_EXPECTED),
    ],
)
@pytest.mark.parametrize(("case", "make_actor"), PERMISSION_CASES)
def test_pages_permission_matrix(
    world: World, tree: Tree, login: Any, role: str, expected: Any, case: str, make_actor: Any
) -> None:
    client = login(make_actor(tree, role))

    statuses = {name: client.get(url).status_code for name, url in _urls(world).items()}

    assert statuses == {name: expected[case].get(name, 200) for name in statuses}


def test_a_reader_never_sees_personal_details(world: World, tree: Tree, login: Any) -> None:
    url = reverse("exemplars:exemplar-detail", args=[world.published.pk])

    reader = login(make_user(Role.NGUOI_XEM, tree.unit)).get(url).content.decode()
    office = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province)).get(url).content.decode()

    assert (PHONE in reader, ID_NUMBER in reader, ADDRESS in reader) == (False, False, False)
    assert (PHONE in office, ID_NUMBER in office, ADDRESS in office) == (True, True, True)


def test_the_public_page_shows_only_what_was_consented(world: World, client: Any) -> None:
    page = client.get(reverse("public-exemplars:detail", args=[world.published.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert HEADLINE in text
    assert PUBLIC_NAME in text
    assert world.published.unit.name in text
    assert "Chị Y Nhung khám cho trẻ em" in text
    assert (
        reverse("public-exemplars:photo", args=[world.published.pk, world.photos.shown.pk]) in text
    )
    for hidden in (*SECRETS, "Ảnh gia đình", "Giấy xác nhận", "phieu-dong-y", "Nguyễn Văn Nháp"):
        assert hidden not in text
    assert str(world.photos.hidden.pk) not in [part.rstrip("/") for part in text.split("/anh/")[1:]]


def test_the_unit_is_not_named_without_consent(world: World, tree: Tree, client: Any) -> None:
    exemplar_consent_record(
        actor=None, exemplar=world.published, consent_on=CONSENT_DAY, show_unit=False
    )

    detail = client.get(reverse("public-exemplars:detail", args=[world.published.pk]))
    listing = client.get(reverse("public-exemplars:list"))

    assert tree.unit.name not in detail.content.decode()
    assert tree.unit.name not in listing.content.decode()
    assert PUBLIC_NAME in listing.content.decode()


def test_the_public_pages_are_the_portals_with_their_menu_item_highlighted(
    world: World, client: Any
) -> None:
    for url in (
        reverse("public-exemplars:list"),
        reverse("public-exemplars:detail", args=[world.published.pk]),
    ):
        page = client.get(url).content.decode()

        assert '<a href="/cong-khai/dien-hinh/" aria-current="page">' in page
        assert page.count('aria-current="page"') == 1
        assert "Cán bộ đăng nhập" in page  # the portal's header, not the office's


def test_public_search_ignores_diacritics_and_case_and_never_reveals_a_real_name(
    world: World, client: Any
) -> None:
    url = reverse("public-exemplars:list")

    def found(q: str) -> list[int]:
        return [exemplar.pk for exemplar in client.get(url, {"q": q}).context["exemplars"]]

    assert found("NU Y SI") == [world.published.pk]
    assert found("chị  y nhung") == [world.published.pk]
    assert found("hai muoi nam bam") == [world.published.pk]
    assert found("ksor") == []  # in the real name only
    assert found("nhap") == []  # a draft
    assert found("y s") == [world.published.pk]  # word prefixes
    assert found("ung") == []  # not inside a word


def test_internal_search_finds_the_real_name_without_diacritics(
    world: World, tree: Tree, login: Any
) -> None:
    client = login(make_user(Role.NHAP_LIEU, tree.unit))
    url = reverse("exemplars:exemplar-list")

    by_name = client.get(url, {"q": "KSOR"}).context["exemplars"]
    by_draft = client.get(url, {"q": "nguyen van nhap"}).context["exemplars"]
    drafts = client.get(url, {"status": "draft"}).context["exemplars"]

    assert [e.pk for e in by_name] == [world.published.pk]
    assert [e.pk for e in by_draft] == [world.draft.pk]
    assert [e.pk for e in drafts] == [world.draft.pk]


def test_a_withdrawn_or_unpublished_model_leaves_the_public_pages(
    world: World, client: Any
) -> None:
    urls = _urls(world)
    assert client.get(urls["public-photo"]).status_code == 200

    exemplar_consent_withdraw(
        actor=None, exemplar=world.published, withdrawn_on=datetime.date(2024, 6, 1)
    )

    assert client.get(urls["public-detail"]).status_code == 404
    assert client.get(urls["public-photo"]).status_code == 404
    assert client.get(urls["public-list"]).context["exemplars"] == []


def test_the_proposer_writes_through_the_pages(tree: Tree, login: Any) -> None:
    client = login(make_user(Role.NHAP_LIEU, tree.unit))
    data = {
        "unit": tree.unit.pk,
        "kind": "ca_nhan",
        "category": "dien_hinh",
        "sector": "giao_duc",
        "year": 2024,
        "name": "A Thị Hoa",
        "public_name": "Cô giáo A Thị Hoa",
        "headline": "Cô giáo cắm bản",
        "story": "Cô dạy chữ cho trẻ em người Gia Rai.",
        "facts": "15 năm dạy học ở điểm trường",
        "source": "don_vi",
        "phone": "12345",
    }

    refused = client.post(reverse("exemplars:exemplar-new"), data)
    assert refused.status_code == 200
    assert refused.context["form"].errors["phone"] == [
        "Trường “Số điện thoại”: “12345” không phải số điện thoại Việt Nam (10 hoặc 11 chữ số, "
        "bắt đầu bằng 0)."
    ]
    assert Exemplar.objects.count() == 0
    created = client.post(reverse("exemplars:exemplar-new"), {**data, "phone": "0912 345 678"})
    exemplar = Exemplar.objects.get()
    detail = reverse("exemplars:exemplar-detail", args=[exemplar.pk])
    assert created["Location"] == detail
    photo = client.post(
        detail,
        {
            "action": "photo_add",
            "file": SimpleUploadedFile("lop-hoc.jpg", image_bytes()),
            "caption": "Lớp học của cô Hoa",
            "consent": "on",
        },
    )
    edited = client.post(
        reverse("exemplars:exemplar-edit", args=[exemplar.pk]),
        {**data, "phone": "0912345678", "headline": "Cô giáo cắm bản ở Đăk Glei", "version": 1},
    )
    submitted = client.post(detail, {"action": "submit", "version": 2})

    assert [photo.status_code, edited.status_code, submitted.status_code] == [302, 302, 302]
    exemplar.refresh_from_db()
    assert (exemplar.status, exemplar.headline, exemplar.phone) == (
        ExemplarStatus.SUBMITTED,
        "Cô giáo cắm bản ở Đăk Glei",
        "0912345678",
    )
    assert ExemplarPhoto.objects.get().consent is True
    page = client.get(detail).content.decode()
    assert "Đã gửi, chờ duyệt" in page
    assert reverse("exemplars:exemplar-edit", args=[exemplar.pk]) not in page


def test_the_office_reviews_through_the_page(tree: Tree, login: Any, client: Any) -> None:
    exemplar = sent(tree)
    photo_page = reverse("exemplars:exemplar-detail", args=[exemplar.pk])
    office = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province))
    office.post(
        photo_page,
        {
            "action": "photo_add",
            "file": SimpleUploadedFile("anh.png", image_bytes(fmt="PNG")),
            "caption": "Ảnh do báo chụp",
            "consent": "on",
        },
    )
    photo = ExemplarPhoto.objects.get()

    approved = office.post(photo_page, {"action": "approve", "version": exemplar.version})
    early = office.post(photo_page, {"action": "publish"}, follow=True).content.decode()
    office.post(photo_page, {"action": "photo_approve", "photo": photo.pk})
    consent = office.post(
        photo_page,
        {
            "action": "consent",
            "consent_on": "10/05/2024",
            "show_unit": "on",
            "file": SimpleUploadedFile("phieu.pdf", PDF),
        },
    )
    published_now = office.post(photo_page, {"action": "publish"})

    assert approved.status_code == consent.status_code == published_now.status_code == 302
    assert "Chưa có sự đồng ý công bố" in early
    exemplar.refresh_from_db()
    assert (exemplar.status, exemplar.consent_status, exemplar.consent_file_name) == (
        ExemplarStatus.PUBLISHED,
        ConsentStatus.GIVEN,
        "phieu.pdf",
    )
    public = client.get(reverse("public-exemplars:detail", args=[exemplar.pk]))
    assert "Ảnh do báo chụp" in public.content.decode()
    pack = office.get(reverse("exemplars:press-pack", args=[exemplar.pk]))
    assert (pack.status_code, pack["Content-Type"]) == (200, "application/zip")


def test_refusals_are_shown_on_the_page(world: World, tree: Tree, login: Any) -> None:
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.province))
    url = reverse("exemplars:exemplar-detail", args=[world.published.pk])

    stale = client.post(url, {"action": "unpublish-x"}, follow=True).content.decode()
    empty = client.post(url, {"action": "unpublish", "unpublish-reason": ""}, follow=True)
    hidden = client.post(
        url, {"action": "photo_approve", "photo": world.photos.hidden.pk}, follow=True
    ).content.decode()

    assert "Thao tác không hợp lệ." in stale
    assert "Trường “Lý do gỡ công bố” không được để trống." in empty.content.decode()
    assert "chưa có sự đồng ý công bố của người trong ảnh" in hidden
    assert Exemplar.objects.get(pk=world.published.pk).status == ExemplarStatus.PUBLISHED


def test_withdrawal_through_the_page(world: World, tree: Tree, login: Any, client: Any) -> None:
    proposer = login(make_user(Role.LANH_DAO_DON_VI, tree.unit))
    url = reverse("exemplars:exemplar-detail", args=[world.published.pk])

    response = proposer.post(url, {"action": "withdraw", "withdrawn_on": "01/06/2024"})

    assert response.status_code == 302
    exemplar = Exemplar.objects.get(pk=world.published.pk)
    assert (exemplar.status, exemplar.consent_status) == (
        ExemplarStatus.UNPUBLISHED,
        ConsentStatus.WITHDRAWN,
    )
    assert client.get(reverse("public-exemplars:detail", args=[exemplar.pk])).status_code == 404


def _more(tree: Tree, count: int) -> None:
    for index in range(count):
        exemplar = sent(tree, name=f"Người Thứ {index}", public_name="")
        exemplar = exemplar_approve(actor=None, exemplar=exemplar)
        exemplar = exemplar_consent_record(actor=None, exemplar=exemplar, consent_on=CONSENT_DAY)
        exemplar_publish(actor=None, exemplar=exemplar)


def test_the_internal_list_has_a_constant_query_count(
    world: World, tree: Tree, login: Any, django_assert_num_queries: Any
) -> None:
    client = login(make_user(Role.NHAP_LIEU, tree.unit))
    url = reverse("exemplars:exemplar-list")
    client.get(url)

    # session, user, memberships and predecessors (scope), years, count, page
    with django_assert_num_queries(7):
        first = client.get(url)
    _more(tree, 5)
    with django_assert_num_queries(7):
        second = client.get(url)

    assert (len(first.context["exemplars"]), len(second.context["exemplars"])) == (2, 7)


def test_the_public_list_has_a_constant_query_count(
    world: World, tree: Tree, client: Any, django_assert_num_queries: Any
) -> None:
    url = reverse("public-exemplars:list")

    # years, count, page, public photos
    with django_assert_num_queries(4):
        first = client.get(url)
    _more(tree, 5)
    with django_assert_num_queries(4):
        second = client.get(url)
    # the model, public photos, awards, decisions, movements
    with django_assert_num_queries(5):
        detail = client.get(reverse("public-exemplars:detail", args=[world.published.pk]))

    assert (len(first.context["exemplars"]), len(second.context["exemplars"])) == (1, 6)
    assert detail.status_code == 200


def test_the_admin_only_reads_and_hides_personal_details(world: World, login: Any) -> None:
    client = login(make_user(is_superuser=True, is_staff=True))

    listing = client.get("/admin/exemplars/exemplar/")
    change = client.get(f"/admin/exemplars/exemplar/{world.published.pk}/change/")
    add = client.get("/admin/exemplars/exemplar/add/")

    assert (listing.status_code, change.status_code, add.status_code) == (200, 200, 403)
    assert PUBLIC_NAME in listing.content.decode()
    assert PHONE not in change.content.decode()
    assert ID_NUMBER not in change.content.decode()


def test_links_through_the_page(world: World, tree: Tree, login: Any) -> None:
    client = login(make_user(Role.NHAP_LIEU, tree.unit))
    url = reverse("exemplars:exemplar-detail", args=[world.draft.pk])
    assert "Chưa có khen thưởng, quyết định hay phong trào năm này để gắn." in (
        client.get(url).content.decode()
    )
    movement = new_movement(tree)

    form = client.get(url).context["links_form"]
    response = client.post(url, {"action": "links", "movements": [movement.pk]})

    assert list(form.fields) == ["movements", "version"]
    assert response.status_code == 302
    assert list(Exemplar.objects.get(pk=world.draft.pk).movements.all()) == [movement]
    assert movement.name in client.get(url).content.decode()
