from django.urls import path

from . import views

app_name = "budgets"

urlpatterns = [
    path("<slug:council>/budsjett/<int:year>/", views.budget_detail, name="budget"),
    path(
        "<slug:council>/budsjett/<int:year>/eksport.<str:fmt>",
        views.budget_export,
        name="budget_export",
    ),
]
