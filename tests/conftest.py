"""Fixtures every test module may use: the demo data, demo objects, logged-in clients per role.

The demo users (plans/demo.py, password "demo") are `admin` (superuser) and, for each of
`hallingdal`, `lillehammer-regionen` and `nord-gudbrandsdal`, `<council>-sekretariat` (the
secretariat, who edits) and `<council>-politikar` (a reader: sees unpublished plans, edits
nothing). A client fixture is named `<council>_<role>_client`; `login(username)` makes any other.
Plain helpers (the htmx header, a measure by code) are in `helpers.py`.
"""

import io

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the demo councils; each test rolls back its changes."""
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rolled-back tests reuse primary keys; a page cached by one must not leak into the next."""
    from django.core.cache import cache

    cache.clear()


# Demo objects -----------------------------------------------------------------------------


@pytest.fixture
def hallingdal_council(db):
    """Hallingdal regionråd (nynorsk)."""
    from plans.models import Council

    return Council.objects.get(slug="hallingdal")


@pytest.fixture
def hallingdal_plan(db):
    """Hallingdal's Regionplan: 6 focus areas, 26 goals, 69 measures, agenda item 03-26."""
    from plans.models import Plan

    return Plan.objects.get(council__slug="hallingdal", slug="regionplan")


@pytest.fixture
def measure(hallingdal_plan):
    """Measure 1.1.1 of Hallingdal's Regionplan: not assessed, no history, due 2025."""
    from measures.models import Measure

    return Measure.objects.get(goal__focus_area__plan=hallingdal_plan, code="1.1.1")


@pytest.fixture
def budget(db):
    """Lillehammer-regionen's 2026 budget (seed 003): frame 4 500 000, 610 000 unallocated."""
    from budgets.models import Budget

    return Budget.objects.get(council__slug="lillehammer-regionen", year=2026)


# Users and logged-in clients --------------------------------------------------------------


@pytest.fixture
def hallingdal_secretariat(db, django_user_model):
    """The user `hallingdal-sekretariat`, for code that takes a user rather than a request."""
    return django_user_model.objects.get(username="hallingdal-sekretariat")


@pytest.fixture
def login(db, django_user_model):
    """Makes logged-in clients: `login("hallingdal-politikar")` is a new test client with that
    demo user's session. Keyword arguments go to the client (`enforce_csrf_checks=True`).

    Each client is a browser of its own: a test may be several people at once, and the
    `client` fixture stays anonymous.
    """
    from django.test import Client

    def log_in(username, **client_options):
        client = Client(**client_options)
        client.force_login(django_user_model.objects.get(username=username))
        return client

    return log_in


@pytest.fixture
def hallingdal_secretariat_client(login):
    """A client logged in as `hallingdal-sekretariat`: edits Hallingdal's plans."""
    return login("hallingdal-sekretariat")


@pytest.fixture
def hallingdal_reader_client(login):
    """A client logged in as `hallingdal-politikar`: reads Hallingdal's plans, edits nothing."""
    return login("hallingdal-politikar")


@pytest.fixture
def lillehammer_secretariat_client(login):
    """A client logged in as `lillehammer-regionen-sekretariat`: edits Lillehammer-regionen's
    plans and budgets."""
    return login("lillehammer-regionen-sekretariat")


@pytest.fixture
def lillehammer_reader_client(login):
    """A client logged in as `lillehammer-regionen-politikar`: reads, edits nothing."""
    return login("lillehammer-regionen-politikar")


@pytest.fixture
def nord_gudbrandsdal_secretariat_client(login):
    """A client logged in as `nord-gudbrandsdal-sekretariat`: another council's secretariat,
    with no rights in Hallingdal or Lillehammer-regionen."""
    return login("nord-gudbrandsdal-sekretariat")


@pytest.fixture
def superuser_client(login):
    """A client logged in as the demo superuser `admin`: every council, and the admin site."""
    return login("admin")
