"""Every page type is valid HTML by the W3C Nu HTML Checker (vnu-jar from npm, run offline
with Java 17; `make test` installs it with `npm ci`). htmx's hx-* attributes are the only
errors let through: the checker knows no attributes outside the HTML standard."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from accounts.models import Invitation
from measures.models import Measure
from plans.models import Council, Membership

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PLAN = "/hallingdal/regionplan/"
BUDGET = "/lillehammer-regionen/budsjett/2026/"
HTMX_ATTRIBUTE = re.compile(r"^Attribute “hx-[a-z-]+” not allowed")

PAGES = {
    None: [
        "/",
        "/hallingdal/",
        "/hallingdal/sok/?q=kollektiv",
        PLAN,
        PLAN + "?status=red&q=veg",
        PLAN + "endringar/",
        PLAN + "saker/",
        PLAN + "sak/03-26/",
        "/fylke/",
        "/fylke/innlandet/",
        "/fylke/innlandet/sok/?q=veg",
        "/api/",
        "/tilgjengelegheit/",
        "/logg-inn/",
        "/konto/passord/nullstill/",
    ],
    "hallingdal-politikar": [PLAN, "/konto/", PLAN + "endringar/?since=2025-01-01"],
    "hallingdal-sekretariat": [
        PLAN,
        PLAN + "statusrunde/",
        PLAN + "kvalitet/",
        PLAN + "saker/ny/",
        PLAN + "omtale/",
        "/hallingdal/tilgang/",
        "/hallingdal/innstillingar/",
        "/hallingdal/endringar/",
        "/hallingdal/importer/",
        "/konto/e-post/",
        "/konto/passord/",
        "/konto/tofaktor/",
        "/logg-ut/",
    ],
    "lillehammer-regionen-sekretariat": [BUDGET, BUDGET + "endringar/", "/lillehammer-regionen/"],
}


def check(paths):
    """The checker's errors for the files, hx-* attributes left out: [(file, line, message)]."""
    if shutil.which("java") is None:
        pytest.skip("Java is not installed: the W3C HTML checker (vnu.jar) needs Java 17")
    assert VNU.exists(), "the HTML checker is missing: run `npm ci` (or `make test`)"
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    return [
        (Path(m.get("url", "")).name, m.get("lastLine"), m["message"])
        for m in messages
        if not HTMX_ATTRIBUTE.match(m["message"])
    ]


def test_the_checker_finds_errors_so_a_pass_means_something(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html lang="nn"><title>x</title><p hx-get="/">'
        '<time datetime="2026-11-28T05:08:23.275874+01:00">i dag</time><div></span>'
    )
    errors = [message for _, _, message in check([page])]
    assert any("datetime" in message for message in errors)
    assert not any("hx-get" in message for message in errors)


def test_every_page_type_is_valid_html(login, client, tmp_path, measure):
    invitation, token = Invitation.new(
        council=Council.objects.get(slug="hallingdal"),
        email="ny@example.org",
        role="reader",
        invited_by=Membership.objects.filter(council__slug="hallingdal").first().user,
    )
    invitation.save()
    pages = {**PAGES, None: [*PAGES[None], measure.get_absolute_url(), f"/invitasjon/{token}/"]}
    archived = Measure.objects.filter(goal__focus_area__plan__slug="regionplan").last()
    pages["hallingdal-sekretariat"] += [
        measure.get_absolute_url(),
        measure.get_absolute_url() + "endre/",
        f"{PLAN}statusrunde/?measure={archived.pk}",
    ]
    files = []
    for username, urls in pages.items():
        browser = login(username) if username else client
        for number, url in enumerate(urls):
            response = browser.get(url)
            assert response.status_code == 200, url
            file = tmp_path / f"{username or 'anonymous'}-{number}.html"
            file.write_bytes(response.content)
            files.append((file, url))
    names = {file.name: f"{url} ({file.name.rsplit('-', 1)[0]})" for file, url in files}
    errors = [
        f"{names[name]} line {line}: {message}"
        for name, line, message in check([file for file, _ in files])
    ]
    assert errors == [], "\n".join(errors)
