"""Gather what an export needs from the store and the articles' files.

Shared by every export (``reader export``, the app's export dialog, the
export before an article is removed) through
:func:`reader.operations.export.export_notes`, so all give the same output.
An article whose file has gone is still exported from the quotes stored
with its annotations.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeAlias

from reader.document.model import Article
from reader.document.sources import path_from_uri, reopen
from reader.export.model import ExportArticle, build_export, filter_items

if TYPE_CHECKING:
    from reader.annotations.model import Annotation
    from reader.store.library import ArticleRecord
    from reader.store.store import Store

Format = Literal["markdown", "json", "jsonl"]
Group = Literal["section", "tag", "none"]
Subject: TypeAlias = "str | Path | Article | ArticleRecord | None"
"""What an export is of: a source to read (a path, a URL, ``-``); an article
already read (the app's); one library record; None: every annotated article
of the library."""


def collect(store: Store, subject: Subject) -> list[ExportArticle]:
    """The ExportArticles of ``subject`` (see :data:`Subject`).

    A source must open (a one-line ReaderError otherwise). An article already
    read is read again from its file when it is a local one, so that the app
    writes what ``reader export FILE`` would; stdin and the web cannot be
    read again, so their text in memory is used. A library record whose file
    is gone is exported from the quotes stored with its annotations.
    """
    if subject is None:
        return [
            _from_record(store, record, anns)
            for record in store.articles()
            if (anns := store.annotations(record.uri))
        ]
    if isinstance(subject, str | Path):
        from reader.document import load_article

        return [_of_article(store, load_article(subject, cache=store.pages))]
    if isinstance(subject, Article):
        return [_of_article(store, _current(subject))]
    return [_from_record(store, subject, store.annotations(subject.uri))]


def _of_article(store: Store, article: Article) -> ExportArticle:
    return build_export(article, article.uri, article.title, store.annotations(article.uri))


def _from_record(store: Store, record: ArticleRecord, anns: list[Annotation]) -> ExportArticle:
    found = reopen(record.uri, record.source, cache=store.pages)
    return build_export(found, record.uri, record.title, anns)


def _current(article: Article) -> Article:
    """``article`` as its local file holds it now; as it is when it has no file."""
    from reader.document import load_article

    local = path_from_uri(article.uri)
    if local is None or not os.path.isfile(local):  # never raises, unlike Path.is_file
        return article
    return load_article(local)


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
    subject: Subject,
    *,
    tags: Sequence[str] = (),
    colors: Sequence[str] = (),
) -> list[ExportArticle]:
    """Collect and filter: the articles an export renders."""
    found = collect(store, subject)
    return [filter_items(a, tags=tags, colors=colors) for a in found]


def export_text(
    store: Store,
    *,
    source: str | None,
    fmt: Format = "markdown",
    group: Group = "section",
    tags: Sequence[str] = (),
    colors: Sequence[str] = (),
) -> str:
    """Collect, filter and render one source (None: the library) to text.

    What the benchmarks time; the app and the command line go through
    :func:`reader.operations.export.export_notes`, which adds the writing.
    """
    articles = gather(store, source, tags=tags, colors=colors)
    return render(articles, fmt, group)
