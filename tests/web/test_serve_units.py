"""`kiosk serve` without a browser: the page, the client patch, the font, the binding rule."""

from __future__ import annotations

import re

import pytest
from PIL import Image, ImageDraw, ImageFont

from kiosk.__main__ import main
from kiosk.web.assets import AssetError, find_font, load_assets, patch_client
from kiosk.web.page import render_page
from kiosk.web.serve import is_loopback

VIETNAMESE = "ạảãàáâậầấẩẫăắằặẳẵẹẻẽèéêếềểễệỉĩịìíọỏõòóôốồổỗộơớờởỡợụủũùúưứừửữựỳýỵỷỹđĐẠẤỐỨỮỸ"


def test_the_page_names_no_other_host_and_has_no_splash():
    html = render_page("vi", 16)
    assert not re.search(r"(https?:)?//(?!/)[a-z]", html.replace("://\" + window", "")), "an outside URL in the page"
    assert "fonts.googleapis" not in html and 'id="start"' not in html
    assert "Đang kết nối lại" in html and "Reconnecting" in html


def _drawn(font: ImageFont.FreeTypeFont, text: str) -> bytes:
    image = Image.new("L", (64, 64))
    ImageDraw.Draw(image).text((8, 8), text, font=font, fill=255)
    return image.tobytes()


def _font(path: str) -> ImageFont.FreeTypeFont:
    # BASIC layout: no shaping engine that could rebuild a missing letter from a base and a mark.
    return ImageFont.truetype(path, 32, layout_engine=ImageFont.Layout.BASIC)


def test_the_served_font_draws_every_vietnamese_letter():
    font = _font(str(find_font()))
    missing = _drawn(font, "\ue000")  # a private-use code point: the font's "missing glyph" box
    absent = [ch for ch in VIETNAMESE if _drawn(font, ch) == missing]
    assert absent == []


def test_dejavu_sans_mono_alone_would_not_do():
    # The reason for the font choice: this is what made "Lấy số" read "Lâý sô´" in the browser.
    path = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
    try:
        font = _font(path)
    except OSError:
        pytest.skip("DejaVu Sans Mono not installed")
    assert _drawn(font, "ấ") == _drawn(font, "\ue000")


def test_client_patch_fails_loudly_when_textual_serve_changes():
    with pytest.raises(AssetError) as err:
        patch_client("console.log('a different client')")
    assert err.value.code == "WEB-002"
    assets = load_assets()
    assert b"window.kioskTerminal=this" in assets.script and b"Roboto Mono" not in assets.script


def test_missing_font_is_a_coded_error():
    with pytest.raises(AssetError) as err:
        find_font(("/nonexistent/font.ttf",))
    assert err.value.code == "WEB-001" and "fonts-noto-mono" in err.value.message


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                                ("0.0.0.0", False), ("192.168.1.5", False), ("kiosk.lan", False)])
def test_loopback_rule(host, loopback):
    assert is_loopback(host) is loopback


def test_serving_beyond_loopback_needs_a_flag(capsys):
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    assert "WEB-006" in capsys.readouterr().err
