"""A measure's page, and the secretariat's actions on measures.

Every view checks on the server who may do what (plans/access.py): not logged in → the login
page; a plan the user may not see → 404; one they may see but not change → 403; a measure that
is not in this plan → 404. With htmx the actions answer with the fragment to swap (the row, and
the status overview out of band); without JavaScript the same forms post normally and redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from budgets.plan_money import plan_money
from plans.access import get_editable_plan, get_plan, is_member, is_secretariat
from plans.history import measure_timeline
from plans.models import Goal
from plans.page import measure_moved_response
from plans.reports.services import last_report_date
from plans.validators import plan_etag
from regionplan.lib.conditional import conditional
from regionplan.lib.editing import Archived, EditConflict
from regionplan.lib.forms import conflict_form, since_filter

from . import editing
from .columns import column_labels, row_links
from .forms import MeasureForm, StatusForm, ThemesForm
from .models import Measure, StatusChange, Theme


def plan_measure(plan, measure_id):
    """Any measure of this plan, archived ones too (so we can say it was archived)."""
    return get_object_or_404(
        Measure.all_objects.select_related("goal__focus_area"),
        pk=measure_id,
        goal__focus_area__plan=plan,
    )


def back_to_plan(plan, measure=None):
    anchor = f"#measure-{measure.pk}" if measure else ""
    return redirect(plan.get_absolute_url() + anchor)


@require_GET
def measure_detail(request, council, plan, measure):
    plan = get_plan(request, council, plan)
    # Before any validator answers: is the measure in this plan, and who is responsible for it
    # (the parties' names and pages are edited on their own), in one query. Its other fields
    # are read only to render: the plan's revision, which every change to its measures bumps
    # (one moved away too, plans/signals.py), stands for them in the ETag.
    parties = list(
        Measure.all_objects.filter(pk=measure, goal__focus_area__plan=plan)
        .order_by("responsible_parties__pk")
        .values_list(
            "responsible_parties__pk", "responsible_parties__name", "responsible_parties__slug"
        )
    )
    if not parties:
        raise Http404
    parts = [measure, [party for party in parties if party[0] is not None]]
    # The measure that continues it in a newer version.
    if plan.superseded_by_id:
        parts.append(list(Measure.all_objects.filter(predecessor=measure).values_list("pk")))
    secretariat = is_secretariat(request.user, plan.council)
    if secretariat:
        # The themes form lists every council's themes: one added or renamed elsewhere changes it.
        parts.append(list(Theme.objects.values_list("pk", "name", "slug")))
    return conditional(
        request,
        plan_etag(request, plan, *parts),
        plan.updated_at,
        lambda: measure_page(request, plan, plan_measure(plan, measure)),
        keep=not secretariat,  # as on the plan page (plans/views.py)
    )


def measure_page(request, plan, measure, *, themes_form=None, status=200):
    member = is_member(request.user, plan.council)
    # A superseded version of the plan is kept as adopted (revisions/).
    can_edit = is_secretariat(request.user, plan.council) and not plan.superseded_by_id
    versions = Measure.all_objects.select_related("goal__focus_area__plan__council")
    return render(
        request,
        "measures/measure.html",
        {
            "plan": plan,
            "council": plan.council,
            "measure": measure,
            "money": plan_money(plan, measure, drafts=member)["measure", measure.pk],
            "timeline": measure_timeline(measure),
            "predecessor": versions.filter(pk=measure.predecessor_id).first()
            if measure.predecessor_id
            else None,
            "successor": versions.filter(predecessor=measure).first()
            if plan.superseded_by_id
            else None,
            "can_edit": can_edit,
            "can_see_internal": member,
            "themes_form": themes_form or (ThemesForm(initial={"themes": measure.themes.all()})),
        },
        status=status,
    )


@login_required
@require_POST
def measure_themes(request, council, plan, measure):
    """Tag a measure with themes, so counties see it with other councils' measures on them."""
    plan = get_editable_plan(request, council, plan)
    measure = plan_measure(plan, measure)
    form = ThemesForm(request.POST)
    status, saved, error = 400, "", ""
    if form.is_valid():
        try:
            measure = editing.set_themes(
                measure,
                form.cleaned_data["themes"],
                form.cleaned_data["new_theme"],
                user=request.user,
            )
        except Archived:
            error = _("This measure has been archived, so it cannot be changed. Restore it first.")
            if not request.htmx:
                messages.error(request, error)
                return redirect(measure.get_absolute_url())
            status = 409
    if form.is_valid() and not error:
        if not request.htmx:
            messages.success(request, _("Themes saved."))
            return redirect(measure.get_absolute_url() + "#themes")
        status, saved = 200, _("Themes saved.")
        form = ThemesForm(initial={"themes": measure.themes.all()})
    if request.htmx:
        context = {
            "plan": plan,
            "council": plan.council,
            "measure": measure,
            "can_edit": True,
            "themes_form": form,
            "saved": saved,
            "error": error,
        }
        return render(request, "measures/measure.html#themes", context, status=status)
    return measure_page(request, plan, measure, themes_form=form, status=status)


def row_context(plan, measure, **extra):
    """What the row template asks of one row swapped in for the secretariat."""
    return {
        "plan": plan,
        "council": plan.council,
        "measure": measure,
        "can_edit": True,
        "can_see_internal": True,
        "labels": column_labels(),
        **row_links(plan),
        "terms": [],
        "status_form": StatusForm(),
        **extra,
    }


def row_response(request, plan, measure, *, status=200, **extra):
    """The row (or its editor) to swap in."""
    measure.money = plan_money(plan, measure, drafts=True)["measure", measure.pk]
    context = row_context(plan, measure, **extra)
    return render(request, "measures/rows.html#row-response", context, status=status)


def inline_form(data=None, *, instance, **kwargs):
    """A MeasureForm as a row of the plan page: ids of its own, so that two rows open at once
    (or the page's filter form) never share an id that labels and aria point to."""
    return MeasureForm(data, instance=instance, auto_id=f"measure-{instance.pk}-%s", **kwargs)


def edit_page(request, plan, measure, form, *, status=200, conflict=None, status_form=None):
    """The no-JavaScript page for editing one measure (and for showing what went wrong)."""
    return render(
        request,
        "measures/measure_edit.html",
        {
            "plan": plan,
            "council": plan.council,
            "measure": measure,
            "form": form,
            "status_form": status_form or StatusForm(),
            "conflict": conflict,
        },
        status=status,
    )


def archived_response(request, plan, measure, *, row_oob=False):
    message = _("This measure has been archived, so it cannot be changed. Restore it first.")
    if request.htmx:
        return row_response(request, plan, measure, status=409, error=message, row_oob=row_oob)
    messages.error(request, message)
    return redirect(measure.get_absolute_url())


@login_required
@require_POST
def measure_status(request, council, plan, measure):
    """The busiest write: the measure is found under the lock, and with htmx only the cells a
    status alters and the overview (cached per revision) are sent back (measures/editing.py)."""
    plan = get_editable_plan(request, council, plan)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            measure, (summary, focus_areas) = form.apply_to(plan, measure, request.user)
        except Measure.DoesNotExist:
            raise Http404 from None
        except Archived as archived:
            return archived_response(request, plan, archived.current, row_oob=True)
        if request.htmx:
            context = row_context(
                plan,
                measure,
                cell_oob=True,
                saved=_("Status saved."),
                # The keyboard focus returns to the row's status button (static/regionplan/app.js).
                status_saved=True,
                summary=summary,
                focus_areas=focus_areas,
            )
            return render(request, "measures/rows.html#status-response", context)
        messages.success(request, _("Status saved."))
        next_url = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
            return redirect(next_url)
        return back_to_plan(plan, measure)
    measure = plan_measure(plan, measure)
    if measure.archived_at:
        return archived_response(request, plan, measure, row_oob=True)
    if request.htmx:
        return row_response(request, plan, measure, status=400, status_form=form, row_oob=True)
    form_for_fields = MeasureForm(instance=measure)
    return edit_page(request, plan, measure, form_for_fields, status=400, status_form=form)


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
    form_class = inline_form if request.htmx else MeasureForm
    if request.method != "POST":
        form = form_class(instance=measure)
        if request.htmx:
            return row_response(request, plan, measure, form=form)
        return edit_page(request, plan, measure, form)
    form = form_class(request.POST, instance=Measure.all_objects.get(pk=measure.pk))
    status, conflict = 400, None
    if form.is_valid():
        try:
            measure = editing.update(
                measure,
                form.values(),
                expected_version=form.cleaned_data["version"],
                user=request.user,
            )
        except EditConflict as error:
            status, conflict = 409, error.current
            form = conflict_form(form_class, request.POST, conflict)
        except Archived:
            return archived_response(request, plan, measure)
        else:
            if request.htmx:
                return row_response(request, plan, measure, saved=_("Changes saved."))
            messages.success(request, _("Changes saved."))
            return back_to_plan(plan, measure)
    if request.htmx:
        return row_response(request, plan, measure, status=status, form=form, conflict=conflict)
    return edit_page(request, plan, measure, form, status=status, conflict=conflict)


@login_required
def measure_archive(request, council, plan, measure):
    """Asks first (a page of its own, so it works without JavaScript); once archived, the
    message on the plan offers to undo it."""
    plan = get_editable_plan(request, council, plan)
    measure = plan_measure(plan, measure)
    if request.method != "POST" or measure.archived_at:
        context = {"plan": plan, "council": plan.council, "measure": measure}
        return render(request, "measures/archive_confirm.html", context)
    measure = editing.set_archived(measure, True, user=request.user)
    undo = render_to_string(
        "measures/archived_message.html",
        {"plan": plan, "council": plan.council, "measure": measure},
        request=request,
    )
    messages.success(request, undo)  # safe HTML: the template escapes what it shows
    return redirect(plan)


@login_required
@require_POST
def measure_restore(request, council, plan, measure):
    """Back into the plan: last in its goal, or at its old place when undoing an archive."""
    plan = get_editable_plan(request, council, plan)
    measure = editing.set_archived(
        plan_measure(plan, measure), False, user=request.user, keep_place="undo" in request.POST
    )
    messages.success(request, _("The measure is restored to the plan."))
    return back_to_plan(plan, measure)


@login_required
@require_POST
def measure_move(request, council, plan, measure):
    plan = get_editable_plan(request, council, plan)
    measure = plan_measure(plan, measure)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    try:
        editing.move(measure, -1 if direction == "up" else 1, user=request.user)
    except Archived:
        return archived_response(request, plan, measure)
    if request.htmx:
        focus = f"move-{direction}-measure-{measure.pk}"
        return measure_moved_response(request, plan, measure, focus)
    return back_to_plan(plan, measure)


@login_required
def measure_add(request, council, plan, goal):
    plan = get_editable_plan(request, council, plan)
    goal = get_object_or_404(Goal, pk=goal, focus_area__plan=plan)
    form = MeasureForm(
        request.POST if request.method == "POST" else None, instance=Measure(goal=goal)
    )
    if request.method == "POST" and form.is_valid():
        measure = editing.create(goal, form.values(), user=request.user)
        messages.success(request, _("Measure added."))
        return back_to_plan(plan, measure)
    heading = _("New measure under goal %(goal)s") % {"goal": goal.code or goal.text[:60]}
    return render(
        request,
        "plans/edit_page.html",
        {"plan": plan, "council": plan.council, "form": form, "heading": heading},
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def status_round(request, council, plan):
    """Walks the secretariat through every measure in plan order before a meeting."""
    plan = get_editable_plan(request, council, plan)
    form, since, moment = since_filter(request, default=last_report_date(plan))
    measures = list(
        Measure.objects.filter(goal__focus_area__plan=plan)
        .select_related("goal__focus_area")
        .order_by("goal__focus_area__order", "goal__order", "order", "id")
    )
    assessed = StatusChange.objects.filter(measure__in=measures)
    if moment:
        assessed = assessed.filter(changed_at__gte=moment)
    assessed = set(assessed.values_list("measure_id", flat=True))
    for measure in measures:
        measure.assessed = measure.pk in assessed
    requested = request.GET.get("measure")
    current = next((m for m in measures if str(m.pk) == requested), None) or next(
        (m for m in measures if not m.assessed), None
    )
    return render(
        request,
        "measures/status_round.html",
        {
            "plan": plan,
            "council": plan.council,
            "form": form,
            "since": since,
            "measures": measures,
            "current": current,
            "done": len(assessed),
            "status_form": StatusForm(),
            "next_url": request.path + (f"?since={since:%Y-%m-%d}" if since else ""),
        },
    )
