"""Server time of the plan page against the framework's floor.

Builds a fresh database (SQLite in a temporary directory, or DATABASE_URL) with the demo data and
a synthetic 1,000-measure plan, then times each page twice:

- in-process, through Django's full stack (middleware, view, templates) with the test client;
- over HTTP on loopback against gunicorn, one sync worker, as production serves it.

Prints medians in ms and the ratio to /healthz/, a trivial view. "First view" is a page whose
rendered content is not cached yet (the first reader after a change); later readers get the
cached content (see plans/page_cache.py). Target: Hallingdal's plan page within 5x the trivial
view.

In-process figures are also given in CPU time (this process's, so other load on the machine
counts less), and the uncached cost per measure: the 1,000-measure plan's first view less
Hallingdal's (69 measures), divided by the difference in measures; for the public and for the
secretariat, whose page (with a status form per row) is never cached. Issue 17's target: half
of what it was. Measured 2026-11-28 on a busy 2-core machine (SQLite, --rounds 8/5), CPU ms
per measure before → after issue 17: public 0.754 → 0.433 (-43%), secretariat 2.366 → 2.197
(-7%: the status form in every row dominates; not halved yet).

    python bench/plan_page.py [--rounds 60] [--no-http]
"""

import argparse
import http.client
import io
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(workdir):
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ["DEBUG"] = "0"  # as production runs: .env's DEBUG=1 turns the row cache off
    os.environ["DJANGO_SETTINGS_MODULE"] = "regionplan.test_settings"
    import django

    django.setup()
    from django.core.management import call_command

    if os.environ["DATABASE_URL"].startswith("postgres"):
        from django.test.utils import setup_databases

        setup_databases(verbosity=0, interactive=False)
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())


CPU = {}  # (url, fresh) -> median CPU ms of the last median_ms run, for the per-measure figures


def median_ms(get, url, rounds, *, fresh=None):
    """Median time of `get(url)`; `fresh()` runs before each timed request when given."""
    for _ in range(5):  # warm caches and connections
        get(url)
    timings, cpu = [], []
    for _ in range(rounds):
        if fresh:
            fresh()
        start, start_cpu = time.perf_counter(), time.process_time()
        status = get(url)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert status == 200, (url, status)
    CPU[url, fresh is not None] = statistics.median(cpu)
    return statistics.median(timings)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port):
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "regionplan.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "1",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "regionplan.test_settings"},
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def http_getter(port):
    def get(url):
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.request("GET", url, headers={"Host": "localhost"})
        response = conn.getresponse()
        response.read()
        conn.close()
        return response.status

    return get


def report(title, results, cpu=None):
    floor = results[0][1]
    print(title)
    for label, ms, *key in results:
        line = f"  {label:<44} {ms:8.2f} ms   {ms / floor:6.1f}x trivial"
        if cpu is not None and key:
            line += f"   {cpu[key[0]]:8.2f} ms CPU"
        print(line)


def per_measure(label, cpu, small, large, measures):
    """CPU ms per measure between two plans' uncached pages."""
    cost = (cpu[large] - cpu[small]) / measures
    print(f"  {label:<44} {cost:8.3f} ms CPU per measure")


def status_changer(plan_url):
    """A `fresh` function for median_ms: one measure of the plan changes status, as the
    secretariat does all day; the plan's pages are then out of date and render again."""
    from measures.models import Measure

    _, council, plan, _ = plan_url.split("/")
    measure = Measure.objects.filter(
        goal__focus_area__plan__council__slug=council, goal__focus_area__plan__slug=plan
    ).first()
    statuses = iter(["green", "yellow", "red", "not_assessed"] * 10_000)

    def change():
        measure.change_status(next(statuses), comment="benk")

    return change


def status_change_timings(client, rounds):
    """POST a status change as the secretariat: with HTMX (row + overview) and without."""
    from django.contrib.auth import get_user_model

    from measures.models import Measure

    measure = Measure.objects.get(code="1.1.1", goal__focus_area__plan__slug="regionplan")
    url = f"/hallingdal/regionplan/tiltak/{measure.pk}/status/"
    editor = client.__class__()
    editor.force_login(get_user_model().objects.get(username="hallingdal-sekretariat"))
    statuses = iter(["green", "yellow", "red", "not_assessed"] * (rounds + 10))

    def post(headers):
        def send(url):
            response = editor.post(
                url, {"status": next(statuses), "comment": "bench"}, headers=headers
            )
            return 200 if response.status_code in (200, 302) else response.status_code

        return send

    return [
        (
            "trivial view (/healthz/)",
            median_ms(lambda u: client.get(u).status_code, "/healthz/", rounds),
        ),
        (
            "status change with HTMX (row + overview)",
            median_ms(post({"HX-Request": "true"}), url, rounds),
        ),
        ("status change without JavaScript (redirect)", median_ms(post({}), url, rounds)),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--no-http", action="store_true", help="skip the gunicorn figures")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        setup_django(workdir)
        from django.core.cache import cache
        from django.db import connection
        from django.test import Client

        from plans.models import Council
        from plans.synthetic import build_synthetic_plan

        large = build_synthetic_plan(
            Council.objects.get(slug="hallingdal"), slug="syntetisk-1000", measures=1000
        )
        pages = [
            ("trivial view (/healthz/)", "/healthz/", False),
            ("static page with the layout", "/tilgjengelegheit/", False),
            ("Hallingdal plan page", "/hallingdal/regionplan/", False),
            ("Hallingdal plan page, filtered", "/hallingdal/regionplan/?status=red&q=jobbe", False),
            ("1,000-measure plan page", large.get_absolute_url(), False),
            ("Hallingdal plan page, first view", "/hallingdal/regionplan/", True),
            ("1,000-measure plan page, first view", large.get_absolute_url(), True),
        ]
        client = Client()

        def client_get(url):
            return client.get(url).status_code

        report(
            f"In-process, median of {args.rounds} requests ({connection.vendor}):",
            [
                (
                    label,
                    median_ms(client_get, url, args.rounds, fresh=cache.clear if first else None),
                    (url, first),
                )
                for label, url, first in pages
            ],
            CPU,
        )
        public_cpu = dict(CPU)  # the editor's runs below reuse the same keys
        from django.contrib.auth import get_user_model

        editor = Client()
        editor.force_login(get_user_model().objects.get(username="hallingdal-sekretariat"))

        def editor_get(url):
            return editor.get(url).status_code

        editor_pages = [
            ("Hallingdal plan page, secretariat", "/hallingdal/regionplan/"),
            ("1,000-measure plan page, secretariat", large.get_absolute_url()),
        ]
        editor_cpu, changed_cpu = {}, {}
        for label, url in editor_pages:
            ms = median_ms(editor_get, url, args.rounds, fresh=cache.clear)
            editor_cpu[url] = CPU[url, True]
            print(f"  {label:<44} {ms:8.2f} ms              {editor_cpu[url]:8.2f} ms CPU")
        for reader, get in (("public", client_get), ("secretariat", editor_get)):
            for label, url in editor_pages:
                ms = median_ms(get, url, args.rounds, fresh=status_changer(url))
                changed_cpu[reader, url] = CPU[url, True]
                label = label.replace(", secretariat", "") + f", {reader}, after a status change"
                print(f"  {label:<58} {ms:8.2f} ms {CPU[url, True]:8.2f} ms CPU")
        from measures.models import Measure

        small_count = Measure.objects.filter(goal__focus_area__plan__slug="regionplan").count()
        measures = 1000 - small_count
        print("Uncached plan page (every cache emptied), cost per measure:")
        per_measure(
            "public (first view)",
            public_cpu,
            ("/hallingdal/regionplan/", True),
            (large.get_absolute_url(), True),
            measures,
        )
        per_measure(
            "secretariat",
            editor_cpu,
            "/hallingdal/regionplan/",
            large.get_absolute_url(),
            measures,
        )
        print("After a status change (the page re-rendered, the other rows from the row cache):")
        for reader in ("public", "secretariat"):
            per_measure(
                reader,
                changed_cpu,
                (reader, "/hallingdal/regionplan/"),
                (reader, large.get_absolute_url()),
                measures,
            )
        report(
            f"Status change by the secretariat, in-process, median of {args.rounds}:",
            status_change_timings(client, args.rounds),
        )
        if args.no_http:
            return
        port = free_port()
        server = start_gunicorn(port)
        try:
            get = http_getter(port)
            # The server has its own in-memory cache; first views are measured in-process only.
            report(
                f"Over HTTP (gunicorn, 1 worker, loopback), median of {args.rounds} requests:",
                [
                    (label, median_ms(get, url, args.rounds))
                    for label, url, first in pages
                    if not first
                ],
            )
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
