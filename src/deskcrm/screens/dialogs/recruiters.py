"""The recruiters of this desk, and the form that adds one (palette: "Recruiters", "Add
recruiter…"; and at first run, "who are you" on a desk without any).

``RecruitersDialog(recruiters, me, currency)`` dismisses with ``("me", initials)`` (``enter``:
this one is me), ``("add", None)`` (``n``) or None (``esc``). ``recruiter_fields(currency,
taken)`` are the form's fields: name, initials (1–4 letters, not taken: the holder is named),
a yearly target read as every amount is, in the desk's currency (another one is refused, never
converted), email. Names are user data: shown through deskcrm.text, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from deskcrm.domain import recruiter_rules, validate
from deskcrm import text
from deskcrm.domain.amounts import short_money
from deskcrm.screens.dialogs.base import DialogScreen
from deskcrm.screens.dialogs.form import FormField
from deskcrm.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from deskcrm.store.recruiters import Recruiter


def recruiter_fields(currency: str, taken: Sequence[Recruiter] = ()) -> list[FormField]:
    holders = {r.initials: r for r in taken}

    def initials(raw: str) -> str:
        value = recruiter_rules.initials(raw)
        holder = holders.get(value)
        if holder is not None:
            raise validate.Invalid(f"{value} are {text.clean(holder.name)}'s already; choose others, e.g. "
                                   "with a third letter")
        return value

    return [
        FormField("name", "Name", recruiter_rules.name, placeholder="e.g. Alex Morgan", required=True),
        FormField("initials", "Initials", initials, placeholder="e.g. AM", required=True,
                  hint="1–4 letters: shown as the owner and the author"),
        FormField("target", "Yearly target", lambda raw: recruiter_rules.target(raw, currency),
                  placeholder=f"e.g. 400k ({currency})", describe=lambda v: f"read as {currency} {v:,.0f}"),
        FormField("email", "Email", validate.email, placeholder="e.g. alex@agency.example"),
    ]


def line(r: Recruiter, currency: str, me: str | None) -> str:
    """'AM    Alex Morgan · target EUR 400k · you' — cleaned text."""
    parts = [f"{r.initials:<5} {text.clean(r.name)}"]
    if r.target is not None:
        parts.append(f"target {short_money(r.target, currency)}")
    if not r.active:
        parts.append("retired")
    if me and r.initials == me:
        parts.append("you")
    return " · ".join(parts)


class RecruitersDialog(DialogScreen[tuple[str, str | None] | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "add", "Add recruiter", id="recruiters.add"),
        Binding("escape", "close", "Close", id="recruiters.close"),
    ]
    HELP_TITLE = "Recruiters"
    QUESTION_MARK_HELP = True
    DEFAULT_CSS = """
    RecruitersDialog { align: center middle; }
    RecruitersDialog > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    RecruitersDialog OptionList, RecruitersDialog OptionList:focus { height: auto; max-height: 20; border: none; }
    RecruitersDialog #recruiters-hint { color: $text-muted; }
    """

    def __init__(self, recruiters: Sequence[Recruiter], me: str | None, currency: str) -> None:
        super().__init__()
        self._recruiters = list(recruiters)
        self._me = me
        self._currency = currency

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Recruiters"
            yield OptionList(*(Option(text.safe(line(r, self._currency, self._me)), id=str(i))
                               for i, r in enumerate(self._recruiters)), id="recruiters-list")
            hint = ("enter: this one is me (remembered here) · n: add a recruiter" if self._recruiters
                    else "No recruiters yet: n adds one (you, first)")
            yield Static(text.safe(hint), id="recruiters-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        mine = next((i for i, r in enumerate(self._recruiters) if r.initials == self._me), 0)
        if self._recruiters:
            options.highlighted = mine

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = self._recruiters[event.option_index]
        if not chosen.active:
            text.notify(self.app, f"{chosen.label} is retired; to bring them back: deskcrm recruiter edit "
                                  f"{chosen.initials} --active", severity="warning")
            return
        self.dismiss(("me", chosen.initials))

    def action_add(self) -> None:
        self.dismiss(("add", None))

    def action_close(self) -> None:
        self.dismiss(None)
