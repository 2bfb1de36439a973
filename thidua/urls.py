"""URL map: pages by area, the API at /api/v1/, Django admin at /admin/."""

from django.contrib import admin
from django.urls import include, path

from thidua.api import api

admin.site.site_header = "Thi đua – Quản trị dữ liệu"
admin.site.site_title = "Thi đua"
admin.site.index_title = "Dữ liệu nền"

urlpatterns = [
    path("", include("thidua.core.urls")),
    path("don-vi/", include("thidua.org.urls")),
    path("tai-khoan/", include("thidua.accounts.urls")),
    path("chi-tieu/", include("thidua.targets.urls")),
    path("van-ban/", include("thidua.ingest.urls")),
    path("khen-thuong/", include("thidua.commendation.urls")),
    path("thi-dua/", include("thidua.emulation.urls")),
    path("bao-cao/bieu-mau/", include("thidua.documents.statistical_urls")),
    path("bao-cao/", include("thidua.reports.urls")),
    path("nhac-viec/", include("thidua.reminders.urls")),
    path("dien-hinh/", include("thidua.exemplars.urls")),
    path("cong-khai/khen-thuong/", include("thidua.commendation.public_urls")),
    path("cong-khai/dien-hinh/", include("thidua.exemplars.public_urls")),
    path("cong-khai/", include("thidua.portal.urls")),
    path("open-data/", include("thidua.portal.open_data_urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler403 = "thidua.core.views.permission_denied"
handler404 = "thidua.core.views.page_not_found"
handler500 = "thidua.core.views.server_error"
