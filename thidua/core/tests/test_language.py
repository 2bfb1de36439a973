"""Pages are Vietnamese unless English was chosen with the header's button, whatever the
browser's own language; the API follows its caller's Accept-Language."""

from typing import Any

from django.urls import reverse

ENGLISH_BROWSER = "en-US,en;q=0.9"


def test_a_browser_set_up_in_english_gets_vietnamese_pages(db: Any, client: Any) -> None:
    page = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE=ENGLISH_BROWSER)

    assert page.status_code == 200
    assert "<title>Trang chủ" in page.content.decode()
    assert page["Content-Language"] == "vi"
    assert "Accept-Language" not in page.get("Vary", "")


def test_english_chosen_with_the_button_stays_chosen(db: Any, client: Any) -> None:
    chosen = client.post(reverse("set_language"), {"language": "en", "next": reverse("core:home")})
    page = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="vi")

    assert chosen.status_code == 302
    assert "<title>Home" in page.content.decode()
    assert page["Content-Language"] == "en"


def test_a_regional_variant_of_english_is_english(db: Any, client: Any) -> None:
    client.cookies["django_language"] = "en-us"

    page = client.get(reverse("core:home"))

    assert "<title>Home" in page.content.decode()


def test_a_language_the_site_does_not_offer_falls_back_to_vietnamese(db: Any, client: Any) -> None:
    client.cookies["django_language"] = "fr"

    page = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE=ENGLISH_BROWSER)

    assert "<title>Trang chủ" in page.content.decode()


def test_the_api_answers_in_its_callers_language(db: Any, client: Any) -> None:
    url = "/api/v1/targets/campaigns"

    vietnamese = client.get(url)
    english = client.get(url, HTTP_ACCEPT_LANGUAGE=ENGLISH_BROWSER)

    assert vietnamese.status_code == english.status_code == 401
    assert vietnamese.json()["message"] == "Bạn cần đăng nhập hoặc gửi mã truy cập hợp lệ."
    assert english.json()["message"] == "Sign in or send a valid access token."
    assert "Accept-Language" in english["Vary"]
