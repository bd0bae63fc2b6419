"""The Reports section's pickers and its definitions dialog.

- ``pick_period(screen)``: this week, month, quarter, year, the last 12 months (as of today), or
  custom: two dates typed as in every form (``domain.dates``: ``1/9/2026``, ``3 Dec``, ``today``),
  a bad one named at its field in one line, an end before the start refused.
- ``pick_scope(screen)``: the team, me, a recruiter, or a client (then the company, filtered by
  typing); typing a name in it lists the clients it matches too (``s``, ``oakr``, ``enter``: the
  report for Oakridge) — recruiter and company names are user data, shown through ``deskcrm.text``.
- ``DefinitionsDialog``: what each figure of a report counts (the store's definition texts).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from deskcrm import text
from deskcrm.domain import clock, dates, periods, validate
from deskcrm.screens.dialogs.base import DialogScreen
from deskcrm.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from deskcrm.screens.reports import ReportsScreen

_CUSTOM = "custom"
LONGEST_DAYS = 10 * 365 + 3  # a custom period of at most ten years (by quarter: 40 bars)
_TEAM, _ME, _CLIENT = "team", "me", "client"
_NOTHING = "no client or recruiter"


def pick_period(screen: ReportsScreen) -> None:
    from deskcrm.screens.dialogs.pick import PickDialog

    today = clock.today()
    options = [(kind, f"{periods.LABELS[kind].capitalize()} · {period_span(periods.period(kind, today))}")
               for kind in periods.KINDS if kind != _CUSTOM]
    options.append((_CUSTOM, "Custom: from one date to another…"))

    def picked(kind: Any) -> None:
        if kind == _CUSTOM:
            _custom_period(screen)
        elif kind is not None:
            screen.set_period(periods.period(kind, clock.today()))

    screen.app.push_screen(PickDialog("Period", options, filter_box=False), picked)


def _custom_period(screen: ReportsScreen) -> None:
    from deskcrm.screens.dialogs.form import FormDialog, FormField

    day = validate.required(dates.day)
    current = screen.period

    def check(values: dict[str, Any]) -> dict[str, str]:
        start, end = values.get("start"), values.get("end")
        if start and end and end < start:
            return {"end": f"before the start ({dates.spoken(start)})"}
        if start and end and (end - start).days > LONGEST_DAYS:
            return {"end": f"more than {LONGEST_DAYS // 365} years after the start: choose a shorter period"}
        return {}

    fields = [
        FormField("start", "From", day, value=dates.numeric(current.start), placeholder="e.g. 1/9/2026, 3 Dec, today"),
        FormField("end", "To", day, value=dates.numeric(current.end), placeholder="e.g. 30/11/2026, today, +2w"),
    ]

    def chosen(result) -> None:
        if result is None or result.cancelled:
            return
        screen.set_period(periods.Period(result.values["start"], result.values["end"], _CUSTOM))

    screen.app.push_screen(FormDialog("Custom period", fields, check=check, submit_label="Show"), chosen)


def period_span(p: periods.Period) -> str:
    """'1 Nov – 30 Nov 2026' (years named where they differ)."""
    if p.start.year == p.end.year:
        return f"{p.start.day} {p.start:%b} – {p.end.day} {p.end:%b %Y}"
    return f"{p.start.day} {p.start:%b %Y} – {p.end.day} {p.end:%b %Y}"


def pick_scope(screen: ReportsScreen) -> None:
    from deskcrm.screens.dialogs.pick import PickDialog
    from deskcrm.store.clients import client_choices
    from deskcrm.store.recruiters import list_recruiters

    me = screen.desk.settings.me

    def show(found) -> None:
        options: list[tuple[Any, str]] = [(_TEAM, "The team (everyone)")]
        mine = next((r for r in found if r.initials == me), None)
        if mine is not None:
            options.append((_ME, f"Me ({mine.initials})"))
        options += [(("r", r.id), f"{r.initials} · {r.name}" + ("" if r.active else " (retired)")) for r in found]
        options.append((_CLIENT, "A client…"))
        by_id = {r.id: r for r in found}
        names: dict[int, str] = {}

        def picked(key: Any) -> None:
            if key is None:
                return
            if key == _TEAM:
                screen.set_scope(screen_scope(), "the team")
            elif key == _ME and mine is not None:
                screen.set_scope(screen_scope(recruiter_id=mine.id), f"me ({mine.initials})")
            elif key == _CLIENT:
                _pick_client(screen)
            elif key[0] == "c":
                screen.set_scope(screen_scope(company_id=key[1]), f"client {names[key[1]]}")
            else:
                chosen = by_id[key[1]]
                screen.set_scope(screen_scope(recruiter_id=chosen.id), f"{chosen.initials} · {chosen.name}")

        dialog = PickDialog("Scope", options, typed_only=None, nothing=_NOTHING)
        screen.app.push_screen(dialog, picked)

        def clients(rows: Sequence[tuple[int, str]]) -> None:  # listed as soon as a name is typed
            names.update(rows)
            dialog.add_typed_only([(("c", company_id), f"{name} · client") for company_id, name in rows])

        screen.read_then(client_choices, clients)

    known = screen.desk.recruiters  # read after the launch (screens.whoami): the picker opens at once
    if known:
        show(known)
    else:
        screen.read_then(list_recruiters, show)


def _pick_client(screen: ReportsScreen) -> None:
    from deskcrm.screens.dialogs.pick import PickDialog
    from deskcrm.store.clients import client_choices

    def show(rows: Sequence[tuple[int, str]]) -> None:
        names = dict(rows)

        def picked(company_id: Any) -> None:
            if company_id is not None:
                screen.set_scope(screen_scope(company_id=company_id), f"client {names[company_id]}")

        screen.app.push_screen(PickDialog("Which client?", list(rows)), picked)

    screen.read_then(client_choices, show)


def screen_scope(*, recruiter_id: int | None = None, company_id: int | None = None):
    from deskcrm.screens.report_lines import Scope

    return Scope(recruiter_id=recruiter_id, company_id=company_id)


class DefinitionsDialog(DialogScreen[None]):
    """The definitions of one report's figures: name, then what it counts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,i,q", "close", "Close", id="definitions.close"),
    ]
    HELP_TITLE = "Definitions"
    QUESTION_MARK_HELP = True
    DEFAULT_CSS = """
    DefinitionsDialog { align: center middle; }
    DefinitionsDialog > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    DefinitionsDialog VerticalScroll { height: auto; max-height: 1fr; }
    DefinitionsDialog .definition-name { text-style: bold; margin-top: 1; }
    """

    def __init__(self, title: str, definitions: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self._title = title
        self._definitions = list(definitions)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = text.safe(f"{self._title}: what the figures count")
            with VerticalScroll():
                for name, meaning in self._definitions:
                    yield Static(text.safe(name), classes="definition-name")
                    yield Static(text.safe(meaning, multiline=True))
        yield KeyBar()

    def action_close(self) -> None:
        self.dismiss(None)
