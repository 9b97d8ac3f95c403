"""A local HTTP server (127.0.0.1 only, a free port) serving the web fixtures.

Besides the files it answers a few made-up paths that behave like the
troublesome parts of the web: a slow server, a huge page without a length,
redirects, a PDF, a Markdown document, server errors. Requests are recorded
so tests can check what the reader sent.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .pages import FIXTURES

SLOW_SECONDS = 3.0
MARKDOWN_DOC = b"# Tide Tables Explained\n\nSome prose.\n\n## Spring Tides\n\nMore prose here.\n"
PLAIN_DOC = b"Ferry Timetable Changes\n\nThe winter timetable starts on Monday.\n"


@dataclass
class Served:
    """A running server: its base URL and the requests it received."""

    base: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    live_version: int = 0

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"


class _Handler(SimpleHTTPRequestHandler):
    served: Served

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:
        self.served.requests.append({"path": self.path, "headers": dict(self.headers)})
        route = _ROUTES.get(self.path.split("?", 1)[0])
        if route is None:
            super().do_GET()
        else:
            route(self)

    def _send(self, status: int, body: bytes, content_type: str, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _slow(handler: _Handler) -> None:
    handler.served.release.wait(SLOW_SECONDS)
    handler._send(200, b"<html><body><p>late</p></body></html>", "text/html")


def _endless(handler: _Handler) -> None:
    """A page with no Content-Length that goes on for 4 MB."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.end_headers()
    chunk = b"<p>" + b"filler text " * 5000 + b"</p>\n"
    try:
        handler.wfile.write(b"<html><body>")
        for _ in range(4 * 1024 * 1024 // len(chunk)):
            handler.wfile.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the reader hung up once over its limit: expected


def _live(handler: _Handler) -> None:
    """A page that changes on every request, as a live story does."""
    handler.served.live_version += 1
    page = (FIXTURES / "night-train.html").read_bytes()
    edition = f"<p>Edition {handler.served.live_version} of this story.</p>".encode()
    first = b"<p>The first departure"
    handler._send(200, page.replace(first, edition + first), "text/html; charset=utf-8")


def _redirect(target: str) -> Any:
    def send(handler: _Handler) -> None:
        handler.send_response(302)
        handler.send_header("Location", target)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return send


_ROUTES: dict[str, Any] = {
    "/slow": _slow,
    "/live": _live,
    "/endless": _endless,
    "/moved": _redirect("/harbour-flood.html"),
    "/loop": _redirect("/loop"),
    "/report.pdf": lambda h: h._send(200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "application/pdf"),
    "/tides": lambda h: h._send(200, MARKDOWN_DOC, "text/markdown; charset=utf-8"),
    "/ferry": lambda h: h._send(200, PLAIN_DOC, "text/plain"),
    "/broken": lambda h: h._send(503, b"down for maintenance", "text/plain"),
    "/front": lambda h: h._send(
        200, b"<html><head><title>Front</title></head><body><nav><a href=/>Home</a></nav>"
        b"</body></html>", "text/html"
    ),
}


@contextmanager
def serve() -> Iterator[Served]:
    """Serve the fixtures until the block ends; the server is gone afterwards."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    served = Served(base=f"http://127.0.0.1:{server.server_address[1]}")
    server.RequestHandlerClass = partial(
        type("Handler", (_Handler,), {"served": served}), directory=str(FIXTURES)
    )
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield served
    finally:
        served.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def closed_port_url() -> str:
    """The URL of a port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/article.html"
