"""Due today: one pure function of (records, today, settings, stored state).

Nothing here asks the clock, the database or the UI: the store builds the ``*Facts`` records, the
caller passes ``today`` (from :mod:`deskcrm.domain.clock`), and the result is a sorted list of
:class:`DueItem`. The per-kind rules live in :mod:`deskcrm.domain.due_rules`; this module holds the
records, the state/snooze filter, the ordering and the small text helpers.

Stdlib only (DESIGN.md §2): no textual, rich, sqlalchemy, sqlmodel or sqlite3 imports.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta

from deskcrm.domain import due_rules
from deskcrm.domain.due_done import back_after, back_on, done_note
from deskcrm.domain.due_item import BUCKETS, KINDS, DueItem, DueSettings, group_by_bucket, lateness

__all__ = [
    "BUCKETS",
    "KINDS",
    "CandidateFacts",
    "CompanyFacts",
    "ConsentFacts",
    "DueFacts",
    "DueItem",
    "DueSettings",
    "DueState",
    "FollowUpFacts",
    "InterviewFacts",
    "PlacementFacts",
    "add_days",
    "back_on",
    "compute_due",
    "done_note",
    "group_by_bucket",
    "lateness",
]

_KIND_RANK = {kind: rank for rank, kind in enumerate(KINDS)}


# --------------------------------------------------------------------------- input records


@dataclass(frozen=True, slots=True)
class PlacementFacts:
    id: int
    candidate_id: int
    candidate_name: str
    company_id: int
    company_name: str
    job_id: int
    job_title: str
    status: str  # "offer_accepted" | "started" | "guarantee_passed" | "fell_off" | "guarantee_failed"
    start_date: date | None
    guarantee_end: date | None
    checkin_30: date | None
    checkin_60: date | None
    checkin_90: date | None
    checkin_30_done: bool
    checkin_60_done: bool
    checkin_90_done: bool
    fee_status: str  # "not_invoiced" | "invoiced" | "paid" | "credited"
    invoice_due: date | None
    fee_amount: float | None
    currency: str


@dataclass(frozen=True, slots=True)
class CompanyFacts:
    """A client's check-in cadence."""

    id: int
    name: str
    bd_stage: str  # "target" … "active_client", "dormant", "lost"
    checkin_cadence_days: int | None
    last_contact: date | None
    contact_id: int | None  # main hiring-manager person to call, if any
    contact_name: str | None


@dataclass(frozen=True, slots=True)
class CandidateFacts:
    """Nurture: candidates gone cold."""

    id: int
    name: str
    employer: str | None
    status: str  # "active" | "passive" | "placed" | "do_not_contact"
    last_touch: date | None
    created: date
    next_touch: date | None = None  # a scheduled follow-up: no nurture item meanwhile


@dataclass(frozen=True, slots=True)
class FollowUpFacts:
    """A next touch the recruiter scheduled (a call outcome sets it); due from that day."""

    person_id: int
    name: str
    company: str | None  # employer, or the company of a current contact role
    next_touch: date
    last_call: str | None = None  # "call_talked" | "call_voicemail" | "call_no_answer"
    last_call_on: date | None = None


@dataclass(frozen=True, slots=True)
class InterviewFacts:
    submission_id: int
    candidate_id: int
    candidate_name: str
    company_id: int
    company_name: str
    job_id: int
    job_title: str
    interview_at: datetime  # naive local


@dataclass(frozen=True, slots=True)
class ConsentFacts:
    person_id: int
    person_name: str
    sourced_at: date  # when we first recorded the person
    first_contact_at: date | None  # first outreach; the Art. 14 notice is due by then at the latest
    notice_sent_at: date | None
    expires_at: date | None  # consent / retention expiry
    withdrawn: bool


@dataclass(frozen=True, slots=True)
class DueFacts:
    placements: Sequence[PlacementFacts] = ()
    companies: Sequence[CompanyFacts] = ()
    candidates: Sequence[CandidateFacts] = ()
    interviews: Sequence[InterviewFacts] = ()
    consents: Sequence[ConsentFacts] = ()
    follow_ups: Sequence[FollowUpFacts] = ()
    retention_due: int = 0  # candidates past their retention review day (due_store.retention_count): one item


@dataclass(frozen=True, slots=True)
class DueState:
    """Stored done / snoozed state, keyed by :attr:`DueItem.key`: the local day each item was
    marked done (see :func:`back_on` for when a done item is listed again), and snoozes."""

    done: Mapping[str, date] = field(default_factory=dict)
    snoozed_until: Mapping[str, date] = field(default_factory=dict)


# --------------------------------------------------------------------------- output


def _fast_init(cls: type) -> Callable[..., object]:
    """A constructor for a frozen slots dataclass, same arguments as ``cls(...)``, ~2x faster.

    A frozen dataclass's ``__init__`` sets each field with ``object.__setattr__`` (a generic
    attribute lookup per field). Here the fields are set on a plain twin class with the same
    slots (plain attribute stores, which CPython specialises), and the finished object then
    becomes a ``cls`` (``__class__`` assignment, allowed between classes whose instances have
    the same layout). It matters only because thousands of items are built on every launch
    (budget: DESIGN.md §4); the result is an ordinary, frozen ``cls`` instance.
    """
    names = [f.name for f in fields(cls)]
    twin = type(f"_{cls.__name__}Twin", (), {"__slots__": tuple(cls.__slots__)})
    env = {"_new": object.__new__, "_twin": twin, "_cls": cls, "_set": object.__setattr__}
    body = "".join(f"    obj.{n} = {n}\n" for n in names)
    source = f"def make({', '.join(names)}):\n    obj = _new(_twin)\n{body}    _set(obj, '__class__', _cls)\n    return obj\n"
    exec(source, env)  # noqa: S102 - generated from the class's own field names only
    return env["make"]


_new_item = _fast_init(DueItem)


# --------------------------------------------------------------------------- date helpers


def add_days(d: date, days: int) -> date:
    """``d`` plus ``days`` calendar days (month ends and leap days included; negative allowed)."""
    return d + timedelta(days=days)


def days_between(earlier: date, later: date) -> int:
    """Whole calendar days from ``earlier`` to ``later`` (negative when reversed)."""
    return (later - earlier).days


# --------------------------------------------------------------------------- the collector


class Collector:
    """What the rules see: ``today``, ``settings`` and :meth:`emit`.

    ``emit`` only notes what a rule named; :meth:`items` then applies the stored state (done
    hides; a snooze hides until its date, then the item comes back flagged ``snoozed`` with its
    original due date), fills in bucket and lateness and builds the items, in one pass over what
    was named. Rules decide *whether* something is due; they never build a :class:`DueItem`.
    """

    __slots__ = ("_done", "_named", "_snoozed", "planned", "settings", "today")

    def __init__(self, today: date, settings: DueSettings, state: DueState) -> None:
        self.today = today
        self.settings = settings
        self._named: list[tuple] = []  # emit's arguments, in the order the rules named them
        self._done = state.done
        self._snoozed = state.snoozed_until
        self.planned: set[int] = set()  # people with an open follow-up (no nurture item for them)

    def is_done(self, key: str) -> bool:
        return key in self._done

    def emit(
        self,
        key: str,
        kind: str,
        due: date,
        title: str,
        person: str | None = None,
        person_id: int | None = None,
        company: str | None = None,
        company_id: int | None = None,
        job: str | None = None,
        job_id: int | None = None,
        placement_id: int | None = None,
        submission_id: int | None = None,
        every: int | None = None,
    ) -> None:
        """``every``: for an item whose "done" only acknowledges a fact that still holds, the
        days until it is listed again (see :func:`back_on`); None: done retires it for good."""
        self._named.append((key, kind, due, title, person, person_id, company, company_id, job, job_id,
                            placement_id, submission_id, every))

    def items(self) -> list[DueItem]:
        """Everything emitted that the stored state lets through, in display order."""
        today = self.today
        today_n = today.toordinal()
        done, snoozed = self._done, self._snoozed
        rank, unranked = _KIND_RANK, len(KINDS)
        seen: set[str] = set()
        rows: list[tuple[int, str, DueItem]] = []
        for (key, kind, due, title, person, person_id, company, company_id, job, job_id, placement_id,
             submission_id, every) in self._named:
            if key in seen:
                continue  # already listed (keys are unique: duplicate records collapse, the first wins)
            seen.add(key)
            done_on = done.get(key) if done else None
            if done_on is not None:
                back = back_after(kind, due, every, done_on)
                if back is None or back > today:
                    continue
            until = snoozed.get(key) if snoozed else None
            if until is not None and until > today:
                continue
            late = today_n - due.toordinal()
            item = _new_item(
                key, kind, "overdue" if late > 0 else ("today" if late == 0 else "upcoming"), due, late, title,
                person, person_id, company, company_id, job, job_id, placement_id, submission_id,
                until is not None or done_on is not None, every,
            )
            # Sort key: earliest due date first (= overdue most late first, then today, then
            # upcoming soonest first), then kind priority, then key. One int + one str compare.
            rows.append((rank.get(kind, unranked) - late * 16, key, item))
        rows.sort()  # keys are unique, so the items themselves are never compared
        return [row[2] for row in rows]


# --------------------------------------------------------------------------- public API


def compute_due(
    facts: DueFacts,
    today: date,
    settings: DueSettings = DueSettings(),
    state: DueState = DueState(),
) -> list[DueItem]:
    """Everything due on ``today``: overdue first (most late first), then today, then upcoming."""
    out = Collector(today, settings, state)
    due_rules.placement_items(facts.placements, out)
    due_rules.company_items(facts.companies, out)
    due_rules.follow_up_items(facts.follow_ups, out)  # before nurture: a follow-up replaces it
    due_rules.candidate_items(facts.candidates, out)
    due_rules.interview_items(facts.interviews, out)
    due_rules.consent_items(facts.consents, out)
    due_rules.retention_summary(facts.retention_due, out)
    return out.items()
