"""Forms the secretariat edits with; model max_length gives a clear message for long text."""

from django import forms
from django.utils.translation import gettext_lazy as _

from measures.models import Measure, Status

from .models import FocusArea, Goal


class VersionedForm(forms.ModelForm):
    """Carries the version the editor started from, for conflict detection."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)

    def values(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class MeasureForm(VersionedForm):
    class Meta:
        model = Measure
        fields = ["code", "text", "due", "responsible", "involvement", "comment", "internal_note"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "involvement": forms.Textarea(attrs={"rows": 2}),
            "comment": forms.Textarea(attrs={"rows": 2}),
            "internal_note": forms.Textarea(attrs={"rows": 2}),
        }


class GoalForm(VersionedForm):
    class Meta:
        model = Goal
        fields = ["code", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class FocusAreaForm(VersionedForm):
    class Meta:
        model = FocusArea
        fields = ["number", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("“%(value)s” is not a status. Choose one of the four.")
        },
    )
    comment = forms.CharField(
        label=_("Comment on the status"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
