"""The app's side of the library: its keys, and opening an article from a list.

:class:`LibraryNavigation` is a base of the reader app. It binds ``L``
(library) and ``T`` (tags), and answers the library's messages:
:class:`OpenArticle` loads the article in a worker thread (the same
``load_article`` as the command line, with the data folder for web copies),
places the cursor, and makes it the article on screen; :class:`ShowTags`
shows the tags screen. Only one article is read at a time: opening one
replaces the reading screen at the bottom of the stack and closes the
screens above it, so ``L`` and ``T`` never pile screens up.

A passage is found again by anchoring its annotation in the text as it is
now (the file may have changed since); an orphan opens the article at the
top, with a one-line notice.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

from reader.errors import ReaderError
from reader.ui.dialogs import one_line
from reader.ui.messages import ArticleRemoved, OpenArticle, ShowTags

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.screen import Screen

    from reader.annotations.model import Annotation
    from reader.annotations.tagops import TagHistory
    from reader.document.model import Article
    from reader.store.store import Store

QUOTE_CHARS = 60


def place(article: Article, annotation: Annotation | None, fallback: int) -> tuple[int, str]:
    """Where to open ``article``: at ``annotation``'s passage, else ``fallback``.

    Returns the offset and a notice ("" when there is nothing to say).
    """
    from reader.annotations.anchoring import anchor

    if annotation is None:
        return max(0, min(fallback, len(article.text))), ""
    found = anchor(annotation, article.text)
    if found.attached:
        return found.start, ""
    quote = one_line(annotation.exact, QUOTE_CHARS)
    return 0, f"“{quote}” is no longer in the article: opened at the top"


def article_commands() -> type[Provider]:
    from reader.ui.library.commands import ArticleCommands

    return ArticleCommands


def tag_commands() -> type[Provider]:
    from reader.ui.library.commands import TagCommands

    return TagCommands


def annotation_commands() -> type[Provider]:
    from reader.ui.library.commands import AnnotationCommands

    return AnnotationCommands


LIBRARY_COMMANDS = (article_commands, tag_commands, annotation_commands)


class LibraryNavigation(App[None]):
    """Library and tags screens for the reader app, and opening articles from them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Not in the footer (the reading screen's keys fill it): in the key panel (?).
        Binding("L", "library", "Library", id="app.library", key_display="L", show=False,
                tooltip="every article; / searches every note"),
        Binding("T", "tags", "Tags", id="app.tags", key_display="T", show=False,
                tooltip="every tag and its passages; rename and merge tags"),
    ]

    # Provided by the reader app.
    store: Store
    article: Article
    source: str | None
    data_dir: Path | None

    def __init__(self) -> None:
        super().__init__()
        self._tag_history: TagHistory | None = None

    @property
    def tag_history(self) -> TagHistory:
        """Renames and merges, undoable for the whole session (``u`` on the tags screen)."""
        if self._tag_history is None:
            from reader.annotations.tagops import TagHistory

            self._tag_history = TagHistory()
        return self._tag_history

    def leave_article(self) -> None:
        """Save what belongs to the article on screen before another replaces it."""

    def forget_position(self) -> None:
        """The article on screen left the library: save nothing more for it."""

    def reading_screen(self, article: Article, position: int) -> Screen[Any]:
        raise NotImplementedError

    def library_screen(self, notices: tuple[str, ...] = ()) -> Screen[Any]:
        from reader.ui.library.screen import LibraryScreen

        return LibraryScreen(self.store, data_dir=self.data_dir, notices=notices)

    # -- keys ----------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("library", "tags") and isinstance(self.screen, ModalScreen):
            return False  # answer the dialog first
        if action == "library":
            return not _showing(self.screen, "reader.ui.library.screen", "LibraryScreen")
        if action == "tags":
            return not _showing(self.screen, "reader.ui.tags.screen", "TagsScreen")
        return super().check_action(action, parameters)

    async def action_library(self) -> None:
        from reader.ui.library.screen import LibraryScreen

        if any(isinstance(s, LibraryScreen) for s in self.screen_stack):
            while not isinstance(self.screen, LibraryScreen):
                await self.pop_screen()
            return
        await self.push_screen(self.library_screen())

    async def action_tags(self, tag: str | None = None) -> None:
        from reader.ui.tags.screen import TagsScreen

        screen = self.screen
        if isinstance(screen, TagsScreen):
            screen.reload(tag)
            return
        await self.push_screen(
            TagsScreen(self.store, tag=tag, history=self.tag_history), self._tags_closed
        )

    def _tags_closed(self, changed: bool | None) -> None:
        """Renames may have touched the article on screen: read its notes again."""
        from reader.ui.reading.annotate import AnnotatingScreen

        if changed and isinstance(self.screen, AnnotatingScreen):
            self.screen.open_annotations()

    async def on_show_tags(self, event: ShowTags) -> None:
        await self.action_tags(event.tag)

    # -- opening -------------------------------------------------------------------
    def on_open_article(self, event: OpenArticle) -> None:
        source = event.source or event.uri
        if source == "-" or source.startswith(("stdin:", "urn:x-reader:stdin:")):
            self.notify("that article was read from standard input: it cannot be opened again",
                        severity="warning", markup=False)
            return
        self._load_article(source, event.uri, event.annotation)

    @work(thread=True, exclusive=True, group="open-article")
    def _load_article(self, source: str, uri: str, annotation: Annotation | None) -> None:
        from reader.document import load_article

        try:
            article = load_article(source, data_dir=self.data_dir)
        except ReaderError as exc:
            message = f"cannot open {one_line(source, 80)}: {exc}"
            self.call_from_thread(self.notify, one_line(message, 200), severity="error",
                                  markup=False)
            return
        self.call_from_thread(self._loaded, article, source, annotation)

    def _loaded(self, article: Article, source: str, annotation: Annotation | None) -> None:
        self.run_worker(self.show_article(article, source, annotation), group="show-article")

    async def show_article(
        self, article: Article, source: str, annotation: Annotation | None = None
    ) -> None:
        """Make ``article`` the one on screen, at ``annotation``'s passage if given."""
        self.leave_article()
        position, notice = place(article, annotation, self.store.position(article.uri))
        self.store.remember_article(article.uri, article.title, source)
        self.article, self.source = article, source
        await self._replace_stack(self.reading_screen(article, position))
        if notice:
            self.notify(notice, severity="warning", markup=False)

    async def on_article_removed(self, event: ArticleRemoved) -> None:
        """The article on screen left the library: the library takes its place."""
        if event.uri != self.article.uri:
            return
        self.forget_position()
        from reader.ui.reading.screen import ReadingScreen

        if isinstance(self.screen_stack[0], ReadingScreen):
            await self._replace_stack(self.library_screen())

    async def _replace_stack(self, screen: Screen[Any]) -> None:
        """Close every screen and show ``screen`` alone."""
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        base = self.screen
        if not base._result_callbacks:
            # Textual gives the default screen no result callback, yet
            # switch_screen drops one from the screen it replaces.
            base._push_result_callback(self, None)
        await self.switch_screen(screen)


def _showing(screen: Screen[Any], module: str, name: str) -> bool:
    """Whether ``screen`` is a ``module.name`` screen, without importing the module.

    The keys are checked before the first frame; importing the library and tags
    screens then would delay it. A screen whose module is not loaded yet cannot
    be on show.
    """
    loaded = sys.modules.get(module)
    return loaded is not None and isinstance(screen, getattr(loaded, name))
