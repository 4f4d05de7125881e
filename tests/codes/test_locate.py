"""Region localisation and straightening used by the auto retries."""

from __future__ import annotations

import numpy as np

from bench.hardset import render_symbol
from devices.codes import zxing_backend
from devices.codes.locate import crop, find_regions
from tests.codes.test_decode import on_canvas


def test_tilted_barcode_is_found_and_straightened():
    frame = on_canvas(render_symbol("Code128", "H36-12345678", 2), size=(480, 640), angle=35)
    regions = find_regions(frame, 3)
    best = regions[0]
    assert abs(best.center[0] - 320) < 40 and abs(best.center[1] - 240) < 40
    assert best.coherence > 0.45
    assert abs((best.bar_angle + 35 + 90) % 180 - 90) < 4  # gradient direction follows the tilt
    image, inverse = crop(frame, best, best.bar_angle, 1.0)
    codes = zxing_backend.decode_gray(image, frozenset({"Code128"}), try_harder=False)
    assert [c.text for c in codes] == ["H36-12345678"]
    assert inverse.shape == (2, 3)


def test_flat_frame_has_no_regions():
    assert find_regions(np.full((360, 640), 180, np.uint8)) == []
