from django.urls import path

from thidua.emulation import cluster_views, movement_views

app_name = "emulation"
urlpatterns = [
    path("", movement_views.movement_list_page, name="movement-list"),
    path("phong-trao/<int:pk>/", movement_views.movement_page, name="movement-detail"),
    path(
        "phong-trao/<int:pk>/ho-so-don-vi/",
        movement_views.movement_filings_page,
        name="movement-filings",
    ),
    path("ke-hoach/<int:pk>/tep/", movement_views.plan_file, name="plan-file"),
    path("bao-cao/<int:pk>/tep/", movement_views.report_file, name="report-file"),
    path("cum-khoi/", cluster_views.cluster_list, name="cluster-list"),
    path("cum-khoi/<int:pk>/", cluster_views.edition_page, name="edition"),
    path("bang-diem/<int:pk>/", cluster_views.assessment_page, name="assessment"),
    path("minh-chung/<int:pk>/", cluster_views.evidence_download, name="evidence"),
]
