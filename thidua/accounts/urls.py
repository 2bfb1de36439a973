from django.contrib.auth import views as auth_views
from django.urls import path

from thidua.accounts import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.my_account, name="my-account"),
    path("doi-mat-khau/", views.password_change, name="password-change"),
    path("ma-truy-cap/<int:pk>/thu-hoi/", views.token_revoke, name="token-revoke"),
    path("nguoi-dung/", views.user_list, name="user-list"),
    path("nguoi-dung/<int:pk>/", views.user_detail, name="user-detail"),
    path("nguoi-dung/<int:pk>/khoa/", views.user_toggle_active, name="user-toggle-active"),
    path("vai-tro/<int:pk>/thu-hoi/", views.membership_revoke, name="membership-revoke"),
]
