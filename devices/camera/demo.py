"""A demo frame source: synthetic scenes (ID card QR, form pages, a receipt QR) for the kiosk's demo mode."""

from __future__ import annotations

import numpy as np

from devices.camera import synthetic
from devices.camera.base import FrameSource
from devices.camera.messages import CameraError, message

# A fictional citizen, valid per devices.idcard's rules (Hà Nội, male, born 1990).
DEMO_ID_PAYLOAD = "001090123456||Nguyễn Văn An|01011990|Nam|Số 1 Tràng Tiền, Phường Hoàn Kiếm, Hà Nội|15042021"
DEMO_RECEIPT_QR = "HS|000.00.16.H36-261122-0001|7KQM"
SCENES = ("idcard", "document", "receipt", "empty")
DEFAULT_PLAYLIST = ("empty", "idcard", "document", "receipt")
VARIANTS = 4  # pre-rendered frames per scene (different sensor noise), so reads cost no rendering


def parse_demo_spec(spec: str) -> tuple[tuple[str, ...], tuple[int, int]]:
    """Parse ``demo[:scene[,scene...]][@WxH]`` into (playlist, frame size).

    >>> parse_demo_spec("demo:idcard@640x480")
    (('idcard',), (640, 480))
    """
    body, _, size_s = spec.strip().partition("@")
    size = (1280, 720)
    if size_s:
        try:
            w, h = (int(v) for v in size_s.lower().split("x"))
            size = (w, h)
        except ValueError:
            raise CameraError(message("bad_demo", spec=spec), code="CAM-006") from None
    _, _, scenes_s = body.partition(":")
    scenes = tuple(s.strip() for s in scenes_s.split(",") if s.strip()) or DEFAULT_PLAYLIST
    bad = [s for s in scenes if s not in SCENES]
    if bad or not body.startswith("demo") or min(size) < 64:
        raise CameraError(message("bad_demo", spec=spec), code="CAM-006")
    return scenes, size


class DemoSource(FrameSource):
    """Plays synthetic scenes in a loop, each for ``scene_seconds``; never ends, never goes missing.

    Scenes: ``idcard`` (an ID card with the QR of :data:`DEMO_ID_PAYLOAD`), ``document`` (two form
    pages, alternating), ``receipt`` (a slip with the QR :data:`DEMO_RECEIPT_QR`), ``empty`` (the desk).
    ``"demo"`` plays empty → idcard → document → receipt. :attr:`scene` names what is shown now.

    Args:
        spec: ``demo[:scene[,scene...]][@WxH]``.
        fps: Pace (default 15); 0 = unpaced.
        scene_seconds: How long each scene lasts (frames = fps × seconds; 45 frames when unpaced).
    """

    default_fps = 15.0

    def __init__(self, spec: str = "demo", fps: float | None = None, *, scene_seconds: float = 3.0) -> None:
        super().__init__(spec or "demo", fps)
        self.playlist, self.size = parse_demo_spec(spec or "demo")
        self.frames_per_scene = max(1, round((self.fps or 15.0) * scene_seconds))
        self.scene = self.playlist[0]
        self.page_no = 1
        self._cache: dict[tuple[str, int], list[np.ndarray]] = {}
        self._tick = 0

    @property
    def resolution(self) -> tuple[int, int] | None:
        return self.size

    def _open(self) -> None:
        self._tick = 0
        self._set("ok", "ok")

    def _read(self) -> np.ndarray | None:
        slot = self._tick // self.frames_per_scene
        self.scene = self.playlist[slot % len(self.playlist)]
        # "document" alternates pages each time it comes round (or each scene length when alone).
        self.page_no = 1 + (slot // len(self.playlist)) % len(synthetic.FORM_PAGES) if self.scene == "document" else 0
        frame = self._variant(self.scene, self.page_no, self._tick % VARIANTS).copy()
        self._tick += 1
        return frame

    def _variant(self, scene: str, page_no: int, i: int) -> np.ndarray:
        """Frame ``i`` of a scene: rendered once, then noisy variants made when first needed."""
        variants = self._cache.setdefault((scene, page_no), [])
        if not variants:
            variants.append(self._render(scene, page_no))  # the clean base, kept at index 0
        while len(variants) <= i + 1:
            variants.append(synthetic.add_noise(variants[0], 2.0, len(variants)))
        return variants[i + 1]

    def _render(self, scene: str, page_no: int) -> np.ndarray:
        if scene == "idcard":
            return synthetic.id_card_scene(DEMO_ID_PAYLOAD, size=self.size, angle=4, noise=0)
        if scene == "document":
            return synthetic.document_scene(page_no, size=self.size, angle=2 + page_no, noise=0)[0]
        if scene == "receipt":
            slip = np.full((620, 460, 3), 255, np.uint8)
            qr = np.asarray(synthetic.qr_image(DEMO_RECEIPT_QR, 300).convert("RGB"))[:, :, ::-1]
            slip[160 : 160 + qr.shape[0], 80 : 80 + qr.shape[1]] = qr
            quad = synthetic.fit_quad((460, 620), self.size, fill=0.7, angle=-5)
            return synthetic.place(slip, synthetic.desk(self.size), quad)
        return synthetic.desk(self.size)
