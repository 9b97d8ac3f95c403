"""How the library lists its records: their order, the filter, relative times,
short sources. No Textual: plain functions the library screen calls and tests
check alone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from reader.store.store import ArticleRecord

Sort = Literal["opened", "title", "notes"]
SORTS: tuple[Sort, ...] = ("opened", "title", "notes")
SORT_NAMES: dict[Sort, str] = {"opened": "last opened", "title": "title", "notes": "notes"}


def sort_records(records: list[ArticleRecord], sort: Sort) -> list[ArticleRecord]:
    """``records`` in the chosen order (ties and never-opened ones by title)."""
    by_title = sorted(records, key=lambda r: (r.title.casefold(), r.uri))
    if sort == "title":
        return by_title
    if sort == "notes":
        return sorted(by_title, key=lambda r: -r.count)
    return sorted(by_title, key=lambda r: r.last_opened, reverse=True)


def filter_records(records: list[ArticleRecord], text: str) -> list[ArticleRecord]:
    """Records whose title or source contains ``text`` (any case)."""
    wanted = text.casefold().strip()
    if not wanted:
        return records
    return [r for r in records if wanted in r.title.casefold() or wanted in r.source.casefold()]


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
