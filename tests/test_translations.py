"""The English catalogue is complete and its compiled form matches the source."""

import gettext
import re
from pathlib import Path

import wenming

CATALOGUE = Path(wenming.__file__).parent / "locale" / "en" / "LC_MESSAGES"


def po_entries() -> dict[str, str]:
    """msgid → msgstr (msgstr[0] for plurals) of the .po file, multi-line strings joined."""
    text = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    entries: dict[str, str] = {}
    for block in text.split("\n\n"):
        if "#, fuzzy" in block:  # a fuzzy entry is never compiled: it counts as untranslated
            block = re.sub(r'^msgstr "(.*)"$', 'msgstr ""', block, flags=re.MULTILINE)
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        fields: dict[str, str] = {}
        key = ""
        for line in lines:
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[0\])?|msgstr\[\d+\]|msgctxt)\s+"(.*)"$', line)
            if match:
                key = match[1]
                fields[key] = match[2]
            elif line.startswith('"') and key:
                fields[key] += line[1:-1]
        if fields.get("msgid"):
            entries[fields["msgid"]] = fields.get("msgstr", fields.get("msgstr[0]", ""))
    return entries


def test_every_message_has_an_english_translation():
    missing = [msgid for msgid, msgstr in po_entries().items() if not msgstr]
    assert missing == []


def test_compiled_catalogue_holds_every_message_of_the_source():
    with (CATALOGUE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    untranslated = [
        msgid
        for msgid in po_entries()
        if "\\" not in msgid and compiled.gettext(msgid) == msgid and compiled.ngettext(msgid, msgid, 1) == msgid
    ]
    assert untranslated == []
