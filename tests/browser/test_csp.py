"""The Content-Security-Policy in a real browser: key pages of the demo (signed-in pages with
charts, the dossier page, the API explorer, the admin, the public portal) load without a single
violation reported by Chromium (nor a complaint about the Permissions-Policy header), and an
injected inline style is reported (the check works)."""

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in
from thidua.commendation.models import DossierFile, NominationStatus
from thidua.demo.load import load_demo
from thidua.demo.users import DEMO_PASSWORD
from thidua.emulation.models import ClusterYear
from thidua.exemplars.models import Exemplar
from thidua.reports.models import PeriodicReport
from thidua.targets.models import Campaign, Measure

pytestmark = pytest.mark.django_db(transaction=True)
CSP = "Content Security Policy"
HEADERS = (CSP, "Permissions-Policy")


class _Devnull:
    def write(self, text: str, /) -> int:
        return len(text)


@pytest.fixture
def demo(live_server: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo(stdout=_Devnull())


@pytest.fixture
def violations(page: Any) -> list[str]:
    """Every console message or page error of the browser tab that mentions the policy."""
    seen: list[str] = []
    page.on("console", lambda message: seen.append(f"{page.url}: {message.text}"))
    page.on("pageerror", lambda error: seen.append(f"{page.url}: {error}"))
    return seen


def _policy_messages(seen: list[str]) -> list[str]:
    """What the browser said about the policy headers: violations, or a header it cannot read."""
    return [line for line in seen if any(header in line for header in HEADERS)]


def _visit(page: Any, path: str) -> None:
    response = page.goto(f"{page.base_url}{path}")
    assert response is not None
    assert response.status == 200, path
    assert "'unsafe-inline'" not in (response.headers.get("content-security-policy") or "")
    page.wait_for_load_state("networkidle")


def _charts(page: Any) -> int:
    return int(page.locator("svg[role=img]").count())


def test_key_pages_raise_no_policy_violation(page: Any, demo: None, violations: list[str]) -> None:
    campaign = Campaign.objects.order_by("pk").first()
    measure = Measure.objects.filter(target__campaign=campaign).order_by("pk").first()
    # A returned nomination with files: the administrator sees the dossier's remove buttons.
    dossier = (
        DossierFile.objects.filter(nomination__status=NominationStatus.RETURNED)
        .order_by("pk")
        .first()
    )
    edition = ClusterYear.objects.order_by("pk").first()
    report = PeriodicReport.objects.order_by("pk").first()
    exemplar = Exemplar.objects.order_by("pk").first()
    assert None not in (campaign, measure, dossier, edition, report, exemplar)
    charted: dict[str, int] = {}

    sign_in(page, "chuyenvien", DEMO_PASSWORD)
    signed_in = {
        "home": "/",
        "dashboard": reverse("targets:dashboard", args=[campaign.pk]),  # type: ignore[union-attr]
        "measure": reverse(
            "targets:measure-detail",
            args=[campaign.pk, measure.pk],  # type: ignore[union-attr]
        ),
        "report": reverse("reports:report-detail", args=[report.pk]),  # type: ignore[union-attr]
        "edition": reverse("emulation:edition", args=[edition.pk]),  # type: ignore[union-attr]
        "exemplar": reverse(
            "exemplars:exemplar-detail",
            args=[exemplar.pk],  # type: ignore[union-attr]
        ),
        "calendar": reverse("reminders:calendar"),
        "api-docs": "/api/v1/docs",
    }
    for name, path in signed_in.items():
        _visit(page, path)
        charted[name] = _charts(page)
    screenshot(page, "csp-api-docs")
    expect(page.locator(".swagger-ui .info .title").first).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, "quantri", DEMO_PASSWORD)
    _visit(page, reverse("commendation:nomination-detail", args=[dossier.nomination_id]))  # type: ignore[union-attr]
    assert page.get_by_role("button", name="Xóa").count() > 0
    _visit(page, "/admin/")
    expect(page.get_by_role("heading", name="Dữ liệu nền")).to_be_visible()

    page.context.clear_cookies()
    for name, path in {
        "portal": "/cong-khai/",
        "portal-targets": "/cong-khai/chi-tieu/",
        "portal-standings": "/cong-khai/cum-khoi/",
        "portal-exemplars": "/cong-khai/dien-hinh/",
    }.items():
        _visit(page, path)
        charted[name] = _charts(page)
    screenshot(page, "csp-cong-khai-dien-hinh")

    assert _policy_messages(violations) == []
    assert charted["dashboard"] > 0
    assert charted["measure"] > 0
    assert charted["portal-targets"] > 0


def test_an_injected_inline_style_is_reported(page: Any, violations: list[str]) -> None:
    _visit(page, "/tai-khoan/dang-nhap/")

    with page.expect_console_message(lambda message: CSP in message.text):
        page.evaluate(
            "document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')"
        )

    reported = _policy_messages(violations)
    assert len(reported) == 1
    assert "style-src 'self'" in reported[0]
