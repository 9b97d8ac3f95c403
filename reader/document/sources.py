"""Turning an article's identity (its URI) back into something to open."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from reader.errors import ReaderError

if TYPE_CHECKING:
    from reader.document.model import Article
    from reader.document.web import PageCache


def path_from_uri(uri: str) -> Path | None:
    """The local file behind a ``file://`` URI (or a bare path); None for stdin or the web."""
    if uri.startswith("file://"):
        return Path(unquote(urlparse(uri).path))
    if not uri or "://" in uri or uri.startswith(("stdin:", "urn:")):
        return None
    return Path(uri)


def reopen(
    uri: str, source: str = "", *, cache: PageCache | None = None, offline: bool = False
) -> Article | None:
    """The article ``uri`` read again from its file, or None when it is gone or changed identity.

    Library commands use it to show current text; a missing file is not an error
    there, since annotations keep their own quotes. Only regular files are
    read: the uri may come from an import file, and one naming a pipe or a
    device (``file:///dev/stdin``) would make the command wait forever.
    A web article is read from its offline copy in ``cache`` (``Store.pages``;
    without one it cannot be reopened); ``offline``: only from that copy,
    never fetched.
    """
    from reader.document import load_article
    from reader.document.ingest import is_url

    if is_url(uri):
        if cache is None:
            return None
        if offline:  # the copy kept when it was first opened, or nothing
            from reader.document.web import load_offline

            return load_offline(uri, cache=cache)
        try:  # the offline copy, fetched if there is none yet
            return load_article(uri, cache=cache)
        except ReaderError:
            return None
    path = path_from_uri(source) or path_from_uri(uri)
    if path is None or not os.path.isfile(path):  # never raises, unlike Path.is_file
        return None
    try:
        article = load_article(path)
    except ReaderError:
        return None
    return article if article.uri == uri else None
