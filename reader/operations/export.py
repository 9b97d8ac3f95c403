"""Export from the app: the same document ``reader export`` writes, to a file, atomically.

No Textual: the reading screen runs :func:`export_file` in a worker thread
and tells the user the path (or the one-line error) when it returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.export.collect import Format, Group, export_text, render
from reader.export.model import build_export, filter_items
from reader.export.writer import write_atomic

if TYPE_CHECKING:
    from reader.document.model import Article
    from reader.store.store import Store


def export_document(
    store: Store,
    article: Article,
    source: str | None,
    *,
    fmt: Format = "markdown",
    group: Group = "section",
    tags: Sequence[str] = (),
    colors: Sequence[str] = (),
) -> str:
    """The export of ``article``'s annotations.

    A local file goes through :func:`export_text`, exactly as the command
    line does; an article read from stdin or the web cannot be read again,
    so the text already in memory is used (same functions, same output).
    """
    if source and source != "-" and "://" not in source and Path(source).is_file():
        return export_text(store, source=source, fmt=fmt, group=group, tags=tags, colors=colors)
    exported = build_export(article, article.uri, article.title, store.annotations(article.uri))
    return render([filter_items(exported, tags=tags, colors=colors)], fmt, group)


def export_file(
    store: Store,
    article: Article,
    source: str | None,
    path: Path,
    *,
    force: bool,
    fmt: Format = "markdown",
    group: Group = "section",
    tags: Sequence[str] = (),
    colors: Sequence[str] = (),
) -> Path:
    """Render and write; raises :class:`~reader.errors.ReaderError` (one line) on failure."""
    text = export_document(
        store, article, source, fmt=fmt, group=group, tags=tags, colors=colors
    )
    return write_atomic(path, text, force=force)
