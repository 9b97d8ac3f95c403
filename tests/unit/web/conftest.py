"""A clean environment for web tests: no proxies, default limits, a local server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .server import Served, serve

_ENV = (
    "READER_HTTP_TIMEOUT", "READER_MAX_MB", "READER_HOME",
    "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy",
)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def server() -> Iterator[Served]:
    """One server for a module's tests (tests that stop it start their own)."""
    with serve() as served:
        yield served
