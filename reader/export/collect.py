"""Gather what an export needs from the store and the articles' files.

Shared by ``reader export`` and the app's export dialog so both give the
same output. An article whose file has gone is still exported from the
quotes stored with its annotations.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from reader.document.sources import reopen
from reader.export.model import ExportArticle, build_export, filter_items

if TYPE_CHECKING:
    from reader.store.store import Store

Format = Literal["markdown", "json", "jsonl"]
Group = Literal["section", "tag", "none"]


def collect(
    store: Store, source: str | None, *, data_dir: Path | None = None
) -> list[ExportArticle]:
    """One ExportArticle for ``source``, or one per annotated library article."""
    from reader.document import load_article

    if source is not None:
        article = load_article(source, data_dir=data_dir)
        return [build_export(article, article.uri, article.title, store.annotations(article.uri))]
    out = []
    for record in store.articles():
        anns = store.annotations(record.uri)
        if not anns:
            continue
        found = reopen(record.uri, record.source, data_dir=data_dir)
        out.append(build_export(found, record.uri, record.title, anns))
    return out


def render(
    articles: Sequence[ExportArticle], fmt: Format = "markdown", group: Group = "section"
) -> str:
    """The export document in ``fmt``."""
    if fmt == "markdown":
        from reader.export.markdown import to_markdown

        return to_markdown(articles, group=group)
    from reader.export.w3c import to_jsonl

    if fmt == "jsonl":
        return to_jsonl(articles)
    return _collection_json(articles).decode()


def render_bytes(
    articles: Sequence[ExportArticle], fmt: Format = "markdown", group: Group = "section"
) -> bytes:
    """:func:`render` encoded as UTF-8, what a file receives.

    The W3C collection goes from orjson to the file as bytes: decoding it to
    text and encoding it back would copy the whole document twice (60 ms and
    tens of megabytes for ten thousand annotations).
    """
    if fmt == "json":
        return _collection_json(articles)
    return render(articles, fmt, group).encode("utf-8")


def _collection_json(articles: Sequence[ExportArticle]) -> bytes:
    import orjson

    from reader.export.w3c import to_collection

    options = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE  # no copy to add the newline
    return orjson.dumps(to_collection(articles), option=options)


def gather(
    store: Store,
    *,
    source: str | None,
    tags: Sequence[str] = (),
    colors: Sequence[str] = (),
    data_dir: Path | None = None,
) -> list[ExportArticle]:
    """Collect and filter: the articles an export renders."""
    found = collect(store, source, data_dir=data_dir)
    return [filter_items(a, tags=tags, colors=colors) for a in found]


def export_text(
    store: Store,
    *,
    source: str | None,
    fmt: Format = "markdown",
    group: Group = "section",
    tags: Sequence[str] = (),
    colors: Sequence[str] = (),
    data_dir: Path | None = None,
) -> str:
    """Collect, filter and render in one call (what the CLI and the app use)."""
    articles = gather(store, source=source, tags=tags, colors=colors, data_dir=data_dir)
    return render(articles, fmt, group)
