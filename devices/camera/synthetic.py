"""Synthetic camera scenes: an ID card with its QR, printed form pages, placed on a desk with tilt, blur, glare."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import cv2
import numpy as np
import qrcode
from PIL import Image, ImageDraw, ImageFont

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu")
CARD_MM = (85.6, 53.98)  # ID-1 card
A4_RATIO = 297 / 210

# Fictional content (no real person): form pages for document-capture demos and tests.
FORM_PAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "TỜ KHAI ĐĂNG KÝ KHAI SINH",
        ("Kính gửi: Ủy ban nhân dân phường Hoàn Kiếm", "Họ, chữ đệm, tên người yêu cầu:", "Nơi cư trú:",
         "Giấy tờ tùy thân:", "Quan hệ với người được khai sinh:", "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:",
         "Họ, chữ đệm, tên:", "Ngày, tháng, năm sinh:", "Giới tính:   Dân tộc:   Quốc tịch:", "Nơi sinh:", "Quê quán:",
         "Họ, chữ đệm, tên người mẹ:", "Năm sinh:   Dân tộc:   Quốc tịch:", "Họ, chữ đệm, tên người cha:",
         "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật."),
    ),
    (
        "GIẤY CHỨNG SINH",
        ("Họ và tên mẹ: Trần Thị Bình", "Năm sinh: 1992   Dân tộc: Kinh", "Nơi đăng ký thường trú: Hà Nội",
         "Đã sinh con vào lúc: 08 giờ 30 phút", "Tại: Bệnh viện Phụ sản Hà Nội", "Số con trong lần sinh: 01",
         "Giới tính của con: Nam", "Cân nặng: 3.200 gam", "Dự định đặt tên con: Nguyễn Minh Khôi",
         "Người đỡ đẻ:", "Thủ trưởng cơ sở khám bệnh, chữa bệnh:"),
    ),
)


@lru_cache(maxsize=16)
def load_font(size: int, bold: bool = False) -> ImageFont.ImageFont:
    """Return DejaVu Sans (Vietnamese glyphs) at ``size`` px, or Pillow's default font if it is absent."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        try:
            return ImageFont.truetype(f"{folder}/{name}", size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def qr_image(text: str, size: int, *, border: int = 2) -> Image.Image:
    """Render ``text`` (UTF-8 bytes, no ECI, like the ID card QR) as a square QR of about ``size`` px."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=border, box_size=1)
    qr.add_data(text.encode("utf-8"))
    qr.make(fit=True)
    img = qr.make_image(fill_color="black", back_color="white").get_image().convert("L")
    modules = img.size[0]
    return img.resize((max(1, size // modules) * modules,) * 2, Image.NEAREST)


def render_id_card(payload: str, *, width: int = 856, fields: Sequence[tuple[str, str]] = ()) -> np.ndarray:
    """Draw the front of a citizen ID card (BGR) with the QR of ``payload`` at the top right."""
    height = round(width * CARD_MM[1] / CARD_MM[0])
    k = width / 856
    card = Image.new("RGB", (width, height), (226, 236, 240))
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, width, int(118 * k)), fill=(205, 222, 232))
    draw.ellipse((int(24 * k), int(18 * k), int(104 * k), int(98 * k)), fill=(200, 30, 35))
    draw.text((int(24 * k) + int(40 * k), int(58 * k)), "★", font=load_font(int(40 * k)), fill=(250, 220, 0), anchor="mm")
    draw.text((int(122 * k), int(26 * k)), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=load_font(int(24 * k), True), fill=(20, 20, 60))
    draw.text((int(122 * k), int(64 * k)), "CĂN CƯỚC", font=load_font(int(34 * k), True), fill=(170, 20, 30))
    draw.rectangle((int(30 * k), int(150 * k), int(210 * k), int(390 * k)), fill=(180, 190, 200), outline=(90, 90, 90))
    parts = payload.split("|")
    if not fields and len(parts) >= 7:
        fields = (("Số định danh cá nhân", parts[0]), ("Họ, chữ đệm và tên", parts[2]),
                  ("Ngày sinh", f"{parts[3][:2]}/{parts[3][2:4]}/{parts[3][4:]}"), ("Giới tính", parts[4]))
    y = int(150 * k)
    for label, value in fields:
        draw.text((int(236 * k), y), label, font=load_font(int(18 * k)), fill=(60, 60, 60))
        draw.text((int(236 * k), y + int(22 * k)), value, font=load_font(int(26 * k), True), fill=(10, 10, 10))
        y += int(62 * k)
    qr = qr_image(payload, int(250 * k))
    card.paste(qr, (width - qr.size[0] - int(20 * k), int(130 * k)))
    return cv2.cvtColor(np.asarray(card), cv2.COLOR_RGB2BGR)


def render_form_page(page_no: int = 1, *, width: int = 1240) -> np.ndarray:
    """Draw a printed administrative form page (A4 portrait, BGR) with a national heading and ruled lines."""
    height = round(width * A4_RATIO)
    k = width / 1240
    title, lines = FORM_PAGES[(page_no - 1) % len(FORM_PAGES)]
    page = Image.new("RGB", (width, height), (236, 237, 232))  # paper as a camera sees it
    draw = ImageDraw.Draw(page)
    mid = width // 2
    draw.text((mid, int(110 * k)), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=load_font(int(34 * k), True), fill=0, anchor="mm")
    draw.text((mid, int(160 * k)), "Độc lập - Tự do - Hạnh phúc", font=load_font(int(32 * k), True), fill=0, anchor="mm")
    draw.line((mid - int(230 * k), int(185 * k), mid + int(230 * k), int(185 * k)), fill=0, width=max(1, int(2 * k)))
    draw.text((mid, int(290 * k)), title, font=load_font(int(46 * k), True), fill=0, anchor="mm")
    y = int(400 * k)
    font = load_font(int(28 * k))
    for line in lines:
        draw.text((int(130 * k), y), line, font=font, fill=(15, 15, 15))
        end = draw.textlength(line, font=font) + int(140 * k)
        for x in range(int(end), width - int(130 * k), int(14 * k)):
            draw.point((x, y + int(26 * k)), fill=(60, 60, 60))
        y += int(72 * k)
    bottom = min(y + int(200 * k), height - int(140 * k))
    if bottom > y + int(60 * k):  # a signature box when there is room
        draw.rectangle((int(130 * k), y + int(20 * k), width - int(130 * k), bottom), outline=0, width=max(1, int(2 * k)))
    draw.text((mid, height - int(80 * k)), f"Trang {page_no}", font=load_font(int(24 * k)), fill=0, anchor="mm")
    return cv2.cvtColor(np.asarray(page), cv2.COLOR_RGB2BGR)


@lru_cache(maxsize=4)
def _desk(width: int, height: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    ramp = np.linspace(0.75, 1.0, width, dtype=np.float32)[None, :] * np.linspace(0.85, 1.0, height, dtype=np.float32)[:, None]
    grain = cv2.GaussianBlur(rng.normal(0, 6, (height, width)).astype(np.float32), (0, 0), 3)
    base = np.array([52, 70, 96], np.float32)  # dark wood (BGR)
    desk = base[None, None, :] * ramp[..., None] + grain[..., None]
    desk.flags.writeable = False
    return np.clip(desk, 0, 255).astype(np.uint8)


def desk(size: tuple[int, int] = (1280, 720), seed: int = 0) -> np.ndarray:
    """Return a dark desk background of ``size`` (width, height), BGR."""
    return _desk(size[0], size[1], seed).copy()


def fit_quad(obj_size: tuple[int, int], frame_size: tuple[int, int], *, fill: float = 0.8, angle: float = 0.0,
             tilt: float = 0.0, shift: tuple[float, float] = (0.0, 0.0)) -> np.ndarray:
    """Corners (tl, tr, br, bl) of an object of ``obj_size`` placed in a frame.

    Args:
        obj_size: Object (width, height) in its own pixels.
        frame_size: Frame (width, height).
        fill: Fraction of the frame the object's bounding box may fill.
        angle: Rotation in degrees (counter-clockwise).
        tilt: Keystone from a camera that is not straight above, as a fraction of the top edge.
        shift: Offset of the centre as fractions of the frame size.
    """
    w, h = obj_size
    fw, fh = frame_size
    rad = np.deg2rad(angle)
    bw = abs(w * np.cos(rad)) + abs(h * np.sin(rad))
    bh = abs(w * np.sin(rad)) + abs(h * np.cos(rad))
    s = fill * min(fw / bw, fh / bh)
    hw, hh = w * s / 2, h * s / 2
    pts = np.array([[-hw * (1 - tilt), -hh], [hw * (1 - tilt), -hh], [hw, hh], [-hw, hh]], np.float32)
    rot = np.array([[np.cos(rad), np.sin(rad)], [-np.sin(rad), np.cos(rad)]], np.float32)
    centre = np.array([fw / 2 + shift[0] * fw, fh / 2 + shift[1] * fh], np.float32)
    return pts @ rot.T + centre


def place(obj: np.ndarray, background: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """Warp ``obj`` onto ``background`` so its corners land on ``quad`` (tl, tr, br, bl); returns a new frame."""
    quad = np.asarray(quad, np.float32)
    target = max(np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[2] - quad[3]))
    if target < obj.shape[1] * 0.8:  # shrink first: a large downscaling warp is slow and aliased
        scale = target / obj.shape[1]
        obj = cv2.resize(obj, (max(1, round(obj.shape[1] * scale)), max(1, round(obj.shape[0] * scale))),
                         interpolation=cv2.INTER_AREA)
    h, w = obj.shape[:2]
    src = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)
    m = cv2.getPerspectiveTransform(src, quad)
    size = (background.shape[1], background.shape[0])
    warped = cv2.warpPerspective(obj, m, size, flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), m, size, flags=cv2.INTER_LINEAR)
    out = background.copy()
    inside = mask > 127
    out[inside] = warped[inside]
    return out


def add_glare(frame: np.ndarray, centre: tuple[float, float], radius: float, strength: float = 1.5) -> np.ndarray:
    """Add a specular hot spot (a Gaussian of white light) at ``centre`` (fractions of the frame)."""
    h, w = frame.shape[:2]
    yy, xx = np.ogrid[:h, :w]
    cx, cy = centre[0] * w, centre[1] * h
    spot = strength * 255 * np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * (radius * min(w, h)) ** 2))
    return np.clip(frame.astype(np.float32) + spot[..., None], 0, 255).astype(np.uint8)


def add_noise(frame: np.ndarray, sigma: float, seed: int = 0) -> np.ndarray:
    """Add Gaussian sensor noise (one cached unit pattern per shape, shifted per seed: generating it is slow)."""
    noise = _unit_noise(frame.shape)
    if seed:
        noise = np.roll(noise, (seed * 7919) % noise.shape[1], axis=1)
    return cv2.add(frame, noise * np.float32(sigma), dtype=cv2.CV_8U)


@lru_cache(maxsize=4)
def _unit_noise(shape: tuple[int, ...]) -> np.ndarray:
    noise = np.random.default_rng(0).standard_normal(shape, dtype=np.float32)
    noise.flags.writeable = False
    return noise


def blur(frame: np.ndarray, sigma: float) -> np.ndarray:
    """Defocus blur (Gaussian, ``sigma`` in pixels); ``sigma <= 0`` returns the frame unchanged."""
    return cv2.GaussianBlur(frame, (0, 0), sigma) if sigma > 0 else frame


def id_card_scene(payload: str, *, size: tuple[int, int] = (1280, 720), angle: float = 4.0, fill: float = 0.62,
                  shift: tuple[float, float] = (0.0, 0.0), noise: float = 2.0, seed: int = 0) -> np.ndarray:
    """A frame showing an ID card (with the QR of ``payload``) lying on a desk."""
    card = render_id_card(payload)
    quad = fit_quad((card.shape[1], card.shape[0]), size, fill=fill, angle=angle, shift=shift)
    frame = place(card, desk(size), quad)
    return add_noise(frame, noise, seed) if noise > 0 else frame


def document_scene(page_no: int = 1, *, size: tuple[int, int] = (1280, 720), angle: float = 3.0, tilt: float = 0.04,
                   fill: float = 0.92, shift: tuple[float, float] = (0.0, 0.0), blur_sigma: float = 0.0,
                   glare: float = 0.0, noise: float = 2.0, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A frame showing a form page on a desk; returns (frame, page corners tl, tr, br, bl).

    Args:
        page_no: Which form page (1, 2, ...).
        size: Frame (width, height).
        angle: Rotation of the page in degrees.
        tilt: Keystone (camera not straight above).
        fill: Fraction of the frame the page fills.
        shift: Offset of the page centre (fractions of the frame).
        blur_sigma: Defocus blur in pixels.
        glare: Strength of a hot spot on the page (0 = none, 1.5 = a strong lamp reflection).
        noise: Sensor noise sigma.
        seed: Noise seed.
    """
    page = render_form_page(page_no)
    quad = fit_quad((page.shape[1], page.shape[0]), size, fill=fill, angle=angle, tilt=tilt, shift=shift)
    frame = place(page, desk(size), quad)
    if glare > 0:
        c = quad.mean(axis=0)
        frame = add_glare(frame, (c[0] / size[0] + 0.03, c[1] / size[1] - 0.12), 0.09, glare)
    frame = blur(frame, blur_sigma)
    return (add_noise(frame, noise, seed) if noise > 0 else frame), quad
