"""The plan page's filters, and the forms the secretariat edits focus areas and goals with."""

import hashlib

from django import forms
from django.utils.translation import gettext_lazy as _

from measures.models import Measure
from measures.parties import decode_parties
from measures.search import search_measures
from measures.status import STATUS_ORDER
from regionplan.lib.forms import FormattedFieldsMixin, LimitsShown, VersionedForm
from regionplan.lib.text import normalise_text

from .models import FocusArea, Goal, Plan


class GoalForm(VersionedForm):
    class Meta:
        model = Goal
        fields = ["code", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


def intro_digest(text):
    """Identifies a plan's description as an editor saw it (a plan has no version of its own:
    its revision moves with every status change)."""
    return hashlib.sha256(normalise_text(text).encode()).hexdigest()[:32]


class PlanIntroForm(FormattedFieldsMixin, LimitsShown, forms.ModelForm):
    """The plan's description ("About the plan"), formatted, with what the editor started from."""

    formatted_fields = ["intro"]
    was = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Plan
        fields = ["intro"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("was", intro_digest(self.instance.intro))

    def based_on(self, current):
        """After a conflict: the editor's text again, now based on what is saved."""
        form = PlanIntroForm(self.data.copy(), instance=current)
        form.data["was"] = intro_digest(current.intro)
        return form


class FocusAreaForm(FormattedFieldsMixin, VersionedForm):
    formatted_fields = ["description"]

    class Meta:
        model = FocusArea
        fields = ["number", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}


class PlanFacets:
    """What the filters can offer for one plan: its parties and due years, from one query."""

    def __init__(self, plan):
        rows = Measure.objects.filter(goal__focus_area__plan=plan).values_list(
            "parties", "due_first_year", "due_last_year"
        )
        counts = {}
        years = set(range(plan.first_year, plan.last_year + 1))
        for parties, first, last in rows:
            for party in decode_parties(parties):
                counts[party] = counts.get(party, 0) + 1
            if first and last:
                years.update(range(first, last + 1))
        # Most frequent first: "Regionråd" before a party named once.
        self.parties = sorted(counts, key=lambda p: (-counts[p], p.lower()))
        self.years = sorted(years)


class PlanFilterForm(forms.Form):
    """A GET form whose values live in the URL, so a filtered plan can be shared as a link."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.MultipleChoiceField(
        label=_("Status"),
        required=False,
        choices=[(s.value, s.label) for s in STATUS_ORDER],
        widget=forms.CheckboxSelectMultiple,
    )
    area = forms.TypedChoiceField(label=_("Focus area"), required=False, coerce=int)
    party = forms.ChoiceField(label=_("Responsible"), required=False)
    year = forms.TypedChoiceField(label=_("Due year"), required=False, coerce=int)

    def __init__(self, data, *, focus_areas, facets):
        super().__init__(data)
        everything = [("", _("All"))]
        self.fields["area"].choices = everything + [(a.pk, str(a)) for a in focus_areas]
        self.fields["party"].choices = everything + [(p, p) for p in facets.parties]
        self.fields["year"].choices = everything + [(y, y) for y in facets.years]

    @property
    def active(self):
        return self.is_bound and self.is_valid() and any(self.cleaned_data.values())

    def filter(self, measures):
        """The measures that pass every filter; all of them while the form is invalid."""
        if not self.is_bound or not self.is_valid():
            return measures
        data = self.cleaned_data
        if data["status"]:
            measures = measures.filter(status__in=data["status"])
        if data["area"]:
            measures = measures.filter(goal__focus_area=data["area"])
        if data["party"]:
            measures = measures.filter(parties__contains=f"|{data['party']}|")
        if data["year"]:
            measures = measures.filter(
                due_first_year__lte=data["year"], due_last_year__gte=data["year"]
            )
        return search_measures(measures, data["q"])
