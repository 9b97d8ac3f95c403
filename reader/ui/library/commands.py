"""Command palette providers for the library: articles, tags and annotations.

``Open: <title>`` opens an article, ``Tag: #name`` shows the tag on the tags
screen, ``Note: <passage>`` opens an article at an annotated passage (found
by :mod:`reader.annotations.search` over every article). Each provider asks
the app through a message (:class:`OpenArticle`, :class:`ShowTags`), so it
works on whatever screen the palette was opened from.

Every label is ``Content`` built from plain text cleaned of control codes
(:mod:`reader.ui.common.plain`): the palette would read a ``str`` as markup, and a
title, tag or passage is untrusted. Each hit's ``text`` is cleaned too (the
palette puts it in its input when the hit is chosen). Help lines are fixed
text for the same reason.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from reader.annotations.search import AnnotationSearch, SearchHit
from reader.ui.common.plain import clean, one_line, plain
from reader.ui.messages import OpenArticle, ShowTags
from reader.ui.reading.commands import highlight

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.style import Style

    from reader.store.store import ArticleRecord, Store

LABEL_CHARS = 90
NOTE_HITS = 20
MIN_QUERY = 2


def _store(provider: Provider) -> Store | None:
    from reader.store.store import Store

    store = getattr(provider.app, "store", None)
    return store if isinstance(store, Store) else None


def article_label(record: ArticleRecord) -> str:
    return f"Open: {one_line(record.title or record.uri, LABEL_CHARS)}"


def tag_label(tag: str, count: int) -> str:
    return f"Tag: #{one_line(tag, LABEL_CHARS)} ({count})"


class ArticleCommands(Provider):
    """``Open: <title>`` for every article in the library."""

    def _records(self) -> list[ArticleRecord]:
        store = _store(self)
        return store.articles() if store is not None else []

    def _open(self, record: ArticleRecord) -> None:
        self.app.post_message(OpenArticle(record.uri, record.source))

    async def discover(self) -> Hits:
        for record in self._records():
            label = article_label(record)
            yield DiscoveryHit(plain(label), partial(self._open, record), text=label,
                               help="open this article of the library")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for record in self._records():
            label = article_label(record)
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, highlight(matcher, label), partial(self._open, record),
                          text=label, help="open this article of the library")


class TagCommands(Provider):
    """``Tag: #name (count)`` for every tag: shows its passages on the tags screen."""

    def _tags(self) -> list[tuple[str, int]]:
        store = _store(self)
        return store.tags() if store is not None else []

    def _show(self, tag: str) -> None:
        self.app.post_message(ShowTags(tag))

    async def discover(self) -> Hits:
        for tag, count in self._tags():
            label = tag_label(tag, count)
            yield DiscoveryHit(plain(label), partial(self._show, tag), text=label,
                               help="its passages in every article")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for tag, count in self._tags():
            label = tag_label(tag, count)
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, highlight(matcher, label), partial(self._show, tag),
                          text=label, help="its passages in every article")


def note_display(hit: SearchHit, title: str) -> Content:
    """The passage, then the article it is in (dim), as literal text."""
    passage = one_line(hit.annotation.exact, LABEL_CHARS)
    return Content.assemble(
        ("Note: ", "bold"), plain(passage), "\n",
        plain(f"      {one_line(title, LABEL_CHARS)}", "dim italic"),
    )


class AnnotationCommands(Provider):
    """``Note: <passage>`` for annotations matching the query, in every article.

    The search index is built when the palette opens, in a thread, so a big
    library does not freeze the palette.
    """

    def __init__(self, screen: Screen[Any], match_style: Style | None = None) -> None:
        super().__init__(screen, match_style)
        self._index: AnnotationSearch | None = None
        self._records: dict[str, ArticleRecord] = {}

    async def startup(self) -> None:
        store = _store(self)
        if store is None:
            return
        self._records = {r.uri: r for r in store.articles()}
        self._index = await asyncio.to_thread(lambda: AnnotationSearch(store.all_annotations()))

    def _open(self, hit: SearchHit) -> None:
        ann = hit.annotation
        record = self._records.get(ann.article)
        self.app.post_message(OpenArticle(ann.article, record.source if record else "", ann))

    async def search(self, query: str) -> Hits:
        index = self._index
        if index is None or len(query.strip().lstrip("#")) < MIN_QUERY:
            return
        results = await asyncio.to_thread(index.search, query, limit=NOTE_HITS)
        best = max((h.score for h in results.hits), default=1.0)
        for hit in results.hits:
            record = self._records.get(hit.annotation.article)
            title = record.title if record else hit.annotation.article
            display = note_display(hit, title)
            yield Hit(0.9 * hit.score / best, display, partial(self._open, hit),
                      text=f"Note: {clean(hit.annotation.exact)}",
                      help="open the article at this passage")
