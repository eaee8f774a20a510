"""The admin in nn and nb: Django's catalogues where they have a string, ours
(locale_packages/) where Django's or a package's lacks it."""

from pathlib import Path

import django
import polib
import pytest
from django.apps import apps
from django.contrib import admin
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import trans_real

DJANGO = Path(django.__file__).parent
PACKAGE_APPS = ["axes", "django_tasks_database", "account", "socialaccount", "mfa"]


def translated_in(language, msgid, context=None):
    catalog = trans_real.translation(language)._catalog
    key = f"{context}\x04{msgid}" if context else msgid
    return bool(catalog.get(key) or catalog.get((key, 0)))


@pytest.mark.parametrize("language", ["nn", "nb"])
@pytest.mark.parametrize("part", ["contrib/admin", "contrib/auth", "conf"])
def test_every_string_of_djangos_admin_auth_and_forms_has_a_translation(part, language):
    source = polib.pofile(str(DJANGO / part / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    missing = [
        e.msgid
        for e in source
        if not e.obsolete and not translated_in(language, e.msgid, e.msgctxt)
    ]
    assert not missing, f"add to locale_packages/{language}: {missing}"


def lazy_message(value):
    """The msgid (and context) behind a gettext_lazy/pgettext_lazy value, or None for a
    plain string, which no catalogue can translate."""
    if not isinstance(value, Promise):
        return None
    args = value._args
    if "{}" in args[0] or any(isinstance(arg, Promise) for arg in args):
        return None  # format_lazy("{}s", verbose_name): no message of its own
    return (args[1], args[0]) if len(args) == 2 else (args[0], None)


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_the_packages_admin_names_are_translated(language):
    names = []
    for model in admin.site._registry:
        meta = model._meta
        if meta.app_label not in PACKAGE_APPS:
            continue
        names += [apps.get_app_config(meta.app_label).verbose_name, meta.verbose_name_plural]
        for field in meta.get_fields():
            names.append(getattr(field, "verbose_name", None))
            names += [label for _, label in getattr(field, "choices", None) or []]
    messages = [m for m in map(lazy_message, names) if m]
    assert len(messages) > 50
    missing = [m for m in messages if not translated_in(language, *m)]
    assert not missing, f"add to locale_packages/{language}: {missing}"


def test_admin_pages_read_in_nynorsk(superuser_client):
    superuser_client.cookies["django_language"] = "nn"
    index = superuser_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="nn").content.decode()
    assert "Innloggingsforsøk" in index and "Bakgrunnsoppgåver" in index
    assert "Access attempts" not in index and "Task Results" not in index
    add_user = superuser_client.get("/admin/auth/user/add/").content.decode()
    assert "Innlogging med passord" in add_user
    assert "After you’ve created a user" not in add_user
    with translation.override("nn"):
        tasks = superuser_client.get("/admin/django_tasks_database/dbtaskresult/")
    assert "Bakgrunnsoppgåver" in tasks.content.decode()
