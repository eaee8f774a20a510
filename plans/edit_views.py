"""The secretariat's editing views. Each checks on the server who may do what:

- not logged in: to the login page;
- a plan the user may not see: 404; a plan they may see but not change: 403;
- an id that is not in this plan (e.g. another council's): 404.

With HTMX they answer with the fragment to swap (the row, plus the status overview out of band);
without JavaScript the same forms post normally and redirect back to the same place.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from budgets.plan_money import plan_money
from measures.models import Measure

from . import editing
from .edit_forms import FocusAreaForm, GoalForm, MeasureForm, StatusForm
from .models import FocusArea, Goal
from .summary import StatusSummary
from .views import column_labels, get_editable_plan


def plan_measure(plan, measure_id):
    """Any measure of this plan, archived ones too (so we can say it was archived)."""
    return get_object_or_404(
        Measure.all_objects.select_related("goal__focus_area"),
        pk=measure_id,
        goal__focus_area__plan=plan,
    )


def back_to(plan, measure=None):
    anchor = f"#measure-{measure.pk}" if measure else ""
    return redirect(plan.get_absolute_url() + anchor)


def row_response(request, plan, measure, *, status=200, overview=False, row_oob=False, **extra):
    measure.money = plan_money(plan, measure)["measure", measure.pk]
    context = {
        "plan": plan,
        "council": plan.council,
        "measure": measure,
        "can_edit": True,
        "can_see_internal": True,
        "t": column_labels(),
        "terms": [],
        "row_oob": row_oob,
        **extra,
    }
    if overview:
        total, by_area = StatusSummary.for_focus_areas(plan)
        focus_areas = list(plan.focus_areas.all())
        for area in focus_areas:
            area.summary = by_area[area.pk]
        context.update(summary=total, focus_areas=focus_areas, oob=True)
    template = "plans/plan_content.html#measure-row-response"
    return render(request, template, context, status=status)


def page_response(request, plan, measure, form, *, status=200, conflict=None, status_form=None):
    """The no-JavaScript page for editing one measure (and for showing what went wrong)."""
    return render(
        request,
        "plans/measure_edit.html",
        {
            "plan": plan,
            "council": plan.council,
            "measure": measure,
            "form": form,
            "status_form": status_form or StatusForm(initial={"status": measure.status}),
            "conflict": conflict,
        },
        status=status,
    )


def archived_response(request, plan, measure, *, row_oob=False):
    message = _("This measure has been archived, so it cannot be changed. Restore it first.")
    if request.htmx:
        return row_response(request, plan, measure, status=409, error=message, row_oob=row_oob)
    messages.error(request, message)
    return redirect("plans:measure", plan.council.slug, plan.slug, measure.pk)


@login_required
@require_POST
def measure_status(request, council, plan, measure):
    plan = get_editable_plan(request, council, plan)
    measure = plan_measure(plan, measure)
    if measure.archived_at:
        return archived_response(request, plan, measure, row_oob=True)
    form = StatusForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return row_response(request, plan, measure, status=400, status_form=form, row_oob=True)
        return page_response(
            request, plan, measure, MeasureForm(instance=measure), status=400, status_form=form
        )
    measure.change_status(
        form.cleaned_data["status"], comment=form.cleaned_data["comment"], user=request.user
    )
    if request.htmx:
        # The status form swaps nothing itself: the row and the overview come out of band.
        return row_response(
            request, plan, measure, overview=True, row_oob=True, saved=_("Status saved.")
        )
    messages.success(request, _("Status saved."))
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return redirect(next_url)
    return back_to(plan, measure)


@require_GET
@login_required
def measure_row(request, council, plan, measure):
    """The row as it is now: what "cancel" shows."""
    plan = get_editable_plan(request, council, plan)
    return row_response(request, plan, plan_measure(plan, measure))


@login_required
def measure_edit(request, council, plan, measure):
    plan = get_editable_plan(request, council, plan)
    measure = plan_measure(plan, measure)
    if measure.archived_at:
        return archived_response(request, plan, measure)
    if request.method != "POST":
        form = MeasureForm(instance=measure)
        if request.htmx:
            return row_response(request, plan, measure, form=form)
        return page_response(request, plan, measure, form)
    form = MeasureForm(request.POST, instance=Measure.all_objects.get(pk=measure.pk))
    if form.is_valid():
        try:
            measure = editing.update_fields(
                measure,
                form.values(),
                expected_version=form.cleaned_data["version"],
                user=request.user,
            )
        except editing.EditConflict as conflict:
            # Show theirs next to ours; saving again now means "keep mine" on purpose.
            form = MeasureForm(request.POST, instance=conflict.current)
            form.data = form.data.copy()
            form.data["version"] = conflict.current.version
            if request.htmx:
                return row_response(
                    request, plan, measure, status=409, form=form, conflict=conflict.current
                )
            return page_response(
                request, plan, measure, form, status=409, conflict=conflict.current
            )
        except editing.Archived:
            return archived_response(request, plan, measure)
        if request.htmx:
            return row_response(request, plan, measure, saved=_("Changes saved."))
        messages.success(request, _("Changes saved."))
        return back_to(plan, measure)
    if request.htmx:
        return row_response(request, plan, measure, status=400, form=form)
    return page_response(request, plan, measure, form, status=400)


@login_required
@require_POST
def measure_archive(request, council, plan, measure, archived=True):
    plan = get_editable_plan(request, council, plan)
    measure = editing.set_archived(plan_measure(plan, measure), archived, user=request.user)
    if archived:
        messages.success(request, _("The measure is archived. It can be restored from its page."))
        return back_to(plan)
    messages.success(request, _("The measure is restored to the plan."))
    return back_to(plan, measure)


@login_required
@require_POST
def measure_move(request, council, plan, measure):
    plan = get_editable_plan(request, council, plan)
    measure = get_object_or_404(Measure, pk=measure, goal__focus_area__plan=plan)
    editing.move(measure, move_step(request), user=request.user)
    return back_to(plan, measure)


def move_step(request):
    return -1 if request.POST.get("direction") == "up" else 1


@login_required
def measure_add(request, council, plan, goal):
    plan = get_editable_plan(request, council, plan)
    goal = get_object_or_404(Goal, pk=goal, focus_area__plan=plan)
    return add_view(
        request,
        plan,
        MeasureForm,
        Measure(goal=goal),
        create=lambda values: editing.create_measure(goal, values, user=request.user),
        heading=_("New measure under goal %(goal)s") % {"goal": goal.code or goal.text[:60]},
        done=_("Measure added."),
    )


def structure_edit(request, plan, obj, form_class, heading, kind):
    """Edit a goal or focus area: inline with HTMX, on its own page without; conflicts as for
    measures."""
    form = form_class(request.POST if request.method == "POST" else None, instance=obj)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            obj = editing.update_fields(
                obj,
                form.values(),
                expected_version=form.cleaned_data["version"],
                user=request.user,
            )
        except editing.EditConflict as error:
            conflict = error.current
            form = form_class(request.POST, instance=conflict)
            form.data = form.data.copy()
            form.data["version"] = conflict.version
        else:
            if request.htmx:
                return render(
                    request,
                    f"plans/plan_content.html#{kind}-header",
                    {
                        "plan": plan,
                        "council": plan.council,
                        kind: obj,
                        "can_edit": True,
                        "t": column_labels(),
                        "terms": [],
                        "saved": _("Changes saved."),
                    },
                )
            messages.success(request, _("Changes saved."))
            return back_to(plan)
    status = 409 if conflict else 400 if form.errors else 200
    context = {
        "plan": plan,
        "council": plan.council,
        "form": form,
        "heading": heading,
        "conflict": conflict,
        "object": obj,
        "kind": kind,
        "edit_url": request.path,
    }
    template = (
        "plans/plan_content.html#structure-edit" if request.htmx else ("plans/structure_edit.html")
    )
    return render(request, template, context, status=status)


@login_required
def goal_edit(request, council, plan, goal):
    plan = get_editable_plan(request, council, plan)
    goal = get_object_or_404(Goal, pk=goal, focus_area__plan=plan)
    return structure_edit(request, plan, goal, GoalForm, _("Edit goal"), "goal")


@login_required
def focus_area_edit(request, council, plan, area):
    plan = get_editable_plan(request, council, plan)
    area = get_object_or_404(FocusArea, pk=area, plan=plan)
    return structure_edit(request, plan, area, FocusAreaForm, _("Edit focus area"), "area")


@login_required
def goal_add(request, council, plan, area):
    plan = get_editable_plan(request, council, plan)
    area = get_object_or_404(FocusArea, pk=area, plan=plan)
    return add_view(
        request,
        plan,
        GoalForm,
        Goal(focus_area=area),
        create=lambda values: editing.create_goal(area, values, user=request.user),
        heading=_("New goal in %(area)s") % {"area": area},
        done=_("Goal added."),
    )


@login_required
def focus_area_add(request, council, plan):
    plan = get_editable_plan(request, council, plan)
    return add_view(
        request,
        plan,
        FocusAreaForm,
        FocusArea(plan=plan),
        create=lambda values: editing.create_focus_area(plan, values, user=request.user),
        heading=_("New focus area"),
        done=_("Focus area added."),
    )


def add_view(request, plan, form_class, blank, *, create, heading, done):
    """A page with a form for a new measure, goal or focus area; back to the plan when saved."""
    form = form_class(request.POST if request.method == "POST" else None, instance=blank)
    if request.method == "POST" and form.is_valid():
        created = create(form.values())
        messages.success(request, done)
        return back_to(plan, created if isinstance(created, Measure) else None)
    return render(
        request,
        "plans/structure_edit.html",
        {"plan": plan, "council": plan.council, "form": form, "heading": heading},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def goal_move(request, council, plan, goal):
    plan = get_editable_plan(request, council, plan)
    editing.move(
        get_object_or_404(Goal, pk=goal, focus_area__plan=plan),
        move_step(request),
        user=request.user,
    )
    return back_to(plan)


@login_required
@require_POST
def focus_area_move(request, council, plan, area):
    plan = get_editable_plan(request, council, plan)
    editing.move(
        get_object_or_404(FocusArea, pk=area, plan=plan), move_step(request), user=request.user
    )
    return back_to(plan)
