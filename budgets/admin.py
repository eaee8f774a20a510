from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from regionplan.lib.admin import ReadOnlyAdmin

from .models import Budget, BudgetChange, BudgetGroup, BudgetLine, Contribution
from .overview import BudgetOverview


class ContributionInline(admin.TabularInline):
    model = Contribution
    extra = 0


class BudgetGroupInline(admin.TabularInline):
    model = BudgetGroup
    extra = 0
    show_change_link = True


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ["council", "year", "plan", "frame", "unallocated", "finalised_at"]
    list_filter = ["council", "year"]
    list_select_related = ["council", "plan"]
    inlines = [ContributionInline, BudgetGroupInline]

    @admin.display(description=_("frame"))
    def frame(self, budget):
        return BudgetOverview(budget).frame

    @admin.display(description=_("unallocated"))
    def unallocated(self, budget):
        return BudgetOverview(budget).unallocated


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    fields = ["order", "title", "amount", "carried_over", "pending_text", "category", "footnote"]


@admin.register(BudgetGroup)
class BudgetGroupAdmin(admin.ModelAdmin):
    list_display = ["title", "budget", "category", "order"]
    list_filter = ["budget__council", "budget__year"]
    inlines = [BudgetLineInline]


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "amount", "carried_over", "pending_text"]
    list_filter = ["group__budget__council", "group__budget__year"]
    search_fields = ["title", "footnote"]
    list_select_related = ["group__budget__council"]
    raw_id_fields = ["focus_area", "goal", "measure"]


@admin.register(BudgetChange)
class BudgetChangeAdmin(ReadOnlyAdmin):
    """The budgets' audit trail, read-only."""

    list_display = [
        "changed_at",
        "budget",
        "subject_label",
        "action",
        "field",
        "old_value",
        "new_value",
        "changed_by",
    ]
    list_filter = ["budget__council", "budget__year", "action", "field"]
    search_fields = ["subject_label", "old_value", "new_value"]
    list_select_related = ["budget__council", "changed_by"]
    date_hierarchy = "changed_at"
