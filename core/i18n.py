"""Translation layer: Vietnamese source strings, English catalogues per package.

Every user-facing string goes through a package's ``_``:

    from core.i18n import translator
    _ = translator("kiosk")        # catalogue registered by kiosk/messages.py
    label = _("Nộp hồ sơ")          # "Submit a dossier" when the language is English

Source strings are Vietnamese (NFC). ``{name}`` placeholders are filled with
``_("Xin chào {name}", name=...)`` after translation.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping

LANGUAGES = ("vi", "en")
_state = threading.local()
_default_language = "vi"
_catalogues: dict[str, dict[str, str]] = {}


def register_catalogue(domain: str, english: Mapping[str, str]) -> None:
    """Register (or extend) the English catalogue of a package."""
    _catalogues.setdefault(domain, {}).update(english)


def set_language(lang: str) -> None:
    """Set the process-wide language (the kiosk serves one citizen at a time)."""
    global _default_language
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGUAGES}")
    _default_language = lang


def get_language() -> str:
    """Return the current language code (``vi`` or ``en``)."""
    return getattr(_state, "lang", None) or _default_language


def gettext(domain: str, text: str, /, lang: str | None = None, **values: object) -> str:
    """Translate ``text`` from ``domain`` into ``lang`` (default: current) and fill placeholders."""
    lang = lang or get_language()
    out = text
    if lang == "en":
        out = _catalogues.get(domain, {}).get(text, text)
    return out.format(**values) if values else out


def translator(domain: str) -> Callable[..., str]:
    """Return a ``_(text, **values)`` function bound to ``domain``."""

    def _(text: str, /, lang: str | None = None, **values: object) -> str:
        return gettext(domain, text, lang=lang, **values)

    return _


def missing(domain: str, texts: list[str]) -> list[str]:
    """Return the source strings in ``texts`` that have no English translation (for tests)."""
    cat = _catalogues.get(domain, {})
    return [t for t in texts if t not in cat]
