from django.urls import path

from thidua.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("<int:pk>/", views.report_detail, name="report-detail"),
    path("<int:pk>/docx/", views.report_docx, name="report-docx"),
    path("pdf/<slug:kind>/<int:object_id>/", views.render_request, name="render-request"),
    path("ban-pdf/<int:pk>/", views.render_job_page, name="render-job"),
    path("ban-pdf/<int:pk>/tep/", views.render_job_file, name="render-file"),
]
