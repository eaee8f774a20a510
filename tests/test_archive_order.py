"""A restored row comes back after its siblings, never on top of one of them."""

import pytest

from measures import editing
from measures.models import Measure

pytestmark = pytest.mark.django_db


def test_a_measure_restored_after_its_siblings_were_reordered_keeps_a_place_of_its_own(
    hallingdal_secretariat,
):
    first, second, third = Measure.objects.filter(
        goal__code="1.1", goal__focus_area__plan__slug="regionplan"
    ).order_by("order")[:3]
    editing.set_archived(first, True, user=hallingdal_secretariat)
    editing.move(third, -1, user=hallingdal_secretariat)  # renumbers the active ones 1..n
    restored = editing.set_archived(first, False, user=hallingdal_secretariat)
    orders = list(Measure.objects.filter(goal=first.goal).values_list("order", flat=True))
    assert len(orders) == len(set(orders))
    assert restored.order == max(orders)
