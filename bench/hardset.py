"""Deterministic hard set of 1280x720 camera-like frames with QR codes and 1D barcodes for the decode bench."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np
import qrcode
import zxingcpp

WIDTH, HEIGHT = 1280, 720
CONDITIONS = ("clean", "tilted", "perspective", "blurred", "noisy", "low_contrast", "small", "combined")
FORMATS = ("QRCode", "Code128", "EAN13", "ITF")

_SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
_MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Ngọc", "Minh", "Thanh", "Quốc", "Thu", "Xuân", ""]
_GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hương", "Hùng", "Lan", "Long", "Mai", "Nga", "Phúc",
          "Quyên", "Sơn", "Thảo", "Trung", "Tuấn", "Uyên", "Việt", "Yến", "Ánh", "Đạt", "Ơn", "Ửng"]
_STREETS = ["Phố Huế", "Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Điện Biên Phủ", "Lý Thường Kiệt"]
_WARDS = ["Phường Bến Nghé", "Phường Tràng Tiền", "Xã Đông Anh", "Phường Hải Châu", "Xã Mỹ Đức", "Phường Thủy Xuân"]
_CITIES = ["Hà Nội", "TP. Hồ Chí Minh", "Đà Nẵng", "Huế", "Cần Thơ", "Hải Phòng", "Nghệ An", "Đắk Lắk"]
_PROVINCES = ["001", "031", "048", "079", "092", "038", "040", "066"]


@dataclass(frozen=True)
class Sample:
    """One frame of the hard set.

    Attributes:
        name: Stable identifier, e.g. ``"blurred-017"``.
        condition: One of :data:`CONDITIONS`.
        format: The code's format name (as ``devices.codes`` names it).
        text: The exact payload text a correct decode must return.
        frame: 720x1280x3 BGR ``uint8`` image.
        corners: 4x2 float array, the symbol's corners (quiet zone included) in frame pixels.
    """

    name: str
    condition: str
    format: str
    text: str
    frame: np.ndarray
    corners: np.ndarray


# --- payloads -------------------------------------------------------------------------------------

def id_card_payload(rng: random.Random) -> str:
    """A CCCD QR payload with a Vietnamese name and address (sometimes without the old ID)."""
    year = rng.randint(1950, 2005)
    female = rng.random() < 0.5
    century_sex = (0 if year < 2000 else 2) + (1 if female else 0)
    ident = f"{rng.choice(_PROVINCES)}{century_sex}{year % 100:02d}{rng.randint(0, 999999):06d}"
    old = f"{rng.randint(0, 999999999):09d}" if rng.random() < 0.6 else ""
    name = " ".join(p for p in (rng.choice(_SURNAMES), rng.choice(_MIDDLE), rng.choice(_GIVEN)) if p)
    dob = f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{year}"
    address = f"Số {rng.randint(1, 300)} {rng.choice(_STREETS)}, {rng.choice(_WARDS)}, {rng.choice(_CITIES)}"
    issued = f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(2021, 2025)}"
    return "|".join([ident, old, name, dob, "Nữ" if female else "Nam", address, issued])


def receipt_payload(rng: random.Random) -> str:
    """A receipt QR payload ``HS|<reference>|<secret>``."""
    unit = f"000.00.{rng.randint(1, 40):02d}.H{rng.randint(1, 63):02d}"
    ref = f"{unit}-2{rng.randint(40101, 51231)}-{rng.randint(1, 999):04d}"
    secret = "".join(rng.choice("ABCDEFGHJKMNPQRSTUVWXYZ23456789") for _ in range(4))
    return f"HS|{ref}|{secret}"


def ean13_payload(rng: random.Random) -> str:
    """Twelve random digits (Vietnam prefix 893) plus the EAN check digit."""
    digits = "893" + "".join(str(rng.randint(0, 9)) for _ in range(9))
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


def payload(fmt: str, rng: random.Random) -> str:
    """A realistic payload for ``fmt``."""
    if fmt == "QRCode":
        return id_card_payload(rng) if rng.random() < 0.7 else receipt_payload(rng)
    if fmt == "Code128":
        return rng.choice([f"HT-{rng.randint(1, 999):03d}", f"H36-{rng.randint(10**7, 10**8 - 1)}",
                           f"VE{rng.randint(10**5, 10**6 - 1)}KQ"])
    if fmt == "EAN13":
        return ean13_payload(rng)
    return "".join(str(rng.randint(0, 9)) for _ in range(rng.choice((10, 14))))


# --- symbol rendering (1 pixel per module, white = 255) -------------------------------------------

def qr_modules(text: str, border: int = 4) -> np.ndarray:
    """QR matrix of UTF-8 ``text`` in byte mode without an ECI marker (like the ID card), 1 px/module."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=border)
    qr.add_data(text.encode("utf-8"))
    qr.make(fit=True)
    return np.where(np.array(qr.get_matrix(), dtype=bool), 0, 255).astype(np.uint8)


def linear_modules(fmt: str, text: str, quiet: int = 10, height_ratio: float = 0.3) -> np.ndarray:
    """1D barcode, 1 px/module, with quiet zones; height is ``height_ratio`` of the width."""
    barcode = zxingcpp.create_barcode(text, getattr(zxingcpp.BarcodeFormat, fmt))
    row = np.asarray(barcode.to_image(scale=1, add_quiet_zones=False))[0]
    row = np.concatenate([np.full(quiet, 255, np.uint8), row, np.full(quiet, 255, np.uint8)])
    height = max(12, int(len(row) * height_ratio))
    return np.repeat(row[None, :], height, axis=0)


def symbol_modules(fmt: str, text: str) -> np.ndarray:
    """The symbol of ``fmt`` at 1 px per module."""
    return qr_modules(text) if fmt == "QRCode" else linear_modules(fmt, text)


def render_symbol(fmt: str, text: str, module_px: int = 4) -> np.ndarray:
    """A clean gray image of the symbol at an integer module size (for unit tests)."""
    modules = symbol_modules(fmt, text)
    return cv2.resize(modules, None, fx=module_px, fy=module_px, interpolation=cv2.INTER_NEAREST)


# --- backgrounds and camera effects -----------------------------------------------------------------

def background(rng: random.Random, nrng: np.random.Generator) -> np.ndarray:
    """A textured 1280x720 BGR background: smooth colour noise, shapes and text-like strokes."""
    low = nrng.integers(40, 220, size=(9, 16, 3)).astype(np.uint8)
    img = cv2.resize(low, (WIDTH, HEIGHT), interpolation=cv2.INTER_CUBIC)
    for _ in range(rng.randint(4, 10)):
        color = tuple(int(c) for c in nrng.integers(0, 255, 3))
        p1 = (rng.randint(0, WIDTH), rng.randint(0, HEIGHT))
        p2 = (rng.randint(0, WIDTH), rng.randint(0, HEIGHT))
        if rng.random() < 0.5:
            cv2.rectangle(img, p1, p2, color, -1)
        else:
            cv2.line(img, p1, p2, color, rng.randint(1, 6))
    for _ in range(rng.randint(3, 8)):
        text = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ") for _ in range(rng.randint(5, 20)))
        cv2.putText(img, text, (rng.randint(0, WIDTH - 200), rng.randint(20, HEIGHT)), cv2.FONT_HERSHEY_SIMPLEX,
                    rng.uniform(0.5, 1.5), tuple(int(c) for c in nrng.integers(0, 255, 3)), rng.randint(1, 3))
    return img


def _motion_kernel(length: int, angle: float) -> np.ndarray:
    kernel = np.zeros((length, length), np.float32)
    kernel[length // 2, :] = 1.0
    rot = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), angle, 1.0)
    kernel = cv2.warpAffine(kernel, rot, (length, length))
    return kernel / max(kernel.sum(), 1e-6)


@dataclass
class _Params:
    module: float
    angle: float
    jitter: float = 0.0
    gauss: float = 0.6
    motion: int = 0
    noise: float = 5.0
    jpeg: int = 0
    contrast: float = 1.0
    paper: int = 235


def _params(condition: str, linear: bool, rng: random.Random) -> _Params:
    module = rng.uniform(2.0, 3.2) if linear else rng.uniform(3.0, 5.0)
    sign = rng.choice((-1, 1))
    if condition == "clean":
        return _Params(module, rng.uniform(-5, 5))
    if condition == "tilted":
        return _Params(module, sign * rng.uniform(20, 50) if linear else rng.uniform(0, 360))
    if condition == "perspective":
        return _Params(module * 1.1, rng.uniform(-10, 10), jitter=rng.uniform(0.15, 0.3))
    if condition == "blurred":
        if rng.random() < 0.5:
            return _Params(module, rng.uniform(-5, 5), gauss=rng.uniform(0.3, 0.55) * module)
        return _Params(module, rng.uniform(-5, 5), motion=int(rng.uniform(1.0, 1.8) * module) | 1)
    if condition == "noisy":
        return _Params(module, rng.uniform(-8, 8), noise=rng.uniform(22, 40), jpeg=rng.randint(25, 50))
    if condition == "low_contrast":
        return _Params(module, rng.uniform(-8, 8), contrast=rng.uniform(0.15, 0.3), paper=rng.randint(120, 200))
    if condition == "small":
        return _Params(rng.uniform(1.2, 1.7) if linear else rng.uniform(1.5, 2.2), rng.uniform(-5, 5), gauss=0.5)
    return _Params(module, sign * rng.uniform(10, 30), jitter=rng.uniform(0.05, 0.15),
                   gauss=rng.uniform(0.25, 0.4) * module, noise=rng.uniform(8, 14), contrast=rng.uniform(0.35, 0.55),
                   jpeg=rng.randint(50, 80))


def _place(modules: np.ndarray, p: _Params, rng: random.Random) -> tuple[np.ndarray, np.ndarray]:
    """Homography from module space to the frame: scale, rotate, perspective jitter, random position."""
    h, w = modules.shape
    sw, sh = w * p.module, h * p.module
    corners = np.array([[0, 0], [sw, 0], [sw, sh], [0, sh]], np.float32) - [sw / 2, sh / 2]
    if p.jitter:
        corners += np.array([[rng.uniform(-1, 1) * p.jitter * sw, rng.uniform(-1, 1) * p.jitter * sh]
                             for _ in range(4)], np.float32)
    theta = np.deg2rad(p.angle)
    rot = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]], np.float32)
    corners = corners @ rot.T
    span = corners.max(axis=0) - corners.min(axis=0)
    margin = 40
    cx = rng.uniform(span[0] / 2 + margin, max(span[0] / 2 + margin, WIDTH - span[0] / 2 - margin))
    cy = rng.uniform(span[1] / 2 + margin, max(span[1] / 2 + margin, HEIGHT - span[1] / 2 - margin))
    dst = (corners + [cx, cy]).astype(np.float32)
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    return cv2.getPerspectiveTransform(src, dst), dst


def compose(modules: np.ndarray, p: _Params, rng: random.Random,
            nrng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Render ``modules`` into a textured frame with the camera effects in ``p``; return (frame, corners)."""
    frame = background(rng, nrng).astype(np.float32)
    big = cv2.resize(modules, None, fx=8, fy=8, interpolation=cv2.INTER_NEAREST)
    homography, dst = _place(modules, p, rng)
    # paper card a bit larger than the symbol's quiet zone; work inside its bounding box only
    centre = dst.mean(axis=0)
    card = (dst - centre) * 1.12 + centre
    x0, y0 = np.maximum(np.floor(card.min(axis=0)).astype(int), 0)
    x1, y1 = np.minimum(np.ceil(card.max(axis=0)).astype(int) + 1, [WIDTH, HEIGHT])
    shift = np.array([[1, 0, -x0], [0, 1, -y0], [0, 0, 1]], np.float64)
    homography = shift @ homography @ np.diag([1 / 8, 1 / 8, 1]).astype(np.float64)
    tint = np.array([p.paper - rng.randint(0, 15), p.paper - rng.randint(0, 10), p.paper], np.float32)
    mask = np.zeros((y1 - y0, x1 - x0), np.uint8)
    cv2.fillConvexPoly(mask, (card - [x0, y0]).astype(np.int32), 255)
    ink = cv2.warpPerspective(big, homography, (x1 - x0, y1 - y0), flags=cv2.INTER_AREA, borderValue=255)
    ink = ink.astype(np.float32) / 255.0  # 1 = paper, 0 = ink
    dark = tint * (1 - p.contrast) + 20 * p.contrast
    card_img = dark + (tint - dark) * ink[..., None]
    roi = frame[y0:y1, x0:x1]
    roi[mask > 0] = card_img[mask > 0]
    if p.contrast < 0.3:  # uneven lighting for low contrast
        ramp = np.linspace(rng.uniform(0.7, 1.0), rng.uniform(1.0, 1.3), WIDTH, dtype=np.float32)
        frame = frame * ramp[None, :, None]
    if p.motion:
        frame = cv2.filter2D(frame, -1, _motion_kernel(p.motion, rng.uniform(0, 180)))
    if p.gauss:
        frame = cv2.GaussianBlur(frame, (0, 0), p.gauss)
    frame += nrng.standard_normal(frame.shape, dtype=np.float32) * np.float32(p.noise)
    out = np.clip(frame, 0, 255).astype(np.uint8)
    if p.jpeg:
        ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, p.jpeg])
        out = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    return out, dst


def generate(seed: int = 2026, per_condition: int = 40,
             conditions: tuple[str, ...] = CONDITIONS) -> Iterator[Sample]:
    """Yield the hard set: ``per_condition`` frames per condition, formats in rotation.

    Deterministic for a given ``seed`` (each frame has its own seeded generators, so a
    subset of conditions yields the same frames as the full set).
    """
    for c_index, condition in enumerate(CONDITIONS):
        if condition not in conditions:
            continue
        for i in range(per_condition):
            rng = random.Random(f"{seed}-{condition}-{i}")
            nrng = np.random.default_rng(seed * 1000 + c_index * 100003 + i)
            fmt = FORMATS[1 + (i // 2) % 3] if i % 2 else "QRCode"  # half QR, half 1D
            text = payload(fmt, rng)
            p = _params(condition, fmt != "QRCode", rng)
            frame, corners = compose(symbol_modules(fmt, text), p, rng, nrng)
            yield Sample(f"{condition}-{i:03d}", condition, fmt, text, frame, corners)
