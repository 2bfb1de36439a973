"""Pages of the exemplary models (mounted at /dien-hinh/)."""

from django.urls import path

from thidua.exemplars import views

app_name = "exemplars"
urlpatterns = [
    path("", views.exemplar_list_page, name="exemplar-list"),
    path("moi/", views.exemplar_new_page, name="exemplar-new"),
    path("<int:pk>/", views.exemplar_page, name="exemplar-detail"),
    path("<int:pk>/sua/", views.exemplar_edit_page, name="exemplar-edit"),
    path("<int:pk>/anh/<int:photo_pk>/", views.photo_file, name="photo-file"),
    path("<int:pk>/minh-chung/<int:evidence_pk>/", views.evidence_file, name="evidence-file"),
    path("<int:pk>/phieu-dong-y/", views.consent_file, name="consent-file"),
    path("<int:pk>/bo-tu-lieu/", views.press_pack, name="press-pack"),
]
