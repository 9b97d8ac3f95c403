"""Taking an article out of the library.

No Textual here: the library screen runs :func:`remove_article` in a worker
thread and shows the line it returns. Removing never loses what the user
wrote: the notes are exported to ``<data>/removed/<title>-<date>.md`` first
(by :func:`~reader.operations.export.export_notes`: the Markdown ``reader
export`` writes; the stored quotes when the article's file is gone), and
only then is the article dropped from the store, which keeps its annotation
file aside.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from pathlib import Path

from reader.errors import ReaderError
from reader.operations.export import ExportOptions, export_notes
from reader.operations.listing import short_source
from reader.store.store import ArticleRecord, Store

REMOVED_DIR = "removed"
SLUG_CHARS = 60


def slug(title: str) -> str:
    """``title`` as a file name: ASCII words joined by ``-`` (``article`` if none)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    out = "-".join(words)[:SLUG_CHARS].strip("-")
    return out or "article"


def removal_question(record: ArticleRecord, data_dir: Path | None) -> str:
    """What the confirm dialog asks (plain text: the title is untrusted)."""
    title = " ".join(record.title.split()) or record.uri
    lines = [f"Remove “{title}” from the library?"]
    if record.count:
        notes = "note is" if record.count == 1 else "notes are"
        folder = short_source(str(data_dir / REMOVED_DIR), 60) if data_dir else REMOVED_DIR
        lines.append(f"Its {record.count} {notes} first exported to {folder}/.")
        lines.append("The annotation file is kept aside, not deleted.")
    return "\n".join(lines)


def export_path(data_dir: Path, title: str, today: str) -> Path:
    """``<data>/removed/<slug>-<date>.md``, numbered so an earlier export is never replaced."""
    folder = data_dir / REMOVED_DIR
    base = f"{slug(title)}-{today}"
    path, n = folder / f"{base}.md", 2
    while path.exists():
        path, n = folder / f"{base}-{n}.md", n + 1
    return path


def remove_article(
    store: Store, record: ArticleRecord, data_dir: Path | None, now: datetime
) -> str:
    """Export the notes, then forget the article; returns the line to show.

    Raises :class:`ReaderError` (then the article is still there) when the
    notes cannot be exported or the store cannot change.
    """
    if store.read_only:
        raise ReaderError("annotations are read-only here: close the other reader first")
    title = " ".join(record.title.split()) or record.uri
    count = len(store.annotations(record.uri))
    exported: Path | None = None
    if count:
        if data_dir is None:
            raise ReaderError("there is no data folder to export its notes to")
        path = export_path(data_dir, title, now.date().isoformat())
        options = ExportOptions(path=path, create_folder=True)  # Markdown, every note
        exported = export_notes(store, record, options).path
    store.forget_article(record.uri)
    if exported is None:
        return f"Removed “{title}” from the library (it had no notes)"
    notes = "note is" if count == 1 else "notes are"
    return f"Removed “{title}” from the library; its {count} {notes} in {exported}"
