"""Request guards every page and the API share: a cap on the size of a request body, a rate
limit on uploaded files, the API's Idempotency-Key, the Permissions-Policy header, and the
choice of language.

The guards answer before any view runs. The size cap looks only at Content-Length, so a body
that is too large is refused without being read; the upload limit counts the files of each
multipart request (pages and API alike) per signed-in user, API token owner or, for anonymous
requests, client address. Refusals say why in Vietnamese: an HTML page, or under /api/ the API's
JSON error (`{"message": …, "extra": {…}}`).
"""

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from thidua.core.ratelimit import RateLimit, client_address, rate_limit_take
from thidua.core.resubmit import digest_form
from thidua.core.text import format_number

__all__ = [
    "ApiIdempotencyMiddleware",
    "ChosenLanguageMiddleware",
    "PermissionsPolicyMiddleware",
    "RequestSizeLimitMiddleware",
    "UploadRateLimitMiddleware",
]

GetResponse = Callable[[HttpRequest], HttpResponse]

API_PREFIX = "/api/"
UPLOAD_METHODS = frozenset({"POST", "PUT", "PATCH"})


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Pages are in Vietnamese unless the person chose English with the header's button (the
    language cookie). A browser's Accept-Language is not such a choice: many offices' computers
    run an English Windows or Chrome whose users read Vietnamese. A program calling the API does
    choose its Accept-Language, so under /api/ it is honoured as Django would."""

    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith(API_PREFIX):
            super().process_request(request)
            return
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        try:
            language = translation.get_supported_language_variant(chosen)
        except LookupError:  # none chosen, or one the site does not offer
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if request.path_info.startswith(API_PREFIX):
            return super().process_response(request, response)
        # Not `Vary: Accept-Language`: pages do not vary with it (the cookie's Vary is set by
        # the session and CSRF machinery where it matters).
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def _refusal(
    request: HttpRequest, status: int, title: str, message: str, extra: dict[str, Any]
) -> HttpResponse:
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse(
            {"message": message, "extra": extra},
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
    html = render_to_string(
        "core/request_refused.html", {"title": title, "message": message}, request=request
    )
    return HttpResponse(html, status=status)


class RequestSizeLimitMiddleware:
    """413 for a body larger than THIDUA_MAX_UPLOAD_MB, decided on Content-Length alone."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit_mb = int(settings.THIDUA_MAX_UPLOAD_MB)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:  # Django reads a malformed length as an empty body, and so do we
            length = 0
        if length > limit_mb * 1024 * 1024:
            message = _(
                "Dữ liệu gửi lên quá lớn (%(actual)s MB); mỗi lần gửi tối đa %(limit)s MB. "
                "Hãy gửi tệp nhỏ hơn hoặc chia thành nhiều lần."
            ) % {
                "actual": format_number(length / 1024 / 1024, 1),
                "limit": format_number(limit_mb),
            }
            return _refusal(
                request,
                413,
                _("Dữ liệu gửi lên quá lớn"),
                message,
                {"limit_mb": limit_mb},
            )
        return self.get_response(request)


def _bearer_owner(request: HttpRequest) -> int | None:
    """The id of the user owning the request's valid API token, if any (nothing is written)."""
    scheme, _sep, raw = str(request.META.get("HTTP_AUTHORIZATION", "")).partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return None
    from thidua.accounts.models import ApiToken

    owner: int | None = (
        ApiToken.objects.filter(
            digest=ApiToken.digest_of(raw.strip()),
            revoked_at__isnull=True,
            user__is_active=True,
        )
        .values_list("user_id", flat=True)
        .first()
    )
    return owner


def uploader_of(request: HttpRequest) -> str:
    """Whose upload this is: the signed-in user, the API token's owner, or the client address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    owner = _bearer_owner(request) if request.path_info.startswith(API_PREFIX) else None
    if owner is not None:
        return f"user:{owner}"
    return f"address:{client_address(request)}"


class UploadRateLimitMiddleware:
    """429 once an uploader has sent more files than THIDUA_UPLOAD_RATE_LIMIT allows.

    Every file of a multipart request counts, whether or not the view then keeps it; the
    request is refused before any view sees it, so nothing is written.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in UPLOAD_METHODS and request.content_type == "multipart/form-data":
            files = sum(len(request.FILES.getlist(name)) for name in request.FILES)
            if files:
                limit, window_seconds = settings.THIDUA_UPLOAD_RATE_LIMIT
                rule = RateLimit(scope="upload", limit=limit, window_seconds=window_seconds)
                if not rate_limit_take(rule, uploader_of(request), files):
                    response = _refusal(
                        request,
                        429,
                        _("Tải lên quá nhiều tệp"),
                        _(
                            "Bạn đã tải lên quá nhiều tệp: tối đa %(limit)s tệp trong "
                            "%(minutes)s phút. Tệp vừa gửi chưa được lưu; hãy thử lại sau."
                        )
                        % {
                            "limit": format_number(rule.limit),
                            "minutes": format_number(rule.window_minutes),
                        },
                        {"limit": rule.limit, "window_seconds": rule.window_seconds},
                    )
                    response["Retry-After"] = str(rule.window_seconds)
                    return response
        return self.get_response(request)


IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_SECONDS = 24 * 60 * 60
# How long a sending may run before a retry with its key is let through as a new one.
IDEMPOTENCY_PENDING_SECONDS = 10 * 60
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _request_fingerprint(request: HttpRequest) -> str:
    """Method, path, fields, files (by content) and, for a JSON body, the body itself."""
    digest = hashlib.sha256(f"{request.method} {request.get_full_path()}\0".encode())
    if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        digest_form(digest, request)
    else:
        digest.update(b"\0" + request.body)
    return digest.hexdigest()


def idempotency_slot(caller: str, key: str) -> str:
    """The cache entry of one caller's key (`uploader_of` names the caller)."""
    return "thidua:idempotency:" + hashlib.sha256(f"{caller}\0{key}".encode()).hexdigest()


class ApiIdempotencyMiddleware:
    """An API write sent with an `Idempotency-Key` header is carried out once.

    A client that lost the answer to a slow upload sends it again with the same key: the first
    answer is replayed (header `Idempotent-Replayed: true`) instead of making a second row.
    While the first sending runs, a second one gets 409; the same key with a different request
    gets 422. Only successful answers are kept (24 h), so a refused request can be corrected
    and sent again under its key. Keys belong to the caller (session, token or address).
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(IDEMPOTENCY_HEADER)
        if (
            key is None
            or request.method not in WRITE_METHODS
            or not request.path_info.startswith(API_PREFIX)
        ):
            return self.get_response(request)
        if not 1 <= len(key) <= 255 or not key.isascii() or not key.isprintable():
            return _refusal(
                request,
                400,
                _("Khóa chống gửi trùng không hợp lệ"),
                _("Tiêu đề Idempotency-Key phải gồm 1–255 ký tự ASCII in được (ví dụ một UUID)."),
                {"header": IDEMPOTENCY_HEADER},
            )
        caller = uploader_of(request)
        if caller.startswith("address:") and request.session.session_key:
            caller = f"session:{request.session.session_key}"
        slot = idempotency_slot(caller, key)
        fingerprint = _request_fingerprint(request)
        if cache.add(slot, {"fingerprint": fingerprint}, timeout=IDEMPOTENCY_PENDING_SECONDS):
            return self._run_once(request, slot, fingerprint)
        stored = cache.get(slot) or {}
        if stored.get("fingerprint") != fingerprint:
            return _refusal(
                request,
                422,
                _("Khóa chống gửi trùng đã dùng"),
                _(
                    "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy tạo khóa "
                    "mới cho mỗi yêu cầu."
                ),
                {"header": IDEMPOTENCY_HEADER},
            )
        if "status" not in stored:
            response = _refusal(
                request,
                409,
                _("Yêu cầu đang được xử lý"),
                _(
                    "Yêu cầu với khóa Idempotency-Key này đang được xử lý; hãy đợi kết quả rồi "
                    "gửi lại nếu cần."
                ),
                {"header": IDEMPOTENCY_HEADER},
            )
            response["Retry-After"] = "5"
            return response
        replay = HttpResponse(
            stored["content"], status=stored["status"], content_type=stored["content_type"]
        )
        replay["Idempotent-Replayed"] = "true"
        return replay

    def _run_once(self, request: HttpRequest, slot: str, fingerprint: str) -> HttpResponse:
        try:
            response = self.get_response(request)
        except BaseException:
            cache.delete(slot)
            raise
        if 200 <= response.status_code < 300 and not response.streaming:
            cache.set(
                slot,
                {
                    "fingerprint": fingerprint,
                    "status": response.status_code,
                    "content": response.content,
                    "content_type": response.get("Content-Type", "application/json"),
                },
                timeout=IDEMPOTENCY_SECONDS,
            )
        else:
            cache.delete(slot)
        return response


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header (settings.PERMISSIONS_POLICY) to every response."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response
