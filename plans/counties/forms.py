"""The filter on a theme's list of measures across the county's councils."""

from django import forms
from django.utils.translation import gettext_lazy as _

from measures.status import STATUS_ORDER


class ThemeFilterForm(forms.Form):
    """A GET form: the filtered list is a link people can share."""

    status = forms.MultipleChoiceField(
        label=_("Status"),
        required=False,
        choices=[(status.value, status.label) for status in STATUS_ORDER],
        widget=forms.CheckboxSelectMultiple,
    )
    council = forms.ChoiceField(label=_("Council"), required=False)

    def __init__(self, data, *, councils):
        super().__init__(data)
        self.fields["council"].choices = [("", _("All councils"))] + [
            (council.slug, council.short_name) for council in councils
        ]

    def filter(self, measures):
        """The measures that pass; all of them while the form is invalid (it says why)."""
        if not self.is_bound or not self.is_valid():
            return measures
        if self.cleaned_data["status"]:
            measures = measures.filter(status__in=self.cleaned_data["status"])
        if self.cleaned_data["council"]:
            measures = measures.filter(
                goal__focus_area__plan__council__slug=self.cleaned_data["council"]
            )
        return measures
