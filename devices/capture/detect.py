"""Find the page in a frame (outline candidates scored by edge evidence) and straighten it to the A4 ratio."""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from devices.capture.quads import Quad, masks, order_corners, outlines, refine

A4_RATIO = math.sqrt(2)  # 297/210 ≈ 1.414
WORK_SIDE = 640  # detection runs on a frame scaled to this longer side
MIN_SUPPORT = 0.6  # least share of the visible outline that must sit on a brightness step

__all__ = ["A4_RATIO", "PageOutline", "find_page", "locate_page", "order_corners", "warp_page"]


@dataclass(frozen=True)
class PageOutline:
    """Where the page is.

    Attributes:
        corners: tl, tr, br, bl in frame pixels (may lie outside the frame when the page is cut off).
        exact: From a 4-point outline rather than a rectangle fitted around a blob.
        support: 0..1, share of the visible outline on a consistent brightness step.
        contrast: Typical step across the outline (gray levels after exposure normalisation).
        cut_off: Some side runs along or past the frame border.
    """

    corners: np.ndarray
    exact: bool
    support: float
    contrast: float
    cut_off: bool


def _work_images(frame: np.ndarray) -> tuple[np.ndarray, np.ndarray | None, float]:
    """Downscaled gray (exposure-stretched), downscaled colour (or None) and the scale factor."""
    scale = min(1.0, WORK_SIDE / max(frame.shape[:2]))
    small = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else frame
    if small.ndim == 3 and small.shape[2] == 4:
        small = cv2.cvtColor(small, cv2.COLOR_BGRA2BGR)
    colour = small if small.ndim == 3 else None
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY) if colour is not None else small
    lo, hi = np.percentile(gray[::4, ::4], (0.5, 99.5))
    if hi - lo >= 8 and (lo > 0 or hi < 255):  # dim frames: thresholds below assume full-range contrast
        gray = cv2.convertScaleAbs(gray, alpha=255.0 / (hi - lo), beta=-lo * 255.0 / (hi - lo))
    return gray, colour, scale


def locate_page(frame: np.ndarray, *, min_area: float = 0.05, min_contrast: float = 6.0) -> PageOutline | None:
    """Find the page outline, or None when no candidate has a convincing outline.

    Candidates come from brightness, whiteness and edge masks; each is snapped to the nearest brightness
    step and kept only when most of its visible outline lies on a consistent step (a page on a desk of
    any shade has one; a patch of tablecloth or a text block inside the page does not).

    Args:
        frame: BGR, BGRA or gray frame.
        min_area: Smallest candidate (fraction of the frame).
        min_contrast: Least typical step across the outline (gray levels after exposure stretch).
    """
    gray, colour, scale = _work_images(frame)
    soft = cv2.GaussianBlur(gray, (0, 0), 1.0).astype(np.float32)
    best: Quad | None = None
    seen: list[np.ndarray] = []
    for mask, mode in masks(gray, colour):
        for quad in outlines(mask, min_area, mode):
            if any(np.abs(quad.corners - other).max() < 3 for other in seen):
                continue  # the same outline from another mask
            seen.append(quad.corners)
            quad = refine(quad, soft)
            if quad.support < MIN_SUPPORT or quad.contrast < min_contrast or quad.area < min_area:
                continue
            if best is None or quad.score > best.score:
                best = quad
    if best is None:
        return None
    corners = order_corners(best.corners / scale)
    return PageOutline(corners, best.exact, best.support, best.contrast, best.border_sides > 0)


def find_page(frame: np.ndarray, *, min_area: float = 0.05, min_contrast: float = 6.0) -> tuple[np.ndarray | None, bool]:
    """Locate the page; returns (corners tl/tr/br/bl in frame pixels or None, exact).

    ``exact`` is True when a 4-point outline was found, False for a rectangle fitted around the page blob.
    See :func:`locate_page` for the arguments.
    """
    outline = locate_page(frame, min_area=min_area, min_contrast=min_contrast)
    return (None, False) if outline is None else (outline.corners, outline.exact)


def warp_page(frame: np.ndarray, corners: np.ndarray, *, max_long: int = 2339) -> np.ndarray:
    """Straighten the page to an A4-ratio image (portrait or landscape as it lies), without upscaling.

    Args:
        frame: The frame.
        corners: Page corners tl, tr, br, bl.
        max_long: Cap on the longer side (2339 px = A4 at 200 dpi).
    """
    tl, tr, br, bl = np.asarray(corners, np.float32)
    width = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    height = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    long_side = int(min(max(width, height), max_long))
    short_side = int(round(long_side / A4_RATIO))
    w, h = (short_side, long_side) if height >= width else (long_side, short_side)
    dst = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)
    m = cv2.getPerspectiveTransform(np.asarray(corners, np.float32), dst)
    return cv2.warpPerspective(frame, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
