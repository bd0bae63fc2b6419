"""One client account, whole: the call screen's data and the ``deskcrm client`` command's.

``load_account(conn, company_id, today=...)`` answers every question a recruiter has when a client
calls — contacts (hiring managers, billing, who left and when), fee agreement, open job orders with
their open submissions, placements with fee status, outstanding and overdue invoices, lifetime
value, NPS, last contact (and what was said), next check-in, the conversations with the company and
its contacts, and apart from them the stage changes and system records — in a handful of ``company_id``/``person_id``-indexed queries. ``job_match_counts`` is
the second step: for each open job, how many people in the database match it (the search engine's
count of ``job_query(job)``), run after the account is on screen.

Definitions (tested against hand-computed fixtures):
- lifetime value: paid fees less credits (``clients.LTV_SQL``)
- outstanding: fees invoiced and not yet paid, less what was credited on them; overdue: those
  whose ``invoice_due`` < today
- every amount is per currency (``Money.by_currency``: each placement's fee is in its own
  currency — a merge or a changed agreement leaves a company with several); amounts in
  different currencies are never added. ``Money.lifetime_value`` (and the other single
  figures) is the amount in the agreement's currency when every such amount is in it, else None
- credits: every ``credited_amount`` (a failed guarantee's refund, a fee credited); replacements
  owed: placements whose guarantee failed with a replacement owed (each placement says how what
  it owes was worked out: ``guarantee_rules``)
- last placement: the newest offer-accepted date of a placement that did not fall off
- alumni: current or former contacts who have a placement row as the candidate (anywhere)
- timeline: the conversations — calls (answered or not), emails, meetings and notes — on the
  company or with its contacts; ``system_events``: the stage changes (its candidates' moves on its
  jobs, its own BD moves) and system records, which would otherwise bury them
- last touch: the activity ``last_contact`` is the date of (the newest touch on the company)

Plain ``sqlite3``, frozen dataclasses, read-only. Timestamps are naive local datetimes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from deskcrm.store import search_sql
from deskcrm.store.db import Connection
from deskcrm.domain.client_rules import PRORATA
from deskcrm.domain.guarantee_rules import GuaranteeOutcome, guarantee_outcome
from deskcrm.domain.stages import stage_label
from deskcrm.store.clients import (
    LTV_SQL,
    OPEN_JOB_STAGES,
    OPEN_SUBMISSION_STAGES,
    next_checkin,
)
from deskcrm.store.board_cards import ContractTerms, contract_terms
from deskcrm.store.labels import FEE_STATUS, KIND_LABELS
from deskcrm.store.last_contact import TOUCH_KINDS
from deskcrm.store.values import is_id, local, parse_date

TIMELINE_LIMIT = 30
SYSTEM_LIMIT = 12
SYSTEM_KINDS = ("stage_change", "system")
PLACEMENTS_LIMIT = 20
_IN = "({})".format
_OPEN_JOBS = _IN(", ".join(f"'{s}'" for s in OPEN_JOB_STAGES))
_OPEN_SUBS = _IN(", ".join(f"'{s}'" for s in OPEN_SUBMISSION_STAGES))
_TOUCHES = _IN(", ".join(f"'{k}'" for k in TOUCH_KINDS))
_SYSTEM = _IN(", ".join(f"'{k}'" for k in SYSTEM_KINDS))


@dataclass(frozen=True, slots=True)
class Contact:
    role_id: int
    person_id: int
    name: str
    title: str | None
    email: str | None
    phone: str | None
    hiring_manager: bool
    billing: bool
    left_at: date | None  # set: left the company (history kept)
    alumni: bool  # a former candidate we placed
    version: int  # of the contact_role row


@dataclass(frozen=True, slots=True)
class FeeAgreement:
    fee_percent: float | None
    flat_fee: float | None
    currency: str
    payment_terms_days: int
    guarantee_days: int
    prorata_rule: str

    @property
    def agreed(self) -> bool:
        """A fee is set (a percentage or a flat amount)."""
        return self.fee_percent is not None or self.flat_fee is not None


@dataclass(frozen=True, slots=True)
class OpenJob:
    id: int
    title: str
    stage: str
    stage_label: str
    openings: int
    open_submissions: int
    skills: tuple[str, ...]
    city: str | None
    remote: str
    opened_on: date | None
    owner: str | None
    query: str  # the search that finds people matching it


@dataclass(frozen=True, slots=True)
class AccountPlacement:
    id: int
    person_id: int
    candidate: str
    job_title: str
    offer_accepted_on: date | None
    start_date: date | None
    fee_amount: float
    currency: str
    fee_status: str
    fee_status_label: str
    invoice_due: date | None
    overdue: bool  # invoiced, due date passed
    status: str
    status_label: str
    credited: float = 0.0  # credited to the client (a failed guarantee's refund, a credited fee)
    owed: str | None = None  # after a failed guarantee: "refund" | "replacement" | None
    left_on: date | None = None  # the last day worked, when the guarantee failed
    guarantee: GuaranteeOutcome | None = None  # a failed guarantee: what it owes, and how that was worked out
    terms: ContractTerms | None = None  # a contract placement's rates and end date


@dataclass(frozen=True, slots=True)
class AccountEvent:
    at: datetime
    kind: str
    label: str
    body: str
    person: str | None
    job: str | None
    author: str | None = None  # the initials of who logged it


@dataclass(frozen=True, slots=True)
class CurrencyMoney:
    """A company's figures in one currency."""

    currency: str
    lifetime_value: float = 0.0
    credits: float = 0.0
    outstanding: float = 0.0
    overdue: float = 0.0
    outstanding_count: int = 0  # invoices
    overdue_count: int = 0


FIGURES = ("lifetime_value", "credits", "outstanding", "overdue")


@dataclass(frozen=True, slots=True)
class Money:
    # Each single figure: the amount in the agreement's currency when every amount of it is in
    # that currency; None when some are in another (read ``by_currency`` / ``sums``).
    lifetime_value: float | None
    outstanding: float | None
    outstanding_count: int
    overdue: float | None
    overdue_count: int
    placements: int  # all placements, fell-offs included
    placements_year: int
    last_placement: date | None
    credits: float | None = 0.0  # every credited amount
    replacements_owed: int = 0  # failed guarantees that owe the client a replacement
    by_currency: tuple[CurrencyMoney, ...] = ()  # the agreement's currency first, then by lifetime value

    def sums(self, figure: str) -> tuple[tuple[str, float], ...]:
        """``figure`` (one of ``FIGURES``) as (currency, amount) pairs, the ones that are not 0,
        in ``by_currency`` order — what ``amounts.money_totals`` takes."""
        return tuple((c.currency, getattr(c, figure)) for c in self.by_currency if getattr(c, figure))


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    version: int
    name: str
    industry: str | None
    size: str | None
    city: str | None
    country: str | None
    website: str | None
    bd_stage: str
    bd_label: str
    owner_name: str | None
    owner_initials: str | None
    notes: str | None
    nps: int | None
    cadence_days: int | None
    last_contact: datetime | None
    last_touch: AccountEvent | None  # what was said then (the activity itself)
    next_checkin: date | None
    checkin_overdue: bool
    fee: FeeAgreement
    money: Money
    contacts: tuple[Contact, ...]  # current (hiring managers, billing first), then who left
    jobs: tuple[OpenJob, ...]
    placements: tuple[AccountPlacement, ...]  # newest first, at most PLACEMENTS_LIMIT
    timeline: tuple[AccountEvent, ...]  # conversations, newest first, at most TIMELINE_LIMIT
    system_events: tuple[AccountEvent, ...]  # stage changes and system records, newest first, at most SYSTEM_LIMIT
    # the company's custom fields (store.custom_values): (label, value shown) of the live ones,
    # and the stored values by key (what the edit form starts from)
    custom: tuple[tuple[str, str], ...] = ()
    custom_values: dict = field(default_factory=dict)

    @property
    def alumni(self) -> tuple[Contact, ...]:
        return tuple(c for c in self.contacts if c.alumni)

    @property
    def location(self) -> str:
        return ", ".join(x for x in (self.city, self.country) if x)


def _strings(value: str | None) -> tuple[str, ...]:
    try:
        found = json.loads(value) if value else []
    except ValueError:
        return ()
    return tuple(str(x) for x in found if x not in (None, "")) if isinstance(found, list) else ()


def job_query(skills: tuple[str, ...], city: str | None, remote: str = "onsite", title: str = "") -> str:
    """The search for people who match a job: its first three skills (a job without skills: the
    words of its title), its city (unless remote), active candidates. Values are quoted (quotes
    inside dropped) so a skill of several words stays one filter."""

    def quoted(value: str) -> str:
        value = " ".join(value.replace('"', " ").split())
        return f'"{value}"' if value else ""

    parts = [f"skill:{q}" for q in (quoted(s) for s in skills[:3]) if q]
    if not parts and quoted(title):
        parts.append(quoted(title))
    if city and remote != "remote" and quoted(city):
        parts.append(f"city:{quoted(city)}")
    parts.append("status:active")
    return " ".join(parts)


def company_exists(conn: Connection, company_id: int) -> bool:
    return conn.execute("SELECT 1 FROM company WHERE id = ?", (company_id,)).fetchone() is not None


def load_account(conn: Connection, company_id: int, *, today: date,
                 timeline_limit: int = TIMELINE_LIMIT) -> Account | None:
    """The whole account, or None when there is no such company."""
    c = conn.execute(
        """SELECT c.id, c.version, c.name, c.industry, c.size, c.city, c.country, c.website, c.bd_stage,
                  r.name, r.initials, c.notes, c.nps, c.checkin_cadence_days, c.fee_percent, c.flat_fee,
                  c.fee_currency, c.payment_terms_days, c.guarantee_days, c.prorata_rule, c.custom
           FROM company c LEFT JOIN recruiter r ON r.id = c.owner_id WHERE c.id = ?""",
        (company_id,),
    ).fetchone()
    if c is None:
        return None
    touch = _events(conn, f"a.company_id = ? AND a.kind IN {_TOUCHES} ORDER BY a.at DESC, a.id DESC LIMIT 1",
                    (company_id,))
    last = touch[0].at if touch else None
    cadence = c[13]
    due = next_checkin(c[8], cadence, last.date() if last else None, today)
    contacts = _contacts(conn, company_id)
    people = [x.person_id for x in contacts]
    return Account(
        id=c[0], version=c[1], name=c[2], industry=c[3], size=c[4], city=c[5], country=c[6], website=c[7],
        bd_stage=c[8], bd_label=stage_label("client", c[8]), owner_name=c[9], owner_initials=c[10], notes=c[11],
        nps=c[12], cadence_days=cadence, last_contact=last, last_touch=touch[0] if touch else None, next_checkin=due,
        checkin_overdue=due is not None and (due < today or last is None),
        fee=FeeAgreement(c[14], c[15], c[16] or "", c[17], c[18], c[19] or "none"),
        money=_money(conn, company_id, c[16] or "", today),
        contacts=contacts,
        jobs=_jobs(conn, company_id),
        placements=_placements(conn, company_id, today),
        timeline=_timeline(conn, company_id, people, timeline_limit, system=False),
        system_events=_timeline(conn, company_id, people, SYSTEM_LIMIT, system=True),
        **_custom(conn, c[20]),
    )


def _custom(conn: Connection, stored: str | None) -> dict:
    from deskcrm.store.custom_values import loads, record_labelled

    values = loads(stored)
    if not values:
        return {}
    return {"custom": record_labelled(conn, "company", values), "custom_values": values}


def _contacts(conn: Connection, company_id: int) -> tuple[Contact, ...]:
    rows = conn.execute(
        """SELECT cr.id, p.id, p.name, cr.title, p.email, p.phone, cr.is_hiring_manager, cr.is_billing, cr.left_at,
                  EXISTS (SELECT 1 FROM placement pl WHERE pl.person_id = p.id), cr.version
           FROM contact_role cr JOIN person p ON p.id = cr.person_id
           WHERE cr.company_id = ? AND p.erased_at IS NULL
           ORDER BY cr.left_at IS NOT NULL, cr.is_hiring_manager DESC, cr.is_billing DESC, p.name, cr.id""",
        (company_id,),
    ).fetchall()
    return tuple(
        Contact(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), bool(r[7]), parse_date(r[8]), bool(r[9]), r[10])
        for r in rows
    )


def _money(conn: Connection, company_id: int, agreed: str, today: date) -> Money:
    """The money figures, per currency (``agreed``: the agreement's currency, first)."""
    rows = conn.execute(
        f"""SELECT coalesce(pl.currency, '') AS cur, {LTV_SQL},
                  coalesce(sum(pl.credited_amount), 0),
                  coalesce(sum(CASE WHEN pl.fee_status = 'invoiced' THEN pl.fee_amount - pl.credited_amount END), 0),
                  coalesce(sum(CASE WHEN pl.fee_status = 'invoiced' AND pl.invoice_due < :today
                               THEN pl.fee_amount - pl.credited_amount END), 0),
                  count(CASE WHEN pl.fee_status = 'invoiced' THEN 1 END),
                  count(CASE WHEN pl.fee_status = 'invoiced' AND pl.invoice_due < :today THEN 1 END),
                  count(*),
                  count(CASE WHEN pl.offer_accepted_on >= :year AND pl.status != 'fell_off' THEN 1 END),
                  max(CASE WHEN pl.status != 'fell_off' THEN pl.offer_accepted_on END),
                  count(CASE WHEN pl.status = 'guarantee_failed' AND pl.owed = 'replacement' THEN 1 END)
           FROM placement pl WHERE pl.company_id = :cid GROUP BY cur""",
        {"cid": company_id, "today": today.isoformat(), "year": today.replace(month=1, day=1).isoformat()},
    ).fetchall()
    per = sorted((CurrencyMoney(r[0], float(r[1]), float(r[2]), float(r[3]), float(r[4]), int(r[5]), int(r[6]))
                  for r in rows),
                 key=lambda c: (c.currency != agreed, -c.lifetime_value, c.currency))

    def single(figure: str) -> float | None:
        amounts = [(c.currency, getattr(c, figure)) for c in per if getattr(c, figure)]
        return None if any(cur != agreed for cur, _ in amounts) else float(sum(a for _, a in amounts))

    last = max((r[9] for r in rows if r[9]), default=None)
    return Money(single("lifetime_value"), single("outstanding"), sum(int(r[5]) for r in rows), single("overdue"),
                 sum(int(r[6]) for r in rows), sum(int(r[7]) for r in rows), sum(int(r[8]) for r in rows),
                 parse_date(last), single("credits"), sum(int(r[10]) for r in rows), tuple(per))


def _jobs(conn: Connection, company_id: int) -> tuple[OpenJob, ...]:
    rows = conn.execute(
        f"""SELECT j.id, j.title, j.stage, j.openings, j.skills, j.city, j.remote, j.opened_on, r.initials,
                   (SELECT count(*) FROM submission s WHERE s.job_id = j.id AND s.stage IN {_OPEN_SUBS})
            FROM job_order j LEFT JOIN recruiter r ON r.id = j.owner_id
            WHERE j.company_id = ? AND j.stage IN {_OPEN_JOBS}
            ORDER BY j.urgency DESC, j.opened_on, j.id""",
        (company_id,),
    ).fetchall()
    out = []
    for jid, title, stage, openings, skills, city, remote, opened, owner, subs in rows:
        sk = _strings(skills)
        out.append(OpenJob(jid, title, stage, stage_label("job", stage), openings, subs, sk, city, remote or "onsite",
                           parse_date(opened), owner, job_query(sk, city, remote or "onsite", title)))
    return tuple(out)


def _placements(conn: Connection, company_id: int, today: date) -> tuple[AccountPlacement, ...]:
    rows = conn.execute(
        """SELECT pl.id, pl.person_id, p.name, j.title, pl.offer_accepted_on, pl.start_date, pl.fee_amount,
                  pl.currency, pl.fee_status, pl.invoice_due, pl.status, pl.credited_amount, pl.owed, pl.owed_rule,
                  pl.left_on, pl.guarantee_days, pl.placement_type, pl.bill_rate, pl.pay_rate, pl.rate_unit, pl.end_date
           FROM placement pl JOIN person p ON p.id = pl.person_id JOIN job_order j ON j.id = pl.job_id
           WHERE pl.company_id = ? ORDER BY pl.offer_accepted_on DESC, pl.id DESC LIMIT ?""",
        (company_id, PLACEMENTS_LIMIT),
    ).fetchall()
    out = []
    for (pid, person_id, name, title, offer, start, fee, currency, fee_status, due, status, credited, owed, rule,
         left_on, gdays, *contract) in rows:
        due_on, start_on, left = parse_date(due), parse_date(start), parse_date(left_on)
        outcome = None
        if status == "guarantee_failed" and rule in PRORATA:
            outcome = guarantee_outcome(rule, owed, fee=float(fee), currency=currency or "", guarantee_days=gdays,
                                        start=start_on, left_on=left)
        out.append(AccountPlacement(
            pid, person_id, name, title, parse_date(offer), start_on, float(fee), currency or "",
            fee_status, FEE_STATUS.get(fee_status, fee_status), due_on,
            fee_status == "invoiced" and due_on is not None and due_on < today,
            status, stage_label("placement", status), float(credited or 0.0), owed, left, outcome,
            contract_terms(tuple(contract)),
        ))
    return tuple(out)


def _timeline(conn: Connection, company_id: int, people: list[int], limit: int, *,
              system: bool) -> tuple[AccountEvent, ...]:
    """Activities on the company or with any of its contacts, newest first — the conversations, or
    (``system``) the stage changes and system records: the newest ``limit`` of each source (index
    walks, the kind filtered on the way), merged."""
    kinds = f"kind {'IN' if system else 'NOT IN'} {_SYSTEM}"
    ids = {r[0] for r in conn.execute(
        f"SELECT id FROM activity WHERE company_id = ? AND {kinds} ORDER BY at DESC LIMIT ?", (company_id, limit))}
    for pid in dict.fromkeys(people):
        ids.update(r[0] for r in conn.execute(
            f"SELECT id FROM activity WHERE person_id = ? AND {kinds} ORDER BY at DESC LIMIT ?", (pid, limit)))
    if not ids:
        return ()
    return _events(conn, f"a.id IN ({','.join('?' * len(ids))}) ORDER BY a.at DESC, a.id DESC LIMIT ?", (*ids, limit))


def _events(conn: Connection, where: str, params: tuple) -> tuple[AccountEvent, ...]:
    rows = conn.execute(
        f"""SELECT a.at, a.kind, a.body, p.name, j.title, r.initials FROM activity a
            LEFT JOIN person p ON p.id = a.person_id LEFT JOIN job_order j ON j.id = a.job_id
            LEFT JOIN recruiter r ON r.id = a.author_id
            WHERE {where}""",
        params,
    ).fetchall()
    return tuple(
        AccountEvent(local(at), kind, KIND_LABELS.get(kind, kind), body or "", person, job, author)
        for at, kind, body, person, job, author in rows
    )


def job_match_counts(conn: Connection, jobs: tuple[OpenJob, ...], *, today: date,
                     me: str | None = None) -> dict[int, int]:
    """How many people match each open job: its strong matches, ranked as ``M`` ranks them
    (``store.match``: at least half its skills, in the right place)."""
    from deskcrm.store.match import count_strong

    return {job.id: count_strong(conn, job.id, today) for job in jobs}


def find_companies(conn: Connection, name_or_id: str, *, limit: int = 20) -> list[tuple[int, str]]:
    """Companies for the CLI: an id (``42`` or ``#42``), else an exact name (case-insensitive),
    else names containing the words. Returns (id, name) pairs, at most ``limit``."""
    wanted = name_or_id.strip()
    digits = wanted.removeprefix("#")
    if digits.isascii() and digits.isdigit() and is_id(int(digits)):
        found = conn.execute("SELECT id, name FROM company WHERE id = ?", (int(digits),)).fetchall()
        if found:
            return found
    text = search_sql.of(conn)  # case-insensitive text, as the engine spells it
    text.use_fold(conn)
    folded = text.fold_value(wanted)
    exact = conn.execute(f"SELECT id, name FROM company WHERE {text.folded('name')} = ? ORDER BY id",
                         (folded,)).fetchall()
    if exact or not folded:
        return exact[:limit]
    words = folded.split()
    where = " AND ".join(text.contains("name", "?") for _ in words)
    return conn.execute(f"SELECT id, name FROM company WHERE {where} ORDER BY name_norm, id LIMIT ?",
                        (*words, limit)).fetchall()
