"""The ``reader outline`` view of an article: what the parsers found.

It shows the detected title, sections, labels and block kinds, so a user
can see why an article was split the way it was, and scripts can read the
same as JSON.
"""

from __future__ import annotations

from typing import Any

from reader.document.model import Article

PREVIEW_CHARS = 60


def outline_dict(article: Article) -> dict[str, Any]:
    """The outline as plain data (the ``--json`` output)."""
    text = article.text
    return {
        "title": article.title,
        "uri": article.uri,
        "sections": [
            {
                "title": section.title,
                "label": section.label,
                "start": section.start,
                "end": section.end,
                "blocks": [
                    {
                        "kind": block.kind,
                        "start": block.start,
                        "end": block.end,
                        "text": text[block.start : block.end],
                    }
                    for block in article.blocks[section.first_block : section.last_block + 1]
                ],
            }
            for section in article.sections
        ],
    }


def format_outline(article: Article) -> str:
    """A readable tree: title, then each section with its label and blocks."""
    lines = [article.title, f"  {article.uri}"]
    lines.extend(f"  note: {notice}" for notice in article.notices)
    kind_width = max((len(b.kind) for b in article.blocks), default=0)
    for number, section in enumerate(article.sections, 1):
        lines.append("")
        lines.append(f"{number}. [{section.label}] {section.title}")
        for block in article.blocks[section.first_block : section.last_block + 1]:
            kind = block.kind if block.kind != "heading" else f"h{block.level}"
            if block.kind == "list_item" and block.level > 1:
                kind = f"{kind}:{block.level}"
            preview = preview_text(article.text[block.start : block.end])
            lines.append(f"   {kind:<{kind_width}}  {preview}")
    return "\n".join(lines)


def preview_text(chunk: str, width: int = PREVIEW_CHARS) -> str:
    """One line of at most ``width`` characters, cut at a word with an ellipsis."""
    flat = " ".join(chunk.split())
    if len(flat) <= width:
        return flat
    cut = flat.rfind(" ", 0, width - 1)
    cut = cut if cut >= width // 2 else width - 1
    return flat[:cut] + " …"
