"""The change log names a changed field as the forms do, in the reader's language."""

from plans.models import ChangeRecord


def test_change_log_names_changed_fields_in_the_councils_language(
    measure, hallingdal_secretariat, hallingdal_reader_client
):
    for field in ("comment", "text"):
        ChangeRecord.of(
            measure, ChangeRecord.Action.UPDATED, hallingdal_secretariat, field, "før", "etter"
        ).save()
    page = hallingdal_reader_client.get("/hallingdal/regionplan/endringar/").content.decode()
    assert "Endra kommentar" in page and "Endra tiltak" in page
    assert "Endra comment" not in page and "Endra text" not in page


def test_a_field_no_model_has_any_more_is_named_as_stored(measure, hallingdal_secretariat):
    record = ChangeRecord.of(measure, ChangeRecord.Action.UPDATED, hallingdal_secretariat, "gone")
    assert record.field_label == "gone"
