"""The changes document for the assembly: every proposal grouped by focus area, old → new with
word-level differences, reasons and sources, and counts per kind. The same data makes the page
and the PDF (an agenda appendix, tagged like the agenda PDF: plans/reports/pdf.py)."""

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from regionplan.lib.pdf import html_to_pdf
from regionplan.lib.worddiff import word_diff

from .draft import revision_proposals
from .models import Proposal

Kind = Proposal.Kind


@dataclass
class FieldChange:
    label: str
    old: str
    new: str

    @property
    def segments(self):
        return word_diff(self.old, self.new)


@dataclass
class Entry:
    proposal: Proposal
    heading: str
    changes: list = field(default_factory=list)

    @property
    def kind(self):
        return self.proposal.kind


@dataclass
class Group:
    title: str
    entries: list = field(default_factory=list)


def goal_label(goal):
    return f"{goal.code} {goal.text}".strip() if goal else ""


def field_changes(proposal):
    """(label, old, new) for what the proposal changes; only the fields that differ."""
    subject = proposal.subject
    if proposal.kind == Kind.ADD:
        pairs = [(_("Code"), "", proposal.code), (_("Text"), "", proposal.text)]
        if proposal.level == Proposal.Level.MEASURE:
            pairs += [(_("Due"), "", proposal.due), (_("Responsible"), "", proposal.responsible)]
        return [FieldChange(label, old, new) for label, old, new in pairs if new]
    if proposal.kind == Kind.REMOVE:
        text = subject.title if proposal.level == Proposal.Level.FOCUS_AREA else subject.text
        return [FieldChange(_("Text"), text, "")]
    changes = []
    if proposal.kind == Kind.ADJUST:
        if proposal.level == Proposal.Level.FOCUS_AREA:
            pairs = [(_("Title"), subject.title, proposal.text)]
        else:
            pairs = [
                (_("Code"), subject.code, proposal.code),
                (_("Text"), subject.text, proposal.text),
            ]
        if proposal.level == Proposal.Level.MEASURE:
            pairs += [
                (_("Due"), subject.due, proposal.due),
                (_("Responsible"), subject.responsible, proposal.responsible),
            ]
        changes += [FieldChange(label, old, new) for label, old, new in pairs if new and new != old]
    if proposal.kind in (Kind.ADJUST, Kind.MOVE):
        if proposal.to_goal_id and proposal.to_goal_id != getattr(subject, "goal_id", None):
            changes.append(
                FieldChange(_("Goal"), goal_label(subject.goal), goal_label(proposal.to_goal))
            )
        if proposal.to_focus_area_id and proposal.to_focus_area_id != getattr(
            subject, "focus_area_id", None
        ):
            changes.append(
                FieldChange(_("Focus area"), str(subject.focus_area), str(proposal.to_focus_area))
            )
    return changes


def entry_heading(proposal):
    if proposal.kind == Kind.ADD:
        if proposal.level == Proposal.Level.MEASURE:
            return _("New measure under goal %(goal)s") % {"goal": goal_label(proposal.to_goal)}
        if proposal.level == Proposal.Level.GOAL:
            return _("New goal in %(area)s") % {"area": proposal.to_focus_area}
        return _("New focus area")
    subject = proposal.subject
    if proposal.level == Proposal.Level.MEASURE:
        return _("Measure %(heading)s") % {"heading": subject.heading}
    if proposal.level == Proposal.Level.GOAL:
        return _("Goal %(goal)s") % {"goal": goal_label(subject)}
    return _("Focus area %(area)s") % {"area": subject}


def sort_key(proposal, area_order):
    subject = proposal.measure or proposal.goal
    goal = proposal.measure.goal if proposal.measure else (proposal.goal or proposal.to_goal)
    return (
        area_order.get(getattr(proposal.home_area, "pk", None), 10**9),
        proposal.level != Proposal.Level.FOCUS_AREA,
        goal.order if goal else 0,
        proposal.level == Proposal.Level.MEASURE,
        getattr(subject, "order", 10**6),
        proposal.created_at,
        proposal.pk,
    )


def changes_document(revision):
    proposals = revision_proposals(revision)
    areas = list(revision.plan.focus_areas.order_by("order", "id"))
    area_order = {area.pk: index for index, area in enumerate(areas)}
    groups = {area.pk: Group(str(area)) for area in areas}
    new_areas = Group(_("New focus areas"))
    for proposal in sorted(proposals, key=lambda p: sort_key(p, area_order)):
        home = proposal.home_area
        group = groups[home.pk] if home else new_areas
        group.entries.append(Entry(proposal, entry_heading(proposal), field_changes(proposal)))
    counts = [
        (kind.label, sum(1 for p in proposals if p.kind == kind), kind.value) for kind in Kind
    ]
    return {
        "groups": [g for g in [*groups.values(), new_areas] if g.entries],
        "counts": counts,
        "total": len(proposals),
    }


def changes_pdf(revision):
    plan = revision.plan
    with translation.override(plan.council.language):
        html = render_to_string(
            "revisions/changes_pdf.html",
            {
                "revision": revision,
                "plan": plan,
                "council": plan.council,
                **changes_document(revision),
            },
        )
        return html_to_pdf(html)
