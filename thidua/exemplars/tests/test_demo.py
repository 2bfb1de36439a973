"""The Kon Tum 2024 exemplary models of the demo: one at every step, linked to the demo's
decision, awards and movements, published ones on the public page with their drawn photos, and
the demo accounts seeing what their roles cover.

The demo is loaded once for the module (the demo app's fixture), inside a transaction rolled back
when the module ends."""

import io
import zipfile
from collections import Counter

import pytest
from django.urls import reverse

from thidua.accounts.models import User
from thidua.demo.tests.conftest import Loaded, demo  # noqa: F401 - the module fixture
from thidua.exemplars.models import Exemplar
from thidua.exemplars.selectors import exemplar_list_for, public_exemplars
from thidua.exemplars.services import exemplar_press_pack_make

pytestmark = pytest.mark.django_db


def test_seven_models_one_at_every_step(demo: Loaded) -> None:  # noqa: F811
    exemplars = Exemplar.objects.filter(is_demo=True)

    assert Counter(exemplars.values_list("status", flat=True)) == {
        "published": 3,
        "approved": 1,
        "submitted": 1,
        "draft": 1,
        "unpublished": 1,
    }
    assert {e.year for e in exemplars} == {2024}
    assert all(e.published_at.year == 2024 for e in exemplars.filter(status="published"))
    withdrawn = exemplars.get(status="unpublished")
    assert (withdrawn.consent_status, withdrawn.unpublished_at.year) == ("withdrawn", 2024)


def test_the_commune_servant_is_linked_to_her_award_decision_and_movements(
    demo: Loaded,  # noqa: F811
) -> None:
    exemplar = Exemplar.objects.get(is_demo=True, unit__name="Xã Măng Bút")

    award = exemplar.award_records.get()
    decision = exemplar.decisions.get()
    assert exemplar.person is not None
    assert (award.person, award.decision_number) == (exemplar.person, decision.number)
    assert decision.status == "published"
    assert sorted(m.name for m in exemplar.movements.all()) == [
        "Cả nước chung sức xây dựng nông thôn mới",
        "Phong trào thi đua yêu nước năm 2024 trên địa bàn tỉnh Kon Tum",
    ]
    assert [(p.consent, p.approved) for p in exemplar.photos.all()] == [
        (True, True),
        (True, True),
        (False, False),
    ]


def test_the_public_page_shows_the_three_published_models(demo: Loaded, client) -> None:  # noqa: F811
    page = client.get(reverse("public-exemplars:list"))

    headlines = [exemplar.headline for exemplar in page.context["exemplars"]]
    assert headlines == [exemplar.headline for exemplar in public_exemplars()]
    assert len(headlines) == 3
    first = page.context["exemplars"][0]
    photo = client.get(
        reverse("public-exemplars:photo", args=[first.pk, first.public_photos[0].pk])
    )
    assert (photo.status_code, photo["Content-Type"]) == (200, "image/jpeg")
    detail = client.get(reverse("public-exemplars:detail", args=[first.pk])).content.decode()
    assert "chưa có sự đồng ý" not in detail


def test_demo_accounts_see_what_their_roles_cover(demo: Loaded) -> None:  # noqa: F811
    officer = User.objects.get(username="chuyenvien")
    ward_clerk = User.objects.get(username="nhaplieu")

    office_sees = {e.status for e in exemplar_list_for(user=officer)}
    clerk_sees = sorted(e.name for e in exemplar_list_for(user=ward_clerk))

    assert office_sees == {"published", "approved", "submitted", "unpublished"}
    assert clerk_sees == ["Nguyễn Minh Khang", "Tổ an ninh nhân dân tổ dân phố 5"]


def test_the_office_makes_the_press_pack_of_a_demo_model(demo: Loaded) -> None:  # noqa: F811
    officer = User.objects.get(username="chuyenvien")
    exemplar = Exemplar.objects.get(is_demo=True, unit__name="Phường Lê Lợi")

    _name, content = exemplar_press_pack_make(actor=officer, exemplar=exemplar)

    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert len([name for name in names if "/anh/" in name]) == 2
    sheet = zipfile.ZipFile(io.BytesIO(content)).read(names[1]).decode()
    assert "Quảng Ngãi" in sheet  # Kon Tum's successor receives today's pack
