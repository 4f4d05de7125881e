"""Page-capture advice: two pieces of advice are both readable (they were cut off on one 3-row line)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Static

import kiosk
from kiosk.screens.documents import advice_message


def test_each_piece_of_advice_is_on_its_own_line():
    text = advice_message("too_small;glare")
    lines = text.splitlines()
    assert len(lines) == 2 and all(line.strip() for line in lines)


async def test_status_box_grows_with_its_text():
    class StatusApp(App):
        CSS_PATH = str(Path(kiosk.__file__).parent / "submit.tcss")

        def compose(self) -> ComposeResult:
            yield Static(advice_message("too_small;glare"), id="two", classes="scan-status")
            yield Static("Đang tìm mã QR…", id="one", classes="scan-status")

    app = StatusApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.query_one("#two").region.height == 4  # 2 lines + the tall border
        assert app.query_one("#one").region.height == 3  # one line: unchanged
