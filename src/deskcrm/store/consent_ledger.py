"""The consent ledger (issue 14): what the law asks recorded per person, with its history.

Each thing recorded — the lawful basis, the source, consent given (when, how, for what), consent
withdrawn, consent expiry, the Art. 14 notice sent (when, how), a retention review that kept the
data (``review``: the retention rule skips them for another period, ``store.retention_review``) — is a NEW ``consent_entry`` row
(never an overwrite: the person screen's privacy panel shows them all, newest first), and the
person's current ``consent`` row (the one the due rules read) takes the new value, in ONE
journalled transaction (``ctrl+z`` undoes both). Withdrawing consent also marks a candidate
do not contact in that transaction.

``apply`` does the work inside a caller's transaction (``due_store.mark_done`` records the notice
of an Art. 14 item with it); ``record`` is one write of its own. Values are checked here too
(the forms check them first): a bad one is ``Invalid`` naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from deskcrm.domain import clock
from deskcrm.store import db, journal
from deskcrm.store.db import Connection
from deskcrm.store.errors import Invalid, NotFound
from deskcrm.store.values import ds, parse_date, ts

KINDS = ("basis", "source", "given", "withdrawn", "expiry", "notice", "review")
KIND_LABELS = {"basis": "Lawful basis", "source": "Source", "given": "Consent given", "withdrawn": "Consent withdrawn",
               "expiry": "Consent expires", "notice": "Art. 14 notice sent", "review": "Retention review: kept"}
LAWFUL_BASES = {"consent": "Consent", "legitimate_interest": "Legitimate interest", "contract": "Contract"}
METHODS = {"email": "email", "letter": "letter", "phone": "phone", "in_person": "in person", "other": "other"}
_DATED = ("given", "withdrawn", "expiry", "notice", "review")  # need on_date
_PAST = ("given", "withdrawn", "notice", "review")  # happened: not after today
_HOW = ("given", "notice")  # need a method

FOLLOWS_WITHDRAWAL = "erase (D) or keep for retention review"


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    id: int
    kind: str
    on_date: date | None
    method: str | None
    detail: str | None
    recorded_at: str
    recruiter: str | None

    def describe(self) -> str:
        """One line, plain text (the caller renders it through deskcrm.text)."""
        parts = [KIND_LABELS.get(self.kind, self.kind)]
        if self.kind == "basis":
            parts.append(LAWFUL_BASES.get(self.detail or "", self.detail or ""))
        elif self.detail:
            parts.append(("for " if self.kind == "given" else "") + self.detail)
        if self.on_date is not None:
            parts.append(self.on_date.isoformat())
        if self.method:
            parts.append(f"by {METHODS.get(self.method, self.method)}")
        return " · ".join(p for p in parts if p)


def check(kind: str, *, on_date: date | None = None, method: str | None = None,
          detail: str | None = None) -> dict[str, str]:
    """What is wrong with these values (field -> message); empty when they can be recorded."""
    errors: dict[str, str] = {}
    if kind not in KINDS:
        return {"kind": f"{kind!r} is not one of {', '.join(KINDS)}"}
    if kind in _DATED and on_date is None:
        errors["on_date"] = "a date is needed"
    elif kind in _PAST and on_date is not None and on_date > clock.today():
        errors["on_date"] = "is after today — record it once it has happened"
    if kind in _HOW and method not in METHODS:
        errors["method"] = f"how: one of {', '.join(METHODS.values())}"
    elif method is not None and method not in METHODS:
        errors["method"] = f"how: one of {', '.join(METHODS.values())}"
    if kind == "basis" and detail not in LAWFUL_BASES:
        errors["detail"] = f"one of {', '.join(LAWFUL_BASES.values()).lower()}"
    if kind in ("source", "given") and not (detail or "").strip():
        errors["detail"] = "what it was given for is needed" if kind == "given" else "a source is needed"
    return errors


@dataclass(frozen=True, slots=True)
class Recorded:
    txn: str
    do_not_contact: bool  # a withdrawal marked a candidate do not contact (a contact has no such status)


def record(conn: Connection, person_id: int, kind: str, *, on_date: date | None = None,
           method: str | None = None, detail: str | None = None) -> Recorded:
    """One write: the entry and the person's current consent row."""
    txn = journal.new_txn()
    with db.write(conn):
        dnc = apply(conn, txn, person_id, kind, on_date=on_date, method=method, detail=detail)
    return Recorded(txn, dnc)


def apply(conn: Connection, txn: str, person_id: int, kind: str, *, on_date: date | None = None,
          method: str | None = None, detail: str | None = None) -> bool:
    """:func:`record` inside the caller's transaction ``txn``; True when a withdrawal marked a
    candidate do not contact (now or before)."""
    errors = check(kind, on_date=on_date, method=method, detail=detail)
    if errors:
        raise Invalid(errors)
    person = conn.execute("SELECT erased_at FROM person WHERE id = ?", (person_id,)).fetchone()
    if person is None or person[0] is not None:
        raise NotFound(f"Person #{person_id} no longer exists (merged, deleted or erased)", "person")
    journal.insert(conn, txn, "consent_entry", {
        "person_id": person_id, "kind": kind, "on_date": ds(on_date), "method": method,
        "detail": detail.strip() if kind in ("source", "given") and detail else detail,
        "recorded_at": ts(clock.utcnow()), "actor_id": db.actor(conn),
    })
    if kind == "review":  # kept at a retention review: the entry is the record (the due count reads it)
        return False
    current = _current(conn, txn, person_id)
    if kind == "notice":  # every notice still owed by this person is now sent
        rows = conn.execute("SELECT id FROM consent WHERE person_id = ? AND notice_sent_at IS NULL ORDER BY id",
                            (person_id,)).fetchall()
        for (consent_id,) in rows or [(current["id"],)]:
            journal.update(conn, txn, "consent", consent_id, {"notice_sent_at": ds(on_date)})
        return False
    journal.update(conn, txn, "consent", current["id"], _changes(kind, current, on_date, detail))
    if kind == "withdrawn":
        profile = journal.row(conn, "candidate_profile", person_id, lock=True)
        if profile is not None and profile["status"] != "do_not_contact":
            journal.update(conn, txn, "candidate_profile", person_id, {"status": "do_not_contact"}, locked=profile)
        return profile is not None
    return False


def _changes(kind: str, current: dict[str, Any], on_date: date | None, detail: str | None) -> dict[str, Any]:
    if kind == "basis":
        return {"lawful_basis": detail}
    if kind == "source":
        return {"source": (detail or "").strip()}
    if kind == "expiry":
        return {"expires_at": ds(on_date)}
    if kind == "withdrawn":
        return {"withdrawn_at": ds(on_date)}
    changes: dict[str, Any] = {"given_at": ds(on_date)}  # given: a withdrawal before it no longer holds
    withdrawn = parse_date(current.get("withdrawn_at"))
    if withdrawn is not None and on_date is not None and on_date >= withdrawn:
        changes["withdrawn_at"] = None
    return changes


def _current(conn: Connection, txn: str, person_id: int) -> dict[str, Any]:
    """The person's current consent row (the newest sourced), made if they have none."""
    found = conn.execute("SELECT id FROM consent WHERE person_id = ? ORDER BY sourced_at DESC, id DESC LIMIT 1",
                         (person_id,)).fetchone()
    if found is None:
        new_id = journal.insert(conn, txn, "consent", {
            "person_id": person_id, "lawful_basis": "legitimate_interest", "sourced_at": ds(clock.today()),
            "version": 1})
        found = (new_id,)
    return journal.row(conn, "consent", found[0], lock=True)  # type: ignore[return-value]


def history(conn: Connection, person_id: int) -> tuple[LedgerEntry, ...]:
    """Every entry recorded for the person, newest first."""
    rows = conn.execute(
        """
        SELECT e.id, e.kind, e.on_date, e.method, e.detail, e.recorded_at, r.name
        FROM consent_entry e LEFT JOIN recruiter r ON r.id = e.actor_id
        WHERE e.person_id = ? ORDER BY e.id DESC
        """,
        (person_id,),
    ).fetchall()
    return tuple(LedgerEntry(r[0], r[1], parse_date(r[2]), r[3], r[4], str(r[5]), r[6]) for r in rows)
