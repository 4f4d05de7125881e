"""Kiosk translations: Vietnamese source strings, English catalogues registered with core.i18n.

Each catalogue module (``shell`` for the app shell, ``submit`` for the dossier steps) defines ``EN``, a
mapping from the Vietnamese source string to English; all are registered under the ``kiosk`` domain.
Screens use ``from kiosk.messages import _``.
"""

from __future__ import annotations

import importlib

from core.i18n import register_catalogue, translator

DOMAIN = "kiosk"
CATALOGUES = ("kiosk.messages.shell", "kiosk.messages.submit", "kiosk.messages.lookup", "kiosk.messages.voice",
              "kiosk.messages.printing", "kiosk.messages.board")

_ = translator(DOMAIN)


def _register() -> None:
    for name in CATALOGUES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue  # a catalogue that has not landed yet
        english = getattr(module, "EN", None)
        if english:
            register_catalogue(DOMAIN, english)


_register()
