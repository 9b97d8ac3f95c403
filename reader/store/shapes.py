"""What the store's kinds of file look like, checked once when one is read.

A file can be valid JSON and still not be ours: a table renamed by hand, a
sync tool's merge, a bit flipped in a digit. Read as it is, such a file
shows an empty article or crashes the library, and the next write would
rotate it into ``.bak`` over the last good copy. The storage therefore asks
a :class:`Shape` about every file (and backup) it reads, and treats a wrong
one as damaged: moved aside, the backup restored, the user told.

The rule, per file:

- **tables are a closed set** per kind of file (``library.json``: articles,
  settings; an article file: annotations, meta; ``feeds.json``: feeds, meta;
  a feed's entries file: entries, meta). A table may be missing (a
  file where nothing was written yet, even ``{}``) but an unknown one means
  the file is not ours, or was renamed: damaged. A newer format that adds a
  table must bump ``meta.format`` and teach this module first.
- **every table is a dict of doc id (decimal string) -> record (dict)**.
- **records are open, their known fields are typed**: extra fields are
  fine (another version may add some) and missing fields are the loader's
  business (it fills optional ones and skips records without the required
  ones, leaving them in the file). A known field of the wrong type (``start``
  as a string, ``tags`` as a string, null for a note) is damage.
- **one bad record damages the whole file**, even among thousands. Every
  version of reader writes every field with its type, so a wrong type
  anywhere says something else wrote the file and none of it can be
  trusted more than the rest; the file is recovered as one (its backup is
  the last version reader wrote), and kept aside byte for byte, with the
  first bad record named in the notice so it can be repaired by hand.
  Skipping just that record instead would leave a foreign file in place, to
  be rewritten and backed up with its damage.

The check is a plain loop over records: annotations go through a fast path
that looks at every known field with one ``itemgetter`` call and identity
tests on types (under 1 µs a record), since a 10,000-annotation article is
loaded on open; feed entries, tens of thousands listed at once, likewise.
The table names are repeated here rather than imported, as shard.py,
library.py, feeds.py and entries.py import the backend that imports this
module; a test checks they agree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import orjson

ANNOTATIONS, META = "annotations", "meta"
ARTICLES, SETTINGS = "articles", "settings"
FEEDS, ENTRIES = "feeds", "entries"

Data = dict[str, dict[str, Any]]  # a parsed file: TinyDB's tables of {doc id: record}
Check = Callable[[Data], str | None]  # a parsed file -> what is wrong with it, or None
TableCheck = Callable[[dict[str, Any]], str | None]  # one table -> what is wrong, or None

_JSON_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true/false",
               list: "a list", dict: "an object", type(None): "null"}


def parse(raw: bytes, shape: Check | None) -> tuple[Data | None, str]:
    """The tables in ``raw`` and "", or None and why it is damaged (for the notice)."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None, "empty" if not raw else "not valid JSON"
    if not isinstance(data, dict):
        return None, "wrong shape: not a JSON object"
    for name, table in data.items():
        if not isinstance(table, dict):
            return None, f"wrong shape: table {shown(name)} is {_kind(table)}, not an object"
    if shape is not None and (problem := shape(data)) is not None:
        return None, f"wrong shape: {problem}"
    return data, ""


def shown(name: object) -> str:
    """A name from the file as it may appear on a terminal: quoted, escaped, short."""
    text = repr(name)
    return text if len(text) <= 40 else text[:37] + "..."


def _kind(value: object) -> str:
    return _JSON_NAMES.get(type(value), type(value).__name__)


def _fields_problem(
    doc: object, fields: Mapping[str, type], required: tuple[str, ...]
) -> str | None:
    """What is wrong with one record given its known fields' types (bool is no int)."""
    if type(doc) is not dict:
        return f"is {_kind(doc)}, not a record"
    for name in required:
        if name not in doc:
            return f"has no {name}"
    for name, want in fields.items():
        if name in doc and type(doc[name]) is not want:
            return f"{name} is {_kind(doc[name])}, not {_JSON_NAMES[want]}"
    return None


def _records(check: Callable[[Any], str | None]) -> TableCheck:
    """A table check calling ``check`` on every record (for the small tables)."""

    def table_problem(table: dict[str, Any]) -> str | None:
        for doc_id, doc in table.items():
            if (problem := check(doc)) is not None:
                return f"record {shown(doc_id)} {problem}"
        return None

    return table_problem


# -- article files ---------------------------------------------------------------

_ANN_STR = ("id", "article", "exact", "prefix", "suffix", "color", "note", "created",
            "modified", "section")
ANNOTATION_FIELDS: dict[str, type] = {
    **dict.fromkeys(_ANN_STR, str), "start": int, "end": int, "tags": list,
}
_ann_values = itemgetter(*_ANN_STR, "start", "end", "tags")


def _annotation_problem(doc: object) -> str | None:
    """The slow, precise check of one annotation record (any dict, fields may be missing)."""
    problem = _fields_problem(doc, ANNOTATION_FIELDS, ())
    if problem is None and isinstance(doc, dict):
        for tag in doc.get("tags", ()):
            if type(tag) is not str:
                return f"tags hold {_kind(tag)}, not strings"
    return problem


def _annotations_problem(table: dict[str, Any], _str: type = str, _int: type = int) -> str | None:
    """Every record of an annotations table; the fast path is a record as ``to_dict`` writes it."""
    for doc_id, doc in table.items():
        try:
            a, b, c, d, e, f, g, h, i, j, start, end, tags = _ann_values(doc)
        except (KeyError, TypeError):  # a field missing, or not a dict at all
            problem = _annotation_problem(doc)
        else:
            if (
                type(a) is type(b) is type(c) is type(d) is type(e) is type(f) is type(g)
                is type(h) is type(i) is type(j) is _str
                and type(start) is type(end) is _int
                and type(tags) is list
            ):
                for tag in tags:
                    if type(tag) is not _str:
                        break
                else:
                    continue
            problem = _annotation_problem(doc)
        if problem is not None:
            return f"record {shown(doc_id)} {problem}"
    return None


META_FIELDS: dict[str, type] = {"uri": str, "format": int}

# -- library.json ------------------------------------------------------------------

ARTICLE_FIELDS: dict[str, type] = {
    "uri": str, "key": str, "title": str, "source": str, "count": int,
    "last_opened": str, "position": int, "tags": dict,
}


def _article_problem(doc: object) -> str | None:
    """An article record: typed fields, uri required (the library indexes by it),
    tag counts as ``[spelling, count(, since)]`` and the fingerprint null or 3 ints."""
    problem = _fields_problem(doc, ARTICLE_FIELDS, ("uri",))
    if problem is not None or not isinstance(doc, dict):
        return problem
    for folded, entry in doc.get("tags", {}).items():
        if not (
            type(entry) is list
            and len(entry) in (2, 3)
            and type(entry[0]) is str
            and type(entry[1]) is int
            and (len(entry) == 2 or type(entry[2]) is str)
        ):
            return f"tag {shown(folded)} is not [name, count, since]"
    sig = doc.get("shard")
    if sig is not None and not (
        type(sig) is list and len(sig) == 3 and all(type(n) is int for n in sig)
    ):
        return "shard is not null or three integers"
    return None


def _setting_problem(doc: object) -> str | None:
    return None if type(doc) is dict else f"is {_kind(doc)}, not a record"


# -- feeds.json and entries/<key>.json ----------------------------------------------

SUBSCRIPTION_FIELDS: dict[str, type] = {
    **dict.fromkeys(("url", "title", "etag", "last_modified", "checked", "retry_after", "error"),
                    str),
    "tags": list,
}
FEEDS_META_FIELDS: dict[str, type] = {"format": int}


def _subscription_problem(doc: object) -> str | None:
    """A subscription: typed fields, url required (it is the key), tags strings."""
    problem = _fields_problem(doc, SUBSCRIPTION_FIELDS, ("url",))
    if problem is None and isinstance(doc, dict):
        for tag in doc.get("tags", ()):
            if type(tag) is not str:
                return f"tags hold {_kind(tag)}, not strings"
    return problem


_ENTRY_STR = ("id", "feed", "guid", "link", "title", "published", "author", "summary",
              "content", "added")
_ENTRY_BOOL = ("full", "read", "starred")
ENTRY_FIELDS: dict[str, type] = {**dict.fromkeys(_ENTRY_STR, str),
                                 **dict.fromkeys(_ENTRY_BOOL, bool)}
ENTRIES_META_FIELDS: dict[str, type] = {"feed": str, "format": int}
_entry_values = itemgetter(*_ENTRY_STR, *_ENTRY_BOOL)


def _entries_problem(table: dict[str, Any], _str: type = str, _bool: type = bool) -> str | None:
    """Every record of an entries table; the fast path is a record as the store writes it."""
    for doc_id, doc in table.items():
        try:
            a, b, c, d, e, f, g, h, i, j, full, read, starred = _entry_values(doc)
        except (KeyError, TypeError):  # a field missing, or not a dict at all
            problem = _fields_problem(doc, ENTRY_FIELDS, ())
        else:
            if (
                type(a) is type(b) is type(c) is type(d) is type(e) is type(f) is type(g)
                is type(h) is type(i) is type(j) is _str
                and type(full) is type(read) is type(starred) is _bool
            ):
                continue
            problem = _fields_problem(doc, ENTRY_FIELDS, ())
        if problem is not None:
            return f"record {shown(doc_id)} {problem}"
    return None


# -- the shapes ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Shape:
    """The tables one kind of file may hold, each with the check of its records.

    Called on a parsed file (:func:`parse` has seen it is a dict of dicts):
    what is wrong with it, in a few words for the user, or None when good.
    """

    tables: Mapping[str, TableCheck]

    def __call__(self, data: dict[str, Any]) -> str | None:
        for name, table in data.items():
            check = self.tables.get(name)
            if check is None:
                return f"unknown table {shown(name)}"
            if not all(map(str.isdecimal, table)):
                bad = next(key for key in table if not key.isdecimal())
                return f"{name} has {shown(bad)} where a document id should be"
            if (problem := check(table)) is not None:
                return f"{name} {problem}"
        return None


ARTICLE_FILE = Shape({
    ANNOTATIONS: _annotations_problem,
    META: _records(lambda doc: _fields_problem(doc, META_FIELDS, ())),
})
LIBRARY_FILE = Shape({ARTICLES: _records(_article_problem), SETTINGS: _records(_setting_problem)})
FEEDS_FILE = Shape({
    FEEDS: _records(_subscription_problem),
    META: _records(lambda doc: _fields_problem(doc, FEEDS_META_FIELDS, ())),
})
ENTRIES_FILE = Shape({
    ENTRIES: _entries_problem,
    META: _records(lambda doc: _fields_problem(doc, ENTRIES_META_FIELDS, ())),
})
