"""Command line: ``reader [SOURCE]`` opens the app, subcommands work without a screen.

Subcommands never import Textual, so they start fast and run in scripts.
User mistakes print one line on stderr and exit 1 (usage errors exit 2).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from reader import collector
from reader.errors import ReaderError

if TYPE_CHECKING:
    from reader.annotations.model import Annotation
    from reader.document.model import Article
    from reader.store.pages import OfflinePages
    from reader.store.store import Store

COMMANDS = ("outline", "annotations", "export", "import", "tags", "list")


def _add_global(parser: argparse.ArgumentParser, *, top: bool = True) -> None:
    # A subcommand's --data must not reset one given before the subcommand.
    parser.add_argument(
        "--data",
        metavar="DIR",
        default=None if top else argparse.SUPPRESS,
        help="data folder (default: READER_HOME or the platform's)",
    )


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="A terminal news reader with annotations. "
        f"Subcommands: {', '.join(COMMANDS)} (reader CMD --help).",
    )
    parser.add_argument(
        "source", nargs="?", help="article: a text or Markdown file, or - for stdin"
    )
    _add_global(parser)
    return parser


def _command_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reader")
    _add_global(parser)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("outline", help="detected title, sections, labels and block kinds")
    p.add_argument("source")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    _add_global(p, top=False)

    p = sub.add_parser("annotations", help="annotations of an article with their anchor state")
    p.add_argument("source")
    p.add_argument("--json", action="store_true")
    _add_global(p, top=False)

    p = sub.add_parser("export", help="export notes to Markdown or W3C Web Annotation JSON")
    p.add_argument("source", nargs="?")
    p.add_argument("--all", action="store_true", help="every article in the library")
    p.add_argument("--format", choices=("markdown", "json", "jsonl"), default="markdown")
    p.add_argument("--group", choices=("section", "tag", "none"), default="section")
    p.add_argument("--tag", action="append", default=[], metavar="T")
    p.add_argument("--color", action="append", default=[], metavar="C")
    p.add_argument("-o", "--output", metavar="PATH",
                   help="write to PATH (atomically); - or none: standard output")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    _add_global(p, top=False)

    p = sub.add_parser("import", help="import W3C Web Annotation JSON or JSON Lines")
    p.add_argument("file")
    _add_global(p, top=False)

    p = sub.add_parser("tags", help="tags with counts across the library")
    p.add_argument("--json", action="store_true")
    _add_global(p, top=False)

    p = sub.add_parser("list", help="articles in the library with annotation counts")
    p.add_argument("--json", action="store_true")
    _add_global(p, top=False)
    return parser


def _first_positional(argv: list[str]) -> str | None:
    """The first word that is not an option or an option's value (``--data DIR``)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--data":
            skip = True
        elif not arg.startswith("-") or arg == "-":
            return arg
    return None


def run(argv: list[str]) -> int:
    """Parse ``argv`` and run; returns the process exit code."""
    first = _first_positional(argv)
    try:
        if first in COMMANDS:
            args = _command_parser().parse_args(argv)
            handler: Callable[[argparse.Namespace], int] = _HANDLERS[args.command]
            return handler(args)
        args = _app_parser().parse_args(argv)
        return _open_app(args)
    except ReaderError as exc:
        _say(f"reader: {exc}")
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


# Characters that act on a terminal even inside a JSON string: DEL, C1
# controls (U+009B is an 8-bit CSI), bidi controls and marks (they reorder
# what is shown), and the separators line readers break on. orjson already
# escapes C0 controls.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _terminal_safe(text: str, *, json: bool = False) -> str:
    """``text`` that cannot act on the terminal it is printed to.

    Article text is sanitised when read, but notes, tags, ids and uris come
    from import files and the store, which hold what they were given. JSON
    keeps every character, written as a ``\\u`` escape; other output drops
    control sequences as the article reader does.
    """
    if json:
        return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    from reader.document.sanitize import sanitize

    return sanitize(text)


def _emit(text: str, *, json: bool = False) -> None:
    text = _terminal_safe(text, json=json)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def _say(line: str) -> None:
    """One line on stderr, made safe like everything else printed."""
    print(_terminal_safe(line), file=sys.stderr)


def _json(data: object) -> str:
    import orjson

    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()


def _cmd_outline(args: argparse.Namespace) -> int:
    from reader.document import load_article
    from reader.document.outline import format_outline, outline_dict

    article = load_article(args.source, allow_empty=False, cache=_pages(args))
    _emit(_json(outline_dict(article)) if args.json else format_outline(article), json=args.json)
    return 0


def _open_app(args: argparse.Namespace) -> int:
    collector.pause()  # until the first frame (reader.ui.reading.memory.settle_memory)
    from reader.ui.app import make_app

    app = make_app(source=args.source, data_dir=args.data)
    app.run()
    _exit_now(int(app.return_code or 0))


def _exit_now(code: int) -> NoReturn:
    """End the process without the interpreter's teardown.

    By now the app has saved the reading position, flushed and closed the
    store (releasing its lock) and given the terminal back. What is left is
    freeing every object of the article one at a time, which after a 1 MB
    article kept the shell prompt waiting half a second after ``q``.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


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


_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "outline": _cmd_outline,
    "annotations": _cmd_annotations,
    "export": _cmd_export,
    "import": _cmd_import,
    "tags": _cmd_tags,
    "list": _cmd_list,
}
