"""Browser tests: Playwright drives Debian's chromium against a live server with the demo data."""

import io
import os
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in the test thread; Django would refuse DB access.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Playwright would send en-US; our users' browsers say Norwegian.
    return {**browser_context_args, "locale": "nn-NO"}


@pytest.fixture(autouse=True)
def _no_content_security_policy_violations(page):
    """Every browser test fails if the page broke the Content-Security-Policy: an inline
    script or style, eval, or a resource from elsewhere would mean part of it did not work."""
    violations = []
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', (event) => "
        "console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));"
    )
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if message.type == "error"
            and "CSP violation" in message.text
            or "Content Security Policy" in message.text
            else None
        ),
    )
    yield
    assert violations == []


@pytest.fixture
def site(live_server, settings):
    """The live server's URL, with the demo data loaded (live-server tests start empty)."""
    # Hashed static names need collectstatic; under live_server they would 404 and htmx not load.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("seed_demo", stdout=io.StringIO())
    return live_server.url


def log_in(page, site, username, password="demo"):
    page.goto(f"{site}/logg-inn/")
    page.get_by_label("Brukarnamn").fill(username)
    page.get_by_label("Passord").fill(password)
    # exact: identity providers' buttons say "Logg inn med …"
    page.get_by_role("button", name="Logg inn", exact=True).click()
    # Signed in, they land on their council (accounts.views.landing), or the list of councils.
    expect(page).not_to_have_url(re.compile(r"/logg-inn/"))
