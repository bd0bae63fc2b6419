"""A submittal from a job's pipeline (issue 15 item 4): ``space`` marks candidates (a ✓ on the
card), ``S`` sends them to the job's hiring manager.

``S`` takes the marked candidates — or, with none marked, the one under the cursor — and opens a
dialog with the recipients (the hiring manager's email, editable), the subject (blank: the
``submittal`` template's, which also writes the message around the summaries), the candidates
and an Anonymise choice. ``ctrl+s`` sends it beside the write queue (``aside``) (``store.submittal_send``):
the message goes first (the summary, the CVs attached), then the candidates before Submitted
move there in one transaction; nothing moves when the send fails (the outbox keeps it to retry).
``ctrl+z`` takes the moves back. Marks stay on their cards through reloads and filters, and are
cleared once the submittal is sent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text

from deskcrm import text
from deskcrm.widgets.kanban import Card

if TYPE_CHECKING:
    from deskcrm.screens.job_pipeline import JobPipelineScreen

MARK = "✓ "
_ANONYMISE = (("no", "No — their names and CV files"),
              ("yes", "Yes — Candidate A, B…; each CV as text without contact lines"))


def marked_card(card: Card) -> Card:
    """The card with a ✓ before its first line."""
    first, *rest = card.lines
    line = Text(MARK, style="bold green", no_wrap=True, overflow="ellipsis")
    line.append_text(first if isinstance(first, Text) else text.cell(first))
    return Card(card.id, (line, *rest))


def toggle_mark(screen: JobPipelineScreen) -> None:
    """``space``: mark or unmark the candidate under the cursor."""
    from deskcrm.domain import clock

    card_id, _column = screen.kanban.focused
    card = screen.cards.get(card_id)
    if card is None:
        return
    if card.id in screen.marked:
        del screen.marked[card.id]
    else:
        screen.marked[card.id] = card
    screen.kanban.replace_card(screen.make_card(card, clock.today()))
    n = len(screen.marked)
    key = screen.key_for("submittal")
    text.notify(screen.app, f"{n} marked for a submittal ({key} sends it)" if n else "No candidate marked",
                timeout=2)


def start_submittal(screen: JobPipelineScreen, cards: list | None = None) -> None:
    """``S``: the dialog for the marked candidates (or the one under the cursor); ``cards``: these
    (``E`` on a card choosing its submittal)."""
    chosen = list(cards) if cards else list(screen.marked.values())
    if not chosen:
        card_id, _column = screen.kanban.focused
        card = screen.cards.get(card_id)
        if card is None:
            text.notify(screen.app, f"Mark candidates with {screen.key_for('mark')} first, then press "
                                    f"{screen.key_for('submittal')}", title="Submittal", severity="warning")
            return
        chosen = [card]

    def read(conn):  # noqa: ANN001, ANN202
        from deskcrm.store.submittal_pack import job_for_pack

        return job_for_pack(conn, screen.job_id)

    screen.read_then(read, lambda job: _ask(screen, job, chosen))


def _ask(screen: JobPipelineScreen, job: Any, chosen: list) -> None:
    from deskcrm.domain import validate
    from deskcrm.domain.mail import addresses
    from deskcrm.screens.dialogs.form import FormDialog, FormField

    names = ", ".join(text.clean(c.candidate) for c in chosen)
    n = len(chosen)
    manager = f"{text.clean(job.manager)} (hiring manager)" if job.manager else "no hiring manager on this job"
    if job.manager and not job.manager_email:
        manager += ": no email on file, type one"
    form = FormDialog(f"Submittal to {text.clean(job.company)}", [
        FormField("to", "To", validate.required(addresses), value=job.manager_email or "", required=True,
                  placeholder="e.g. hiring.manager@client.example", hint=manager),
        FormField("subject", "Subject", placeholder="as the submittal template says",
                  hint="Blank: the subject from mail_templates/submittal.txt (its text writes the message)"),
        FormField("anonymise", "Anonymise", value="no", choices=_ANONYMISE, required=True,
                  hint=f"{n} candidate{'s' if n != 1 else ''}: {names}"),
    ], submit_label="Send")

    def chosen_values(result) -> None:  # noqa: ANN001
        if result is not None and not result.cancelled:
            _send(screen, chosen, result.values)

    screen.app.push_screen(form, chosen_values)


def _send(screen: JobPipelineScreen, chosen: list, values: dict) -> None:
    settings = screen.desk.settings
    versions = {c.id: screen.cards.get(c.id, c).version for c in chosen}
    job_id = screen.job_id

    def op(conn):  # noqa: ANN001, ANN202
        from deskcrm.config import paths
        from deskcrm.config.mail_settings import mail_options
        from deskcrm.store.submittal_send import send_submittal

        return send_submittal(conn, job_id, versions, to=values["to"], subject=values["subject"],
                              anonymised=values["anonymise"] == "yes", settings=mail_options(settings),
                              data_dir=paths.data_dir(), region=settings.phone_region)

    def sent(_result) -> None:  # noqa: ANN001
        for card_id in versions:
            screen.marked.pop(card_id, None)

    screen.write(op, lambda r: r.message, on_success=sent, error_title="Not sent",
                 aside=True)  # a slow server holds up no save
