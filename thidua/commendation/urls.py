from django.urls import path

from thidua.commendation import views

app_name = "commendation"
urlpatterns = [
    path("", views.person_list, name="person-list"),
    path("ca-nhan/<int:pk>/", views.person_detail, name="person-detail"),
    path("excel/", views.history_excel, name="history-excel"),
    path("excel/mau/<int:unit_pk>/", views.history_template, name="history-template"),
    path("excel/xuat/<int:unit_pk>/", views.history_export, name="history-export"),
]
