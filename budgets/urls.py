from django.urls import path, register_converter

from . import item_views, views

app_name = "budgets"


class ItemKindConverter:
    """The Norwegian word in the URL, the English kind in the code: /linje/ is "line"."""

    regex = "linje|tilskot"
    kinds = {"linje": "line", "tilskot": "contribution"}
    words = {kind: word for word, kind in kinds.items()}

    def to_python(self, value):
        return self.kinds[value]

    def to_url(self, value):
        return self.words[value]


register_converter(ItemKindConverter, "item_kind")

BUDGET = "<slug:council>/budsjett/<int:year>/"
ITEM = BUDGET + "<item_kind:kind>/<int:pk>/"

urlpatterns = [
    path("<slug:council>/budsjett/ny/", views.budget_start, name="budget_start"),
    path(BUDGET, views.budget_detail, name="budget"),
    path(BUDGET + "ferdigstill/", views.budget_finalise, name="budget_finalise"),
    path(BUDGET + "neste-ar/", views.budget_roll_over, name="budget_roll_over"),
    path(BUDGET + "gjenopne/", views.budget_reopen, name="budget_reopen"),
    path(BUDGET + "endringar/", views.budget_changes, name="budget_changes"),
    path(BUDGET + "ny-gruppe/", item_views.group_add, name="group_add"),
    path(BUDGET + "<item_kind:kind>/ny/", item_views.item_add, name="item_add"),
    path(ITEM + "endre/", item_views.item_edit, name="item_edit"),
    path(ITEM + "rad/", item_views.item_row, name="item_row"),
    path(ITEM + "flytt/", item_views.item_move, name="item_move"),
    path(ITEM + "arkiver/", item_views.item_archive, name="item_archive"),
    path(ITEM + "gjenopprett/", item_views.item_archive, {"archived": False}, name="item_restore"),
    path(BUDGET[:-1] + "/eksport.<str:fmt>", views.budget_export, name="budget_export"),
]
