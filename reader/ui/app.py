"""The Textual application and ``make_app``, the one way to build it.

``make_app`` does everything that can fail with a user mistake (open the
store, load the article) *before* the app runs, so the command line can
print one line and exit instead of drawing a screen to show an error. The
app owns the store: widgets report the reading position with messages and
only the app writes it.
"""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer

from reader.document.model import Article
from reader.errors import ReaderError
from reader.resources import stylesheet
from reader.ui.common.plain import clean
from reader.ui.common.stylesheets import FIRST, read_later
from reader.ui.common.themes import DEFAULT_THEME, THEMES, other_theme
from reader.ui.library.opening import LIBRARY_COMMANDS, LibraryNavigation
from reader.ui.messages import CursorMoved
from reader.ui.reading.screen import ReadingScreen

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.command import Provider

    from reader.store.store import Store

THEME_SETTING = "theme"
SAVE_DELAY = 0.5
"""Seconds between reading-position writes while the cursor moves."""


def _section_commands() -> type[Provider]:
    """The palette's section provider, imported when the palette first opens."""
    from reader.ui.reading.commands import SectionCommands

    return SectionCommands


class ReaderApp(LibraryNavigation):
    """Reads one article; built by :func:`make_app`."""

    TITLE = "reader"
    CSS_PATH: ClassVar[list[str | PurePath]] = [stylesheet(name) for name in FIRST]
    COMMANDS = App.COMMANDS | {_section_commands, *LIBRARY_COMMANDS}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="the reading position is saved"),
        Binding("question_mark", "toggle_keys", "Keys", id="app.keys", key_display="?",
                tooltip="show or hide this list"),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False, id="app.theme",
                tooltip="light or dark"),
    ]

    def __init__(
        self,
        article: Article,
        store: Store,
        *,
        source: str | None = None,
        notices: Iterable[str] = (),
        owns_store: bool = True,
        theme: str | None = None,
        data_dir: Path | None = None,
        start_in_library: bool = False,
    ) -> None:
        super().__init__()
        self.start_in_library = start_in_library
        self.article = article
        self.store = store
        self.source = source
        self.data_dir = data_dir
        """The data folder (exports of articles that are not local files go there)."""
        self.owns_store = owns_store
        self.notices = tuple(notices)
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
        if self.start_in_library:
            read_later(self)
            return self.library_screen(notices=self.notices)
        return self.reading_screen(self.article, self.store.position(self.article.uri))

    def reading_screen(self, article: Article, position: int) -> Screen[Any]:
        notices = () if self.start_in_library else self.notices  # said once (leave_article)
        return ReadingScreen(
            article, self.store, position=position, notices=notices, source=self.source,
            data_dir=self.data_dir,
        )

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
        if self._position is not None:
            self.store.set_position(self.article.uri, self._position)

    def leave_article(self) -> None:
        """Save the position in the article on screen before another one replaces it."""
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_position()
        self._position = None
        self.notices = ()

    def forget_position(self) -> None:
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


def _load(source: str | Path, data_dir: Path | None) -> Article:
    from reader.document import load_article

    return load_article(source, data_dir=data_dir)  # web pages are kept in the data folder


def _remembered_source(source: str | Path) -> str:
    """What reopens ``source`` later: an absolute path; stdin (``-``) and URLs as given."""
    from reader.document.ingest import is_url

    if str(source) == "-" or is_url(source):
        return str(source)
    return str(Path(source).expanduser().resolve())


def _choose_article(
    source: str | Path | None, store: Store, data_dir: Path | None
) -> tuple[Article, str, list[str]]:
    """The article to open: SOURCE, else the last one read, else the sample."""
    from reader.resources import sample_article

    notices: list[str] = []
    if source is not None:
        return _load(source, data_dir), _remembered_source(source), notices
    last = store.last_article()
    if last is not None and last.source and last.source != "-":
        try:
            return _load(last.source, data_dir), last.source, notices
        except ReaderError as exc:
            notices.append(f"could not reopen the last article: {exc}")
    sample = sample_article()
    return _load(sample, data_dir), str(sample), notices


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
    owns_store = store is None
    folder = Path(data_dir) if data_dir is not None else None
    if store is None:
        from reader.store.paths import data_dir as resolve_data_dir
        from reader.store.store import Store

        folder = resolve_data_dir(data_dir)
        store = Store.open(folder, mode="app")
    try:
        article, remembered, notices = _choose_article(source, store, folder)
        # No SOURCE and several articles: the library is the first screen.
        start_in_library = source is None and len(store.articles()) > 1
        if not start_in_library:
            store.remember_article(article.uri, article.title, remembered)
    except BaseException:
        if owns_store:
            store.close()
        raise
    all_notices = [*article.notices, *store.notices, *notices]
    if start_in_library:  # the article is not shown: only the store's notices apply
        all_notices = list(store.notices)
    if store.read_only and not any("read-only" in notice for notice in all_notices):
        all_notices.append("annotations are read-only")
    return ReaderApp(
        article, store, source=remembered, notices=all_notices, owns_store=owns_store,
        theme=theme, data_dir=folder, start_in_library=start_in_library,
    )
