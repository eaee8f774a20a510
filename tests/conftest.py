import io

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the demo councils; each test rolls back its changes."""
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def hallingdal_plan(db):
    from plans.models import Plan

    return Plan.objects.get(council__slug="hallingdal", slug="regionplan")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rolled-back tests reuse primary keys; a page cached by one must not leak into the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def budget(db):
    """Lillehammer-regionen's 2026 budget (seed 003)."""
    from budgets.models import Budget

    return Budget.objects.get(council__slug="lillehammer-regionen", year=2026)


@pytest.fixture
def treasurer(client, django_user_model):
    """A client logged in as Lillehammer-regionen's secretariat."""
    client.force_login(django_user_model.objects.get(username="lillehammer-regionen-sekretariat"))
    return client
