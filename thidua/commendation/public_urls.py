"""Public pages (no account): nominations listed for comments, published decisions."""

from django.urls import path

from thidua.commendation import workflow_views

app_name = "public"
urlpatterns = [
    path("", workflow_views.public_list, name="commendation"),
    path("quyet-dinh/<int:pk>/", workflow_views.public_decision, name="decision"),
    path("quyet-dinh/<int:pk>/ban-ky/", workflow_views.public_decision_scan, name="decision-scan"),
]
