from django import forms

from regionplan.lib.forms import FormattedFieldsMixin, LimitsShown

from ..models import StatusReport
from .services import TEXT_FIELDS


class ReportForm(FormattedFieldsMixin, LimitsShown, forms.ModelForm):
    formatted_fields = ["background", "assessment", "proposed_resolution"]

    class Meta:
        model = StatusReport
        fields = ["item_number", "covered_areas", *TEXT_FIELDS]
        widgets = {
            "meeting_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "covered_areas": forms.CheckboxSelectMultiple,
            "background": forms.Textarea(attrs={"rows": 6}),
            "assessment": forms.Textarea(attrs={"rows": 10}),
            "proposed_resolution": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["covered_areas"].queryset = plan.focus_areas.all()
        self.instance.plan = plan
