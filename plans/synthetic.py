"""Synthetic plans of any size, for query-count tests and benchmarks."""

from django.db import transaction

from measures.models import Measure
from measures.parties import encode_parties
from measures.status import Status

from .models import FocusArea, Goal, Plan

PARTIES = ["Regionråd", "Næringshage", "Kommunane", "IKT Hallingdal"]
STATUSES = [Status.GREEN, Status.YELLOW, Status.RED, Status.NOT_ASSESSED]


@transaction.atomic
def build_synthetic_plan(council, *, slug, measures, areas=6, goals_per_area=5):
    """A published plan with `measures` measures spread over areas and goals."""
    plan = Plan.objects.create(
        council=council,
        slug=slug,
        title=f"Syntetisk plan med {measures} tiltak",
        kind="handlingsplan",
        first_year=2025,
        last_year=2028,
        published=True,
        intro="Ein generert plan for ytingstestar.",
    )
    goals = []
    for a in range(1, areas + 1):
        area = FocusArea.objects.create(
            plan=plan, number=a, order=a, title=f"Satsingsområde {a}", description="Omtale."
        )
        for g in range(1, goals_per_area + 1):
            goals.append(
                Goal(focus_area=area, order=g, code=f"{a}.{g}", text=f"Mål {a}.{g} for regionen")
            )
    goals = Goal.objects.bulk_create(goals)
    rows = []
    for i in range(measures):
        goal = goals[i % len(goals)]
        year = 2025 + i % 4
        party = PARTIES[i % len(PARTIES)]
        rows.append(
            Measure(
                goal=goal,
                order=i,
                code=f"{goal.code}.{i // len(goals) + 1}",
                text=f"Tiltak {i} om kollektivtilbod, næringsareal og kompetanse i regionen.\n\n"
                f"- første punkt\n- andre punkt",
                due=str(year),
                due_first_year=year,
                due_last_year=year,
                responsible=party,
                parties=encode_parties([party]),
                comment="Kommentar til tiltaket." if i % 3 == 0 else "",
                status=STATUSES[i % len(STATUSES)],
            )
        )
    Measure.objects.bulk_create(rows, batch_size=500)
    return plan
