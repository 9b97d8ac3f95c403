"""Annotations, W3C-shaped, and the result of anchoring one to an article."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from operator import attrgetter, itemgetter
from typing import Any, Literal

from reader.annotations.clean import check_uri, clean_line, clean_text
from reader.document.sanitize import is_clean

COLORS: tuple[str, ...] = ("yellow", "green", "blue", "pink", "purple")
DEFAULT_COLOR = "yellow"
CONTEXT_CHARS = 32

AnchorState = Literal["anchored", "fuzzy", "orphan"]


def now_iso() -> str:
    """The current time, ISO 8601 with timezone, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def new_id() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def normalise_tags(tags: Any) -> tuple[str, ...]:
    """Cleaned (one line, no control characters), trimmed, empties and
    case-insensitive duplicates dropped, first spelling kept."""
    return _normalised(clean_text(str(tag)) for tag in tags or ())


def _normalised(tags: Iterable[str]) -> tuple[str, ...]:
    """:func:`normalise_tags` of tags known to be clean strings."""
    seen: set[str] = set()
    out: list[str] = []
    for tag in tags:
        t = " ".join(tag.split())
        if t and t.casefold() not in seen:
            seen.add(t.casefold())
            out.append(t)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Annotation:
    """One highlight/tag/note on a passage of one article.

    ``exact``/``prefix``/``suffix`` are the TextQuoteSelector, ``start``/``end``
    the TextPositionSelector at the time of the last save.

    ``tags`` are normalised (:func:`normalise_tags`) by every way the reader
    builds one: ``create``, ``edited``, ``from_dict`` and the W3C import. Code
    reading annotations (export, tag counts) relies on that and does not
    normalise them again.
    """

    id: str
    article: str
    exact: str
    start: int
    end: int
    prefix: str = ""
    suffix: str = ""
    color: str = DEFAULT_COLOR
    tags: tuple[str, ...] = ()
    note: str = ""
    created: str = field(default_factory=now_iso)
    modified: str = field(default_factory=now_iso)
    section: str = ""

    @classmethod
    def create(
        cls,
        article_uri: str,
        text: str,
        start: int,
        end: int,
        *,
        section: str = "",
        color: str = DEFAULT_COLOR,
        tags: tuple[str, ...] = (),
        note: str = "",
    ) -> Annotation:
        """A new annotation over ``text[start:end]`` with its quote context.

        The note and tags are cleaned like imported ones: what the user types
        or pastes may hold escape sequences too.
        """
        stamp = now_iso()
        return cls(
            id=new_id(),
            article=article_uri,
            exact=text[start:end],
            start=start,
            end=end,
            prefix=text[max(0, start - CONTEXT_CHARS) : start],
            suffix=text[end : end + CONTEXT_CHARS],
            color=color,
            tags=normalise_tags(tags),
            note=clean_text(note),
            created=stamp,
            modified=stamp,
            section=clean_line(section),
        )

    def edited(self, **changes: Any) -> Annotation:
        """A copy with ``changes`` applied and ``modified`` bumped (text cleaned)."""
        if "tags" in changes:
            changes["tags"] = normalise_tags(changes["tags"])
        if "note" in changes:
            changes["note"] = clean_text(changes["note"])
        return replace(self, modified=now_iso(), **changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article": self.article,
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "start": self.start,
            "end": self.end,
            "color": self.color,
            "tags": list(self.tags),
            "note": self.note,
            "created": self.created,
            "modified": self.modified,
            "section": self.section,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Annotation:
        """The annotation ``data`` describes (optional fields may be missing, values
        of another type are converted).

        A dict shaped as :meth:`to_dict` writes it (what the store's files
        hold) takes a fast path: with every value already of its type there is
        nothing to convert, and an empty tag list nothing to normalise. Any
        other dict goes through the conversions of :meth:`_from_loose_dict`;
        both give the same annotation.
        """
        try:
            (ann_id, article, exact, start, end, prefix, suffix, color, tags, note,
             created, modified, section) = _stored_values(data)
        except (KeyError, TypeError):
            return cleaned(cls._from_loose_dict(data))
        if (
            type(start) is int  # not bool, not an int subclass: those need int()
            and type(end) is int
            and type(tags) is list
            and created
            and modified
            and type(ann_id) is type(article) is type(exact) is type(prefix) is type(suffix)
            is type(color) is type(note) is type(created) is type(modified) is type(section)
            is str
            and color in _COLOR_SET
        ):
            try:
                raw_tags = " ".join(tags)  # TypeError: a tag that is not a string
            except TypeError:
                return cleaned(cls._from_loose_dict(data))
            ann = cls(ann_id, article, exact, start, end, prefix, suffix, color,
                      _normalised(tags) if tags else (), note, created, modified, section)
            if _looks_clean(ann, raw_tags):
                return ann
        return cleaned(cls._from_loose_dict(data))

    @classmethod
    def _from_loose_dict(cls, data: dict[str, Any]) -> Annotation:
        """``from_dict`` for any dict: converts each value, fills in what is missing."""
        return cls(
            id=str(data["id"]),
            article=str(data["article"]),
            exact=str(data["exact"]),
            start=int(data["start"]),
            end=int(data["end"]),
            prefix=str(data.get("prefix", "")),
            suffix=str(data.get("suffix", "")),
            color=_color(data.get("color")),
            tags=normalise_tags(data.get("tags", ())),
            note=str(data.get("note", "")),
            created=str(data.get("created") or now_iso()),
            modified=str(data.get("modified") or data.get("created") or now_iso()),
            section=str(data.get("section", "")),
        )


_COLOR_SET = frozenset(COLORS)
# Line breaks, the one thing a clean one-line field may not hold beyond what
# ``is_clean`` looks for.
_ONE_LINE_FIELDS = attrgetter("id", "article", "section", "created", "modified")


def _color(value: Any) -> str:
    name = str(value or "").strip().casefold()
    return name if name in _COLOR_SET else DEFAULT_COLOR


def _looks_clean(ann: Annotation, raw_tags: str) -> bool:
    """Whether ``cleaned`` would leave ``ann`` as it is (the store's own records are).

    One sanitiser check over the fields and the tags as stored, joined: a
    regex scan of one string costs far less than one per field, and records
    of the store's own making almost never hold anything to remove.
    """
    one_line = " ".join(_ONE_LINE_FIELDS(ann))
    text = " ".join((one_line, raw_tags, ann.exact, ann.prefix, ann.suffix, ann.note))
    if not is_clean(text) or "\n" in one_line:
        return False
    if not text.isascii() and _SURROGATES.search(text) is not None:
        return False
    return check_uri(ann.article) == ann.article


_SURROGATES = re.compile("[\ud800-\udfff]")


def cleaned(ann: Annotation) -> Annotation:
    """``ann`` with every field through the gate of :mod:`reader.annotations.clean`.

    Raises :class:`~reader.annotations.clean.BadURI` for an article URI the
    reader does not keep.
    """
    return replace(
        ann,
        id=clean_line(ann.id),
        article=check_uri(ann.article),
        exact=clean_text(ann.exact),
        prefix=clean_text(ann.prefix),
        suffix=clean_text(ann.suffix),
        tags=normalise_tags(ann.tags),
        note=clean_text(ann.note),
        created=clean_line(ann.created),
        modified=clean_line(ann.modified),
        section=clean_line(ann.section),
    )


# The fields in constructor order: ``from_dict`` reads a stored dict's values
# in this order and passes them positionally (a test checks it against the class).
_FIELDS = ("id", "article", "exact", "start", "end", "prefix", "suffix", "color", "tags",
           "note", "created", "modified", "section")
_stored_values = itemgetter(*_FIELDS)


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where an annotation lies in the article as it is now."""

    state: AnchorState
    start: int = -1
    end: int = -1

    @property
    def attached(self) -> bool:
        return self.state != "orphan"
