from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from regionplan.lib.admin import ReadOnlyAdmin

from .models import Measure, StatusChange, Theme


class MeasureInline(admin.StackedInline):
    model = Measure
    extra = 0
    fields = ["order", "code", "text", "due", "responsible", "involvement", "comment"]
    show_change_link = True


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["code", "short_text", "due", "responsible", "status", "plan", "archived_at"]
    list_filter = [
        "status",
        ("archived_at", admin.EmptyFieldListFilter),
        "goal__focus_area__plan__council",
        "goal__focus_area__plan",
    ]
    search_fields = ["code", "text", "responsible", "comment", "involvement"]
    list_select_related = ["goal__focus_area__plan"]
    readonly_fields = ["due_first_year", "due_last_year", "archived_at", "updated_at"]
    raw_id_fields = ["goal"]
    # Themes are tagged on the measure's page, where the change is recorded.
    exclude = ["themes"]

    def get_queryset(self, request):
        # Administrators see archived measures too; the plan pages do not.
        return Measure.all_objects.select_related("goal__focus_area__plan")

    @admin.display(description=_("text"))
    def short_text(self, measure):
        return measure.text[:100]

    @admin.display(description=_("plan"))
    def plan(self, measure):
        return measure.goal.focus_area.plan

    def save_model(self, request, obj, form, change):
        """Status edits go through the history like everywhere else."""
        new_status = obj.status
        if change and "status" in form.changed_data:
            obj.status = form.initial["status"]
        super().save_model(request, obj, form, change)
        if change and "status" in form.changed_data:
            obj.change_status(new_status, user=request.user, comment="")


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    """Read-only: the history is append-only."""

    list_display = ["measure", "from_status", "to_status", "changed_by", "changed_at"]
    list_filter = ["to_status", "measure__goal__focus_area__plan__council"]
    search_fields = ["measure__code", "measure__text", "comment"]
    list_select_related = ["measure", "changed_by"]
    date_hierarchy = "changed_at"


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    """The shared list of themes: rename one here; the slug stays, so links keep working."""

    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    readonly_fields = ["slug"]
