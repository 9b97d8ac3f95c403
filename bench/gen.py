"""Deterministic news-like articles of a chosen size, in plain text and Markdown.

Budgets speak of 1 MB and 10 MB articles; real articles that large are rare,
so they are generated: a title line, then many sections, each a Title Case
subhead (one short line without end punctuation, as the plain-text parser
expects of a heading) followed by paragraphs of sentences. The Markdown
flavour is dense, as real Markdown is: emphasis, strong, links and code in
most paragraphs, now and then a bullet list or a quotation. The same seed and
size give the same bytes, so runs on different days compare. The last
paragraph opens with ``END_MARKER``, which a benchmark waits for after ``G``;
at the start of a line no viewer (not even a pager that cuts words at the
screen edge) splits it.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

END_MARKER = "END-OF-ARTICLE-MARKER"
DATA_DIR = Path(__file__).resolve().parent / ".data"
GENERATOR_VERSION = 2  # bump when the output changes, so cached files are rebuilt


def _words(text: str) -> list[str]:
    return text.split()


_NAMES = _words(
    "Dillon Ratney McGurk Tillerson Haddad Nasser Okafor Lindqvist Moreau Petrova "
    "Castillo Brennan Yilmaz Tanaka Abadi Kowalski Mensah Ferreira Halvorsen Qureshi"
)
_PLACES = _words(
    "Tanf Badia Deir ez-Zor Hama Idlib Amman Baghdad Damascus Euphrates Raqqa Mosul "
    "Geneva Brussels Ankara Beirut Aleppo Homs Daraa Palmyra Kirkuk"
)
_NOUNS = _words(
    "officials forces talks coalition ministry spokesman report convoy border "
    "ceasefire agreement council envoy offensive militia region highway supply "
    "airstrike statement delegation committee inquiry market budget election "
    "harvest shipment pipeline court hearing parliament mission survey"
)
_VERBS = _words(
    "said announced confirmed denied reported warned insisted suggested noted "
    "claimed estimated acknowledged argued revealed questioned expected"
)
_ADJS = _words(
    "senior regional eastern northern southern local foreign military civilian "
    "diplomatic economic sparsely-populated independent temporary unclear "
    "long-awaited contested"
)
_FILLER = _words(
    "on Thursday that the in a of to and for with after before during while "
    "near across since about around under"
)
_SMALL = {"of", "the", "in", "on", "and", "for", "to", "a", "at", "over"}


def _word(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.30:
        return rng.choice(_FILLER)
    if roll < 0.55:
        return rng.choice(_NOUNS)
    if roll < 0.70:
        return rng.choice(_ADJS)
    if roll < 0.82:
        return rng.choice(_VERBS)
    if roll < 0.91:
        return rng.choice(_PLACES)
    return rng.choice(_NAMES)


def sentence(rng: random.Random) -> str:
    """One sentence of 8-28 words, now and then a quotation or with a number."""
    words = [_word(rng) for _ in range(rng.randint(8, 28))]
    if rng.random() < 0.2:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2, 90_000):,}")
    text = " ".join(words)
    text = text[0].upper() + text[1:]
    if rng.random() < 0.12:
        return f"{rng.choice(_NAMES)} said, “{text}.”"
    return text + rng.choice(".....?")


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 6)))


_LINK_HOSTS = ("example.org/news", "example.com/world", "example.net/archive")


def dense(para: str, rng: random.Random) -> str:
    """``para`` with Markdown inline markup on a few of its words."""
    words = para.split(" ")
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(words))
        word = words[i]
        if not word.isalpha():
            continue  # keep punctuation and quotes outside the markup
        roll = rng.random()
        if roll < 0.35:
            words[i] = f"*{word}*"
        elif roll < 0.6:
            words[i] = f"**{word}**"
        elif roll < 0.85:
            words[i] = f"[{word}](https://{rng.choice(_LINK_HOSTS)}/{rng.randint(1, 99_999)})"
        else:
            words[i] = f"`{word}`"
    return " ".join(words)


def markdown_block(rng: random.Random) -> str:
    """A paragraph, now and then a bullet list or a quotation, with inline markup."""
    roll = rng.random()
    if roll < 0.08:
        return "\n".join(f"- {dense(sentence(rng), rng)}" for _ in range(rng.randint(3, 5)))
    if roll < 0.14:
        return "> " + dense(paragraph(rng), rng)
    return dense(paragraph(rng), rng)


def heading(rng: random.Random) -> str:
    """A Title Case subhead of 3-8 words with no closing punctuation."""
    words = [rng.choice(_NOUNS + _PLACES + _ADJS + list(_SMALL)) for _ in range(rng.randint(3, 8))]
    titled = [w if (i and w in _SMALL) else w[0].upper() + w[1:] for i, w in enumerate(words)]
    return " ".join(titled)


@dataclass(frozen=True)
class Generated:
    """What a benchmark needs to know about a generated article."""

    path: Path
    title: str
    sections: int
    size: int


def generate(size: int, *, markdown: bool = False, seed: int = 2017) -> tuple[str, str, int]:
    """(text, title, number of sections) of at most ``size`` UTF-8 bytes.

    Sections are added while they fit, so the result falls short of ``size``
    by less than a heading and a paragraph (under 2 KB). It always ends with
    a paragraph holding ``END_MARKER``.
    """
    rng = random.Random(f"{seed}:{size}:{markdown}")
    title = f"Generated Dispatch {size // 1000} KB: {heading(rng)}"
    closing = f"{END_MARKER} opens the last paragraph. {paragraph(rng)}"
    parts = [f"# {title}" if markdown else title]
    used = len(parts[0].encode()) + len(closing.encode()) + 3  # separators, final newline
    sections = 0
    full = False
    while not full:
        head = f"## {heading(rng)}" if markdown else heading(rng)
        para = paragraph(rng)
        if used + len(head.encode()) + len(para.encode()) + 4 > size:
            break
        parts.append(head)
        used += len(head.encode()) + 2
        sections += 1
        for _ in range(rng.randint(3, 8)):
            if markdown:
                para = markdown_block(rng)
            cost = len(para.encode()) + 2
            if used + cost > size:
                full = True
                break
            parts.append(para)
            used += cost
            para = paragraph(rng)
    parts.append(closing)
    return "\n\n".join(parts) + "\n", title, sections


def ensure_article(size: int, *, markdown: bool = False, directory: Path = DATA_DIR) -> Generated:
    """The generated article file for ``size``, written once and then reused.

    A small JSON file beside it keeps the title and section count, so a
    cached 10 MB article is not generated again just to learn its title.
    """
    suffix = "md" if markdown else "txt"
    path = directory / f"article-{size}-v{GENERATOR_VERSION}.{suffix}"
    meta_path = path.with_name(path.name + ".json")
    if path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("size") == path.stat().st_size:
            return Generated(path, meta["title"], meta["sections"], meta["size"])
    text, title, sections = generate(size, markdown=markdown)
    data = text.encode()
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob(f"article-{size}-v*.{suffix}*"):  # earlier generator versions
        if not old.name.startswith(path.name):
            old.unlink(missing_ok=True)
    for target, payload in (
        (path, data),
        (meta_path, json.dumps({"title": title, "sections": sections, "size": len(data)}).encode()),
    ):
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(payload)
        tmp.replace(target)
    return Generated(path, title, sections, len(data))
