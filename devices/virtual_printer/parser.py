"""Length-aware, incremental ESC/POS parser: raster and code data are skipped by length, never read as commands."""

from __future__ import annotations

from dataclasses import dataclass, field

ESC, GS, FS, DLE = 0x1B, 0x1D, 0x1C, 0x10

# ESC <c> commands of fixed total length (bytes including ESC and <c>).
_ESC_FIXED = {
    b"@": 2, b"2": 2, b"i": 2, b"m": 2, b"<": 2, b"!": 3, b"-": 3, b"3": 3, b"a": 3, b"E": 3, b"G": 3,
    b"M": 3, b"J": 3, b"K": 3, b"d": 3, b"e": 3, b"t": 3, b"R": 3, b"V": 3, b"{": 3, b" ": 3, b"=": 3,
    b"r": 3, b"U": 3, b"S": 2, b"L": 2, b"T": 3, b"%": 3, b"?": 3, b"$": 4, b"\\": 4, b"W": 10,
    b"p": 5, b"u": 3, b"v": 2, b"c": 4,
}
# GS <c> commands of fixed total length.
_GS_FIXED = {
    b"!": 3, b"B": 3, b"H": 3, b"f": 3, b"h": 3, b"w": 3, b"L": 4, b"W": 4, b"$": 4, b"\\": 4, b"P": 4,
    b"b": 3, b"a": 3, b"I": 3, b"r": 3, b"/": 3, b":": 2, b"^": 5, b"T": 3, b"g": 4, b"c": 2, b"j": 3,
}
_FS_FIXED = {b"p": 4, b".": 2, b"&": 2, b"!": 3, b"-": 3, b"S": 4, b"W": 3, b"C": 3}
_CUT_WITH_FEED = {65, 66, 97, 98, 103, 104}


@dataclass(frozen=True)
class Command:
    """One parsed command or run of text.

    Attributes:
        kind: ``text``, ``lf``, ``cr``, ``realtime`` (DLE EOT/ENQ/DC4), ``esc``, ``gs``, ``fs``,
            ``raster`` (GS v 0), ``graphics`` (GS ( L / GS 8 L), ``column`` (ESC *), ``code2d`` (GS ( k),
            ``barcode`` (GS k), ``cut`` (GS V, ESC i/m), ``block`` (other GS ( x / FS ( x) or ``unknown``.
        name: The command letter(s), e.g. ``"a"`` for ESC a, ``"v0"`` for GS v 0.
        raw: The exact bytes of the command.
        params: Decoded parameters (fixed-length arguments after the letter).
        payload: Data carried by the command (raster bits, QR text, barcode data, text bytes).
    """

    kind: str
    name: str
    raw: bytes
    params: tuple[int, ...] = ()
    payload: bytes = b""
    extra: dict = field(default_factory=dict, compare=False)


def _u16(buf: bytes, i: int) -> int:
    return buf[i] | (buf[i + 1] << 8)


def parse_one(buf: bytes, i: int) -> tuple[Command, int] | None:
    """Parse the command starting at ``buf[i]``; None when more bytes are needed.

    Returns:
        ``(command, end)`` where ``end`` is the index after the command.
    """
    n = len(buf)
    b = buf[i]
    if b == 0x0A:
        return Command("lf", "LF", buf[i:i + 1]), i + 1
    if b == 0x0D:
        return Command("cr", "CR", buf[i:i + 1]), i + 1
    if b == DLE:
        return _parse_dle(buf, i, n)
    if b == ESC:
        return _parse_esc(buf, i, n)
    if b == GS:
        return _parse_gs(buf, i, n)
    if b == FS:
        return _parse_fs(buf, i, n)
    j = i
    while j < n and buf[j] not in (0x0A, 0x0D, DLE, ESC, GS, FS):
        j += 1
    return Command("text", "text", buf[i:j], payload=buf[i:j]), j


def _need(n: int, end: int) -> bool:
    return end > n


def _parse_dle(buf: bytes, i: int, n: int) -> tuple[Command, int] | None:
    if i + 1 >= n:
        return None
    c = buf[i + 1]
    if c in (0x04, 0x05):  # DLE EOT n, DLE ENQ n
        if _need(n, i + 3):
            return None
        name = "EOT" if c == 0x04 else "ENQ"
        return Command("realtime", name, buf[i:i + 3], (buf[i + 2],)), i + 3
    if c == 0x14:  # DLE DC4 fn ...
        if _need(n, i + 3):
            return None
        end = i + (10 if buf[i + 2] == 8 else 5)
        if _need(n, end):
            return None
        return Command("realtime", "DC4", buf[i:end], tuple(buf[i + 2:end])), end
    return Command("text", "text", buf[i:i + 1], payload=buf[i:i + 1]), i + 1


def _parse_esc(buf: bytes, i: int, n: int) -> tuple[Command, int] | None:
    if i + 1 >= n:
        return None
    c = buf[i + 1:i + 2]
    if c == b"*":  # ESC * m nL nH d1..dk
        if _need(n, i + 5):
            return None
        m, cols = buf[i + 2], _u16(buf, i + 3)
        end = i + 5 + cols * (3 if m in (32, 33) else 1)
        if _need(n, end):
            return None
        return Command("column", "*", buf[i:end], (m, cols), buf[i + 5:end]), end
    if c == b"D" or c == b"B":  # tab positions / beeper-ish lists ending with NUL
        j = buf.find(b"\x00", i + 2)
        if j < 0:
            return None
        return Command("esc", c.decode(), buf[i:j + 1], tuple(buf[i + 2:j])), j + 1
    if c in (b"i", b"m"):
        return Command("cut", c.decode(), buf[i:i + 2]), i + 2
    size = _ESC_FIXED.get(c)
    if size is None:
        return Command("unknown", "ESC " + repr(c), buf[i:i + 2]), i + 2
    if _need(n, i + size):
        return None
    return Command("esc", c.decode("latin-1"), buf[i:i + size], tuple(buf[i + 2:i + size])), i + size


def _parse_gs(buf: bytes, i: int, n: int) -> tuple[Command, int] | None:
    if i + 1 >= n:
        return None
    c = buf[i + 1:i + 2]
    if c == b"v":  # GS v 0 m xL xH yL yH d1..dk
        if _need(n, i + 8):
            return None
        m, wb, h = buf[i + 3], _u16(buf, i + 4), _u16(buf, i + 6)
        end = i + 8 + wb * h
        if _need(n, end):
            return None
        return Command("raster", "v0", buf[i:end], (m, wb, h), buf[i + 8:end]), end
    if c == b"(":  # GS ( x pL pH ...
        if _need(n, i + 5):
            return None
        end = i + 5 + _u16(buf, i + 3)
        if _need(n, end):
            return None
        x = chr(buf[i + 2])
        kind = {"L": "graphics", "k": "code2d"}.get(x, "block")
        return Command(kind, "(" + x, buf[i:end], (), buf[i + 5:end]), end
    if c == b"8":  # GS 8 L p1 p2 p3 p4 ...
        if _need(n, i + 7):
            return None
        size = int.from_bytes(buf[i + 3:i + 7], "little")
        end = i + 7 + size
        if _need(n, end):
            return None
        kind = "graphics" if buf[i + 2] == ord("L") else "block"
        return Command(kind, "8" + chr(buf[i + 2]), buf[i:end], (), buf[i + 7:end]), end
    if c == b"k":
        return _parse_barcode(buf, i, n)
    if c == b"V":  # GS V m [n]
        if _need(n, i + 3):
            return None
        end = i + (4 if buf[i + 2] in _CUT_WITH_FEED else 3)
        if _need(n, end):
            return None
        return Command("cut", "V", buf[i:end], tuple(buf[i + 2:end])), end
    if c == b"*":  # GS * x y d1..d(x*y*8) define downloaded bit image
        if _need(n, i + 4):
            return None
        end = i + 4 + buf[i + 2] * buf[i + 3] * 8
        if _need(n, end):
            return None
        return Command("gs", "*", buf[i:end], (buf[i + 2], buf[i + 3]), buf[i + 4:end]), end
    size = _GS_FIXED.get(c)
    if size is None:
        return Command("unknown", "GS " + repr(c), buf[i:i + 2]), i + 2
    if _need(n, i + size):
        return None
    return Command("gs", c.decode("latin-1"), buf[i:i + size], tuple(buf[i + 2:i + size])), i + size


def _parse_barcode(buf: bytes, i: int, n: int) -> tuple[Command, int] | None:
    if _need(n, i + 3):
        return None
    m = buf[i + 2]
    if m <= 6:  # GS k m d1..dk NUL
        j = buf.find(b"\x00", i + 3)
        if j < 0:
            return None
        return Command("barcode", "k", buf[i:j + 1], (m,), buf[i + 3:j]), j + 1
    if _need(n, i + 4):
        return None
    end = i + 4 + buf[i + 3]
    if _need(n, end):
        return None
    return Command("barcode", "k", buf[i:end], (m,), buf[i + 4:end]), end


def _parse_fs(buf: bytes, i: int, n: int) -> tuple[Command, int] | None:
    if i + 1 >= n:
        return None
    c = buf[i + 1:i + 2]
    if c == b"(":
        if _need(n, i + 5):
            return None
        end = i + 5 + _u16(buf, i + 3)
        if _need(n, end):
            return None
        return Command("block", "FS(" + chr(buf[i + 2]), buf[i:end], (), buf[i + 5:end]), end
    size = _FS_FIXED.get(c)
    if size is None:
        return Command("unknown", "FS " + repr(c), buf[i:i + 2]), i + 2
    if _need(n, i + size):
        return None
    return Command("fs", c.decode("latin-1"), buf[i:i + size], tuple(buf[i + 2:i + size])), i + size


class Parser:
    """Incremental parser: feed bytes as they arrive, get back complete commands.

    Example:
        >>> p = Parser()
        >>> [c.kind for c in p.feed(b"\\x10\\x04")] + [c.kind for c in p.feed(b"\\x01Hi\\n")]
        ['realtime', 'text', 'lf']
    """

    def __init__(self) -> None:
        self._buf = bytearray()

    def feed(self, data: bytes) -> list[Command]:
        """Add ``data`` and return every command now complete (incomplete tail is kept)."""
        self._buf += data
        buf = bytes(self._buf)
        out: list[Command] = []
        i = 0
        while i < len(buf):
            parsed = parse_one(buf, i)
            if parsed is None:
                break
            cmd, i = parsed
            out.append(cmd)
        del self._buf[:i]
        return out

    @property
    def pending(self) -> bytes:
        """Bytes of an incomplete command at the end of the stream (a truncated job)."""
        return bytes(self._buf)


def parse(data: bytes) -> list[Command]:
    """Parse a whole job; a truncated command at the end becomes an ``unknown`` command."""
    parser = Parser()
    commands = parser.feed(data)
    if parser.pending:
        commands.append(Command("unknown", "truncated", parser.pending))
    return commands
