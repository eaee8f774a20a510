import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from plans.charts import share_bars_svg
from plans.export_views import with_download_cookie
from plans.permissions import is_member, is_secretariat
from plans.views import since_filter, use_council_language

from .amounts import format_kroner, parse_amount
from .exports import budget_data, budget_pdf, budget_xlsx
from .models import Budget, BudgetLine, Contribution
from .overview import BudgetOverview
from .services import NextYearExists, OverAllocated, finalise_budget, reopen_budget, roll_over


@require_GET
def budget_detail(request, council, year):
    budget = get_object_or_404(
        Budget.objects.visible_to(request.user).select_related("council", "plan"),
        council__slug=council,
        year=year,
    )
    use_council_language(request, budget.council)
    return render_budget(request, budget)


def render_budget(request, budget, status=200):
    return render(
        request, "budgets/budget_detail.html", budget_context(request, budget), status=status
    )


def budget_context(request, budget):
    overview = BudgetOverview(budget)
    shares = overview.category_shares
    chart = share_bars_svg(
        shares,
        title=_("Distribution of the allocated money against the target"),
        target_label=_("target"),
    )
    secretariat = is_secretariat(request.user, budget.council)
    can_edit = secretariat and not budget.finalised_at
    archived = []
    if can_edit:
        archived = [
            ("tilskot", c)
            for c in Contribution.all_objects.filter(budget=budget).exclude(archived_at=None)
        ] + [
            ("linje", line)
            for line in BudgetLine.all_objects.filter(group__budget=budget).exclude(
                archived_at=None
            )
        ]
    return {
        "budget": budget,
        "council": budget.council,
        "overview": overview,
        "shares": shares,
        "chart": mark_safe(chart),  # built from escaped values in plans/charts.py
        "is_secretariat": secretariat,
        "is_member": secretariat or is_member(request.user, budget.council),
        "can_edit": can_edit,
        "archived": archived,
    }


EXPORTS = {
    "pdf": ("application/pdf", budget_pdf),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", budget_xlsx),
    "json": (
        "application/json",
        lambda budget: json.dumps(budget_data(budget), ensure_ascii=False, indent=2).encode(),
    ),
}


@require_GET
def budget_export(request, council, year, fmt):
    if fmt not in EXPORTS:
        raise Http404
    budget = get_object_or_404(
        Budget.objects.visible_to(request.user).select_related("council", "plan"),
        council__slug=council,
        year=year,
    )
    content_type, render = EXPORTS[fmt]
    response = HttpResponse(render(budget), content_type=content_type)
    filename = f"{budget.council.slug}-budsjett-{budget.year}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return with_download_cookie(request, response)


def editable_budget(request, council, year):
    budget = get_object_or_404(
        Budget.objects.visible_to(request.user).select_related("council", "plan"),
        council__slug=council,
        year=year,
    )
    if not is_secretariat(request.user, budget.council):
        raise PermissionDenied
    use_council_language(request, budget.council)
    return budget


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
    budget = get_object_or_404(
        Budget.objects.visible_to(request.user).select_related("council"),
        council__slug=council,
        year=year,
    )
    if not is_member(request.user, budget.council):
        raise PermissionDenied
    use_council_language(request, budget.council)
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
