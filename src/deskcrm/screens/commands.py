"""The command palette's deskcrm commands (next to Textual's own, which stay).

Generated, not hand-kept: "Go to" one per section, the desk's commands of every section (Import…,
Who am I…, Outbox, Pools, BD board …), one per theme of ours, and one per key binding active on
the screen the palette was opened from (so anything a key does can be run by name; a key that
does what a command of every section does is listed once, as that command).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from deskcrm.screens import sections
from deskcrm.screens.help import _describe

_SKIP_ACTIONS = {"command_palette", "app.command_palette", "help_quit"}


def _clean_palette_box() -> None:
    """Textual's palette query box is its own Input, which draws a pasted ESC sequence or bidi
    override as is (DESIGN.md §6). Its class offers no other hook, so what enters it goes
    through deskcrm.text here, once, when the palette's commands are first loaded."""
    from textual.command import CommandInput

    from deskcrm import text

    CommandInput.validate_value = lambda _self, value: text.clean(value)  # type: ignore[method-assign]


_clean_palette_box()


def _pools(app) -> None:  # noqa: ANN001 - the desk app
    from deskcrm.screens.pools import PoolsScreen

    app.push_screen(PoolsScreen())


def _bd_board(app) -> None:  # noqa: ANN001 - the desk app
    from deskcrm.screens.bd_board import BDBoardScreen

    app.push_screen(BDBoardScreen())


def _new_person(app) -> None:  # noqa: ANN001 - the desk app
    """The person form (as ``n`` opens it), on whichever section the palette was opened from."""
    from deskcrm.screens.base import DeskScreen
    from deskcrm.screens.person_form import PersonForm

    if isinstance(app.screen, DeskScreen):
        PersonForm(app.screen).start()


def _new_company(app) -> None:  # noqa: ANN001 - the desk app
    from deskcrm.screens import account_forms
    from deskcrm.screens.base import DeskScreen

    if isinstance(app.screen, DeskScreen):
        account_forms.new_company(app.screen)


def _new_job(app) -> None:  # noqa: ANN001 - the desk app
    """Job orders, then its ``n``: the client asked first (once the section is on screen)."""
    app.action_section("jobs")
    _ask_for_job(app, tries=50)


def _ask_for_job(app, tries: int) -> None:  # noqa: ANN001 - the desk app
    from deskcrm.screens.jobs_board import JobsBoardScreen

    if isinstance(app.screen, JobsBoardScreen) and app.screen.is_mounted:
        app.screen.action_new_job()
    elif tries > 0:  # the section is still being made: look again in a moment (at most ~1 s)
        app.set_timer(0.02, partial(_ask_for_job, app, tries - 1))


def _retention_review(app) -> None:  # noqa: ANN001 - the desk app
    from deskcrm.screens.retention_review import RetentionReviewScreen

    app.push_screen(RetentionReviewScreen())


class DeskCommands(Provider):
    def _commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        named: set[str] = set()
        for name, help_text, callback in self._desk_commands():
            named.add(name)
            yield name, help_text, callback
        for name, help_text, callback in self._key_commands():
            if name not in named:  # a key that does what a command of every section does (b: BD board)
                yield name, help_text, callback

    def _desk_commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        app = self.app
        for section in sections.SECTIONS:
            yield (
                f"Go to {section.title}",
                f"Section {section.key}",
                partial(app.run_action, f"section('{section.mode}')"),
            )
        if hasattr(app, "writes"):  # the desk app (not a bare test app)
            from deskcrm.screens import whoami

            from deskcrm.screens import import_flow

            yield "Import…", "Bring people, contacts or companies in from a CSV, TSV or XLSX file", partial(
                import_flow.open_import, app)
            yield "New person…", "A candidate or a contact: name, source, details (n in Due today and Search)", \
                partial(_new_person, app)
            yield "New company…", "A client or a prospect (n in Clients)", partial(_new_company, app)
            yield "New job order…", "For a client: its fee terms filled in (n in Job orders)", partial(_new_job, app)
            yield "Who am I…", "Choose which recruiter you are (remembered for this database)", partial(whoami.ask, app)
            yield "Add recruiter…", "A new recruiter on this desk: name, initials, target", partial(whoami.add, app)
            yield "Recruiters", "Every recruiter of this desk, and who you are", partial(whoami.show, app)
            from deskcrm.screens import custom_fields

            yield "Custom fields", "The desk's own fields on people, candidates, companies, jobs and placements", \
                partial(custom_fields.open_settings, app)
            from deskcrm.screens import stage_actions

            yield "Add pipeline stage…", "A stage of your own between the candidates' stages (e.g. Technical test)", \
                partial(stage_actions.add, app)
            yield "Remove pipeline stage…", "Remove a stage you added (only when no candidate is at it)", partial(
                stage_actions.remove, app)
            yield "Retention review…", "Candidates past their retention period: keep, refresh consent or erase", partial(
                _retention_review, app)
            from deskcrm.screens.outbox_view import open_outbox

            yield "Outbox", "Messages that were not sent: send again or discard", partial(open_outbox, app)
            yield "Pools", "Talent pools: saved searches and hand-picked lists, who has gone cold", partial(
                _pools, app)
            key = (app.settings.keys.get("clients.board") or "b").split(",")[0]  # as remapped
            yield "BD board", f"The business-development board: every client by BD stage ({key} in Clients)", partial(
                _bd_board, app)
        for name in getattr(app, "desk_themes", ()):
            yield f"Theme: {name}", "Switch to this theme (remembered)", partial(setattr, app, "theme", name)

    def _key_commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        """One per key binding active on the screen the palette was opened from."""
        app = self.app
        seen: set[tuple[int, str]] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if binding.system or binding.action in _SKIP_ACTIONS or not active.enabled:
                continue
            mark = (id(active.node), binding.action)
            if mark in seen:
                continue
            seen.add(mark)
            yield (
                _describe(binding),
                f"key {app.get_key_display(binding)}",
                partial(app.run_action, binding.action, active.node),
            )

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
