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

SQL written once for both engines (the next check-in's local day: ``store.date_sql``), frozen
dataclasses, read-only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from deskcrm.store import search_sql
from deskcrm.store.db import Connection
from deskcrm.store.date_sql import local_day_plus, zone_params
from deskcrm.domain.stages import stage_label
from deskcrm.store.values import local

OPEN_JOB_STAGES = ("intake", "sourcing", "submitting", "interviewing", "offer")
OPEN_SUBMISSION_STAGES = ("sourced", "contacted", "qualified", "submitted", "interviewing", "offered")
# what the header says after "sorted by"
SORTS = {"name": "name", "value": "lifetime value", "checkin": "check-in, overdue first"}

_IN = "({})".format
_OPEN_JOBS = _IN(", ".join(f"'{s}'" for s in OPEN_JOB_STAGES))
# Paid fees less credits (see the module docstring). Used by the account screen and the reports
# (``store.reports.named``: client lifetime value) too: the placements counted, and each one's value.
LTV_PAID = "pl.fee_status IN ('paid', 'credited')"
LTV_VALUE = "pl.fee_amount - pl.credited_amount"
LTV_TERM = f"CASE WHEN {LTV_PAID} THEN {LTV_VALUE} ELSE 0 END"
LTV_SQL = f"coalesce(sum({LTV_TERM}), 0)"


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


_CITY, _INDUSTRY = "coalesce(c.city, '')", "coalesce(c.industry, '')"  # the text filter's columns


def _where(conn: Connection, f: ClientFilter, today: date, me: str | None) -> tuple[list[str], dict] | None:
    """The conditions on the company row itself, or None: no rows."""
    text = search_sql.of(conn)  # case-insensitive text, as the engine spells it
    text.use_fold(conn)
    where: list[str] = []
    params: dict[str, object] = {"year_start": today.replace(month=1, day=1).isoformat(), "today": today.isoformat(),
                                 **zone_params(conn)}
    if f.active:
        where.append("c.bd_stage = 'active_client'")
    if f.mine:
        if not me:
            return None
        where.append("c.owner_id IN (SELECT id FROM recruiter WHERE upper(initials) = :me)")
        params["me"] = me.strip().upper()
    for i, word in enumerate(f.text.split()):
        tests = [text.contains(column, f":w{i}") for column in ("c.name", _CITY, _INDUSTRY)]
        where.append(f"({' OR '.join(tests)})")
        params[f"w{i}"] = text.fold_value(word)
    return where, params


# The last touch on a company (stored: ``store.last_contact``), and when its next check-in falls
# (active clients on a cadence only).
_LAST_AT = "c.last_contact_at"
def _next(conn: Connection, last: str) -> str:
    """SQL for the next check-in of a company whose last touch is ``last`` (the statement's
    parameters include ``date_sql.zone_params``): the local day of the touch + the cadence."""
    return f"""CASE WHEN c.bd_stage = 'active_client' AND c.checkin_cadence_days > 0 THEN
             CASE WHEN {last} IS NULL THEN :today
                  ELSE {local_day_plus(conn, last, "c.checkin_cadence_days")} END END"""
# Per company with placements (the value sort): the main lifetime value (``rk = 1``: the
# agreement's currency when it has a value, else the largest) and its currency. Per (company,
# currency) first: amounts are never added across.
_PER_COMPANY = f"""
    SELECT company_id, max(CASE WHEN rk = 1 THEN cur END) AS ltv_currency,
           max(CASE WHEN rk = 1 THEN ltv END) AS ltv
    FROM (SELECT company_id, cur, ltv,
                 row_number() OVER (PARTITION BY company_id
                                    ORDER BY ltv != 0 DESC, cur = agreed DESC, ltv DESC, cur) AS rk
          FROM (SELECT pl.company_id, coalesce(pl.currency, '') AS cur, c2.fee_currency AS agreed,
                       {LTV_SQL} AS ltv
                FROM placement pl JOIN company c2 ON c2.id = pl.company_id
                GROUP BY pl.company_id, cur, c2.fee_currency) AS per_currency) AS ranked
    GROUP BY company_id
"""


def _page(conn: Connection, f: ClientFilter, today: date, me: str | None,
          currencies: list[str] | None) -> tuple[str, dict, str] | None:
    """The ids of one page, in ``f.sort`` order with what it sorts on (``SELECT ... LIMIT``), the
    parameters, and the ORDER BY that keeps that order over the page's columns; None: no rows.

    Only the sort keys and the filters are computed for every company: a page sorted by name
    walks the ``name_norm`` index and stops after the page, and the figures of a row (open jobs,
    placements this year, ...) are computed for the page's rows alone (:func:`list_clients`)."""
    found = _where(conn, f, today, me)
    if found is None:
        return None
    where, params = found
    keys, joins = ["c.id AS id", "c.name_norm AS name_norm"], ""
    if f.sort == "value":
        # the main value of every company (one pass over the placements), in its currency
        keys += ["coalesce(v.ltv_currency, c.fee_currency) AS currency", "coalesce(v.ltv, 0) AS ltv"]
        joins = f" LEFT JOIN ({_PER_COMPANY}) AS v ON v.company_id = c.id"
        order = _value_order(currency_order(conn) if currencies is None else currencies, params)
    else:
        order = _ORDER.get(f.sort, _ORDER["name"])
    if f.sort == "checkin" or f.overdue:
        keys.append(f"{_next(conn, _LAST_AT)} AS next_checkin")
    if f.overdue:  # overdue: before today, or never contacted (due today, and already late)
        keys.append(f"CASE WHEN c.bd_stage = 'active_client' AND c.checkin_cadence_days > 0 THEN {_LAST_AT} END"
                    " AS seen_at")
    sql = f"SELECT {', '.join(keys)} FROM company c{joins}" + (" WHERE " + " AND ".join(where) if where else "")
    if f.sort in ("value", "checkin") and not f.overdue:  # the ORDER BY names the page's columns, not
        sql = f"SELECT * FROM ({sql}) AS k"  # v's (and PostgreSQL sorts on an expression of a column, not of an alias)
    if f.overdue:
        sql = (f"SELECT * FROM ({sql}) AS k"
               " WHERE k.next_checkin < :today OR (k.next_checkin IS NOT NULL AND k.seen_at IS NULL)")
    return sql, params, order


_ORDER = {
    "name": "name_norm, id",
    "checkin": "next_checkin IS NULL, next_checkin, name_norm, id",
}


CLIENT_CHOICES = 5000  # a picker's list of companies; a longer list is narrowed by typing in its filter box


def client_choices(conn: Connection, *, limit: int = CLIENT_CHOICES) -> list[tuple[int, str]]:
    """(id, name) of the companies, by name: the pickers' "which client?" lists (a new job order on
    the Job orders board, a report's client scope)."""
    return conn.execute("SELECT id, name FROM company ORDER BY name_norm, id LIMIT ?", (limit,)).fetchall()


def currency_order(conn: Connection) -> list[str]:
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
    conn: Connection,
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
    page = _page(conn, f, today, me, currencies)
    if page is None:
        return []
    sql, params, order = page
    # The page first (LIMIT in the inner query), then each row's figures, in the same order.
    rows = conn.execute(
        f"""SELECT c.id, c.name, c.name_norm, c.bd_stage, c.city, c.fee_currency, c.checkin_cadence_days,
                   r.initials,
                   (SELECT count(*) FROM job_order j WHERE j.company_id = c.id AND j.stage IN {_OPEN_JOBS}),
                   (SELECT count(*) FROM placement pl WHERE pl.company_id = c.id
                     AND pl.offer_accepted_on >= :year_start AND pl.status != 'fell_off'),
                   last_at, {_next(conn, "last_at")}
            FROM (SELECT k.*, {_LAST_AT} AS last_at
                  FROM ({sql} ORDER BY {order} LIMIT :limit OFFSET :offset) AS k
                  JOIN company c ON c.id = k.id) AS k
            JOIN company c ON c.id = k.id LEFT JOIN recruiter r ON r.id = c.owner_id
            ORDER BY {_outer(order)}""",
        {**params, "limit": max(0, int(limit)), "offset": max(0, int(offset))},
    ).fetchall()
    values = _values(conn, [r[0] for r in rows]) if rows else {}
    return [_row(r, today, values.get(r[0], {})) for r in rows]


def _values(conn: Connection, ids: list[int]) -> dict[int, dict[str, float]]:
    """Each company's lifetime value per currency of its placements (0 included: a company placed
    with and never paid has its currency all the same)."""
    out: dict[int, dict[str, float]] = {}
    marks = ",".join("?" * len(ids))
    for cid, cur, ltv in conn.execute(  # summed here: a GROUP BY would sort the page's placements
            f"SELECT pl.company_id, coalesce(pl.currency, ''), {LTV_TERM} FROM placement pl"
            f" WHERE pl.company_id IN ({marks})", ids):
        per = out.setdefault(cid, {})
        per[cur] = per.get(cur, 0.0) + float(ltv or 0.0)
    return out


def _main(agreed: str | None, by_currency: dict[str, float]) -> tuple[str | None, float]:
    """The main value (``_PER_COMPANY``'s ``rk = 1``): a currency with a value before one
    without, the agreement's first, then the largest value, then by code."""
    if not by_currency:
        return agreed, 0.0
    cur = min(by_currency, key=lambda c: (by_currency[c] == 0, c != agreed, -by_currency[c], c))
    return cur, by_currency[cur]


def _outer(order: str) -> str:
    """The page's ORDER BY over the page's own columns (``k.``: what the inner query sorted on)."""
    return re.sub(r"\b(next_checkin|name_norm|currency|ltv|id)\b", r"k.\1", order)


def count_clients(conn: Connection, f: ClientFilter = ClientFilter(), *, today: date,
                  me: str | None = None) -> int:
    if not f.overdue:  # the derived columns are not needed to count
        found = _where(conn, f, today, me)
        if found is None:
            return 0
        where, params = found
        sql = "SELECT count(*) FROM company c" + (" WHERE " + " AND ".join(where) if where else "")
        return int(conn.execute(sql, params).fetchone()[0])
    page = _page(conn, f, today, me, [])
    if page is None:
        return 0
    sql, params, _order = page
    return int(conn.execute(f"SELECT count(*) FROM ({sql}) AS n", params).fetchone()[0])


def _row(r: tuple, today: date, by_currency: dict[str, float]) -> ClientRow:
    cid, name, _norm, stage, city, agreed, cadence, owner, open_jobs, year, last_at, next_on = r
    currency, ltv = _main(agreed, by_currency)
    others = sorted(((c, v) for c, v in by_currency.items() if v and c != currency), key=lambda cv: (-cv[1], cv[0]))
    last = local(last_at)
    next_checkin = date.fromisoformat(next_on) if next_on else None
    overdue = next_checkin is not None and (next_checkin < today or last is None)
    return ClientRow(
        id=cid, name=name, bd_stage=stage, bd_label=stage_label("client", stage), city=city,
        open_jobs=int(open_jobs or 0), placements_year=int(year or 0), lifetime_value=float(ltv or 0.0),
        currency=currency or "", last_contact=last.date() if last else None, cadence_days=cadence,
        next_checkin=next_checkin, overdue=overdue, owner=owner,
        values=((currency or "", ltv), *others) if ltv else (),
    )


def next_checkin(bd_stage: str, cadence: int | None, last_contact: date | None, today: date) -> date | None:
    """The rule above as Python (the account screen): None when not on a cadence."""
    if bd_stage != "active_client" or not cadence or cadence <= 0:
        return None
    return today if last_contact is None else last_contact + timedelta(days=cadence)
