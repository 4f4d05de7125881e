"""Render a parsed ESC/POS job to an image: raster placed, native QR and barcodes drawn, text drawn, cuts marked."""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from devices.virtual_printer import drawing
from devices.virtual_printer.parser import Command, parse

_CODEPAGES = {0: "cp437", 2: "cp850", 3: "cp860", 16: "cp1252", 17: "cp866", 19: "cp858"}
CHAR_W, CHAR_H = 12, 24  # font A


@dataclass
class Rendered:
    """The picture of a job and what it carried.

    Attributes:
        image: ``L`` image, the paper width wide.
        qr_texts: Text of every native QR code printed (UTF-8 decoded).
        barcodes: ``(symbology, data)`` of every native 1D barcode printed.
        text: Lines of code-page text printed.
        cuts: Number of cuts.
    """

    image: Image.Image
    qr_texts: list[str] = field(default_factory=list)
    barcodes: list[tuple[str, str]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    cuts: int = 0


class _Paper:
    """The paper being printed on, plus the printer's mode state."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.rows: list[Image.Image] = []
        self.line: list[tuple[str, bool, int, int]] = []
        self.column: Image.Image | None = None
        self.reset()
        self.out = Rendered(Image.new("L", (width, 1), 255))
        self.codepage = "cp437"
        self.qr = {"module": 3, "ec": 48, "data": b""}
        self.bar = {"module": 3, "height": 162}
        self.graphics: Image.Image | None = None

    def reset(self) -> None:
        self.align, self.bold, self.size_w, self.size_h, self.spacing = 0, False, 1, 1, 30

    def feed(self, dots: int) -> None:
        if dots > 0:
            self.rows.append(Image.new("L", (self.width, dots), 255))

    def place(self, img: Image.Image) -> None:
        """Add an image as a full-width row honouring the alignment (images wider than paper are clipped)."""
        row = Image.new("L", (self.width, img.height), 255)
        x = 0
        if img.width < self.width and self.align:
            x = (self.width - img.width) // (2 if self.align == 1 else 1)
        row.paste(img, (x, 0))
        self.rows.append(row)

    def flush_line(self, newline: bool) -> None:
        if self.column is not None:
            self.place(self.column)
            self.column = None
            return
        if not self.line:
            if newline:
                self.feed(self.spacing)
            return
        height = max(CHAR_H * h for _, _, _, h in self.line)
        img = Image.new("L", (self.width, max(height, self.spacing)), 255)
        draw = ImageDraw.Draw(img)
        x = 0
        for text, bold, w, h in self.line:
            font = drawing.mono_font(20 * h, bold)
            draw.text((x, height - CHAR_H * h), text, font=font, fill=0)
            x += CHAR_W * w * len(text)
        self.out.text.append("".join(t for t, *_ in self.line))
        used = min(x, self.width)
        self.line = []
        self.place(img.crop((0, 0, used or 1, img.height)) if self.align else img)

    def picture(self) -> Image.Image:
        total = sum(r.height for r in self.rows) or 1
        img = Image.new("L", (self.width, total), 255)
        y = 0
        for row in self.rows:
            img.paste(row, (0, y))
            y += row.height
        return img


_CONTROLS = dict.fromkeys([*range(0x20), 0x7F], None)


def _esc(paper: _Paper, cmd: Command) -> None:
    name, p = cmd.name, cmd.params
    if name == "@":
        paper.reset()
    elif name == "a":
        paper.align = p[0] % 48 if p[0] >= 48 else p[0]
    elif name in ("E", "G"):
        paper.bold = bool(p[0] & 1)
    elif name == "!":
        paper.bold = bool(p[0] & 8)
        paper.size_w, paper.size_h = (2 if p[0] & 32 else 1), (2 if p[0] & 16 else 1)
    elif name == "2":
        paper.spacing = 30
    elif name == "3":
        paper.spacing = p[0]
    elif name == "J":
        paper.flush_line(False)
        paper.feed(p[0])
    elif name == "d":
        paper.flush_line(True)
        paper.feed(paper.spacing * max(p[0] - 1, 0))
    elif name == "t":
        paper.codepage = _CODEPAGES.get(p[0], "cp437")


def _gs(paper: _Paper, cmd: Command) -> None:
    name, p = cmd.name, cmd.params
    if name == "!":
        paper.size_w, paper.size_h = (p[0] >> 4) + 1, (p[0] & 15) + 1
    elif name == "w":
        paper.bar["module"] = p[0]
    elif name == "h":
        paper.bar["height"] = p[0]
    elif name == "H":
        paper.bar["hri"] = p[0] - 48 if p[0] >= 48 else p[0]


def _graphics(paper: _Paper, cmd: Command) -> None:
    data = cmd.payload
    if len(data) < 2:
        return
    fn = data[1]
    if fn == 112 and len(data) >= 10:  # store raster graphics
        w, h = data[6] | data[7] << 8, data[8] | data[9] << 8
        paper.graphics = drawing.raster_image(data[10:], (w + 7) // 8, h)
        if data[3] == 2 or data[4] == 2:
            paper.graphics = paper.graphics.resize((w * data[3], h * data[4]))
    elif fn in (50, 2) and paper.graphics is not None:  # print buffered graphics
        paper.flush_line(False)
        paper.place(paper.graphics)
        paper.graphics = None


def _code2d(paper: _Paper, cmd: Command) -> None:
    data = cmd.payload
    if len(data) < 2 or data[0] != 49:  # QR only (cn = 49)
        return
    fn = data[1]
    if fn == 67 and len(data) > 2:
        paper.qr["module"] = data[2]
    elif fn == 69 and len(data) > 2:
        paper.qr["ec"] = data[2]
    elif fn == 80:
        paper.qr["data"] = data[3:]
    elif fn == 81 and paper.qr["data"]:
        paper.flush_line(False)
        paper.place(drawing.qr_image(paper.qr["data"], paper.qr["module"], paper.qr["ec"]))
        paper.out.qr_texts.append(paper.qr["data"].decode("utf-8", "replace"))


def _apply(paper: _Paper, cmd: Command) -> None:
    kind = cmd.kind
    if kind == "text":
        # A printer prints nothing for control bytes it does not know; the text shaper fails on them.
        text = cmd.payload.decode(paper.codepage, "replace").translate(_CONTROLS)
        paper.line.append((text, paper.bold, paper.size_w, paper.size_h))
    elif kind == "lf":
        paper.flush_line(True)
    elif kind == "esc":
        _esc(paper, cmd)
    elif kind == "gs":
        _gs(paper, cmd)
    elif kind == "raster":
        m, wb, h = cmd.params
        img = drawing.raster_image(cmd.payload, wb, h)
        if m & 1 or m & 2:
            img = img.resize((img.width * (2 if m & 1 else 1), img.height * (2 if m & 2 else 1)))
        paper.flush_line(False)
        paper.place(img)
    elif kind == "column":
        m, cols = cmd.params
        band = drawing.column_image(cmd.payload, cols, 24 if m in (32, 33) else 8)
        if m in (0, 32):
            band = band.resize((band.width * 2, band.height))
        paper.column = band
    elif kind == "graphics":
        _graphics(paper, cmd)
    elif kind == "code2d":
        _code2d(paper, cmd)
    elif kind == "barcode":
        img = drawing.barcode_image(cmd.params[0], cmd.payload, paper.bar["module"], paper.bar["height"])
        if img is not None:
            paper.flush_line(False)
            data = cmd.payload.decode("latin-1")
            if cmd.params[0] == 73 and data[:1] == "{":
                data = data[2:]
            hri = paper.bar.get("hri", 0)
            if hri & 1:
                paper.place(drawing.caption(data, img.width))
            paper.place(img)
            if hri & 2:
                paper.place(drawing.caption(data, img.width))
            paper.out.barcodes.append((drawing.BARCODE_NAMES[cmd.params[0]], data))
    elif kind == "cut":
        paper.flush_line(False)
        if len(cmd.params) == 2:
            paper.feed(cmd.params[1])
        paper.feed(8)
        paper.rows.append(_cut_mark(paper.width))
        paper.feed(8)
        paper.out.cuts += 1


def _cut_mark(width: int) -> Image.Image:
    img = Image.new("L", (width, 1), 255)
    draw = ImageDraw.Draw(img)
    for x in range(0, width, 12):
        draw.line((x, 0, x + 5, 0), fill=0)
    return img


#: Common print head widths in dots (58 mm, 80 mm at 180 dpi, 80 mm at 203 dpi, 80 mm full width).
HEAD_WIDTHS = (384, 432, 512, 576, 640)


def guess_width(commands: list[Command]) -> int:
    """Paper width in dots: the job's GS W (print area width) if any; else the widest raster band
    when it is a common head width (our layouts open every job with one full-width white row);
    else 576 (80 mm) or the widest raster."""
    for c in commands:
        if c.kind == "gs" and c.name == "W" and len(c.params) == 2:
            return max(c.params[0] | c.params[1] << 8, 8)
    widths = {c.params[1] * 8 for c in commands if c.kind == "raster"}
    if widths and max(widths) in HEAD_WIDTHS:
        return max(widths)
    return max([576, *widths])


def render_commands(commands: list[Command], width: int | None = None) -> Rendered:
    """Render parsed commands; ``width`` in dots (default: :func:`guess_width`)."""
    paper = _Paper(width or guess_width(commands))
    for cmd in commands:
        _apply(paper, cmd)
    paper.flush_line(False)
    paper.out.image = paper.picture()
    return paper.out


def render_job(data: bytes, width: int | None = None) -> Rendered:
    """Parse and render one job's bytes."""
    return render_commands(parse(data), width)
