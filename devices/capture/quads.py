"""Page-outline candidates from several masks, snapped to the real edges and scored by edge evidence."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

BORDER_PX = 3.0  # a side this close to the frame border (work pixels) is the border, not a page edge
SNAP_PX = 6  # a side is searched for its edge this far either way along its normal (work pixels)
PROBE_PX = 3.0  # inside/outside samples this far from a side
SAMPLES = 32  # samples per side


@dataclass
class Quad:
    """A page candidate in work pixels.

    Attributes:
        corners: tl, tr, br, bl (float32, may lie outside the frame when the page is cut off).
        exact: Came from a 4-point outline (not a fitted rectangle).
        support: 0..1, how much of its visible outline sits on a consistent brightness step.
        contrast: Median step across its visible sides (gray levels).
        area: Fraction of the frame inside it.
        border_sides: How many sides lie on the frame border (page cut off).
    """

    corners: np.ndarray
    exact: bool
    support: float = 0.0
    contrast: float = 0.0
    area: float = 0.0
    border_sides: int = 0

    @property
    def score(self) -> float:
        """Ranking: big pages with well-supported outlines first."""
        return self.area * self.support**2 * min(1.0, max(0.2, self.contrast / 30.0))


def order_corners(pts: np.ndarray) -> np.ndarray:
    """Order four points as top-left, top-right, bottom-right, bottom-left."""
    pts = np.asarray(pts, np.float32).reshape(4, 2)
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    out = np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]], np.float32)
    if len({(float(x), float(y)) for x, y in out}) < 4:  # degenerate at 45°: order by angle instead
        c = pts.mean(axis=0)
        ang = np.arctan2(pts[:, 1] - c[1], pts[:, 0] - c[0])
        out = pts[np.argsort(ang)]
        start = int(np.argmin(out.sum(axis=1)))
        out = np.roll(out, -start, axis=0)
    return out


def masks(gray: np.ndarray, colour: np.ndarray | None) -> list[tuple[np.ndarray, int]]:
    """Binary masks in which the page may be one blob.

    Brightness (Otsu both ways: paper on a dark desk, or a little darker than a white desk), "whiteness"
    (bright and unsaturated: paper on wood or a coloured cloth), colour unlike the frame border (the desk),
    and the edges and the flat areas between them at two sensitivities (paper on a desk of nearly the same
    shade, where only its outline shows). Each comes with its ``cv2.findContours`` retrieval mode: the flat
    area of a page lies inside the desk's, so those masks need every contour, not only the outer ones.
    """
    blur = cv2.GaussianBlur(gray, (5, 5), 0)
    out = []
    _, otsu = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    close = np.ones((9, 9), np.uint8)
    out.append(cv2.morphologyEx(otsu, cv2.MORPH_CLOSE, close))
    out.append(cv2.morphologyEx(cv2.bitwise_not(otsu), cv2.MORPH_CLOSE, close))
    if colour is not None:
        hsv = cv2.cvtColor(colour, cv2.COLOR_BGR2HSV)
        white = cv2.subtract(hsv[:, :, 2], hsv[:, :, 1])
        white = cv2.GaussianBlur(white, (5, 5), 0)
        _, wmask = cv2.threshold(white, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        out.append(cv2.morphologyEx(wmask, cv2.MORPH_CLOSE, close))
    if colour is not None:
        out.append(_unlike_border(colour))
    soft = cv2.GaussianBlur(gray, (0, 0), 1.6)
    flats = []
    for lo, hi in ((30, 90), (8, 20)):
        edges = cv2.dilate(cv2.Canny(soft, lo, hi), np.ones((3, 3), np.uint8))
        out.append(edges)
        flats.append(cv2.bitwise_not(edges))
    return [(m, cv2.RETR_EXTERNAL) for m in out] + [(m, cv2.RETR_LIST) for m in flats]


def _unlike_border(colour: np.ndarray) -> np.ndarray:
    """Pixels whose colour differs from the frame border's (the desk): paper on a desk of nearly its shade."""
    lab = cv2.cvtColor(cv2.GaussianBlur(colour, (0, 0), 2.0), cv2.COLOR_BGR2LAB).astype(np.float32)
    ring = np.concatenate([lab[:4].reshape(-1, 3), lab[-4:].reshape(-1, 3),
                           lab[:, :4].reshape(-1, 3), lab[:, -4:].reshape(-1, 3)])
    desk = np.median(ring, axis=0)
    dist = np.linalg.norm(lab - desk, axis=2)
    spread = float(np.percentile(np.linalg.norm(ring - desk, axis=1), 75))
    mask = (dist > max(5.0, 2.5 * spread)).astype(np.uint8) * 255
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    return cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))


def outlines(mask: np.ndarray, min_area: float, mode: int = cv2.RETR_EXTERNAL, max_per_mask: int = 3) -> list[Quad]:
    """Quadrilaterals around the biggest blobs of ``mask`` (4-point hulls, else a fitted rectangle)."""
    h, w = mask.shape
    total = float(h * w)
    contours, _ = cv2.findContours(mask, mode, cv2.CHAIN_APPROX_SIMPLE)
    quads = []
    for c in sorted(contours, key=cv2.contourArea, reverse=True)[:max_per_mask]:
        area = cv2.contourArea(c)
        if area < min_area * total:
            break
        hull = cv2.convexHull(c)
        if cv2.contourArea(hull) > 0.97 * total:
            continue
        perimeter = cv2.arcLength(hull, True)
        quad = None
        for eps in (0.02, 0.035, 0.05):
            approx = cv2.approxPolyDP(hull, eps * perimeter, True)
            if len(approx) == 4 and cv2.isContourConvex(approx):
                quad = Quad(order_corners(approx), True)
                break
            if len(approx) < 4:
                break
        if quad is None:
            quad = Quad(order_corners(cv2.boxPoints(cv2.minAreaRect(hull))), False)
        quads.append(quad)
    return quads


def _on_border(p: np.ndarray, q: np.ndarray, w: int, h: int) -> bool:
    for axis, limit in ((0, 0.0), (0, w - 1.0), (1, 0.0), (1, h - 1.0)):
        if abs(p[axis] - limit) <= BORDER_PX and abs(q[axis] - limit) <= BORDER_PX:
            return True
    return False


def _sample(img: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Bilinear samples of ``img`` at ``pts`` (..., 2); NaN outside the image."""
    h, w = img.shape
    x, y = pts[..., 0], pts[..., 1]
    inside = (x >= 0) & (x <= w - 1) & (y >= 0) & (y <= h - 1)
    xc, yc = np.clip(x, 0, w - 1.001), np.clip(y, 0, h - 1.001)
    x0, y0 = xc.astype(np.int32), yc.astype(np.int32)
    fx, fy = xc - x0, yc - y0
    v = (img[y0, x0] * (1 - fx) * (1 - fy) + img[y0, x0 + 1] * fx * (1 - fy)
         + img[y0 + 1, x0] * (1 - fx) * fy + img[y0 + 1, x0 + 1] * fx * fy)
    return np.where(inside, v, np.nan)


def _clip_to_frame(corners: np.ndarray, w: int, h: int) -> np.ndarray:
    """Snap corners within :data:`BORDER_PX` of the border onto it (so border sides are recognised)."""
    c = corners.copy()
    c[:, 0] = np.where(c[:, 0] < BORDER_PX, np.minimum(c[:, 0], 0), c[:, 0])
    c[:, 0] = np.where(c[:, 0] > w - 1 - BORDER_PX, np.maximum(c[:, 0], w - 1), c[:, 0])
    c[:, 1] = np.where(c[:, 1] < BORDER_PX, np.minimum(c[:, 1], 0), c[:, 1])
    c[:, 1] = np.where(c[:, 1] > h - 1 - BORDER_PX, np.maximum(c[:, 1], h - 1), c[:, 1])
    return c


def refine(quad: Quad, soft: np.ndarray) -> Quad:
    """Snap each visible side onto the strongest consistent brightness step near it, then score the quad.

    Args:
        quad: The candidate (work pixels).
        soft: Float32 gray work image, lightly smoothed.
    """
    h, w = soft.shape
    corners = _clip_to_frame(quad.corners.astype(np.float64), w, h)
    centre = corners.mean(axis=0)
    t = np.linspace(0.08, 0.92, SAMPLES)
    offsets = np.arange(-SNAP_PX, SNAP_PX + 1, dtype=np.float64)
    lines = []
    supports, contrasts, border = [], [], 0
    for i in range(4):
        p, q = corners[i], corners[(i + 1) % 4]
        d = q - p
        length = float(np.hypot(*d))
        if length < 8:
            return Quad(quad.corners, quad.exact)
        u = d / length
        n = np.array([u[1], -u[0]])
        if np.dot((p + q) / 2 - centre, n) < 0:
            n = -n  # outward normal
        if _on_border(p, q, w, h):
            border += 1
            lines.append((p, u))
            continue
        base = p[None, :] + t[:, None] * d[None, :]  # (S, 2)
        cand = base[:, None, :] + offsets[None, :, None] * n  # (S, K, 2)
        inner = _sample(soft, cand - PROBE_PX * n)
        outer = _sample(soft, cand + PROBE_PX * n)
        step = inner - outer  # paper side minus desk side
        sign = 1.0 if np.nanmedian(step) >= 0 else -1.0
        best = np.nanargmax(np.nan_to_num(sign * step, nan=-1e9), axis=1)
        chosen = step[np.arange(SAMPLES), best] * sign
        good = np.isfinite(chosen) & (chosen >= 4.0)
        visible = np.isfinite(chosen)
        if visible.sum() < SAMPLES // 3:
            border += 1  # mostly outside the frame: treat as cut off
            lines.append((p, u))
            continue
        supports.append(good.sum() / visible.sum())
        contrasts.append(float(np.median(chosen[good])) if good.any() else 0.0)
        pts = cand[np.arange(SAMPLES), best][good]
        if len(pts) >= 5:
            vx, vy, x0, y0 = cv2.fitLine(pts.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
            lines.append((np.array([x0, y0], np.float64), np.array([vx, vy], np.float64)))
        else:
            lines.append((p, u))
    if not supports:
        return Quad(quad.corners, quad.exact, border_sides=border)
    new = []
    for i in range(4):  # corner i joins side i-1 and side i
        (p1, u1), (p2, u2) = lines[i - 1], lines[i]
        a = np.array([u1, -u2]).T
        if abs(np.linalg.det(a)) < 1e-3:
            new.append(corners[i])
            continue
        s = np.linalg.solve(a, p2 - p1)
        new.append(p1 + s[0] * u1)
    new_corners = np.array(new, np.float32)
    if np.abs(new_corners - corners).max() > 4 * SNAP_PX:  # a line ran off: keep the original corners
        new_corners = corners.astype(np.float32)
    support, contrast, border = _evidence(new_corners.astype(np.float64), soft)
    area = float(cv2.contourArea(new_corners)) / (w * h)
    return Quad(new_corners, quad.exact, support, contrast, area, border)


def _evidence(corners: np.ndarray, soft: np.ndarray) -> tuple[float, float, int]:
    """(support, contrast, border sides) of an outline measured exactly on its sides (no snapping).

    A side supports the page when, at most samples, the inside differs from the outside by at least
    4 gray levels with the same sign as the side's typical step; texture crossed at random does not.
    """
    h, w = soft.shape
    centre = corners.mean(axis=0)
    t = np.linspace(0.08, 0.92, SAMPLES)
    supports, contrasts, signs, border = [], [], [], 0
    for i in range(4):
        p, q = corners[i], corners[(i + 1) % 4]
        d = q - p
        length = float(np.hypot(*d))
        if length < 8:
            return 0.0, 0.0, border
        u = d / length
        n = np.array([u[1], -u[0]])
        if np.dot((p + q) / 2 - centre, n) < 0:
            n = -n
        if _on_border(p, q, w, h):
            border += 1
            continue
        base = p[None, :] + t[:, None] * d[None, :]
        inner = _sample(soft, base - PROBE_PX * n)
        step = inner - _sample(soft, base + PROBE_PX * n)
        ripple = np.abs(inner - _sample(soft, base - 3 * PROBE_PX * n))  # paper margins are plain
        visible = np.isfinite(step) & np.isfinite(ripple)
        if visible.sum() < SAMPLES // 3:
            border += 1
            continue
        step, ripple = step[visible], ripple[visible]
        sign = 1.0 if np.median(step) >= 0 else -1.0
        good = (sign * step >= 4.0) & (sign * step >= 2.0 * ripple)
        supports.append(good.mean())
        contrasts.append(float(np.median(sign * step)))
        signs.append(sign)
    if not supports:
        return 0.0, 0.0, border
    support = float(min(supports) * 0.5 + np.mean(supports) * 0.5)
    if len(set(signs)) > 1:  # paper is brighter (or darker) than its surroundings all round, not both
        support *= 0.5
    return support, float(np.median(contrasts)), border
