from django.urls import path

from . import structure_views, views

app_name = "plans"

PLAN = "<slug:council>/<slug:plan>/"
GOAL = PLAN + "mal/<int:goal>/"
AREA = PLAN + "omrade/<int:area>/"

urlpatterns = [
    path("", views.council_list, name="council_list"),
    path("<slug:council>/", views.council_detail, name="council"),
    path("<slug:council>/sok/", views.council_search, name="council_search"),
    path(PLAN, views.plan_detail, name="plan"),
    path(PLAN + "kvalitet/", views.plan_quality, name="plan_quality"),
    path(PLAN + "eksport.<str:fmt>", views.plan_export, name="plan_export"),
    path(PLAN + "endringar/", views.plan_changes, name="plan_changes"),
    path(PLAN + "omtale/", structure_views.plan_intro_edit, name="plan_intro_edit"),
    path(PLAN + "nytt-omrade/", structure_views.focus_area_add, name="focus_area_add"),
    path(PLAN + "nummerer/", structure_views.plan_renumber, name="plan_renumber"),
    path(GOAL + "endre/", structure_views.goal_edit, name="goal_edit"),
    path(GOAL + "flytt/", structure_views.goal_move, name="goal_move"),
    path(AREA + "endre/", structure_views.focus_area_edit, name="focus_area_edit"),
    path(AREA + "flytt/", structure_views.focus_area_move, name="focus_area_move"),
    path(AREA + "nytt-mal/", structure_views.goal_add, name="goal_add"),
]
