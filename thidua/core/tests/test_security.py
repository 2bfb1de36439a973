"""Security settings and request guards: Django's deployment check with production settings,
the Content-Security-Policy on pages, the API and the public portal, the upload rate limit
(429) and the request size cap (413) for pages and the API, login lockout on every sign-in
path, and uploaded files that no URL serves."""

import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import Resolver404, resolve, reverse

from conftest import PASSWORD, Tree, make_user
from thidua.accounts.enums import Role
from thidua.accounts.services import api_token_create
from thidua.core.middleware import RequestSizeLimitMiddleware
from thidua.core.ratelimit import client_ip_or_none
from thidua.core.tests.test_charts import SAMPLES
from thidua.ingest.models import SourceDocument

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = ROOT / "thidua" / "templates"
INGEST = "/api/v1/ingest/documents"


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    """Rate-limit counters live in the cache: every test starts and ends with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def directive(number: int) -> bytes:
    """A small Vietnamese text, different for each number (the same bytes give the same job)."""
    return (f"Chỉ thị số {number}/CT-UBND về phát động thi đua năm 2024.\n" * 20).encode()


def upload(client: Client, unit: Any, *numbers: int, **extra: Any) -> Any:
    files = [SimpleUploadedFile(f"chi-thi-{n}.txt", directive(n)) for n in numbers]
    return client.post(reverse("ingest:job-list"), {"unit": unit.pk, "file": files}, **extra)


def _production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    # Only what a server would have: none of the test run's THIDUA_*, DJANGO_* or database.
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("THIDUA_", "DJANGO_")) and key != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="thidua.settings",
        THIDUA_ENV="production",
        THIDUA_SECRET_KEY="k9$Wq2!vR7#zL4pT8@nX1&cF6^hJ3*mB5%sD0(yG2)eA9-uQ7+wE4=",
        THIDUA_ALLOWED_HOSTS="thidua.example.gov.vn",
        THIDUA_DATA_DIR=str(tmp_path / "data"),
    )
    env.update(overrides)
    return env


def _django(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and Django's CLI
        [sys.executable, "-m", "django", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


# --- Production settings ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, None),
        ({"THIDUA_HSTS_PRELOAD": "0"}, None),  # switched off on purpose: not reported
        ({"THIDUA_SSL_REDIRECT": "0"}, "security.W008"),  # proves the check can fail
    ],
)
def test_the_deployment_check_passes_with_production_settings(
    tmp_path: Path, overrides: dict[str, str], expected: str | None
) -> None:
    result = _django(
        ["check", "--deploy", "--fail-level", "WARNING"], _production_env(tmp_path, **overrides)
    )

    output = result.stdout + result.stderr
    if expected is None:
        assert result.returncode == 0, output
        assert "System check identified no issues" in output
        assert "WARNINGS" not in output
        assert "ERRORS" not in output
    else:
        assert result.returncode != 0
        assert expected in output


def test_uploads_are_kept_under_the_data_folder_and_no_url_serves_them(tmp_path: Path) -> None:
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.MEDIA_ROOT); print(settings.DEBUG)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        check=True,
    )

    media_root, debug = result.stdout.split()
    assert Path(media_root) == (tmp_path / "data" / "media").resolve()
    assert debug == "False"
    with pytest.raises(Resolver404):
        resolve("/media/ingest/2024/01/chi-thi.txt")


# --- Content-Security-Policy and other headers --------------------------------------------------


def _policy(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def _assert_strict(response: Any) -> None:
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    every_source = " ".join(" ".join(values) for values in policy.values())
    for loose in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:"):
        assert loose not in every_source.split()
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_signed_in_page_has_a_strict_policy(tree: Tree, login) -> None:
    client = login(make_user(Role.NHAP_LIEU, tree.unit))

    response = client.get(reverse("core:home"))

    assert response.status_code == 200
    _assert_strict(response)


def test_an_api_response_has_a_strict_policy(tree: Tree, login) -> None:
    client = login(make_user(Role.NHAP_LIEU, tree.unit))

    response = client.get("/api/v1/accounts/me")

    assert response.status_code == 200
    _assert_strict(response)


def test_a_public_page_has_a_strict_policy(db: Any, client: Client) -> None:
    response = client.get(reverse("portal:home"))

    assert response.status_code == 200
    _assert_strict(response)


def test_error_pages_have_the_policy_too(db: Any, client: Client) -> None:
    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    _assert_strict(response)


INLINE_CODE = [
    (re.compile(r"\sstyle\s*=", re.IGNORECASE), "a style attribute"),
    (re.compile(r"<style\b", re.IGNORECASE), "a <style> block"),
    (re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE), "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "an event-handler attribute"),
    (re.compile(r"javascript:", re.IGNORECASE), "a javascript: URL"),
]


def test_no_template_holds_inline_script_or_style() -> None:
    found = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        for pattern, what in INLINE_CODE:
            found += [f"{template.relative_to(ROOT)}: {what}" for _ in pattern.finditer(text)]

    assert found == []


def test_the_scan_finds_inline_code() -> None:
    sample = '<p style="color:red" onclick="x()"><script>x()</script><style>p{}</style></p>'

    found = [what for pattern, what in INLINE_CODE if pattern.search(sample)]

    assert len(found) == 4
    assert not INLINE_CODE[2][0].search('<script src="/static/a.js"></script>')


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_charts_draw_without_style_attributes(name: str) -> None:
    svg = SAMPLES[name]()

    assert not INLINE_CODE[0][0].search(svg)
    assert "<style" not in svg.lower()


# --- Upload rate limit ---------------------------------------------------------------------------


def test_uploads_beyond_the_limit_are_refused_and_nothing_is_kept(
    tree: Tree, media: Path, login, settings: Any
) -> None:
    settings.THIDUA_UPLOAD_RATE_LIMIT = (2, 600)
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.unit))

    allowed = [upload(client, tree.unit, 1).status_code, upload(client, tree.unit, 2).status_code]
    refused = upload(client, tree.unit, 3)

    assert allowed == [302, 302]
    assert refused.status_code == 429
    assert refused["Retry-After"] == "600"
    page = refused.content.decode()
    assert "Bạn đã tải lên quá nhiều tệp: tối đa 2 tệp trong 10 phút" in page
    assert "<h1>Tải lên quá nhiều tệp</h1>" in page
    assert sorted(SourceDocument.objects.values_list("name", flat=True)) == [
        "chi-thi-1.txt",
        "chi-thi-2.txt",
    ]


def test_every_file_of_a_request_counts(tree: Tree, media: Path, login, settings: Any) -> None:
    settings.THIDUA_UPLOAD_RATE_LIMIT = (2, 600)
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.unit))

    refused = upload(client, tree.unit, 1, 2, 3)

    assert refused.status_code == 429
    assert not SourceDocument.objects.exists()


def test_posts_without_files_are_not_counted(tree: Tree, login, settings: Any) -> None:
    settings.THIDUA_UPLOAD_RATE_LIMIT = (1, 600)
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.unit))

    statuses = [
        client.post(reverse("ingest:job-list"), {"unit": tree.unit.pk}).status_code
        for _ in range(3)
    ]

    assert statuses == [200, 200, 200]  # the form's own error: no file chosen


def test_the_api_shares_the_limit_of_the_token_owner(
    tree: Tree, media: Path, login, settings: Any
) -> None:
    settings.THIDUA_UPLOAD_RATE_LIMIT = (1, 600)
    user = make_user(Role.CHUYEN_VIEN_TDKT, tree.unit)
    _token, raw = api_token_create(actor=user, user=user, name="Máy chủ báo cáo")
    upload(login(user), tree.unit, 1)  # the one upload allowed, made on the page

    refused = Client().post(
        INGEST,
        {"unit_id": tree.unit.pk, "file": SimpleUploadedFile("b.txt", directive(2))},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )

    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    body = refused.json()
    assert body["message"].startswith("Bạn đã tải lên quá nhiều tệp: tối đa 1 tệp trong 10 phút")
    assert body["extra"] == {"limit": 1, "window_seconds": 600}
    assert SourceDocument.objects.count() == 1


def test_anonymous_uploads_count_per_client_address(db: Any, settings: Any) -> None:
    settings.THIDUA_UPLOAD_RATE_LIMIT = (1, 600)
    settings.THIDUA_TRUSTED_PROXIES = 1

    def anonymous(address: str) -> int:
        files = {"file": SimpleUploadedFile("a.txt", directive(1))}
        response = Client().post(reverse("ingest:job-list"), files, HTTP_X_FORWARDED_FOR=address)
        return int(response.status_code)

    statuses = [anonymous("203.0.113.9"), anonymous("203.0.113.9"), anonymous("198.51.100.7")]

    assert statuses == [302, 429, 302]  # 302: to the sign-in page, which the limit precedes


# --- Request size cap ----------------------------------------------------------------------------


def test_a_request_over_the_size_cap_is_refused_on_pages_and_api(
    tree: Tree, media: Path, login, settings: Any
) -> None:
    settings.THIDUA_MAX_UPLOAD_MB = 1
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.unit))
    big = directive(1) * (1_300_000 // len(directive(1)))

    page = client.post(
        reverse("ingest:job-list"),
        {"unit": tree.unit.pk, "file": SimpleUploadedFile("lon.txt", big)},
    )
    api = client.post(INGEST, {"unit_id": tree.unit.pk, "file": SimpleUploadedFile("lon.txt", big)})

    assert page.status_code == 413
    assert "mỗi lần gửi tối đa 1 MB" in page.content.decode()
    assert api.status_code == 413
    assert "mỗi lần gửi tối đa 1 MB" in api.json()["message"]
    assert api.json()["extra"] == {"limit_mb": 1}
    assert not SourceDocument.objects.exists()


class _UnreadableBody(io.RawIOBase):
    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the body was read")

    def readline(self, size: int | None = -1) -> bytes:
        raise AssertionError("the body was read")


def test_the_size_cap_answers_before_the_body_is_read(db: Any, settings: Any) -> None:
    settings.THIDUA_MAX_UPLOAD_MB = 25
    request = RequestFactory().post(
        "/api/v1/ingest/documents",
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(26 * 1024 * 1024),
    )
    request.META["wsgi.input"] = _UnreadableBody()
    guard = RequestSizeLimitMiddleware(lambda request: pytest.fail("the view ran"))

    response = guard(request)

    assert response.status_code == 413
    assert "Dữ liệu gửi lên quá lớn (26,0 MB)" in response.content.decode()


def test_a_request_within_the_cap_goes_through(tree: Tree, media: Path, login) -> None:
    client = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.unit))

    response = upload(client, tree.unit, 1)

    assert response.status_code == 302
    assert SourceDocument.objects.count() == 1


# --- Login lockout -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["accounts:login", "admin:login"])
def test_failed_sign_ins_lock_the_name_from_that_address(
    tree: Tree, settings: Any, path: str
) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    settings.THIDUA_TRUSTED_PROXIES = 1
    user = make_user(Role.NGUOI_XEM, tree.unit)
    attacker = Client(HTTP_X_FORWARDED_FOR="203.0.113.9")
    for _attempt in range(2):
        attacker.post(reverse(path), {"username": user.username, "password": "sai-mat-khau"})

    locked = attacker.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    elsewhere = Client(HTTP_X_FORWARDED_FOR="198.51.100.7").post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )

    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()
    assert elsewhere.status_code == 302


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "203.0.113.9"),
        ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "khong-phai-dia-chi"}, None),
        ({"REMOTE_ADDR": ""}, None),  # a request made in code (force_login) has no address
    ],
)
def test_the_lockout_stores_only_ip_addresses(
    settings: Any, meta: dict[str, str], expected: str | None
) -> None:
    settings.THIDUA_TRUSTED_PROXIES = 1
    request = RequestFactory().get("/", **meta)

    assert client_ip_or_none(request) == expected


# --- Uploaded files: no URL, only permission-checked downloads ----------------------------------


def test_an_uploaded_file_is_served_only_by_its_checked_view(
    tree: Tree, media: Path, login, client: Client
) -> None:
    owner = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.unit))
    posted = upload(owner, tree.unit, 7)
    document = SourceDocument.objects.get()
    job_pk = resolve(posted["Location"]).kwargs["pk"]

    direct = owner.get(f"/media/{document.file.name}")
    own = owner.get(reverse("ingest:source", args=[job_pk]))
    client.logout()
    stranger = login(make_user(Role.CHUYEN_VIEN_TDKT, tree.other))
    foreign = stranger.get(reverse("ingest:source", args=[job_pk]))

    assert (media / document.file.name).read_bytes() == directive(7)
    assert direct.status_code == 404
    assert own.status_code == 200
    assert b"".join(own.streaming_content) == directive(7)
    assert foreign.status_code == 404
