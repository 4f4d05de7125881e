"""A peer on the printer port that is not a printer (an HTTP server, a proxy) is never reported online."""

from __future__ import annotations

import socket
import threading

from devices.printing import printer_status, send
from devices.printing.api import NOT_A_PRINTER

HTTP_REPLY = (
    b"HTTP/1.1 403 Forbidden\r\nServer: proxy\r\nContent-Type: text/html\r\nContent-Length: 64\r\n\r\n"
    b"<html><body>Request forbidden by administrative rules.</body></html>"
)


def _http_server() -> tuple[socket.socket, int]:
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)

    def serve() -> None:
        while True:
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            with conn:
                try:
                    conn.recv(64)
                    conn.sendall(HTTP_REPLY)
                    conn.recv(1024)
                except OSError:
                    pass

    threading.Thread(target=serve, daemon=True).start()
    return srv, srv.getsockname()[1]


def test_http_server_on_the_port_is_not_a_printer():
    srv, port = _http_server()
    try:
        status = printer_status(f"tcp://127.0.0.1:{port}", timeout=2.0)
        assert status.online is False
        assert status.paper == "unknown"
        assert status.error == NOT_A_PRINTER
        outcome = send(f"tcp://127.0.0.1:{port}", b"\x1b@hello\n", timeout=2.0)
        assert outcome.kind != "printed"
    finally:
        srv.close()
