"""Every user-facing kiosk string has an English translation; source strings are NFC Vietnamese."""

from __future__ import annotations

import ast
import unicodedata
from pathlib import Path

import kiosk
from core.i18n import gettext, missing
from kiosk.messages import DOMAIN

KIOSK_DIR = Path(kiosk.__file__).parent


def translatable_literals() -> dict[str, str]:
    """Map every ``_("...")`` literal in kiosk/ to the file it is in."""
    found: dict[str, str] = {}
    for path in sorted(KIOSK_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value, str(path.relative_to(KIOSK_DIR)))
    return found


def test_every_literal_has_an_english_translation():
    literals = translatable_literals()
    assert len(literals) > 50
    gaps = missing(DOMAIN, sorted(literals))
    assert not gaps, "no English for: " + "; ".join(f"{t!r} ({literals[t]})" for t in gaps)


def test_translated_labels_from_tables_have_english():
    from kiosk.screens import id_card, lookup, rating, ticket_only, welcome
    from kiosk.widgets import format as fmt

    texts = [*id_card.CITIZEN_REASONS.values(), id_card.GENERIC_REASON, *rating.LEVELS.values(), *rating.CRITERIA.values(), *fmt.WEEKDAYS, *welcome.DAY_NAMES.values(),
             *lookup.DEADLINE_TEXT.values(), ticket_only.PRINTING, ticket_only.PRINTED, ticket_only.PRINTER_FAULT,
             *ticket_only.PRIORITY_GROUPS.values()]
    assert not missing(DOMAIN, texts)


def test_source_strings_are_nfc_and_placeholders_survive_translation():
    for text in translatable_literals():
        assert unicodedata.normalize("NFC", text) == text, text
        english = gettext(DOMAIN, text, lang="en")
        for name in [p.split("}")[0] for p in text.split("{")[1:]]:
            assert "{" + name + "}" in english, (text, english)
