from django.urls import path

from . import views

app_name = "renderings"

urlpatterns = [
    path(
        "<slug:council>/<slug:plan>/eksport.<str:fmt>/klargjering/",
        views.file_status,
        name="status",
    ),
]
