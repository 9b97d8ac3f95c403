"""The articles a benchmark opens, and the screen probes that tell it what it sees.

A probe is text that must be visible. It has to survive whatever layout an
app chooses (a narrower column, a sidebar beside it, wrapping), so probes are
short runs of words from the start of a line (the title's first words) or a
single word that occurs once in the text (from the last paragraph); a
wrapped line never splits those.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.gen import END_MARKER, ensure_article

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "us-military-tanf-2017-06.txt"
_MARKUP = re.compile(r"[*_`\[\]#<>]")
_QUOTES = re.compile(r"[“”‘’\"']")


@dataclass(frozen=True)
class Article:
    """An article on disk plus the probes for first paint and for its end.

    ``highlights``: how many annotations its data folder holds before it opens.
    """

    key: str
    path: Path
    size: int
    first_paint: tuple[str, ...]  # all visible: the app has painted the article's start
    end: tuple[str, ...]  # all visible: the app shows the article's end
    highlights: int = 0


@dataclass(frozen=True)
class ArticleSpec:
    """How to obtain an article (generation is deferred until it is used)."""

    key: str
    describe: str
    runs: int  # first-paint runs by default; medians are taken over them
    quick_runs: int
    make: Callable[[], Path]
    highlights: int = 0  # annotations seeded into the data folder (the reader only)


def title_probe(title: str, limit: int = 24) -> str:
    """The title's first words, at most ``limit`` characters (at least one word).

    Stops before a quotation mark, which an app may render differently.
    """
    words = title.lstrip("#").split()
    probe = words[0]
    for word in words[1:]:
        if len(probe) + 1 + len(word) > limit or _QUOTES.search(word):
            break
        probe += " " + word
    return probe


def body_probe(paragraphs: list[str]) -> str:
    """Three words in a row from the first body paragraph, free of Markdown syntax.

    Apps that render Markdown hide ``*`` and ``_`` while a bare view shows
    them (and may curl quotes), so the probe avoids them to mean the same
    thing in both.
    """
    for para in paragraphs[1:]:
        words = para.split()
        if len(words) < 12:
            continue  # a heading or a short line, not body text
        for i in range(len(words) - 2):
            run = words[i : i + 3]
            if not any(_MARKUP.search(w) or _QUOTES.search(w) for w in run):
                return " ".join(run)
    raise ValueError("no body paragraph to probe")


def end_probe(text: str, paragraphs: list[str]) -> str:
    """``END_MARKER`` if present, else the last long word that occurs once in the text."""
    if END_MARKER in text:
        return END_MARKER
    for word in reversed(paragraphs[-1].split()):
        token = word.strip(".,;:!?()“”\"'")
        if len(token) >= 6 and not _MARKUP.search(token) and text.count(token) == 1:
            return token
    raise ValueError("no unique word in the last paragraph to probe")


def load(key: str, path: Path, highlights: int = 0) -> Article:
    """Read ``path`` and derive its probes."""
    text = path.read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    first = (title_probe(paragraphs[0].splitlines()[0]), body_probe(paragraphs))
    end = (end_probe(text, paragraphs),)
    return Article(key, path, path.stat().st_size, first, end, highlights)


def _generated(size: int, markdown: bool = False) -> Callable[[], Path]:
    return lambda: ensure_article(size, markdown=markdown).path


MB = 1_000_000

# Benchmarks run these in order; add an article with one line here.
ARTICLES: dict[str, ArticleSpec] = {
    spec.key: spec
    for spec in (
        ArticleSpec("sample", "the bundled sample (4.7 KB)", 5, 3, lambda: SAMPLE),
        ArticleSpec("1mb", "generated plain text, 1 MB", 3, 1, _generated(MB)),
        ArticleSpec("1mb-md", "generated Markdown, 1 MB", 3, 1, _generated(MB, markdown=True)),
        ArticleSpec(
            "1mb-md-2k", "generated Markdown, 1 MB, 2,000 highlights", 3, 1,
            _generated(MB, markdown=True), highlights=2_000,
        ),
        ArticleSpec("10mb", "generated plain text, 10 MB", 2, 1, _generated(10 * MB)),
        ArticleSpec(
            "10mb-md", "generated Markdown, 10 MB", 1, 1, _generated(10 * MB, markdown=True)
        ),
    )
}
# Opened once, unmeasured, by apps that cannot open the sample (Markdown only).
WARM_UP_MARKDOWN = "30kb-md"
WARM_UP = ArticleSpec(WARM_UP_MARKDOWN, "generated Markdown, 30 KB", 0, 0,
                      _generated(30_000, markdown=True))


def open_article(key: str) -> Article:
    """The article for ``key``, generating it first if needed."""
    spec = WARM_UP if key == WARM_UP_MARKDOWN else ARTICLES[key]
    return load(key, spec.make(), spec.highlights)
