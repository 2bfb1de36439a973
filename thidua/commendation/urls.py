from django.urls import path

from thidua.commendation import views

app_name = "commendation"
urlpatterns = [
    path("", views.person_list, name="person-list"),
    path("ca-nhan/<int:pk>/", views.person_detail, name="person-detail"),
]
