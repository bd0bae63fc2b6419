"""Recruiters: who owns records ("mine") and who signs every activity, move and journal event.

    add_recruiter(conn, "Alex Morgan", "AM", target=400_000.0)   # -> Written
    list_recruiters(conn, active_only=False)                      # -> (Recruiter, ...) active first
    edit_recruiter(conn, "AX", name="Alex Morgan", initials="AM") # a typo corrected
    retire_recruiter(conn, "AM")                                  # no longer offered as an owner; history kept
    owner_id(conn, "am")     # the id an Owner field means: an ACTIVE recruiter, else Invalid("owner")
    owner_for(conn, "AM", current_id)  # the same, keeping a record's current owner even if retired
    actor_id(conn, "AM")     # who signs a write (a retired recruiter too); None when unknown
    desk_currency(conn, configured)  # what targets are in: [report] target_currency, else the currency
                                     # most placed clients are billed in

Each write is one journaled transaction (undo takes it back). Initials are stored upper-case and
unique; names and initials are checked with ``recruiter_rules`` (a refused value raises
``Invalid`` naming the field). Who signs a write is the connection's (``db.act_as``): the journal
puts it on every event and on every activity written without an author.
"""

from __future__ import annotations

from dataclasses import dataclass

from deskcrm.store.db import Connection
from deskcrm.domain import recruiter_rules, validate
from deskcrm.store import db, journal
from deskcrm.store.errors import Invalid

_COLUMNS = "id, name, initials, email, revenue_target, active"


@dataclass(frozen=True, slots=True)
class Recruiter:
    id: int
    name: str
    initials: str
    email: str | None
    target: float | None  # yearly revenue target, in the desk's currency
    active: bool

    @property
    def label(self) -> str:
        return f"{self.name} ({self.initials})"


@dataclass(frozen=True, slots=True)
class Written:
    txn: str
    recruiter: Recruiter
    message: str


def _view(row: tuple) -> Recruiter:
    rid, name, initials, email, target, active = row
    return Recruiter(rid, name, initials, email, target, bool(active))


def list_recruiters(conn: Connection, *, active_only: bool = False) -> tuple[Recruiter, ...]:
    where = "WHERE active" if active_only else ""
    rows = conn.execute(f"SELECT {_COLUMNS} FROM recruiter {where} ORDER BY NOT active, initials").fetchall()
    return tuple(_view(r) for r in rows)


def _find(conn: Connection, initials: str | None) -> Recruiter | None:
    if not initials or not initials.strip():
        return None
    row = conn.execute(f"SELECT {_COLUMNS} FROM recruiter WHERE upper(initials) = ?",
                       (initials.strip().upper(),)).fetchone()
    return _view(row) if row else None


def known(conn: Connection, *, active_only: bool = True) -> str:
    """'AM, PS' — the initials a message lists ('none yet' on a fresh desk)."""
    return ", ".join(r.initials for r in list_recruiters(conn, active_only=active_only)) or "none yet"


def find(conn: Connection, initials: str | None) -> Recruiter | None:
    """The recruiter with these initials (any case), retired or not."""
    return _find(conn, initials)


def _need(conn: Connection, initials: str) -> Recruiter:
    found = _find(conn, initials)
    if found is None:
        raise Invalid({"initials": f"no recruiter has the initials {initials.strip().upper()!r} "
                                   f"(known: {known(conn, active_only=False)})"})
    return found


def owner_id(conn: Connection, initials: str | None) -> int | None:
    """The id an Owner field's initials mean (empty: no owner). Only an active recruiter owns
    new work: anything else raises ``Invalid`` on the field ``owner``, listing who can."""
    if not initials or not initials.strip():
        return None
    found = _find(conn, initials)
    if found is not None and found.active:
        return found.id
    typed = initials.strip().upper()
    why = f"{found.label} is retired" if found is not None else f"no recruiter has the initials {typed!r}"
    return _refuse_owner(conn, why)


def owner_for(conn: Connection, initials: str | None, current: int | None = None) -> int | None:
    """``owner_id`` for a record whose owner is ``current`` now: an edit that leaves the owner as
    it is keeps them even if they have retired since."""
    if current is not None and initials and initials.strip():
        found = _find(conn, initials)
        if found is not None and found.id == current:
            return current
    return owner_id(conn, initials)


def initials_of(conn: Connection, recruiter_id: int | None) -> str | None:
    if recruiter_id is None:
        return None
    row = conn.execute("SELECT initials FROM recruiter WHERE id = ?", (recruiter_id,)).fetchone()
    return row[0] if row else None


def _refuse_owner(conn: Connection, why: str) -> int:
    raise Invalid({"owner": f"{why} (active: {known(conn)}; add one with deskcrm recruiter add)"})


def actor_id(conn: Connection, initials: str | None) -> int | None:
    found = _find(conn, initials)
    return found.id if found is not None else None


def desk_currency(conn: Connection, configured: str | None = None) -> str:
    """The currency revenue targets are in: ``configured`` (``[report] target_currency``) when set,
    else the one most placed clients are billed in, else EUR (a fresh desk)."""
    if configured:
        return configured
    from deskcrm.store.clients import currency_order

    found = currency_order(conn)
    return found[0] if found else "EUR"


def _checked(name: str | None = None, initials: str | None = None) -> dict[str, str]:
    out: dict[str, str] = {}
    errors: dict[str, str] = {}
    for field, value, parse in (("name", name, recruiter_rules.name), ("initials", initials, recruiter_rules.initials)):
        if value is None:
            continue
        try:
            out[field] = parse(value)
        except validate.Invalid as exc:
            errors[field] = str(exc)
    if errors:
        raise Invalid(errors)
    return out


def _email(value: str | None) -> str | None:
    try:
        return validate.email(value or "")
    except validate.Invalid as exc:
        raise Invalid({"email": str(exc)}) from None


def _taken(conn: Connection, initials: str, but: int | None = None) -> None:
    holder = _find(conn, initials)
    if holder is not None and holder.id != but:
        state = ", retired" if not holder.active else ""
        raise Invalid({"initials": f"{initials} are already {holder.name}'s ({holder.initials}{state}); "
                                   "choose other initials, e.g. with a third letter"})


def check_new(conn: Connection, name: str, initials: str) -> None:
    """What :func:`add_recruiter` would refuse in ``name`` and ``initials`` (``Invalid`` by field),
    read without writing: a caller with a problem of its own (a target it cannot read) says both."""
    values = _checked(name, initials)
    _taken(conn, values["initials"])


def add_recruiter(conn: Connection, name: str, initials: str, *, target: float | None = None,
                  email: str | None = None) -> Written:
    values = _checked(name, initials)
    mail = _email(email)
    if target is not None and target < 0:
        raise Invalid({"target": "must not be negative"})
    txn = journal.new_txn()
    with db.write(conn):
        _taken(conn, values["initials"])
        rid = journal.insert(conn, txn, "recruiter", {**values, "email": mail, "revenue_target": target, "active": True})
        added = _view(conn.execute(f"SELECT {_COLUMNS} FROM recruiter WHERE id = ?", (rid,)).fetchone())
    return Written(txn, added, f"Added recruiter {added.label}")


_UNSET = object()


def edit_recruiter(conn: Connection, current: str, *, name: str | None = None, initials: str | None = None,
                   target: float | None | object = _UNSET, email: str | None | object = _UNSET,
                   active: bool | None = None) -> Written:
    """Correct a recruiter's name, initials, target or email (``None`` target / email clears
    it), or bring a retired one back (``active=True``). Their records and history follow them."""
    values = _checked(name, initials)
    if target is not _UNSET:
        if target is not None and target < 0:  # type: ignore[operator]
            raise Invalid({"target": "must not be negative"})
        values["revenue_target"] = target  # type: ignore[assignment]
    if email is not _UNSET:
        values["email"] = _email(email)  # type: ignore[arg-type]
    if active is not None:
        values["active"] = bool(active)  # type: ignore[assignment]
    txn = journal.new_txn()
    with db.write(conn):
        before = _need(conn, current)
        if "initials" in values:
            _taken(conn, values["initials"], but=before.id)
        changes = {k: v for k, v in values.items() if journal.row(conn, "recruiter", before.id)[k] != v}
        if changes:
            journal.update(conn, txn, "recruiter", before.id, changes)
        after = _view(conn.execute(f"SELECT {_COLUMNS} FROM recruiter WHERE id = ?", (before.id,)).fetchone())
    if not changes:
        return Written("", after, f"{after.label}: nothing changed")
    return Written(txn, after, f"Saved recruiter {after.label}")


def retire_recruiter(conn: Connection, current: str) -> Written:
    """No longer an owner to choose; what they own and wrote stays theirs."""
    done = edit_recruiter(conn, current, active=False)
    if not done.txn:
        return Written("", done.recruiter, f"{done.recruiter.label} is retired already")
    return Written(done.txn, done.recruiter, f"Retired {done.recruiter.label}: their records and history are kept")
