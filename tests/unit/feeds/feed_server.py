"""A local feed server (127.0.0.1 only, a free port) that behaves like the feeds refresh meets.

- ``/feed/NAME``: a small RSS feed with an ETag and a Last-Modified; a request
  sending back either validator gets 304 until :meth:`Served.change` makes a
  new version; ``?delay=S`` holds the answer S seconds (to see concurrency);
- ``/slow``: the headers at once, then a byte every 0.1 s for a minute (a
  trickle no read timeout catches); ``/silent``: connects, never answers;
- ``/huge``: a feed with no Content-Length that goes on for 64 MB;
  ``/huge-declared``: one that says it is 64 MB long;
- ``/gzipped``: feed ``gzipped``, gzip-encoded; ``/gzip-bomb``: 16 MB of
  zeros in 16 KB of gzip;
- ``/notxml``: a web page; ``/busy``: 429 with ``Retry-After: 120``;
  ``/down``: 503 with an HTTP-date Retry-After an hour ahead; ``/gone``: 410;
- ``/moved`` redirects to ``/feed/moved``; ``/loop`` to itself.

Requests are recorded, and the most answered at once is counted.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

MODIFIED = "Mon, 20 May 2024 10:00:00 GMT"
HUGE = 64 * 1024 * 1024


def rss(name: str, version: int = 1, items: int = 3) -> bytes:
    """A small RSS 2.0 feed: ``items`` entries, the first one's title naming the version."""
    entries = "".join(
        f"<item><guid>{name}-{i}</guid><link>https://example.org/{name}/{i}</link>"
        f"<title>{name} story {i}{f' v{version}' if i == 0 else ''}</title>"
        f"<description>Story {i} of {name}.</description></item>"
        for i in range(items)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Feed {name}</title><link>https://example.org/{name}</link>{entries}"
        f"</channel></rss>"
    ).encode()


@cache
def _gzipped(path: str) -> bytes:
    """Made once, so a test measuring the reader's memory does not count the server's."""
    return gzip.compress(rss("gzipped") if path == "/gzipped" else b"\0" * (16 * 1024 * 1024))


@dataclass
class Served:
    """A running server: its base URL, the requests it received, the most at once."""

    base: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    versions: dict[str, int] = field(default_factory=dict)
    release: threading.Event = field(default_factory=threading.Event)
    in_flight: int = 0
    peak: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"

    def change(self, name: str) -> None:
        """A new version of feed ``name``: new ETag, new Last-Modified, new first title."""
        self.versions[name] = self.versions.get(name, 1) + 1

    def hits(self, path: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["path"].split("?", 1)[0] == path]


class _Handler(BaseHTTPRequestHandler):
    served: Served

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:
        served = self.served
        served.requests.append({"path": self.path, "headers": dict(self.headers)})
        with served.lock:
            served.in_flight += 1
            served.peak = max(served.peak, served.in_flight)
        try:
            self._route()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the reader hung up (over its limit, past its deadline): expected
        finally:
            with served.lock:
                served.in_flight -= 1

    def _route(self) -> None:
        parts = urlsplit(self.path)
        path = parts.path
        if path.startswith("/feed/"):
            delay = float(parse_qs(parts.query).get("delay", ["0"])[0])
            self._feed(path.removeprefix("/feed/"), delay)
        elif path == "/slow":
            self._start(200, "application/rss+xml")
            self.wfile.write(b'<?xml version="1.0"?><rss><channel><title>Slow</title>')
            for _ in range(600):
                if self.served.release.wait(0.1):
                    return
                self.wfile.write(b" ")
                self.wfile.flush()
        elif path == "/silent":
            self.served.release.wait(60)
        elif path in ("/huge", "/huge-declared"):
            self._huge(declared=path == "/huge-declared")
        elif path in ("/gzipped", "/gzip-bomb"):
            self._send(200, _gzipped(path), "application/rss+xml", {"Content-Encoding": "gzip"})
        elif path == "/notxml":
            self._send(200, b"<html><body><p>Not a feed at all</p></body></html>", "text/html")
        elif path == "/busy":
            self._send(429, b"slow down", "text/plain", {"Retry-After": "120"})
        elif path == "/down":
            later = format_datetime(datetime.now(UTC) + timedelta(hours=1), usegmt=True)
            self._send(503, b"maintenance", "text/plain", {"Retry-After": later})
        elif path == "/gone":
            self._send(410, b"gone", "text/plain")
        elif path in ("/moved", "/loop"):
            target = "/feed/moved" if path == "/moved" else "/loop"
            self._send(301, b"", "text/plain", {"Location": target})
        else:
            self._send(404, b"no such feed", "text/plain")

    def _feed(self, name: str, delay: float) -> None:
        if delay:
            time.sleep(delay)
        version = self.served.versions.get(name, 1)
        etag = f'"{name}-v{version}"'
        modified = MODIFIED if version == 1 else f"Tue, 21 May 2024 10:00:{version:02d} GMT"
        validators = {"ETag": etag, "Last-Modified": modified}
        sent_etag = self.headers.get("If-None-Match")
        sent_since = self.headers.get("If-Modified-Since")
        if sent_etag == etag or (sent_etag is None and sent_since == modified):
            self._send(304, b"", "", validators)
            return
        self._send(200, rss(name, version), "application/rss+xml; charset=utf-8", validators)

    def _huge(self, declared: bool) -> None:
        head = b'<?xml version="1.0"?><rss><channel><title>Huge</title>'
        self._start(200, "application/rss+xml", {"Content-Length": str(HUGE)} if declared else {})
        item = b"<item><title>" + b"x" * 65_000 + b"</title></item>"
        self.wfile.write(head)
        for _ in range(HUGE // len(item)):
            self.wfile.write(item)

    def _start(self, status: int, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()

    def _send(self, status: int, body: bytes, content_type: str,
              extra: dict[str, str] | None = None) -> None:
        headers = dict(extra or {})
        if status != 304:
            headers["Content-Length"] = str(len(body))
        self._start(status, content_type, headers)
        if body:
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    request_queue_size = 256  # many feeds connect at once: no SYN dropped, no 1 s retry
    daemon_threads = True


@contextmanager
def serve() -> Iterator[Served]:
    """Serve until the block ends; the server is gone afterwards."""
    server = _Server(("127.0.0.1", 0), _Handler)
    served = Served(base=f"http://127.0.0.1:{server.server_address[1]}")
    server.RequestHandlerClass = type("Handler", (_Handler,), {"served": served})
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield served
    finally:
        served.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
