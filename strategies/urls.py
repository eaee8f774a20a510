from django.urls import path

from . import views

app_name = "strategies"

PLAN = "<slug:council>/<slug:plan>/"

urlpatterns = [
    path(PLAN + "strategi/", views.strategy_detail, name="strategy"),
    path(PLAN + "strategi/finansiering/", views.financing_edit, name="financing_edit"),
    path(PLAN + "strategimal/", views.plan_links_edit, name="plan_links"),
]
