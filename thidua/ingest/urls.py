from django.urls import path

from thidua.ingest import views

app_name = "ingest"
urlpatterns = [
    path("", views.job_list, name="job-list"),
    path("<int:pk>/", views.job_page, name="job"),
    path("<int:pk>/tep-goc/", views.source_download, name="source"),
    path("<int:pk>/trang/<int:number>/", views.page_image, name="page-image"),
]
