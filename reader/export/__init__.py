"""Export: pure functions from (article, annotations) to Markdown or W3C JSON.

Nothing here draws a screen; the app and the command line share these
functions so both produce the same files.

The names below are loaded on first use, so that importing one module of
the package (``reader.export.collect`` for a Markdown export) does not load
the others (the W3C module and its JSON machinery).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.export.markdown import GROUPS, Group, to_markdown
    from reader.export.model import ExportArticle, ExportItem, build_export, filter_items
    from reader.export.w3c import annotation_to_w3c, parse_w3c, to_collection, to_jsonl
    from reader.export.writer import write_atomic

_HOMES = {
    "GROUPS": "markdown",
    "Group": "markdown",
    "to_markdown": "markdown",
    "ExportArticle": "model",
    "ExportItem": "model",
    "build_export": "model",
    "filter_items": "model",
    "annotation_to_w3c": "w3c",
    "parse_w3c": "w3c",
    "to_collection": "w3c",
    "to_jsonl": "w3c",
    "write_atomic": "writer",
}

__all__ = [
    "GROUPS",
    "ExportArticle",
    "ExportItem",
    "Group",
    "annotation_to_w3c",
    "build_export",
    "filter_items",
    "parse_w3c",
    "to_collection",
    "to_jsonl",
    "to_markdown",
    "write_atomic",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{home}"), name)
