from django import forms
from django.utils.translation import gettext_lazy as _

from plans.edit_forms import VersionedForm

from .amounts import format_kroner, parse_amount
from .models import BudgetLine, Contribution


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


class BudgetLineForm(VersionedForm):
    amount = AmountField(label=_("new amount (NOK)"), required=False)
    carried_over = AmountField(label=_("carried over from last year (NOK)"), required=False)

    class Meta:
        model = BudgetLine
        fields = ["title", "amount", "carried_over", "pending_text", "category", "footnote"]
        widgets = {"footnote": forms.Textarea(attrs={"rows": 2})}

    def clean_carried_over(self):
        return self.cleaned_data["carried_over"] or 0

    def clean(self):
        data = super().clean()
        if data.get("amount") is None and not data.get("pending_text") and not self.errors:
            self.add_error(
                "amount", _("Give an amount, or say in “pending” why there is none yet.")
            )
        return data


class ContributionForm(VersionedForm):
    amount = AmountField(label=_("amount (NOK)"))

    class Meta:
        model = Contribution
        fields = ["source", "amount"]
