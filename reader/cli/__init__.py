"""Command line: ``reader [SOURCE]`` opens the app, subcommands work without a screen.

Subcommands never import Textual, so they start fast and run in scripts.
User mistakes print one line on stderr and exit 1 (usage errors exit 2).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import NoReturn

from reader import collector
from reader.cli import feeds as feed_commands
from reader.cli.library import HANDLERS as LIBRARY_HANDLERS
from reader.cli.output import say as _say
from reader.errors import ReaderError

COMMANDS = ("outline", "annotations", "export", "import", "tags", "list", "feeds", "entries",
            "save")


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
    feed_commands.add_parsers(sub, _add_global)
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


_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    **LIBRARY_HANDLERS, **feed_commands.HANDLERS}
