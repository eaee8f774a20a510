import pytest
from django.db import DatabaseError, connection, transaction

from measures.models import StatusChange
from measures.status import Status

pytestmark = pytest.mark.django_db


def test_change_status_appends_one_record_with_from_and_to(measure, hallingdal_secretariat):
    measure.change_status(Status.YELLOW, comment="I gang", user=hallingdal_secretariat)
    measure.change_status(Status.GREEN, comment="Ferdig", user=hallingdal_secretariat)

    measure.refresh_from_db()
    assert measure.status == Status.GREEN
    history = list(measure.status_changes.values_list("from_status", "to_status", "comment"))
    assert history == [
        (Status.NOT_ASSESSED, Status.YELLOW, "I gang"),
        (Status.YELLOW, Status.GREEN, "Ferdig"),
    ]


def test_change_status_rejects_an_unknown_status_and_writes_nothing(measure):
    with pytest.raises(ValueError):
        measure.change_status("purple")
    assert not measure.status_changes.exists()


def test_history_records_cannot_be_changed_or_deleted_through_the_orm(measure):
    change = measure.change_status(Status.RED)
    with pytest.raises(TypeError):
        change.save()
    with pytest.raises(TypeError):
        change.delete()
    with pytest.raises(TypeError):
        StatusChange.objects.filter(pk=change.pk).update(comment="rewritten")
    with pytest.raises(TypeError):
        StatusChange.objects.filter(pk=change.pk).delete()


def test_database_rejects_rewriting_history_even_in_raw_sql(measure):
    change = measure.change_status(Status.RED)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE measures_statuschange SET comment = 'x' WHERE id = %s", [change.pk])
    assert StatusChange.objects.get(pk=change.pk).comment == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="DELETE trigger is PostgreSQL-only")
def test_postgresql_rejects_deleting_history_in_raw_sql(measure):
    change = measure.change_status(Status.RED)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM measures_statuschange WHERE id = %s", [change.pk])
    assert StatusChange.objects.filter(pk=change.pk).exists()


def test_a_measure_with_history_cannot_be_deleted(measure):
    from django.db.models import ProtectedError

    measure.change_status(Status.RED)
    with pytest.raises(ProtectedError):
        measure.delete()
