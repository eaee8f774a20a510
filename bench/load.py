"""Load and fault bench: the production stack under readers and editors, then with a worker
killed mid-run.

Starts everything itself, on loopback only: a fresh PostgreSQL database with the demo data,
gunicorn on production settings (DEBUG=0, HTTPS assumed behind a proxy: the bench sends
X-Forwarded-Proto as the proxy would), the shared cache the runbook asks for when more than
one process serves (Redis on loopback, under a key prefix of the run's own) and the background
worker (`manage.py db_worker`). Then, each phase bounded in time:

1. baseline: the readers fetch /healthz/ only, for the throughput a trivial view gets;
2. mixed run: closed-loop readers (half anonymous, half signed in as politicians) on council,
   plan and measure pages, status editors (secretariat, with htmx) and people reordering
   measures and editing their fields (with the version they saw: a 409 is a conflict shown
   to the editor, not an error);
3. the same again, with one gunicorn worker killed with SIGKILL halfway.

After each run it checks the status history: every measure's chain of changes is unbroken
(each change starts from the status the previous one set, the last one is the measure's
status) and each status change the server confirmed has its history row.

Goals (issue 17): no errors other than 409 conflicts; reads throughput at least 0.5x the
/healthz/ throughput under the same readers; reads p95 at most 3x their p50. bench/floor.py
measures the most any reading page can reach of the throughput goal on the same stack.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/regionplan_mine python bench/load.py
        [--duration 60] [--readers 50] [--editors 5] [--reorderers 3] [--workers 3]
        [--threads 4] [--baseline 20] [--cache-url redis://127.0.0.1:6379/0] [--pinned]
        [--keep-database]

The database is DATABASE_URL's name with `_load` appended; it is dropped at the end.
"""

import argparse
import collections
import html.parser
import http.client
import os
import random
import secrets
import signal
import socket
import statistics
import string
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOST = "localhost"
ORIGIN = f"https://{HOST}"
READ_KINDS = ("read (anonymous)", "read (signed in)")


# The stack -----------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_environment(database_url, cache_url):
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
        "BEHIND_PROXY": "1",
        "DATABASE_URL": database_url,
        "CACHE_URL": cache_url,
        # A run of its own in the cache: nothing from an earlier run is found, nothing is flushed.
        "CACHE_KEY_PREFIX": f"bench-{secrets.token_hex(4)}",
        "DJANGO_SETTINGS_MODULE": "regionplan.settings",
        "LOG_LEVEL": "WARNING",
    }


def fresh_database(base_url, reuse):
    """(URL of a new empty database named after DATABASE_URL's, drop function, whether it
    is new); with `reuse` an existing one from --keep-database is kept as it is."""
    import psycopg

    parts = urlsplit(base_url)
    name = (parts.path.lstrip("/") or "regionplan") + "_load"
    admin = urlunsplit(parts._replace(path="/postgres"))

    def drop():
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    url = urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if reuse and exists:
        return url, drop, False
    drop()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url, drop, True


def run(env, *args, timeout=900):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=timeout
    )


def start_gunicorn(env, port, workers, threads):
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "regionplan.wsgi"),
            *("--bind", f"127.0.0.1:{port}", "--workers", str(workers)),
            *("--threads", str(threads), "--worker-class", "gthread", "--timeout", "30"),
            *("--keep-alive", "5"),  # as deploy/gunicorn.conf.py
            *("--log-level", "warning"),
        ],
        cwd=ROOT,
        env=env,
    )
    deadline, answer = time.monotonic() + 180, None
    while time.monotonic() < deadline and server.poll() is None:
        try:
            answer = get_status(port, "/healthz/")
            if answer == 200:
                return server
        except OSError as error:
            answer = error
        time.sleep(0.5)
    server.kill()
    raise RuntimeError(f"gunicorn did not answer /healthz/ with 200: {answer}")


def get_status(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path, headers={"Host": HOST, "X-Forwarded-Proto": "https"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def children(pid):
    """The processes whose parent is `pid` (gunicorn's workers under its master)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# The clients --------------------------------------------------------------------------------


class FormValues(html.parser.HTMLParser):
    """The named inputs and text areas of the first form whose action ends with `action`."""

    def __init__(self, action):
        super().__init__()
        self.action, self.inside, self.values, self.textarea = action, False, {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("action") or "").endswith(self.action) and not self.values:
            self.inside = True
        elif self.inside and tag == "input" and attrs.get("name"):
            if attrs.get("type") not in ("submit", "checkbox", "radio") or "checked" in attrs:
                self.values[attrs["name"]] = attrs.get("value") or ""
        elif self.inside and tag == "textarea" and attrs.get("name"):
            self.textarea = attrs["name"]
            self.values[self.textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea] += data


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.timings = collections.defaultdict(list)
        self.codes = collections.defaultdict(collections.Counter)
        self.retried = collections.Counter()
        self.confirmed_status_posts = 0
        self.unknown_status_posts = 0

    def add(self, kind, seconds, code):
        with self.lock:
            self.timings[kind].append(seconds)
            self.codes[kind][code] += 1


class Upstream:
    """The proxy's connections to gunicorn, as deploy/nginx.conf keeps them (`keepalive 32`,
    `keepalive_timeout 4s`): people talk to the proxy, and each request it passes on takes the
    idle connection freed last, or opens one; at most `idle` stay open while unused, and one
    unused for `idle_timeout` seconds is closed before gunicorn (keepalive 5 s) would close it.

    Without a proxy each bench client would hold one connection to one gunicorn worker for the
    whole run, and the worker that happened to accept most of them at the start would serve
    those clients slowest throughout (measured: 32, 15 and 3 readers' connections on the three
    workers, readers' median latencies about 550, 270 and 50 ms). `--pinned` measures that.
    """

    def __init__(self, port, idle=32, shared=True, idle_timeout=4):
        self.port, self.idle, self.shared, self.idle_timeout = port, idle, shared, idle_timeout
        self.free = []  # (connection, when it was given back), the last given back last
        self.lock = threading.Lock()

    def take(self, fresh=False):
        """(a connection, whether it was kept from an earlier request); a new one if `fresh`."""
        stale = []
        with self.lock:
            while self.free and not fresh:
                conn, since = self.free.pop()
                if time.monotonic() - since < self.idle_timeout:
                    break
                stale.append(conn)
            else:
                conn = None
        for old in stale:
            old.close()
        if conn is not None:
            return conn, True
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30), False

    def give_back(self, conn):
        with self.lock:
            if len(self.free) < self.idle:
                self.free.append((conn, time.monotonic()))
                return
        conn.close()

    def close(self):
        with self.lock:
            free, self.free = self.free, []
        for conn, _ in free:
            conn.close()


def upstreams(port, pinned):
    """(what gives each client the way its requests go, the shared pool to close after): the
    proxy's pool, or with `pinned` a connection of each client's own."""
    shared = Upstream(port)
    if pinned:
        return lambda: Upstream(port, idle=1, shared=False), shared
    return lambda: shared, shared


class Browser:
    """One person: their cookies, the CSRF token a page would give; requests through `upstream`."""

    def __init__(self, upstream, results, session=None):
        self.upstream, self.results = upstream, results
        self.csrf = "".join(random.choices(string.ascii_letters + string.digits, k=32))
        self.cookies = {"csrftoken": self.csrf}
        if session:
            self.cookies["sessionid"] = session

    def request(self, kind, method, path, form=None, htmx=False):
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if method == "POST":
            body = urlencode(form or {}, doseq=True)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": ORIGIN,
                "Referer": ORIGIN + path,
                "X-CSRFToken": self.csrf,
            }
        if htmx:
            headers["HX-Request"] = "true"
        start = time.perf_counter()
        for attempt in (1, 2):
            conn, reused = self.upstream.take(fresh=attempt > 1)
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                content = response.read()
                code = response.status
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                else:
                    self.upstream.give_back(conn)
                break
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                content, code = b"", f"connection {type(error).__name__}"
                # As browsers and proxies do: a GET that fails on a kept-alive connection (the
                # server closed it, or its process died) is sent once more on a new one. A POST
                # is never sent twice: its outcome stays unknown.
                if not (reused and method == "GET" and attempt == 1):
                    break
                with self.results.lock:
                    self.results.retried[kind] += 1
        self.results.add(kind, time.perf_counter() - start, code)
        return code, content

    def close(self):
        if not self.upstream.shared:
            self.upstream.close()


def reader(browser, urls, until):
    kind = READ_KINDS[1] if "sessionid" in browser.cookies else READ_KINDS[0]
    while time.monotonic() < until:
        browser.request(kind, "GET", random.choice(urls))
    browser.close()


def readers_on(port, path, args, sessions=()):
    """(results, seconds) of `args.readers` closed-loop readers fetching `path` for
    `args.baseline` seconds (the kind of request is the path); with `sessions`, every second
    reader is signed in as one of them, as in the mixed run."""
    connect, shared = upstreams(port, args.pinned)
    results = Results()
    until = time.monotonic() + args.baseline

    def read(browser):
        while time.monotonic() < until:
            browser.request(path, "GET", path)
        browser.close()

    browsers = [
        Browser(
            connect(), results, sessions[i // 2 % len(sessions)] if sessions and i % 2 else None
        )
        for i in range(args.readers)
    ]
    threads = [threading.Thread(target=read, args=(browser,)) for browser in browsers]
    begin = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - begin
    shared.close()
    return results, seconds


def status_editor(browser, measures, until, results):
    statuses = ["green", "yellow", "red", "not_assessed"]
    n = 0
    while time.monotonic() < until:
        n += 1
        path = random.choice(measures) + "status/"
        form = {"status": random.choice(statuses), "comment": f"Status frå benken #{n} «æøå»"}
        code, _ = browser.request("status change", "POST", path, form, htmx=True)
        with results.lock:
            if code == 200:
                results.confirmed_status_posts += 1
            elif isinstance(code, str):
                results.unknown_status_posts += 1
    browser.close()


def rearranger(browser, measures, until):
    """Moves a measure up or down, then edits a field of another with the version it saw."""
    n = 0
    while time.monotonic() < until:
        n += 1
        measure = random.choice(measures)
        direction = random.choice(["up", "down"])
        browser.request("reorder", "POST", measure + "flytt/", {"direction": direction})
        measure = random.choice(measures)
        code, page = browser.request("edit form", "GET", measure + "endre/")
        if code != 200:
            continue
        parser = FormValues("endre/")
        parser.feed(page.decode())
        form = parser.values
        if "involvement" not in form:
            browser.results.add("edit", 0, "form not found")
            continue
        form["involvement"] = f"Endra av benken #{n} – «{direction}»"
        browser.request("edit", "POST", measure + "endre/", form, htmx=True)
    browser.close()


# Figures -------------------------------------------------------------------------------------


def percentile(values, p):
    return (
        statistics.quantiles(values, n=100, method="inclusive")[p - 1]
        if len(values) > 1
        else (values[0] if values else 0)
    )


def report(title, results, seconds):
    print(f"\n{title} ({seconds:.0f} s, load average {load_average()})")
    print(f"  {'kind':<20} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    totals = {}
    for kind, timings in sorted(results.timings.items()):
        ms = [t * 1000 for t in timings]
        totals[kind] = len(ms) / seconds
        print(
            f"  {kind:<20} {len(ms):>8} {len(ms) / seconds:>7.1f} {percentile(ms, 50):>8.0f} "
            f"{percentile(ms, 95):>8.0f} {percentile(ms, 99):>8.0f}   "
            + ", ".join(
                f"{code}: {count}" for code, count in sorted(results.codes[kind].items(), key=str)
            )
        )
    if results.retried:
        print(
            "  GETs sent again after a lost kept-alive connection: "
            + ", ".join(f"{kind}: {count}" for kind, count in sorted(results.retried.items()))
        )
    return totals


def load_average():
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def errors(results):
    """Answers that are neither success nor a 409 conflict, by kind and code."""
    found = collections.Counter()
    for kind, codes in results.codes.items():
        for code, count in codes.items():
            if not (isinstance(code, int) and (code < 400 or code == 409)):
                found[f"{kind} {code}"] += count
    return found


def read_figures(results, seconds):
    timings = [t * 1000 for kind in READ_KINDS for t in results.timings[kind]]
    return len(timings) / seconds, percentile(timings, 50), percentile(timings, 95)


def check_history(started, results):
    """Every measure's status chain unbroken; every confirmed status change recorded."""
    from measures.models import Measure, StatusChange

    broken = []
    last = {}
    for change in StatusChange.objects.order_by("measure_id", "changed_at", "id").iterator():
        previous = last.get(change.measure_id)
        if previous is not None and change.from_status != previous:
            broken.append((change.measure_id, change.pk))
        last[change.measure_id] = change.to_status
    for pk, status in Measure.all_objects.filter(pk__in=last).values_list("pk", "status"):
        if last[pk] != status:
            broken.append((pk, "last change is not the measure's status"))
    recorded = StatusChange.objects.filter(changed_at__gte=started).count()
    confirmed, unknown = results.confirmed_status_posts, results.unknown_status_posts
    in_range = confirmed <= recorded <= confirmed + unknown
    print(
        f"  history: {len(last)} measures' chains checked, {len(broken)} broken; "
        f"{recorded} status changes recorded for {confirmed} confirmed "
        f"(+{unknown} whose answer was lost): {'OK' if in_range and not broken else 'WRONG'}"
    )
    return not broken and in_range


# The runs ------------------------------------------------------------------------------------


def sessions_for(usernames):
    """Session cookies for demo users, made as a sign-in makes them."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    found = {}
    for username in usernames:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        found[username] = client.cookies["sessionid"].value
    return found


def targets(usernames):
    """(anonymous reads, {username: their reads}, Hallingdal's measure pages): each reader
    fetches what they may see, plan and council pages as often as measure pages."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    from measures.models import Measure
    from plans.models import Council, Plan

    councils = [f"/{slug}/" for slug in Council.objects.values_list("slug", flat=True)]

    def measure_paths(plans):
        return [
            f"/{m.goal.focus_area.plan.council.slug}/{m.goal.focus_area.plan.slug}/tiltak/{m.pk}/"
            for m in Measure.objects.filter(goal__focus_area__plan__in=plans).select_related(
                "goal__focus_area__plan__council"
            )
        ]

    def reads(user):
        plans = list(Plan.objects.visible_to(user).select_related("council"))
        paths = measure_paths(plans)
        pages = [f"/{p.council.slug}/{p.slug}/" for p in plans] + councils
        return pages * (len(paths) // len(pages) + 1) + paths

    users = get_user_model().objects.filter(username__in=usernames)
    hallingdal = Plan.objects.filter(council__slug="hallingdal")
    return (
        reads(AnonymousUser()),
        {user.username: reads(user) for user in users},
        measure_paths(hallingdal),
    )


def mixed_run(port, args, sessions, kill_master=None):
    from django.utils import timezone

    anonymous_urls, member_urls, editable = targets(sessions)
    connect, shared = upstreams(port, args.pinned)
    results = Results()
    started = timezone.now()
    begin = time.monotonic()
    until = begin + args.duration
    threads = []
    politicians = [name for name in sessions if name.endswith("-politikar")]
    for i in range(args.readers):
        if i % 2:
            name = politicians[i // 2 % len(politicians)]
            browser = Browser(connect(), results, sessions[name])
            args_ = (browser, member_urls[name], until)
            threads.append(threading.Thread(target=reader, args=args_))
        else:
            browser = Browser(connect(), results)
            threads.append(threading.Thread(target=reader, args=(browser, anonymous_urls, until)))
    secretariat = sessions["hallingdal-sekretariat"]
    for _ in range(args.editors):
        browser = Browser(connect(), results, secretariat)
        threads.append(
            threading.Thread(target=status_editor, args=(browser, editable, until, results))
        )
    for _ in range(args.reorderers):
        browser = Browser(connect(), results, secretariat)
        threads.append(threading.Thread(target=rearranger, args=(browser, editable, until)))
    for thread in threads:
        thread.start()
    if kill_master is not None:
        time.sleep(args.duration / 2)
        workers = children(kill_master.pid)
        victim = random.choice(workers)
        os.kill(victim, signal.SIGKILL)
        print(
            f"\n  killed gunicorn worker {victim} (of {workers}) with SIGKILL at "
            f"{time.monotonic() - begin:.0f} s"
        )
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - begin
    shared.close()
    if kill_master is not None:
        print(f"  gunicorn workers after the run: {children(kill_master.pid)}")
    return results, seconds, started


def judge(title, results, seconds, started, healthz_rate):
    report(title, results, seconds)
    rate, p50, p95 = read_figures(results, seconds)
    found = errors(results)
    history_ok = check_history(started, results)
    conflicts = sum(codes.get(409, 0) for codes in results.codes.values())
    print(
        f"  errors other than 409 conflicts: {sum(found.values())} {dict(found) or ''}"
        f" (409 conflicts: {conflicts})"
    )
    print(
        f"  reads {rate:.1f}/s = {rate / healthz_rate:.2f}x /healthz/ ({healthz_rate:.1f}/s)"
        f" [goal >= 0.5x]; reads p95 {p95:.0f} ms = {p95 / p50:.1f}x p50 {p50:.0f} ms"
        " [goal <= 3x]"
    )
    return not found and history_ok and rate >= 0.5 * healthz_rate and p95 <= 3 * p50


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds per mixed run")
    parser.add_argument("--baseline", type=float, default=20, help="seconds of /healthz/")
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--editors", type=int, default=5)
    parser.add_argument("--reorderers", type=int, default=3)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument(
        "--pinned",
        action="store_true",
        help="each client keeps its own connection to one worker, as if there were no proxy",
    )
    parser.add_argument(
        "--cache-url",
        default=os.environ.get("CACHE_URL", ""),
        help="the shared cache every process uses, as the runbook asks when more than one "
        "serves (default: CACHE_URL, else the local Redis); '' for a memory cache per process",
    )
    parser.add_argument("--keep-database", action="store_true", help="do not drop it after")
    parser.add_argument(
        "--reuse-database",
        action="store_true",
        help="use the database a --keep-database run left (while working on the bench)",
    )
    args = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/regionplan")
    if not base_url.startswith("postgres"):
        sys.exit("The load bench runs on PostgreSQL: set DATABASE_URL=postgres://…")

    print(f"Load average before: {load_average()} ({os.cpu_count()} CPUs)")
    database_url, drop, new = fresh_database(base_url, args.reuse_database)
    env = production_environment(database_url, args.cache_url)
    os.environ.update({k: v for k, v in env.items() if k not in ("LOG_LEVEL",)})
    server = worker = None
    try:
        if new:
            run(env, "migrate", "--noinput", "-v0")
            run(env, "seed_demo")
        run(env, "collectstatic", "--noinput", "-v0")
        import django

        django.setup()
        from django.db import connection

        sessions = sessions_for(
            [
                "hallingdal-sekretariat",
                "hallingdal-politikar",
                "lillehammer-regionen-politikar",
                "nord-gudbrandsdal-politikar",
            ]
        )
        connection.close()
        port = free_port()
        worker = subprocess.Popen([sys.executable, "manage.py", "db_worker"], cwd=ROOT, env=env)
        server = start_gunicorn(env, port, args.workers, args.threads)
        print(
            f"gunicorn: {args.workers} workers x {args.threads} threads on 127.0.0.1:{port}, "
            f"DEBUG=0, PostgreSQL, cache: {args.cache_url or 'memory per process'}; "
            "background worker running; clients "
            + ("each on a connection of their own" if args.pinned else "through a proxy's pool")
        )

        baseline, seconds = readers_on(port, "/healthz/", args)
        healthz_rate = report(f"Baseline: {args.readers} readers on /healthz/", baseline, seconds)[
            "/healthz/"
        ]

        results, seconds, started = mixed_run(port, args, sessions)
        ok = judge(
            f"Run 1: {args.readers} readers, {args.editors} status editors, "
            f"{args.reorderers} reordering and editing",
            results,
            seconds,
            started,
            healthz_rate,
        )
        results, seconds, started = mixed_run(port, args, sessions, kill_master=server)
        ok_fault = judge(
            "Run 2: the same, one gunicorn worker killed with SIGKILL halfway",
            results,
            seconds,
            started,
            healthz_rate,
        )
        print(f"\nbackground worker alive: {worker.poll() is None}")
        print(f"Goals met: run 1 {'yes' if ok else 'NO'}, run 2 {'yes' if ok_fault else 'NO'}")
        print(f"Load average after: {load_average()}")
    finally:
        for process in (server, worker):
            if process is not None:
                stop(process)
        if not args.keep_database:
            from django.db import connections

            connections.close_all()
            drop()


if __name__ == "__main__":
    main()
