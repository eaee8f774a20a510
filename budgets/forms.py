from django import forms
from django.utils.translation import gettext_lazy as _

from measures.models import Measure
from plans.models import FocusArea, Goal
from regionplan.lib.forms import LimitsShown, VersionedForm

from .amounts import format_kroner, parse_amount
from .models import BudgetGroup, BudgetLine, Contribution


class AmountField(forms.CharField):
    """Kroner as typed ("kr 150 000", "2.500.000"); shown back with Norwegian grouping."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # parse_amount does the checking; a length validator would see an int.
        self.widget.attrs.update(inputmode="numeric", autocomplete="off", maxlength="30")

    def to_python(self, value):
        value = super().to_python(value)
        return parse_amount(value) if value else None

    def prepare_value(self, value):
        return format_kroner(value) if isinstance(value, int) else value


def short(text, length=90):
    """Short enough for a menu."""
    return text if len(text) <= length else text[: length - 1] + "…"


def link_choices(plan):
    """The plan's focus areas, goals and measures as one grouped menu; two queries."""
    choices = [("", _("Nothing in the plan"))]
    if plan is None:
        return choices
    measures = {}
    for m in Measure.objects.filter(goal__focus_area__plan=plan).only("goal_id", "code", "text"):
        measures.setdefault(m.goal_id, []).append(m)
    goals = Goal.objects.filter(focus_area__plan=plan).select_related("focus_area")
    areas = {}
    for goal in goals.order_by("focus_area__order", "focus_area_id", "order", "id"):
        area = goal.focus_area
        options = areas.setdefault(area, [(f"focus_area-{area.pk}", str(area))])
        options.append((f"goal-{goal.pk}", "– " + short(str(goal))))
        for m in measures.get(goal.pk, []):
            options.append((f"measure-{m.pk}", "– – " + short(m.heading)))
    choices += [(str(area), options) for area, options in areas.items()]
    return choices


LINK_MODELS = {"focus_area": FocusArea, "goal": Goal, "measure": Measure}


class BudgetLineForm(VersionedForm):
    amount = AmountField(label=_("new amount (NOK)"), required=False)
    carried_over = AmountField(label=_("carried over from last year (NOK)"), required=False)
    link = forms.ChoiceField(
        label=_("finances in the plan"),
        required=False,
        help_text=_("The focus area, goal or measure this money is for."),
    )

    class Meta:
        model = BudgetLine
        fields = [
            "group",
            "title",
            "amount",
            "carried_over",
            "pending_text",
            "category",
            "footnote",
        ]
        widgets = {"footnote": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = budget.plan
        self.fields["group"].queryset = budget.groups.all()
        self.fields["group"].empty_label = None
        self.fields["link"].choices = link_choices(budget.plan)
        link = self.instance.link if self.instance.pk else None
        if link is not None:
            self.initial["link"] = f"{type(link)._meta.model_name}-{link.pk}"

    def clean_carried_over(self):
        return self.cleaned_data["carried_over"] or 0

    def clean_link(self):
        """Exactly one of focus area, goal and measure, and only from the budget's plan."""
        links = dict.fromkeys(LINK_MODELS)
        value = self.cleaned_data["link"]
        if value:
            kind, _sep, pk = value.partition("-")
            plan_path = {"focus_area": "plan", "goal": "focus_area__plan"}.get(
                kind, "goal__focus_area__plan"
            )
            links[kind] = LINK_MODELS[kind].objects.get(pk=pk, **{plan_path: self.plan})
        return links

    def values(self):
        return {**super().values(), **self.cleaned_data["link"]}

    def clean(self):
        data = super().clean()
        if data.get("amount") is None and not data.get("pending_text") and not self.errors:
            self.add_error(
                "amount", _("Give an amount, or say in “pending” why there is none yet.")
            )
        return data


class BudgetGroupForm(LimitsShown, forms.ModelForm):
    class Meta:
        model = BudgetGroup
        fields = ["title", "category"]


class ContributionForm(VersionedForm):
    amount = AmountField(label=_("amount (NOK)"))

    class Meta:
        model = Contribution
        fields = ["source", "amount"]


class StartBudgetForm(forms.Form):
    """A new, empty budget year for a council: which year, and which plan it finances."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    plan = forms.ModelChoiceField(
        label=_("Plan it finances"),
        queryset=None,
        required=False,
        empty_label=_("None"),
        help_text=_("Its lines can then name the plan's focus areas, goals and measures."),
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council
        self.fields["plan"].queryset = council.plans.all()
        self.fields["plan"].label_from_instance = lambda plan: short(
            f"{plan.title} ({plan.period})"
        )

    def clean_year(self):
        year = self.cleaned_data["year"]
        if self.council.budgets.filter(year=year).exists():
            raise forms.ValidationError(
                _("The council has a budget for %(year)s already.") % {"year": year}
            )
        return year
