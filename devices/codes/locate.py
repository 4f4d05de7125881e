"""Cheap code localisation: regions of strong, dense gradients and their bar orientation (structure tensor)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

WORK_SIDE = 480  # localisation runs on a copy whose long side is about this many pixels


@dataclass(frozen=True)
class Region:
    """A candidate code area in frame pixels.

    Attributes:
        center: ``(x, y)`` centre.
        size: ``(w, h)`` of the rotated rectangle (w along ``angle``).
        angle: Rectangle angle in degrees (OpenCV ``minAreaRect`` convention).
        bar_angle: Dominant gradient direction in degrees (0 = bars are vertical), from the structure tensor.
        coherence: 0..1, near 1 for parallel bars (1D code), lower for QR modules.
        score: Ranking score (area times gradient energy).
    """

    center: tuple[float, float]
    size: tuple[float, float]
    angle: float
    bar_angle: float
    coherence: float
    score: float

    @property
    def axis_angle(self) -> float:
        """Direction of the rectangle's long axis in degrees (a 1D code's bars cross it)."""
        return self.angle if self.size[0] >= self.size[1] else self.angle + 90.0

    @property
    def elongation(self) -> float:
        """Long side over short side."""
        return max(self.size) / max(1.0, min(self.size))

    @property
    def long_side(self) -> float:
        """The longer side of the rectangle in frame pixels."""
        return max(self.size)


def find_regions(gray: np.ndarray, max_regions: int = 4, *, equalise: bool = False) -> list[Region]:
    """Return up to ``max_regions`` candidate code regions, best first.

    Args:
        gray: 2-D ``uint8`` frame.
        max_regions: Most regions to return.
        equalise: Equalise local contrast first, so faint (low-contrast) codes stand out
            against a busy, high-contrast background.
    """
    h, w = gray.shape
    scale = min(1.0, WORK_SIDE / max(h, w))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    if equalise:
        small = cv2.createCLAHE(clipLimit=4.0, tileGridSize=(6, 6)).apply(small)
    gx = cv2.Sobel(small, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(small, cv2.CV_32F, 0, 1, ksize=3)
    k = (7, 7)
    jxx = cv2.boxFilter(gx * gx, -1, k)
    jyy = cv2.boxFilter(gy * gy, -1, k)
    jxy = cv2.boxFilter(gx * gy, -1, k)
    # gradient "density": mean |gradient| in a window; codes have many edges in every window
    mag = cv2.boxFilter(cv2.magnitude(gx, gy), -1, (11, 11))
    flat = mag[::2, ::2]
    threshold = max(float(np.percentile(flat, 90)), float(flat.mean() + 1.5 * flat.std()), 8.0)
    mask = (mag > threshold).astype(np.uint8) * 255
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (7, 7)))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    regions = []
    min_area = 400 * scale * scale
    for contour in contours:
        area = cv2.contourArea(contour)
        if area < min_area:
            continue
        (cx, cy), (rw, rh), angle = cv2.minAreaRect(contour)
        if min(rw, rh) < 6:
            continue
        x, y, bw, bh = cv2.boundingRect(contour)
        region_mask = np.zeros((bh, bw), np.uint8)
        cv2.drawContours(region_mask, [contour - [x, y]], -1, 255, -1)
        window = (slice(y, y + bh), slice(x, x + bw))
        sxx = float(cv2.mean(jxx[window], region_mask)[0])
        syy = float(cv2.mean(jyy[window], region_mask)[0])
        sxy = float(cv2.mean(jxy[window], region_mask)[0])
        energy = sxx + syy + 1e-6
        coherence = math.sqrt((sxx - syy) ** 2 + 4 * sxy * sxy) / energy
        bar_angle = 0.5 * math.degrees(math.atan2(2 * sxy, sxx - syy))
        density = float(cv2.mean(mag[window], region_mask)[0])
        regions.append(Region((cx / scale, cy / scale), (rw / scale, rh / scale), angle, bar_angle,
                              coherence, area * density))
    regions.sort(key=lambda r: r.score, reverse=True)
    return regions[:max_regions]


def crop(gray: np.ndarray, region: Region, rotate_to: float | None, zoom: float,
         margin: float = 0.25) -> tuple[np.ndarray, np.ndarray]:
    """Cut ``region`` out of ``gray``, rotated by ``rotate_to`` degrees and scaled by ``zoom``.

    A 1D code is turned upright by passing its bar (gradient) direction as ``rotate_to``.

    Returns:
        ``(image, inverse)``: the crop and the 2x3 affine that maps crop pixels back to the frame.
    """
    if rotate_to is None:  # keep the frame's orientation: crop the rectangle's upright bounding box
        bw, bh = region.size
        rad = math.radians(region.angle)
        width = abs(bw * math.cos(rad)) + abs(bh * math.sin(rad))
        height = abs(bw * math.sin(rad)) + abs(bh * math.cos(rad))
        width, height = width * (1 + 2 * margin) + 16, height * (1 + 2 * margin) + 16
        rotate_to = 0.0
    else:  # turned by an estimated angle: a square around the long side always holds the code
        width = height = region.long_side * (1 + 2 * margin) + 16
    out_w, out_h = max(8, int(width * zoom)), max(8, int(height * zoom))
    matrix = cv2.getRotationMatrix2D(region.center, rotate_to, zoom)
    matrix[0, 2] += out_w / 2 - region.center[0]
    matrix[1, 2] += out_h / 2 - region.center[1]
    interp = cv2.INTER_CUBIC if zoom > 1 else cv2.INTER_AREA if zoom < 1 else cv2.INTER_LINEAR
    image = cv2.warpAffine(gray, matrix, (out_w, out_h), flags=interp, borderMode=cv2.BORDER_REPLICATE)
    return image, cv2.invertAffineTransform(matrix)
