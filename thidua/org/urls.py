from django.urls import path

from thidua.org import views

app_name = "org"
urlpatterns = [
    path("", views.unit_tree, name="unit-tree"),
    path("<int:pk>/", views.unit_detail, name="unit-detail"),
    path("<int:pk>/doi-ten/", views.unit_rename, name="unit-rename"),
    path("<int:pk>/dieu-chuyen/", views.unit_move, name="unit-move"),
    path("<int:pk>/sap-nhap/", views.unit_merge, name="unit-merge"),
    path("<int:pk>/chia-tach/", views.unit_split, name="unit-split"),
    path("<int:pk>/giai-the/", views.unit_dissolve, name="unit-dissolve"),
    path("<int:pk>/thanh-lap/", views.unit_create_child, name="unit-create-child"),
    path("<int:pk>/sua/", views.unit_correct, name="unit-correct"),
]
