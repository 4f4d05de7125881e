"""Realistic document-capture frames: light desks, wood, tablecloths, fingers, shadows, phone JPEG, low light."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from devices.camera.synthetic import fit_quad, render_form_page

#: Conditions of :func:`page_scene` and the verdict a correct page check gives on them.
#: ``ok``: the page is found where it is and can be kept; ``cut_off``/``too_dark``/``too_blurry``: that advice.
PAGE_CONDITIONS: dict[str, str] = {
    "dark_desk": "ok",
    "white_desk": "ok",
    "grey_desk": "ok",
    "wood": "ok",
    "tablecloth": "ok",
    "fingers": "ok",
    "shadow": "ok",
    "phone_jpeg": "ok",
    "hd_1080": "ok",
    "vga_480": "ok",
    "dim": "ok",
    "plain_white": "ok",
    "partial": "cut_off",
    "dark": "too_dark",
    "blurred_480": "too_blurry",
    "blurred_1080": "too_blurry",
}
_SIZES = {"hd_1080": (1920, 1080), "vga_480": (640, 480), "blurred_480": (640, 480), "blurred_1080": (1920, 1080)}


@dataclass(frozen=True)
class PageScene:
    """One generated frame.

    Attributes:
        condition: Key of :data:`PAGE_CONDITIONS`.
        expect: What a correct check says: ``ok`` or the advice code expected.
        frame: BGR frame.
        quad: The page corners tl, tr, br, bl in frame pixels (may lie outside the frame).
    """

    condition: str
    expect: str
    frame: np.ndarray
    quad: np.ndarray


def _texture(rng: np.random.Generator, shape: tuple[int, int], sigma: float, amp: float) -> np.ndarray:
    return cv2.GaussianBlur(rng.normal(0, amp, shape).astype(np.float32), (0, 0), sigma)


def background(kind: str, size: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """A float32 BGR desk of ``kind`` (``dark``, ``white``, ``grey``, ``wood``, ``cloth``) of ``size`` (w, h)."""
    w, h = size
    if kind == "white":  # white laminate: brighter than the paper, a little cooler
        base = np.array([244, 244, 240], np.float32) + rng.uniform(-4, 4)
        tex = _texture(rng, (h, w), 2, 3)
    elif kind == "grey":
        base = np.array([196, 198, 200], np.float32) + rng.uniform(-10, 10)
        tex = _texture(rng, (h, w), 1.5, 4)
    elif kind == "wood":
        base = np.array([60, 105, 150], np.float32) * rng.uniform(0.8, 1.15)
        xs = np.arange(w, dtype=np.float32)[None, :]
        ys = np.arange(h, dtype=np.float32)[:, None]
        wobble = 12 * np.sin(xs / rng.uniform(90, 160)) + 0.05 * xs
        grain = 0.6 * np.sin((ys + wobble) / rng.uniform(2.5, 5.0)) + 0.4 * np.sin((ys + wobble) / 11.0)
        tex = 22 * grain + _texture(rng, (h, w), 1, 6)
    elif kind == "cloth":  # gingham: white and coloured checks, threads crossing
        cell = int(rng.integers(18, 34)) * max(w, h) // 1280 + 6
        colour = np.array(rng.choice([[40, 40, 190], [170, 90, 30], [40, 140, 40]]), np.float32)
        xs = (np.arange(w) // cell) % 2
        ys = (np.arange(h) // cell) % 2
        band = (xs[None, :] + ys[:, None]).astype(np.float32) / 2  # 0 white, .5 light, 1 full colour
        white = np.array([235, 238, 240], np.float32)
        img = white * (1 - band[..., None]) + colour * band[..., None]
        angle = rng.uniform(-20, 20)
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        img = cv2.warpAffine(img, m, (w, h), borderMode=cv2.BORDER_REFLECT)
        return img + _texture(rng, (h, w), 1, 5)[..., None]
    else:
        base = np.array([52, 70, 96], np.float32)
        tex = _texture(rng, (h, w), 3, 6)
    ramp = np.linspace(0.9, 1.0, w, dtype=np.float32)[None, :] * np.linspace(0.94, 1.0, h, dtype=np.float32)[:, None]
    return base[None, None, :] * ramp[..., None] + tex[..., None]


def _warp_page(page: np.ndarray, quad: np.ndarray, size: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """The page warped into the frame (float32) and its coverage mask (0..1, antialiased)."""
    target = max(np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[2] - quad[3]))
    if target < page.shape[1] * 0.8:  # shrink first: large downscaling warps alias
        s = target / page.shape[1]
        page = cv2.resize(page, (max(1, round(page.shape[1] * s)), max(1, round(page.shape[0] * s))),
                          interpolation=cv2.INTER_AREA)
    ph, pw = page.shape[:2]
    src = np.array([[0, 0], [pw - 1, 0], [pw - 1, ph - 1], [0, ph - 1]], np.float32)
    m = cv2.getPerspectiveTransform(src, quad.astype(np.float32))
    warped = cv2.warpPerspective(page.astype(np.float32), m, size, flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.ones((ph, pw), np.float32), m, size, flags=cv2.INTER_LINEAR)
    return warped, mask


def _fingers(frame: np.ndarray, quad: np.ndarray, rng: np.random.Generator) -> None:
    """Draw two thumbs gripping the page's left and right edges (skin, with a soft shadow)."""
    h, w = frame.shape[:2]
    unit = max(w, h) / 1280
    skin = np.array([120, 150, 205], np.float32) * rng.uniform(0.8, 1.1)
    for a, b, side in ((0, 3, -1), (1, 2, 1)):
        t = rng.uniform(0.35, 0.65)
        p = quad[a] + t * (quad[b] - quad[a])
        centre = (int(p[0] + side * 10 * unit), int(p[1]))
        axes = (int(38 * unit), int(22 * unit))
        layer = np.zeros((h, w), np.float32)
        cv2.ellipse(layer, centre, axes, rng.uniform(-20, 20), 0, 360, 1.0, -1, cv2.LINE_AA)
        shadow = cv2.GaussianBlur(np.roll(layer, (int(6 * unit), int(4 * unit)), (0, 1)), (0, 0), 6 * unit)
        frame *= (1 - 0.35 * shadow)[..., None]
        frame[:] = frame * (1 - layer[..., None]) + skin * layer[..., None]


def page_scene(condition: str, seed: int = 0, *, size: tuple[int, int] | None = None) -> PageScene:
    """Render a frame of :data:`PAGE_CONDITIONS` ``condition``; random pose and lighting from ``seed``.

    Args:
        condition: The condition name.
        seed: Seed of the pose, lighting and noise (the same seed gives the same frame).
        size: Frame (width, height); default 1280x720 (or the condition's own size).
    """
    expect = PAGE_CONDITIONS[condition]
    rng = np.random.default_rng([seed, sorted(PAGE_CONDITIONS).index(condition)])
    size = size or _SIZES.get(condition, (1280, 720))
    w, h = size
    kind = {"white_desk": "white", "plain_white": "white", "grey_desk": "grey", "wood": "wood",
            "tablecloth": "cloth", "fingers": "wood", "phone_jpeg": "grey"}.get(condition, "dark")
    angle = rng.uniform(-12, 12)
    tilt = rng.uniform(0.0, 0.08)
    fill = rng.uniform(0.82, 0.95)
    shift = (rng.uniform(-0.04, 0.04), rng.uniform(-0.03, 0.03))
    if condition == "partial":
        shift = (rng.choice([-1, 1]) * rng.uniform(0.25, 0.4), 0.0)
    page = render_form_page(int(rng.integers(1, 3)))
    if condition == "plain_white":  # the back of a form: blank, brighter paper
        page = np.full_like(page, 250)
        cv2.putText(page, "2", (page.shape[1] // 2, page.shape[0] - 60), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (40, 40, 40), 2)
    quad = fit_quad((page.shape[1], page.shape[0]), size, fill=fill, angle=angle, tilt=tilt, shift=shift)
    frame = background(kind, size, rng)
    warped, mask = _warp_page(page, quad, size)
    # the page's own thin shadow (paper lifts off the desk), offset away from the lamp
    shadow = cv2.GaussianBlur(np.roll(mask, (3, 2), (0, 1)), (0, 0), 2.5)
    frame *= (1 - 0.18 * shadow)[..., None]
    frame = frame * (1 - mask[..., None]) + warped * mask[..., None]
    if condition == "fingers":
        _fingers(frame, quad, rng)
    light = np.ones((h, w), np.float32)
    if condition in ("shadow", "phone_jpeg"):  # a lamp to one side and the citizen's shadow across a corner
        gx = np.linspace(rng.uniform(0.6, 0.75), 1.05, w, dtype=np.float32)
        light = light * (gx[None, :] if rng.random() < 0.5 else gx[None, ::-1])
        blob = np.zeros((h, w), np.float32)
        cx, cy = quad[int(rng.integers(0, 4))]
        cv2.circle(blob, (int(cx), int(cy)), int(0.28 * h), 1.0, -1)
        light *= 1 - 0.4 * cv2.GaussianBlur(blob, (0, 0), 0.08 * h)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light *= 1 - 0.25 * (((xx - w / 2) / w) ** 2 + ((yy - h / 2) / h) ** 2)  # lens vignetting
    gain = {"dim": rng.uniform(0.35, 0.5), "dark": rng.uniform(0.08, 0.14)}.get(condition, 1.0)
    frame = frame * (light * gain)[..., None]
    sigma = {"blurred_480": 1.6, "blurred_1080": 2.2}.get(condition, 0.45)
    frame = cv2.GaussianBlur(frame, (0, 0), sigma)
    noise = {"dim": 4.0, "dark": 3.0, "phone_jpeg": 3.0}.get(condition, 2.0)
    frame += rng.normal(0, noise, frame.shape).astype(np.float32)
    out = np.clip(frame, 0, 255).astype(np.uint8)
    if condition == "phone_jpeg":  # phone pipeline: sharpening then a medium JPEG
        soft = cv2.GaussianBlur(out, (0, 0), 1.2)
        out = cv2.addWeighted(out, 1.6, soft, -0.6, 0)
    quality = 60 if condition == "phone_jpeg" else 88  # webcams stream MJPEG too
    ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if ok:
        out = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    return PageScene(condition, expect, out, quad)
