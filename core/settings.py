"""Typed settings from a TOML file plus ``KIOSK_*`` environment variables."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, get_type_hints

import platformdirs

from core.errors import ConfigError

APP_NAME = "vn-service-kiosk"
ENV_PREFIX = "KIOSK_"


@dataclass(frozen=True)
class Settings:
    """Every setting the product reads. Defaults run on a bare laptop.

    Attributes:
        data_dir: Where every file the product writes goes (database, scans, print jobs, logs).
        database_url: SQLAlchemy URL; default SQLite file in ``data_dir``.
        site_code: Code of the site (service point) this kiosk belongs to.
        kiosk_code: Code of this kiosk.
        printer_url: ``tcp://host:9100``, ``usb://VID:PID``, ``serial:///dev/ttyUSB0?baudrate=..``,
            ``file:///dev/usb/lp0``, ``cups://queue`` or ``virtual://`` (bundled virtual printer).
        paper_width_mm: 80 or 58.
        printer_dots: Dots across the print head; 0 in the file means the paper's default (576 for
            80 mm, 384 for 58 mm) and is replaced by it. E.g. 512 for 180 dpi 80 mm heads (TM-T88),
            432, or 640. Nothing is printed wider than this.
        printer_font: TTF with Vietnamese glyphs for raster text.
        camera_source: ``/dev/videoN``, an index, a video file, a folder of images, or empty for none.
        language: Default language, ``vi`` or ``en``.
        idle_timeout_s: Seconds of quiet before the kiosk asks "still there?".
        idle_countdown_s: Seconds of the countdown before the session is wiped.
        heartbeat_interval_s: Seconds between device heartbeats.
        device_check_interval_s: Seconds between camera checks while the kiosk is idle on Welcome (also at start).
        scan_retention_days: Days scans are kept after hand-over is acknowledged (0 = purge at once).
        handover_retention_days: Days a hand-over PDF (personal data) is kept in ``data_dir/handover``.
        print_retention_days: Days a finished print job keeps its personal fields (name, phone, address in the
            stored payload) and its printer images (``data_dir/print-jobs``); a handed-over dossier's go at once.
        closed_scan_retention_days: Days the scans of a dossier withdrawn or rejected before hand-over are kept
            after it was closed (it is never handed over, so the hand-over purge never reaches it).
        demo: Demo mode: simulated devices and sample frames.
        hotline: Phone number printed on receipts (empty: no hotline line; never a placeholder number).
        voice_guidance: Speak each step's instruction (also on when the site's ``voice_guidance`` is).
        speech_command: The offline speech engine (espeak-ng's executable, a name on PATH or a path).
    """

    data_dir: Path = field(default_factory=lambda: Path(platformdirs.user_data_dir(APP_NAME)))
    database_url: str = ""
    site_code: str = "BD-HN-001"
    kiosk_code: str = "K01"
    printer_url: str = "virtual://"
    paper_width_mm: int = 80
    printer_dots: int = 0
    printer_font: str = ""
    camera_source: str = ""
    language: str = "vi"
    idle_timeout_s: int = 90
    idle_countdown_s: int = 20
    heartbeat_interval_s: int = 5
    device_check_interval_s: int = 60
    scan_retention_days: int = 0
    handover_retention_days: int = 7
    print_retention_days: int = 7
    closed_scan_retention_days: int = 30
    demo: bool = False
    hotline: str = ""
    voice_guidance: bool = False
    speech_command: str = "espeak-ng"

    def __post_init__(self) -> None:
        if not self.database_url:
            object.__setattr__(self, "database_url", f"sqlite:///{Path(self.data_dir) / 'kiosk.db'}")
        if not self.printer_dots:
            object.__setattr__(self, "printer_dots", default_printer_dots(self.paper_width_mm))

    @property
    def embedded_database(self) -> bool:
        """True when the database is the default SQLite file in ``data_dir`` (not a configured one)."""
        return self.database_url == f"sqlite:///{Path(self.data_dir) / 'kiosk.db'}"

    def with_(self, **changes: Any) -> "Settings":
        """Return a copy with ``changes`` applied (database URL recomputed if it was derived)."""
        if "data_dir" in changes and "database_url" not in changes and self.database_url == (
            f"sqlite:///{Path(self.data_dir) / 'kiosk.db'}"
        ):
            changes["database_url"] = ""
        if "paper_width_mm" in changes and "printer_dots" not in changes and (
            self.printer_dots == default_printer_dots(self.paper_width_mm)
        ):
            changes["printer_dots"] = 0  # derived from the old paper width: derive it again
        return dataclasses.replace(self, **changes)

    @property
    def jobs_dir(self) -> Path:
        """Folder for stored print jobs and their PNG previews."""
        return Path(self.data_dir) / "print-jobs"

    @property
    def scans_dir(self) -> Path:
        """Folder for captured document pages (purged after hand-over)."""
        return Path(self.data_dir) / "scans"


def default_printer_dots(paper_width_mm: int) -> int:
    """Dots across a standard 203 dpi head: 576 for 80 mm paper, 384 for 58 mm."""
    return 576 if paper_width_mm == 80 else 384


_VALIDATORS = {
    "paper_width_mm": lambda v: v in (58, 80) or "must be 58 or 80",
    "printer_dots": lambda v: v == 0 or (v % 8 == 0 and 256 <= v <= 640) or (
        "must be 0 (the paper's default) or a multiple of 8 from 256 to 640, e.g. 576, 512 or 384"),
    "language": lambda v: v in ("vi", "en") or "must be 'vi' or 'en'",
    "idle_timeout_s": lambda v: v >= 5 or "must be at least 5",
    "idle_countdown_s": lambda v: v >= 1 or "must be at least 1",
    "heartbeat_interval_s": lambda v: v >= 1 or "must be at least 1",
    "device_check_interval_s": lambda v: v >= 5 or "must be at least 5",
    "scan_retention_days": lambda v: v >= 0 or "must not be negative",
    "handover_retention_days": lambda v: v >= 0 or "must not be negative",
    "print_retention_days": lambda v: v >= 0 or "must not be negative",
    "closed_scan_retention_days": lambda v: v >= 0 or "must not be negative",
}


def _coerce(name: str, typ: Any, raw: Any, where: str) -> Any:
    try:
        if typ is bool:
            if isinstance(raw, bool):
                return raw
            low = str(raw).strip().lower()
            if low in ("1", "true", "yes", "on"):
                return True
            if low in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(raw)
        if typ is int:
            if isinstance(raw, bool):
                raise ValueError(raw)
            return int(raw)
        if typ is Path:
            return Path(os.path.expanduser(str(raw)))
        if not isinstance(raw, (str, int, float)):
            raise ValueError(raw)
        return str(raw)
    except (TypeError, ValueError):
        kind = {bool: "true/false", int: "a whole number", Path: "a path"}.get(typ, "text")
        raise ConfigError(f"{where}: key '{name}' must be {kind}, got {raw!r}") from None


def default_config_path() -> Path:
    """Return the settings file path: ``KIOSK_CONFIG`` or ``<user config dir>/kiosk.toml``."""
    env = os.environ.get(ENV_PREFIX + "CONFIG")
    return Path(env) if env else Path(platformdirs.user_config_dir(APP_NAME)) / "kiosk.toml"


def load_settings(
    path: Path | None = None, env: dict[str, str] | None = None, **overrides: Any
) -> Settings:
    """Load settings: defaults < TOML file < ``KIOSK_*`` environment < keyword overrides.

    Args:
        path: TOML file; default :func:`default_config_path`. A missing default file is fine;
            a missing explicit file is an error.
        env: Environment mapping (default ``os.environ``).
        **overrides: Final values (for example from command-line flags).

    Raises:
        ConfigError: naming the file or variable and the key.
    """
    env = dict(os.environ if env is None else env)
    explicit = path is not None or (ENV_PREFIX + "CONFIG") in env
    source = "--config" if path is not None else f"{ENV_PREFIX}CONFIG"
    if path is None:
        path = Path(env[ENV_PREFIX + "CONFIG"]) if ENV_PREFIX + "CONFIG" in env else default_config_path()
    hints = get_type_hints(Settings)
    names = {f.name for f in fields(Settings)}
    values: dict[str, Any] = {}

    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from None
        data = data.get("kiosk", data) if isinstance(data.get("kiosk"), dict) else data
        for key, raw in data.items():
            if key not in names:
                raise ConfigError(f"{path}: unknown key '{key}'")
            values[key] = _coerce(key, hints[key], raw, str(path))
    elif explicit:
        raise ConfigError(f"{source}: settings file {path} does not exist")

    for var, raw in env.items():
        if not var.startswith(ENV_PREFIX) or var == ENV_PREFIX + "CONFIG":
            continue
        key = var[len(ENV_PREFIX):].lower()
        if key not in names:
            continue  # other tools may share the prefix; unknown variables are ignored
        values[key] = _coerce(key, hints[key], raw, f"environment variable {var}")

    for key, raw in overrides.items():
        if raw is not None:
            values[key] = _coerce(key, hints[key], raw, "command line")

    for key, check in _VALIDATORS.items():
        if key in values:
            ok = check(values[key])
            if ok is not True:
                raise ConfigError(f"{_where(key, path, env)}: key '{key}' {ok}")
    return Settings(**values)


def _where(key: str, path: Path, env: dict[str, str]) -> str:
    var = ENV_PREFIX + key.upper()
    return f"environment variable {var}" if var in env else str(path)
