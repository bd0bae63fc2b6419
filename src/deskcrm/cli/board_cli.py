"""What `deskcrm jobs`, `deskcrm placements`, `deskcrm submissions` and `deskcrm move` do: the
boards' cards and moves (``store.board_rows`` reads whole columns as plain rows, ``store.moves``),
printed as a plain table or JSON, both written as they are read. A table stops at ``TABLE_LIMIT`` rows with a
last line saying how many more and how to see them (``--limit N``, ``--all``); JSON is every
row unless ``--limit N``.

Stages are given as a canonical key or the (renamed) label, any case. Bad input is a
``CliError`` naming the option and what to write (exit 2); a refused move (stale, invalid, a
rule) is the store's one-line message (exit 1).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from deskcrm.errors import CliError
from deskcrm.cli.launch import apply_settings, check_pretty, open_db, parse_option
from deskcrm.cli.output import echo, echo_json, echo_json_rows, echo_table

if TYPE_CHECKING:
    from deskcrm.store.db import Connection

PIPELINE = {"submission": "submission", "job": "job", "placement": "placement"}
_TABLES = {"submission": "submission", "job": "job_order", "placement": "placement"}
_OPTION = {"bill_rate": "--bill-rate", "pay_rate": "--pay-rate", "rate_unit": "--per", "end_date": "--end",
           "start_date": "--start", "offer_accepted_on": "--offer", "salary": "--salary", "fee_percent": "--fee",
           "flat_fee": "--fee", "currency": "--currency", "interview_at": "--interview-at",
           "interview_place": "--place", "owed": "--owed", "left_on": "--left",
           "placement": "--start/--salary", "stage": "STAGE"}
_LIVE_PLACEMENTS = ("offer_accepted", "started")
TABLE_LIMIT = 50  # rows a table prints unless --limit N or --all
_TIDY_S = 0.05  # after a move: at most this long merging the search index (store.search_merge.tidy)


@contextmanager
def _desk(db: str | None, check: str = "read") -> Iterator[Connection]:
    from deskcrm.config import settings as settings_mod
    from deskcrm.store import db as store_db

    apply_settings(settings_mod.load())
    conn = store_db.connect(open_db(db, check=check))
    try:
        yield conn
    finally:
        conn.close()


def stage_key(pipeline: str, text: str, option: str = "STAGE", *, added: bool = False) -> str:
    """The stage typed; ``added``: the stages a team added count too (a move's target)."""
    from deskcrm.domain.stages import PIPELINES, board, find

    key = find(pipeline, text, added=added)
    if key is None:
        names = ", ".join(s.label for s in (board(pipeline) if added else PIPELINES[pipeline]))
        raise CliError(f"{option} {text!r} is not a {pipeline} stage; use one of: {names}", 2)
    return key


def _most(limit: int | None, every: bool, as_json: bool) -> int | None:
    """How many rows to print: ``--limit N``; every one with ``--all`` or as JSON; else a table's worth."""
    if limit is not None and every:
        raise CliError("--limit and --all: give one (--limit N prints the first N, --all every one)", 2)
    if limit is not None and limit < 1:
        raise CliError(f"--limit {limit}: use a number of 1 or more", 2)
    if limit is not None:
        return limit
    return None if every or as_json else TABLE_LIMIT


class _Paged:
    """The first ``most`` of ``rows`` (every one when None); once read, ``more`` says whether
    there were more."""

    def __init__(self, rows: Iterator, most: int | None) -> None:
        self.rows, self.most = rows, most
        self.more = False

    def __iter__(self) -> Iterator:
        for n, row in enumerate(self.rows):
            if n == self.most:
                self.more = True
                return
            yield row

    def footer(self, n: int, noun: str, total: Callable[[], int], hint: str = "--limit N prints N, --all every one",
               shown: str = "") -> str:
        """"3 job orders", or when it stopped short, "50 of 825 job orders — 775 more: <hint>"."""
        if not self.more:
            return f"{n} {noun}{'s' if n != 1 else ''}{shown}"
        count = total()
        return f"{n} of {count} {noun}s{shown} — {count - n} more: {hint}"


# --------------------------------------------------------------------------- deskcrm jobs

_JOB_COLUMNS = (("ID", 7), ("Stage", 14), ("Title", 28), ("Client", 22), ("Filled", 6), ("Subs", 4),
                ("Owner", 5), ("Opened", 10), ("Urgency", 7))
_URGENCY = {1: "low", 2: "normal", 3: "hot"}


def contract_json(r) -> dict:  # noqa: ANN001 - a JobRow or a PlacementRow
    """A contract's terms in ``--json``: the rates, their unit, the margin (computed) and the end date."""
    from deskcrm.domain.contract_rates import margin

    m = margin(r.bill_rate, r.pay_rate)
    return {"bill_rate": r.bill_rate, "pay_rate": r.pay_rate, "rate_unit": r.rate_unit,
            "margin": m.amount if m else None, "margin_percent": m.percent if m else None, "end_date": r.end_date}


def print_jobs(db: str | None, stage: str | None, as_json: bool, pretty: bool = False, limit: int | None = None,
               every: bool = False) -> None:
    from deskcrm.domain.stages import PIPELINES, stage_label
    from deskcrm.store.board_rows import job_rows

    check_pretty(as_json, pretty)
    most = _most(limit, every, as_json)
    with _desk(db) as conn:
        if stage is None:
            stages = tuple(s.key for s in PIPELINES["job"] if not s.exit)  # the board's columns
        else:
            stages = (stage_key("job", stage, "--stage"),)
        labels = {key: stage_label("job", key) for key in stages}
        rows = _Paged(job_rows(conn, stages, None if most is None else most + 1), most)
        if as_json:
            echo_json_rows(({
                "id": r.id, "version": r.version, "stage": r.stage, "stage_label": labels[r.stage],
                "title": r.title, "company": r.company, "company_id": r.company_id, "owner": r.owner,
                "openings": r.openings, "filled": r.filled, "submissions": r.submissions,
                "opened_on": r.opened_on, "urgency": r.urgency,
                "fee_estimate": round(r.fee_estimate, 2) if r.fee_estimate is not None else None,
                "currency": r.currency, "job_type": r.job_type, **contract_json(r),
            } for r in rows), pretty=pretty)
            return

        def total() -> int:
            from deskcrm.store.boards import column_count

            return column_count(conn, "jobs", stages)

        table = ((r.id, labels[r.stage], r.title, r.company, f"{r.filled}/{r.openings}", r.submissions,
                  r.owner or "", r.opened_on or "", _URGENCY.get(r.urgency, r.urgency)) for r in rows)
        echo_table(_JOB_COLUMNS, table, lambda n: rows.footer(n, "job order", total))


# --------------------------------------------------------------------------- deskcrm placements

_PL_COLUMNS = (("ID", 7), ("Stage", 22), ("Candidate", 22), ("Client", 20), ("Start", 10), ("Fee", 14),
               ("Fee status", 12), ("Guarantee", 10), ("Check-in", 10))


def print_placements(db: str | None, stage: str | None, as_json: bool, pretty: bool = False,
                     limit: int | None = None, every: bool = False) -> None:
    from deskcrm.domain import clock
    from deskcrm.domain.stages import stage_label
    from deskcrm.store.board_rows import placement_rows

    check_pretty(as_json, pretty)
    most = _most(limit, every, as_json)
    with _desk(db) as conn:
        stages = _LIVE_PLACEMENTS if stage is None else (stage_key("placement", stage, "--stage"),)
        labels = {key: stage_label("placement", key) for key in stages}
        rows = _Paged(placement_rows(conn, stages, clock.today(), None if most is None else most + 1), most)
        if as_json:
            echo_json_rows(({
                "id": r.id, "version": r.version, "stage": r.stage, "stage_label": labels[r.stage],
                "candidate": r.candidate, "person_id": r.person_id, "company": r.company, "company_id": r.company_id,
                "job_id": r.job_id, "job_title": r.job_title, "start_date": r.start_date,
                "fee_amount": r.fee_amount, "currency": r.currency, "fee_status": r.fee_status,
                "guarantee_end": r.guarantee_end, "guarantee_days_left": r.guarantee_days_left,
                "next_checkin": r.next_checkin, "owner": r.owner, "placement_type": r.placement_type,
                **contract_json(r),
            } for r in rows), pretty=pretty)
            return
        from deskcrm.domain.amounts import money

        def total() -> int:
            from deskcrm.store.boards import column_count

            return column_count(conn, "placements", stages)

        table = ((r.id, labels[r.stage], r.candidate, r.company, r.start_date, money(r.fee_amount, r.currency),
                  r.fee_status.replace("_", " "), r.guarantee_end, r.next_checkin or "") for r in rows)
        echo_table(_PL_COLUMNS, table, lambda n: rows.footer(n, "placement", total))


# --------------------------------------------------------------------------- deskcrm submissions

_SUB_COLUMNS = (("ID", 7), ("Stage", 18), ("Candidate", 22), ("Job", 26), ("Client", 20), ("Changed", 16))


def print_submissions(db: str | None, job: int | None, person: int | None, stage: str | None, every: bool,
                      as_json: bool, pretty: bool = False, limit: int | None = None) -> None:
    from deskcrm.domain.stages import keys
    from deskcrm.store.errors import NotFound
    from deskcrm.store.submission_list import count_submissions, submissions

    if stage is not None and every:
        raise CliError("--stage and --all: give one (--stage lists one stage, --all every stage)", 2)
    check_pretty(as_json, pretty)
    most = _most(limit, False, as_json)  # here --all is every stage, not every row
    with _desk(db) as conn:
        only = keys("submission") if every else None if stage is None else (stage_key("submission", stage, "--stage"),)
        try:
            rows = _Paged(submissions(conn, job_id=job, person_id=person, stages=only,
                                      limit=None if most is None else most + 1), most)
        except NotFound as exc:
            option, value, see = ("--job", job, "deskcrm jobs") if exc.kind == "job order" else (
                "--person", person, "deskcrm search")
            raise CliError(f"{option} {value}: {exc} (see `{see}`)", 2) from None
        if as_json:
            echo_json_rows(({
                "id": r.id, "version": r.version, "stage": r.stage, "stage_label": r.stage_label,
                "person_id": r.person_id, "candidate": r.candidate, "job_id": r.job_id, "job_title": r.job_title,
                "company_id": r.company_id, "company": r.company, "stage_changed_at": _minutes(r.stage_changed_at),
                "interview_at": _minutes(r.interview_at), "interview_place": r.interview_place,
                "exit_reason": r.exit_reason,
            } for r in rows), pretty=pretty)
            return

        hint = "--limit N prints N" + ("; --all for placed and exits too" if only is None else "")

        def footer(n: int) -> str:
            if only is None and not rows.more:
                return f"{n} submission{'s' if n != 1 else ''} in play (--all for placed and exits too)"
            total = lambda: count_submissions(conn, job_id=job, person_id=person, stages=only)  # noqa: E731
            return rows.footer(n, "submission", total, hint, " in play" if only is None else "")

        echo_table(_SUB_COLUMNS, ((r.id, r.stage_label, r.candidate, r.job_title, r.company,
                                   _minutes(r.stage_changed_at) or "") for r in rows), footer)


def _minutes(value: datetime | None) -> str | None:
    return value.isoformat(sep=" ", timespec="minutes") if value else None


# --------------------------------------------------------------------------- deskcrm move


def _fee(raw: str | None) -> tuple[float | None, float | None] | None:
    """``20%`` / ``20`` is a percent; ``15k`` / ``15000`` (over 100) a flat fee."""
    from deskcrm.domain import validate

    if raw is None:
        return None
    text = raw.strip()
    if not text.endswith("%"):
        amount = parse_option(validate.money, text, "--fee")
        if amount is not None and amount > 100:
            return None, amount
    return parse_option(validate.percent, text, "--fee"), None


def move(db: str | None, kind: str, row_id: int, stage: str, options: dict[str, Any]) -> None:
    from deskcrm.domain import dates
    from deskcrm.store import moves
    from deskcrm.store.errors import Invalid
    from deskcrm.store.search_merge import tidy
    from deskcrm.store.values import is_id

    if kind not in PIPELINE:
        raise CliError(f"{kind!r}: say what to move: submission, job or placement", 2)
    with _desk(db, "write") as conn:  # reads the config first: how a date like 3/12/2026 reads
        from deskcrm.cli import launch
        from deskcrm.cli.recruiter_cli import sign

        sign(conn, launch.opened, options.get("me"))  # the move's activity and journal: who moved it
        interview_at = _interview_at(options)
        left_on = parse_option(dates.day, options.get("left"), "--left")
        if kind == "submission":  # a stage the team added is a move's target too
            from deskcrm.store.user_stages import load

            load(conn)
        to = stage_key(PIPELINE[kind], stage, added=kind == "submission")
        found = None
        if is_id(row_id):
            found = conn.execute(f"SELECT version FROM {_TABLES[kind]} WHERE id = ?", (row_id,)).fetchone()
        if found is None:
            raise CliError(f"{kind} {row_id} does not exist (see `deskcrm {kind}s`)", 2)
        version = found[0]
        _applies(PIPELINE[kind], to, options)
        _exit_needs(PIPELINE[kind], to, options)
        placement = _placement(conn, row_id, options) if kind == "submission" and to == "placed" else None
        read = [("interview", interview_at), ("last day", left_on)]
        if placement is not None:
            read += [("offer accepted", placement.offer_accepted_on if options.get("offer") else None),
                     ("start", placement.start_date)]
        try:
            if kind == "submission":
                result = moves.move_submission(
                    conn, row_id, to, expected_version=version, interview_at=interview_at,
                    interview_place=options.get("place"), exit_reason=options.get("reason"), withdraw_others=bool(options.get("withdraw_others")),
                    placement=placement)
            elif kind == "job":
                result = moves.move_job(conn, row_id, to, expected_version=version, reason=options.get("reason"))
            else:
                result = moves.move_placement(conn, row_id, to, expected_version=version, reason=options.get("reason"),
                                              owed=options.get("owed"), left_on=left_on)
        except Invalid as exc:
            raise CliError("; ".join(f"{_OPTION.get(k, k)}: {m}" for k, m in exc.field_errors.items()), 2) from None
        tidy(conn, seconds=_TIDY_S)  # merge what saves left in the search index, now that nobody waits
    message = _read_as(result.message, read)
    if options.get("as_json"):
        echo_json({"txn": result.txn, "message": message, "placement_id": result.placement_id,
                   "job_filled": result.job_filled, "job_reopened": result.job_reopened})
    else:
        echo(message + (f" (placement {result.placement_id})" if result.placement_id else ""))


def _read_as(message: str, read: list[tuple[str, date | datetime | None]]) -> str:
    """The store's message, then how each date or time typed was read ("… — interview Thu 10
    Dec 2026 14:00"): ``10/12`` is 10 Dec or 12 Oct depending on the config's date order."""
    from deskcrm.domain.dates import spoken

    said = ", ".join(f"{what} {spoken(value)}" for what, value in read if value is not None)
    return f"{message} — {said}" if said else message


# Options that apply only to some moves: option -> (its pipeline, the stages it applies to).
# ``--reason`` applies to every exit of any pipeline (checked apart).
_ONLY = {
    "interview_at": ("submission", ("interviewing",)), "place": ("submission", ("interviewing",)),
    "start": ("submission", ("placed",)), "salary": ("submission", ("placed",)),
    "fee": ("submission", ("placed",)), "offer": ("submission", ("placed",)),
    "currency": ("submission", ("placed",)), "withdraw_others": ("submission", ("placed",)),
    "bill_rate": ("submission", ("placed",)), "pay_rate": ("submission", ("placed",)),
    "per": ("submission", ("placed",)), "end": ("submission", ("placed",)),
    "force": ("submission", ("interviewing", "placed")),
    "owed": ("placement", ("guarantee_failed",)), "left": ("placement", ("guarantee_failed",)),
}


def _applies(pipeline: str, to: str, options: dict[str, Any]) -> None:
    """Refuse every option given that this move would not use (``--salary`` on a move to
    Contacted): a script that passes it expects it to do something."""
    from deskcrm.domain.stages import PIPELINES, stage_label

    wrong = []
    for name, value in options.items():
        if value is None or value is False or name in ("as_json", "me"):  # --me says who moves: any move
            continue
        flag = "--" + name.replace("_", "-")
        if name == "reason":
            exits = [s for s in PIPELINES[pipeline] if s.exit]
            if to not in {s.key for s in exits}:
                what = "a close" if pipeline == "job" else "an exit"
                wrong.append(f"{flag} applies only to a move to {what} "
                             f"({', '.join(stage_label(pipeline, s.key) for s in exits)})")
            continue
        needs, stages = _ONLY[name]
        if pipeline != needs or to not in stages:
            where = " or ".join(stage_label(needs, s) for s in stages)
            whose = "a" if pipeline == needs else f"a {needs}'s"
            wrong.append(f"{flag} applies only to {whose} move to {where}")
    if wrong:
        raise CliError("; ".join(wrong), 2)


def _exit_needs(pipeline: str, to: str, options: dict[str, Any]) -> None:
    """What the boards ask before an exit, the CLI needs as options: a reason (every exit and
    close), and for a failed guarantee whether a refund or a replacement is owed."""
    from deskcrm.domain.stages import PIPELINES, stage_label

    if not any(s.key == to and s.exit for s in PIPELINES[pipeline]):
        return
    label = stage_label(pipeline, to)
    if not (options.get("reason") or "").strip():
        raise CliError(f'--reason: moving to {label} needs a reason, e.g. --reason "Client froze the budget"', 2)
    if to == "guarantee_failed" and not options.get("owed"):
        raise CliError(f"--owed: moving to {label} needs what is owed: --owed refund or --owed replacement", 2)


def _interview_at(options: dict[str, Any]):
    """``--interview-at``; a time in the past needs ``--force`` (the board asks "save anyway?")."""
    from deskcrm.domain import clock, dates, pipeline_rules

    at = parse_option(dates.moment, options.get("interview_at"), "--interview-at")
    past = pipeline_rules.past_interview(at, clock.now())
    if past and not options.get("force"):
        raise CliError(f"--interview-at: {past}; add --force to save it anyway", 2)
    return at


def _placement(conn: Connection, submission_id: int, options: dict[str, Any]):
    from deskcrm.domain import dates, validate
    from deskcrm.domain.amounts import money
    from deskcrm.domain.pipeline_rules import PlacementInput
    from deskcrm.cli.contract_options import contract_terms
    from deskcrm.store.moves import placement_defaults

    start = parse_option(dates.day_ahead, options.get("start"), "--start")
    salary = parse_option(validate.money, options.get("salary"), "--salary")
    d = placement_defaults(conn, submission_id)
    contract = contract_terms(d, options)
    if start is None or (salary is None and contract is None):
        raise CliError("moving to Placed needs --start DATE and --salary AMOUNT, e.g. --start 2026-12-01 "
                       "--salary 85k (the fee comes from the client agreement unless --fee 20% or --fee 15k)", 2)
    fee = _fee(options.get("fee")) or (d.fee_percent, d.flat_fee)
    offer = parse_option(dates.day, options.get("offer"), "--offer") or d.offer_accepted_on
    currency = parse_option(validate.currency, options.get("currency"), "--currency") or d.currency
    if options.get("fee") is None and d.flat_fee is not None and d.flat_fee_currency and currency != d.flat_fee_currency:
        raise CliError(f"--currency {currency}: the flat fee agreed is {money(d.flat_fee, d.flat_fee_currency)}; give "
                       f"the fee in {currency} too (--fee 8.5k), or leave --currency out", 2)
    for name, flag in (("salary", "--salary"), ("fee", "--fee"), ("bill_rate", "--bill-rate"), ("pay_rate", "--pay-rate")):
        clash = validate.currency_clash(options.get(name), currency, "--currency")  # --salary £85k on a EUR job
        if clash:
            raise CliError(f"{flag}: {clash}", 2)
    placement = PlacementInput(offer, start, salary, currency, fee[0], fee[1], **(contract or {}))
    if not options.get("force"):
        _plausible(placement, (d.comp_min, d.comp_max))
    return placement


def _plausible(placement, job_range: tuple[float | None, float | None]) -> None:
    """A salary or fee over 10× the job's range or the ceiling (``[amounts]``) needs ``--force``:
    ``--salary 8500078000`` is more likely ``85000`` + ``78000`` than a salary."""
    from deskcrm.config import settings as settings_mod
    from deskcrm.domain.pipeline_rules import placement_doubts
    from deskcrm.text import clean

    doubts = placement_doubts(placement, job_range, settings_mod.amount_limits(settings_mod.load()))
    if doubts:
        said = "; ".join(f"{_OPTION.get(k, k)}: {clean(m)}" for k, m in doubts.items())
        raise CliError(f"{said} — check it, or add --force to save it anyway", 2)
