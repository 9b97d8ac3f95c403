"""Opening an article: at start-up and from the library, the same steps.

Start-up chooses what to show from the command line and the library alone
(:func:`choose_start`): SOURCE when given; else the library screen when it
holds several articles; else the last article read, or the bundled sample.
No article is read to make that choice, so a library start parses nothing.

Opening (:func:`open_article`) reads the article, which may be slow (a large
file, a web page) and can fail with a one-line :class:`ReaderError`, and
places the cursor: at a chosen passage, anchored in the text as it is now
(the file may have changed since), else at the saved reading position. It
changes nothing in the library, so the app can run it in a worker and drop
an answer that came too late; :func:`remember` then records the article as
the one read, once it is shown.
No Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.annotations.clean import clean_text
from reader.errors import ReaderError

if TYPE_CHECKING:
    from reader.annotations.model import Annotation
    from reader.document.model import Article
    from reader.store.store import Store

QUOTE_CHARS = 60
READ_ONLY = "annotations are read-only"
STDIN_NOTICE = "that article was read from standard input: it cannot be opened again"


@dataclass(frozen=True, slots=True)
class Opened:
    """An article read and placed: what a reading screen needs."""

    article: Article
    source: str
    """What reopens it later, as the library keeps it (a path, a URL)."""
    position: int
    notice: str = ""
    """Said once when it is shown ("… is no longer in the article"), or empty."""


@dataclass(frozen=True, slots=True)
class StartChoice:
    """The article start-up opens, chosen before any article is read.

    ``last``: it is the library's last article, and a failure to read it
    falls back to the sample (SOURCE failing is the user's to fix).
    """

    source: str | Path
    remember_as: str
    last: bool = False


@dataclass(frozen=True, slots=True)
class Startup:
    """The first screen: ``opened``, or the library when None; ``notices`` are said once."""

    opened: Opened | None
    notices: tuple[str, ...]


def remembered_source(source: str | Path) -> str:
    """What reopens ``source`` later: an absolute path; stdin (``-``) and URLs as given."""
    from reader.document.ingest import is_url

    if str(source) == "-" or is_url(source):
        return str(source)
    return str(Path(source).expanduser().resolve())


def reopenable(uri: str, source: str) -> str | None:
    """What reopens a library article (its source, else its uri); None when it was
    read from standard input, which cannot be read a second time."""
    found = source or uri
    if found == "-" or found.startswith(("stdin:", "urn:x-reader:stdin:")):
        return None
    return found


def place(article: Article, annotation: Annotation | None, fallback: int) -> tuple[int, str]:
    """Where to open ``article``: at ``annotation``'s passage, else at ``fallback``.

    Returns the offset and a notice ("" when there is nothing to say). A
    passage that cannot be found any more opens the article at the top: a
    wrong place would be worse than an honest one.
    """
    from reader.annotations.anchoring import anchor

    if annotation is None:
        return max(0, min(fallback, len(article.text))), ""
    found = anchor(annotation, article.text)
    if found.attached:
        return found.start, ""
    return 0, f"“{_one_line(annotation.exact)}” is no longer in the article: opened at the top"


def open_article(
    store: Store,
    source: str | Path,
    *,
    annotation: Annotation | None = None,
    remember_as: str | None = None,
) -> Opened:
    """Read ``source`` and place the cursor (at ``annotation`` or the saved position).

    Raises :class:`ReaderError` (one line) when it cannot be read. A web page
    is read from its copy in the store's offline pages (fetched once). The
    library will reopen it by ``remember_as`` (default: ``source`` as given).
    """
    from reader.document import load_article

    article = load_article(source, cache=store.pages)
    position, notice = place(article, annotation, store.position(article.uri))
    return Opened(article, remember_as or str(source), position, notice)


def remember(store: Store, opened: Opened) -> None:
    """Make ``opened`` the library's last article (what a start without SOURCE reopens)."""
    store.remember_article(opened.article.uri, opened.article.title, opened.source)


def choose_start(store: Store, source: str | Path | None) -> StartChoice | None:
    """SOURCE; else None (the library screen) when the library holds several
    articles; else the last article read (not stdin: it cannot be read
    again); else the sample."""
    if source is not None:
        return StartChoice(source, remembered_source(source))
    if len(store.articles()) > 1:
        return None
    last = store.last_article()
    if last is not None and last.source and last.source != "-":
        return StartChoice(last.source, last.source, last=True)
    return _sample()


def start(store: Store, source: str | Path | None) -> Startup:
    """Open what start-up shows and remember it; the notices to say once.

    Raises :class:`ReaderError` when SOURCE cannot be opened; a last article
    that cannot be reopened gives the sample and a notice instead.
    """
    choice = choose_start(store, source)
    if choice is None:  # the article is not shown: only the store's notices apply
        return Startup(None, _with_read_only(store, store.notices))
    notices: list[str] = []
    try:
        opened = _open_choice(store, choice)
    except ReaderError as exc:
        if not choice.last:
            raise
        notices.append(f"could not reopen the last article: {exc}")
        opened = _open_choice(store, _sample())
    remember(store, opened)
    said = [*opened.article.notices, *store.notices, *notices]
    return Startup(opened, _with_read_only(store, said))


def _open_choice(store: Store, choice: StartChoice) -> Opened:
    return open_article(store, choice.source, remember_as=choice.remember_as)


def _sample() -> StartChoice:
    from reader.resources import sample_article

    sample = sample_article()
    return StartChoice(sample, str(sample))


def _with_read_only(store: Store, notices: list[str]) -> tuple[str, ...]:
    """``notices``, plus a read-only one when the store is and none says so yet."""
    if store.read_only and not any("read-only" in notice for notice in notices):
        return (*notices, READ_ONLY)
    return tuple(notices)


def _one_line(text: str) -> str:
    """A quote for a notice: cleaned, on one line, cut to :data:`QUOTE_CHARS`."""
    flat = " ".join(clean_text(text).split())
    if len(flat) <= QUOTE_CHARS:
        return flat
    return flat[: QUOTE_CHARS - 1].rstrip() + "…"
