"""The English catalogue is complete and its compiled .mo matches the .po in the repo."""

from pathlib import Path

import polib
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_string_has_an_english_translation():
    catalogue = polib.pofile(str(PO))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_source():
    def entries(catalogue):
        return {
            (e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural))
            for e in catalogue
            if e.msgid and (e.msgstr or e.msgstr_plural)
        }

    source = entries(polib.pofile(str(PO)))
    compiled = entries(polib.mofile(str(PO.with_suffix(".mo"))))
    assert compiled == source
