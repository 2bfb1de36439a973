"""Behind a reverse proxy every citizen reaches the site from the proxy's address: two of them
sending the same short comment within seconds are two comments, not one form sent twice (the
load test found the second one dropped and told it "had been carried out")."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from conftest import Tree
from thidua.commendation.models import PublicComment
from thidua.commendation.tests.test_workflow_pages import _listed

pytestmark = pytest.mark.django_db

THANKS = "Cảm ơn bạn"


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _comment(address: str, nomination_pk: int) -> Any:
    citizen = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=address)
    return citizen.post(
        reverse("public:commendation"),
        {"nomination": nomination_pk, "text": "Đồng ý."},
        follow=True,
    )


def test_two_citizens_behind_the_proxy_sending_the_same_comment_both_count(
    tree: Tree, settings: Any
) -> None:
    settings.THIDUA_TRUSTED_PROXIES = 1
    nomination = _listed(tree)

    first = _comment("203.0.113.7", nomination.pk)
    second = _comment("198.51.100.23", nomination.pk)

    assert THANKS in first.content.decode()
    assert THANKS in second.content.decode()
    assert PublicComment.objects.filter(nomination=nomination).count() == 2


def test_one_citizen_sending_the_same_comment_twice_still_counts_once(
    tree: Tree, settings: Any
) -> None:
    settings.THIDUA_TRUSTED_PROXIES = 1
    nomination = _listed(tree)

    _comment("203.0.113.7", nomination.pk)
    again = _comment("203.0.113.7", nomination.pk)

    assert THANKS not in again.content.decode()
    assert PublicComment.objects.filter(nomination=nomination).count() == 1
