"""Page checks on realistic generated frames: light and patterned desks, fingers, shadows, JPEG, low light."""

from __future__ import annotations

import numpy as np
import pytest

from devices.camera.scenes import page_scene
from devices.capture import analyse_page


@pytest.mark.parametrize("condition", ["white_desk", "grey_desk", "wood", "fingers", "shadow", "phone_jpeg",
                                       "vga_480", "dim", "plain_white"])
def test_page_found_and_kept(condition) -> None:
    scene = page_scene(condition, 7003)
    check = analyse_page(scene.frame)
    assert check.found and check.ok, check.advice
    assert np.abs(check.corners - scene.quad).max() < 0.015 * scene.frame.shape[1]


@pytest.mark.parametrize("condition, advice", [("dark", "too_dark"), ("blurred_480", "too_blurry"),
                                               ("blurred_1080", "too_blurry")])
def test_bad_frames_get_clear_advice(condition, advice) -> None:
    check = analyse_page(page_scene(condition, 7003).frame)
    assert advice in check.advice and not check.ok


def test_plain_white_page_is_not_glare() -> None:
    check = analyse_page(page_scene("plain_white", 7001).frame)
    assert "glare" not in check.advice and check.glare == 0.0
