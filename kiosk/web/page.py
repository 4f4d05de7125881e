"""The kiosk page: textual-serve's terminal with a local font, no splash, reconnection and touch lockdown."""

from __future__ import annotations

import html
from functools import lru_cache
from importlib.resources import files
from string import Template

from core.i18n import register_catalogue, translator
from kiosk.web.assets import FONT_FAMILY

# Close codes the page understands: taken over by a newer page (do not reconnect), kiosk process ended.
CLOSE_TAKEN_OVER = 4001
CLOSE_KIOSK_ENDED = 4002
_ = translator("kiosk.web")
register_catalogue("kiosk.web", {
    "Ki-ốt dịch vụ công": "Public-service kiosk",
    "Đang kết nối lại… Xin Quý khách chờ trong giây lát.": "Reconnecting… Please wait a moment.",
    "Ki-ốt đang được mở ở một cửa sổ khác, cửa sổ này đã dừng.": (
        "The kiosk is open in another window; this window has stopped."
    ),
    "Mở ki-ốt ở đây": "Open the kiosk here",
})


@lru_cache(maxsize=1)
def _template() -> Template:
    return Template((files("kiosk.web") / "kiosk.html").read_text(encoding="utf-8"))


def render_page(language: str, font_size: int) -> str:
    """Return the page's HTML in ``language`` (the second line of each notice is always English)."""
    def text(source: str, lang: str) -> str:
        return html.escape(_(source, lang=lang))

    reconnecting = "Đang kết nối lại… Xin Quý khách chờ trong giây lát."
    taken_over = "Ki-ốt đang được mở ở một cửa sổ khác, cửa sổ này đã dừng."
    return _template().substitute(
        lang=language,
        title=text("Ki-ốt dịch vụ công", language),
        font_family=FONT_FAMILY,
        font_size=int(font_size),
        taken_over=CLOSE_TAKEN_OVER,
        reconnecting=text(reconnecting, language),
        reconnecting_en=text(reconnecting, "en") if language != "en" else "",
        taken_over_text=text(taken_over, language),
        taken_over_en=text(taken_over, "en") if language != "en" else "",
        open_here=text("Mở ki-ốt ở đây", language),
    )
