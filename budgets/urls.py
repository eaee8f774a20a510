from django.urls import path

from . import edit_views, views

app_name = "budgets"

BUDGET = "<slug:council>/budsjett/<int:year>/"

urlpatterns = [
    path(BUDGET, views.budget_detail, name="budget"),
    path(BUDGET + "ferdigstill/", views.budget_finalise, name="budget_finalise"),
    path(BUDGET + "neste-ar/", views.budget_roll_over, name="budget_roll_over"),
    path(BUDGET + "gjenopne/", views.budget_reopen, name="budget_reopen"),
    path(BUDGET + "endringar/", views.budget_changes, name="budget_changes"),
    path(BUDGET + "ny-gruppe/", edit_views.group_add, name="group_add"),
    path(BUDGET + "<str:kind>/ny/", edit_views.item_add, name="item_add"),
    path(BUDGET + "<str:kind>/<int:pk>/endre/", edit_views.item_edit, name="item_edit"),
    path(BUDGET + "<str:kind>/<int:pk>/rad/", edit_views.item_row, name="item_row"),
    path(BUDGET + "<str:kind>/<int:pk>/flytt/", edit_views.item_move, name="item_move"),
    path(BUDGET + "<str:kind>/<int:pk>/arkiver/", edit_views.item_archive, name="item_archive"),
    path(
        BUDGET + "<str:kind>/<int:pk>/gjenopprett/",
        edit_views.item_archive,
        {"archived": False},
        name="item_restore",
    ),
    path(
        BUDGET[:-1] + "/eksport.<str:fmt>",
        views.budget_export,
        name="budget_export",
    ),
]
