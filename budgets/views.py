from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from plans.access import get_secretariat_council, is_member
from regionplan.lib.conditional import conditional
from regionplan.lib.downloads import file_response
from regionplan.lib.forms import since_filter

from .amounts import format_kroner, parse_amount
from .exports import EXPORTS
from .forms import StartBudgetForm
from .page import budget_etag, editable_budget, get_budget, render_budget
from .services import (
    NextYearExists,
    OverAllocated,
    YearTaken,
    finalise_budget,
    reopen_budget,
    roll_over,
    start_budget,
)


@require_GET
def budget_detail(request, council, year):
    return render_budget(request, get_budget(request, council, year))


@require_GET
def budget_export(request, council, year, fmt):
    if fmt not in EXPORTS:
        raise Http404
    budget = get_budget(request, council, year)
    content_type, render_export = EXPORTS[fmt]
    filename = f"{budget.council.slug}-budsjett-{budget.year}.{fmt}"
    return conditional(
        request,
        budget_etag(request, budget),
        None,
        lambda: file_response(request, render_export(budget), content_type, filename),
    )


@login_required
@require_POST
def budget_finalise(request, council, year):
    budget = editable_budget(request, council, year)
    try:
        finalise_budget(budget, user=request.user)
    except OverAllocated as error:
        messages.error(
            request,
            _(
                "The budget cannot be finalised: the lines allocate %(amount)s kroner more than "
                "the frame. Reduce a line or add a contribution first."
            )
            % {"amount": format_kroner(error.over_by)},
        )
        return render_budget(request, budget, status=409)
    messages.success(request, _("The budget is finalised."))
    return redirect(budget.get_absolute_url())


@login_required
@require_POST
def budget_reopen(request, council, year):
    budget = editable_budget(request, council, year)
    reopen_budget(budget, user=request.user)
    messages.success(
        request, _("The budget is open for changes. Finalise it again when the changes are made.")
    )
    return redirect(budget.get_absolute_url())


@login_required
@require_GET
def budget_changes(request, council, year):
    """The budget's audit trail, newest first: for the council's own people."""
    budget = get_budget(request, council, year)
    if not is_member(request.user, budget.council):
        raise PermissionDenied
    changes = budget.changes.select_related("changed_by")
    form, since, moment = since_filter(request)
    if moment:
        changes = changes.filter(changed_at__gte=moment)
    return render(
        request,
        "budgets/budget_changes.html",
        {
            "budget": budget,
            "council": budget.council,
            "changes": changes[:500],
            "form": form,
            "since": since,
        },
    )


class CarryOverForm(forms.Form):
    """One optional amount per line: what of it moves to next year."""

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[f"carry-{line.pk}"] = forms.CharField(
                label=line.title, required=False, max_length=30
            )

    def clean(self):
        carry = {}
        for line in self.lines:
            text = self.cleaned_data.get(f"carry-{line.pk}", "").strip()
            if not text:
                continue
            try:
                amount = parse_amount(text)
            except ValidationError as error:
                self.add_error(f"carry-{line.pk}", error)
                continue
            if amount > line.total:
                self.add_error(
                    f"carry-{line.pk}",
                    _("You can carry over at most the line's total, %(amount)s.")
                    % {"amount": format_kroner(line.total)},
                )
            elif amount:
                carry[line.pk] = amount
        self.carry = carry
        return self.cleaned_data


@login_required
def budget_roll_over(request, council, year):
    budget = editable_budget(request, council, year)
    lines = [
        line for group in budget.groups.prefetch_related("lines") for line in group.lines.all()
    ]
    form = CarryOverForm(request.POST if request.method == "POST" else None, lines=lines)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                draft = roll_over(budget, form.carry)
            except NextYearExists:
                messages.error(
                    request,
                    _("There is already a budget for %(year)s.") % {"year": budget.year + 1},
                )
                status = 409
            else:
                messages.success(
                    request, _("Draft budget for %(year)s created.") % {"year": draft.year}
                )
                return redirect(draft.get_absolute_url())
        else:
            status = 400
    return render(
        request,
        "budgets/roll_over.html",
        {
            "budget": budget,
            "council": budget.council,
            "form": form,
            "rows": [(line, form[f"carry-{line.pk}"]) for line in lines],
        },
        status=status,
    )


@login_required
def budget_start(request, council):
    """Start a budget year: an empty draft the secretariat then fills in on its page."""
    council = get_secretariat_council(request, council)
    latest = council.budgets.order_by("-year").first()
    initial = {
        "year": latest.year + 1 if latest else timezone.localdate().year,
        "plan": latest.plan_id if latest else None,
    }
    form = StartBudgetForm(request.POST or None, council=council, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                budget = start_budget(
                    council,
                    form.cleaned_data["year"],
                    form.cleaned_data["plan"],
                    user=request.user,
                )
            except YearTaken:
                form.add_error("year", _("The council has a budget for that year already."))
                status = 409
            else:
                messages.success(
                    request,
                    _("Budget %(year)s is started. Add its contributions and lines below.")
                    % {"year": budget.year},
                )
                return redirect(budget.get_absolute_url())
        else:
            status = 400
    return render(
        request,
        "budgets/budget_start.html",
        {"council": council, "form": form, "latest": latest},
        status=status,
    )
