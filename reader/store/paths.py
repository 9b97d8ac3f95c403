"""Where the annotation store lives on disk and how its files are named.

One place decides the layout so that the store, the command line and the
tests agree on it::

    <data>/reader.lock                    one writer at a time
    <data>/library.json                   articles, tag counts, settings
    <data>/annotations/<article-key>.json one file per article
    <data>/articles/<article-key>.md      a web page's text, as first parsed
    <data>/articles/<article-key>.json    its record (uri, title, fetched, ...)
    <data>/feeds.json                     subscriptions (url, title, tags, refresh state)
    <data>/entries/<feed-key>.json        one file per feed: its entries, read and starred

The article key is a short hash of the article's uri: stable across runs,
safe as a file name whatever the uri holds, and short enough to list. A
feed's key is the same hash of its url, so a refresh rewrites one small file.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from reader.errors import ReaderError

APP_NAME = "reader"
ENV_HOME = "READER_HOME"
LIBRARY_FILE = "library.json"
SHARDS_DIR = "annotations"
LOCK_FILE = "reader.lock"
PAGES_DIR = "articles"
FEEDS_FILE = "feeds.json"
ENTRIES_DIR = "entries"
KEY_LENGTH = 16
_STDIN_URN = "urn:x-reader:stdin:"

_SHARD_FILE = re.compile(rf"^([0-9a-f]{{{KEY_LENGTH}}})\.json$")


def data_dir(override: str | Path | None = None) -> Path:
    """The data folder: ``--data`` beats ``READER_HOME`` beats the platform's.

    The folder is created when missing; a folder that cannot be created is a
    user-facing error naming it and the way out.
    """
    if override is not None and str(override) != "":
        path = Path(override).expanduser()
    elif os.environ.get(ENV_HOME):
        path = Path(os.environ[ENV_HOME]).expanduser()
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME))
    if path.exists() and not path.is_dir():
        raise ReaderError(f"the data folder {path} is not a folder; choose another with --data DIR")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise ReaderError(
            f"cannot create the data folder {path}: {reason}; choose another with --data DIR"
        ) from exc
    return path


def article_key(uri: str) -> str:
    """A short stable file-name-safe key for an article uri (sha256 prefix)."""
    if uri.startswith(_STDIN_URN):  # named ``stdin:<hash>`` before: its file keeps that key
        uri = "stdin:" + uri[len(_STDIN_URN) :]
    return _key(uri)


def _key(text: str) -> str:
    """A file-name-safe key for ``text``: a sha256 prefix (one key per article or feed)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:KEY_LENGTH]


def library_path(root: Path) -> Path:
    return root / LIBRARY_FILE


def shards_dir(root: Path) -> Path:
    return root / SHARDS_DIR


def shard_path(root: Path, key: str) -> Path:
    return shards_dir(root) / f"{key}.json"


def feed_key(url: str) -> str:
    """The key of a feed's entries file: a sha256 prefix of its url, like an article's."""
    return _key(url)


def feeds_path(root: Path) -> Path:
    return root / FEEDS_FILE


def entries_dir(root: Path) -> Path:
    return root / ENTRIES_DIR


def entries_path(root: Path, key: str) -> Path:
    return entries_dir(root) / f"{key}.json"


def pages_dir(root: Path) -> Path:
    """The offline copies of web pages (:mod:`reader.store.pages`)."""
    return root / PAGES_DIR


def lock_path(root: Path) -> Path:
    return root / LOCK_FILE


def shard_key(filename: str) -> str | None:
    """The article key of a shard file name, or None for any other file."""
    match = _SHARD_FILE.match(filename)
    return match.group(1) if match else None
