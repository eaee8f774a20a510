import pytest
from django.core.exceptions import ValidationError

from plans.importing.remnants import has_html_remnants, remnants_to_text
from regionplan.lib.text import (
    normalise_line,
    normalise_text,
    reject_hidden_controls,
    text_to_html,
)

# What the trust review found turned into something else, and answered "saved".
TYPED = [
    "Mål: a<b og c>d",
    "Sjå <https://example.no/plan> for detaljar",
    "e-post <post@hallingdal.no>",
    "Skriv &lt;tag&gt;",
]


@pytest.mark.parametrize("typed", TYPED)
def test_typed_text_is_stored_exactly(typed):
    assert normalise_text(typed) == typed
    assert normalise_line(typed) == typed


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("  linje\r\nneste  \r\n\r\n\r\nny  \n\n", "  linje\nneste\n\n\nny"),
        ("ein\rto", "ein\nto"),
        ("", ""),
        (None, ""),
    ],
)
def test_only_line_endings_and_trailing_whitespace_are_normalised(raw, stored):
    assert normalise_text(raw) == stored


def test_a_single_line_field_joins_a_pasted_line_break():
    assert normalise_line("Næringshagen\r\nKommunane ") == "Næringshagen Kommunane"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<p>Første avsnitt.</p><p>Andre avsnitt.</p>", "Første avsnitt.\n\nAndre avsnitt."),
        ("Innleiing<ul><li>ein</li><li>to</li></ul>", "Innleiing\n\n- ein\n- to"),
        ("<b>Mål 1.1:</b> <i>tekst</i>", "Mål 1.1: tekst"),
        ("<p>Før</p><script>alert('x')</script>etter", "Før\n\netter"),
        ("<p>a &amp; b &lt; c</p>", "a & b < c"),
    ],
)
def test_html_remnants_in_an_imported_cell_become_paragraphs_and_lists(raw, clean):
    assert has_html_remnants(raw)
    assert remnants_to_text(raw) == clean


@pytest.mark.parametrize("typed", TYPED)
def test_typed_angle_brackets_and_entities_are_not_html_remnants(typed):
    assert not has_html_remnants(typed)


def test_text_to_html_builds_paragraphs_and_lists():
    html = text_to_html("Innleiing\n\n- ein\n- to\n\nSiste linje\nmed brot")
    assert html == (
        "<p>Innleiing</p><ul><li>ein</li><li>to</li></ul><p>Siste linje<br>med brot</p>"
    )


def test_text_to_html_never_renders_what_a_user_typed_as_markup():
    html = text_to_html("<script>alert(1)</script>\n- <b>fet</b>")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;fet&lt;/b&gt;" in html


def test_a_line_with_a_direction_override_is_isolated_from_what_follows():
    html = text_to_html("Ansvar: \u202eGol\nNeste linje")
    assert html == "<p><bdi>Ansvar: \u202eGol</bdi><br>Neste linje</p>"


@pytest.mark.parametrize("character", ["\u202e", "\u2066", "\u200f", "\u200b", "\ufeff"])
def test_short_fields_refuse_invisible_direction_and_zero_width_characters(character):
    with pytest.raises(ValidationError) as refused:
        reject_hidden_controls(f"5.4{character}.1")
    assert f"U+{ord(character):04X}" in refused.value.messages[0]


def test_models_store_typed_text_as_it_was_typed(hallingdal_plan):
    from plans.models import Goal

    area = hallingdal_plan.focus_areas.first()
    goal = Goal.objects.create(focus_area=area, code="9.9", text="<p>Ny</p> & a<b\r\n")
    goal.refresh_from_db()
    assert goal.text == "<p>Ny</p> & a<b"


def test_machine_time_drops_microseconds_and_shows_local_time_with_offset():
    import datetime

    from regionplan.lib.templatetags import machine_time

    at = datetime.datetime(2026, 11, 28, 4, 8, 23, 275874, tzinfo=datetime.UTC)
    assert machine_time(at) == "2026-11-28T05:08:23+01:00"
    assert machine_time(datetime.date(2026, 11, 28)) == "2026-11-28"
    assert machine_time(None) == ""
