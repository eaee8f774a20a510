import datetime
import re
from email.utils import parseaddr

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from measures.status import Status
from plans.models import FocusArea
from regionplan.lib.forms import VersionedForm

from .models import Party

PROPOSABLE = [
    ("", _("No answer")),
    *[(s.value, s.label) for s in (Status.GREEN, Status.YELLOW, Status.RED)],
]


def parse_contacts(text):
    """[(name, e-mail)] from lines "Kari Nordmann <kari@gol.kommune.no>"; each bad line named."""
    contacts, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        name, email = parseaddr(line)
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                _("Line %(number)d (“%(line)s”) has no valid e-mail address.")
                % {"number": number, "line": line}
            )
            continue
        contacts.append((name.strip() or email, email.lower()))
    if errors:
        raise ValidationError(errors)
    return contacts


class PartyForm(VersionedForm):
    contacts_text = forms.CharField(
        label=_("Contacts"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line: name and e-mail address, e.g. Kari Nordmann <kari@example.org>."
        ),
    )

    class Meta:
        model = Party
        fields = ["name", "kind", "municipality", "aliases"]
        widgets = {"aliases": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council
        self.instance.council = council
        self.fields["municipality"].queryset = council.municipalities.all()
        if self.instance.pk and not self.is_bound:
            self.initial["contacts_text"] = self.instance.contacts_text

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        taken = Party.objects.filter(council=self.council, name__iexact=name).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise ValidationError(_("The council already has a party with this name."))
        return name

    def clean_contacts_text(self):
        return parse_contacts(self.cleaned_data["contacts_text"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("municipality") and cleaned.get("kind") != Party.Kind.MUNICIPALITY:
            self.add_error("kind", _("A party linked to a member municipality is a municipality."))
        return cleaned


class MatchForm(forms.Form):
    """Per measure: the suggested and linked parties to tick, and one more to add."""

    # The measures the page showed: only these are changed, so a cut-off or empty post (or a
    # measure added meanwhile) never unlinks parties nobody saw.
    shown = forms.TypedMultipleChoiceField(coerce=int, widget=forms.MultipleHiddenInput)

    def __init__(self, *args, rows, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.fields["shown"].choices = [(row.measure.pk, row.measure.pk) for row in rows]
        self.initial["shown"] = [row.measure.pk for row in rows]
        names = {party.pk: party.name for party in parties}
        for row in rows:
            shown = sorted(row.suggested | row.linked, key=lambda pk: names[pk].lower())
            self.fields[f"m{row.measure.pk}"] = forms.TypedMultipleChoiceField(
                label=row.measure.heading,
                coerce=int,
                required=False,
                choices=[(pk, names[pk]) for pk in shown],
                initial=sorted(row.linked or row.suggested),
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields[f"add{row.measure.pk}"] = forms.TypedChoiceField(
                label=_("Add a party"),
                coerce=int,
                required=False,
                empty_value=None,
                choices=[("", "–"), *names.items()],
            )
            row.field = self[f"m{row.measure.pk}"]
            row.add_field = self[f"add{row.measure.pk}"]

    def chosen(self):
        result = {}
        shown = set(self.cleaned_data["shown"])
        for row in self.rows:
            if row.measure.pk not in shown:
                continue
            ids = set(self.cleaned_data[f"m{row.measure.pk}"])
            if self.cleaned_data[f"add{row.measure.pk}"]:
                ids.add(self.cleaned_data[f"add{row.measure.pk}"])
            result[row.measure.pk] = ids
        return result


class RequestForm(forms.Form):
    focus_areas = forms.ModelMultipleChoiceField(
        label=_("Focus areas"),
        queryset=FocusArea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one focus area.")},
    )
    deadline = forms.DateField(
        label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    message = forms.CharField(
        label=_("Message to the parties"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    remind_days_before = forms.IntegerField(
        label=_("Reminder, days before the deadline"),
        min_value=0,
        max_value=60,
        initial=3,
        help_text=_("0: no reminder before the deadline."),
    )
    remind_days_after = forms.IntegerField(
        label=_("Reminder, days after the deadline"), min_value=1, max_value=60, initial=1
    )
    grace_days = forms.IntegerField(
        label=_("Days the links still work after the deadline"),
        min_value=0,
        max_value=60,
        initial=7,
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_areas"].queryset = plan.focus_areas.order_by("order", "id")
        if not self.is_bound:
            self.initial["focus_areas"] = list(self.fields["focus_areas"].queryset)
            self.initial["deadline"] = timezone.localdate() + datetime.timedelta(days=14)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise ValidationError(_("The deadline cannot be in the past."))
        return deadline

    def clean_focus_areas(self):
        areas = self.cleaned_data["focus_areas"]
        linked = Party.measures.through.objects.filter(measure__goal__focus_area__in=areas)
        if not linked.exists():
            raise ValidationError(
                _("No measure in these focus areas is linked to a party yet: link them first.")
            )
        return areas

    def clean(self):
        cleaned = super().clean()
        after, grace = cleaned.get("remind_days_after"), cleaned.get("grace_days")
        if after is not None and grace is not None and after > grace:
            self.add_error(
                "remind_days_after",
                _("The reminder after the deadline must go out while the links still work."),
            )
        return cleaned


MEASURE_KEY = re.compile(r"^m-(\d+)-")


def measure_ids_in(data):
    """Every measure id a posted answer names, whatever the form offered."""
    return {int(m.group(1)) for key in data for m in [MEASURE_KEY.match(key)] if m}


class AnswerForm(forms.Form):
    """A status, a comment or "not ours" for each measure the party was asked about."""

    def __init__(self, *args, measures, legend=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.measures = measures
        legend = legend or {}
        # "Green – Finished, completed": the word and what it means, in the council's words.
        choices = [
            (value, f"{label} – {legend.get(value) or Status(value).meaning}" if value else label)
            for value, label in PROPOSABLE
        ]
        for measure in measures:
            prefix = f"m-{measure.pk}-"
            self.fields[prefix + "status"] = forms.ChoiceField(
                label=_("Proposed status"), choices=choices, required=False
            )
            # A widget class, not an instance: a field deep-copies an instance (answer.html
            # writes the controls itself anyway).
            self.fields[prefix + "comment"] = forms.CharField(
                label=_("Comment"), required=False, max_length=1000, widget=forms.Textarea
            )
            self.fields[prefix + "not_ours"] = forms.BooleanField(
                label=_("Not ours: this measure is not our responsibility"), required=False
            )
            # The answer waiting (or sent back) is shown to be kept or changed.
            latest = getattr(measure, "latest_proposal", None)
            if latest and latest.state in ("pending", "sent_back"):
                self.initial.update(
                    {
                        prefix + "status": latest.status,
                        prefix + "comment": latest.comment,
                        prefix + "not_ours": latest.not_ours,
                    }
                )
        self.status_choices = choices

    def rows(self):
        """Per measure: its prefix, the values to show and the errors. The page writes the
        controls itself: Django's widget templates, rendered three times per measure, cost
        seconds for a party with hundreds of measures (bench/owners.py)."""
        errors = self.errors if self.is_bound else {}
        for measure in self.measures:
            prefix = f"m-{measure.pk}-"
            yield {
                "measure": measure,
                "prefix": prefix,
                "status": self[prefix + "status"].value() or "",
                "comment": self[prefix + "comment"].value() or "",
                "not_ours": bool(self[prefix + "not_ours"].value()),
                "status_errors": errors.get(prefix + "status", []),
                "comment_errors": errors.get(prefix + "comment", []),
                "not_ours_errors": errors.get(prefix + "not_ours", []),
            }

    def clean(self):
        cleaned = super().clean()
        for measure in self.measures:
            prefix = f"m-{measure.pk}-"
            status, comment = cleaned.get(prefix + "status"), cleaned.get(prefix + "comment")
            not_ours = cleaned.get(prefix + "not_ours")
            if status and not_ours:
                self.add_error(
                    prefix + "not_ours",
                    _("Choose a status or “not ours”, not both."),
                )
            elif comment and not (status or not_ours):
                self.add_error(
                    prefix + "status",
                    _("Choose a status (or “not ours”) for the comment."),
                )
        if not self.errors and not self.answers():
            raise ValidationError(_("Give a status or “not ours” for at least one measure."))
        return cleaned

    def answers(self):
        result = {}
        for measure in self.measures:
            prefix = f"m-{measure.pk}-"
            status = self.cleaned_data.get(prefix + "status")
            not_ours = self.cleaned_data.get(prefix + "not_ours")
            if status or not_ours:
                result[measure.pk] = (
                    status,
                    self.cleaned_data.get(prefix + "comment", ""),
                    not_ours,
                )
        return result


class DecisionForm(forms.Form):
    ACTIONS = [
        ("accept", _("Accept")),
        ("edit", _("Edit and accept")),
        ("send_back", _("Send back")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    status = forms.ChoiceField(label=_("Status"), choices=PROPOSABLE[1:], required=False)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("Note to the party"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "send_back" and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say why it goes back: the party sees this note."))
        if cleaned.get("action") == "edit" and not cleaned.get("status"):
            self.add_error("status", _("Choose the status to accept."))
        return cleaned


class PartyFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    plan = forms.TypedChoiceField(label=_("Plan"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *Status.choices]
        self.fields["plan"].choices = [("", _("All")), *[(p.pk, p.title) for p in plans]]

    def filter(self, measures):
        if not self.is_valid():
            return measures
        if self.cleaned_data["status"]:
            measures = measures.filter(status=self.cleaned_data["status"])
        if self.cleaned_data["plan"]:
            measures = measures.filter(goal__focus_area__plan=self.cleaned_data["plan"])
        return measures
