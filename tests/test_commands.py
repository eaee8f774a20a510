import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_list_plans_prints_council_slug_plan_slug_and_title():
    out = io.StringIO()
    call_command("list_plans", stdout=out)
    assert out.getvalue().splitlines() == [
        "hallingdal regionplan Regionplan",
        "lillehammer-regionen handlings-og-okonomiplan-2026 Handlings- og økonomiplan 2026",
        "lillehammer-regionen strategisk-handlingsplan-2021-2025 Strategisk handlingsplan 2021-25",
        "nord-gudbrandsdal handlingsplan-2026 Handlingsplan 2026",
        "nord-gudbrandsdal strategisk-plan-2025-2028 Strategisk plan 2025–2028",
    ]


def test_seed_demo_prints_the_demo_logins():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "hallingdal-sekretariat" in out.getvalue()
    assert "nord-gudbrandsdal-politikar" in out.getvalue()
    assert "admin" in out.getvalue()
