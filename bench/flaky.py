"""How often each browser test fails: runs them again and again and counts.

Each run is a separate pytest process writing JUnit XML; the counts come from those files, so a
test that fails once in twenty runs shows up as 1/20. With --parallel 2 two runs go at once, as
on a loaded machine, where timing bugs show up more often. Each parallel slot gets its own
PostgreSQL test database when DATABASE_URL is set (SQLite test databases are in memory).

    python bench/flaky.py [--runs 20] [--parallel 1] [pytest arguments, default tests/e2e]

Exits 1 when any test failed in any run.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from queue import Queue
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTEST = [sys.executable, "-m", "pytest"]


def database_url_for_slot(slot):
    """DATABASE_URL with the database name suffixed, so parallel runs don't share a test DB."""
    url = os.environ.get("DATABASE_URL", "")
    if not url or url.startswith("sqlite"):
        return url
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"{parts.path}_slot{slot}"))


def run_once(number, slots, pytest_args, outdir):
    xml = outdir / f"run-{number:03}.xml"
    env = {**os.environ}
    slot = slots.get()  # a slot (and its database) is used by one run at a time
    if url := database_url_for_slot(slot):
        env["DATABASE_URL"] = url
    started = time.monotonic()
    try:
        result = subprocess.run(
            [*PYTEST, "-q", f"--junitxml={xml}", *pytest_args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
    finally:
        slots.put(slot)
    summary = result.stdout.strip().splitlines()[-1:] or ["(no output)"]
    print(f"run {number:>3}: {summary[0]} [{time.monotonic() - started:.0f} s]", flush=True)
    return xml


def outcomes(xml):
    """(test id, outcome) for every test case in one run's JUnit XML."""
    for case in ET.parse(xml).getroot().iter("testcase"):
        test = f"{case.get('classname', '')}::{case.get('name', '')}"
        if case.find("failure") is not None or case.find("error") is not None:
            yield test, "failed"
        elif case.find("skipped") is not None:
            yield test, "skipped"
        else:
            yield test, "passed"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=int(os.environ.get("RUNS", 20)))
    parser.add_argument("--parallel", type=int, default=1, help="runs going at the same time")
    args, pytest_args = parser.parse_known_args()
    pytest_args = pytest_args or ["tests/e2e"]

    print(f"{args.runs} runs of {' '.join(pytest_args)}, {args.parallel} at a time", flush=True)
    slots = Queue()
    for slot in range(args.parallel):
        slots.put(slot)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(args.parallel) as pool:
        outdir = Path(tmp)
        xmls = list(
            pool.map(
                lambda n: run_once(n, slots, pytest_args, outdir),
                range(1, args.runs + 1),
            )
        )
        seen, failed, skipped = Counter(), Counter(), Counter()
        crashed = 0
        for xml in xmls:
            if not xml.exists():  # pytest died before writing its report
                crashed += 1
                continue
            for test, outcome in outcomes(xml):
                seen[test] += 1
                failed[test] += outcome == "failed"
                skipped[test] += outcome == "skipped"

    print(f"\nFailures per test ({args.parallel} at a time, {time.monotonic() - started:.0f} s):")
    width = max((len(test) for test in seen), default=0)
    for test in sorted(seen, key=lambda t: (-failed[t], t)):
        note = f"  ({skipped[test]} skipped)" if skipped[test] else ""
        print(f"  {test:<{width}}  {failed[test]:>3}/{seen[test]}{note}")
    if crashed:
        print(f"  {crashed} run(s) wrote no report")
    return 1 if crashed or sum(failed.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
