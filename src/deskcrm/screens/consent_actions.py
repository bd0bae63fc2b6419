"""Record what the law asks from the person screen (issue 14), one key each — every one a new
entry in the consent ledger (``store.consent_ledger``: the privacy panel shows the history), one
write through the app's write queue (``ctrl+z`` undoes it):

- ``B`` lawful basis (``c`` consent / ``l`` legitimate interest / ``k`` contract)
- ``S`` source
- ``C`` consent given: when, how, for what
- ``W`` consent withdrawn: when (how, if said) — the person becomes do not contact in the same
  write, and the message says what follows: erase (``D``) or keep for retention review
- ``Y`` consent expiry
- ``N`` Art. 14 notice sent: when, how

Dates are typed as every form reads them (``12/11``, ``today``, ``3 Dec``); a bad value is a
one-line message at its field. Listed in help (``?``): the person footer is full at 120 columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from deskcrm import text
from deskcrm.domain import dates, validate
from deskcrm.screens.dialogs.form import FormDialog, FormField
from deskcrm.store.consent_ledger import FOLLOWS_WITHDRAWAL, LAWFUL_BASES, METHODS, check

if TYPE_CHECKING:
    from deskcrm.screens.base import DeskScreen

_HOW = tuple(METHODS.items())
_KEYS = (
    ("B", "basis", "Basis", "Record the lawful basis (consent / legitimate interest / contract)"),
    ("S", "source", "Source", "Record where this person's data came from"),
    ("C", "given", "Consent given", "Record consent given: when, how, for what"),
    ("W", "withdrawn", "Consent withdrawn", "Record consent withdrawn (the person becomes do not contact)"),
    ("Y", "expiry", "Consent expiry", "Record when the consent expires"),
    ("N", "notice", "Notice sent", "Record the Art. 14 notice sent: when, how"),
)


def bindings(prefix: str) -> list[Binding]:
    return [Binding(key, f"consent('{kind}')", label, tooltip=tip, id=f"{prefix}.consent_{kind}", show=False)
            for key, kind, label, tip in _KEYS]


def _fields(kind: str, current: Any) -> list[FormField]:
    when = FormField("on_date", "When", dates.day, value="today", required=True, hint="e.g. today, 12 Nov, yesterday")
    how = FormField("method", "How", validate.choice(METHODS), choices=_HOW, required=kind != "withdrawn")
    if kind == "source":
        return [FormField("detail", "Source", validate.required(), value=getattr(current, "source", None) or "",
                          required=True, placeholder="e.g. LinkedIn, referral from …, job board")]
    if kind == "given":
        return [when, how, FormField("detail", "For what", validate.required(), required=True,
                                     placeholder="e.g. permanent roles in logistics, kept 2 years")]
    if kind == "expiry":
        return [FormField("on_date", "Expires", dates.day_ahead, required=True, hint="e.g. 12 Nov 2028, +104w")]
    return [when, how]  # withdrawn, notice


_TITLES = {"source": "Source", "given": "Consent given", "withdrawn": "Consent withdrawn",
           "expiry": "Consent expiry", "notice": "Art. 14 notice sent"}


def record(screen: DeskScreen, kind: str, person_id: int, name: str, current: Any = None) -> None:
    """Ask for what ``kind`` needs and record it (a form, or one key for the basis)."""
    if kind == "basis":
        _basis(screen, person_id, name)
        return

    def make(raw: dict[str, str] | None, banner: str | None) -> FormDialog:
        return FormDialog(f"{_TITLES[kind]} — {text.clean(name)}", _fields(kind, current), raw=raw, banner=banner,
                          check=lambda values: check(kind, **values))

    def op_for(values: dict[str, Any]):  # noqa: ANN202 - a write-queue op
        def op(conn):  # noqa: ANN001, ANN202
            from deskcrm.store import consent_ledger

            return consent_ledger.record(conn, person_id, kind, **values)

        return op

    screen.form_write(make, op_for, _message(kind, name))


def _basis(screen: DeskScreen, person_id: int, name: str) -> None:
    from deskcrm.screens.dialogs.key_choice import BasisDialog

    def chosen(basis: str | None) -> None:
        if basis is None:
            return

        def op(conn):  # noqa: ANN001, ANN202
            from deskcrm.store import consent_ledger

            return consent_ledger.record(conn, person_id, "basis", detail=basis)

        screen.write(op, f"Lawful basis of {text.clean(name)}: {LAWFUL_BASES[basis].lower()} (ctrl+z to undo)")

    screen.app.push_screen(BasisDialog("Lawful basis", name), chosen)


def _message(kind: str, name: str):  # noqa: ANN202 - a message for the write queue
    who = text.clean(name)
    if kind == "withdrawn":
        def said(done) -> str:  # noqa: ANN001 - consent_ledger.Recorded
            if done.do_not_contact:
                return f"Consent withdrawn: {who} is now do not contact — {FOLLOWS_WITHDRAWAL} (ctrl+z to undo)"
            return (f"Consent withdrawn for {who} (no candidate profile to mark do not contact) — "
                    f"{FOLLOWS_WITHDRAWAL} (ctrl+z to undo)")

        return said
    return f"{_TITLES[kind]} recorded for {who} (ctrl+z to undo)"
