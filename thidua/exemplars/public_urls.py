"""Public pages of the published exemplary models, without sign-in (mounted at
/cong-khai/dien-hinh/)."""

from django.urls import path

from thidua.exemplars import views

app_name = "public-exemplars"
urlpatterns = [
    path("", views.public_list, name="list"),
    path("<int:pk>/", views.public_detail, name="detail"),
    path("<int:pk>/anh/<int:photo_pk>/", views.public_photo_file, name="photo"),
]
