import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["manage.py", "regionplan", "accounts", "plans", "measures", "budgets", "templates"]


# The project's catalogue and each app's own (an app with a locale/ directory of its own keeps
# its strings there: rounds/locale).
CATALOGUE_ROOTS = [ROOT, *sorted(path.parent for path in ROOT.glob("*/locale"))]


def catalogue(root, language):
    return polib.pofile(str(root / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("root", CATALOGUE_ROOTS, ids=lambda root: root.name)
@pytest.mark.parametrize("language", ["nn", "nb"])
def test_every_message_is_translated(language, root):
    po = catalogue(root, language)
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or e.fuzzy)]
    assert not missing, f"untranslated in {language}: {missing}"


@pytest.mark.parametrize("root", CATALOGUE_ROOTS, ids=lambda root: root.name)
@pytest.mark.parametrize("language", ["nn", "nb"])
def test_placeholders_survive_translation(language, root):
    import re

    placeholder = re.compile(r"%\(\w+\)s")
    for entry in catalogue(root, language):
        if entry.obsolete:
            continue
        expected = sorted(placeholder.findall(entry.msgid))
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text:
                assert sorted(placeholder.findall(text)) == expected, entry.msgid


def test_catalogues_hold_every_string_in_the_code_and_templates(tmp_path, monkeypatch, settings):
    """Re-extracts the messages in a copy of the sources: a new string must be in the .po."""
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    # makemessages reads the sources under the working directory and writes to the first of
    # LOCALE_PATHS: both must be the copy, or it would rewrite the project's own catalogue.
    monkeypatch.chdir(tmp_path)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    call_command("makemessages", locale=["nn"], no_obsolete=True, verbosity=0)
    extracted = {e.msgid for e in catalogue(tmp_path, "nn") if not e.obsolete}
    committed = {e.msgid for e in catalogue(ROOT, "nn") if not e.obsolete}
    assert extracted - committed == set(), "run makemessages and translate the new strings"


@pytest.mark.parametrize("root", CATALOGUE_ROOTS, ids=lambda root: root.name)
def test_compiled_catalogues_are_present(root):
    for language in ("nn", "nb", "en"):
        assert (root / "locale" / language / "LC_MESSAGES" / "django.mo").exists()
