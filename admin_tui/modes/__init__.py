"""The console's modes: which module implements each, its key, its title, and which roles see it.

A mode module exposes one ``textual.screen.Screen`` subclass named in :data:`MODE_INFOS` whose
constructor takes the :class:`admin_tui.context.AdminContext` (normally a subclass of
``admin_tui.widgets.mode_screen.ModeScreen``). A module that is missing is simply not shown.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass

from textual.screen import Screen

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModeInfo:
    """One area of the console.

    Attributes:
        name: Mode name (``App.switch_mode`` key, also the mode bar button id ``mode-<name>``).
        module: Module that implements it.
        class_name: Screen class in that module.
        title: Vietnamese title (translated when shown).
        key: Key binding that switches to it.
    """

    name: str
    module: str
    class_name: str
    title: str
    key: str


MODE_INFOS: tuple[ModeInfo, ...] = (
    ModeInfo("catalogue", "admin_tui.modes.catalogue", "CatalogueMode", "Danh mục", "f2"),
    ModeInfo("queue", "admin_tui.modes.queue", "QueueMode", "Hàng đợi", "f3"),
    ModeInfo("dossiers", "admin_tui.modes.dossiers", "DossiersMode", "Hồ sơ", "f4"),
    ModeInfo("devices", "admin_tui.modes.devices", "DevicesMode", "Thiết bị", "f5"),
    ModeInfo("reports", "admin_tui.modes.reports", "ReportsMode", "Báo cáo", "f6"),
    ModeInfo("settings", "admin_tui.modes.settings", "SettingsMode", "Cài đặt", "f7"),
    ModeInfo("users", "admin_tui.modes.users", "UsersMode", "Người dùng", "f8"),
    ModeInfo("audit", "admin_tui.modes.audit", "AuditMode", "Nhật ký", "f9"),
)

#: Role -> modes it may open, in display order. Admins see everything.
ROLE_MODES: dict[str, tuple[str, ...]] = {
    "admin": tuple(m.name for m in MODE_INFOS),
    "agent": ("queue", "dossiers"),
    "technician": ("devices",),
}


def info(name: str) -> ModeInfo:
    """Return the :class:`ModeInfo` called ``name`` (KeyError when unknown)."""
    for mode in MODE_INFOS:
        if mode.name == name:
            return mode
    raise KeyError(name)


def load(mode: ModeInfo) -> type[Screen] | None:
    """Import a mode's screen class; None when its module does not exist (yet).

    Errors inside an existing module are raised: a broken mode must be seen, not hidden.
    """
    try:
        module = importlib.import_module(mode.module)
    except ModuleNotFoundError as exc:
        if exc.name == mode.module:
            return None
        raise
    screen = getattr(module, mode.class_name, None)
    if screen is None:
        log.warning("mode module %s has no %s", mode.module, mode.class_name)
    return screen


def modes_for(role: str) -> list[tuple[ModeInfo, type[Screen]]]:
    """Return the available modes ``role`` may open, with their screen classes, in display order."""
    allowed = ROLE_MODES.get(role, ())
    out = []
    for mode in MODE_INFOS:
        if mode.name in allowed and (screen := load(mode)) is not None:
            out.append((mode, screen))
    return out
