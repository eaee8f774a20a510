"""Saving a strategy's financing: one transaction that takes the strategy's row first (as every
plan write does) and then compares the financing's version, so a second editor never silently
overwrites the first (the same rule as regionplan/lib/editing.py's save_versioned)."""

from django.db import transaction

from plans.editing import lock_plan
from plans.models import ChangeRecord, Goal, TargetShare
from regionplan.lib.editing import EditConflict
from regionplan.lib.transactions import retry_deadlocks

from .models import Financing, FundingSource, GoalLink, MeasureLink


def describe(financing, shares):
    """The financing as one line of text, for the audit trail."""
    sources = "; ".join(f"{s.source}: {s.amount}" for s in financing.sources.all())
    estimate = " (~)" if financing.administration_estimated else ""
    targets = "; ".join(f"{s.category}: {s.percent} %" for s in shares)
    return (
        f"{sources} | administration: {financing.administration}{estimate} | {targets}"
        f" | {financing.note}"
    ).strip(" |")


@retry_deadlocks
@transaction.atomic
def save_financing(strategy, values, sources, shares, *, expected_version, user):
    """Replace the financing's fields, sources [(source, amount)] and the strategy's target
    shares [(category, percent)], if nobody saved since `expected_version`; else EditConflict
    with the financing as saved now. A financing not yet saved counts as version 1."""
    lock_plan(strategy.pk)
    financing = Financing.objects.filter(strategy=strategy).first()
    current_version = financing.version if financing else 1
    if current_version != expected_version:
        raise EditConflict(financing)
    old_shares = list(TargetShare.objects.filter(plan=strategy))
    before = describe(financing, old_shares) if financing else ""
    if financing is None:
        financing = Financing(strategy=strategy)
    for name, value in values.items():
        setattr(financing, name, value)
    financing.version = current_version + 1
    financing.save()
    financing.sources.all().delete()
    FundingSource.objects.bulk_create(
        FundingSource(financing=financing, order=order, source=source, amount=amount)
        for order, (source, amount) in enumerate(sources, start=1)
    )
    TargetShare.objects.filter(plan=strategy).delete()
    new_shares = TargetShare.objects.bulk_create(
        TargetShare(plan=strategy, category=category, percent=percent)
        for category, percent in shares
    )
    after = describe(financing, new_shares)
    if after != before:
        ChangeRecord(
            plan_id=strategy.pk,
            subject_type="financing",
            subject_id=financing.pk,
            subject_label=str(strategy)[:200],
            action=ChangeRecord.Action.UPDATED if before else ChangeRecord.Action.CREATED,
            field="financing",
            old_value=before,
            new_value=after,
            changed_by=user,
        ).save()
    return financing


class LinksConflict(Exception):
    """Someone changed some of the same links meanwhile: {key: saved id or None}."""

    def __init__(self, saved):
        super().__init__("Changed by someone else since it was opened.")
        self.saved = saved


def current_links(plan):
    """{"goal-<pk>" / "measure-<pk>": id of the strategy goal it serves} for the plan."""
    links = {
        f"goal-{goal_id}": serves_id
        for goal_id, serves_id in GoalLink.objects.filter(goal__focus_area__plan=plan).values_list(
            "goal_id", "serves_id"
        )
    }
    links.update(
        (f"measure-{measure_id}", serves_id)
        for measure_id, serves_id in MeasureLink.objects.filter(
            measure__goal__focus_area__plan=plan
        ).values_list("measure_id", "serves_id")
    )
    return links


@retry_deadlocks
@transaction.atomic
def save_links(plan, changes, *, user):
    """Apply [(kind, object, seen id, chosen id)] if every link is still as its editor saw it;
    else LinksConflict and nothing written. Each change is recorded in the plan's audit trail."""
    lock_plan(plan.pk)
    current = current_links(plan)
    conflicts = {
        f"{kind}-{obj.pk}": current.get(f"{kind}-{obj.pk}")
        for kind, obj, seen, _chosen in changes
        if current.get(f"{kind}-{obj.pk}") != seen
    }
    if conflicts:
        raise LinksConflict(conflicts)
    strategy_goals = {g.pk: g for g in Goal.objects.filter(focus_area__plan_id=plan.parent_id)}
    records = []
    for kind, obj, seen, chosen in changes:
        if chosen is not None and chosen not in strategy_goals:
            raise ValueError("Not a goal of the strategy the plan follows.")
        model, field = (GoalLink, "goal") if kind == "goal" else (MeasureLink, "measure")
        model.objects.filter(**{field: obj}).delete()
        if chosen is not None:
            model.objects.create(**{field: obj, "serves": strategy_goals[chosen]})
        old = str(strategy_goals.get(seen, "")) if seen else ""
        new = str(strategy_goals[chosen]) if chosen else ""
        records.append(ChangeRecord.of(obj, ChangeRecord.Action.UPDATED, user, "serves", old, new))
    ChangeRecord.objects.bulk_create(records)
