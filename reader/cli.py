"""Command line: ``reader [SOURCE]`` opens the app, subcommands work without a screen.

Subcommands never import Textual, so they start fast and run in scripts.
User mistakes print one line on stderr and exit 1 (usage errors exit 2).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from reader.errors import ReaderError

COMMANDS = ("outline", "annotations", "export", "import", "tags", "list")


def _add_global(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data", metavar="DIR", help="data folder (default: READER_HOME or the platform's)"
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
    _add_global(p)

    p = sub.add_parser("annotations", help="annotations of an article with their anchor state")
    p.add_argument("source")
    p.add_argument("--json", action="store_true")
    _add_global(p)

    p = sub.add_parser("export", help="export notes to Markdown or W3C Web Annotation JSON")
    p.add_argument("source", nargs="?")
    p.add_argument("--all", action="store_true", help="every article in the library")
    p.add_argument("--format", choices=("markdown", "json", "jsonl"), default="markdown")
    p.add_argument("--group", choices=("section", "tag", "none"), default="section")
    p.add_argument("--tag", action="append", default=[], metavar="T")
    p.add_argument("--color", action="append", default=[], metavar="C")
    p.add_argument("-o", "--output", metavar="PATH")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    _add_global(p)

    p = sub.add_parser("import", help="import W3C Web Annotation JSON or JSON Lines")
    p.add_argument("file")
    _add_global(p)

    p = sub.add_parser("tags", help="tags with counts across the library")
    p.add_argument("--json", action="store_true")
    _add_global(p)

    p = sub.add_parser("list", help="articles in the library with annotation counts")
    p.add_argument("--json", action="store_true")
    _add_global(p)
    return parser


def run(argv: list[str]) -> int:
    """Parse ``argv`` and run; returns the process exit code."""
    first = next((a for a in argv if not a.startswith("-") or a == "-"), None)
    try:
        if first in COMMANDS:
            args = _command_parser().parse_args(argv)
            handler: Callable[[argparse.Namespace], int] = _HANDLERS[args.command]
            return handler(args)
        args = _app_parser().parse_args(argv)
        return _open_app(args)
    except ReaderError as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _emit(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def _json(data: object) -> str:
    import orjson

    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()


def _cmd_outline(args: argparse.Namespace) -> int:
    from reader.document import load_article
    from reader.document.outline import format_outline, outline_dict

    article = load_article(args.source)
    _emit(_json(outline_dict(article)) if args.json else format_outline(article))
    return 0


def _open_app(args: argparse.Namespace) -> int:
    from reader.ui.app import make_app

    app = make_app(source=args.source, data_dir=args.data)
    app.run()
    return int(app.return_code or 0)


def _not_yet(args: argparse.Namespace) -> int:
    raise ReaderError(f"'{args.command}' is not available in this version")


_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "outline": _cmd_outline,
    "annotations": _not_yet,
    "export": _not_yet,
    "import": _not_yet,
    "tags": _not_yet,
    "list": _not_yet,
}


def source_path(source: str) -> Path:
    """A file source as a path (for messages); ``-`` stays stdin."""
    return Path(source).expanduser()
