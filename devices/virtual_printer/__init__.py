"""The bundled virtual ESC/POS printer: loopback TCP server, status simulation, job storage and PNG rendering."""

from __future__ import annotations

from devices.virtual_printer.errors import VirtualPrinterError
from devices.virtual_printer.jobs import Job
from devices.virtual_printer.render import Rendered, render_job
from devices.virtual_printer.server import STATES, VirtualPrinter
from devices.virtual_printer.shared import shared, stop_shared

__all__ = ["STATES", "Job", "Rendered", "VirtualPrinter", "VirtualPrinterError", "render_job", "shared",
           "stop_shared"]
