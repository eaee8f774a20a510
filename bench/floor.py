"""The floor under bench/load.py's read goal: how fast can a reading page be on this stack?

load.py's goal is reads at half the throughput of /healthz/ under the same 50 closed-loop
readers, half of them signed in. This bench serves, on the same stack (gunicorn on production
settings, PostgreSQL, the cache CACHE_URL names), views that do only part of what every reading
page must do (bench/floor_urls.py), and measures each under those readers:

- reader: find out who is reading (session and user), nothing else;
- reader + kept page: that, and a page of a measure page's size from the cache, with no query
  (a page kept under validators held in a shared cache, the cheapest design there is);
- reader + SQL query: that, and one database round trip written as SQL (validators from the
  database, with no ORM);
- reader + ORM query: the same query through the ORM;
- reader + SQL query + kept page: the least a page kept in each process's memory must do to
  know it is still current (a memory cache is not shared, so only the database can say).

A real page that can tell whether it is still current does more than "reader + kept page" with
a shared cache (its validators are one more read) and more than "reader + SQL query" without
one, plus its permission check: no reading page can be faster than those. Each figure is given
as a fraction of /healthz/ (measured before and after, averaged).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/regionplan_mine python bench/floor.py
        [--baseline 12] [--readers 50] [--cache-url redis://127.0.0.1:6379/0] [--pinned]

Uses (and then drops) the database load.py uses: DATABASE_URL's name with `_load` appended.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402 (bench/load.py: the stack and the clients)

FLOORS = (
    ("reader", "/floor/reader/"),
    ("reader + kept page", "/floor/reader-and-kept-page/"),
    ("reader + SQL query", "/floor/reader-and-sql-query/"),
    ("reader + ORM query", "/floor/reader-and-orm-query/"),
    ("reader + SQL query + kept page", "/floor/reader-sql-query-and-kept-page/"),
)
POLITICIANS = [
    "hallingdal-politikar",
    "lillehammer-regionen-politikar",
    "nord-gudbrandsdal-politikar",
]


def throughput(port, path, args, sessions=()):
    """Requests per second of the readers on `path` (load.readers_on); only 200s count."""
    results, seconds = load.readers_on(port, path, args, sessions)
    codes = results.codes[path]
    if set(codes) != {200}:
        raise RuntimeError(f"{path}: answers other than 200: {dict(codes)}")
    return codes[200] / seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=float, default=12, help="seconds per figure")
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--cache-url", default=os.environ.get("CACHE_URL", ""))
    parser.add_argument("--pinned", action="store_true", help="as load.py's")
    args = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        sys.exit("The floor bench runs on PostgreSQL: set DATABASE_URL=postgres://…")

    print(f"Load average before: {load.load_average()} ({os.cpu_count()} CPUs)")
    database_url, drop, _ = load.fresh_database(base_url, reuse=False)
    env = load.production_environment(database_url, args.cache_url)
    env |= {
        "DJANGO_SETTINGS_MODULE": "floor_settings",
        "PYTHONPATH": os.pathsep.join([str(load.ROOT / "bench"), str(load.ROOT)]),
    }
    os.environ.update(env)
    server = None
    try:
        load.run(env, "migrate", "--noinput", "-v0")
        load.run(env, "seed_demo")
        load.run(env, "collectstatic", "--noinput", "-v0")
        import django

        django.setup()
        from django.db import connection

        sessions = list(load.sessions_for(POLITICIANS).values())
        connection.close()
        port = load.free_port()
        server = load.start_gunicorn(env, port, 3, 4)
        print(
            f"gunicorn: 3 workers x 4 threads, DEBUG=0, PostgreSQL, cache: "
            f"{args.cache_url or 'memory per process'}; {args.readers} closed-loop readers, "
            f"{args.baseline:.0f} s per figure, clients "
            + ("each on a connection of their own" if args.pinned else "through a proxy's pool")
            + "\n"
        )
        before = throughput(port, "/healthz/", args)
        figures = [(name, throughput(port, path, args, sessions)) for name, path in FLOORS]
        after = throughput(port, "/healthz/", args)
        healthz = (before + after) / 2
        print(
            f"  {'/healthz/ (anonymous readers)':<52} {healthz:>8.1f}/s"
            f"   (before {before:.0f}/s, after {after:.0f}/s)"
        )
        for name, rate in figures:
            print(f"  {name + ' (half signed in)':<52} {rate:>8.1f}/s = {rate / healthz:.2f}x")
        print(f"\nLoad average after: {load.load_average()}")
    finally:
        if server is not None:
            load.stop(server)
        from django.db import connections

        connections.close_all()
        drop()


if __name__ == "__main__":
    main()
