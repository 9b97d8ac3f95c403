"""W3C Web Annotation JSON-LD: export (collection, JSON Lines) and import.

Each annotation keeps every field of ours in a standard place: the quote and
position as TextQuoteSelector + TextPositionSelector, tags and the note as
TextualBody with ``purpose`` tagging/commenting, the colour as the target's
``styleClass`` backed by a ``CssStylesheet``. The section title has no W3C
property (``scope`` must be an IRI), so it travels as an extension term,
``reader:section`` on the target, declared in an extra ``@context`` entry as
JSON-LD asks of extensions. Exported positions are the stored ones, not the
current anchor: an export is a faithful copy of the store, and anchoring
relocates the passage when it is read back.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

import orjson

from reader.annotations.clean import BadURI, check_uri, clean_line, clean_text
from reader.annotations.model import (
    COLORS,
    DEFAULT_COLOR,
    Annotation,
    normalise_tags,
    now_iso,
)
from reader.errors import ReaderError
from reader.export.model import ExportArticle

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
READER_NS = "urn:x-reader:"
SECTION_KEY = "reader:section"
CONTEXT: list[Any] = [ANNO_CONTEXT, {"reader": READER_NS}]
DEFAULT_LABEL = "Annotations exported from reader"

# Highlight colours for web viewers; the terminal palette lives in styles/.
PALETTE: dict[str, str] = {
    "yellow": "#fff176",
    "green": "#aed581",
    "blue": "#81d4fa",
    "pink": "#f48fb1",
    "purple": "#ce93d8",
}
# Each annotation carries the one rule its styleClass needs (W3C asks for a
# stylesheet beside any styleClass); the full palette on each would triple
# the size of a large export for nothing.
STYLESHEETS: dict[str, dict[str, str]] = {
    name: {"type": "CssStylesheet", "value": f".{name} {{ background-color: {rgb}; }}"}
    for name, rgb in PALETTE.items()
}
NO_STYLE: dict[str, str] = {"type": "CssStylesheet", "value": ""}
# Characters that JSON leaves raw but line readers treat as line ends.
_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")
# The largest offset the store can write (a signed 64-bit integer).
MAX_OFFSET = 2**63 - 1
_TOO_DEEP = "the JSON is nested too deeply to be annotations"


def _json_escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def annotation_to_w3c(ann: Annotation) -> dict[str, Any]:
    """One annotation as a W3C Web Annotation object."""
    tags = ann.tags  # normalised when the annotation was built
    body: list[dict[str, str]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in tags
    ]
    if ann.note:
        body.append(
            {"type": "TextualBody", "purpose": "commenting", "value": ann.note,
             "format": "text/markdown"}
        )
    selectors: list[dict[str, Any]] = [
        {"type": "TextQuoteSelector", "exact": ann.exact, "prefix": ann.prefix,
         "suffix": ann.suffix}
    ]
    if 0 <= ann.start <= ann.end:
        selectors.append({"type": "TextPositionSelector", "start": ann.start, "end": ann.end})
    target: dict[str, Any] = {"source": ann.article, "selector": selectors,
                              "styleClass": ann.color}
    if ann.section:
        target[SECTION_KEY] = ann.section
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "id": ann.id,
        "type": "Annotation",
        "motivation": "commenting" if ann.note else "tagging" if tags else "highlighting",
        "created": ann.created,
        "modified": ann.modified,
    }
    if body:
        data["body"] = body
    data["target"] = target
    data["stylesheet"] = STYLESHEETS.get(ann.color, NO_STYLE)
    return data


def to_collection(
    articles: Sequence[ExportArticle], *, label: str = DEFAULT_LABEL
) -> dict[str, Any]:
    """An AnnotationCollection holding every item of ``articles`` in one page.

    The collection and page ids are derived from the annotation ids, so the
    same annotations always export to the same document.
    """
    items = [annotation_to_w3c(i.annotation) for a in articles for i in a.items]
    seed = "\n".join(item["id"] for item in items)
    collection_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{READER_NS}collection:{seed}")
    page_id = uuid.uuid5(collection_id, "page-1")
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{collection_id}",
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {
            "id": f"urn:uuid:{page_id}",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }


def to_jsonl(articles: Sequence[ExportArticle]) -> str:
    """JSON Lines: one annotation object per line.

    NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR are written as ``\\u`` escapes:
    JSON allows them raw, but many line readers (Python's ``splitlines``
    among them) would cut a record in two there.
    """
    return "".join(
        _LINE_BREAKS.sub(_json_escape, orjson.dumps(annotation_to_w3c(i.annotation)).decode())
        + "\n"
        for a in articles
        for i in a.items
    )



def parse_w3c(text: str) -> list[Annotation]:
    """Annotations from W3C JSON: one annotation, an array, a collection or page,
    or JSON Lines.

    All or nothing: anything malformed raises :class:`ReaderError` with a
    one-line message naming the annotation and the problem. A missing
    TextPositionSelector gives ``start = end = -1`` (anchor by quote alone).
    Every text field passes the gate of :mod:`reader.annotations.clean`.
    """
    return read_w3c(text)[0]


def read_w3c(text: str) -> tuple[list[Annotation], frozenset[str]]:
    """:func:`parse_w3c`, and the ids of the annotations that came without a time.

    Such an annotation gets the time of the import, which says nothing of
    when it was written: the store never lets it replace a local copy.
    """
    objects = list(_annotation_objects(_load(text.lstrip("\ufeff"))))
    if not objects:
        raise ReaderError("no annotations found in the file")
    anns: list[Annotation] = []
    undated: set[str] = set()
    for n, obj in enumerate(objects, start=1):
        ann, dated = _parse_one(obj, n)
        anns.append(ann)
        if not dated:
            undated.add(ann.id)
    return anns, frozenset(undated)


def _load(text: str) -> Any:
    """The parsed document, or the list of values of a JSON Lines file."""
    if not text.strip():
        raise ReaderError("the file is empty; expected W3C annotation JSON or JSON Lines")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        whole = exc
    except RecursionError:
        raise ReaderError(_TOO_DEEP) from None
    values = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            values.append(json.loads(line))
        except RecursionError:
            raise ReaderError(_TOO_DEEP) from None
        except json.JSONDecodeError as exc:
            # A bad first record means the file is not JSON Lines at all: the
            # error of the whole document is the one that helps.
            err, where = (whole, whole.lineno) if not values else (exc, number)
            raise ReaderError(
                f"not valid JSON at line {where} ({err.msg}); "
                "expected W3C annotation JSON or JSON Lines"
            ) from None
    return values


def _annotation_objects(data: Any) -> Iterator[Any]:
    if isinstance(data, list):
        for value in data:
            if _has_type(value, "AnnotationCollection") or _has_type(value, "AnnotationPage"):
                yield from _annotation_objects(value)
            else:
                yield value
        return
    if not isinstance(data, dict):
        raise ReaderError("expected a W3C annotation, an array or an AnnotationCollection")
    if _has_type(data, "AnnotationCollection"):
        first = data.get("first")
        if first is None:
            yield from _page_items(data, "the collection")
        elif isinstance(first, dict):
            if first.get("next") is not None:
                raise ReaderError("the collection has several pages; only single-page ones import")
            yield from _page_items(first, "the collection's first page")
        else:
            raise ReaderError("the collection's pages are given by reference; embed them")
    elif _has_type(data, "AnnotationPage"):
        yield from _page_items(data, "the annotation page")
    else:
        yield data


def _page_items(page: dict[str, Any], what: str) -> list[Any]:
    items = page.get("items", [])
    if not isinstance(items, list):
        raise ReaderError(f"{what} has no list of items")
    return items


def _has_type(value: Any, name: str) -> bool:
    if not isinstance(value, dict):
        return False
    kind = value.get("type")
    return kind == name or (isinstance(kind, list) and name in kind)


def _parse_one(obj: Any, n: int) -> tuple[Annotation, bool]:
    where = f"annotation {n}"
    if not isinstance(obj, dict):
        raise ReaderError(f"{where} is not a JSON object")
    ann_id = obj.get("id")
    if not isinstance(ann_id, str) or not clean_line(ann_id):
        raise ReaderError(f"{where} has no id")
    where = f"{where} ({_short(ann_id)})"
    if not _has_type(obj, "Annotation"):
        raise ReaderError(f'{where} is not of type "Annotation"')
    target = _target(obj.get("target"), where)
    source = target.get("source")
    if not isinstance(source, str) or not source.strip():
        raise ReaderError(f"{where}: its target has no source")
    try:
        source = check_uri(source)
    except BadURI as exc:
        raise ReaderError(f"{where}: its source {exc}") from None
    quote, position = _selectors(target.get("selector"), where)
    start, end = position if position else (-1, -1)
    tags, note = _bodies(obj, where)
    created = _time(obj.get("created"), "created", where)
    modified = _time(obj.get("modified"), "modified", where)
    section = target.get(SECTION_KEY, "")
    if not isinstance(section, str):
        raise ReaderError(f"{where}: {SECTION_KEY} must be a string")
    dated = bool(created or modified)
    created = created or modified or now_iso()
    exact = clean_text(quote["exact"])
    if not exact:
        raise ReaderError(f"{where}: its TextQuoteSelector holds no text once control "
                          "characters are removed")
    ann = Annotation(
        id=clean_line(ann_id),
        article=source,
        exact=exact,
        start=start,
        end=end,
        prefix=clean_text(quote["prefix"]),
        suffix=clean_text(quote["suffix"]),
        color=_color(target.get("styleClass")),
        tags=normalise_tags(clean_line(tag) for tag in tags),
        note=clean_text(note),
        created=created,
        modified=modified or created,
        section=clean_line(section),
    )
    return ann, dated


def _target(value: Any, where: str) -> dict[str, Any]:
    if isinstance(value, list):
        if len(value) != 1:
            raise ReaderError(f"{where} has {len(value)} targets; only one is supported")
        value = value[0]
    if not isinstance(value, dict):
        raise ReaderError(f"{where}: its target has no TextQuoteSelector")
    return value


def _selectors(value: Any, where: str) -> tuple[dict[str, str], tuple[int, int] | None]:
    selectors = value if isinstance(value, list) else [value]
    quote: dict[str, str] | None = None
    position: tuple[int, int] | None = None
    for sel in selectors:
        if _has_type(sel, "TextQuoteSelector") and quote is None:
            parts = {key: sel.get(key, "") for key in ("exact", "prefix", "suffix")}
            if not all(isinstance(v, str) for v in parts.values()) or not parts["exact"]:
                raise ReaderError(f"{where}: its TextQuoteSelector needs a non-empty exact text")
            quote = parts
        elif _has_type(sel, "TextPositionSelector") and position is None:
            start, end = sel.get("start"), sel.get("end")
            if not (_is_int(start) and _is_int(end) and 0 <= start <= end <= MAX_OFFSET):
                raise ReaderError(
                    f"{where}: its TextPositionSelector needs 0 <= start <= end < 2^63"
                )
            position = (start, end)
    if quote is None:
        raise ReaderError(f"{where}: its target has no TextQuoteSelector")
    return quote, position


def _bodies(obj: dict[str, Any], where: str) -> tuple[list[str], str]:
    value = obj.get("body", [])
    bodies = value if isinstance(value, list) else [value]
    tags: list[str] = []
    notes: list[str] = []
    for body in bodies:
        if not isinstance(body, dict):
            continue  # a body given by IRI has no text to import
        text = body.get("value")
        if text is None:
            continue
        if not isinstance(text, str):
            raise ReaderError(f"{where}: a body's value must be a string")
        purpose = body.get("purpose")
        purposes = purpose if isinstance(purpose, list) else [purpose]
        (tags if "tagging" in purposes else notes).append(text)
    body_value = obj.get("bodyValue")
    if body_value is not None:
        if not isinstance(body_value, str):
            raise ReaderError(f"{where}: bodyValue must be a string")
        notes.append(body_value)
    return tags, "\n\n".join(notes)


def _time(value: Any, name: str, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            if datetime.fromisoformat(value).tzinfo is not None:
                return value
        except ValueError:
            pass
    raise ReaderError(f"{where}: {name} must be an ISO 8601 time with a timezone")


def _color(value: Any) -> str:
    """The first known colour among the style classes; the default otherwise."""
    classes = value if isinstance(value, list) else [value]
    for cls in classes:
        if isinstance(cls, str) and cls.strip().casefold() in COLORS:
            return cls.strip().casefold()
    return DEFAULT_COLOR


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
