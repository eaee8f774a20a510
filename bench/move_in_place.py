"""Server time of moving a measure: in place with htmx against the old full reload.

Issue 15: each ↑/↓ was a POST, a redirect and the whole plan page again (about 1.5 s each in
the browser). With htmx the POST answers with the plan's measures to swap in place. This times,
in-process through Django's full stack, the Hallingdal plan (69 measures) and a synthetic
1,000-measure plan:

- the htmx move (one request: move, then the measures redrawn);
- the move without JavaScript (POST, redirect, then the GET of the full page it leads to).

Prints medians in ms. Target: the htmx move no slower than the reload it replaces.

    python bench/move_in_place.py [--rounds 30]
"""

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plan_page import median_ms, setup_django  # noqa: E402  (bench/ is the script's directory)


def move_timings(client, measure, rounds):
    url = f"/{measure.goal.focus_area.plan.council.slug}/{measure.goal.focus_area.plan.slug}/"
    move_url = f"{url}tiltak/{measure.pk}/flytt/"
    directions = iter(["down", "up"] * (rounds + 10))

    def htmx_move(target):
        response = client.post(
            target,
            {"direction": next(directions)},
            headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{url}"},
        )
        return response.status_code

    def reload_move(target):
        response = client.post(target, {"direction": next(directions)})
        assert response.status_code == 302
        return client.get(response["Location"]).status_code

    return [
        ("move with htmx (its goal's table redrawn)", median_ms(htmx_move, move_url, rounds)),
        ("move without JavaScript (redirect + page)", median_ms(reload_move, move_url, rounds)),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        setup_django(workdir)
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.test import Client

        from measures.models import Measure
        from plans.models import Council
        from plans.synthetic import build_synthetic_plan

        large = build_synthetic_plan(
            Council.objects.get(slug="hallingdal"), slug="syntetisk-1000", measures=1000
        )
        client = Client()
        client.force_login(get_user_model().objects.get(username="hallingdal-sekretariat"))
        plans = [
            (
                "Hallingdal plan (69 measures)",
                Measure.objects.get(code="1.1.1", goal__focus_area__plan__slug="regionplan"),
            ),
            (
                "1,000-measure plan",
                Measure.objects.filter(goal__focus_area__plan=large).order_by("pk").first(),
            ),
        ]
        print(f"Moving a measure, in-process, median of {args.rounds} ({connection.vendor}):")
        for title, measure in plans:
            for label, ms in move_timings(client, measure, args.rounds):
                print(f"  {title + ', ' + label:<78} {ms:8.2f} ms")


if __name__ == "__main__":
    main()
