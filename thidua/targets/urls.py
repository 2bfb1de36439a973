from django.urls import path

from thidua.targets import views

app_name = "targets"
urlpatterns = [
    path("", views.campaign_list, name="campaign-list"),
    path("<int:pk>/", views.campaign_dashboard, name="dashboard"),
    path("<int:pk>/chi-so/<int:measure_pk>/", views.measure_detail, name="measure-detail"),
    path("<int:pk>/bao-cao-cua-toi/", views.my_reports, name="my-reports"),
    path("<int:pk>/excel/", views.excel_page, name="excel"),
    path("<int:pk>/excel/mau/<int:unit_pk>/", views.excel_template, name="excel-template"),
    path("<int:pk>/excel/xuat/", views.excel_export, name="excel-export"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence"),
    path(
        "bao-cao/<int:measure_pk>/<int:unit_pk>/<str:period_key>/",
        views.report_page,
        name="report",
    ),
]
