"""The forms a revision is written with: a proposal, and the adoption."""

from django import forms
from django.utils.translation import gettext_lazy as _

from plans.models import FocusArea, Goal
from regionplan.lib.forms import VersionedForm

from .models import Proposal, Revision

Kind = Proposal.Kind
Level = Proposal.Level

# What may be proposed for what: an existing thing, or a new one (add).
KINDS_FOR_EXISTING = {
    Level.FOCUS_AREA: [Kind.KEEP, Kind.REMOVE, Kind.ADJUST],
    Level.GOAL: [Kind.KEEP, Kind.REMOVE, Kind.ADJUST, Kind.MOVE],
    Level.MEASURE: [Kind.KEEP, Kind.REMOVE, Kind.ADJUST, Kind.MOVE],
}
NEW_VALUE_FIELDS = {
    Level.FOCUS_AREA: ["text"],
    Level.GOAL: ["code", "text"],
    Level.MEASURE: ["code", "text", "due", "responsible"],
}


class ProposalForm(VersionedForm):
    """A proposal about `subject` (a focus area, goal or measure of the plan), or for a new one
    (`subject` None) at `level`, under `parent` (the focus area of a new goal, the goal of a
    new measure). Offers only the kinds and fields that make sense there."""

    class Meta:
        model = Proposal
        fields = [
            "kind",
            "code",
            "text",
            "due",
            "responsible",
            "to_goal",
            "to_focus_area",
            "reason",
            "source",
            "source_name",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 3}),
            "reason": forms.Textarea(attrs={"rows": 4}),
            "source": forms.RadioSelect,
        }

    def __init__(self, *args, plan, level, subject=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan, self.level, self.subject = plan, level, subject
        kinds = KINDS_FOR_EXISTING[level] if subject is not None else [Kind.ADD]
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds]
        if len(kinds) == 1:
            self.initial.setdefault("kind", kinds[0].value)
        self.fields["source"].choices = list(Proposal.Source.choices)
        self.fields["source_name"].help_text = _(
            "For a municipality or another body: which one, e.g. “Gol kommune”."
        )
        keep = set(NEW_VALUE_FIELDS[level])
        if subject is not None and level == Level.MEASURE:
            keep.add("to_goal")
            self.fields["to_goal"].queryset = Goal.objects.filter(focus_area__plan=plan).order_by(
                "focus_area__order", "order", "id"
            )
            self.fields["to_goal"].label = _("Under goal (to move it)")
        if subject is not None and level == Level.GOAL:
            keep.add("to_focus_area")
            self.fields["to_focus_area"].queryset = FocusArea.objects.filter(plan=plan)
            self.fields["to_focus_area"].label = _("In focus area (to move it)")
        for name in ["code", "text", "due", "responsible", "to_goal", "to_focus_area"]:
            if name not in keep:
                del self.fields[name]
        if subject is not None:
            for name in NEW_VALUE_FIELDS[level]:
                self.fields[name].help_text = _("For “adjust”: empty keeps what the plan says.")
        if "text" in self.fields and level == Level.FOCUS_AREA:
            self.fields["text"].label = _("New title")
            self.fields["text"].widget = forms.TextInput()

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        source = data.get("source")
        if source in (Proposal.Source.MUNICIPALITY, Proposal.Source.BODY) and not data.get(
            "source_name"
        ):
            self.add_error("source_name", _("Name the municipality or body the proposal is from."))
        if kind == Kind.ADD and not data.get("text"):
            self.add_error("text", _("Write the text of the new one."))
        if kind == Kind.MOVE:
            target = "to_goal" if self.level == Level.MEASURE else "to_focus_area"
            current = getattr(self.subject, f"{target[3:]}_id", None)
            chosen = data.get(target)
            if not chosen:
                self.add_error(target, _("Choose where it moves to."))
            elif chosen.pk == current:
                self.add_error(target, _("It is there already: choose another place."))
        if kind == Kind.ADJUST:
            names = [
                n
                for n in [*NEW_VALUE_FIELDS[self.level], "to_goal", "to_focus_area"]
                if n in self.fields
            ]
            if not any(data.get(n) for n in names) and not self.instance.pk:
                self.add_error(
                    None, _("Say what is to be adjusted: fill in at least one new value.")
                )
        if kind in (Kind.KEEP, Kind.REMOVE):
            # Nothing else changes with these: the new values would not be used, so say so.
            for name in [*NEW_VALUE_FIELDS[self.level], "to_goal", "to_focus_area"]:
                if name in self.fields and data.get(name):
                    self.add_error(
                        name, _("Only “adjust”, “move” and “add” take new values: empty this.")
                    )
        return data

    def values(self):
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}


class AdoptForm(VersionedForm):
    class Meta:
        model = Revision
        fields = ["title", "adopted_on", "adopted_by", "case_number"]
        widgets = {"adopted_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("adopted_on", "adopted_by", "case_number"):
            self.fields[name].required = True
        self.fields["adopted_by"].help_text = _("The body that adopted it, e.g. “Hallingtinget”.")
        self.fields["case_number"].help_text = _("The case in the minutes, e.g. “PS 12/26”.")
