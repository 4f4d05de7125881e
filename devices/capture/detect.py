"""Find the page in a frame (largest 4-point contour, with fallbacks) and straighten it to the A4 ratio."""

from __future__ import annotations

import math

import cv2
import numpy as np

A4_RATIO = math.sqrt(2)  # 297/210 ≈ 1.414
WORK_SIDE = 640  # detection runs on a frame scaled to this longer side


def order_corners(pts: np.ndarray) -> np.ndarray:
    """Order four points as top-left, top-right, bottom-right, bottom-left."""
    pts = np.asarray(pts, np.float32).reshape(4, 2)
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    return np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]], np.float32)


def _candidates(gray: np.ndarray) -> list[np.ndarray]:
    """Binary masks in which the page is a large blob: Otsu on brightness, then edges."""
    blur = cv2.GaussianBlur(gray, (5, 5), 0)
    _, otsu = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    otsu = cv2.morphologyEx(otsu, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    edges = cv2.dilate(cv2.Canny(blur, 40, 120), np.ones((3, 3), np.uint8))
    return [otsu, edges]


def _stands_out(gray: np.ndarray, contour: np.ndarray, min_contrast: float) -> bool:
    """True when the blob is clearly brighter than what surrounds it (paper on a desk)."""
    mask = np.zeros(gray.shape, np.uint8)
    cv2.drawContours(mask, [contour.astype(np.int32)], -1, 255, cv2.FILLED)
    filled = cv2.countNonZero(mask)
    if filled in (0, mask.size):
        return False
    return cv2.mean(gray, mask)[0] - cv2.mean(gray, cv2.bitwise_not(mask))[0] >= min_contrast


def find_page(frame: np.ndarray, *, min_area: float = 0.05, min_contrast: float = 25.0) -> tuple[np.ndarray | None, bool]:
    """Locate the page; returns (corners tl/tr/br/bl in frame pixels or None, exact).

    ``exact`` is True when a 4-point contour was found, False for the fallback (the minimum-area
    rectangle around the largest bright blob, e.g. when a finger hides a corner).

    Args:
        frame: BGR or gray frame.
        min_area: Smallest blob (fraction of the frame) considered a page.
        min_contrast: Least difference of mean gray level between the page and its surroundings.
    """
    gray = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    scale = WORK_SIDE / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    scale = min(scale, 1.0)
    area_min = min_area * small.shape[0] * small.shape[1]
    fallback = None
    for mask in _candidates(small):
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for c in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
            area = cv2.contourArea(c)
            if area < area_min:
                break
            hull = cv2.convexHull(c)
            if area > 0.97 * small.size or not _stands_out(small, hull, min_contrast):
                continue
            approx = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
            if len(approx) == 4 and cv2.isContourConvex(approx):
                return order_corners(approx / scale), True
            if fallback is None:
                fallback = cv2.boxPoints(cv2.minAreaRect(hull))
    if fallback is None:
        return None, False
    return order_corners(fallback / scale), False


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
