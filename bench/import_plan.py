"""Import timings: a 5,000-row Excel file, as a new plan and as an update of the plan.

The file is the Excel export of a synthetic 5,000-measure plan. It is imported as a new plan,
then an edited copy (every 5th status and every 7th comment changed) is imported as an update of
the original. Prints the time of each step (read, preview, write) and the peak memory: Python
allocations (tracemalloc, in a pass of its own) and the process's maximum resident set size.
Target: each import under 10 s and under 300 MB.

    python bench/import_plan.py [--measures 5000]
"""

import argparse
import io
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from plan_page import setup_django  # noqa: E402


def edited_copy(plan):
    """The plan's rows as an .xlsx, with every 5th status and every 7th comment changed."""
    from django.utils import translation
    from openpyxl import Workbook

    from measures.status import Status
    from plans.exports import columns, measure_rows

    cycle = {s.value: n for n, s in enumerate(Status)}
    with translation.override(plan.council.language):
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Tiltak")
        cols = columns()
        sheet.append([header for _key, header, _width in cols])
        for number, row in enumerate(measure_rows(plan)):
            if number % 5 == 0:
                status = list(Status)[(cycle[row["_status"]] + 1) % len(Status)]
                row["status"] = str(status.label)
            if number % 7 == 0:
                row["comment"] = f"Endra kommentar {number}"
            sheet.append([row[key] or None for key, _h, _w in cols])
        buffer = io.BytesIO()
        book.save(buffer)
    return buffer.getvalue()


def timed_import(data, **target):
    """(seconds for read, preview and write, the result) of one import."""
    from plans.importing import apply_import, build_preview, read_xlsx

    start = time.perf_counter()
    parsed = read_xlsx(io.BytesIO(data), filename="bench.xlsx")
    read = time.perf_counter()
    preview = build_preview(parsed, target.get("plan"))
    previewed = time.perf_counter()
    assert not preview.blocking, [str(p) for p in preview.blocking_problems]
    result = apply_import(parsed, expected=preview.fingerprint, **target)
    written = time.perf_counter()
    return (read - start, previewed - read, written - previewed), result


def peak_mib(function):
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def report(label, steps, peak, result):
    read, preview, write = steps
    counts = result.preview.counts
    print(
        f"{label}: {sum(steps):.2f} s (read {read:.2f}, preview {preview:.2f}, "
        f"write {write:.2f}), peak Python memory {peak:.1f} MiB"
    )
    print(
        f"  {counts['rows']} rows: {counts['measures_new']} new, "
        f"{counts['measures_changed']} changed ({counts['status_changes']} statuses), "
        f"{counts['measures_unchanged']} unchanged"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        setup_django(workdir)
        from plans.exports import write_xlsx
        from plans.importing import NewPlan
        from plans.models import Council
        from plans.synthetic import build_synthetic_plan

        council = Council.objects.get(slug="hallingdal")
        plan = build_synthetic_plan(council, slug="import-source", measures=args.measures)
        buffer = io.BytesIO()
        write_xlsx(plan, buffer)
        exported = buffer.getvalue()
        update = edited_copy(plan)
        print(f"{args.measures:,}-row file: {len(exported) // 1024} KiB")

        def new_plan(title):
            return NewPlan(council, title, plan.kind, *plan.years)

        steps, result = timed_import(exported, new_plan=new_plan("Importert"))
        peak = peak_mib(lambda: timed_import(exported, new_plan=new_plan("Importert igjen")))
        report("New plan", steps, peak, result)

        steps, result = timed_import(update, plan=plan)
        # Memory on a fresh copy of the plan, so the update has the same work to do.
        copy = timed_import(exported, new_plan=new_plan("Kopi"))[1].plan
        peak = peak_mib(lambda: timed_import(update, plan=copy))
        report("Update", steps, peak, result)

        max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        print(f"Process peak resident memory (all of the above): {max_rss:.0f} MiB")


if __name__ == "__main__":
    main()
