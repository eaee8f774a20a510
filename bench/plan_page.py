"""Server time of the plan page against the framework's floor.

Builds a fresh database (SQLite in a temporary directory, or DATABASE_URL) with the demo data and
a synthetic 1,000-measure plan, then times requests through Django's full stack (middleware,
view, templates) in-process, so the figures exclude the network. Prints medians in ms and the
ratio to /healthz/, a trivial view. Target: Hallingdal's plan page within 5x the trivial view.

    python bench/plan_page.py [--rounds 60]
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(workdir):
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "regionplan.test_settings"
    import django

    django.setup()
    from django.core.management import call_command

    if os.environ["DATABASE_URL"].startswith("postgres"):
        from django.test.utils import setup_databases

        setup_databases(verbosity=0, interactive=False)
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())


def median_ms(client, url, rounds, **extra):
    for _ in range(5):  # warm caches and connections
        client.get(url, **extra)
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(url, **extra)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        setup_django(workdir)
        from django.test import Client

        from plans.models import Council
        from plans.synthetic import build_synthetic_plan

        large = build_synthetic_plan(
            Council.objects.get(slug="hallingdal"), slug="syntetisk-1000", measures=1000
        )
        client = Client()
        rows = [
            ("trivial view (/healthz/)", "/healthz/"),
            ("static page with the layout", "/tilgjengelegheit/"),
            ("Hallingdal plan page (69 measures)", "/hallingdal/regionplan/"),
            ("Hallingdal plan page, filtered", "/hallingdal/regionplan/?status=red&q=jobbe"),
            ("synthetic plan page (1,000 measures)", large.get_absolute_url()),
        ]
        results = [(label, median_ms(client, url, args.rounds)) for label, url in rows]
        floor = results[0][1]
        from django.db import connection

        print(f"Plan page, median of {args.rounds} requests ({connection.vendor}):")
        for label, ms in results:
            print(f"  {label:<40} {ms:8.2f} ms   {ms / floor:6.1f}x trivial")


if __name__ == "__main__":
    main()
