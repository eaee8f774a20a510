"""The secretariat edits a plan's focus areas and goals: inline with htmx, on their own page
without JavaScript. Measures are edited in the measures app."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from measures.columns import column_labels
from regionplan.lib.editing import EditConflict
from regionplan.lib.forms import conflict_form, wants_preview

from . import editing, renumbering
from .access import get_editable_plan
from .forms import FocusAreaForm, GoalForm, PlanIntroForm, intro_digest
from .models import FocusArea, Goal
from .page import moved_response


def edit_structure(request, plan, obj, form_class, heading, kind):
    """Edit a goal or focus area (`kind` "goal" or "area"); conflicts as for measures."""
    form = form_class(request.POST if request.method == "POST" else None, instance=obj)
    conflict = None
    preview = wants_preview(request)
    if request.method == "POST" and not preview and form.is_valid():
        try:
            obj = editing.update(
                obj, form.values(), expected_version=form.cleaned_data["version"], user=request.user
            )
        except EditConflict as error:
            conflict = error.current
            form = conflict_form(form_class, request.POST, conflict)
        else:
            if request.htmx:
                return render(
                    request,
                    f"plans/plan_body.html#{kind}-header",
                    {
                        "plan": plan,
                        "council": plan.council,
                        kind: obj,
                        "can_edit": True,
                        "labels": column_labels(),
                        "terms": [],
                        "saved": _("Changes saved."),
                    },
                )
            messages.success(request, _("Changes saved."))
            return redirect(plan)
    context = {
        "plan": plan,
        "council": plan.council,
        "form": form,
        "heading": heading,
        "conflict": conflict,
        "object": obj,
        "kind": kind,
        "edit_url": request.path,
        "preview": preview and form.is_valid(),
    }
    template = "plans/plan_body.html#structure-edit" if request.htmx else "plans/edit_page.html"
    return render(
        request, template, context, status=409 if conflict else 400 if form.errors else 200
    )


@login_required
def goal_edit(request, council, plan, goal):
    plan = get_editable_plan(request, council, plan)
    goal = get_object_or_404(Goal, pk=goal, focus_area__plan=plan)
    return edit_structure(request, plan, goal, GoalForm, _("Edit goal"), "goal")


@login_required
def focus_area_edit(request, council, plan, area):
    plan = get_editable_plan(request, council, plan)
    area = get_object_or_404(FocusArea, pk=area, plan=plan)
    return edit_structure(request, plan, area, FocusAreaForm, _("Edit focus area"), "area")


def add_page(request, plan, form, create, *, heading, done):
    """A page with a form for a new goal or focus area; back to the plan when saved."""
    preview = wants_preview(request)
    if request.method == "POST" and not preview and form.is_valid():
        create(form.values())
        messages.success(request, done)
        return redirect(plan)
    return render(
        request,
        "plans/edit_page.html",
        {
            "plan": plan,
            "council": plan.council,
            "form": form,
            "heading": heading,
            "preview": preview and form.is_valid(),
        },
        status=400 if form.errors else 200,
    )


@login_required
def goal_add(request, council, plan, area):
    plan = get_editable_plan(request, council, plan)
    area = get_object_or_404(FocusArea, pk=area, plan=plan)
    form = GoalForm(
        request.POST if request.method == "POST" else None, instance=Goal(focus_area=area)
    )
    return add_page(
        request,
        plan,
        form,
        lambda values: editing.create_goal(area, values, user=request.user),
        heading=_("New goal in %(area)s") % {"area": area},
        done=_("Goal added."),
    )


@login_required
def focus_area_add(request, council, plan):
    plan = get_editable_plan(request, council, plan)
    form = FocusAreaForm(
        request.POST if request.method == "POST" else None, instance=FocusArea(plan=plan)
    )
    return add_page(
        request,
        plan,
        form,
        lambda values: editing.create_focus_area(plan, values, user=request.user),
        heading=_("New focus area"),
        done=_("Focus area added."),
    )


def move(request, plan, obj, kind):
    """One place up or down; with htmx the measures are redrawn in place and the focus stays on
    the button pressed, without JavaScript back to the plan at the moved item."""
    direction = "up" if request.POST.get("direction") == "up" else "down"
    editing.move(obj, -1 if direction == "up" else 1, user=request.user)
    if request.htmx:
        return moved_response(request, plan, f"move-{direction}-{kind}-{obj.pk}")
    return redirect(plan.get_absolute_url() + f"#{kind}-{obj.pk}")


@login_required
@require_POST
def goal_move(request, council, plan, goal):
    plan = get_editable_plan(request, council, plan)
    goal = get_object_or_404(Goal, pk=goal, focus_area__plan=plan)
    return move(request, plan, goal, "goal")


@login_required
@require_POST
def focus_area_move(request, council, plan, area):
    plan = get_editable_plan(request, council, plan)
    area = get_object_or_404(FocusArea, pk=area, plan=plan)
    return move(request, plan, area, "area")


@login_required
def plan_intro_edit(request, council, plan):
    """The plan's description ("About the plan"), with formatting and a preview."""
    plan = get_editable_plan(request, council, plan)
    form = PlanIntroForm(request.POST if request.method == "POST" else None, instance=plan)
    preview = wants_preview(request)
    conflict = None
    if request.method == "POST" and not preview and form.is_valid():
        try:
            editing.update_intro(
                plan,
                form.cleaned_data["intro"],
                expected=form.cleaned_data["was"],
                user=request.user,
                digest=intro_digest,
            )
        except EditConflict as error:
            conflict = error.current
            form = form.based_on(conflict)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(plan)
    return render(
        request,
        "plans/edit_page.html",
        {
            "plan": plan,
            "council": plan.council,
            "form": form,
            "heading": _("Edit the plan's description"),
            "conflict": conflict,
            "preview": preview and form.is_valid(),
        },
        status=409 if conflict else 400 if form.errors else 200,
    )


@login_required
def plan_renumber(request, council, plan):
    """Codes renumbered to follow the order, only on request: old → new shown before saving."""
    plan = get_editable_plan(request, council, plan)
    changes = renumbering.proposal(plan)
    status, error = 200, ""
    if request.method == "POST":
        try:
            saved = renumbering.renumber(plan, request.POST.get("digest", ""), user=request.user)
        except renumbering.ProposalChanged:
            status = 409 if "digest" in request.POST else 400
            error = _(
                "Nothing was renumbered: the plan changed since the list was shown. Check the "
                "new list below and renumber again."
            )
            changes = renumbering.proposal(plan)
        else:
            messages.success(
                request,
                ngettext("%(n)s code renumbered.", "%(n)s codes renumbered.", len(saved))
                % {"n": len(saved)},
            )
            return redirect(plan)
    context = {
        "plan": plan,
        "council": plan.council,
        "changes": changes,
        "digest": renumbering.digest(changes),
        "error": error,
    }
    return render(request, "plans/renumber.html", context, status=status)
