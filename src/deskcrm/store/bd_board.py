"""The business-development board: companies by BD stage (Target → Contacted → Meeting → Terms
sent → Active client; exits Dormant and Lost), and the move of a company between stages.

Reads return ``store.board_cards`` ``Board``/``Column`` like the other boards (``LIMIT`` per
column, counts by ``GROUP BY``); cards are in board order (``company.rank``, J/K), ties by name.
``move_company`` is one journaled transaction with a ``stage_change`` activity; a stale version
is a ``Conflict``; moving to Active client without a fee agreement needs ``fee`` values (the fee
agreement is written in the same transaction), else ``Invalid`` names the fee fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from deskcrm.store.locking import retry_once
from deskcrm.store.db import Connection
from deskcrm.domain.client_rules import FEE_FIELDS, company_errors, fee_summary
from deskcrm.domain.stages import PIPELINES, stage_label
from deskcrm.store import db, journal
from deskcrm.store.board_cards import Board, Column
from deskcrm.store.board_rows import owner_sql, words_sql
from deskcrm.store.clients import OPEN_JOB_STAGES
from deskcrm.store.errors import Invalid, StoreError
from deskcrm.store.move_base import MoveResult, activity, check_version, fetch, now
from deskcrm.store.values import local

_OPEN = "(" + ", ".join(f"'{s}'" for s in OPEN_JOB_STAGES) + ")"
NO_FEE = "Active client needs a fee agreement: a fee % or a flat fee"


@dataclass(frozen=True)
class CompanyCard:
    id: int
    version: int
    stage: str
    name: str
    city: str | None
    owner: str | None
    open_jobs: int
    last_contact: date | None
    fee_agreed: bool
    fee: str  # "20%", "flat EUR 12,000", "none"


def _where(text: str, owner: str | None) -> tuple[str, list[Any]]:
    words, params = words_sql(text, ("c.name", "c.city", "r.initials"))
    mine, who = owner_sql(owner)
    return words + mine, params + who


def bd_cards(conn: Connection, stage: str, *, offset: int = 0, limit: int = 40,
             text: str = "", owner: str | None = None) -> tuple[CompanyCard, ...]:
    """``owner`` (initials): only the companies that recruiter owns."""
    where, params = _where(text, owner)
    rows = conn.execute(
        f"""SELECT c.id, c.version, c.bd_stage, c.name, c.city, r.initials,
                   (SELECT count(*) FROM job_order j WHERE j.company_id = c.id AND j.stage IN {_OPEN}),
                   c.last_contact_at,
                   c.fee_percent, c.flat_fee, c.fee_currency
            FROM company c LEFT JOIN recruiter r ON r.id = c.owner_id
            WHERE c.bd_stage = ?{where} ORDER BY c.rank, c.name_norm, c.id LIMIT ? OFFSET ?""",
        (stage, *params, limit, offset),
    ).fetchall()
    out = []
    for cid, version, st, name, city, owner, jobs, last_at, pct, flat, cur in rows:
        last = local(last_at)
        out.append(CompanyCard(cid, version, st, name, city, owner, jobs, last.date() if last else None,
                               pct is not None or flat is not None, fee_summary(pct, flat, cur or "")))
    return tuple(out)


def bd_board(conn: Connection, *, text: str = "", owner: str | None = None, include_exits: bool = False,
             per_column: int = 40) -> Board:
    stages = [s.key for s in PIPELINES["client"] if include_exits or not s.exit]
    where, params = _where(text, owner)
    counts = dict(conn.execute(
        f"SELECT c.bd_stage, count(*) FROM company c LEFT JOIN recruiter r ON r.id = c.owner_id"
        f" WHERE TRUE{where} GROUP BY c.bd_stage", params).fetchall())
    return Board(tuple(
        Column(stage, counts.get(stage, 0), (),
               bd_cards(conn, stage, limit=per_column, text=text, owner=owner) if counts.get(stage) else (),
               stage_label("client", stage))
        for stage in stages
    ), "client")


@retry_once
def move_company(conn: Connection, company_id: int, to_stage: str, *, expected_version: int,
                 reason: str | None = None, fee: dict[str, Any] | None = None) -> MoveResult:
    """Move a company to ``to_stage`` (one transaction: the move, the fee agreement if given, an
    activity). Returns the txn (``ctrl+z`` undoes all of it)."""
    if to_stage not in {s.key for s in PIPELINES["client"]}:
        raise StoreError(f"{to_stage!r} is not a BD stage")
    fee = {k: v for k, v in (fee or {}).items() if k in FEE_FIELDS}
    errors = company_errors(fee)
    if errors:
        raise Invalid(errors)
    txn = journal.new_txn()
    with db.write(conn):
        company = fetch(conn, "company", company_id)
        check_version(company, "company", expected_version, company["name"])
        if company["bd_stage"] == to_stage:
            raise StoreError(f"{company['name']} is already in {stage_label('client', to_stage)}")
        merged = {**company, **fee}
        if to_stage == "active_client" and merged["fee_percent"] is None and merged["flat_fee"] is None:
            raise Invalid({"fee_percent": NO_FEE})
        if merged["fee_percent"] is not None and merged["flat_fee"] is not None:
            raise Invalid({"flat_fee": "a fee is a percentage OR a flat amount: clear one of them"})
        journal.update(conn, txn, "company", company_id, {**fee, "bd_stage": to_stage, "updated_at": now()})
        body = f"Moved to {stage_label('client', to_stage)}" + (f": {reason}" if reason else "")
        if fee:
            body += f" · fee agreement {fee_summary(merged['fee_percent'], merged['flat_fee'], merged['fee_currency'])}"
        activity(conn, txn, "stage_change", body, company_id=company_id)
    return MoveResult(txn, f"{company['name']} → {stage_label('client', to_stage)}")
