"""ETags and Last-Modified of the pages and downloads about a plan or a council, known before
anything is rendered (regionplan/lib/conditional.py). A plan's `revision` and `updated_at` move
with every change to it, its measures, their history, themes and money (plans/signals.py,
budgets/signals.py), and a change to the council bumps every plan of it."""

from budgets.models import Budget
from regionplan.lib.conditional import page_etag

from .access import viewer_role
from .models import CountyRelation


def county_stamp(council):
    """Pages name the council's county and link to its pages and themes."""
    county = council.county
    return county and (county.pk, county.updated_at.isoformat())


def plan_etag(request, plan, *parts):
    """For a page or download of the plan (`parts`: what else it shows, e.g. a measure)."""
    return page_etag(
        request,
        "plan",
        plan.pk,
        plan.revision,
        plan.updated_at.isoformat(),
        plan.council.updated_at.isoformat(),
        county_stamp(plan.council),
        *parts,
        role=viewer_role(request.user, plan.council),
    )


def council_validators(request, council):
    """(ETag, Last-Modified) of the council page: the council, the plans this viewer may see
    with their revisions, the budgets they may see, the member municipalities and the county
    relation in force."""
    plans = list(council.plans.visible_to(request.user).values_list("pk", "revision", "updated_at"))
    budgets = list(
        Budget.objects.visible_to(request.user)
        .filter(council=council)
        .values_list("pk", "year", "finalised_at", "plan_id")
    )
    # Each links to its party's page (owners.Party) once it has one.
    municipalities = list(council.municipalities.values_list("pk", "name", "number", "party__slug"))
    relation = list(
        CountyRelation.objects.current()
        .filter(council=council, county=council.county_id)
        .values_list("pk", flat=True)
    )
    etag = page_etag(
        request,
        "council",
        council.pk,
        council.updated_at.isoformat(),
        county_stamp(council),
        plans,
        budgets,
        municipalities,
        relation,
        role=viewer_role(request.user, council),
    )
    moments = [council.updated_at, *(updated for _pk, _rev, updated in plans)]
    return etag, max(moments)
