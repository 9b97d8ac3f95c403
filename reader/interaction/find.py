"""Search in the article text: case-insensitive, literal, with a current match.

Pure (no Textual). ``re`` with an escaped pattern keeps offsets into the
original text (lower-casing the text would not: some characters change
length), and scans megabytes in C.
"""

from __future__ import annotations

import re
from bisect import bisect_left

MAX_MATCHES = 100_000
"""Beyond this many matches the rest are not marked (the count says so)."""


def find_all(text: str, query: str, *, limit: int = MAX_MATCHES) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-overlapping occurrence of ``query``, ignoring case."""
    if not query:
        return []
    found: list[tuple[int, int]] = []
    for match in re.finditer(re.escape(query), text, re.IGNORECASE):
        found.append(match.span())
        if len(found) >= limit:
            break
    return found


class SearchResults:
    """The matches of one query and which of them is current."""

    def __init__(self, query: str, matches: list[tuple[int, int]], *, limit: int = MAX_MATCHES):
        self.query = query
        self.matches = matches
        self.truncated = len(matches) >= limit
        self._starts = [start for start, _end in matches]
        self.current: int | None = None

    def __len__(self) -> int:
        return len(self.matches)

    def first_from(self, offset: int) -> int | None:
        """Make the first match at or after ``offset`` current (wrapping to the first)."""
        if not self.matches:
            self.current = None
            return None
        index = bisect_left(self._starts, offset)
        self.current = index if index < len(self.matches) else 0
        return self.current

    def step(self, direction: int) -> int | None:
        """Next (``1``) or previous (``-1``) match, wrapping around the ends."""
        if not self.matches:
            return None
        if self.current is None:
            self.current = 0 if direction > 0 else len(self.matches) - 1
        else:
            self.current = (self.current + direction) % len(self.matches)
        return self.current

    @property
    def current_span(self) -> tuple[int, int] | None:
        return None if self.current is None else self.matches[self.current]

    def label(self) -> str:
        """The count shown beside the search box: ``3/12``, ``no matches``."""
        if not self.query:
            return ""
        if not self.matches:
            return "no matches"
        total = f"{len(self.matches)}+" if self.truncated else str(len(self.matches))
        position = "-" if self.current is None else str(self.current + 1)
        return f"{position}/{total}"
