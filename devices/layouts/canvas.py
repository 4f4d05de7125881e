"""A 1-bit canvas that lays out wrapped Vietnamese text line by line, tightly, for thermal paper."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PIL import Image, ImageDraw

from core.text import sanitize

from devices.layouts.fonts import Fonts

Run = tuple[str, bool]  # (text, bold)
WHITE, BLACK = 1, 0


def _clean(text: str) -> str:
    """Sanitize one run but keep a single leading/trailing space that separates it from its neighbours."""
    out = sanitize(text)
    if out and text[:1].isspace():
        out = " " + out
    if out and text[-1:].isspace():
        out += " "
    return out


def _runs(text: str | Sequence[Run], bold: bool) -> list[Run]:
    if isinstance(text, str):
        return [(sanitize(text), bold)]
    return [(_clean(t), b) for t, b in text]


class Canvas:
    """Stacks full-width 1-bit rows: wrapped paragraphs, rules, gaps, side-by-side columns.

    Args:
        width: Width in dots (576 for 80 mm, 384 for 58 mm, less for a column).
        fonts: Faces to draw with.
    """

    def __init__(self, width: int, fonts: Fonts) -> None:
        self.width = width
        self.fonts = fonts
        self.rows: list[Image.Image] = []

    @property
    def height(self) -> int:
        """Current height in dots."""
        return sum(r.height for r in self.rows)

    def space(self, dots: int) -> None:
        """Add ``dots`` blank rows."""
        if dots > 0:
            self.rows.append(Image.new("1", (self.width, dots), WHITE))

    def rule(self, thickness: int = 2, dashed: bool = False, fraction: float = 1.0, gap: int = 4) -> None:
        """Add a horizontal line (centred, ``fraction`` of the width) with ``gap`` blank rows around it."""
        self.space(gap)
        row = Image.new("1", (self.width, thickness), WHITE)
        draw = ImageDraw.Draw(row)
        span = int(self.width * fraction)
        x0 = (self.width - span) // 2
        step = 10 if dashed else span
        for x in range(x0, x0 + span, step):
            draw.rectangle((x, 0, min(x + (5 if dashed else span), x0 + span) - 1, thickness - 1), fill=BLACK)
        self.rows.append(row)
        self.space(gap)

    def paragraph(self, text: str | Sequence[Run], size: int, *, bold: bool = False, align: str = "left",
                  indent: int = 0, hanging: int = 0, fit: bool = False, min_size: int = 0) -> None:
        """Add wrapped text.

        Args:
            text: Plain text, or runs of ``(text, bold)`` for mixed weight. Control characters are
                stripped and markup is drawn literally.
            size: Font size in pixels.
            bold: Weight for plain text.
            align: ``left``, ``center`` or ``right``.
            indent: Left indent of every line in dots.
            hanging: Extra indent of the second and later lines (numbered lists).
            fit: Shrink the size (down to ``min_size``) so the text fits on one line before wrapping.
            min_size: Smallest size ``fit`` may use (default 70% of ``size``).
        """
        runs = [r for r in _runs(text, bold) if r[0]]
        if not runs:
            return
        if fit:
            floor = min_size or int(size * 0.7)
            while size > floor and self._measure(runs, size) > self.width - indent:
                size -= 1
        for i, line in enumerate(self._wrap(runs, size, indent, hanging)):
            self._draw_line(line, size, align, indent + (hanging if i else 0))

    def _measure(self, runs: list[Run], size: int) -> float:
        return sum(self.fonts.length(t, size, b) for t, b in runs)

    def _words(self, runs: list[Run]) -> list[tuple[str, bool, bool]]:
        """Split runs into (word, bold, space_before) tokens."""
        words: list[tuple[str, bool, bool]] = []
        pending_space = False
        for text, b in runs:
            for j, part in enumerate(text.split(" ")):
                if j > 0:
                    pending_space = True
                if part:
                    words.append((part, b, pending_space and bool(words)))
                    pending_space = False
        return words

    def _wrap(self, runs: list[Run], size: int, indent: int, hanging: int) -> list[list[tuple[str, bool, bool]]]:
        space = self.fonts.length(" ", size)
        lines: list[list[tuple[str, bool, bool]]] = [[]]
        used = 0.0
        for word, b, sp in self._words(runs):
            avail = self.width - indent - (hanging if len(lines) > 1 else 0)
            w = self.fonts.length(word, size, b)
            gap = space if sp and lines[-1] else 0
            if lines[-1] and used + gap + w > avail:
                lines.append([])
                used, gap = 0.0, 0
                avail = self.width - indent - hanging
            while w > avail and len(word) > 1:  # a word longer than the line: break it by characters
                # Longest prefix that fits (at least one character), by bisection: a pasted
                # 5,000-character "word" must not cost millions of text measurements.
                lo, hi = 1, max(1, len(word) - 1)
                while lo < hi:
                    mid = (lo + hi + 1) // 2
                    if used + gap + self.fonts.length(word[:mid], size, b) > avail:
                        hi = mid - 1
                    else:
                        lo = mid
                cut = lo
                lines[-1].append((word[:cut], b, bool(gap)))
                lines.append([])
                word, used, gap = word[cut:], 0.0, 0
                avail = self.width - indent - hanging
                w = self.fonts.length(word, size, b)
            lines[-1].append((word, b, bool(gap)))
            used += gap + w
        return [line for line in lines if line]

    def _draw_line(self, line: list[tuple[str, bool, bool]], size: int, align: str, indent: int) -> None:
        pitch = math.ceil(size * 1.26)
        baseline = math.ceil(size * 1.05)
        space = self.fonts.length(" ", size)
        # Consecutive words of the same weight are laid out as one string.
        pieces: list[tuple[str, bool, bool]] = []
        for word, b, sp in line:
            if pieces and pieces[-1][1] == b and sp:
                pieces[-1] = (pieces[-1][0] + " " + word, b, pieces[-1][2])
            else:
                pieces.append((word, b, sp))
        total = sum(self.fonts.length(w, size, b) + (space if sp else 0) for w, b, sp in pieces)
        x = float(indent)
        if align == "center":
            x = indent + max(0.0, (self.width - indent - total) / 2)
        elif align == "right":
            x = max(float(indent), self.width - total)
        row = Image.new("1", (self.width, pitch), WHITE)
        for word, b, sp in pieces:
            if sp:
                x += space
            x = self.fonts.draw(row, x, baseline, word, size, b)
        self.rows.append(row)

    def columns(self, *parts: "Canvas", gap: int = 8) -> None:
        """Place canvases side by side (each made with ``column_width(len(parts), gap)``)."""
        height = max((p.height for p in parts), default=0)
        if not height:
            return
        row = Image.new("1", (self.width, height), WHITE)
        x = 0
        for part in parts:
            row.paste(part.image(), (x, 0))
            x += part.width + gap
        self.rows.append(row)

    def column_width(self, count: int, gap: int = 8) -> int:
        """Width of each of ``count`` columns separated by ``gap`` dots."""
        return (self.width - gap * (count - 1)) // count

    def paste(self, img: Image.Image, align: str = "center") -> None:
        """Add an image (converted to 1-bit), aligned within the width."""
        img = img.convert("1")
        row = Image.new("1", (self.width, img.height), WHITE)
        x = {"left": 0, "right": self.width - img.width}.get(align, (self.width - img.width) // 2)
        row.paste(img, (max(x, 0), 0))
        self.rows.append(row)

    def image(self) -> Image.Image:
        """Return everything as one 1-bit image (white = 1)."""
        img = Image.new("1", (self.width, max(self.height, 1)), WHITE)
        y = 0
        for row in self.rows:
            img.paste(row, (0, y))
            y += row.height
        return img
