from django.urls import path

from thidua.commendation import views, workflow_views

app_name = "commendation"
urlpatterns = [
    path("", workflow_views.round_list_page, name="round-list"),
    path("dot/<int:pk>/", workflow_views.round_detail_page, name="round-detail"),
    path(
        "dot/<int:round_pk>/de-nghi-moi/", workflow_views.nomination_new_page, name="nomination-new"
    ),
    path(
        "dot/<int:round_pk>/excel/", workflow_views.nomination_excel_page, name="nomination-excel"
    ),
    path(
        "dot/<int:round_pk>/excel/mau/<int:unit_pk>/",
        workflow_views.nomination_template,
        name="nomination-template",
    ),
    path("de-nghi/<int:pk>/", workflow_views.nomination_page, name="nomination-detail"),
    path("ho-so/<int:pk>/", workflow_views.dossier_download, name="dossier-download"),
    path("phien-hop/<int:pk>/", workflow_views.session_page, name="session-detail"),
    path("phien-hop/<int:pk>/bien-ban/", workflow_views.session_minutes, name="session-minutes"),
    path("quyet-dinh/<int:pk>/", workflow_views.decision_page, name="decision-detail"),
    path("quyet-dinh/<int:pk>/van-ban/", workflow_views.decision_document, name="decision-docx"),
    path("quyet-dinh/<int:pk>/ban-ky/", workflow_views.decision_scan, name="decision-scan"),
    path("quyet-dinh/<int:pk>/in-bang/", workflow_views.certificates_page, name="certificates"),
    path("thong-ke/", workflow_views.statistics_page, name="statistics"),
    path("gop-y/", workflow_views.comment_moderation_page, name="comment-moderation"),
    path("tra-cuu/", views.person_list, name="person-list"),
    path("ca-nhan/<int:pk>/", views.person_detail, name="person-detail"),
    path("tap-the/<int:pk>/", views.collective_detail, name="collective-detail"),
    path("excel/", views.history_excel, name="history-excel"),
    path("excel/mau/<int:unit_pk>/", views.history_template, name="history-template"),
    path("excel/xuat/<int:unit_pk>/", views.history_export, name="history-export"),
]
