"""The Textual app: sections (modes), global keys, command palette, themes. Kept small:
screens live in ``deskcrm.screens``, reusable widgets in ``deskcrm.widgets``.

Launch path: nothing here imports SQLModel/SQLAlchemy/Alembic; the first screen reads the
database in a thread worker with plain sqlite3.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType

from deskcrm import text
from deskcrm.screens import sections
from deskcrm.screens.frame_hold import FrameHold
from deskcrm.config.settings import DEFAULT_THEME, Settings

if TYPE_CHECKING:
    from deskcrm.work.due_list import Prefetch


def _section_bindings() -> list[Binding]:
    return [
        Binding(s.key, f"section('{s.mode}')", s.title, show=False, id=f"section.{s.mode}")
        for s in sections.SECTIONS
    ]


def _desk_commands():
    from deskcrm.screens.commands import DeskCommands

    return DeskCommands


def _jump_commands():
    from deskcrm.screens.jump import JumpCommands

    return JumpCommands


class DeskApp(App[None]):
    TITLE = "deskcrm"
    MODES: ClassVar = {s.mode: s.factory() for s in sections.SECTIONS}
    DEFAULT_MODE: ClassVar[str] = sections.DEFAULT_MODE
    COMMANDS: ClassVar = App.COMMANDS | {_desk_commands, _jump_commands}
    NOTIFICATION_TIMEOUT = 4

    BINDINGS: ClassVar[list[BindingType]] = [
        *_section_bindings(),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("colon", "command_palette", "Palette", show=False, id="app.palette_colon"),
        Binding("ctrl+p", "command_palette", "Palette", show=False, priority=True, id="app.palette"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit_now"),
        Binding("ctrl+c", "help_quit", "How to quit", show=False, system=True, id="app.ctrl_c"),
    ]

    SECTION_HOLD_S: ClassVar[float] = 0.15  # a section opened for the first time: its rows, or this long
    WARM_AFTER_S: ClassVar[float] = 0.3  # after the first screen's data is drawn: import the other sections' code
    GC_HELD_MAX_S: ClassVar[float] = 2.0  # the launch holds garbage collection (cli.launch.gc_held) at most this long

    def __init__(self, db_path: Path | str, settings: Settings | None = None, prefetch: Prefetch | None = None, *,
                 who: str | None = None) -> None:
        from deskcrm.config import themes
        from deskcrm.widgets import paste_parser
        from deskcrm.work.writes import Writes

        paste_parser.install()  # a pasted ESC stays in the paste, in order (not typed as keys)
        super().__init__()
        self.prefetch = prefetch  # the due list read while Textual was importing (launch speed)
        from deskcrm.store.db import is_server

        # a desk on a server stays its URL, a str (a Path would fold its "//"); a file is a Path
        self.db_path: Path | str = db_path if is_server(db_path) else Path(db_path)
        self.settings = settings or Settings()
        self.writes = Writes(self, self.db_path)
        self.drafts: dict = {}  # unsaved activity notes by due-item key
        self.undo_log: dict[str, list[str]] = {}  # per section (mode): txns ctrl+z can undo
        # Where ``settings.me`` came from (whoami: "--me", "config.toml", ...), "ask" when nothing
        # said who you are: after the first data is drawn, ``screens.whoami`` asks (or checks).
        self.who = who
        self.recruiters: tuple = ()  # store.recruiters.Recruiter, read by screens.whoami (owner fields)
        self.desk_currency = "EUR"  # what revenue targets are in (store.recruiters.desk_currency), read with them
        self._quitting = False
        self._switch_hold = FrameHold(self, 0.05, released=lambda: self.screen.refresh())
        self._opened = {self.DEFAULT_MODE}  # sections shown already (a later visit draws at once)
        self._warm_timer = None  # set once: the sections' code is read when the desk first idles
        found, self._theme_errors = themes.load_themes()
        for theme in found:
            self.register_theme(theme)
        self.desk_themes = tuple(t.name for t in found)
        wanted = self.settings.theme
        if wanted not in self.available_themes:
            if wanted != DEFAULT_THEME:
                self._theme_errors.append(f"theme {wanted!r} is not installed; using {DEFAULT_THEME}")
            wanted = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"
        self._applied_theme = wanted
        self._start_with_theme(wanted)

    def _start_with_theme(self, name: str) -> None:
        """Start in the theme ``name``. Setting ``theme`` runs Textual's theme change, which parses
        every style sheet again, twice, once the app runs (10–30 ms of the launch); before any
        style is parsed, the stylesheet can simply start with the theme's variables. A theme
        whose light/dark differs from Textual's default (the ANSI colour filter, the -dark-mode
        class) still goes through the full change."""
        theme = self.get_theme(name)
        if theme is None or theme.dark != self.current_theme.dark:
            self.theme = name
            return
        self.set_reactive(DeskApp.theme, name)
        self.set_class(True, f"-theme-{name}", update=False)
        self.stylesheet.set_variables(self.get_css_variables())

    async def on_event(self, event: events.Event) -> None:
        # Keys typed after q (a burst from the terminal) must not open screens mid-shutdown.
        if self._quitting and isinstance(event, events.Key):
            return
        if isinstance(event, (events.Key, events.MouseDown)):
            self.writes.upkeep.active()  # the desk is not idle: no index merging now
        await super().on_event(event)

    async def action_quit(self) -> None:
        self._quitting = True
        self.exit()

    def on_mount(self) -> None:
        self.set_timer(self.GC_HELD_MAX_S, resume_gc)  # the first data late (or failed): collect anyway
        self.call_after_refresh(self.writes.check)  # the file's integrity check: after the first paint
        for message in self._theme_errors:
            text.notify(self, message, title="Theme", severity="warning", timeout=10)
        if self.settings.keys:
            self.set_keymap(self.settings.keys)
            self.call_after_refresh(self._check_keymap)

    def _warm_sections(self) -> None:
        """The sections' code, imported in a thread while the desk idles (a key pressed meanwhile
        waits only for the module it needs; an import that fails fails again, shown, on its visit)."""
        self.run_worker(sections.warm, thread=True, group="warm-sections", exit_on_error=False)

    def on_unmount(self) -> None:
        self.writes.close()

    def _check_keymap(self) -> None:
        """Name remapped ids that no screen has (a typo would otherwise do nothing, silently)."""
        import deskcrm.screens
        import deskcrm.widgets
        from deskcrm.config import keymap

        unknown = sorted(set(self.settings.keys) - keymap.known_ids(self.BINDINGS, (deskcrm.screens, deskcrm.widgets)))
        if unknown:
            where = self.settings.path or "config.toml"
            lines = ", ".join(f"{i} (line {keymap.line_of(self._config_source(), i)})" for i in unknown)
            text.notify(
                self, f"{where}: [keys] has ids no screen uses: {lines}. The ? help lists the ids.",
                title="Keys", severity="warning", timeout=12,
            )

    def _config_source(self) -> str:
        try:
            return self.settings.path.read_text(encoding="utf-8") if self.settings.path else ""
        except OSError:
            return ""

    def watch_theme(self, name: str) -> None:
        """Remember a theme the user picked (palette or built-in picker)."""
        if name == getattr(self, "_applied_theme", name):
            return
        self._applied_theme = name
        self.settings.theme = name
        try:
            from deskcrm.config.settings import save_theme

            save_theme(name, self.settings.path)
        except OSError as exc:
            text.notify(self, f"Could not remember the theme: {exc}", severity="warning")

    def delay_update(self, delay: float = 0.05) -> None:
        """Textual holds repaints for ``delay`` to mask a change of screen (a section switch, the
        palette closing). Held here so a section can end it sooner (:meth:`screen_ready`), or
        keep the old frame a little longer while its first rows load (:meth:`action_section`)."""
        self._switch_hold.hold(delay)

    def action_section(self, mode: str) -> None:
        first = mode not in self._opened
        self._opened.add(mode)
        self.switch_mode(mode)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        entered = getattr(self.screen, "entered_by_key", None)
        if entered is not None:  # e.g. Search: its key means "type a query", not "act on the row"
            entered()
        if first:  # its rows are on their way: the section's first frame shows them if they come soon
            self._switch_hold.extend(self.SECTION_HOLD_S)
        else:  # already open: draw it now, not after Textual's 50 ms
            self._switch_hold.release_after(self.screen)

    def screen_ready(self, screen) -> None:  # a DeskScreen
        """``screen`` has its data: a change of section waiting for it is drawn with it."""
        if screen is self.screen:
            self._switch_hold.release_after(screen)
        if self._warm_timer is None:  # the launch's data is on screen (at 1M it can take seconds)
            self.call_after_refresh(resume_gc)  # held for the launch (cli.launch.gc_held): drawn now
            self._warm_timer = self.set_timer(self.WARM_AFTER_S, self._warm_sections)
            self.set_timer(self.WARM_AFTER_S, self._whoami)  # after the first frame with data, never in it

    def _whoami(self) -> None:
        """Who you are: asked when nothing said it (or a configured ``me`` checked), and the
        recruiters read for the Owner fields (``screens.whoami``)."""
        from deskcrm.screens import custom_field_form, whoami

        whoami.start(self)
        custom_field_form.follow(self)  # the desk's custom fields (forms, search filters), kept current

    def action_help(self) -> None:
        from deskcrm.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))


def resume_gc() -> None:
    """Garbage collection back on after the launch held it (``cli.launch.gc_held``). What the
    launch allocated is frozen first (``gc.freeze``): else the first collection walks all of it
    (~70,000 objects, 15-30 ms, a frame's hitch just after the first one), and every full one
    after it too; the launch leaves ~2,000 objects of cyclic garbage, kept for good instead
    (well under 1 MB). Nothing to do when it was not held (tests, a ``DeskApp`` run directly)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def run(db_path: Path | str, settings: Settings | None = None, prefetch: Prefetch | None = None, *,
        headless: bool = False, who: str | None = None) -> None:
    """Open the TUI on ``db_path`` (already created/migrated by the caller).

    A crash ends in :class:`InternalError` (one line from ``cli.main``), not in Textual's Rich
    traceback, which prints local variables — user data — to the terminal; ``DESKCRM_DEBUG=1``
    keeps Textual's traceback.
    """
    import io

    from rich.console import Console

    from deskcrm.errors import InternalError, debugging

    app = DeskApp(db_path, settings, prefetch, who=who)
    if debugging():
        app.run(headless=headless)
        return
    report = io.StringIO()
    app.error_console = Console(file=report, width=200, markup=False, highlight=False, color_system=None)
    app.run(headless=headless)
    if app.return_code:
        raise InternalError(f"the screen stopped: {_last_error(report.getvalue())}")


def _last_error(traceback: str) -> str:
    """The ``Type: message`` that ends a Rich traceback (after its last frame box)."""
    lines = traceback.rstrip().splitlines()
    boxes = [i for i, line in enumerate(lines) if line.lstrip().startswith("╰")]
    tail = lines[boxes[-1] + 1:] if boxes else lines[-1:]
    return " ".join(line.strip() for line in tail if line.strip()) or "an unexpected error"
