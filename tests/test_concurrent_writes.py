"""Many people writing to one plan at once: no deadlock reaches them, nothing is lost.

Status changes, moves, field edits and archiving run together in threads against the same
goals. Every write takes the plan's row first (plans/editing.py), so they queue instead of
deadlocking; the only refusals are the 409s an editor is meant to see (a stale version, an
archived measure). PostgreSQL only: SQLite serialises all writers anyway.
"""

import itertools
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections

from measures import editing
from measures.models import Measure, StatusChange
from measures.status import Status
from regionplan.lib.editing import Archived, EditConflict

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's row locks"),
]

SECONDS = 6


def run_for(seconds, action, failures, refusals):
    def loop():
        try:
            deadline = time.monotonic() + seconds
            for turn in itertools.count():
                if time.monotonic() > deadline:
                    return
                try:
                    action(turn)
                except (EditConflict, Archived):
                    refusals.append(1)
                except Exception as error:  # anything else is what the test is looking for
                    failures.append(repr(error))
        finally:
            connections.close_all()

    return threading.Thread(target=loop)


def test_status_changes_moves_edits_and_archiving_together_give_no_errors(django_db_setup):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    user = get_user_model().objects.get(username="hallingdal-sekretariat")
    goals = list(
        Measure.objects.filter(
            goal__focus_area__plan__slug="regionplan", goal__code__in=["1.1", "1.2"]
        )
        .values_list("goal_id", flat=True)
        .distinct()
    )
    measures = list(Measure.objects.filter(goal_id__in=goals).order_by("pk"))
    statuses = [Status.GREEN, Status.YELLOW, Status.RED]
    failures, refusals = [], []

    def set_status(offset):
        def action(turn):
            measure = Measure.all_objects.get(pk=measures[(turn + offset) % len(measures)].pk)
            measure.change_status(statuses[turn % 3], comment=f"runde {turn}", user=user)

        return action

    def move(offset):
        def action(turn):
            measure = Measure.objects.filter(
                pk=measures[(turn + offset) % len(measures)].pk
            ).first()
            if measure:
                editing.move(measure, -1 if turn % 2 else 1, user=user)

        return action

    def edit(offset):
        def action(turn):
            measure = Measure.all_objects.get(pk=measures[(turn + offset) % len(measures)].pk)
            editing.update(
                measure,
                {"comment": f"kommentar {offset}-{turn}"},
                expected_version=measure.version,
                user=user,
            )

        return action

    def archive(turn):
        measure = Measure.all_objects.get(pk=measures[turn % len(measures)].pk)
        editing.set_archived(measure, archived=turn % 2 == 0, user=user)

    actions = [set_status(i) for i in range(3)] + [move(i) for i in range(3)]
    actions += [edit(i) for i in range(2)] + [archive]
    threads = [run_for(SECONDS, action, failures, refusals) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    changes = StatusChange.objects.filter(measure__in=measures).order_by(
        "measure", "changed_at", "id"
    )
    assert changes.count() > 50, "the status threads did work"
    for measure in measures:
        chain = [c for c in changes if c.measure_id == measure.pk]
        for before, after in itertools.pairwise(chain):
            assert after.from_status == before.to_status
        current = Measure.all_objects.get(pk=measure.pk)
        if chain:
            assert current.status == chain[-1].to_status
    orders = Measure.objects.filter(goal_id__in=goals).values_list("goal_id", "order")
    for goal in goals:
        mine = sorted(order for goal_id, order in orders if goal_id == goal)
        assert len(mine) == len(set(mine)), "moves left each goal's order distinct"
