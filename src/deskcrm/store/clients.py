"""The Clients section's list: companies with the figures a recruiter sorts and filters by.

``list_clients(conn, ClientFilter(...), today=..., limit=50, offset=0)`` reads one page by SQL
(``LIMIT``/``OFFSET``); ``count_clients`` counts the same filter. Every figure is derived here,
never stored twice (DESIGN.md §1):

- open jobs: job orders in a non-closed stage (``OPEN_JOB_STAGES``)
- placements this year: offer accepted since 1 January of ``today``'s year, fell-offs excluded
- lifetime value: paid fees less credits — for each placement whose fee was paid (``paid``, or
  ``credited`` after being paid), its fee minus its ``credited_amount`` (a credit on a fee not
  yet paid lowers what is owed, not what was earned)
- lifetime value per currency: each placement's fee is in its own currency (a merge or a
  changed agreement leaves a company with several), and amounts in different currencies are
  never added. A row has them all (``values``) and its *main* one (``lifetime_value`` in
  ``currency``): the agreement's currency when it has a value, else the largest
- sort by lifetime value: amounts in different currencies are not comparable (no exchange rates
  are kept), so the companies with a value come by the currency of their main value — the
  agency's main currency (the one most of the companies placed with are billed in) first, then
  the others by how many companies use them — and by value within each; the companies without a
  value come last, by name
- last contact: the newest activity on the company whose kind is a touch
  (``last_contact.TOUCH_KINDS``), as a local date — stored as ``company.last_contact_at``,
  which every write that changes it recomputes (``store.last_contact``)
- next check-in: last contact + ``checkin_cadence_days`` for active clients on a cadence (an
  active client on a cadence never contacted is due today); overdue when before today —
  the same rule as the due list's client check-in item

Plain ``sqlite3``, frozen dataclasses, read-only.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta

from deskcrm.stages import stage_label
from deskcrm.store.values import local

OPEN_JOB_STAGES = ("intake", "sourcing", "submitting", "interviewing", "offer")
OPEN_SUBMISSION_STAGES = ("sourced", "contacted", "qualified", "submitted", "interviewing", "offered")
# what the header says after "sorted by"
SORTS = {"name": "name", "value": "lifetime value", "checkin": "check-in, overdue first"}

_IN = "({})".format
_OPEN_JOBS = _IN(", ".join(f"'{s}'" for s in OPEN_JOB_STAGES))
# Paid fees less credits (see the module docstring). Used by the account screen too.
LTV_SQL = ("coalesce(sum(CASE WHEN pl.fee_status IN ('paid', 'credited') THEN pl.fee_amount - pl.credited_amount"
           " ELSE 0 END), 0)")


@dataclass(frozen=True, slots=True)
class ClientFilter:
    text: str = ""  # words in the name, city or industry (case-insensitive)
    active: bool = False  # BD stage "Active client" only
    overdue: bool = False  # next check-in before today
    mine: bool = False  # owned by ``me`` (settings.me initials)
    sort: str = "name"  # one of SORTS


@dataclass(frozen=True, slots=True)
class ClientRow:
    id: int
    name: str
    bd_stage: str
    bd_label: str
    city: str | None
    open_jobs: int
    placements_year: int
    lifetime_value: float  # the main value (see the module docstring), in ``currency``
    currency: str
    last_contact: date | None
    cadence_days: int | None
    next_checkin: date | None
    overdue: bool
    owner: str | None  # recruiter initials
    values: tuple[tuple[str, float], ...] = ()  # lifetime value in every currency, the main one first


def _fold(value: object) -> str | None:
    return value.casefold() if isinstance(value, str) else None


def _where(conn: sqlite3.Connection, f: ClientFilter, today: date, me: str | None) -> tuple[list[str], dict] | None:
    """The conditions on the company row itself, or None: no rows."""
    conn.create_function("deskcrm_fold", 1, _fold, deterministic=True)
    where: list[str] = []
    params: dict[str, object] = {"year_start": today.replace(month=1, day=1).isoformat(), "today": today.isoformat()}
    if f.active:
        where.append("c.bd_stage = 'active_client'")
    if f.mine:
        if not me:
            return None
        where.append("c.owner_id IN (SELECT id FROM recruiter WHERE upper(initials) = :me)")
        params["me"] = me.strip().upper()
    for i, word in enumerate(f.text.split()):
        where.append(f"(instr(deskcrm_fold(c.name), :w{i}) OR instr(deskcrm_fold(coalesce(c.city, '')), :w{i})"
                     f" OR instr(deskcrm_fold(coalesce(c.industry, '')), :w{i}))")
        params[f"w{i}"] = word.casefold()
    return where, params


def _base(conn: sqlite3.Connection, f: ClientFilter, today: date, me: str | None) -> tuple[str, dict] | None:
    """The query of a filter (derived columns included, so they filter and sort), or None: no rows."""
    found = _where(conn, f, today, me)
    if found is None:
        return None
    where, params = found
    sql = f"""
        SELECT c.id, c.name, c.name_norm, c.bd_stage, c.city, coalesce(pl.ltv_currency, c.fee_currency) AS currency,
               c.checkin_cadence_days, r.initials,
               (SELECT count(*) FROM job_order j WHERE j.company_id = c.id AND j.stage IN {_OPEN_JOBS}) AS open_jobs,
               coalesce(pl.year, 0) AS year, coalesce(pl.ltv, 0) AS ltv, coalesce(pl.currencies, 0) AS currencies,
               c.last_contact_at AS last_at
        FROM company c
        LEFT JOIN recruiter r ON r.id = c.owner_id
        LEFT JOIN ({_PER_COMPANY}) AS pl ON pl.company_id = c.id
        {"WHERE " + " AND ".join(where) if where else ""}
    """
    sql = f"""
        SELECT * FROM (
          SELECT *, CASE WHEN bd_stage = 'active_client' AND checkin_cadence_days > 0 THEN
                      CASE WHEN last_at IS NULL THEN :today
                           ELSE date(last_at, 'localtime', '+' || checkin_cadence_days || ' days') END
                    END AS next_checkin
          FROM ({sql}) AS base) AS x
    """
    if f.overdue:
        sql += " WHERE next_checkin < :today OR (next_checkin IS NOT NULL AND last_at IS NULL)"
    return sql, params


# Per company with placements: placements this year, and the main lifetime value (``rk = 1``:
# the agreement's currency when it has a value, else the largest) with its currency and how
# many currencies have a value. Per (company, currency) first: amounts are never added across.
_PER_COMPANY = f"""
    SELECT company_id, sum(year) AS year, max(CASE WHEN rk = 1 THEN cur END) AS ltv_currency,
           max(CASE WHEN rk = 1 THEN ltv END) AS ltv, sum(ltv != 0) AS currencies
    FROM (SELECT company_id, cur, year, ltv,
                 row_number() OVER (PARTITION BY company_id
                                    ORDER BY ltv != 0 DESC, cur = agreed DESC, ltv DESC, cur) AS rk
          FROM (SELECT pl.company_id, coalesce(pl.currency, '') AS cur, c2.fee_currency AS agreed,
                       sum(pl.offer_accepted_on >= :year_start AND pl.status != 'fell_off') AS year,
                       {LTV_SQL} AS ltv
                FROM placement pl JOIN company c2 ON c2.id = pl.company_id
                GROUP BY pl.company_id, cur, c2.fee_currency) AS per_currency) AS ranked
    GROUP BY company_id
"""

_ORDER = {
    "name": "name_norm, id",
    "checkin": "next_checkin IS NULL, next_checkin, name_norm, id",
}


def currency_order(conn: sqlite3.Connection) -> list[str]:
    """The fee currencies of the companies placed with (only they have a value), the one most of
    them are billed in first: the agency's main currency. Prospects do not count."""
    return [r[0] for r in conn.execute(
        "SELECT c.fee_currency FROM company c WHERE coalesce(c.fee_currency, '') != ''"
        " AND EXISTS (SELECT 1 FROM placement pl WHERE pl.company_id = c.id)"
        " GROUP BY c.fee_currency ORDER BY count(*) DESC, c.fee_currency")]


def _value_order(currencies: list[str], params: dict) -> str:
    """ORDER BY for the lifetime-value sort, ``currencies`` as ``currency_order`` gives them."""
    ranks = []
    for i, code in enumerate(currencies):
        params[f"cur{i}"] = code
        ranks.append(f"WHEN :cur{i} THEN {i}")
    by_currency = f"CASE currency {' '.join(ranks)} ELSE {len(ranks)} END, " if ranks else ""
    return f"ltv <= 0, {by_currency}ltv DESC, name_norm, id"


def list_clients(
    conn: sqlite3.Connection,
    f: ClientFilter = ClientFilter(),
    *,
    today: date,
    me: str | None = None,
    limit: int = 50,
    offset: int = 0,
    currencies: list[str] | None = None,
) -> list[ClientRow]:
    """One page of companies matching ``f``, in ``f.sort`` order (sorted by value: in the order
    of ``currencies``, read with ``currency_order`` when not given)."""
    base = _base(conn, f, today, me)
    if base is None:
        return []
    sql, params = base
    if f.sort == "value":
        order = _value_order(currency_order(conn) if currencies is None else currencies, params)
    else:
        order = _ORDER.get(f.sort, _ORDER["name"])
    sql += f" ORDER BY {order} LIMIT :limit OFFSET :offset"
    rows = conn.execute(sql, {**params, "limit": max(0, int(limit)), "offset": max(0, int(offset))}).fetchall()
    several = [r[0] for r in rows if (r[11] or 0) > 1]  # a value in several currencies: read them all
    every = _values(conn, several) if several else {}
    return [_row(r, today, every.get(r[0], ())) for r in rows]


def _values(conn: sqlite3.Connection, ids: list[int]) -> dict[int, tuple[tuple[str, float], ...]]:
    """Each company's lifetime value in every currency with one, the largest first (the caller
    puts the main one first)."""
    out: dict[int, list[tuple[str, float]]] = {}
    marks = ",".join("?" * len(ids))
    for cid, cur, ltv in conn.execute(
            f"SELECT pl.company_id, coalesce(pl.currency, '') AS cur, {LTV_SQL} AS ltv FROM placement pl"
            f" WHERE pl.company_id IN ({marks}) GROUP BY pl.company_id, cur ORDER BY ltv DESC, cur", ids):
        if ltv:
            out.setdefault(cid, []).append((cur, float(ltv)))
    return {cid: tuple(v) for cid, v in out.items()}


def count_clients(conn: sqlite3.Connection, f: ClientFilter = ClientFilter(), *, today: date,
                  me: str | None = None) -> int:
    if not f.overdue:  # the derived columns are not needed to count
        found = _where(conn, f, today, me)
        if found is None:
            return 0
        where, params = found
        sql = "SELECT count(*) FROM company c" + (" WHERE " + " AND ".join(where) if where else "")
        return int(conn.execute(sql, params).fetchone()[0])
    base = _base(conn, f, today, me)
    if base is None:
        return 0
    sql, params = base
    return int(conn.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0])


def _row(r: tuple, today: date, every: tuple[tuple[str, float], ...] = ()) -> ClientRow:
    cid, name, _norm, stage, city, currency, cadence, owner, open_jobs, year, ltv, _n, last_at, next_on = r
    last = local(last_at)
    next_checkin = date.fromisoformat(next_on) if next_on else None
    overdue = next_checkin is not None and (next_checkin < today or last is None)
    return ClientRow(
        id=cid, name=name, bd_stage=stage, bd_label=stage_label("client", stage), city=city,
        open_jobs=int(open_jobs or 0), placements_year=int(year or 0), lifetime_value=float(ltv or 0.0),
        currency=currency or "", last_contact=last.date() if last else None, cadence_days=cadence,
        next_checkin=next_checkin, overdue=overdue, owner=owner,
        values=((currency or "", float(ltv)), *(v for v in every if v[0] != currency)) if ltv else (),
    )


def next_checkin(bd_stage: str, cadence: int | None, last_contact: date | None, today: date) -> date | None:
    """The rule above as Python (the account screen): None when not on a cadence."""
    if bd_stage != "active_client" or not cadence or cadence <= 0:
        return None
    return today if last_contact is None else last_contact + timedelta(days=cadence)
