from django.urls import path

from . import views

app_name = "importing"

urlpatterns = [
    path("<slug:council>/importer/", views.import_start, name="start"),
    path("<slug:council>/importer/mal.xlsx", views.import_template, name="template"),
    path("<slug:council>/importer/<uuid:token>/", views.import_preview, name="preview"),
]
