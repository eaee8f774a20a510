from django.urls import path

from . import views

app_name = "counties"

COUNTY = "fylke/<slug:county>/"

urlpatterns = [
    path("fylke/", views.county_list, name="county_list"),
    path(COUNTY, views.county_detail, name="county"),
    path(COUNTY + "sok/", views.county_search, name="search"),
    path(COUNTY + "tema/<slug:theme>/", views.theme_detail, name="theme"),
]
