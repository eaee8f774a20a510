"""Server time of the county page and the open data against the framework's floor.

Builds a fresh database (SQLite in a temporary directory, or DATABASE_URL) with the demo data and
eight more councils in Innlandet, each with a published 1,000-measure plan, a third of the
measures tagged with one of six themes. Then times, in-process through Django's full stack, the
county page, a search and a theme list across the ten councils, and the open data: a page of 500
measures, the same page answered 304, a plan's feed and the DCAT catalogue.

    python bench/county_open_data.py [--rounds 20]
"""

import argparse
import sys
import tempfile

from plan_page import median_ms, report, setup_django

COUNCILS = 8
MEASURES = 1000


def build(Council, County, CountyRelation, Measure, Theme, build_synthetic_plan):
    innlandet = County.objects.get(slug="innlandet")
    themes = [Theme.objects.get_or_create(name=f"Benk-tema {n}")[0] for n in range(6)]
    through = Measure.themes.through
    for number in range(COUNCILS):
        council = Council.objects.create(
            name=f"Benkråd {number}",
            short_name=f"Benk {number}",
            slug=f"benk-{number}",
            county=innlandet,
        )
        CountyRelation.objects.create(
            council=council, county=innlandet, kind="member", since="2025-02-12"
        )
        plan = build_synthetic_plan(council, slug="plan", measures=MEASURES)
        ids = Measure.objects.filter(goal__focus_area__plan=plan).values_list("pk", flat=True)
        through.objects.bulk_create(
            through(measure_id=pk, theme_id=themes[pk % 6].pk) for pk in ids if pk % 3 == 0
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        setup_django(workdir)
        from django.db import connection
        from django.test import Client

        from measures.models import Measure, Theme
        from plans.models import Council, County, CountyRelation
        from plans.synthetic import build_synthetic_plan

        build(Council, County, CountyRelation, Measure, Theme, build_synthetic_plan)
        client = Client()

        def get(url):
            return client.get(url).status_code

        measures_url = "/api/v1/plans/benk-0/plan/measures/?page_size=500"
        etag = client.get(measures_url)["ETag"]

        def get_unchanged(url):
            status = client.get(url, headers={"If-None-Match": etag}).status_code
            return 200 if status == 304 else status

        pages = [
            ("trivial view (/healthz/)", get, "/healthz/"),
            (
                f"county page ({COUNCILS + 2} councils, ~{COUNCILS * MEASURES // 3} tagged)",
                get,
                "/fylke/innlandet/",
            ),
            ("county search for 'tiltak'", get, "/fylke/innlandet/sok/?q=tiltak"),
            ("theme list, first page of 50", get, "/fylke/innlandet/tema/benk-tema-1/"),
            ("API: 500 measures", get, measures_url),
            ("API: the same 500 measures, 304", get_unchanged, measures_url),
            ("API: plans list", get, "/api/v1/plans/"),
            ("plan feed (Atom)", get, "/benk-0/plan/endringar.atom"),
            ("DCAT catalogue (Turtle)", get, "/datakatalog.ttl"),
        ]
        report(
            f"In-process, median of {args.rounds} requests ({connection.vendor}):",
            [(label, median_ms(getter, url, args.rounds)) for label, getter, url in pages],
        )


if __name__ == "__main__":
    sys.exit(main())
