"""The page's assets from this machine only: the terminal script, its stylesheet and a Vietnamese monospace font."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from core.errors import KioskError

# The family name the page declares with @font-face and the terminal asks for: a served file, never a font host.
FONT_FAMILY = "Kiosk Mono"
# The primary font must have every precomposed Vietnamese letter (U+1EA0–U+1EF9): without them the browser
# builds "ấ" from "â" and a spacing accent and the tone mark lands on the next cell ("Lâý sô´").
# DejaVu Sans Mono lacks that block, so it is only the fallback (box drawing, ✓). fonts-noto-mono is installed
# by scripts/setup.sh; Liberation Mono 2 also covers Vietnamese.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf",
    "/usr/share/fonts/noto/NotoSansMono-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
)
FALLBACK_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/TTF/DejaVuSansMono.ttf",
)

# textual-serve's client hard-codes an outside font and keeps its terminal private. Two exact replacements:
# our font family, and a handle on the terminal for the page (large text, tests reading the screen back).
_FONT_FROM = "fontFamily:\"'Roboto Mono', Monaco, 'Courier New', monospace\""
_FONT_TO = f"fontFamily:\"'{FONT_FAMILY}', '{FONT_FAMILY} Fallback', monospace\""
_HANDLE_FROM = "this.terminal.open(e),"
_HANDLE_TO = "this.terminal.open(e),window.kioskTerminal=this,"
# The terminal starts tiny and the page's fit grows it: xterm.js created at its default 80x24 and fitted down to
# fewer rows (large text, a TV at a big font) keeps the old top rows above the view, and the kiosk's header
# is then drawn off screen.
_SIZE_FROM = "scrollback:0,fontFamily"
_SIZE_TO = "scrollback:0,rows:2,cols:10,fontFamily"
# Before the first connection the page may shrink the font so the kiosk gets at least 80x24 (kiosk.html).
_START_FROM = "t.fit(),s||t.connect()"
_START_TO = "t.fit(),window.kioskFit&&window.kioskFit(t),s||t.connect()"


class AssetError(KioskError):
    """The page cannot be served as designed (WEB-001 font, WEB-002 terminal script)."""


@dataclass(frozen=True)
class PageAssets:
    """Bytes served under ``/static``: the patched client, its stylesheet and the font."""

    script: bytes
    stylesheet: bytes
    font: bytes
    font_path: Path
    bold: bytes | None
    fallback: bytes | None


def find_font(candidates: tuple[str, ...] = FONT_CANDIDATES) -> Path:
    """Return the first monospace font with Vietnamese coverage found on this machine.

    Raises:
        AssetError: WEB-001 when none is installed.
    """
    for candidate in candidates:
        path = Path(candidate)
        if path.is_file():
            return path
    raise AssetError("no monospace font with Vietnamese letters found; install fonts-noto-mono",
                     code="WEB-001")


def _optional(path: Path | None) -> bytes | None:
    return path.read_bytes() if path is not None and path.is_file() else None


def _bold_of(regular: Path) -> Path:
    return regular.with_name(regular.name.replace("-Regular", "-Bold"))


def patch_client(source: str) -> str:
    """Return textual-serve's client script with our font family and the page's terminal handle.

    Raises:
        AssetError: WEB-002 when the script no longer has the expected shape (a textual-serve upgrade).
    """
    for needle in (_FONT_FROM, _HANDLE_FROM, _SIZE_FROM, _START_FROM):
        if source.count(needle) != 1:
            raise AssetError(f"textual-serve's client changed (looked for {needle!r}); "
                             "kiosk/web/assets.py needs updating", code="WEB-002")
    for old, new in ((_FONT_FROM, _FONT_TO), (_HANDLE_FROM, _HANDLE_TO), (_SIZE_FROM, _SIZE_TO),
                     (_START_FROM, _START_TO)):
        source = source.replace(old, new)
    return source


def load_assets(font: Path | None = None) -> PageAssets:
    """Read and patch everything the page needs, once at server start."""
    static = files("textual_serve") / "static"
    script = patch_client((static / "js" / "textual.js").read_text(encoding="utf-8"))
    path = font or find_font()
    fallback = next((Path(c) for c in FALLBACK_CANDIDATES if Path(c).is_file()), None)
    bold = _bold_of(path)
    return PageAssets(script=script.encode("utf-8"), stylesheet=(static / "css" / "xterm.css").read_bytes(),
                      font=path.read_bytes(), font_path=path,
                      bold=_optional(bold) if bold != path else None, fallback=_optional(fallback))
