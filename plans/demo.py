"""Loading the demo counties and councils from fixtures/demo/*.yaml (format in
fixtures/README.md).

Loading is create-only: a county, council, plan or budget that already exists is left exactly as
it is, so a second run changes nothing and never overwrites what someone edited in the demo.
"""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from budgets.models import Budget, BudgetGroup, BudgetLine, Contribution
from measures.models import Measure, Theme
from measures.status import Status
from strategies import demo as strategies_demo

from .models import (
    Council,
    County,
    CountyMembership,
    CountyPlan,
    CountyRelation,
    FocusArea,
    Goal,
    Membership,
    Municipality,
    Plan,
    Role,
    StatusReport,
    TargetShare,
)
from .reports.services import finalise

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"

# Sent by `seed_demo` once the councils, plans and users exist, with `report` (LoadReport):
# other apps add their part of the demo (owners/signals.py: the responsible parties).
demo_loaded = Signal()


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)

    def note(self, created, label):
        (self.created if created else self.existing).append(label)


def load_demo(directory=DEMO_DIR):
    report = LoadReport()
    files = []
    for path in sorted(Path(directory).glob("*.yaml")):
        with path.open(encoding="utf-8") as f:
            files.append(yaml.safe_load(f))
    # Counties first: councils name theirs.
    for data in files:
        if "counties" in data:
            load_counties(data["counties"], report)
    for data in files:
        if "council" in data:
            load_council(data, report)
    return report


@transaction.atomic
def load_counties(specs, report):
    for spec in specs:
        county, created = County.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "short_name": spec["short_name"],
                "language": spec.get("language") or "",
            },
        )
        report.note(created, f"county {county.slug}")
        for order, plan_spec in enumerate(spec.get("plans") or [], start=1):
            CountyPlan.objects.get_or_create(
                county=county,
                title=plan_spec["title"],
                defaults={
                    "order": order,
                    "kind": plan_spec["kind"],
                    "stage": plan_spec.get("stage") or "",
                    "first_year": plan_spec.get("first_year"),
                    "last_year": plan_spec.get("last_year"),
                    "adopted_on": plan_spec.get("adopted_on"),
                    "adopted_by": plan_spec.get("adopted_by") or "",
                    "summary": plan_spec.get("summary") or "",
                },
            )


@transaction.atomic
def load_council(data, report):
    spec = data["council"]
    county = County.objects.get(slug=spec["county"]) if spec.get("county") else None
    council, created = Council.objects.get_or_create(
        slug=spec["slug"],
        defaults={
            "county": county,
            **{
                key: spec.get(key, "")
                for key in (
                    "name",
                    "short_name",
                    "language",
                    "secretariat_head_name",
                    "secretariat_head_title",
                    "legend_green",
                    "legend_yellow",
                    "legend_red",
                    "legend_not_assessed",
                )
            },
        },
    )
    report.note(created, f"council {council.slug}")
    if council.county_id is None and county is not None:
        # Filling in a blank is not overwriting: a database from before counties gets them.
        Council.objects.filter(pk=council.pk).update(county=county)
    for relation in spec.get("county_relations") or []:
        load_county_relation(council, relation)
    for m in spec.get("municipalities", []):
        Municipality.objects.get_or_create(
            council=council, number=m["number"], defaults={"name": m["name"]}
        )
    plans = {}
    for plan_spec in data.get("plans", []):
        plans[plan_spec["slug"]] = load_plan(council, plan_spec, plans, report)
    for budget_spec in data.get("budgets") or []:
        load_budget(council, budget_spec, plans, report)


def load_county_relation(council, spec):
    """Relations are history (append-only): one is added when none exists for that day."""
    county = County.objects.get(slug=spec["county"])
    if CountyRelation.objects.filter(council=council, county=county, since=spec["since"]).exists():
        return
    CountyRelation.objects.create(
        council=council,
        county=county,
        kind=spec["kind"],
        since=spec["since"],
        decision=spec.get("decision") or "",
        reason=spec.get("reason") or "",
        shares_plans=bool(spec.get("shares_plans")),
    )


def load_plan(council, spec, plans, report):
    existing = Plan.objects.filter(council=council, slug=spec["slug"]).first()
    label = f"plan {council.slug}/{spec['slug']}"
    report.note(existing is None, label)
    if existing:
        return existing
    plan = Plan.objects.create(
        council=council,
        slug=spec["slug"],
        title=spec["title"],
        kind=spec["kind"],
        first_year=spec["first_year"],
        last_year=spec["last_year"],
        adopted_on=spec.get("adopted_on"),
        adopted_by=spec.get("adopted_by") or "",
        intro=spec.get("intro") or "",
        parent=plans.get(spec.get("parent")),
        published=spec.get("published", False),
    )
    for share in spec.get("target_distribution") or []:
        TargetShare.objects.create(plan=plan, category=share["category"], percent=share["percent"])
    strategies_demo.load_financing(plan, spec.get("financing"))
    for area_order, area_spec in enumerate(spec.get("focus_areas", []), start=1):
        area = FocusArea.objects.create(
            plan=plan,
            order=area_order,
            number=area_spec.get("number"),
            title=area_spec["title"],
            description=area_spec.get("description") or "",
        )
        for goal_order, goal_spec in enumerate(area_spec.get("goals", []), start=1):
            goal = Goal.objects.create(
                focus_area=area,
                order=goal_order,
                code=goal_spec.get("code") or "",
                text=goal_spec["text"],
            )
            strategies_demo.link_goal(goal, plan, goal_spec.get("serves"))
            for measure_order, measure_spec in enumerate(goal_spec.get("measures", []), start=1):
                measure = load_measure(goal, measure_order, measure_spec)
                strategies_demo.link_measure(measure, plan, measure_spec.get("serves"))
    for report_spec in spec.get("reports") or []:
        load_report(plan, report_spec)
    return plan


def load_measure(goal, order, spec):
    measure = Measure.objects.create(
        goal=goal,
        order=order,
        code=spec.get("code") or "",
        text=spec["text"],
        due=str(spec.get("due") or ""),
        responsible=spec.get("responsible") or "",
        involvement=spec.get("involvement") or "",
        comment=spec.get("comment") or "",
    )
    for name in spec.get("themes") or []:
        theme = Theme.objects.filter(name__iexact=name).first() or Theme.objects.create(name=name)
        measure.themes.add(theme)
    status = Status(spec.get("status") or Status.NOT_ASSESSED)
    if status != Status.NOT_ASSESSED:
        # Through the history, so even demo statuses have a record of where they came from.
        measure.change_status(status)
    return measure


def load_report(plan, spec):
    date = spec.get("date")
    report = StatusReport.objects.create(
        plan=plan,
        item_number=spec["item_number"],
        title=spec["title"],
        body=spec.get("body") or "",
        meeting_date=spec.get("meeting_date"),
        background=spec.get("background") or "",
        assessment=spec.get("assessment") or "",
        proposed_resolution=spec.get("proposed_resolution") or "",
        place=spec.get("place") or "",
        date=date,
        signatory_name=spec.get("signatory_name") or "",
        signatory_title=spec.get("signatory_title") or "",
    )
    if spec.get("finalised"):
        # Frozen with the statuses the demo plan has; stamped with the report's own date.
        at = timezone.make_aware(dt.datetime.combine(date, dt.time(12))) if date else None
        finalise(report, None, at=at)


def load_budget(council, spec, plans, report):
    label = f"budget {council.slug}/{spec['year']}"
    if Budget.objects.filter(council=council, year=spec["year"]).exists():
        report.note(False, label)
        return
    report.note(True, label)
    plan = plans.get(spec.get("plan"))
    budget = Budget.objects.create(council=council, year=spec["year"], plan=plan)
    for order, c in enumerate(spec.get("contributions", []), start=1):
        Contribution.objects.create(
            budget=budget, order=order, source=c["source"], amount=c["amount"]
        )
    for group_order, group_spec in enumerate(spec.get("groups", []), start=1):
        group = BudgetGroup.objects.create(
            budget=budget,
            order=group_order,
            title=group_spec["title"],
            category=group_spec.get("category") or "",
        )
        for line_order, line in enumerate(group_spec.get("lines", []), start=1):
            BudgetLine.objects.create(
                group=group,
                order=line_order,
                title=line["title"],
                amount=line.get("amount"),
                carried_over=line.get("carried_over") or 0,
                pending_text=line.get("pending_text") or "",
                category=line.get("category") or "",
                footnote=line.get("footnote") or "",
                **resolve_link(plan, line.get("link")),
            )


def resolve_link(plan, link):
    """{focus_area: N} / {goal: code} / {measure: code} / {measure_heading: first line of its
    text} within the budget's plan."""
    if not link:
        return {}
    if plan is None:
        raise ValueError(f"Budget line link {link} needs the budget's plan.")
    ((kind, key),) = link.items()
    if kind == "measure_heading":
        measures = Measure.objects.filter(goal__focus_area__plan=plan)
        return {"measure": measures.get(Q(text=key) | Q(text__startswith=key + "\n"))}
    lookups = {
        "focus_area": (FocusArea.objects.filter(plan=plan), "number"),
        "goal": (Goal.objects.filter(focus_area__plan=plan), "code"),
        "measure": (Measure.objects.filter(goal__focus_area__plan=plan), "code"),
    }
    queryset, field_name = lookups[kind]
    return {kind: queryset.get(**{field_name: key})}


@dataclass
class DemoUser:
    username: str
    role: str
    council: str | None
    created: bool


def create_demo_users(password):
    User = get_user_model()
    users = []
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        admin.set_password(password)
        admin.save()
    users.append(DemoUser("admin", "superuser", None, created))
    for council in Council.objects.order_by("slug"):
        for suffix, role in (("sekretariat", Role.SECRETARIAT), ("politikar", Role.READER)):
            user, created = User.objects.get_or_create(username=f"{council.slug}-{suffix}")
            if created:
                user.set_password(password)
                user.save()
            Membership.objects.get_or_create(user=user, council=council, defaults={"role": role})
            users.append(DemoUser(user.username, role.value, council.slug, created))
    # A reader on the staff of each county that has a relation with a council.
    for county in (
        County.objects.filter(council_relations__isnull=False).distinct().order_by("slug")
    ):
        user, created = User.objects.get_or_create(username=f"{county.slug}-fylke")
        if created:
            user.set_password(password)
            user.save()
        CountyMembership.objects.get_or_create(user=user, county=county)
        users.append(DemoUser(user.username, "county reader", county.slug, created))
    return users
