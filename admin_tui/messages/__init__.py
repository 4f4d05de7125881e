"""Translation layer of the admin console: ``_`` for domain ``admin``; English catalogues register on import.

Source strings are Vietnamese; ``shell`` holds the shell's (login, catalogue, users, audit) and
``modes`` the other modes' English catalogue.
"""

from __future__ import annotations

import importlib

from core.i18n import translator

_ = translator("admin")

from admin_tui.messages import delivery, shell  # noqa: E402,F401  (registers the English catalogues)

try:
    importlib.import_module("admin_tui.messages.modes")
except ModuleNotFoundError as exc:  # the other modes' catalogue is optional
    if exc.name != "admin_tui.messages.modes":
        raise
