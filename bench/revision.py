"""Time a revision's heavy steps on a large plan: the draft, the changes document (HTML and
PDF) and adoption, which writes the whole next version.

Builds a fresh database (SQLite in a temporary directory, or DATABASE_URL) with the demo data and
a synthetic plan of --measures measures, proposes an adjustment for every tenth measure and takes
out every twentieth, then prints the time of each step in ms. Targets: the draft page's data
under 1 s, adoption of a 1,000-measure plan under 10 s (it is done once a term).

    python bench/revision.py [--measures 1000]
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def timed(label, work):
    start = time.perf_counter()
    result = work()
    print(f"{label:<44} {(time.perf_counter() - start) * 1000:8.0f} ms")
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--measures", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        from plan_page import setup_django

        setup_django(workdir)
        from django.contrib.auth import get_user_model
        from django.template.loader import render_to_string

        from measures.models import Measure
        from plans.models import Council
        from plans.synthetic import build_synthetic_plan
        from revisions import services
        from revisions.document import changes_document, changes_pdf
        from revisions.draft import build_draft
        from revisions.models import Proposal

        council = Council.objects.get(slug="hallingdal")
        user = get_user_model().objects.get(username="hallingdal-sekretariat")
        plan = build_synthetic_plan(council, slug="stor", measures=args.measures)
        revision, _ = services.start_revision(plan, user=user)
        measures = Measure.objects.filter(goal__focus_area__plan=plan).order_by("pk")
        proposals = []
        for index, measure_id in enumerate(measures.values_list("pk", flat=True)):
            if index % 20 == 0:
                kind, text = "remove", ""
            elif index % 10 == 5:
                kind, text = "adjust", f"Ny tekst for tiltak {index} med nokre fleire ord"
            else:
                continue
            proposals.append(
                Proposal(
                    revision=revision,
                    kind=kind,
                    level="measure",
                    measure_id=measure_id,
                    text=text,
                    reason="Grunngjeving.",
                    source="secretariat",
                )
            )
        Proposal.objects.bulk_create(proposals)
        revision.refresh_from_db()
        print(f"{args.measures} measures, {len(proposals)} proposals")
        timed("draft (build_draft)", lambda: build_draft(revision))
        context = {"revision": revision, "plan": plan, "council": council}
        timed(
            "changes document, HTML body",
            lambda: render_to_string(
                "revisions/changes_body.html", {**context, **changes_document(revision)}
            ),
        )
        pdf = timed("changes document, PDF", lambda: changes_pdf(revision))
        print(f"{'  PDF size':<44} {len(pdf) / 1024:8.0f} KiB")
        timed(
            "adoption (writes the next version)",
            lambda: services.adopt(
                revision,
                title=plan.title,
                adopted_on=None,
                adopted_by="Bench",
                case_number="1/26",
                expected_version=revision.version,
                user=user,
            ),
        )


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
