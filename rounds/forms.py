"""The forms of an input round: opening it, a municipality's answer (through its link or
entered from a letter), and a municipality's address for the link."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Column, InputRound

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OpenRoundForm(forms.ModelForm):
    """The round's counts, deadline and message, and an address per member municipality."""

    class Meta:
        model = InputRound
        fields = [
            "title",
            "prioritise_count",
            "remove_count",
            "sharpen_count",
            "deadline",
            "message",
        ]
        widgets = {"deadline": DATE, "message": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities = list(municipalities)
        for name in ("prioritise_count", "remove_count", "sharpen_count"):
            self.fields[name].widget.attrs.update(min=0, max=self.fields[name].max_value or 10)
        for municipality in self.municipalities:
            self.fields[f"email_{municipality.pk}"] = forms.EmailField(
                label=municipality.name, required=False, max_length=254
            )

    @property
    def round_fields(self):
        return [self[name] for name in self.Meta.fields]

    @property
    def email_fields(self):
        return [self[f"email_{municipality.pk}"] for municipality in self.municipalities]

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("The deadline has passed. Choose today or a later day."))
        return deadline

    def clean(self):
        data = super().clean()
        counts = [data.get(name) for name in ("prioritise_count", "remove_count", "sharpen_count")]
        if all(count == 0 for count in counts):
            raise forms.ValidationError(_("Ask for at least one measure in one of the columns."))
        return data

    def counts(self):
        return {
            Column.PRIORITISE: self.cleaned_data["prioritise_count"],
            Column.REMOVE: self.cleaned_data["remove_count"],
            Column.SHARPEN: self.cleaned_data["sharpen_count"],
        }

    def emails(self):
        return {
            municipality.pk: self.cleaned_data[f"email_{municipality.pk}"]
            for municipality in self.municipalities
        }


def measure_choices(measures):
    """The select's options: the plan's measures grouped by focus area, in reading order."""
    groups = {}
    for measure in measures:
        groups.setdefault(str(measure.goal.focus_area), []).append((measure.pk, measure.heading))
    return [("", _("– no measure –")), *groups.items()]


class Slot:
    """One place in a column: a measure and the reason for it, as bound fields."""

    def __init__(self, form, column, number):
        self.column = column
        self.number = number
        self.measure = form[f"{column}_{number}_measure"]
        self.reason = form[f"{column}_{number}_reason"]


class AnswerForm(forms.Form):
    """A municipality's answer: for each column as many places as the round asks for, each a
    measure and its reason. A measure may stand in one column only; a reason without a
    measure is an error, never dropped."""

    answered_by = forms.CharField(
        label=_("Answered by"),
        max_length=200,
        required=False,
        help_text=_("Your name and role, or the body that decided, e.g. “Formannskapet”."),
    )

    def __init__(self, *args, round, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.measures = {measure.pk: measure for measure in measures}
        choices = measure_choices(measures)
        self.columns = []
        for column, count in round.counts().items():
            slots = []
            for number in range(1, count + 1):
                self.fields[f"{column}_{number}_measure"] = forms.TypedChoiceField(
                    label=_("Measure %(number)s") % {"number": number},
                    choices=choices,
                    coerce=int,
                    required=False,
                    empty_value=None,
                )
                self.fields[f"{column}_{number}_reason"] = forms.CharField(
                    label=_("Reason for measure %(number)s") % {"number": number},
                    widget=forms.Textarea(attrs={"rows": 3}),
                    max_length=2000,
                    required=False,
                )
                slots.append(Slot(self, column, number))
            if slots:
                self.columns.append((column, count, slots))

    def clean(self):
        data = super().clean()
        seen = {}
        picked = 0
        for column, _count, slots in self.columns:
            for slot in slots:
                measure_name, reason_name = slot.measure.name, slot.reason.name
                measure_id, reason = data.get(measure_name), data.get(reason_name, "")
                if measure_name in self.errors or reason_name in self.errors:
                    continue
                if measure_id is None:
                    if reason:
                        self.add_error(
                            measure_name,
                            _("Choose the measure this reason is about, or empty the reason."),
                        )
                    continue
                if not reason:
                    self.add_error(reason_name, _("Give a reason for this measure."))
                picked += 1
                if measure_id in seen:
                    self.add_error(
                        measure_name,
                        _(
                            "“%(measure)s” is chosen already under “%(column)s”. A measure can "
                            "stand in one column only."
                        )
                        % {
                            "measure": self.measures[measure_id].heading,
                            "column": Column(seen[measure_id]).label,
                        },
                    )
                seen.setdefault(measure_id, column)
        if not picked and not self.errors:
            raise forms.ValidationError(_("Choose at least one measure, with a reason."))
        return data

    def picks(self):
        """[(Column, Measure, reason)] in column and place order."""
        found = []
        for column, _count, slots in self.columns:
            for slot in slots:
                measure_id = self.cleaned_data.get(slot.measure.name)
                if measure_id is not None:
                    found.append(
                        (
                            Column(column),
                            self.measures[measure_id],
                            self.cleaned_data[slot.reason.name],
                        )
                    )
        return found


class LetterAnswerForm(AnswerForm):
    """An answer that came by letter, entered by the secretariat and marked as such."""

    received_on = forms.DateField(label=_("Letter received on"), widget=DATE)

    field_order = ["received_on", "answered_by"]

    def clean_received_on(self):
        received = self.cleaned_data["received_on"]
        if received > timezone.localdate():
            raise forms.ValidationError(_("The day the letter came cannot be in the future."))
        return received


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("E-mail for the invitation"), required=False, max_length=254)
