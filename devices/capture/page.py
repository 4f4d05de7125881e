"""``analyse_page``: find, straighten and score a document page in a camera frame, with retake advice."""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from devices.capture.detect import find_page, warp_page
from devices.capture.messages import DocumentError, advice_text
from devices.capture.quality import score_page
from devices.capture.store import is_image

# Calibrated on generated frames (devices.camera.synthetic.document_scene, both form pages, rotations 0–25°,
# keystone up to 10 %): a sharp page scores 360–760 at 1280×720 and 900–1560 at 1920×1080; Gaussian
# defocus σ=0.7 px gives 100–250 (1280) and σ=1.0 px 44–112 (1280) / 195–426 (1920), σ=1.5 px 66–156
# (1920). A saturating lamp hot spot covers 5–30 % of the page; a page without one, 0 %.
MIN_SHARPNESS = 170.0
MAX_GLARE = 0.015
MIN_AREA = 0.20  # the page must cover this fraction of the frame
EDGE_MARGIN = 0.005  # corners closer than this (fraction of the frame) to the border: page cut off


@dataclass
class PageCheck:
    """The result of checking one frame for a capturable page.

    Attributes:
        found: A page was located.
        page: The straightened page (BGR, A4 ratio) or None.
        sharpness: Variance of the Laplacian (0 when no page).
        glare: Fraction of the page that is blown out (0..1).
        ok: True when the page can be kept (no advice).
        advice: Codes: ``no_page``, ``too_small``, ``cut_off``, ``too_blurry``, ``glare``.
        corners: Page corners in the frame (tl, tr, br, bl) or None, for an overlay.
        area: Fraction of the frame covered by the page.
    """

    found: bool
    page: np.ndarray | None
    sharpness: float
    glare: float
    ok: bool
    advice: list[str] = field(default_factory=list)
    corners: np.ndarray | None = None
    area: float = 0.0

    def messages(self) -> list[str]:
        """Translated retake advice for the citizen, in order of importance."""
        return [advice_text(code) for code in self.advice]


def analyse_page(frame: np.ndarray, *, min_sharpness: float = MIN_SHARPNESS, max_glare: float = MAX_GLARE,
                 min_area: float = MIN_AREA) -> PageCheck:
    """Find the page in ``frame``, straighten it to the A4 ratio and score sharpness and glare.

    Args:
        frame: BGR (or gray) camera frame.
        min_sharpness: Least variance of the Laplacian for a sharp page.
        max_glare: Largest blown-out fraction of the page.
        min_area: Least fraction of the frame the page must cover.

    Raises:
        DocumentError: DOC-002 when ``frame`` is not an image array.
    """
    if not is_image(frame, min_side=32):
        raise DocumentError("DOC-002")
    if frame.ndim == 3 and frame.shape[2] == 1:
        frame = frame[:, :, 0]
    corners, _exact = find_page(frame)
    if corners is None:
        return PageCheck(False, None, 0.0, 0.0, False, ["no_page"])
    fh, fw = frame.shape[:2]
    area = float(cv2.contourArea(corners)) / (fw * fh)
    advice: list[str] = []
    if area < min_area:
        advice.append("too_small")
    margin = EDGE_MARGIN * max(fw, fh)
    if (corners[:, 0] < margin).any() or (corners[:, 0] > fw - 1 - margin).any() or \
            (corners[:, 1] < margin).any() or (corners[:, 1] > fh - 1 - margin).any():
        advice.append("cut_off")
    page = warp_page(frame, corners)
    sharp, shine = score_page(page)
    if sharp < min_sharpness:
        advice.append("too_blurry")
    if shine > max_glare:
        advice.append("glare")
    return PageCheck(True, page, sharp, shine, not advice, advice, corners, area)
