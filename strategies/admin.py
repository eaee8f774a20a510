"""Administrators may look; the secretariat edits on the strategy pages, where no update is
lost (strategies/editing.py), so the admin changes nothing."""

from django.contrib import admin

from regionplan.lib.admin import ReadOnlyAdmin

from .models import Financing, FundingSource, GoalLink, MeasureLink


class FundingSourceInline(admin.TabularInline):
    model = FundingSource
    extra = 0
    fields = ["order", "source", "amount"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Financing)
class FinancingAdmin(ReadOnlyAdmin):
    list_display = ["strategy", "administration", "administration_estimated"]
    list_select_related = ["strategy__council"]
    search_fields = ["strategy__title", "strategy__council__name", "note"]
    inlines = [FundingSourceInline]


@admin.register(GoalLink)
class GoalLinkAdmin(ReadOnlyAdmin):
    list_display = ["goal", "serves"]
    list_select_related = ["goal", "serves"]
    search_fields = ["goal__text", "serves__text", "goal__focus_area__plan__council__name"]


@admin.register(MeasureLink)
class MeasureLinkAdmin(ReadOnlyAdmin):
    list_display = ["measure", "serves"]
    list_select_related = ["measure", "serves"]
    search_fields = [
        "measure__text",
        "serves__text",
        "measure__goal__focus_area__plan__council__name",
    ]
