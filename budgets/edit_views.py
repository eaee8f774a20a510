"""Inline editing of budget lines and contributions by the council's secretariat.

A save is checked against the version the editor saw (plans/editing.py), recorded in the
budget's audit trail, and answered out of band: the row and every computed figure (frame,
allocated, remainder, subtotals, distribution) are swapped in place.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from plans import editing

from .forms import BudgetLineForm, ContributionForm
from .models import BudgetChange, BudgetLine, Contribution
from .views import budget_context, editable_budget

KINDS = {
    "linje": (BudgetLine, BudgetLineForm, "group__budget"),
    "tilskot": (Contribution, ContributionForm, "budget"),
}


def get_item(budget, kind, pk):
    model, form_class, budget_path = KINDS.get(kind, (None, None, None))
    if model is None:
        from django.http import Http404

        raise Http404
    return get_object_or_404(model, pk=pk, **{budget_path: budget}), form_class


def row_response(request, budget, kind, item, *, form=None, conflict=None, status=200, saved=""):
    oob = request.method == "POST"
    context = {"budget": budget, "council": budget.council, "can_edit": True}
    if oob or not form:
        # A saved row (and the figures swapped with it) needs the computed budget; the bare
        # edit form does not.
        context = budget_context(request, budget)
    context.update(kind=kind, item=item, form=form, conflict=conflict, saved=saved, oob=oob)
    if kind == "linje" and not form:
        context["v"] = next(
            view
            for group in context["overview"].groups
            for view in group.lines
            if view.line.pk == item.pk
        )
    return render(request, "budgets/budget_detail.html#item-response", context, status=status)


def audit_for(budget, user, item):
    def audit(current, field, old, new):
        return BudgetChange(
            budget=budget,
            subject_label=str(current)[:300],
            field=field,
            old_value="" if old is None else str(old),
            new_value="" if new is None else str(new),
            changed_by=user,
        )

    return audit


@login_required
def item_edit(request, council, year, kind, pk):
    budget = editable_budget(request, council, year)
    item, form_class = get_item(budget, kind, pk)
    if request.method != "POST":
        form = form_class(instance=item)
        if request.htmx:
            return row_response(request, budget, kind, item, form=form)
        return render(
            request,
            "budgets/item_edit.html",
            {"budget": budget, "council": budget.council, "form": form, "item": item, "kind": kind},
        )
    form = form_class(request.POST, instance=type(item).objects.get(pk=item.pk))
    if not form.is_valid():
        return respond_with_form(request, budget, kind, item, form, status=400)
    try:
        item = editing.update_fields(
            item,
            form.values(),
            expected_version=form.cleaned_data["version"],
            user=request.user,
            audit=audit_for(budget, request.user, item),
        )
    except editing.EditConflict as error:
        form = form_class(request.POST, instance=error.current)
        form.data = form.data.copy()
        form.data["version"] = error.current.version
        return respond_with_form(
            request, budget, kind, item, form, status=409, conflict=error.current
        )
    if request.htmx:
        return row_response(request, budget, kind, item, saved=_("Changes saved."))
    messages.success(request, _("Changes saved."))
    return redirect(budget.get_absolute_url() + f"#{kind}-{item.pk}")


def respond_with_form(request, budget, kind, item, form, *, status, conflict=None):
    if request.htmx:
        return row_response(
            request, budget, kind, item, form=form, conflict=conflict, status=status
        )
    return render(
        request,
        "budgets/item_edit.html",
        {
            "budget": budget,
            "council": budget.council,
            "form": form,
            "item": item,
            "kind": kind,
            "conflict": conflict,
        },
        status=status,
    )


@require_GET
@login_required
def item_row(request, council, year, kind, pk):
    """The row as it is: what "cancel" shows."""
    budget = editable_budget(request, council, year)
    item, _form_class = get_item(budget, kind, pk)
    return row_response(request, budget, kind, item)
