"""The REST API at /api/v1/ (django-ninja); OpenAPI at /api/v1/openapi.json."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from thidua.accounts.api import router as accounts_router
from thidua.accounts.auth import api_auth
from thidua.commendation.api import router as commendation_router
from thidua.core.api import router as core_router
from thidua.core.exceptions import ApplicationError
from thidua.emulation.api import router as emulation_router
from thidua.emulation.cluster_api import router as cluster_router
from thidua.exemplars.api import router as exemplars_router
from thidua.ingest.api import router as ingest_router
from thidua.org.api import router as org_router
from thidua.reminders.api import router as reminders_router
from thidua.reports.api import router as reports_router
from thidua.targets.api import router as targets_router


class UnicodeJSONRenderer(JSONRenderer):
    """Vietnamese text stays readable in responses instead of \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Thi đua API",
    version="1",
    description=(
        "API của nền tảng Thi đua – khen thưởng. Xác thực bằng phiên đăng nhập hoặc "
        "`Authorization: Bearer <mã truy cập>`. Lỗi trả về JSON có trường `message` "
        "bằng tiếng Việt. Mỗi yêu cầu ghi (POST, PUT, PATCH, DELETE) có thể kèm tiêu đề "
        "`Idempotency-Key` (ví dụ một UUID): gửi lại cùng yêu cầu với cùng khóa trong 24 giờ "
        "nhận lại đúng kết quả lần đầu (tiêu đề `Idempotent-Replayed: true`) thay vì ghi "
        "lần nữa; khi lần đầu đang chạy trả 409, cùng khóa cho yêu cầu khác trả 422."
    ),
    auth=api_auth,
    urls_namespace="api",
    renderer=UnicodeJSONRenderer(),
)
api.add_router("/org/", org_router, tags=["Đơn vị"])
api.add_router("/targets/", targets_router, tags=["Chỉ tiêu"])
api.add_router("/ingest/", ingest_router, tags=["Văn bản phát động"])
api.add_router("/emulation/", emulation_router, tags=["Phong trào thi đua"])
api.add_router("/emulation/", cluster_router, tags=["Cụm, khối thi đua"])
api.add_router("/commendation/", commendation_router, tags=["Khen thưởng"])
api.add_router("/exemplars/", exemplars_router, tags=["Điển hình tiên tiến"])
api.add_router("/reminders/", reminders_router, tags=["Nhắc việc, vướng mắc"])
api.add_router("/reports/", reports_router, tags=["Báo cáo sơ kết, tổng kết"])
api.add_router("/audit/", core_router, tags=["Nhật ký"])
api.add_router("/accounts/", accounts_router, tags=["Tài khoản"])


def _error(
    request: HttpRequest, status: int, message: str, extra: dict | None = None
) -> HttpResponse:
    return api.create_response(request, {"message": message, "extra": extra or {}}, status=status)


@api.exception_handler(ApplicationError)
def on_application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return _error(request, exc.status_code, exc.message, exc.extra)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or _("Bạn không có quyền thực hiện thao tác này."))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, _("Không tìm thấy đối tượng hoặc bạn không có quyền xem."))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, _("Bạn cần đăng nhập hoặc gửi mã truy cập hợp lệ."))


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = []
    for error in exc.errors:
        location = ".".join(
            str(part) for part in error.get("loc", ()) if part not in ("query", "body", "path")
        )
        problems.append({"field": location, "reason": error.get("msg", "")})
    fields = ", ".join(problem["field"] for problem in problems if problem["field"])
    message = _("Dữ liệu gửi lên không hợp lệ ở trường: %(fields)s.") % {"fields": fields or "?"}
    return _error(request, 422, message, {"errors": problems})


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))
