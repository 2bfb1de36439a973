"""Virtual users of the load test: run by `bench/load_test.py`, which prepares the site and
passes what the users need in the environment (not meant to be run alone).

Flows, each request named "<flow>: <page>":

* public — anonymous visitors of the public portal and the open data (citizens, the press);
* static — the style sheet, served by WhiteNoise without Django's views: the baseline;
* reporter — unit reporters (demo accounts `nhaplieu`, `lanhdao`): home, the campaign's
  dashboard, "my reports", then open their report form and save a value (a write with CSRF);
* office — the emulation office (`chuyenvien`): the rounds, a round's nominations, the audit log;
* api — an integration reading the API with a bearer token;
* comment — a citizen posting one comment on a nomination listed for comments (only when the
  site has one open: `LOAD_COMMENTS=1`);
* login — the sign-in of each signed-in virtual user, once, at its start.

Every virtual user comes through one reverse proxy with an address of its own in
`X-Forwarded-For` (the server runs with `THIDUA_TRUSTED_PROXIES=1`), as citizens behind nginx
would: the per-client limits (5 comments in 10 minutes) then apply per person, not to the one
address of the load generator. Passwords are the demo's, so django-axes never counts a failure.

Each request is written to `LOAD_SAMPLES` (tab-separated: start, name, milliseconds, error) for
`load_test.py` to compute the percentiles of the whole run and of its steady part.
"""

from __future__ import annotations

import itertools
import os
import random
import re
import time
from collections.abc import Iterator
from typing import Any

from gevent import GreenletExit
from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "")
CAMPAIGN = os.environ.get("LOAD_CAMPAIGN", "")
API_TOKEN = os.environ.get("LOAD_API_TOKEN", "")
COMMENTS_OPEN = os.environ.get("LOAD_COMMENTS") == "1"
SAMPLES = os.environ.get("LOAD_SAMPLES", "")
# People read a page before the next click.
THINK = between(
    float(os.environ.get("LOAD_THINK_MIN", "5")), float(os.environ.get("LOAD_THINK_MAX", "15"))
)

# A request without an answer after this long fails, as behind nginx (proxy_read_timeout).
TIMEOUT = 60
CUT_SHORT = "cut short: the run ended before the answer"

REPORTERS = ("nhaplieu", "lanhdao")
OFFICE = "chuyenvien"

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_FIELD = re.compile(r'name="version" value="(\d*)"')
REPORT_LINK = re.compile(r'href="(/chi-tieu/bao-cao/\d+/\d+/[^"/]+/)"')
ROUND_LINK = re.compile(r'href="(/khen-thuong/dot/\d+/)"')
PAGE_ERRORS = (  # what a page says went wrong, most telling first
    re.compile(r'class="message message--(?:error|warning|info)">([^<]+)'),
    re.compile(r'<p class="error" role="alert">([^<]+)'),
    re.compile(r"<title>([^<]+)"),
)
LISTED_NOMINATION = re.compile(r'name="nomination" value="(\d+)"')

_addresses: Iterator[int] = itertools.count(1)
_cells: dict[str, Iterator[int]] = {name: itertools.count() for name in REPORTERS}
_reporter_turn: Iterator[int] = itertools.count()
_comments: Iterator[int] = itertools.count(1)
_samples = open(SAMPLES, "a", encoding="utf-8", buffering=1) if SAMPLES else None  # noqa: SIM115


@events.request.add_listener
def _record(
    request_type: str,
    name: str,
    response_time: float,
    response_length: int,
    exception: BaseException | None = None,
    start_time: float | None = None,
    **_kwargs: Any,
) -> None:
    if _samples is None:
        return
    error = "" if exception is None else " ".join(str(exception).split())[:300]
    _samples.write(f"{start_time or 0:.3f}\t{name}\t{response_time:.1f}\t{error}\n")


@events.quitting.add_listener
def _close(**_kwargs: Any) -> None:
    if _samples is not None:
        _samples.flush()


def _client_address() -> str:
    number = next(_addresses)
    return f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"


def _status(response: Any) -> str:
    """The HTTP status, or the connection error when there was no answer."""
    if response.status_code:
        return f"HTTP {response.status_code}"
    return f"no answer: {response.error!r}"


def _page_error(response: Any) -> str:
    """The page's error message (or its title) and how the request ended, to say why."""
    found = next((m for pattern in PAGE_ERRORS if (m := pattern.search(response.text))), None)
    text = " ".join(found.group(1).split()) if found else ""
    chain = " → ".join(str(step.status_code) for step in [*response.history, response])
    return f"“{text}” (HTTP {chain}, {response.url})"


def _csrf(text: str) -> str:
    found = CSRF_FIELD.search(text)
    return found.group(1) if found else ""


class Visitor(HttpUser):
    """Someone behind the province's reverse proxy, with an address of their own."""

    abstract = True
    wait_time = THINK

    def on_start(self) -> None:
        self.client.headers["X-Forwarded-For"] = _client_address()
        self.client.headers["Accept-Language"] = "vi"

    def send(
        self, method: str, url: str, name: str, expect: str = "", data: dict[str, str] | None = None
    ) -> Any:
        """One request (redirects followed). It fails unless it ends within TIMEOUT in a 200
        page (not the sign-in page, unless asked for) that contains `expect`; one the end of
        the run cuts short is recorded as such (the time it had waited), not as a failure."""
        started = time.time()
        try:
            with self.client.request(
                method, url, name=name, data=data, timeout=TIMEOUT, catch_response=True
            ) as response:
                if response.status_code != 200:
                    response.failure(_status(response))
                elif "/tai-khoan/dang-nhap/" in response.url and "dang-nhap" not in url:
                    response.failure(f"sent to the sign-in page: {_page_error(response)}")
                elif expect and expect not in response.text:
                    response.failure(f"“{expect}” missing: {_page_error(response)}")
                return response
        except GreenletExit:
            if _samples is not None:
                _samples.write(
                    f"{started:.3f}\t{name}\t{(time.time() - started) * 1000:.1f}\t{CUT_SHORT}\n"
                )
            raise

    def get(self, url: str, name: str, expect: str = "") -> Any:
        return self.send("GET", url, name, expect)

    def sign_in(self, username: str) -> None:
        form = self.get("/tai-khoan/dang-nhap/", "login: form", expect="csrfmiddlewaretoken")
        data = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": _csrf(form.text)}
        # Signed in, the site sends the user home, where the sign-out form shows.
        self.send("POST", "/tai-khoan/dang-nhap/", "login: sign in", "dang-xuat", data)


class PublicVisitor(Visitor):
    """Citizens and the press: the public portal, the open data and the style sheet."""

    weight = 55

    @task(3)
    def portal_home(self) -> None:
        self.get("/cong-khai/", "public: portal home")

    @task(2)
    def targets(self) -> None:
        self.get("/cong-khai/chi-tieu/", "public: targets")

    @task(1)
    def movements(self) -> None:
        self.get("/cong-khai/phong-trao/", "public: movements")

    @task(1)
    def standings(self) -> None:
        self.get("/cong-khai/cum-khoi/", "public: cluster standings")

    @task(2)
    def commendations(self) -> None:
        self.get("/cong-khai/khen-thuong/", "public: commendations")

    @task(1)
    def exemplars(self) -> None:
        self.get("/cong-khai/dien-hinh/", "public: exemplars")

    @task(1)
    def targets_json(self) -> None:
        self.get("/open-data/targets.json", "public: open data targets.json")

    @task(1)
    def awards_csv(self) -> None:
        self.get("/open-data/awards.csv", "public: open data awards.csv")

    @task(3)
    def stylesheet(self) -> None:
        self.get("/static/thidua/app.css", "static: app.css")


class Reporter(Visitor):
    """A unit's reporter: reads the dashboards and saves a value in one report of their own."""

    weight = 20

    def on_start(self) -> None:
        super().on_start()
        self.username = REPORTERS[next(_reporter_turn) % len(REPORTERS)]
        self.sign_in(self.username)
        page = self.get(f"/chi-tieu/{CAMPAIGN}/bao-cao-cua-toi/", "reporter: my reports")
        cells = sorted(set(REPORT_LINK.findall(page.text)))
        # One report per virtual user (while there are enough): people sharing an account still
        # work on different reports, so the version check has no reason to refuse a save.
        self.report_url = cells[next(_cells[self.username]) % len(cells)] if cells else ""

    @task(2)
    def home(self) -> None:
        self.get("/", "reporter: home")

    @task(2)
    def dashboard(self) -> None:
        self.get(f"/chi-tieu/{CAMPAIGN}/", "reporter: campaign dashboard")

    @task(1)
    def my_reports(self) -> None:
        self.get(f"/chi-tieu/{CAMPAIGN}/bao-cao-cua-toi/", "reporter: my reports")

    @task(3)
    def save_report(self) -> None:
        if not self.report_url:
            self.environment.events.request.fire(
                request_type="GET",
                name="reporter: report form",
                response_time=0,
                response_length=0,
                exception=RuntimeError(f"{self.username} has no report to write"),
            )
            return
        form = self.get(self.report_url, "reporter: report form", expect='value="save"')
        version = VERSION_FIELD.search(form.text)
        data = {
            "csrfmiddlewaretoken": _csrf(form.text),
            "action": "save",
            "value": f"{random.randint(1, 999)},{random.randint(0, 9)}",  # noqa: S311
            "explanation": "Số liệu cập nhật trong kiểm thử tải.",
            "version": version.group(1) if version else "",
        }
        self.send("POST", self.report_url, "reporter: save report", "Đã lưu bản nháp.", data)


class OfficeStaff(Visitor):
    """The emulation office: rounds and their nominations, the audit log."""

    weight = 10

    def on_start(self) -> None:
        super().on_start()
        self.sign_in(OFFICE)
        page = self.get("/khen-thuong/", "office: rounds")
        self.rounds = sorted(set(ROUND_LINK.findall(page.text))) or ["/khen-thuong/"]

    @task(1)
    def rounds_page(self) -> None:
        self.get("/khen-thuong/", "office: rounds")

    @task(3)
    def nominations(self) -> None:
        self.get(random.choice(self.rounds), "office: round nominations")  # noqa: S311

    @task(2)
    def audit(self) -> None:
        self.get("/nhat-ky/", "office: audit log")


class ApiClient(Visitor):
    """A program reading the API with a token made on the account page."""

    weight = 10

    def on_start(self) -> None:
        super().on_start()
        self.client.headers["Authorization"] = f"Bearer {API_TOKEN}"

    @task(1)
    def me(self) -> None:
        self.get("/api/v1/accounts/me", "api: accounts/me")

    @task(2)
    def campaigns(self) -> None:
        self.get("/api/v1/targets/campaigns", "api: targets/campaigns")

    @task(2)
    def dashboard(self) -> None:
        self.get(f"/api/v1/targets/campaigns/{CAMPAIGN}/dashboard", "api: campaign dashboard")

    @task(2)
    def units(self) -> None:
        self.get("/api/v1/org/units?limit=50", "api: org/units")

    @task(1)
    def people(self) -> None:
        self.get("/api/v1/commendation/people?limit=50", "api: commendation/people")


if COMMENTS_OPEN:

    class Commenter(Visitor):
        """A citizen who reads the nominations listed for comments and posts one comment,
        far below the limit of 5 in 10 minutes per person."""

        weight = 5
        COMMENT_EVERY = 150.0  # seconds between two comments of one person

        def on_start(self) -> None:
            super().on_start()
            self.next_comment_at = time.monotonic() + random.uniform(0, 20)  # noqa: S311

        @task
        def comment(self) -> None:
            page = self.get("/cong-khai/khen-thuong/", "comment: listed nominations")
            listed = LISTED_NOMINATION.findall(page.text)
            now = time.monotonic()
            if not listed or now < self.next_comment_at:
                return
            self.next_comment_at = now + self.COMMENT_EVERY
            data = {
                "csrfmiddlewaretoken": _csrf(page.text),
                "nomination": random.choice(listed),  # noqa: S311
                # People write their own words: two identical comments on one nomination
                # within seconds would look like one form sent twice.
                "text": f"Tôi đồng ý với đề nghị khen thưởng này (góp ý số {next(_comments)} "
                "trong kiểm thử tải).",
                "author_name": "Người dân (kiểm thử tải)",
                "contact": "",
            }
            self.send("POST", "/cong-khai/khen-thuong/", "comment: post", "Cảm ơn bạn", data)
