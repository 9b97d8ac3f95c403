"""Export notes: the one pipeline behind ``reader export``, the app's export
dialog and the export before an article is removed.

Every caller says what to export (a :data:`~reader.export.collect.Subject`)
and how (:class:`ExportOptions`); :func:`export_notes` collects, filters,
renders and, given a path, writes the file atomically. So the three give
the same document for the same notes. No Textual: the app runs it in a
worker thread and shows the path (or the one-line error) it returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.errors import ReaderError
from reader.export import collect
from reader.export.collect import Format, Group

if TYPE_CHECKING:
    from reader.export.collect import Subject
    from reader.store.store import Store


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """How and where to export.

    ``tags`` and ``colors`` keep the notes having any of them (empty: all);
    ``group`` applies to Markdown. ``path`` None returns the document
    instead of writing it (the terminal's ``-``). An existing file is only
    replaced with ``force``; a missing folder is an error (usually a typo)
    unless ``create_folder``.
    """

    fmt: Format = "markdown"
    group: Group = "section"
    tags: tuple[str, ...] = ()
    colors: tuple[str, ...] = ()
    path: Path | None = None
    force: bool = False
    create_folder: bool = False


@dataclass(frozen=True, slots=True)
class Exported:
    """What an export made: ``path`` written, or ``text`` (when no path was
    given); ``notes`` is how many annotations it holds."""

    notes: int
    path: Path | None = None
    text: str = ""


def export_notes(
    store: Store,
    subject: Subject,
    options: ExportOptions,
) -> Exported:
    """Export the notes of ``subject`` as ``options`` say.

    Raises :class:`~reader.errors.ReaderError` (one line) when an article
    cannot be read or the file cannot be written; nothing is half-written then.
    """
    articles = collect.gather(store, subject, tags=options.tags, colors=options.colors)
    notes = sum(len(article.items) for article in articles)
    if options.path is None:
        return Exported(notes, text=collect.render(articles, options.fmt, options.group))
    from reader.export.writer import write_atomic

    data = collect.render_bytes(articles, options.fmt, options.group)
    if options.create_folder:
        _make_folder(options.path.parent)
    return Exported(notes, path=write_atomic(options.path, data, force=options.force))


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReaderError(f"cannot create {folder} ({exc.strerror})") from None
