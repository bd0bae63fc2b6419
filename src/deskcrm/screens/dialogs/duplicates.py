"""Already on file? Shown before a person is saved when ``store.duplicates`` finds matches —
and before a company is saved when ``store.company_duplicates`` does (``company_match_prompt``).

Each match shows who it is and why it matched ("same email …", "similar name at Acme (91%)").
Keys: ``o``/``enter`` open the existing record · ``m`` merge into it (``esc`` in the merge preview
comes back here) · ``c`` create (or save) anyway — remembered as "not a duplicate" · ``esc`` back to
the form, nothing typed lost · ``f1``/``?`` the keys.
Dismisses with ``("open" | "merge", record_id)``, ``("anyway", None)`` or ``None``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from deskcrm import text
from deskcrm.domain.client_rules import web_domain
from deskcrm.screens.dialogs.base import DialogScreen
from deskcrm.store.company_duplicates import CompanyMatch
from deskcrm.store.duplicates import DuplicateMatch
from deskcrm.widgets.key_bar import KeyBar

Decision = tuple[str, int | None]


def match_prompt(m: DuplicateMatch) -> Content:
    """Two or three lines: the name and what identifies them, then why they matched."""
    facts = [x for x in (m.headline, m.employer and f"at {text.clean(m.employer)}", m.city) if x]
    contact = [x for x in (m.email, m.phone) if x]
    parts: list[Content | str] = [text.safe(m.name, "bold"), text.safe(f"  #{m.person_id}", "$text-muted")]
    if facts:
        parts += ["\n  ", text.safe(" · ".join(text.clean(x) for x in facts))]
    if contact:
        parts += ["\n  ", text.safe(" · ".join(text.clean(x) for x in contact), "$text-muted")]
    parts += ["\n  ", text.safe("Why: " + "; ".join(text.clean(r) for r in m.reasons), "$warning")]
    return text.join(*parts)


def company_match_prompt(m: CompanyMatch) -> Content:
    """The company, its stage and where it is; what hangs off it; why it matched."""
    facts = [x for x in (m.bd_label, m.location, web_domain(m.website) or m.website, m.owner and f"owner {m.owner}")
             if x]
    counts = f"{m.contacts} contact{'s' if m.contacts != 1 else ''} · {m.open_jobs} open job{'s' if m.open_jobs != 1 else ''}" \
             f" · {m.placements} placement{'s' if m.placements != 1 else ''}"
    return text.join(
        text.safe(m.name, "bold"), text.safe(f"  #{m.company_id}", "$text-muted"),
        "\n  ", text.safe(" · ".join(text.clean(x) for x in facts)),
        "\n  ", text.safe(counts, "$text-muted"),
        "\n  ", text.safe("Why: " + "; ".join(text.clean(r) for r in m.reasons), "$warning"),
    )


class DuplicatesDialog(DialogScreen[Decision | None]):
    HELP_TITLE = "Possible duplicates"
    QUESTION_MARK_HELP = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "decide('open')", "Open existing", tooltip="Open the existing record (nothing is saved)",
                id="duplicates.open"),
        Binding("m", "decide('merge')", "Merge into it",
                tooltip="Merge what you typed into the existing record (field-by-field preview first)",
                id="duplicates.merge"),
        Binding("c", "decide('anyway')", "Save anyway",
                tooltip="A different person: save, and never offer these as duplicates again",
                id="duplicates.anyway"),
        Binding("j", "move(1)", "Down", show=False, id="duplicates.down"),
        Binding("k", "move(-1)", "Up", show=False, id="duplicates.up"),
        Binding("escape", "back", "Back to the form", id="duplicates.back"),
    ]

    DEFAULT_CSS = """
    DuplicatesDialog { align: center middle; }
    DuplicatesDialog > Vertical {
        width: 84; max-width: 100%; height: auto; max-height: 100%;
        border: round $warning; background: $surface; padding: 0 1;
    }
    DuplicatesDialog #dup-title { text-style: bold; margin-bottom: 1; }
    DuplicatesDialog OptionList { height: auto; max-height: 1fr; border: none; background: $surface; }
    DuplicatesDialog #dup-keys { margin-top: 1; color: $text-muted; }
    """

    def __init__(self, matches: Sequence[Any], *, typed_name: str, creating: bool,
                 prompt: Callable[[Any], Content] = match_prompt,
                 ident: Callable[[Any], int] = lambda m: m.person_id,
                 noun: tuple[str, str] = ("record", "records"), unnamed: str = "this person",
                 highlight: int | None = None) -> None:
        """``matches``: ``DuplicateMatch``es (people, the default) or, with ``prompt``/``ident``
        /``noun`` set, other records (``company_match_prompt``, ``m.company_id``, ("company", "companies")).
        ``highlight``: the id of the match to highlight (shown again after ``esc`` in the merge preview)."""
        super().__init__()
        self._matches = list(matches)
        self._highlight = highlight
        self._typed = typed_name
        self._creating = creating
        self._prompt, self._ident, self._noun, self._unnamed = prompt, ident, noun, unnamed

    def compose(self) -> ComposeResult:
        n = len(self._matches)
        with Vertical() as box:
            box.border_title = "Already on file?"
            who = self._unnamed if not self._typed else f"“{text.clean(self._typed)}”"
            head = f"{n} existing {self._noun[n != 1]} may be {who}:"
            yield Static(text.safe(head), id="dup-title")
            yield OptionList(*[Option(self._prompt(m), id=str(self._ident(m))) for m in self._matches], id="dup-list")
            anyway = "create anyway" if self._creating else "save anyway"
            yield Static(Content.assemble(
                ("o", "bold $accent"), " open it  ", ("m", "bold $accent"), " merge into it  ",
                ("c", "bold $accent"), f" {anyway} (not a duplicate)  ", ("esc", "bold $accent"), " back to the form",
            ), id="dup-keys")
        yield KeyBar()

    def on_mount(self) -> None:
        listing = self.query_one(OptionList)
        ids = [self._ident(m) for m in self._matches]
        listing.highlighted = ids.index(self._highlight) if self._highlight in ids else 0
        listing.focus()

    @property
    def selected(self) -> Any:
        index = self.query_one(OptionList).highlighted or 0
        return self._matches[index]

    def action_move(self, step: int) -> None:
        listing = self.query_one(OptionList)
        listing.action_cursor_down() if step > 0 else listing.action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_decide("open")

    def action_decide(self, what: str) -> None:
        self.dismiss((what, None if what == "anyway" else self._ident(self.selected)))

    def action_back(self) -> None:
        self.dismiss(None)
