"""A form sent twice is carried out once.

A double click on "Gửi", a reload that posts the form again, or a browser retrying a slow
request sends the same POST twice; creates and uploads would then make two rows. `once` wraps a
page view: the first sending of a given form (same person, same address, same fields, same
files) runs; an identical sending within `RESUBMIT_SECONDS` does not. While the first one is
still running the second is told so; once it has succeeded the second is sent where the first
went, with a note; if the first was refused (the page shown again with an error) the next
sending runs normally, so correcting nothing and trying again still shows the error.

The key lives in the shared cache (`cache.add` is atomic there), so two workers agree.
"""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any, Final

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from thidua.core.ratelimit import client_address

__all__ = ["RESUBMIT_SECONDS", "digest_form", "once", "submission_key"]

RESUBMIT_SECONDS: Final = 10
_PENDING: Final = "…"
_IGNORED_FIELDS: Final = frozenset({"csrfmiddlewaretoken"})


def submission_key(request: HttpRequest) -> str:
    """What makes two sendings "the same": who (the account and session, else the address),
    where (path and query), and every field and file sent (files by their content)."""
    # The session too: a double click comes from one session, and an account id alone may be
    # given again (SQLite reuses the ids of rolled-back rows).
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    session_key = (session.session_key if session is not None else None) or ""
    if user is not None and user.is_authenticated:
        who = f"user:{user.pk}:{session_key}"
    elif session_key:
        who = f"session:{session_key}"
    else:
        # The client's own address: behind a reverse proxy REMOTE_ADDR is the proxy's, shared
        # by every citizen, and two of them sending the same short comment are not one sending.
        who = f"address:{client_address(request)}"
    digest = hashlib.sha256()
    for part in (who, request.get_full_path()):
        digest.update(part.encode() + b"\0")
    digest_form(digest, request, ignored=_IGNORED_FIELDS)
    return "resubmit:" + digest.hexdigest()


def digest_form(digest: Any, request: HttpRequest, ignored: frozenset[str] = frozenset()) -> None:
    """Feed every field (but the `ignored` ones) and every file (by content) to `digest`."""
    for name in sorted(request.POST):
        if name not in ignored:
            for value in request.POST.getlist(name):
                digest.update(f"{name}={value}".encode() + b"\0")
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            digest.update(f"{name}:{upload.name}:{upload.size}".encode() + b"\0")
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)


def _succeeded(request: HttpRequest, response: HttpResponse) -> bool:
    """A redirect without an error message queued: some pages redirect after a refusal too."""
    if response.status_code not in (301, 302, 303) or not response.get("Location"):
        return False
    queued = getattr(messages.get_messages(request), "_queued_messages", [])
    return not any(message.level >= messages.ERROR for message in queued)


def once(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run an identical POST to `view` only once within `RESUBMIT_SECONDS` (see the module)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST":
            return view(request, *args, **kwargs)
        key = submission_key(request)
        if not cache.add(key, _PENDING, RESUBMIT_SECONDS):
            went_to = cache.get(key)
            if went_to and went_to != _PENDING:
                messages.info(
                    request,
                    _("Biểu mẫu này vừa được gửi và đã được thực hiện; lần gửi lại không được "
                      "thực hiện thêm."),
                )  # fmt: skip
                return HttpResponseRedirect(went_to)
            messages.warning(
                request,
                _("Biểu mẫu này vừa được gửi và đang được xử lý; lần gửi lại không được thực "
                  "hiện thêm. Hãy chờ rồi tải lại trang."),
            )  # fmt: skip
            return HttpResponseRedirect(request.get_full_path())
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            cache.delete(key)
            raise
        if _succeeded(request, response):
            cache.set(key, response["Location"], RESUBMIT_SECONDS)
        else:
            cache.delete(key)  # refused or shown again: the next sending runs
        return response

    return wrapper
