"""Page quality scores: sharpness (resolution-independent band ratio), glare (blown-out hot spots) and exposure."""

from __future__ import annotations

import cv2
import numpy as np

SCORE_LONG = 600  # glare is scored at this longer side
SHARP_LONG = 1600  # sharpness is scored at the page's own resolution, capped at this longer side
GLARE_LEVEL = 250  # gray level treated as blown-out
GLARE_ABOVE_PAPER = 10  # a hot spot is this much brighter than the paper around it
#: Sharpness = SHARPNESS_SCALE x (fine-detail energy / medium-detail energy) on the page's edges. A camera-sharp
#: page scores 550–800 at 640x480, 1280x720 and 1920x1080 alike; Gaussian defocus of σ=0.7 px about 300,
#: σ=1.0 px about 200, σ=1.5 px about 120 (the ratio measures blur in camera pixels, not in page pixels).
SHARPNESS_SCALE = 378.0
_OPEN = np.ones((5, 5), np.uint8)


def normalised_gray(page: np.ndarray, long_side: int = SCORE_LONG) -> np.ndarray:
    """The page in gray, scaled so that its longer side is ``long_side``."""
    gray = page if page.ndim == 2 else cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    scale = long_side / max(gray.shape)
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    return cv2.resize(gray, None, fx=scale, fy=scale, interpolation=interp)


def _sharpness(gray: np.ndarray) -> float:
    """Fine (σ<1 px) over medium (1–2 px) detail energy where the page has edges, sensor noise removed.

    Blur removes fine detail first, so the ratio falls with blur whatever the page's size in the frame,
    its contrast or its exposure (both bands scale alike); plain paper, where only noise lives, sets the
    noise floor that is subtracted.
    """
    h, w = gray.shape
    g = gray[h // 20 : h - h // 20, w // 20 : w - w // 20].astype(np.float32)  # ignore the page border
    b1 = cv2.GaussianBlur(g, (0, 0), 1.0)
    b2 = cv2.GaussianBlur(g, (0, 0), 2.0)
    fine = (g - b1) ** 2
    mid = (b1 - b2) ** 2
    local = cv2.blur(mid, (5, 5))
    sample = local[::2, ::2]
    edges = local >= np.percentile(sample, 90)
    flat = local <= np.percentile(sample, 50)
    noise = float(np.mean(fine[flat])) if flat.any() else 0.0
    energy = float(mid[edges].mean()) if edges.any() else 0.0
    if energy < 1e-3:
        return 0.0
    ratio = (float(fine[edges].mean()) - noise) / energy
    return SHARPNESS_SCALE * float(np.clip(ratio, 0.0, 3.0))


def _glare(gray: np.ndarray) -> float:
    """Blown-out patches clearly brighter than the paper: a plain or overexposed white page is not glare."""
    background = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))  # paper level without ink
    paper = float(np.percentile(background[::2, ::2], 25))
    level = max(GLARE_LEVEL, paper + GLARE_ABOVE_PAPER)
    if level > 255:
        return 0.0
    mask = cv2.morphologyEx((background >= level).astype(np.uint8), cv2.MORPH_OPEN, _OPEN)
    return cv2.countNonZero(mask) / mask.size


def paper_level(page: np.ndarray) -> float:
    """The brightness of the paper (90th percentile of gray, 0..255): low means the page is too dark."""
    gray = normalised_gray(page, 300)
    return float(np.percentile(gray, 90))


def score_page(page: np.ndarray) -> tuple[float, float]:
    """Return (sharpness, glare) of a straightened page."""
    return sharpness(page), glare(page)


def sharpness(page: np.ndarray) -> float:
    """Resolution-independent sharpness of a straightened page (higher = sharper; see :data:`SHARPNESS_SCALE`)."""
    gray = page if page.ndim == 2 else cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    if max(gray.shape) > SHARP_LONG:
        gray = normalised_gray(gray, SHARP_LONG)
    return _sharpness(gray)


def glare(page: np.ndarray) -> float:
    """Fraction of the page covered by blown-out hot spots (isolated bright pixels do not count)."""
    return _glare(normalised_gray(page))
