"""A strategy and what hangs under it: the action plans that follow it (Plan.parent), which
strategy goal each of their goals or measures serves, and how the strategy is financed (yearly
partnership funds, where they come from, the administration share; the target distribution is
plans.TargetShare on the strategy)."""
