"""Page quality scores: sharpness (variance of the Laplacian) and glare (near-saturated area)."""

from __future__ import annotations

import cv2
import numpy as np

SCORE_LONG = 600  # pages are scored at this longer side, so scores depend little on camera resolution
GLARE_LEVEL = 250  # gray level treated as blown-out
_OPEN = np.ones((5, 5), np.uint8)


def normalised_gray(page: np.ndarray) -> np.ndarray:
    """The page in gray, scaled so that its longer side is :data:`SCORE_LONG`."""
    gray = page if page.ndim == 2 else cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    scale = SCORE_LONG / max(gray.shape)
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    return cv2.resize(gray, None, fx=scale, fy=scale, interpolation=interp)


def _sharpness(gray: np.ndarray) -> float:
    h, w = gray.shape
    inner = gray[h // 20 : h - h // 20, w // 20 : w - w // 20]  # ignore the page border
    return float(cv2.Laplacian(inner, cv2.CV_64F).var())


def _glare(gray: np.ndarray) -> float:
    mask = cv2.morphologyEx((gray >= GLARE_LEVEL).astype(np.uint8), cv2.MORPH_OPEN, _OPEN)
    return cv2.countNonZero(mask) / mask.size


def score_page(page: np.ndarray) -> tuple[float, float]:
    """Return (sharpness, glare) of a straightened page, sharing one normalisation."""
    gray = normalised_gray(page)
    return _sharpness(gray), _glare(gray)


def sharpness(page: np.ndarray) -> float:
    """Variance of the Laplacian of the page scaled to :data:`SCORE_LONG` (higher = sharper)."""
    return _sharpness(normalised_gray(page))


def glare(page: np.ndarray) -> float:
    """Fraction of the page covered by blown-out patches (isolated bright pixels do not count)."""
    return _glare(normalised_gray(page))
