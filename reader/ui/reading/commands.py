"""Command palette providers: jump to a section by (fuzzy) name.

Section titles come from the article, so hits are ``Content`` built from the
plain title cleaned of control codes (:mod:`reader.ui.common.plain`; the palette
would parse a ``str`` as markup, and Textual's own ``Matcher.highlight``
does too), with the fuzzy match styled on top. A hit's ``text`` is cleaned
too: choosing a hit puts it in the palette's input.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from reader.ui.common.plain import clean, plain
from reader.ui.reading.screen import ReadingScreen


def highlight(matcher: Matcher, candidate: str) -> Content:
    """``candidate`` as literal Content, the characters the query matched styled.

    Matched on the cleaned candidate, so that the offsets are those shown.
    """
    candidate = clean(candidate)
    content = plain(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if score:
        for offset in offsets:
            if not candidate[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class SectionCommands(Provider):
    """``Section: <title>`` for every section of the article on screen."""

    def _sections(self) -> list[tuple[int, str]]:
        screen = self.screen
        if not isinstance(screen, ReadingScreen):
            return []
        return [
            (index, f"Section: {clean(section.title)}")
            for index, section in enumerate(screen.article.sections)
        ]

    def _jump(self, index: int) -> None:
        screen = self.screen
        if isinstance(screen, ReadingScreen):
            screen.jump_to_section(index)

    async def discover(self) -> Hits:
        for index, title in self._sections():
            yield DiscoveryHit(plain(title), partial(self._jump, index), text=title)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for index, title in self._sections():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, highlight(matcher, title), partial(self._jump, index), text=title)
