"""Small things the tests share that are not fixtures: `from helpers import HTMX, measure_by_code`.

Fixtures (logged-in clients per role, demo objects) are in `conftest.py`.
"""

import io
from unittest import mock

from django.core.management import call_command
from openpyxl import load_workbook

from measures.models import Measure
from plans.exports import write_xlsx

# The header htmx sends with every request it makes; views answer such requests with fragments.
HTMX = {"HX-Request": "true"}


def measure_by_code(code, council="hallingdal", plan="regionplan"):
    """The demo measure with this code, in Hallingdal's regional plan unless told otherwise.

    Codes 5.4.1 and 6.4.1 are in Hallingdal's plan twice; asking for them raises.
    """
    return Measure.objects.get(
        code=code, goal__focus_area__plan__council__slug=council, goal__focus_area__plan__slug=plan
    )


def exported(plan, edit=None) -> bytes:
    """The plan as its Excel export; with `edit`, after `edit(sheet)` on the first sheet and
    saved again with openpyxl."""
    stream = io.BytesIO()
    write_xlsx(plan, stream)
    if edit is None:
        return stream.getvalue()
    book = load_workbook(io.BytesIO(stream.getvalue()))
    edit(book.worksheets[0])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run_worker():
    """What `manage.py db_worker` does in production: run every task that is due, then stop.

    The worker closes "old" database connections between tasks; inside a test's transaction
    PostgreSQL's connection counts as one (autocommit off) and would be closed under the test."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command(
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--interval",
            "0",
            verbosity=0,
            stdout=io.StringIO(),
        )
