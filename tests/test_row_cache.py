"""Measure rows kept between plan pages (measures/row_cache.py): a row comes from the cache only
while everything it shows is unchanged, forms in it carry the request's own CSRF token, and a
status change renders that one row again."""

import re

import pytest
from helpers import measure_by_code

from budgets.models import BudgetLine
from measures.models import Measure
from measures.row_cache import CSRF_PLACEHOLDER, RowCache

PLAN = "/hallingdal/regionplan/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendered(monkeypatch):
    """How many rows each plan page had to render (the rest came from the cache)."""
    counts = []
    save = RowCache.save

    def counting_save(self):
        counts.append(len(self.new))
        save(self)

    monkeypatch.setattr(RowCache, "save", counting_save)
    return counts


def without_tokens(html):
    """The page without its CSRF tokens, masked anew on every page."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"x-csrftoken": "[^"]+"', "", html)


def test_second_plan_page_takes_every_row_from_the_cache_and_looks_the_same(
    hallingdal_secretariat_client, rendered
):
    first = hallingdal_secretariat_client.get(PLAN).content.decode()
    second = hallingdal_secretariat_client.get(PLAN).content.decode()
    assert rendered == [69, 0]
    assert without_tokens(first) == without_tokens(second)
    assert CSRF_PLACEHOLDER not in second


def test_a_form_in_a_cached_row_carries_this_requests_token_and_is_accepted(login, measure):
    login("hallingdal-sekretariat").get(PLAN)  # another person fills the cache
    client = login("hallingdal-sekretariat", enforce_csrf_checks=True)
    page = client.get(PLAN).content.decode()
    form = re.search(rf'action="{PLAN}tiltak/{measure.pk}/status/".*?</form>', page, re.S)[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    response = client.post(
        f"{PLAN}tiltak/{measure.pk}/status/",
        {"csrfmiddlewaretoken": token, "status": "green", "comment": "Ferdig «æøå»"},
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == "green"


def test_text_that_looks_like_the_token_placeholder_is_shown_as_typed(
    hallingdal_secretariat_client, measure
):
    measure.comment = f'value="{CSRF_PLACEHOLDER}"'
    measure.save()
    hallingdal_secretariat_client.get(PLAN)
    page = hallingdal_secretariat_client.get(PLAN).content.decode()
    assert f"value=&quot;{CSRF_PLACEHOLDER}&quot;" in page


def test_a_status_change_renders_only_that_row_again(
    hallingdal_secretariat_client, measure, rendered
):
    hallingdal_secretariat_client.get(PLAN)
    hallingdal_secretariat_client.post(
        f"{PLAN}tiltak/{measure.pk}/status/", {"status": "red", "comment": "Forseinka"}
    )
    page = hallingdal_secretariat_client.get(PLAN).content.decode()
    assert rendered == [69, 1]
    row = re.search(rf'<tr id="measure-{measure.pk}".*?</tr>', page, re.S)[0]
    assert "badge--red" in row and "Forseinka" in row


def test_a_change_made_without_signals_is_shown_at_once(hallingdal_secretariat_client):
    hallingdal_secretariat_client.get(PLAN)
    Measure.objects.filter(pk=measure_by_code("1.1.1").pk).update(code="1.1.9")
    assert "1.1.9" in hallingdal_secretariat_client.get(PLAN).content.decode()


def test_what_members_see_never_reaches_the_public_through_the_cache(
    hallingdal_reader_client, client
):
    measure = measure_by_code("1.1.1")
    measure.internal_note = "Berre for rådet"
    measure.save()
    assert "Berre for rådet" in hallingdal_reader_client.get(PLAN).content.decode()
    assert "Berre for rådet" not in client.get(PLAN).content.decode()


def test_rows_with_budget_lines_show_a_changed_amount_at_once(lillehammer_secretariat_client):
    line = BudgetLine.objects.filter(measure__isnull=False, amount__isnull=False).first()
    url = line.measure.goal.focus_area.plan.get_absolute_url()
    lillehammer_secretariat_client.get(url)
    BudgetLine.objects.filter(pk=line.pk).update(amount=123_456_789, carried_over=0)
    assert "123\u202f456\u202f789" in lillehammer_secretariat_client.get(url).content.decode()


def test_rows_with_marked_search_words_are_not_stored(hallingdal_secretariat_client, rendered):
    hallingdal_secretariat_client.get(PLAN, {"q": "reiseliv"})
    assert rendered == [0]
