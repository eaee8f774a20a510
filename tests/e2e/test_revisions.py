"""A revision in the browser: proposing with the keyboard-reachable forms, the draft and the
changes document checked with axe, on a phone too."""

from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from measures.models import Measure
from plans.models import Plan
from revisions import services
from revisions.models import Proposal

from .conftest import log_in


def serious_violations(page):
    results = Axe().run(page)
    violations = results.response["violations"]
    return [v for v in violations if v["impact"] in ("serious", "critical")], results


def test_secretariat_proposes_and_reads_the_changes_document(page, site):
    log_in(page, site, "hallingdal-sekretariat")
    page.goto(f"{site}/hallingdal/regionplan/revisjonar/")
    bad, results = serious_violations(page)
    assert not bad, results.generate_report()
    page.get_by_role("button", name="Start ein revisjon").click()
    expect(page.get_by_text("Revisjonen er starta")).to_be_visible()

    page.get_by_role("link", name="Foreslå endring – 1.1.2", exact=False).first.click()
    page.get_by_label("Juster").check()
    page.get_by_label("Ny tekst").fill(
        "Utvikle Hallingdal som ein næringsvenleg region med ein felles portal"
    )
    page.get_by_label("Grunn", exact=True).fill("Portalen må driftast vidare.")
    page.get_by_label("Ein kommune").check()
    page.get_by_label("Kva kommune eller organ").fill("Gol kommune")
    bad, results = serious_violations(page)
    assert not bad, results.generate_report()
    page.get_by_role("button", name="Lagre").click()  # a normal form: CSRF token with it
    expect(page.get_by_text("Forslaget er lagra.")).to_be_visible()
    expect(page.get_by_text("Justert")).to_be_visible()
    bad, results = serious_violations(page)
    assert not bad, results.generate_report()

    page.get_by_role("link", name="Endringsdokument", exact=True).first.click()
    expect(page.locator("ins", has_text="felles")).to_be_visible()
    expect(page.get_by_text("Portalen må driftast vidare.")).to_be_visible()
    bad, results = serious_violations(page)
    assert not bad, results.generate_report()


def test_a_reader_reads_the_changes_document_at_320_px(browser, site):
    plan = Plan.objects.get(council__slug="hallingdal", slug="regionplan")
    user = get_user_model().objects.get(username="hallingdal-sekretariat")
    revision, _ = services.start_revision(plan, user=user)
    measure = Measure.objects.get(goal__focus_area__plan=plan, code="1.2.2")
    services.add_proposal(
        revision,
        Proposal(
            kind="remove",
            level="measure",
            measure=measure,
            reason="Fylkesdistriktssenteret er avklart.",
            source="secretariat",
        ),
        user=user,
    )
    context = browser.new_context(viewport={"width": 320, "height": 900}, locale="nn-NO")
    page = context.new_page()
    log_in(page, site, "hallingdal-politikar")
    page.goto(f"{site}/hallingdal/regionplan/revisjonar/")
    # A reader sees revisions but cannot start one.
    expect(page.get_by_role("heading", name="Revisjonar")).to_be_visible()
    expect(page.get_by_role("button", name="Start ein revisjon")).to_have_count(0)
    page.get_by_role("link", name="Endringsdokument", exact=False).first.click()
    expect(page.locator("del", has_text="fylkesdistriktssenter")).to_be_visible()
    expect(page.get_by_text("Fylkesdistriktssenteret er avklart.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    bad, results = serious_violations(page)
    assert not bad, results.generate_report()
    context.close()
