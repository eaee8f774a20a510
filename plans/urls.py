from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.council_list, name="council_list"),
    path("<slug:council>/", views.council_detail, name="council"),
    path("<slug:council>/sok/", views.council_search, name="council_search"),
    path("<slug:council>/<slug:plan>/", views.plan_detail, name="plan"),
    path("<slug:council>/<slug:plan>/kvalitet/", views.plan_quality, name="plan_quality"),
    path("<slug:council>/<slug:plan>/tiltak/<int:measure>/", views.measure_detail, name="measure"),
]
