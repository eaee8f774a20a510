"""Export timings: the agenda-item PDF, a 1,000-measure plan PDF, a 10,000-measure Excel file.

- Hallingdal's sak 03-26 PDF end to end (our code: snapshot lines, template, WeasyPrint) against
  WeasyPrint rendering the same final HTML alone. Target: ours <= 1.15x theirs.
- The plan PDF of a synthetic 1,000-measure plan.
- The Excel export of a synthetic 10,000-measure plan: time and peak memory (tracemalloc).

    python bench/exports.py [--rounds 5]
"""

import argparse
import io
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from plan_page import setup_django  # noqa: E402


def timed(function, rounds):
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        setup_django(workdir)
        from weasyprint import HTML

        from plans.exports import plan_pdf, write_xlsx
        from plans.models import Council, StatusReport
        from plans.reports.pdf import report_html
        from plans.reports.services import render_report_pdf, report_lines
        from plans.synthetic import build_synthetic_plan

        report = StatusReport.objects.get(plan__slug="regionplan", item_number="03-26")
        html = report_html(report, *report_lines(report))
        ours = timed(lambda: render_report_pdf(report), args.rounds)
        theirs = timed(lambda: HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"), args.rounds)
        print(f"Sak 03-26 PDF, median of {args.rounds}:")
        print(f"  ours, end to end          {ours * 1000:8.0f} ms")
        print(
            f"  WeasyPrint alone, same HTML {theirs * 1000:6.0f} ms   ours = {ours / theirs:.2f}x"
        )

        council = Council.objects.get(slug="hallingdal")
        large = build_synthetic_plan(council, slug="pdf-1000", measures=1000)
        pdf = plan_pdf(large)
        seconds = timed(lambda: plan_pdf(large), max(1, args.rounds // 2))
        print(f"1,000-measure plan PDF: {seconds:.2f} s, {len(pdf) // 1024} KiB")

        huge = build_synthetic_plan(council, slug="xlsx-10000", measures=10_000)
        buffer = io.BytesIO()
        seconds = timed(lambda: write_xlsx(huge, io.BytesIO()), 1)
        # Memory in a pass of its own: tracemalloc slows everything it watches.
        tracemalloc.start()
        write_xlsx(huge, buffer)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"10,000-measure Excel: {seconds:.2f} s, peak Python memory {peak / 2**20:.1f} MiB, "
            f"file {buffer.tell() // 1024} KiB"
        )


if __name__ == "__main__":
    main()
