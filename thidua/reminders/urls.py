from django.urls import path

from thidua.reminders import views

app_name = "reminders"
urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("cong-van-don-doc/", views.letter_page, name="letter"),
    path("cong-van-don-doc/tai-ve/", views.letter_docx, name="letter-docx"),
    path("thong-bao/", views.notification_list, name="notification-list"),
    path("thong-bao/da-doc-het/", views.notification_read_all, name="notification-read-all"),
    path("thong-bao/<int:pk>/mo/", views.notification_open, name="notification-open"),
    path("thong-bao/chuong.svg", views.notification_badge, name="notification-badge"),
    path("vuong-mac/", views.obstacle_list, name="obstacle-list"),
    path("vuong-mac/moi/", views.obstacle_new, name="obstacle-new"),
    path("vuong-mac/<int:pk>/", views.obstacle_detail, name="obstacle-detail"),
    path("vuong-mac/tep/<int:pk>/", views.obstacle_attachment, name="obstacle-attachment"),
]
