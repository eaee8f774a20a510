"""The financing form: the financing's own fields, its sources and the strategy's target
shares, saved together as one document under the financing's version (no lost updates)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from regionplan.lib.text import reject_hidden_controls

from .models import Financing

EXTRA_ROWS = 2
MAX_KRONER = 2_000_000_000


class FinancingForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Financing
        fields = ["administration", "administration_estimated", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)


class SourceForm(forms.Form):
    source = forms.CharField(
        label=_("Source"), max_length=200, required=False, validators=[reject_hidden_controls]
    )
    # Below PostgreSQL's integer limit, which the column has.
    amount = forms.IntegerField(
        label=_("Kroner a year"), min_value=0, max_value=MAX_KRONER, required=False
    )

    def clean(self):
        data = super().clean()
        source, amount = data.get("source"), data.get("amount")
        if source and amount is None and "amount" not in self.errors:
            self.add_error("amount", _("Give the amount this source gives a year."))
        if amount is not None and not source:
            self.add_error("source", _("Say where this amount comes from."))
        return data

    @property
    def row(self):
        data = getattr(self, "cleaned_data", {})
        return (data["source"], data["amount"]) if data.get("source") else None


class ShareForm(forms.Form):
    category = forms.CharField(
        label=_("Category"), max_length=100, required=False, validators=[reject_hidden_controls]
    )
    percent = forms.IntegerField(label=_("Percent"), min_value=0, max_value=100, required=False)

    def clean(self):
        data = super().clean()
        category, percent = data.get("category"), data.get("percent")
        if category and percent is None and "percent" not in self.errors:
            self.add_error("percent", _("Give the category's share in percent."))
        if percent is not None and not category:
            self.add_error("category", _("Name the category this share is for."))
        return data

    @property
    def row(self):
        data = getattr(self, "cleaned_data", {})
        return (data["category"], data["percent"]) if data.get("category") else None


class BaseRowsFormSet(forms.BaseFormSet):
    def rows(self):
        return [form.row for form in self.forms if form.row]


class BaseSharesFormSet(BaseRowsFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for category, _percent in self.rows():
            if category.casefold() in seen:
                raise ValidationError(
                    _("Each category can have only one share: %(category)s."),
                    params={"category": category},
                )
            seen.add(category.casefold())
        total = sum(percent for _category, percent in self.rows())
        if total > 100:
            raise ValidationError(
                _("The shares add up to %(total)s %%; they can be at most 100 %%."),
                params={"total": total},
            )


SourceFormSet = forms.formset_factory(
    SourceForm, formset=BaseRowsFormSet, extra=EXTRA_ROWS, max_num=30, validate_max=True
)
ShareFormSet = forms.formset_factory(
    ShareForm, formset=BaseSharesFormSet, extra=EXTRA_ROWS, max_num=30, validate_max=True
)


class FinancingForms:
    """The three parts of the financing page, bound or not, validated together."""

    def __init__(self, strategy, financing, data=None):
        self.form = FinancingForm(data, instance=financing)
        # Initial rows only for an unbound form: a bound row equal to its initial row would
        # count as unchanged, and an unchanged extra row as empty.
        sources = financing.sources.all() if financing.pk and data is None else []
        shares = strategy.target_shares.all() if data is None else []
        self.sources = SourceFormSet(
            data,
            prefix="sources",
            initial=[{"source": s.source, "amount": s.amount} for s in sources],
        )
        self.shares = ShareFormSet(
            data,
            prefix="shares",
            initial=[{"category": s.category, "percent": s.percent} for s in shares],
        )

    def is_valid(self):
        valid = all([self.form.is_valid(), self.sources.is_valid(), self.shares.is_valid()])
        if valid:
            yearly = sum(amount for _source, amount in self.sources.rows())
            administration = self.form.cleaned_data["administration"] or 0
            if administration > yearly:
                self.form.add_error(
                    "administration",
                    _("The administration share cannot be more than the yearly funds."),
                )
                return False
        return valid


class LinksForm(forms.Form):
    """For each goal and measure of an action plan: the strategy goal it serves. Each choice
    carries the value the editor saw (`seen-…`), so a save changes only what they changed and
    finds what someone else changed meanwhile (strategies.editing.save_links)."""

    def __init__(self, data=None, *, goals, measures, strategy_goals, current):
        super().__init__(data)
        options = [(str(goal.pk), str(goal)) for goal in strategy_goals]
        self.rows = []
        for kind, objects, empty in (
            ("goal", goals, _("No goal of the strategy")),
            ("measure", measures, _("As its goal")),
        ):
            for obj in objects:
                key = f"{kind}-{obj.pk}"
                seen = current.get(key)
                self.fields[key] = forms.ChoiceField(
                    label=str(obj), choices=[("", empty), *options], required=False
                )
                self.fields[f"seen-{key}"] = forms.CharField(
                    required=False, widget=forms.HiddenInput
                )
                self.initial[key] = self.initial[f"seen-{key}"] = str(seen or "")
                self.rows.append((kind, obj, key))

    def changes(self):
        """[(kind, object, seen id or None, chosen id or None)] for the rows the editor changed."""
        result = []
        for kind, obj, key in self.rows:
            chosen = self.cleaned_data[key] or None
            seen = self.cleaned_data[f"seen-{key}"] or None
            if chosen != seen:
                result.append(
                    (kind, obj, int(seen) if seen else None, int(chosen) if chosen else None)
                )
        return result
