"""Open data at stable URLs, mounted at /open-data/: the file names never change."""

from django.urls import path

from thidua.portal import open_data_views

app_name = "opendata"
urlpatterns = [
    path("", open_data_views.index, name="index"),
    path("targets.json", open_data_views.targets_json, name="targets-json"),
    path("awards.csv", open_data_views.awards_csv_file, name="awards-csv"),
    path("awards.json", open_data_views.awards_json, name="awards-json"),
    path("clusters.json", open_data_views.clusters_json, name="clusters-json"),
]
