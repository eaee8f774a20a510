"""The demo's strategy parts (fixtures/README.md): a strategy's `financing`, and the `serves`
of an action plan's goal or measure (the text of the strategy goal it serves). Called by the
demo loader (plans/demo.py) as it creates each plan, goal and measure."""

from plans.models import Goal

from .models import Financing, FundingSource, GoalLink, MeasureLink


def load_financing(strategy, spec):
    if not spec:
        return
    financing = Financing.objects.create(
        strategy=strategy,
        administration=spec.get("administration") or 0,
        administration_estimated=bool(spec.get("administration_estimated")),
        note=spec.get("note") or "",
    )
    for order, source in enumerate(spec.get("sources") or [], start=1):
        FundingSource.objects.create(
            financing=financing, order=order, source=source["source"], amount=source["amount"]
        )


def strategy_goal(plan, text):
    """The goal of the strategy `plan` follows whose text is `text`."""
    if plan.parent_id is None:
        raise ValueError(f"{plan} serves {text!r} but follows no strategy.")
    return Goal.objects.get(focus_area__plan_id=plan.parent_id, text=text)


def link_goal(goal, plan, serves):
    if serves:
        GoalLink.objects.create(goal=goal, serves=strategy_goal(plan, serves))


def link_measure(measure, plan, serves):
    if serves:
        MeasureLink.objects.create(measure=measure, serves=strategy_goal(plan, serves))
