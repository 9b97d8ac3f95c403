"""Export: pure functions from (article, annotations) to Markdown or W3C JSON.

Nothing here draws a screen; the app and the command line share these
functions so both produce the same files.
"""

from reader.export.markdown import GROUPS, Group, to_markdown
from reader.export.model import ExportArticle, ExportItem, build_export, filter_items
from reader.export.w3c import annotation_to_w3c, parse_w3c, to_collection, to_jsonl
from reader.export.writer import write_atomic

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
