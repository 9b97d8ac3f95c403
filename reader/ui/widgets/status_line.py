"""The status line: where you are (section, progress), what you read, and notices.

Everything shown here may come from the article (its title, a section title)
so it is assembled as ``Content`` from plain strings, never markup.
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

SEPARATOR = " · "


class StatusLine(Static):
    """One line above the footer. State is pushed in through the reactives.

    Notices come before the title: on a narrow screen the title is cut first.
    """

    section: reactive[str] = reactive("")
    progress: reactive[int] = reactive(0)
    title: reactive[str] = reactive("")
    notices: reactive[tuple[str, ...]] = reactive(())

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)

    def _refresh_text(self) -> None:
        parts: list[Content] = []
        if self.section:
            parts.append(Content.styled(self.section, "bold"))
        parts.append(Content(f"{self.progress}%"))
        parts.extend(Content.styled(notice, "$text-warning") for notice in self.notices)
        if self.title:
            parts.append(Content.styled(self.title, "italic"))
        self.update(Content(SEPARATOR).join(parts))

    def watch_section(self) -> None:
        self._refresh_text()

    def watch_progress(self) -> None:
        self._refresh_text()

    def watch_title(self) -> None:
        self._refresh_text()

    def watch_notices(self) -> None:
        self._refresh_text()
