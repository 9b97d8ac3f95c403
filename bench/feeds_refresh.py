"""``python -m bench.feeds_refresh``: refresh 200 feeds served locally, against the 10 s budget.

A local server (127.0.0.1, HTTP/1.0, a thread per request, in its own
process so its work is not counted as the reader's) serves
``--feeds`` RSS feeds of 25 entries (about 16 KB each) with ETags, after
``--latency`` ms per request (0: the network's share is nil, so what is left
is the reader's own cost). Three refreshes into a real store in a fresh data
folder, timed from the call to the report:

- **first**: every feed new, every entry added;
- **again**: nothing changed, every feed answers 304;
- **changed**: every feed has one new entry.

It stands apart from ``python -m bench``, whose scenarios drive programs in
a pseudo-terminal; :func:`measure` returns the figures by name, ready for a
scenario there. The parser is :func:`reader.feeds.parse.parse_feed` and the
sink the store (``Store.update_feed`` and ``Store.merge_entries``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

BUDGET = 10.0  # seconds for 200 local feeds (DESIGN: feeds)
ENTRIES = 25
_PARAGRAPH = ("The council met on Tuesday to discuss the harbour wall, the ferry timetable "
              "and the new library; residents asked about parking, and the minutes follow. ")


def feed_xml(number: int, version: int) -> bytes:
    """Feed ``number``'s RSS at ``version``: each version adds one entry at the top."""
    items = []
    for i in range(version + ENTRIES - 1, version - 1, -1):
        items.append(
            f"<item><guid>https://example.org/{number}/{i}</guid>"
            f"<link>https://example.org/{number}/{i}</link>"
            f"<title>Story {i} of feed {number}</title>"
            f"<pubDate>Mon, 20 May 2024 {i % 24:02d}:00:00 GMT</pubDate>"
            f"<description>{_PARAGRAPH * 4}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Local feed {number}</title><link>https://example.org/{number}</link>"
        + "".join(items) + "</channel></rss>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    version = 1
    latency = 0.0

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/bump":  # every feed gets a new entry
            type(self).version += 1
            self.send_response(204)
            self.end_headers()
            return
        if self.latency:
            time.sleep(self.latency)
        number = int(self.path.rsplit("/", 1)[-1])
        etag = f'"{number}-{self.version}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        body = feed_xml(number, self.version)
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    request_queue_size = 256
    daemon_threads = True


def serve(latency: float) -> None:
    """Run the server until standard input closes; its port is the first line out."""
    handler = type("Handler", (_Handler,), {"latency": latency})
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    print(server.server_address[1], flush=True)
    sys.stdin.read()


@contextmanager
def serving(latency: float) -> Iterator[str]:
    """The base URL of a feed server in a child process, stopped when the block ends."""
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.feeds_refresh", "--serve", "--latency",
         str(latency * 1000)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert child.stdout is not None
        yield f"http://127.0.0.1:{int(child.stdout.readline())}"
    finally:
        if child.stdin is not None:
            child.stdin.close()
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def measure(feeds: int = 200, concurrency: int = 8, latency: float = 0.0) -> dict[str, Any]:
    """Seconds of each refresh, with what each report said."""
    from reader.feeds.model import Subscription
    from reader.feeds.refresh import refresh
    from reader.store.store import Store

    figures: dict[str, Any] = {}
    import httpx

    with serving(latency) as base, tempfile.TemporaryDirectory() as data:
        store = Store.open(Path(data), mode="cli")
        try:
            for n in range(feeds):
                store.add_feed(Subscription(url=f"{base}/feed/{n}", title=f"Local feed {n}"))
            for name in ("first", "again", "changed"):
                if name == "changed":
                    httpx.get(f"{base}/bump").raise_for_status()
                began = time.perf_counter()
                report = refresh(store.feeds(), store, concurrency=concurrency, timeout=10.0)
                figures[name] = time.perf_counter() - began
                figures[f"{name}_report"] = report.line()
        finally:
            store.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.feeds_refresh",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--latency", type=float, default=0.0, metavar="MS",
                        help="delay of each answer, in milliseconds")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.latency / 1000)
        return 0
    figures = measure(args.feeds, args.concurrency, args.latency / 1000)
    for name in ("first", "again", "changed"):
        print(f"{name:8} {figures[name]:6.2f} s   {figures[f'{name}_report']}")
    worst = max(figures[n] for n in ("first", "again", "changed"))
    verdict = "PASS" if worst < BUDGET * args.feeds / 200 else "MISS"
    print(f"refresh of {args.feeds} local feeds, concurrency {args.concurrency}, latency "
          f"{args.latency:g} ms: slowest {worst:.2f} s; budget < {BUDGET * args.feeds / 200:g} s: "
          f"{verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
