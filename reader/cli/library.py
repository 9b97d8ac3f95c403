"""The library's subcommands: outline, annotations, export, import, tags, list."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import collector
from reader.cli.output import emit as _emit
from reader.cli.output import json_text as _json
from reader.cli.output import say as _say
from reader.errors import ReaderError

if TYPE_CHECKING:
    from reader.annotations.model import Annotation
    from reader.document.model import Article
    from reader.store.pages import OfflinePages
    from reader.store.store import Store


def _cmd_outline(args: argparse.Namespace) -> int:
    from reader.document import load_article
    from reader.document.outline import format_outline, outline_dict

    article = load_article(args.source, allow_empty=False, cache=_pages(args))
    _emit(_json(outline_dict(article)) if args.json else format_outline(article), json=args.json)
    return 0


def _data_dir(args: argparse.Namespace) -> Path:
    from reader.store.paths import data_dir

    return data_dir(args.data)


def _pages(args: argparse.Namespace) -> OfflinePages:
    """The data folder's offline copies of web pages (written under its lock)."""
    from reader.store.pages import OfflinePages

    return OfflinePages(_data_dir(args))


def _store(args: argparse.Namespace, mode: str) -> Store:
    from reader.store.store import Store

    store = Store.open(_data_dir(args), mode=mode)  # type: ignore[arg-type]
    for notice in store.notices:
        _say(f"reader: {notice}")
    return store


def _anchored_rows(article: Article, anns: list[Annotation]) -> list[dict[str, Any]]:
    from reader.annotations.anchoring import anchor_all

    rows = []
    for ann, anchor in zip(anns, anchor_all(anns, article.text), strict=True):
        attached = anchor.state != "orphan"
        rows.append(
            {
                "id": ann.id,
                "state": anchor.state,
                "start": anchor.start if attached else None,
                "end": anchor.end if attached else None,
                "text": article.text[anchor.start : anchor.end] if attached else None,
                "exact": ann.exact,
                "tags": list(ann.tags),
                "note": ann.note,
                "color": ann.color,
                "section": _section_at(article, anchor.start) if attached else ann.section,
                "created": ann.created,
                "modified": ann.modified,
            }
        )
    rows.sort(key=lambda r: (r["start"] is None, r["start"] or 0))
    return rows


def _section_at(article: Article, offset: int) -> str:
    for section in article.sections:
        if section.start <= offset < section.end:
            return section.title
    return article.sections[-1].title if article.sections else ""


def _preview(text: str, width: int = 72) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _cmd_annotations(args: argparse.Namespace) -> int:
    from reader.document import load_article

    article = load_article(args.source, cache=_pages(args))
    store = _store(args, "read")
    rows = _anchored_rows(article, store.annotations(article.uri))
    if args.json:
        _emit(_json(rows), json=True)
        return 0
    if not rows:
        _emit(f"No annotations on {article.title}")
        return 0
    lines = []
    for row in rows:
        tags = " ".join("#" + t.replace(" ", "-") for t in row["tags"])
        head = f"[{row['state']}] {row['color']} · {_preview(row['section'], 40)}"
        lines.append(head + (f" · {tags}" if tags else ""))
        lines.append(f"  “{_preview(row['text'] if row['text'] is not None else row['exact'])}”")
        if row["note"]:
            lines.append(f"  note: {_preview(row['note'])}")
    _emit("\n".join(lines))
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from reader.export.w3c import read_w3c

    path = Path(args.file).expanduser()
    if not path.is_file():
        raise ReaderError(f"cannot import {path}: no such file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReaderError(f"cannot import {path}: {exc}") from None
    with collector.paused():  # everything parsed lives until the command ends
        anns, undated = read_w3c(text)
        store = _store(args, "cli")
        try:
            result = store.import_annotations(anns, undated=undated)
            _name_articles(store, {ann.article for ann in anns})
        finally:
            store.close()
    _emit(f"added {result.added}, updated {result.updated}, skipped {result.skipped}")
    if result.kept:
        _emit(f"kept {result.kept} as they are here: edited after the file's copy "
              "(or the file gives no time)")
    return 0


def _name_articles(store: Store, uris: set[str]) -> None:
    """Give imported articles a title and source, read from their files when they exist.

    Never from the network: a web article is named from its offline copy in
    the data folder if there is one, else by its address; the page is fetched
    when the user opens it.
    """
    from reader.document.sources import path_from_uri, reopen

    for uri in sorted(uris):
        record = store.article(uri)
        if record is not None and record.title:
            continue
        path = path_from_uri(uri)
        article = reopen(uri, cache=store.pages, offline=True)
        title = article.title if article else (path.name if path else uri)
        store.remember_article(uri, title, str(path) if path else uri, opened=False)


def _cmd_tags(args: argparse.Namespace) -> int:
    tags = _store(args, "read").tags()
    if args.json:
        _emit(_json([{"tag": tag, "count": count} for tag, count in tags]), json=True)
    else:
        _emit("\n".join(f"{count:5d}  {tag}" for tag, count in tags) or "No tags yet")
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    records = _store(args, "read").articles()
    if args.json:
        _emit(
            _json(
                [
                    {
                        "uri": r.uri,
                        "title": r.title,
                        "source": r.source,
                        "annotations": r.count,
                        "last_opened": r.last_opened,
                    }
                    for r in records
                ]
            ),
            json=True,
        )
    else:
        _emit(
            "\n".join(f"{r.count:5d}  {_preview(r.title or r.uri, 60)}  ({r.source or r.uri})"
                      for r in records)
            or "The library is empty"
        )
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    if bool(args.source) == bool(args.all):
        print("reader export: give one SOURCE or --all", file=sys.stderr)
        return 2
    with collector.paused():
        _export(args)
    return 0


def _export(args: argparse.Namespace) -> None:
    """The export itself; what it built is freed when it returns, before the
    collector resumes (which then has nothing left to walk)."""
    from reader.operations.export import ExportOptions, export_notes

    to_file = bool(args.output) and args.output != "-"
    options = ExportOptions(
        fmt=args.format, group=args.group, tags=tuple(args.tag), colors=tuple(args.color),
        path=Path(args.output).expanduser() if to_file else None, force=args.force,
    )
    store = _store(args, "read")
    done = export_notes(store, args.source, options)
    if done.path is not None:
        _say(f"reader: wrote {done.path}")
    else:
        _emit(done.text, json=args.format != "markdown")


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "outline": _cmd_outline,
    "annotations": _cmd_annotations,
    "export": _cmd_export,
    "import": _cmd_import,
    "tags": _cmd_tags,
    "list": _cmd_list,
}
