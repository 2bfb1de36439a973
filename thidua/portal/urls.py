"""The public portal, mounted at /cong-khai/ (no account needed)."""

from django.urls import path

from thidua.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("chi-tieu/", views.targets, name="targets"),
    path("phong-trao/", views.movements, name="movements"),
    path("cum-khoi/", views.standings, name="standings"),
]
