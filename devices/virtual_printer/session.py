"""One job being received: parse bytes as they arrive, answer status requests, collect the job bytes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from devices.virtual_printer.parser import Parser

if TYPE_CHECKING:
    from devices.virtual_printer.server import VirtualPrinter


class Session:
    """Feeds one connection's (or one serial job's) bytes through the parser.

    Real-time requests (DLE EOT/ENQ/DC4) and transmit commands (GS I, GS r) are answered and kept
    out of the job; everything else is the job.

    Args:
        printer: The virtual printer whose state answers the requests and that stores the job.
    """

    def __init__(self, printer: "VirtualPrinter") -> None:
        self.printer = printer
        self.parser = Parser()
        self.job = bytearray()
        self.state_at_start = printer.state
        self.cuts = 0

    def feed(self, data: bytes) -> bytes:
        """Process received bytes; return the reply bytes to send back (may be empty)."""
        reply = bytearray()
        for cmd in self.parser.feed(data):
            if cmd.kind == "realtime" or (cmd.kind == "gs" and cmd.name in ("I", "r")):
                reply += self.printer.answer(cmd)
            else:
                self.job += cmd.raw
                self.cuts += cmd.kind == "cut"
        return bytes(reply)

    def finish(self) -> None:
        """Hand the collected job (if any) to the printer and start afresh."""
        self.job += self.parser.pending
        if self.job:
            self.printer.finish_job(bytes(self.job), self.state_at_start)
        self.parser, self.job, self.cuts = Parser(), bytearray(), 0
        self.state_at_start = self.printer.state
