"""Is this company already on file? Checked before a company is created or renamed.

    matches = find_company_duplicates(conn, {"name": "Kestrel Life Sciences Ltd",
                                             "website": "https://www.kestrel.io/about"}, exclude_id=None)

Two rules, each one indexed lookup: the same folded name (``company.name_key``: case, accents,
punctuation and legal forms such as Ltd / GmbH / Inc dropped — ``client_rules.company_key``) or
the same website domain (``company.web_domain``: ``https://www.kestrel.io/about`` ≈
``kestrel.io``). Pairs the recruiter said are two companies (``company_not_duplicate``,
``company_a < company_b``) are never offered again — remembered by ``remember_not_duplicates``
in the same transaction as the save. Plain ``sqlite3``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from deskcrm.store.db import Connection
from deskcrm.domain.client_rules import company_key, web_domain
from deskcrm.domain.stages import stage_label
from deskcrm.store import journal
from deskcrm.store.clients import OPEN_JOB_STAGES

LIMIT = 10  # matches returned at most
_OPEN = ", ".join(f"'{s}'" for s in OPEN_JOB_STAGES)


@dataclass(frozen=True, slots=True)
class CompanyMatch:
    company_id: int
    name: str
    reasons: tuple[str, ...]  # "same name (Ltd, case and punctuation aside)", "same website kestrel.io"
    bd_label: str
    location: str | None
    website: str | None
    owner: str | None  # recruiter initials
    contacts: int  # current contacts
    open_jobs: int
    placements: int


def keys(values: Mapping[str, Any]) -> dict[str, str | None]:
    """The stored duplicate keys of a company's values (what every company write keeps)."""
    return {"name_key": company_key(values.get("name")), "web_domain": web_domain(values.get("website"))}


def not_duplicates(conn: Connection, company_id: int) -> set[int]:
    rows = conn.execute(
        "SELECT company_b FROM company_not_duplicate WHERE company_a = ?"
        " UNION SELECT company_a FROM company_not_duplicate WHERE company_b = ?",
        (company_id, company_id),
    ).fetchall()
    return {r[0] for r in rows}


def find_company_duplicates(
    conn: Connection, values: Mapping[str, Any], *, exclude_id: int | None = None
) -> list[CompanyMatch]:
    """Companies that may be the one described by ``values`` (name, website), both reasons
    first; never ``exclude_id`` (the company being edited) nor one remembered as different."""
    found = keys(values)
    reasons: dict[int, list[str]] = {}
    if found["name_key"]:
        for (cid,) in conn.execute("SELECT id FROM company WHERE name_key = ? ORDER BY id LIMIT ?",
                                   (found["name_key"], LIMIT + 1)):
            reasons.setdefault(cid, []).append("same name (case, accents, punctuation and Ltd/GmbH/Inc aside)")
    if found["web_domain"]:
        for (cid,) in conn.execute("SELECT id FROM company WHERE web_domain = ? ORDER BY id LIMIT ?",
                                   (found["web_domain"], LIMIT + 1)):
            reasons.setdefault(cid, []).append(f"same website {found['web_domain']}")
    skip = {exclude_id} | (not_duplicates(conn, exclude_id) if exclude_id is not None else set())
    ids = [cid for cid in reasons if cid not in skip]
    ids = sorted(ids, key=lambda cid: -len(reasons[cid]))[:LIMIT]
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f"""SELECT c.id, c.name, c.bd_stage, c.city, c.country, c.website, r.initials,
                   (SELECT count(*) FROM contact_role cr WHERE cr.company_id = c.id AND cr.left_at IS NULL),
                   (SELECT count(*) FROM job_order j WHERE j.company_id = c.id AND j.stage IN ({_OPEN})),
                   (SELECT count(*) FROM placement pl WHERE pl.company_id = c.id)
            FROM company c LEFT JOIN recruiter r ON r.id = c.owner_id WHERE c.id IN ({marks})""",
        ids,
    ).fetchall()
    by_id = {
        r[0]: CompanyMatch(r[0], r[1], tuple(reasons[r[0]]), stage_label("client", r[2]),
                           ", ".join(x for x in (r[3], r[4]) if x) or None, r[5], r[6], r[7], r[8], r[9])
        for r in rows
    }
    return [by_id[cid] for cid in ids if cid in by_id]


def remember_not_duplicates(conn: Connection, txn: str, company_id: int, others: Iterable[int],
                            now: str) -> None:
    """"Create anyway": these pairs are two companies (journaled with the save)."""
    for other in others:
        if int(other) == company_id:
            continue
        a, b = sorted((company_id, int(other)))
        if conn.execute("SELECT 1 FROM company_not_duplicate WHERE company_a = ? AND company_b = ?",
                        (a, b)).fetchone():
            continue
        journal.insert(conn, txn, "company_not_duplicate", {"company_a": a, "company_b": b, "decided_at": now})
