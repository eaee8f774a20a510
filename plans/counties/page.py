"""What the county pages show, each part from a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from measures.models import Measure, Theme
from measures.summary import StatusSummary

from ..models import Council, CountyRelation, Plan


@dataclass
class CouncilView:
    """A council as the county sees it: the relation in force, the others, its plans."""

    council: Council
    relation: CountyRelation | None
    other_relations: list
    plans: list


@dataclass
class ThemeGroup:
    """One theme across the county's councils: how many measures, by status and by council,
    and the first few of them."""

    theme: Theme
    count: int = 0
    summary: StatusSummary = field(default_factory=StatusSummary)
    council_counts: dict = field(default_factory=dict)
    first_measures: list = field(default_factory=list)

    @property
    def councils(self):
        """[(council, number of measures)] by council name."""
        return sorted(self.council_counts.values(), key=lambda entry: entry[0].name)


def relation_history(relations):
    """The relations in force one after another, oldest first. Of several recorded for the same
    day the last recorded counts (it corrects the others); no day counts as earliest."""
    by_day = {}
    for relation in sorted(relations, key=lambda r: (r.since or dt.date.min, r.pk)):
        by_day[relation.since] = relation
    return list(by_day.values())


def county_councils(county):
    return list(county.councils.prefetch_related("municipalities").order_by("name"))


def visible_plans(user, councils):
    """The councils' plans this person may read (Plan.objects.visible_to)."""
    return Plan.objects.visible_to(user).filter(council__in=councils)


def council_views(county, councils, user):
    """Each council with the county's relation to it and its plans with their status."""
    current = {
        relation.council_id: relation
        for relation in CountyRelation.objects.current().filter(county=county, council__in=councils)
    }
    recorded = {}
    for relation in CountyRelation.objects.filter(county=county, council__in=councils):
        recorded.setdefault(relation.council_id, []).append(relation)
    plans = list(
        visible_plans(user, councils)
        .select_related("council")
        .order_by("-last_year", "-first_year", "title")
    )
    summaries = StatusSummary.for_plans(plans)
    plans_by_council = {}
    for plan in plans:
        plan.summary = summaries[plan.pk]
        plans_by_council.setdefault(plan.council_id, []).append(plan)
    views = []
    for council in councils:
        relation = current.get(council.pk)
        history = relation_history(recorded.get(council.pk, []))
        views.append(
            CouncilView(
                council=council,
                relation=relation,
                other_relations=[r for r in history if relation is None or r.pk != relation.pk],
                plans=plans_by_council.get(council.pk, []),
            )
        )
    return views


def county_measures(user, councils):
    """Every measure in the plans of the councils this person may read."""
    return Measure.objects.filter(goal__focus_area__plan__in=visible_plans(user, councils))


MEASURE_ORDER = (
    "goal__focus_area__plan__council__name",
    "-goal__focus_area__plan__last_year",
    "goal__focus_area__plan__title",
    "goal__focus_area__order",
    "goal__order",
    "order",
    "id",
)
# The same order as expressions, for a window.
MEASURE_SORT = [
    F(name[1:]).desc() if name.startswith("-") else F(name).asc() for name in MEASURE_ORDER
]


def theme_groups(user, councils, shown=5):
    """The themes the councils' measures are tagged with: each with its counts and its first
    `shown` measures. Three queries however many measures are tagged."""
    measures = county_measures(user, councils).annotate(theme_id=F("themes"))
    tagged = measures.filter(theme_id__isnull=False)
    by_id = {council.pk: council for council in councils}
    groups = {}
    rows = tagged.values("theme_id", "goal__focus_area__plan__council", "status")
    for row in rows.annotate(n=Count("id")).order_by():
        group = groups.setdefault(row["theme_id"], ThemeGroup(theme=None))
        group.count += row["n"]
        group.summary.counts[row["status"]] += row["n"]
        council = by_id[row["goal__focus_area__plan__council"]]
        _council, count = group.council_counts.get(council.pk, (council, 0))
        group.council_counts[council.pk] = (council, count + row["n"])
    for theme in Theme.objects.filter(pk__in=groups):
        groups[theme.pk].theme = theme
    first = (
        tagged.annotate(
            place=Window(RowNumber(), partition_by=F("theme_id"), order_by=MEASURE_SORT)
        )
        .filter(place__lte=shown)
        .select_related("goal__focus_area__plan__council")
        .order_by("theme_id", "place")
    )
    for measure in first:
        groups[measure.theme_id].first_measures.append(measure)
    return sorted(groups.values(), key=lambda group: group.theme.name.lower())
