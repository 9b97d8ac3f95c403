"""Taking an article out of the library, and how the library shows its records.

No Textual here: the library screen runs :func:`remove_article` in a worker
thread and shows the line it returns. Removing never loses what the user
wrote: the notes are exported to ``<data>/removed/<title>-<date>.md`` first
(the same Markdown ``reader export`` writes), and only then is the article
dropped from the store, which keeps its annotation file aside.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

from reader.errors import ReaderError
from reader.store.store import ArticleRecord, Store

REMOVED_DIR = "removed"
SLUG_CHARS = 60


def slug(title: str) -> str:
    """``title`` as a file name: ASCII words joined by ``-`` (``article`` if none)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    out = "-".join(words)[:SLUG_CHARS].strip("-")
    return out or "article"


def when(stamp: str, now: datetime) -> str:
    """A last-opened time for people: ``just now``, ``5 min ago``, ``yesterday``,
    ``4 days ago``, then the date; ``never`` for an article never opened."""
    if not stamp:
        return "never"
    try:
        then = datetime.fromisoformat(stamp)
    except ValueError:
        return "?"
    if then.tzinfo is None:
        then = then.replace(tzinfo=UTC)
    seconds = (now - then).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    days = int(seconds // 86400)
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"{days} days ago"
    return then.astimezone(now.tzinfo).date().isoformat()


def short_source(source: str, width: int, home: Path | None = None) -> str:
    """A path or URL cut to ``width``: the home folder as ``~``, the file name kept."""
    if not source or source == "-":
        return "standard input" if source == "-" else ""
    if "://" in source:
        parsed = urlparse(source)
        text = (parsed.netloc + parsed.path).rstrip("/") or source
    else:
        home_text = str(home if home is not None else Path.home())
        text = source
        if home_text not in ("", "/") and (source + "/").startswith(home_text.rstrip("/") + "/"):
            text = "~" + source[len(home_text.rstrip("/")) :]
    if len(text) <= width:
        return text
    head, _, name = text.rpartition("/")
    if len(name) + 2 >= width:
        return "…" + text[-(width - 1) :]
    return head[: width - len(name) - 2] + "…/" + name


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


def export_notes(store: Store, record: ArticleRecord, path: Path, data_dir: Path) -> Path:
    """Write the article's notes as Markdown to ``path`` (the ``reader export`` document).

    The article is read again to place the notes; when its file is gone the
    stored quotes are exported as they are.
    """
    from reader.document.sources import reopen
    from reader.export.collect import render
    from reader.export.model import build_export
    from reader.export.writer import write_atomic

    article = reopen(record.uri, record.source, data_dir=data_dir)
    exported = build_export(article, record.uri, record.title, store.annotations(record.uri))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReaderError(f"cannot create {path.parent} ({exc.strerror})") from None
    return write_atomic(path, render([exported], "markdown"), force=False)


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
        exported = export_notes(store, record, path, data_dir)
    store.forget_article(record.uri)
    if exported is None:
        return f"Removed “{title}” from the library (it had no notes)"
    notes = "note is" if count == 1 else "notes are"
    return f"Removed “{title}” from the library; its {count} {notes} in {exported}"
