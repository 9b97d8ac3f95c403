"""Data folders for benchmarks: highlights on an article, libraries of 10,000 and more.

Budgets say a key must cost the same with 0 and 100,000 annotations in the
library, and an article must open as fast with 2,000 highlights. So the data
folder is filled before the program starts, through the reader's own Store
API (what ``reader import`` uses), never by writing its files by hand.

Annotations are built directly rather than with ``Annotation.create``: a
uuid4 and a clock read per annotation would cost seconds at 100,000, and
fixed ids and times make every run seed the same bytes. Quotes, prefixes and
suffixes are real passages (sentences) of a real article, so anchoring and
export do their real work.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.annotations.model import Annotation
    from reader.document.model import Article

STAMP = "2017-06-09T12:00:00+00:00"
PER_ARTICLE = 1_000  # a library's annotations are spread this many per article
SKIP_SENTENCES = 30  # the first sentences stay clear: the keys are timed there
LIBRARY_URI = "file:///reader-bench/library/article-{:04d}.txt"
_NAMESPACE = uuid.UUID("6f6a0c52-7d5e-4c1e-9a53-2b8b1f0e0b17")


def body_sentences(article: Article) -> list[tuple[int, int]]:
    """The sentences of the article's body paragraphs, in order."""
    return [s for b in article.blocks if b.kind == "paragraph" for s in b.sentences]


def _id(seed: str, n: int) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{seed}:{n}')}"


def annotations_on(
    article: Article,
    count: int,
    *,
    uri: str | None = None,
    seed: str = "bench",
    skip: int = SKIP_SENTENCES,
    stride: int = 3,
) -> list[Annotation]:
    """``count`` annotations over ``article``'s sentences (every ``stride``-th,
    wrapping to shorter passages when there are more annotations than sentences).

    ``uri`` files them under another article (a library entry) while quoting
    this one's text. A quarter carry a tag, a fifth a note; colours rotate.
    """
    from reader.annotations.model import COLORS, CONTEXT_CHARS, Annotation

    spans = body_sentences(article)[skip:]
    if not spans:
        raise ValueError("the article has too few sentences to annotate")
    text = article.text
    out = []
    for i in range(count):
        turn, slot = divmod(i * stride, len(spans))
        start, end = spans[slot]
        end = start + max(1, (end - start) // (turn // stride + 1))  # later turns: shorter
        out.append(Annotation(
            id=_id(seed, i),
            article=uri or article.uri,
            exact=text[start:end],
            start=start,
            end=end,
            prefix=text[max(0, start - CONTEXT_CHARS) : start],
            suffix=text[end : end + CONTEXT_CHARS],
            color=COLORS[i % len(COLORS)],
            tags=(f"topic-{i % 40}",) if i % 4 == 0 else (),
            note=f"Bench note {i}: worth a second look." if i % 5 == 0 else "",
            created=STAMP,
            modified=STAMP,
            section="",
        ))
    return out


def library(source: Article, total: int, *, per_article: int = PER_ARTICLE) -> list[Annotation]:
    """``total`` annotations spread over ``total / per_article`` library articles.

    The articles are named by uri only (no files): the library index and the
    per-article files are what a large library costs the reader.
    """
    out: list[Annotation] = []
    for n in range(0, total, per_article):
        uri = LIBRARY_URI.format(n // per_article)
        out.extend(annotations_on(source, min(per_article, total - n), uri=uri, seed=uri))
    return out


def seed(root: Path, anns: Sequence[Annotation], titles: dict[str, str] | None = None) -> None:
    """Write ``anns`` into the data folder ``root`` and name their articles."""
    from reader.store.store import Store

    store = Store.open(root, mode="cli")
    try:
        store.import_annotations(anns)
        for uri in sorted({a.article for a in anns}):
            title = (titles or {}).get(uri) or uri.rsplit("/", 1)[-1]
            store.remember_article(uri, title, uri, opened=False)
    finally:
        store.close()


def w3c_collection(anns: Iterable[Annotation]) -> dict[str, Any]:
    """A W3C AnnotationCollection of ``anns``, as ``reader export --format json`` writes."""
    from reader.export.w3c import CONTEXT, annotation_to_w3c

    items = [annotation_to_w3c(a) for a in anns]
    return {
        "@context": CONTEXT,
        "id": _id("collection", len(items)),
        "type": "AnnotationCollection",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
