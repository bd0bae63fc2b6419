"""The agency metrics' definitions, ONCE: each a named query — the set of rows a figure counts or
sums — with the short text that says what it means (the TUI's ``?``, the CLI's ``--help``, the
README). A report aggregates ``rows_sql(name, trace)``; the drill-down (``drill.records``) lists
the very same rows, so a figure and its records can never disagree.

Portable SQL (DESIGN.md §2): dates and stamps compared with ISO text parameters; no date
functions. ``:start`` / ``:after`` are the period's first day and the day after its last (as
UTC stamp text for stamp columns: local midnights), ``:today`` is the clock's day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from deskcrm.store.board_rows import JOB_FEE  # a job's expected fee: the jobs board's figure
from deskcrm.store.clients import LTV_PAID, LTV_VALUE
from deskcrm.store.reports.views import Trace
from deskcrm.store.values import midnight, ts

OPEN_JOBS = ("intake", "sourcing", "submitting", "interviewing", "offer")
FILLED_JOBS = ("placed", "closed_filled")
CLOSED_JOBS = ("placed", "closed_filled", "closed_lost", "closed_cancelled")  # on hold is not closed
LIVE = ("offer_accepted", "started", "guarantee_passed")
# The furthest stage a submission at each stage is known to have reached (the funnel): an exit
# says only where it ended — rejected by the client means it was submitted; rejected by us or
# withdrawn may have happened at any step, so it counts as sourced only.
REACHED = {"sourced": 0, "contacted": 1, "qualified": 2, "submitted": 3, "interviewing": 4, "offered": 5,
           "placed": 6, "rejected_by_us": 0, "candidate_withdrew": 0, "rejected_by_client": 3}
ACTIVITY_KINDS = ("call_talked", "call_voicemail", "call_no_answer", "email", "meeting")
FUNNEL = ("sourced", "contacted", "qualified", "submitted", "interviewing", "offered", "placed")

CREDIT_DAY = "coalesce(pl.left_on, pl.invoice_date, pl.offer_accepted_on)"
_PL = {"recruiter": "pl.recruiter_id", "company": "pl.company_id", "currency": "pl.currency"}
_JOB = {"recruiter": "j.owner_id", "company": "j.company_id"}
# a submission's recruiter and client are its job's: a subquery ({} is the parameter), so the
# team's figures read no job rows
_SUB = {"recruiter": "s.job_id IN (SELECT id FROM job_order WHERE owner_id = {})",
        "company": "s.job_id IN (SELECT id FROM job_order WHERE company_id = {})"}
_SOURCE = "(s.source = {0} OR (s.source IS NULL AND {0} = ''))"  # '' is "no source recorded"


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


@dataclass(frozen=True)
class Named:
    name: str
    entity: str  # what a row is: placement | job | submission | activity | company
    source: str  # FROM … (aliases: pl placement, j job_order, c company, s submission, a activity)
    where: str
    day: str  # the column that puts a row in the period (drill-down order, buckets)
    definition: str
    filters: dict[str, str] = field(default_factory=dict)  # trace argument -> SQL it must equal (or a
    # condition with ``{}`` where the parameter goes)
    amount: str | None = None
    currency: str | None = None
    stamp: bool = False  # ``day`` is a UTC timestamp (period bounds become local midnights)


def _q(*items: Named) -> dict[str, Named]:
    return {n.name: n for n in items}


QUERIES: dict[str, Named] = _q(
    Named("placed", "placement", "placement pl",
          "pl.offer_accepted_on >= :start AND pl.offer_accepted_on < :after AND pl.status != 'fell_off'",
          "pl.offer_accepted_on",
          "Placed: fees of offers accepted in the period (a placement that fell off before its start is not"
          " counted), by the day the offer was accepted.", _PL, "pl.fee_amount", "pl.currency"),
    Named("contract_margin", "placement", "placement pl",
          "pl.placement_type = 'contract' AND pl.bill_rate IS NOT NULL AND pl.pay_rate IS NOT NULL"
          " AND pl.offer_accepted_on >= :start AND pl.offer_accepted_on < :after AND pl.status != 'fell_off'",
          "pl.offer_accepted_on",
          "Contract margin: the margin (bill rate − pay rate, per hour or per day: never converted) of the"
          " contract placements whose offer was accepted in the period (one that fell off before its start is"
          " not counted), by the day the offer was accepted.",
          {**_PL, "unit": "pl.rate_unit"}, "pl.bill_rate - pl.pay_rate", "pl.currency"),
    Named("invoiced", "placement", "placement pl",
          "pl.invoice_date >= :start AND pl.invoice_date < :after", "pl.invoice_date",
          "Invoiced: fees invoiced in the period, by invoice date (the whole fee; credits are shown apart).",
          _PL, "pl.fee_amount", "pl.currency"),
    Named("paid", "placement", "placement pl",
          "pl.paid_on >= :start AND pl.paid_on < :after", "pl.paid_on",
          "Paid: fees paid in the period, by the day they were paid.", _PL, "pl.fee_amount", "pl.currency"),
    Named("credited", "placement", "placement pl",
          f"pl.credited_amount > 0 AND {CREDIT_DAY} >= :start AND {CREDIT_DAY} < :after", CREDIT_DAY,
          "Credited: fees credited back to clients, by the candidate's last day when a guarantee failed"
          " (a whole fee credited by hand has no date of its own: its invoice date, else its offer date).",
          _PL, "pl.credited_amount", "pl.currency"),
    Named("pipeline", "job", "job_order j JOIN company c ON c.id = j.company_id",
          f"j.stage IN {_in(OPEN_JOBS)}", "j.opened_on",
          "Weighted pipeline: each open job order's expected fee (its fee on the top of its salary range,"
          " times its openings; a contract job earns by its rates, not a fee) times its stage's weight"
          " ([report.stage_weights] in the config), as of today.",
          {**_JOB, "stage": "j.stage", "currency": "j.currency"}, JOB_FEE, "j.currency"),
    Named("not_invoiced", "placement", "placement pl",
          f"pl.status IN {_in(LIVE)} AND pl.fee_status = 'not_invoiced' AND pl.fee_amount > 0", "pl.offer_accepted_on",
          "Not yet invoiced: fees of live placements (offer accepted, started or passed) not invoiced yet (a"
          " contract placement without a fee earns by its rates: see Contract margin).",
          _PL, "pl.fee_amount", "pl.currency"),
    Named("unpaid", "placement", "placement pl", "pl.fee_status = 'invoiced'", "pl.invoice_due",
          "Not yet paid: invoiced fees not paid yet, less what was credited on them.",
          _PL, "pl.fee_amount - pl.credited_amount", "pl.currency"),
    Named("overdue", "placement", "placement pl", "pl.fee_status = 'invoiced' AND pl.invoice_due < :today",
          "pl.invoice_due", "Overdue: unpaid invoices past their due date.",
          _PL, "pl.fee_amount - pl.credited_amount", "pl.currency"),
    # a job's first accepted offer is in the period when none came before it: then it is the
    # earliest of the period's (f.first_offer)
    Named("filled", "job", """job_order j JOIN (SELECT pl.job_id, min(pl.offer_accepted_on) AS first_offer
                 FROM placement pl WHERE pl.offer_accepted_on >= :start AND pl.offer_accepted_on < :after
                 AND pl.status != 'fell_off' AND NOT EXISTS (SELECT 1 FROM placement p2
                     WHERE p2.job_id = pl.job_id AND p2.status != 'fell_off' AND p2.offer_accepted_on < :start)
                 GROUP BY pl.job_id) f ON f.job_id = j.id""", "j.id = f.job_id",
          "j.opened_on",
          "Time to fill: days from a job order's opening to its first accepted offer (a placement that fell"
          " off does not count; a job reopened keeps its first opening date), over the jobs whose first"
          " offer was accepted in the period: the median and the 75th percentile.", _JOB),
    Named("closed", "job", "job_order j",
          f"j.closed_on >= :start AND j.closed_on < :after AND j.stage IN {_in(CLOSED_JOBS)}", "j.closed_on",
          "Closed jobs: job orders closed in the period (filled, lost or cancelled; on hold is not closed,"
          " a reopened job is open again).", _JOB),
    Named("closed_filled", "job", "job_order j",
          f"j.closed_on >= :start AND j.closed_on < :after AND j.stage IN {_in(FILLED_JOBS)}", "j.closed_on",
          "Fill rate: filled ÷ closed job orders, over the jobs closed in the period.", _JOB),
    Named("client_value", "placement", "placement pl", LTV_PAID, "pl.paid_on",
          "Client lifetime value: paid fees less credits, over every placement ever (not only the period).",
          _PL, LTV_VALUE, "pl.currency"),
    Named("submissions", "submission", "submission s",
          "s.created_at >= :start AND s.created_at < :after", "s.created_at",
          "Source effectiveness: placements ÷ submissions by the submission's source, over the candidates"
          " put on a job in the period (a submission counts as placed when it is at Placed and its placement did not"
          " fall off).",
          {**_SUB, "source": _SOURCE, "reached": "s.stage"}, stamp=True),
    Named("source_placed", "submission", "submission s",
          """s.created_at >= :start AND s.created_at < :after AND s.stage = 'placed' AND EXISTS (SELECT 1 FROM placement pl
               WHERE pl.submission_id = s.id AND pl.status != 'fell_off')""", "s.created_at",
          "Placed submissions of the period, by source.", {**_SUB, "source": _SOURCE}, stamp=True),
    Named("guarantee_ended", "placement", "placement pl",
          "pl.guarantee_end >= :start AND pl.guarantee_end < :after"
          " AND pl.status IN ('guarantee_passed', 'guarantee_failed')", "pl.guarantee_end",
          "Guarantee pass rate: passed ÷ placements whose guarantee ended in the period with an outcome"
          " (passed or failed); ended ones not yet confirmed are shown apart.", _PL),
    Named("guarantee_passed", "placement", "placement pl",
          "pl.guarantee_end >= :start AND pl.guarantee_end < :after AND pl.status = 'guarantee_passed'",
          "pl.guarantee_end", "Placements whose guarantee ended in the period and passed.", _PL),
    Named("guarantee_unconfirmed", "placement", "placement pl",
          "pl.guarantee_end >= :start AND pl.guarantee_end < :after AND pl.guarantee_end < :today"
          " AND pl.status IN ('offer_accepted', 'started')", "pl.guarantee_end",
          "Guarantee ended, no outcome recorded yet (still Started): confirm them on the due list.", _PL),
    Named("activities", "activity", "activity a",
          f"a.kind IN {_in(ACTIVITY_KINDS)} AND a.at >= :start AND a.at < :after", "a.at",
          "Calls (talked / voicemail / no answer), emails and meetings logged in the week, by their author.",
          {"recruiter": "a.author_id", "company": "a.company_id", "kind": "a.kind"}, stamp=True),
    Named("moved_to", "activity", "activity a INDEXED BY ix_activity_moves",
          "a.kind = 'stage_change' AND a.submission_id IS NOT NULL AND a.at >= :start AND a.at < :after",
          "a.at",
          "Submissions / offers: candidates moved to Submitted / Offered in the week, by who moved them"
          " (read from the moves' activities under the stage's current and default names).",
          {"recruiter": "a.author_id", "company": "a.company_id", "body": "a.body"}, stamp=True),
    Named("moves", "activity", "activity a INDEXED BY ix_activity_moves",
          "a.kind = 'stage_change' AND a.at >= :start AND a.at < :after", "a.at",
          "Pipeline moves: every stage change (candidates on jobs, jobs, placements) in the week, by who made it.",
          {"recruiter": "a.author_id", "company": "a.company_id"}, stamp=True),
    Named("interviews", "submission", "submission s JOIN job_order j ON j.id = s.job_id",
          "s.interview_at >= :start AND s.interview_at < :after", "s.interview_at",
          "Interviews: interviews held (or booked) in the week, on the recruiter's job orders.", _JOB, stamp=True),
    Named("orders", "job", "job_order j", "j.opened_on >= :start AND j.opened_on < :after", "j.opened_on",
          "Orders: job orders the client opened in the period.", _JOB),
    Named("contacted", "company", "company c", "c.id = :company", "c.last_contact_at",
          "Days since last contact: since the newest call (talked or voicemail), email or meeting with the"
          " client or its contacts; a check-in is overdue when that is older than its check-in cadence.",
          {}, stamp=True),
)

# Figures made of the named queries above (their records are those queries' rows).
COMPOSED = {
    "revenue_per_recruiter": "Revenue per recruiter: the fees placed in the period (see Placed) per recruiter, against"
                             " their annual target pro-rated to the period's days (a recruiter without a target shows"
                             " none); the target is in [report] target_currency, else the desk's currency.",
    "coverage": "Pipeline coverage: the weighted open pipeline ÷ what is left of the period's target (targets less"
                " fees placed, never below 0), per target currency; none when nothing is left.",
    "funnel": "Funnel: of the submissions made in the period, how many got at least this far (an exit counts where"
              " it is known to have been: rejected by the client = submitted; rejected by us or withdrawn = sourced).",
}
DEFINITIONS: dict[str, str] = {**{name: q.definition for name, q in QUERIES.items()}, **COMPOSED}


def bounds(q: Named, start: date, after: date) -> dict[str, str]:
    if q.stamp:
        return {"start": ts(midnight(start)), "after": ts(midnight(after))}
    return {"start": start.isoformat(), "after": after.isoformat()}


def rows_sql(trace: Trace) -> tuple[Named, str, dict[str, Any]]:
    """The named query of ``trace``: (its definition, ``FROM … WHERE …`` SQL, parameters)."""
    q, where, params = parts(trace)
    return q, f"FROM {q.source} WHERE {where}", params


def parts(trace: Trace) -> tuple[Named, str, dict[str, Any]]:
    """The named query of ``trace``: (its definition, the WHERE conditions, parameters)."""
    try:
        q = QUERIES[trace.query]
    except KeyError:
        raise ValueError(f"{trace.query!r} is not a report query") from None
    args = dict(trace.args)
    params: dict[str, Any] = {}
    if "start" in args:
        params.update(bounds(q, args.pop("start"), args.pop("after")))
    if "today" in args:
        params["today"] = args.pop("today").isoformat()
    where = [q.where]
    if ":company" in q.where:
        params["company"] = args.pop("company")
    for name, value in args.items():
        column = q.filters.get(name)
        if column is None:
            raise ValueError(f"{trace.query}: no filter {name!r}")
        if isinstance(value, tuple):
            marks = []
            for i, v in enumerate(value):
                params[f"f_{name}_{i}"] = v
                marks.append(f":f_{name}_{i}")
            where.append(f"{column} IN ({', '.join(marks) or 'NULL'})")
        else:
            params[f"f_{name}"] = value
            where.append(column.format(f":f_{name}") if "{" in column else f"{column} = :f_{name}")
    return q, " AND ".join(f"({w})" for w in where), params
