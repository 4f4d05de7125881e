"""``analyse_page``: find, straighten and score a document page in a camera frame, with retake advice."""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from devices.capture.detect import locate_page, warp_page
from devices.capture.messages import DocumentError, advice_text
from devices.capture.quality import paper_level, score_page
from devices.capture.store import is_image

# Calibrated on generated frames (devices.camera.scenes, devices.camera.synthetic): the sharpness score
# does not depend on the camera resolution (see quality.SHARPNESS_SCALE): sharp pages score 550–800 at
# 640×480, 1280×720 and 1920×1080, Gaussian defocus σ=1.0 px about 200, σ=1.3 px about 145, σ=1.5 px
# about 120. A saturating lamp hot spot covers 5–30 % of the page; a page without one (even a blank or
# overexposed white page), 0 %.
MIN_SHARPNESS = 170.0
MAX_GLARE = 0.015
MIN_AREA = 0.20  # the page must cover this fraction of the frame
EDGE_MARGIN = 0.005  # corners closer than this (fraction of the frame) to the border: page cut off
MIN_PAPER = 60.0  # paper darker than this gray level: too dark to read (ask for more light)


@dataclass
class PageCheck:
    """The result of checking one frame for a capturable page.

    Attributes:
        found: A page was located.
        page: The straightened page (BGR, A4 ratio) or None.
        sharpness: Variance of the Laplacian (0 when no page).
        glare: Fraction of the page that is blown out (0..1).
        ok: True when the page can be kept (no advice).
        advice: Codes: ``no_page``, ``too_dark``, ``too_small``, ``cut_off``, ``too_blurry``, ``glare``.
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
    if frame.ndim == 3 and frame.shape[2] == 4:
        frame = cv2.cvtColor(frame, cv2.COLOR_BGRA2BGR)
    outline = locate_page(frame)
    if outline is None:
        return PageCheck(False, None, 0.0, 0.0, False, ["too_dark" if _too_dark(frame) else "no_page"])
    corners = outline.corners
    fh, fw = frame.shape[:2]
    visible = cv2.intersectConvexConvex(corners, np.array([[0, 0], [fw, 0], [fw, fh], [0, fh]], np.float32))[0]
    area = float(visible) / (fw * fh)
    page = warp_page(frame, corners)
    advice: list[str] = []
    if paper_level(page) < MIN_PAPER:
        advice.append("too_dark")
    if area < min_area:
        advice.append("too_small")
    margin = EDGE_MARGIN * max(fw, fh)
    if outline.cut_off or (corners[:, 0] < margin).any() or (corners[:, 0] > fw - 1 - margin).any() or \
            (corners[:, 1] < margin).any() or (corners[:, 1] > fh - 1 - margin).any():
        advice.append("cut_off")
    sharp, shine = score_page(page)
    if sharp < min_sharpness and "too_dark" not in advice:  # in the dark, light comes first
        advice.append("too_blurry")
    if shine > max_glare:
        advice.append("glare")
    return PageCheck(True, page, sharp, shine, not advice, advice, corners, area)


def _too_dark(frame: np.ndarray) -> bool:
    """True when even the brightest part of the frame is too dark for paper to show."""
    gray = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    return float(np.percentile(gray[::4, ::4], 99)) < MIN_PAPER
