from django.urls import path

from . import edit_views, views

app_name = "budgets"

BUDGET = "<slug:council>/budsjett/<int:year>/"

urlpatterns = [
    path(BUDGET, views.budget_detail, name="budget"),
    path(BUDGET + "ferdigstill/", views.budget_finalise, name="budget_finalise"),
    path(BUDGET + "neste-ar/", views.budget_roll_over, name="budget_roll_over"),
    path(BUDGET + "<str:kind>/<int:pk>/endre/", edit_views.item_edit, name="item_edit"),
    path(BUDGET + "<str:kind>/<int:pk>/rad/", edit_views.item_row, name="item_row"),
    path(
        BUDGET[:-1] + "/eksport.<str:fmt>",
        views.budget_export,
        name="budget_export",
    ),
]
