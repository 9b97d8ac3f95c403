"""Annotations as a Markdown notes file (YAML front matter, one section per group).

Layout of one annotation::

    > the passage, as it reads now

    #tag #other-tag · yellow · paragraph 3

    The note.

Passages and notes are both escaped to literal text (see ``escape``). Notes
are Markdown by intent, but rendering them as Markdown would let a ``#`` line
become a heading of the export, a ``>`` line merge into the quote, ``---``
close the front matter in some tools and raw HTML render; escaping them like
passages is the one choice that can never break the page, and the exported
note reads exactly as the user typed it in the terminal (line breaks kept as
hard breaks). Orphans come last, under their own heading, with their stored
quote.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import groupby
from typing import Literal

from reader.annotations.model import now_iso
from reader.export.escape import (
    blockquote,
    escape_inline,
    escape_line,
    escape_lines,
    yaml_list,
    yaml_quote,
)
from reader.export.model import ExportArticle, ExportItem

Group = Literal["section", "tag", "none"]
GROUPS: tuple[str, ...] = ("section", "tag", "none")

COLLECTION_TITLE = "Reader annotations"
DETACHED_HEADING = "Detached notes"
DETACHED_INTRO = (
    "These passages were not found in the current text of the article; "
    "they are shown as they were when annotated."
)
UNTAGGED_HEADING = "Untagged"
UNTITLED = "Untitled"
SEPARATOR = " · "


def to_markdown(
    articles: Sequence[ExportArticle],
    *,
    group: Group = "section",
    exported: str | None = None,
) -> str:
    """Render ``articles`` as one Markdown document.

    ``exported`` is the time written in the front matter (now when ``None``).
    With several articles each gets its own ``# Title`` and the front matter
    describes the whole export.
    """
    if group not in GROUPS:
        raise ValueError(f"group must be one of {', '.join(GROUPS)}")
    out = _front_matter(articles, exported or now_iso())
    several = len(articles) != 1
    for article in articles:
        out.append("")
        out.append(f"# {_heading(article.title)}")
        if several:
            out += ["", f"Source: {escape_line(article.uri)}"]
        _render_article(out, article, group)
    if not any(a.items for a in articles):
        out += ["", "No annotations."]
    out.append("")  # the final newline, without copying the whole text again
    return "\n".join(out)


def _front_matter(articles: Sequence[ExportArticle], exported: str) -> list[str]:
    items = [i for a in articles for i in a.items]
    lines = ["---"]
    if len(articles) == 1:
        lines.append(f"title: {yaml_quote(_one_line(articles[0].title) or UNTITLED)}")
        lines.append(f"source: {yaml_quote(articles[0].uri)}")
    else:
        lines.append(f"title: {yaml_quote(COLLECTION_TITLE)}")
        lines.append(f"articles: {len(articles)}")
        lines.append(f"sources: {yaml_list([a.uri for a in articles])}")
    lines.append(f"exported: {yaml_quote(exported)}")
    lines.append(f"annotations: {len(items)}")
    lines.append(f"detached: {sum(1 for i in items if i.orphan)}")
    lines.append(f"tags: {yaml_list(_all_tags(items))}")
    lines.append("---")
    return lines


def _render_article(out: list[str], article: ExportArticle, group: Group) -> None:
    attached = article.attached
    if group == "section":
        for title, run in groupby(attached, key=lambda i: _one_line(i.section)):
            out += ["", f"## {_heading(title)}"]
            for item in run:
                _render_item(out, item, show_section=False)
    elif group == "tag":
        for title, members in _by_tag(attached):
            out += ["", f"## {title}"]
            for item in members:
                _render_item(out, item, show_section=True)
    else:
        for item in attached:
            _render_item(out, item, show_section=True)
    if article.orphans:
        out += ["", f"## {DETACHED_HEADING}", "", DETACHED_INTRO]
        for item in article.orphans:
            _render_item(out, item, show_section=True)


def _by_tag(items: Iterable[ExportItem]) -> list[tuple[str, list[ExportItem]]]:
    """Heading and members of each tag group, tags alphabetically, untagged last.

    Tags compare case-insensitively; the first spelling met names the group.
    """
    groups: dict[str, tuple[str, list[ExportItem]]] = {}
    untagged: list[ExportItem] = []
    for item in items:
        tags = item.annotation.tags  # normalised when the annotation was built
        if not tags:
            untagged.append(item)
        for tag in tags:
            groups.setdefault(tag.casefold(), (tag, []))[1].append(item)
    result = [(_hashtag(tag), members) for _, (tag, members) in sorted(groups.items())]
    if untagged:
        result.append((UNTAGGED_HEADING, untagged))
    return result


def _render_item(out: list[str], item: ExportItem, *, show_section: bool) -> None:
    passage = item.text_now
    out.append("")
    if passage and "\n" not in passage:  # most passages: one line, one quoted line
        out.append("> " + escape_line(passage))
    else:
        out += blockquote(escape_lines(passage))
    out += ["", _meta_line(item, show_section)]
    note = item.annotation.note
    if note and not note.isspace():
        out.append("")
        out += escape_lines(note, hard_breaks=True)


def _meta_line(item: ExportItem, show_section: bool) -> str:
    """Tags, colour and place, each escaped as if it began the line, so the
    line is never a block marker whichever part comes first."""
    ann = item.annotation
    colour = _colour(ann.color)
    parts = [" ".join([_hashtag(t) for t in ann.tags]), colour] if ann.tags else [colour]
    place = _place(item, show_section)
    if place:
        parts.append(escape_line(place))
    if item.state == "fuzzy":
        parts.append("approximate match: the text changed since it was annotated")
    return SEPARATOR.join(parts)


def _place(item: ExportItem, show_section: bool) -> str:
    section = _one_line(item.section)
    if item.orphan:
        return f"was in: {section}" if section else ""
    where = []
    if show_section and section:
        where.append(section)
    if item.paragraph is not None:
        where.append(f"paragraph {item.paragraph}")
    return ", ".join(where)


@lru_cache(maxsize=64)
def _colour(color: str) -> str:
    """The colour as shown on the meta line (a handful of names, each escaped once)."""
    return escape_line(_one_line(color) or "no colour")


def _hashtag(tag: str) -> str:
    return "#" + escape_inline("-".join(tag.split()))


def _heading(title: str) -> str:
    return escape_inline(_one_line(title)) or UNTITLED


@lru_cache(maxsize=1024)
def _one_line(text: str) -> str:
    """``text`` with its whitespace runs made single spaces (for titles, sections,
    colours: a few distinct strings met once per annotation, hence the cache)."""
    return " ".join(text.split())


def _all_tags(items: Iterable[ExportItem]) -> list[str]:
    seen: dict[str, str] = {}
    for item in items:
        for tag in item.annotation.tags:
            seen.setdefault(tag.casefold(), tag)
    return [seen[k] for k in sorted(seen)]
