"""Server time of a strategy page rolling up large action plans, against the framework's floor.

Builds a fresh database (SQLite in a temporary directory, or DATABASE_URL) with the demo data and
four more published action plans of 1,000 measures each under Lillehammer-regionen's Strategisk
handlingsplan 2021-25, every goal serving one of its three strategy goals. Then times, in-process
through Django's full stack, the strategy page, the 2026 budget page (which asks which strategy
is in force) and the secretariat's page naming the strategy goals of a 1,000-measure plan.

    python bench/strategy_page.py [--rounds 20]
"""

import argparse
import sys
import tempfile

from plan_page import median_ms, report, setup_django

PLANS = 4
MEASURES = 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        setup_django(workdir)
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.test import Client

        from plans.models import Goal, Plan
        from plans.synthetic import build_synthetic_plan
        from strategies.models import GoalLink

        strategy = Plan.objects.get(slug="strategisk-handlingsplan-2021-2025")
        strategy_goals = list(Goal.objects.filter(focus_area__plan=strategy))
        for number in range(PLANS):
            plan = build_synthetic_plan(strategy.council, slug=f"benk-{number}", measures=MEASURES)
            Plan.objects.filter(pk=plan.pk).update(parent=strategy)
            GoalLink.objects.bulk_create(
                GoalLink(goal=goal, serves=strategy_goals[i % len(strategy_goals)])
                for i, goal in enumerate(Goal.objects.filter(focus_area__plan=plan))
            )
        anonymous, secretariat = Client(), Client()
        secretariat.force_login(
            get_user_model().objects.get(username="lillehammer-regionen-sekretariat")
        )

        def get(url):
            return anonymous.get(url).status_code

        def get_signed_in(url):
            return secretariat.get(url).status_code

        pages = [
            ("trivial view (/healthz/)", get, "/healthz/"),
            (
                f"strategy page ({PLANS + 1} plans, {PLANS * MEASURES + 28} measures)",
                get,
                "/lillehammer-regionen/strategisk-handlingsplan-2021-2025/strategi/",
            ),
            (
                "budget 2026 (strategy in force?)",
                get_signed_in,
                "/lillehammer-regionen/budsjett/2026/",
            ),
            (
                f"strategy goals of a {MEASURES}-measure plan",
                get_signed_in,
                "/lillehammer-regionen/benk-0/strategimal/",
            ),
        ]
        report(
            f"In-process, median of {args.rounds} requests ({connection.vendor}):",
            [(label, median_ms(getter, url, args.rounds)) for label, getter, url in pages],
        )


if __name__ == "__main__":
    sys.exit(main())
