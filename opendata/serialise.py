"""The API's data: plain dicts with the shapes `openapi.yaml` documents.

Statuses and kinds are codes ("green", "handlingsplan"), not words, so the data reads the same
in every language. No internal notes, and nobody's name: a status change says when, not who.
"""

from django.urls import reverse

from measures.status import STATUS_ORDER


class Links:
    """Absolute URLs for one request's host."""

    def __init__(self, request):
        self.base = request.build_absolute_uri("/").rstrip("/")

    def __call__(self, name, *args, query=""):
        return self.base + reverse(name, args=args) + (f"?{query}" if query else "")


def licence_data(council):
    info = council.licence_info
    return {"id": council.licence, "name": info.short_name, "uri": info.uri}


def county_data(county, links, councils):
    return {
        "slug": county.slug,
        "name": county.name,
        "short_name": county.short_name,
        "url": links("counties:county", county.slug),
        "councils": [
            {"slug": council.slug, "api_url": links("opendata:council", council.slug)}
            for council in councils
        ],
    }


def relation_data(relation):
    if relation is None:
        return None
    return {
        "kind": relation.kind,
        "since": relation.since.isoformat() if relation.since else None,
        "decision": relation.decision,
        "reason": relation.reason,
    }


def council_summary(council, links):
    return {
        "slug": council.slug,
        "name": council.name,
        "short_name": council.short_name,
        "language": council.language,
        "county": (
            {"slug": council.county.slug, "name": council.county.name} if council.county else None
        ),
        "licence": licence_data(council),
        "url": links("plans:council", council.slug),
        "api_url": links("opendata:council", council.slug),
        "feed_url": links("opendata:council_feed", council.slug),
    }


def council_data(council, links, relation, plans):
    return {
        **council_summary(council, links),
        "county_relation": relation_data(relation),
        "municipalities": [
            {"name": municipality.name, "number": municipality.number}
            for municipality in council.municipalities.all()
        ],
        "plans": [plan_summary(plan, links) for plan in plans],
    }


def status_counts(summary):
    counts = {status.value: summary.counts.get(status, 0) for status in STATUS_ORDER}
    counts["total"] = summary.total
    return counts


def plan_links(plan, links):
    council, slug = plan.council.slug, plan.slug
    return {
        "html": links("plans:plan", council, slug),
        "api": links("opendata:plan", council, slug),
        "measures": links("opendata:plan_measures", council, slug),
        "status_history": links("opendata:plan_status_history", council, slug),
        "feed": links("opendata:plan_feed", council, slug),
        **{
            fmt: links("plans:plan_export", council, slug, fmt)
            for fmt in ("json", "csv", "xlsx", "pdf")
        },
    }


def plan_summary(plan, links):
    return {
        "council": plan.council.slug,
        "slug": plan.slug,
        "title": plan.title,
        "kind": plan.kind,
        "first_year": plan.first_year,
        "last_year": plan.last_year,
        "api_url": links("opendata:plan", plan.council.slug, plan.slug),
    }


def plan_data(plan, links, summary, follows):
    """`follows` is the plan this one follows, only when that one is public too."""
    return {
        **plan_summary(plan, links),
        "council_name": plan.council.name,
        "adopted_on": plan.adopted_on.isoformat() if plan.adopted_on else None,
        "adopted_by": plan.adopted_by,
        "intro": plan.intro,
        "follows": plan_summary(follows, links) if follows else None,
        "version": {
            "number": plan.version_number,
            "adopted_case": plan.adoption_case,
            "superseded": plan.superseded_by_id is not None,
        },
        "updated_at": plan.updated_at.isoformat(),
        "status_counts": status_counts(summary),
        "licence": licence_data(plan.council),
        "links": plan_links(plan, links),
    }


def measure_data(measure, links, plan):
    goal = measure.goal
    area = goal.focus_area
    return {
        "id": measure.pk,
        "code": measure.code,
        "text": measure.text,
        "focus_area": {"number": area.number, "title": area.title},
        "goal": {"code": goal.code, "text": goal.text},
        "due": {
            "text": measure.due,
            "first_year": measure.due_first_year,
            "last_year": measure.due_last_year,
        },
        "responsible": measure.responsible,
        "predecessor_id": measure.predecessor_id,
        "involvement": measure.involvement,
        "comment": measure.comment,
        "status": measure.status,
        "themes": [{"slug": theme.slug, "name": theme.name} for theme in measure.themes.all()],
        "updated_at": measure.updated_at.isoformat(),
        "url": links("measures:detail", plan.council.slug, plan.slug, measure.pk),
    }


def status_change_data(change, measure_id, codes):
    """`measure_id`: the plan's measure the change belongs to, which may be the same measure
    in an earlier version (`recorded_in_version` says which); `codes`: {id: code}."""
    return {
        "id": change.pk,
        "measure": {"id": measure_id, "code": codes[measure_id]},
        "recorded_in_version": change.measure.goal.focus_area.plan.version_number,
        "from": change.from_status,
        "to": change.to_status,
        "comment": change.comment,
        "changed_at": change.changed_at.isoformat(),
    }
