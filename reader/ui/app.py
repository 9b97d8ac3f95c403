"""The Textual application and ``make_app``, the one way to build it.

``make_app`` does everything that can fail with a user mistake (open the
store, choose and read the article: :func:`reader.operations.opening.start`)
*before* the app runs, so the command line can print one line and exit
instead of drawing a screen to show an error. The app owns the store:
widgets report the reading position with messages and only the app writes
it.

The app also answers the library's messages: :class:`OpenArticle` opens the
article in a worker thread (:func:`~reader.operations.opening.open_article`,
as start-up does), which posts :class:`ArticleLoaded` back; the article
then replaces every screen (:func:`reader.ui.library.opening.replace_stack`).
:class:`ShowTags` shows the tags screen.
"""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import get_current_worker

from reader.errors import ReaderError
from reader.operations.opening import STDIN_NOTICE, Opened, open_article, remember, reopenable
from reader.resources import stylesheet
from reader.ui.common.plain import clean, one_line
from reader.ui.common.stylesheets import FIRST, read_later
from reader.ui.common.themes import DEFAULT_THEME, THEMES, other_theme
from reader.ui.library.opening import LIBRARY_COMMANDS, library_key_allowed, replace_stack
from reader.ui.messages import ArticleLoaded, ArticleRemoved, CursorMoved, OpenArticle, ShowTags
from reader.ui.reading.screen import ReadingScreen

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.command import Provider

    from reader.annotations.model import Annotation
    from reader.annotations.tagops import TagHistory
    from reader.document.model import Article
    from reader.store.store import Store

THEME_SETTING = "theme"
SAVE_DELAY = 0.5
"""Seconds between reading-position writes while the cursor moves."""


def _section_commands() -> type[Provider]:
    """The palette's section provider, imported when the palette first opens."""
    from reader.ui.reading.commands import SectionCommands

    return SectionCommands


class ReaderApp(App[None]):
    """Reads one article at a time, or starts in the library; built by :func:`make_app`."""

    TITLE = "reader"
    CSS_PATH: ClassVar[list[str | PurePath]] = [stylesheet(name) for name in FIRST]
    COMMANDS = App.COMMANDS | {_section_commands, *LIBRARY_COMMANDS}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="the reading position is saved"),
        Binding("question_mark", "toggle_keys", "Keys", id="app.keys", key_display="?",
                tooltip="show or hide this list"),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False, id="app.theme",
                tooltip="light or dark"),
        # Not in the footer (the reading screen's keys fill it): in the key panel (?).
        Binding("L", "library", "Library", id="app.library", key_display="L", show=False,
                tooltip="every article; / searches every note"),
        Binding("T", "tags", "Tags", id="app.tags", key_display="T", show=False,
                tooltip="every tag and its passages; rename and merge tags"),
    ]

    def __init__(
        self,
        opened: Opened | None,
        store: Store,
        *,
        notices: Iterable[str] = (),
        owns_store: bool = True,
        theme: str | None = None,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.opened = opened
        """The article on screen, where it opened; None until one is (a library start)."""
        self.store = store
        self.data_dir = data_dir
        """The data folder (exports of articles that are not local files go there)."""
        self.owns_store = owns_store
        self.notices = tuple(notices)
        """Said once, by the first screen."""
        for custom in THEMES:
            self.register_theme(custom)
        saved = store.setting(THEME_SETTING, DEFAULT_THEME)
        chosen = theme or (saved if saved in self.available_themes else DEFAULT_THEME)
        self._save_theme = theme is None  # a theme forced by the caller is not saved
        self.theme = chosen
        # The stylesheet was made for Textual's default theme; give it this one's
        # variables before its first parse, so the re-parse the theme change queued
        # has nothing left to do (see refresh_css): the CSS is parsed once, not twice.
        self._first_variables: dict[str, str] | None = self.get_css_variables()
        self.stylesheet.set_variables(self._first_variables)
        self._position: int | None = None
        self._save_timer: Timer | None = None
        self._persisted = False
        self._tag_history: TagHistory | None = None

    @property
    def article(self) -> Article | None:
        """The article on screen (None until one is opened, after a library start)."""
        return self.opened.article if self.opened else None

    @property
    def source(self) -> str | None:
        """What reopens the article on screen (a path, a URL, ``-``)."""
        return self.opened.source if self.opened else None

    @property
    def tag_history(self) -> TagHistory:
        """Renames and merges, undoable for the whole session (``u`` on the tags screen)."""
        if self._tag_history is None:
            from reader.annotations.tagops import TagHistory

            self._tag_history = TagHistory()
        return self._tag_history

    def refresh_css(self, animate: bool = True) -> None:
        """Skip the start-up re-parse when the theme's variables are already in place."""
        first, self._first_variables = self._first_variables, None
        if first is not None and first == self.get_css_variables():
            return
        super().refresh_css(animate)

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        read_later(self)  # every screen pushed over the first one is styled by a later sheet
        return super().push_screen(*args, **kwargs)

    def get_default_screen(self) -> Screen[Any]:
        if self.opened is None:
            read_later(self)
            return self.library_screen(notices=self.notices)
        return self.reading_screen(self.opened)

    def reading_screen(self, opened: Opened) -> Screen[Any]:
        return ReadingScreen(
            opened.article, self.store, position=opened.position, notices=self.notices,
            source=opened.source, data_dir=self.data_dir,
        )

    def library_screen(self, notices: tuple[str, ...] = ()) -> Screen[Any]:
        from reader.ui.library.screen import LibraryScreen

        return LibraryScreen(self.store, data_dir=self.data_dir, notices=notices)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification, from any screen, cleaned of control codes.

        Messages quote titles, tags, paths and error text; a toast shows its
        ``str`` as it is (``markup=False`` only stops markup), so an escape
        sequence in one would reach the terminal.
        """
        super().notify(clean(message), title=clean(title), severity=severity,
                       timeout=timeout, markup=markup)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Toggle light/dark", "Switch between the reader's light and dark theme",
            self.action_toggle_theme,
        )

    # -- reading position -----------------------------------------------------
    def on_cursor_moved(self, event: CursorMoved) -> None:
        self._position = event.start
        if self._save_timer is None:
            self._save_timer = self.set_timer(SAVE_DELAY, self._save_position)

    def _save_position(self) -> None:
        self._save_timer = None
        if self._position is not None and self.opened is not None:
            self.store.set_position(self.opened.article.uri, self._position)

    def leave_article(self) -> None:
        """Save the position in the article on screen before another one replaces it."""
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_position()
        self._position = None
        self.notices = ()

    def forget_position(self) -> None:
        """The article on screen left the library: save nothing more for it."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self._position = None

    def _persist(self) -> None:
        """Write the position, flush and (if ours) close the store; runs once."""
        if self._persisted:
            return
        self._persisted = True
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_position()
        if not self.store.read_only:
            self.store.flush()
        if self.owns_store:
            self.store.close()

    async def action_quit(self) -> None:
        self._persist()
        self.exit()

    def on_unmount(self) -> None:
        self._persist()

    # -- keys and looks -------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = library_key_allowed(self.screen, action)
        return super().check_action(action, parameters) if allowed is None else allowed

    def action_toggle_keys(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_toggle_theme(self) -> None:
        self.theme = other_theme(self.theme, dark=self.current_theme.dark)

    def watch_theme(self, name: str) -> None:
        if self._save_theme and self.is_running and not self.store.read_only:
            self.store.set_setting(THEME_SETTING, name)

    # -- library and tags ---------------------------------------------------------
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
        if changed and isinstance(self.screen, ReadingScreen):
            self.screen.open_annotations()

    async def on_show_tags(self, event: ShowTags) -> None:
        await self.action_tags(event.tag)

    # -- opening an article -------------------------------------------------------
    def on_open_article(self, event: OpenArticle) -> None:
        source = reopenable(event.uri, event.source)
        if source is None:
            self.notify(STDIN_NOTICE, severity="warning", markup=False)
            return
        self._save_position()  # reopening the article on screen starts where it is now
        self._open_article(source, event.annotation)

    @work(thread=True, exclusive=True, group="open-article")
    def _open_article(self, source: str, annotation: Annotation | None) -> None:
        """Read and place the article off the screen's thread; the answer is a message."""
        try:
            opened = open_article(self.store, source, annotation=annotation)
        except ReaderError as exc:
            message = one_line(f"cannot open {one_line(source, 80)}: {exc}", 200)
            self.post_message(ArticleLoaded(None, message))
            return
        if not get_current_worker().is_cancelled:  # another article was asked for since
            self.post_message(ArticleLoaded(opened))

    async def on_article_loaded(self, event: ArticleLoaded) -> None:
        if event.opened is None:
            self.notify(event.error, severity="error", markup=False)
            return
        await self.show_article(event.opened)

    async def show_article(self, opened: Opened) -> None:
        """Make ``opened`` the article on screen, alone, and the library's last one."""
        self.leave_article()
        remember(self.store, opened)
        self.opened = opened
        await replace_stack(self, self.reading_screen(opened))
        if opened.notice:
            self.notify(opened.notice, severity="warning", markup=False)

    async def on_article_removed(self, event: ArticleRemoved) -> None:
        """The article on screen left the library: the library takes its place."""
        if self.opened is None or event.uri != self.opened.article.uri:
            return
        self.forget_position()
        if isinstance(self.screen_stack[0], ReadingScreen):
            await replace_stack(self, self.library_screen())


def make_app(
    source: str | Path | None = None,
    data_dir: str | Path | None = None,
    *,
    store: Store | None = None,
    theme: str | None = None,
) -> ReaderApp:
    """Open the store and the article, then build the app (not yet running).

    Raises :class:`ReaderError` (one line, for the command line) when the
    article cannot be opened. A ``store`` passed in stays the caller's to close.
    """
    from reader.operations.opening import start

    owns_store = store is None
    folder = Path(data_dir) if data_dir is not None else None
    if store is None:
        from reader.store.paths import data_dir as resolve_data_dir
        from reader.store.store import Store

        folder = resolve_data_dir(data_dir)
        store = Store.open(folder, mode="app")
    try:
        first = start(store, source)
    except BaseException:
        if owns_store:
            store.close()
        raise
    return ReaderApp(first.opened, store, notices=first.notices, owns_store=owns_store,
                     theme=theme, data_dir=folder)
