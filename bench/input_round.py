"""Input round timings: Hallingdal's six municipalities each answering in full (3 + 3 + 3
measures with reasons), then the results page, `results_for_round` and the PDF appendix, with
the agenda item's PDF beside it for scale (a shared machine's load moves both).

    python bench/input_round.py [--rounds 5]
"""

import argparse
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from exports import timed  # noqa: E402
from plan_page import median_ms, setup_django  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        setup_django(workdir)
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.utils import timezone

        from plans.models import Plan, StatusReport
        from plans.reports.services import render_report_pdf
        from plans.rows import plan_measures
        from rounds.models import Answer, Column
        from rounds.pdf import results_pdf
        from rounds.services import open_round, results_for_round, submit_answer

        plan = Plan.objects.get(council__slug="hallingdal", slug="regionplan")
        user = get_user_model().objects.get(username="hallingdal-sekretariat")
        round_ = open_round(
            plan,
            title="Bench",
            counts=dict.fromkeys(Column, 3),
            deadline=timezone.localdate(),
            message="",
            emails={},
            user=user,
            base_url="http://bench/",
        )
        measures = list(plan_measures(plan))
        chooser = random.Random(18)
        for invitation in round_.invitations.all():
            chosen = chooser.sample(measures, 9)
            picks = [
                (column, measure, f"Grunngjeving {index} " * 20)
                for index, (column, measure) in enumerate(
                    zip([c for c in Column for _ in range(3)], chosen, strict=True)
                )
            ]
            submit_answer(invitation, picks, channel=Answer.Channel.LINK)

        client = Client()
        client.force_login(user)
        url = f"/hallingdal/regionplan/innspelsrunde/{round_.pk}/resultat/"
        page = median_ms(lambda u: client.get(u).status_code, url, args.rounds)
        service = timed(lambda: results_for_round(round_, "total"), args.rounds) * 1000
        pdf = timed(lambda: results_pdf(results_for_round(round_)), args.rounds) * 1000
        report = StatusReport.objects.get(plan=plan, item_number="03-26")
        reference = timed(lambda: render_report_pdf(report), args.rounds) * 1000
        results = results_for_round(round_)
        print(
            f"Input round: {results.answered} answers, {len(results.measures)} measures chosen, "
            f"median of {args.rounds}:"
        )
        print(f"  results page            {page:8.0f} ms")
        print(f"  results_for_round       {service:8.1f} ms")
        print(f"  PDF appendix            {pdf:8.0f} ms")
        print(f"  for scale: sak 03-26 PDF {reference:7.0f} ms (the same machine, the same moment)")


if __name__ == "__main__":
    main()
