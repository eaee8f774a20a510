"""Matching a plan's free-text "Ansvar" to the council's parties.

The existing parser (measures/parties.py) splits the text into party names; each name is looked
up among the parties' names and aliases, and "Kommunane" stands for every member municipality.
The secretariat confirms the suggestions on one screen (`apply_links`); nothing is linked unseen.
"""

from dataclasses import dataclass, field

from django.db import transaction

from measures.models import Measure
from measures.parties import MUNICIPALITIES_NAME, parse_parties
from plans.editing import lock_plan
from plans.models import ChangeRecord

from .models import Party


@dataclass
class Row:
    measure: Measure
    names: list[str]
    suggested: set[int] = field(default_factory=set)
    linked: set[int] = field(default_factory=set)
    unknown: list[str] = field(default_factory=list)

    @property
    def differs(self):
        return self.suggested != self.linked


def party_index(council):
    """{lower-case name or alias: party}, and the member municipalities' parties."""
    parties = list(Party.objects.filter(council=council))
    index = {}
    for party in parties:
        for name in party.names:
            index.setdefault(name, party)
    municipalities = [p for p in parties if p.kind == Party.Kind.MUNICIPALITY]
    return parties, index, municipalities


def suggest(names, index, municipalities):
    """The parties a list of parsed names means, and the names no party goes by."""
    found, unknown = [], []
    everyone = {name.lower() for name in MUNICIPALITIES_NAME.values()}
    for name in names:
        key = name.lower()
        if key in index:
            found.append(index[key])
        elif key in everyone and municipalities:
            found.extend(municipalities)
        else:
            unknown.append(name)
    return found, unknown


def match_rows(plan):
    """One row per measure of the plan: parsed names, suggested and linked parties."""
    _, index, municipalities = party_index(plan.council)
    measures = (
        Measure.objects.filter(goal__focus_area__plan=plan)
        .select_related("goal__focus_area")
        .prefetch_related("responsible_parties")
        .order_by("goal__focus_area__order", "goal__order", "order", "id")
    )
    rows = []
    for measure in measures:
        names = parse_parties(measure.responsible, plan.council.language)
        found, unknown = suggest(names, index, municipalities)
        rows.append(
            Row(
                measure=measure,
                names=names,
                suggested={party.pk for party in found},
                linked={party.pk for party in measure.responsible_parties.all()},
                unknown=unknown,
            )
        )
    return rows


@transaction.atomic
def apply_links(plan, chosen, *, user=None, record=True):
    """Set each measure's parties to what the secretariat confirmed: {measure id: party ids}.

    Only this plan's measures and this council's parties; anything else is ignored (the form
    offers nothing else). Each changed measure gets a ChangeRecord (field "responsible
    parties", the names before and after). Returns how many measures changed.
    """
    lock_plan(plan.pk)
    names = dict(Party.objects.filter(council=plan.council).values_list("pk", "name"))
    valid_parties = set(names)
    through = Party.measures.through
    measures = Measure.objects.filter(goal__focus_area__plan=plan, pk__in=chosen)
    current = {}
    for link_id, measure_id, party_id in through.objects.filter(measure__in=measures).values_list(
        "pk", "measure_id", "party_id"
    ):
        current.setdefault(measure_id, {})[party_id] = link_id
    changed, removed, added, records = 0, [], [], []
    for measure in measures.select_related("goal__focus_area"):
        measure_id = measure.pk
        wanted = set(chosen[measure_id]) & valid_parties
        had = current.get(measure_id, {})
        if wanted == set(had):
            continue
        changed += 1
        records.append(
            party_change(measure, user, [names[p] for p in had], [names[p] for p in wanted])
        )
        removed += [link_id for party_id, link_id in had.items() if party_id not in wanted]
        added += [through(measure_id=measure_id, party_id=p) for p in wanted - set(had)]
    # A handful of queries whatever the plan's size.
    for start in range(0, len(removed), 500):
        through.objects.filter(pk__in=removed[start : start + 500]).delete()
    through.objects.bulk_create(added, batch_size=500)
    if record:
        ChangeRecord.objects.bulk_create(records, batch_size=500)
    return changed


def party_change(measure, user, before, after):
    """The (unsaved) audit record of a measure's parties changing."""
    return ChangeRecord.of(
        measure,
        ChangeRecord.Action.UPDATED,
        user,
        "responsible parties",
        ", ".join(sorted(before, key=str.lower)),
        ", ".join(sorted(after, key=str.lower)),
    )


def link_suggestions(plan):
    """Link every measure of the plan to its suggested parties: the demo's starting point,
    loaded with the plan like the rest of the demo, so not recorded as anyone's change."""
    chosen = {row.measure.pk: row.suggested for row in match_rows(plan) if row.suggested}
    return apply_links(plan, chosen, record=False)
