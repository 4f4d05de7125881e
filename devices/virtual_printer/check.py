"""Strict checks of a received job: unknown commands, bad parameters and lengths, raster wider than the head."""

from __future__ import annotations

from devices.virtual_printer.parser import Command

_RASTER_MODES = {0, 1, 2, 3, 48, 49, 50, 51}
_ALIGN = {0, 1, 2, 48, 49, 50}
_CUT_A = {0, 1, 48, 49}
_CUT_B = {65, 66, 97, 98, 103, 104}
# GS ( k QR functions (cn = 49): fn -> (payload length or None for "at least", check of the argument bytes)
_QR_FUNCTIONS = {
    65: (4, lambda d: d[2] in (49, 50, 51) and d[3] == 0),  # model
    67: (3, lambda d: 1 <= d[2] <= 16),  # module size
    69: (3, lambda d: 48 <= d[2] <= 51),  # error correction level
    80: (None, lambda d: len(d) > 3 and d[2] == 48),  # store data
    81: (3, lambda d: d[2] == 48),  # print
    82: (3, lambda d: d[2] == 48),  # transmit size information
}


def job_problems(commands: list[Command], width: int | None = None) -> list[str]:
    """Everything in a parsed job a strict printer would not accept, as short English phrases.

    Args:
        commands: Output of :func:`devices.virtual_printer.parser.parse` (a truncated tail is ``unknown``).
        width: Head width in dots; rasters wider than this are reported (None: not checked).
    """
    out: list[str] = []
    offset = 0
    qr_stored = False
    for cmd in commands:
        where = f"byte {offset}"
        offset += len(cmd.raw)
        if cmd.kind == "unknown":
            out.append(f"{where}: unknown or truncated command {cmd.name} {cmd.raw[:8].hex(' ')}")
        elif cmd.kind == "raster":
            m, wb, h = cmd.params
            if m not in _RASTER_MODES or not wb or not h:
                out.append(f"{where}: GS v 0 with m={m} width={wb} bytes height={h} rows")
            elif width and wb * 8 > width:
                out.append(f"{where}: raster {wb * 8} dots wide on a {width}-dot head")
        elif cmd.kind == "code2d":
            problem, qr_stored = _qr_problem(cmd, qr_stored)
            if problem:
                out.append(f"{where}: {problem}")
        elif cmd.kind == "cut" and cmd.name == "V":
            m = cmd.params[0]
            if m not in _CUT_A and m not in _CUT_B:
                out.append(f"{where}: GS V with m={m}")
        elif cmd.kind == "esc" and cmd.name == "a" and cmd.params[0] not in _ALIGN:
            out.append(f"{where}: ESC a with n={cmd.params[0]}")
        elif cmd.kind == "barcode" and cmd.params[0] == 73 and (len(cmd.payload) < 2 or cmd.payload[:1] != b"{"):
            out.append(f"{where}: CODE128 data without a code set")
    return out


def _qr_problem(cmd: Command, stored: bool) -> tuple[str, bool]:
    """Check one ``GS ( k`` function; returns (problem or "", whether QR data is now stored)."""
    data = cmd.payload
    if len(data) < 2:
        return "GS ( k shorter than cn fn", stored
    if data[0] != 49:  # other symbologies (PDF417, ...) are not checked
        return "", stored
    rule = _QR_FUNCTIONS.get(data[1])
    if rule is None:
        return f"GS ( k QR function {data[1]} unknown", stored
    size, valid = rule
    if (size is not None and len(data) != size) or (size is None and len(data) < 3) or not valid(data):
        return f"GS ( k QR function {data[1]} with {len(data)} parameter bytes {data[:8].hex(' ')}", stored
    if data[1] == 80:
        return "", True
    if data[1] == 81 and not stored:
        return "GS ( k QR print without stored data", stored
    return "", stored
