"""Pages of the statistical forms 0601.N–0605.N/BNV-TĐKT, under /bao-cao/bieu-mau/."""

from django.urls import path

from thidua.documents import statistical_views

app_name = "statforms"
urlpatterns = [
    path("", statistical_views.statistical_index, name="index"),
    path("tai-ve/", statistical_views.statistical_download, name="download"),
    path("tai-ve-ca-bo/", statistical_views.statistical_download_all, name="download-all"),
    path("to-chuc-cong-chuc/", statistical_views.workforce_list, name="workforce-list"),
    path(
        "to-chuc-cong-chuc/<int:year>/<int:unit_id>/",
        statistical_views.workforce_edit,
        name="workforce-edit",
    ),
]
