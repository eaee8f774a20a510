from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from measures.admin import MeasureInline
from regionplan.lib.admin import AppendOnlyAdmin, AppendOnlyInline, ReadOnlyAdmin

from .models import (
    ChangeRecord,
    Council,
    CouncilChange,
    County,
    CountyMembership,
    CountyPlan,
    CountyRelation,
    FocusArea,
    Goal,
    Membership,
    Municipality,
    Plan,
    PlanImport,
    StatusReport,
    TargetShare,
)


class MunicipalityInline(admin.TabularInline):
    model = Municipality
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class CountyRelationInline(AppendOnlyInline):
    """How the county stands to the council over time: decisions are added, never changed."""

    model = CountyRelation
    fk_name = "council"
    fields = ["county", "kind", "since", "decision", "reason", "shares_plans", "changed_at"]
    readonly_fields = ["changed_at"]


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "slug", "language", "county", "licence"]
    list_filter = ["language", "county", "licence"]
    list_select_related = ["county"]
    search_fields = ["name", "short_name", "slug", "municipalities__name"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [MunicipalityInline, MembershipInline, CountyRelationInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is CountyRelation:
            for relation in formset.save(commit=False):
                if relation.pk is None:
                    relation.changed_by = request.user
                    relation.save()
            return
        super().save_formset(request, form, formset, change)


class CountyPlanInline(admin.StackedInline):
    model = CountyPlan
    extra = 0


class CountyMembershipInline(admin.TabularInline):
    model = CountyMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "slug", "language"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [CountyPlanInline, CountyMembershipInline]


@admin.register(CountyRelation)
class CountyRelationAdmin(AppendOnlyAdmin):
    """Every recorded relation, corrections included; the latest for a day is in force."""

    list_display = [
        "council",
        "county",
        "kind",
        "since",
        "shares_plans",
        "changed_at",
        "changed_by",
    ]
    list_filter = ["county", "kind", "shares_plans"]
    search_fields = ["council__name", "county__name", "decision", "reason"]
    list_select_related = ["council", "county", "changed_by"]
    fields = ["council", "county", "kind", "since", "decision", "reason", "shares_plans"]


class FocusAreaInline(admin.TabularInline):
    model = FocusArea
    extra = 0
    fields = ["order", "number", "title"]
    show_change_link = True


class TargetShareInline(admin.TabularInline):
    model = TargetShare
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "council", "kind", "first_year", "last_year", "published"]
    list_filter = ["council", "kind", "published"]
    search_fields = ["title", "slug", "intro"]
    list_select_related = ["council"]
    autocomplete_fields = ["parent"]
    inlines = [FocusAreaInline, TargetShareInline]


class GoalInline(admin.StackedInline):
    model = Goal
    extra = 0
    fields = ["order", "code", "text"]
    show_change_link = True


@admin.register(FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "order"]
    list_filter = ["plan__council", "plan"]
    search_fields = ["title", "description"]
    list_select_related = ["plan"]
    inlines = [GoalInline]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["code", "short_text", "focus_area", "order"]
    list_filter = ["focus_area__plan__council", "focus_area__plan"]
    search_fields = ["code", "text"]
    list_select_related = ["focus_area__plan"]
    inlines = [MeasureInline]

    @admin.display(description=_("text"))
    def short_text(self, goal):
        return goal.text[:100]


@admin.register(StatusReport)
class StatusReportAdmin(admin.ModelAdmin):
    list_display = ["item_number", "title", "plan", "date", "finalised_at"]
    list_filter = ["plan__council"]
    search_fields = ["item_number", "title"]
    list_select_related = ["plan"]


@admin.register(ChangeRecord)
class ChangeRecordAdmin(ReadOnlyAdmin):
    """The whole audit trail, for administrators. Read-only: it is append-only."""

    list_display = ["changed_at", "plan", "subject_label", "action", "field", "changed_by"]
    list_filter = ["action", "subject_type", "plan__council", "plan"]
    search_fields = ["subject_label", "field", "old_value", "new_value"]
    list_select_related = ["plan", "changed_by"]
    date_hierarchy = "changed_at"


@admin.register(CouncilChange)
class CouncilChangeAdmin(ReadOnlyAdmin):
    """Councils' own histories: access, invitations, settings, publishing, budget years."""

    list_display = ["changed_at", "council", "action", "subject_label", "field", "changed_by"]
    list_filter = ["action", "council"]
    search_fields = ["subject_label", "field", "old_value", "new_value"]
    list_select_related = ["council", "changed_by"]
    date_hierarchy = "changed_at"


@admin.register(PlanImport)
class PlanImportAdmin(ReadOnlyAdmin):
    """Spreadsheet imports: who imported which file into which plan, and what it changed."""

    list_display = [
        "changed_at",
        "plan",
        "mode",
        "filename",
        "measures_created",
        "measures_changed",
        "changed_by",
    ]
    list_filter = ["mode", "plan__council"]
    search_fields = ["filename", "plan__title", "plan__council__name"]
    list_select_related = ["plan", "changed_by"]
    date_hierarchy = "changed_at"
