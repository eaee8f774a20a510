import pytest

from regionplan.lib.text import clean_text, text_to_html


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<p>Første avsnitt.</p><p>Andre avsnitt.</p>", "Første avsnitt.\n\nAndre avsnitt."),
        ("Innleiing<ul><li>ein</li><li>to</li></ul>", "Innleiing\n\n- ein\n- to"),
        ("<b>Mål 1.1:</b> <i>tekst</i>", "Mål 1.1: tekst"),
        ("Før<script>alert('x')</script>etter", "Føretter"),
        ('<a href="javascript:alert(1)" onclick="x()">lenke</a>', "lenke"),
        ("• punkt ein\n• punkt to", "- punkt ein\n- punkt to"),
        ("a &amp; b &lt; c", "a & b < c"),
        ("  linje\r\nneste  \n\n\n\nny", "linje\nneste\n\nny"),
        ("", ""),
        (None, ""),
    ],
)
def test_clean_text_strips_markup_and_keeps_paragraphs_and_lists(raw, clean):
    assert clean_text(raw) == clean


def test_text_to_html_builds_paragraphs_and_lists():
    html = text_to_html("Innleiing\n\n- ein\n- to\n\nSiste linje\nmed brot")
    assert html == (
        "<p>Innleiing</p><ul><li>ein</li><li>to</li></ul><p>Siste linje<br>med brot</p>"
    )


def test_text_to_html_never_renders_what_a_user_typed_as_markup():
    html = text_to_html("<script>alert(1)</script>\n- <b>fet</b>")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;fet&lt;/b&gt;" in html


def test_models_store_sanitised_text(hallingdal_plan):
    from plans.models import Goal

    area = hallingdal_plan.focus_areas.first()
    goal = Goal.objects.create(focus_area=area, code="9.9", text="<p>Ny</p><script>x()</script>")
    goal.refresh_from_db()
    assert goal.text == "Ny"
