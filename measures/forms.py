"""The forms measures are edited with; model max_length gives a clear message for long text."""

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from regionplan.lib.forms import LimitsShown, VersionedForm
from regionplan.lib.text import normalise_line, reject_hidden_controls

from .editing import set_status
from .models import Measure, Theme
from .status import STATUS_ORDER, status_badge


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


class StatusForm(LimitsShown, forms.Form):
    """Rendered by measures/status_form.html wherever a status is set."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(status.value, status.label) for status in STATUS_ORDER],
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
        help_text=_("It becomes the measure's comment in the plan, its exports and reports."),
    )
    clear_comment = forms.BooleanField(label=_("Remove the current comment"), required=False)

    @cached_property
    def shown(self):
        """What measures/status_form.html shows, as plain values worked out once per form: the
        secretariat's plan page renders the one form in every row, and Django's templates
        spend most of a long plan's time resolving bound fields and badges row by row."""
        return {
            "choices": [
                (value, status_badge(value)) for value, _label in self["status"].field.choices
            ],
            "status": self["status"].value(),
            "comment": self["comment"].value() or "",
            "clear_comment": self["clear_comment"].value(),
            "status_errors": self["status"].errors,
            "comment_errors": self["comment"].errors,
            "clear_errors": self["clear_comment"].errors,
            "comment_label": self.fields["comment"].label,
            "comment_help": self.fields["comment"].help_text,
            "clear_label": self.fields["clear_comment"].label,
            "limit": self.fields["comment"].max_length,
        }

    def clean(self):
        data = super().clean()
        if data.get("comment", "").strip() and data.get("clear_comment"):
            self.add_error(
                "clear_comment",
                _("Write a new comment or remove the current one, not both."),
            )
        return data

    def apply(self, measure, user):
        """Sets the status (and comment) the form was filled in with."""
        return measure.change_status(
            self.cleaned_data["status"],
            comment=self.cleaned_data["comment"],
            clear_comment=self.cleaned_data["clear_comment"],
            user=user,
        )

    def apply_to(self, plan, measure_id, user):
        """Sets the status on a measure of `plan` found under the lock (measures.editing)."""
        return set_status(
            plan,
            measure_id,
            self.cleaned_data["status"],
            comment=self.cleaned_data["comment"],
            clear_comment=self.cleaned_data["clear_comment"],
            user=user,
        )


class ThemesForm(LimitsShown, forms.Form):
    """The themes a measure is tagged with: chosen from the shared list, or one new name."""

    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_theme = forms.CharField(
        label=_("New theme"),
        required=False,
        max_length=60,
        validators=[reject_hidden_controls],
        help_text=_("A theme that is not in the list yet, e.g. “Kollektivtransport”."),
    )

    def clean_new_theme(self):
        return normalise_line(self.cleaned_data["new_theme"])
