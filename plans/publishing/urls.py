from django.urls import path

from . import views

app_name = "publishing"

urlpatterns = [
    path("<slug:council>/<slug:plan>/publisering/", views.publish, name="publish"),
]
