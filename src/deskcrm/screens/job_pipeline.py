"""One job order's candidates by submission stage: Sourced → … → Placed, and the exits
(rejected by us / by the client, candidate withdrew) at the right (``c`` hides them).

Moves that need more ask for it first: Interviewing asks when the interview is; an exit asks
why; Placed opens the placement form (offer accepted, start date, salary, fee % or flat fee
prefilled from the job's terms, errors at the field from ``pipeline_rules.placement_errors``),
then, if the candidate is in other open processes, whether to withdraw them — and then writes
it all as ONE transaction (``ctrl+z`` takes back the placement, the filled job, everything).
``enter`` opens the candidate; ``e`` edits the job order itself (``screens.job_form``); ``E`` writes
an email about the card from a template — interview prep / confirmation first for an interviewing
candidate, else the submittal to the hiring manager (``mail_actions``). ``space`` marks candidates
and ``S`` sends them to the hiring manager as one submittal, CVs attached, and moves them to
Submitted (``screens.pipeline_submittal``). ``M`` matches the role to the pool (``screens.match``:
people ranked by fit, ``s`` puts them at Sourced).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from deskcrm.domain import clock, dates, pipeline_rules, validate
from deskcrm import text
from deskcrm.domain.amounts import plain
from deskcrm.screens import board_cards, mail_actions
from deskcrm.screens.board_base import BoardScreen
from deskcrm.screens.custom_field_form import boxes_of
from deskcrm.screens.contract_fields import NAMES as CONTRACT_NAMES, contract_values
from deskcrm.store.boards import Board

if TYPE_CHECKING:
    from deskcrm.store.db import Connection

PLACEMENT_FIELDS = ("offer_accepted_on", "start_date", "salary", "currency", "fee_percent", "flat_fee",
                    "placement_type", *CONTRACT_NAMES)


class JobPipelineScreen(BoardScreen):
    TRAIL = "Job pipeline"
    HELP_TITLE = "Job pipeline"
    PIPELINE = "submission"
    BOARD = "pipeline"
    KIND = "submission"
    MIN_WIDTH = 20

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="pipeline.back"),
        # c and space in help (?), not the footer: at 120 columns S, e and M fit with the board's keys
        Binding("c", "toggle_exits", "Exits", tooltip="Show or hide rejected and withdrawn candidates", id="pipeline.exits",
                show=False),
        Binding("a", "log", "Log", tooltip="Log a call, email, meeting or note on this card", id="pipeline.log"),
        Binding("S", "submittal", "Submittal",
                tooltip="Send the marked candidates (or this one) to the hiring manager, CVs attached; "
                        "moves them to Submitted", id="pipeline.submittal"),
        Binding("space", "mark", "Mark", tooltip="Mark or unmark this candidate for a submittal", id="pipeline.mark",
                show=False),
        Binding("e", "edit_job", "Edit job", tooltip="Edit this job order: title, openings, pay, fee terms…",
                id="pipeline.edit"),
        mail_actions.binding("pipeline", "the candidate or the hiring manager"),
        Binding("M", "match", "Match", tooltip="People who fit this job, ranked, with why; s puts them at Sourced",
                id="pipeline.match"),
        *BoardScreen.COMMON_BINDINGS,
    ]

    def __init__(self, job_id: int) -> None:
        super().__init__()
        self.job_id = job_id
        self.show_exits = True
        self.marked: dict[int, Any] = {}  # submission id -> its card as last read (space; S sends them)

    def read(self, conn: Connection) -> tuple[Content, Board]:
        from deskcrm.domain.amounts import money
        from deskcrm.store import boards

        job, board = boards.job_pipeline(conn, self.job_id, text=self.filter_text, include_exits=self.show_exits,
                                         per_column=self.depth)
        terms = money(job.flat_fee, job.currency) + " flat" if job.flat_fee is not None else (
            f"{job.fee_percent:g}% fee" if job.fee_percent is not None else "no fee terms")
        self.trail = text.join(text.safe(job.title), text.safe(" — "), text.safe(job.company))  # the breadcrumb
        header = text.join(
            text.safe(job.title, "bold"), text.safe(" · "), text.safe(job.company),
            text.safe(f" · {job.filled}/{job.openings} filled · {terms}", "dim"),
        )
        for variant in board_cards.contract_line(job.terms, job.currency) if job.terms else ():  # full, else short
            rates = text.safe(f" · {variant}", "dim")
            if header.cell_length + rates.cell_length <= self.size.width - 2:
                header = text.join(header, rates)
                break
        owner = text.safe(f" · owner {job.owner}" if job.owner else "", "dim")
        if header.cell_length + owner.cell_length <= self.size.width - 2:  # on one line, or not at all
            header = text.join(header, owner)
        header = text.join(header, text.safe(self.filter_note(), "dim"))
        if job.custom:  # the job's own fields, on a details line under it (cut to the width)
            details = text.safe(" · ".join(f"{label}: {value}" for label, value in job.custom), "dim")
            width = max(self.size.width - 2, 1)
            if details.cell_length > width:
                details = details[: width - 1] + text.safe("…", "dim")
            header = text.join(header, "\n", details)
        return header, board

    def activity_subject(self, card: Any):
        from deskcrm.screens.activity_subject import ActivitySubject

        return ActivitySubject(f"submission:{card.id}", card.candidate, card.candidate, None, card.person_id,
                               job_id=self.job_id, submission_id=card.id)

    def make_card(self, card: Any, today):
        made = board_cards.submission_card(card, today)
        if card.id in self.marked:
            from deskcrm.screens.pipeline_submittal import marked_card

            return marked_card(made)
        return made

    def on_board_loaded(self, message) -> None:
        """Before ``BoardScreen.on_board_loaded`` (Textual runs each class's handler, this one
        first): marked cards keep their mark, as read now; one the filter hides stays marked."""
        self.marked.update((c.id, c) for col in message.board.columns for c in col.cards if c.id in self.marked)

    def action_mark(self) -> None:
        from deskcrm.screens.pipeline_submittal import toggle_mark

        toggle_mark(self)

    def action_submittal(self) -> None:
        from deskcrm.screens.pipeline_submittal import start_submittal

        start_submittal(self)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_compose(self) -> None:
        from deskcrm.screens.pipeline_submittal import start_submittal
        from deskcrm.store.mail_compose import card_choices

        card_id, _column = self.kanban.focused
        card = self.cards.get(card_id)
        if card is not None:  # its submittal is S's, for this card: CVs attached, moved to Submitted
            mail_actions.compose(self, lambda conn: card_choices(conn, card_id),
                                 instead={"submittal": lambda: start_submittal(self, [card])})

    def action_match(self) -> None:
        from deskcrm.screens.match import open_match

        open_match(self, self.job_id)

    def action_edit_job(self) -> None:
        from deskcrm.screens.job_form import edit_job

        edit_job(self, self.job_id)

    def on_kanban_open(self, message) -> None:
        from deskcrm.screens.person import PersonScreen

        card = self.cards.get(message.card_id)
        if card is not None:
            self.app.push_screen(PersonScreen(card.person_id))

    def card_name(self, card: Any) -> str:
        return text.clean(card.candidate)

    # ------------------------------------------------------------------ moves that ask

    def ask_move(self, card: Any, target: str) -> None:
        if target == "interviewing":
            self._ask_interview(card)
        elif target == "placed":
            self._ask_placement(card)
        else:
            super().ask_move(card, target)

    def move_op(self, card: Any, target: str, reason: str | None = None, interview_at=None, placement=None,
                withdraw_others: bool = False, interview_place: str | None = None, **_: Any):
        def op(conn):
            from deskcrm.store import moves

            return moves.move_submission(
                conn, card.id, target, expected_version=card.version, interview_at=interview_at,
                interview_place=interview_place, exit_reason=reason, placement=placement, withdraw_others=withdraw_others,
            )

        return op

    def _ask_interview(self, card: Any) -> None:
        """When is the interview? A time in the past asks "save anyway?" (esc: back to the form)."""
        from deskcrm.screens.dialogs.form import FormDialog, FormField

        def doubt(values):
            past = pipeline_rules.past_interview(values["interview_at"], clock.now())
            return {"interview_at": f"{past[0].upper()}{past[1:]}"} if past else {}

        value = f"{card.interview_at:%Y-%m-%d %H:%M}" if card.interview_at else ""
        form = FormDialog(f"{self.card_name(card)} → Interviewing", [
            FormField("interview_at", "Interview", validate.required(dates.moment), value=value,
                      placeholder="e.g. tomorrow 10am", hint="e.g. 2026-11-25 14:00, tomorrow 10am, +3d 9:30",
                      required=True,
                      describe=_interview_read_as),
            FormField("interview_place", "Place", pipeline_rules.parse_place,
                      placeholder="e.g. Client office, Torstr. 1",
                      hint='optional, e.g. "Teams (link in the invite)"', describe=lambda _v: None),
        ], doubt=doubt, submit_label="Move")

        def chosen(result) -> None:
            if result is not None and not result.cancelled:
                self.commit_move(card, "interviewing", interview_at=result.values["interview_at"],
                                 interview_place=result.values["interview_place"],
                                 after=lambda: self._propose_interview_mail(card.id))

        self.app.push_screen(form, chosen)

    def _propose_interview_mail(self, submission_id: int) -> None:
        """[mail.automations] interview_prep: the prep email and the confirmation, with the invite."""
        from deskcrm.screens.mail_automation import propose
        from deskcrm.store.mail_proposals import interview_proposals

        propose(self, "interview_prep", "Send the interview emails?",
                lambda conn, folder, options: interview_proposals(conn, folder, submission_id, options))

    def _ask_placement(self, card: Any) -> None:
        from deskcrm.store import moves

        self.read_then(lambda conn: moves.placement_defaults(conn, card.id), lambda d: self._placement_form(card, d))

    def _placement_form(self, card: Any, d, raw: dict[str, str] | None = None) -> None:
        from deskcrm.screens.dialogs.form import FormDialog, FormField

        title = f"Place {text.clean(d.candidate)} at {text.clean(d.company)}"
        fields = [
            FormField("offer_accepted_on", "Offer accepted", validate.required(dates.day),
                      value=d.offer_accepted_on.isoformat(), required=True),
            FormField("start_date", "Start date", validate.required(dates.day_ahead),
                      value=d.start_date.isoformat(), required=True, describe=dates.read_ahead),
            FormField("salary", "Salary", _signed_money, value=plain(d.salary), required=d.job_type != "contract",
                      currency_of="currency",
                      hint=d.salary_note or ("a contract's salary is optional" if d.job_type == "contract" else "")),
            FormField("currency", "Currency", validate.required(validate.currency), value=d.currency, required=True),
            FormField("fee_percent", "Fee %", _signed_number, value=plain(d.fee_percent),
                      hint=f"{text.clean(d.job_title)}: the job's fee terms (or the client agreement); editable"),
            FormField("flat_fee", "Flat fee", _signed_money, value=plain(d.flat_fee), hint="a flat fee wins over the %",
                      currency_of="currency", value_currency=d.flat_fee_currency or ""),
            *_contract_block(d),
            *boxes_of(self.app, "placement", currency=d.currency),  # the desk's own placement fields
        ]

        from deskcrm.config.settings import amount_limits

        limits, job_range = amount_limits(self.desk.settings), (d.comp_min, d.comp_max)

        def doubt(values):  # a salary or fee 10× the job's range: "save anyway?"
            return pipeline_rules.placement_doubts(_placement_input(values), job_range, limits)

        def make_form(raw, banner):
            return FormDialog(title, fields, raw=raw, banner=banner, check=_placement_check, doubt=doubt,
                              submit_label="Place")

        def chosen(result) -> None:
            if result is None or result.cancelled:
                return
            placement = _placement_input(result.values)
            if d.other_open_submissions:
                # esc on the question goes back to this form, everything typed kept
                self._ask_withdraw(card, placement, d.other_open_submissions,
                                   back=lambda: self._placement_form(card, d, result.raw))
            else:
                self.commit_move(card, "placed", placement=placement)

        self.app.push_screen(make_form(raw, None), chosen)

    def _ask_withdraw(self, card: Any, placement, others: int, back=None) -> None:
        from deskcrm.screens.dialogs.confirm import ConfirmDialog

        plural = "submission" if others == 1 else "submissions"
        question = (f"{self.card_name(card)} has {others} other open {plural}. "
                    f"Withdraw {'it' if others == 1 else 'them'} (Candidate withdrew)?")

        def answered(yes: bool | None) -> None:
            if yes is None:
                if back is not None:
                    back()
                else:
                    text.notify(self.app, "Not placed: nothing was changed")
                return
            self.commit_move(card, "placed", placement=placement, withdraw_others=yes)

        self.app.push_screen(ConfirmDialog(f"Withdraw other {plural}?", question, no=True,
                                           cancel="back to the form" if back else "cancel"), answered)


def _interview_read_as(at) -> str | None:
    """"read as Tue 1 Dec 2026 10:00 — in the past" before the save asks about it."""
    said = dates.read_as(at)
    return f"{said} — in the past" if said and pipeline_rules.past_interview(at, clock.now()) else said


def _signed_number(raw: str) -> float | None:
    """A number that may be negative or over 100: the placement rules say what is wrong with it."""
    value = validate.text(raw)
    if value is None:
        return None
    try:
        return float(value.rstrip("%").strip().replace(",", ""))
    except ValueError:
        raise validate.Invalid("not a number — e.g. 20 or 17.5%") from None


def _signed_money(raw: str) -> float | None:
    value = validate.text(raw)
    if value is None:
        return None
    negative = value.lstrip().startswith("-")
    amount = validate.money(value.lstrip().lstrip("-"))
    return -amount if negative and amount is not None else amount


def _contract_block(d) -> list:  # noqa: ANN001 - PlacementDefaults
    """Type, then the contract terms prefilled from the job's (``screens.contract_fields``)."""
    from deskcrm.screens.contract_fields import contract_fields, placement_type_field

    terms = {"bill_rate": d.bill_rate, "pay_rate": d.pay_rate, "rate_unit": d.rate_unit, "end_date": d.end_date}
    return [placement_type_field(d.job_type), *contract_fields(terms)]


def _placement_input(values: dict) -> pipeline_rules.PlacementInput:
    values = {**contract_values(values), "placement_type": values.get("placement_type") or "perm"}
    return pipeline_rules.PlacementInput(**{name: values.get(name) for name in PLACEMENT_FIELDS},
                                         custom={k: v for k, v in values.items() if k.startswith("custom_")})


def _placement_check(values: dict) -> dict[str, str]:
    if values.get("offer_accepted_on") is None or values.get("start_date") is None:
        return {}
    return pipeline_rules.placement_errors(_placement_input(values))
