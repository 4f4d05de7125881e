"""Snapshots of the look-up by ID card (CCCD + phone digits) at 80x24 and 120x40: digits, not found, list, detail."""

from __future__ import annotations

import pytest

from tests.kiosk.test_shell_paths import _make_dossier
from tests.kiosk.test_snapshots_shell import _steps
from tests.kiosk.test_submit_support import GOOD_ID

PANELS = {
    "digits": ("#kp-5", "#kp-6"),
    "not_found": ("#kp-1", "#kp-2", "#kp-3", "#kp-4", "#kp-ok"),
    "list": ("#kp-5", "#kp-6", "#kp-7", "#kp-8", "#kp-ok"),
    "detail": ("#kp-5", "#kp-6", "#kp-7", "#kp-8", "#kp-ok", "#person-dossier-0"),
}


def _scan_card(app):  # noqa: ANN001
    from kiosk.widgets.scanburst import ScanReceived

    app.screen.post_message(ScanReceived(GOOD_ID))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("panel", list(PANELS))
def test_lookup_by_id_card(snap_compare, kiosk_app, panel: str, size: tuple[int, int]) -> None:
    _make_dossier(kiosk_app)
    _make_dossier(kiosk_app)
    steps = _steps("#choice-lookup", _scan_card, *PANELS[panel])
    assert snap_compare(kiosk_app, terminal_size=size, run_before=steps)
