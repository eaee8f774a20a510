from django.urls import path
from django.views.decorators.http import conditional_page, require_GET

from . import views
from .feeds import CouncilFeed, PlanFeed

app_name = "opendata"

V1 = "api/v1/"
PLAN = V1 + "plans/<slug:council>/<slug:plan>/"

urlpatterns = [
    path("api/", views.docs, name="docs"),
    path(V1, views.api_index, name="index"),
    path(V1 + "openapi.json", views.openapi_json, name="openapi"),
    path(V1 + "counties/", views.county_list, name="counties"),
    path(V1 + "councils/", views.council_list, name="councils"),
    path(V1 + "councils/<slug:council>/", views.council_detail, name="council"),
    path(V1 + "plans/", views.plan_list, name="plans"),
    path(PLAN, views.plan_detail, name="plan"),
    path(PLAN + "measures/", views.plan_measures_list, name="plan_measures"),
    path(PLAN + "status-history/", views.plan_status_history, name="plan_status_history"),
    path("datakatalog.ttl", views.catalogue_turtle, name="catalogue_ttl"),
    path("datakatalog.jsonld", views.catalogue_jsonld, name="catalogue_jsonld"),
    # Atom feeds beside the pages they follow; a dot never matches a plan's slug.
    path(
        "<slug:council>/endringar.atom",
        require_GET(conditional_page(CouncilFeed())),
        name="council_feed",
    ),
    path(
        "<slug:council>/<slug:plan>/endringar.atom",
        require_GET(conditional_page(PlanFeed())),
        name="plan_feed",
    ),
]
