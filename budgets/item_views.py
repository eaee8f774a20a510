"""The secretariat's budget editing: lines and contributions added, edited, moved and archived
in place.

Every write goes through budgets/editing.py (locked budget, audit trail, refused once
finalised). With HTMX a field edit answers with its row, and any change with every computed
figure out of band (frame, allocated, remainder, subtotals, distribution); adding, moving and
archiving swap both tables, since rows appear, disappear or change place. Without JavaScript
the same forms post normally and redirect back to the budget.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from regionplan.errors import error_response
from regionplan.lib.editing import EditConflict
from regionplan.lib.forms import conflict_form

from . import editing
from .forms import BudgetGroupForm, BudgetLineForm, ContributionForm
from .models import BudgetLine, Contribution
from .page import budget_context, editable_budget

# kind (from the URL: budgets/urls.py) → model, form, the model's path to its budget
KINDS = {
    "line": (BudgetLine, BudgetLineForm, "group__budget"),
    "contribution": (Contribution, ContributionForm, "budget"),
}


def get_item(budget, kind, pk, *, archived_too=False):
    model, _form_class, budget_path = KINDS[kind]
    manager = model.all_objects if archived_too else model.objects
    return get_object_or_404(manager, pk=pk, **{budget_path: budget})


def make_form(kind, budget, *args, **kwargs):
    if kind == "line":
        kwargs["budget"] = budget
    return KINDS[kind][1](*args, **kwargs)


def finalised_response(request, budget):
    message = _("The budget is finalised, so it cannot be changed. Reopen it first.")
    if request.htmx:
        return error_response(request, 409, _("Finalised"), message)
    messages.error(request, message)
    return redirect(budget.get_absolute_url())


def back_to(budget, anchor=""):
    return redirect(budget.get_absolute_url() + (f"#{anchor}" if anchor else ""))


def row_response(request, budget, kind, item, *, form=None, conflict=None, status=200, saved=""):
    oob = request.method == "POST"
    context = {"budget": budget, "council": budget.council, "can_edit": True}
    if oob or not form:
        # A saved row (and the figures swapped with it) needs the computed budget; the bare
        # edit form does not.
        context = budget_context(request, budget)
    context.update(kind=kind, item=item, form=form, conflict=conflict, saved=saved, oob=oob)
    if kind == "line" and not form:
        context["line_view"] = next(
            view
            for group in context["overview"].groups
            for view in group.lines
            if view.line.pk == item.pk
        )
    return render(request, "budgets/budget.html#item-response", context, status=status)


def tables_response(request, budget, *, saved="", focus=""):
    """After a row appears, moves or goes: both tables and every figure, out of band."""
    context = budget_context(request, budget)
    context.update(oob=True, tables_oob=True, saved=saved, focus=focus)
    return render(request, "budgets/budget.html#tables-response", context)


def edit_page(request, budget, kind, item, form, *, status=200, conflict=None, heading=""):
    return render(
        request,
        "budgets/item_page.html",
        {
            "budget": budget,
            "council": budget.council,
            "form": form,
            "item": item,
            "kind": kind,
            "conflict": conflict,
            "heading": heading,
        },
        status=status,
    )


@login_required
def item_edit(request, council, year, kind, pk):
    budget = editable_budget(request, council, year)
    item = get_item(budget, kind, pk)
    if budget.finalised_at:
        return finalised_response(request, budget)
    if request.method != "POST":
        form = make_form(kind, budget, instance=item)
        if request.htmx:
            return row_response(request, budget, kind, item, form=form)
        return edit_page(request, budget, kind, item, form)
    form = make_form(kind, budget, request.POST, instance=type(item).objects.get(pk=item.pk))
    conflict = None
    if form.is_valid():
        try:
            item = editing.update_item(
                item,
                form.values(),
                expected_version=form.cleaned_data["version"],
                user=request.user,
            )
        except editing.Finalised:
            return finalised_response(request, budget)
        except EditConflict as error:
            conflict = error.current
            form_class = KINDS[kind][1]
            extra = {"budget": budget} if kind == "line" else {}
            form = conflict_form(form_class, request.POST, conflict, **extra)
        else:
            if request.htmx:
                if kind == "line" and "group" in form.changed_data:
                    return tables_response(request, budget, saved=_("Changes saved."))
                return row_response(request, budget, kind, item, saved=_("Changes saved."))
            messages.success(request, _("Changes saved."))
            return back_to(budget, f"{kind}-{item.pk}")
    status = 409 if conflict else 400
    if request.htmx:
        return row_response(
            request, budget, kind, item, form=form, conflict=conflict, status=status
        )
    return edit_page(request, budget, kind, item, form, status=status, conflict=conflict)


@require_GET
@login_required
def item_row(request, council, year, kind, pk):
    """The row as it is: what "cancel" shows."""
    budget = editable_budget(request, council, year)
    return row_response(request, budget, kind, get_item(budget, kind, pk))


@login_required
def item_add(request, council, year, kind):
    """A new line (in the group given by ?gruppe=) or contribution."""
    budget = editable_budget(request, council, year)
    model = KINDS[kind][0]
    if budget.finalised_at:
        return finalised_response(request, budget)
    if model is BudgetLine:
        group_id = request.POST.get("group") or request.GET.get("gruppe") or ""
        groups = budget.groups.all()
        if group_id and not group_id.isdigit():
            raise Http404
        group = get_object_or_404(groups, pk=group_id) if group_id else groups.first()
        if group is None:
            return redirect("budgets:group_add", budget.council.slug, budget.year)
        blank = BudgetLine(group=group)
        heading = _("New line in %(group)s") % {"group": group.title}
    else:
        blank = Contribution(budget=budget)
        heading = _("New contribution")
    form = make_form(
        kind, budget, request.POST if request.method == "POST" else None, instance=blank
    )
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            if model is BudgetLine:
                item = editing.add_line(budget, values, user=request.user)
            else:
                item = editing.add_contribution(budget, values, user=request.user)
        except editing.Finalised:
            return finalised_response(request, budget)
        anchor = f"{kind}-{item.pk}"
        if request.htmx:
            return tables_response(request, budget, saved=_("Added."), focus=anchor)
        messages.success(request, _("Added."))
        return back_to(budget, anchor)
    status = 400 if form.errors else 200
    if request.htmx:
        context = {
            "budget": budget,
            "council": budget.council,
            "kind": kind,
            "form": form,
            "new": blank,
            "oob": request.method == "POST",
        }
        return render(request, "budgets/budget.html#add-response", context, status=status)
    return edit_page(request, budget, kind, None, form, status=status, heading=heading)


@login_required
def group_add(request, council, year):
    budget = editable_budget(request, council, year)
    if budget.finalised_at:
        return finalised_response(request, budget)
    form = BudgetGroupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            group = editing.add_group(budget, form.cleaned_data, user=request.user)
        except editing.Finalised:
            return finalised_response(request, budget)
        messages.success(request, _("Group added. Add its lines now."))
        return back_to(budget, f"group-{group.pk}")
    return edit_page(
        request,
        budget,
        "group",
        None,
        form,
        status=400 if form.errors else 200,
        heading=_("New group of lines"),
    )


@login_required
@require_POST
def item_archive(request, council, year, kind, pk, archived=True):
    budget = editable_budget(request, council, year)
    item = get_item(budget, kind, pk, archived_too=True)
    try:
        item = editing.set_archived(item, archived, user=request.user)
    except editing.Finalised:
        return finalised_response(request, budget)
    if archived:
        done = _("“%(item)s” is archived. It no longer counts; restore it below the table.")
        anchor = "archived-items"
    else:
        done = _("“%(item)s” is restored.")
        anchor = f"{kind}-{item.pk}"
    done %= {"item": editing.label_of(item)}
    if request.htmx:
        return tables_response(request, budget, saved=done, focus=anchor)
    messages.success(request, done)
    return back_to(budget, anchor)


@login_required
@require_POST
def item_move(request, council, year, kind, pk):
    budget = editable_budget(request, council, year)
    item = get_item(budget, kind, pk)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    try:
        editing.move(item, -1 if direction == "up" else 1, user=request.user)
    except editing.Finalised:
        return finalised_response(request, budget)
    if request.htmx:
        return tables_response(request, budget, focus=f"move-{direction}-{kind}-{pk}")
    return back_to(budget, f"{kind}-{pk}")
