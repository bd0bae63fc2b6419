"""Erasure that leaves no trace (issue 14, DESIGN.md §6): GDPR Art. 17 for one person.

    done = erase(conn, person_id, data_dir=paths.data_dir())
    done.kinds              # {"activities": 4, "files": 1, ...}: what went (no personal data)
    done.message            # "Erased person #5200: …"

ONE write transaction, not journaled as images (the journal would keep what is erased), so it
cannot be undone — an undo of it says so (``journal.refuse_scrubbed``):

- the person row stays as an anonymous stub, ``Erased person #N`` with ``erased_at`` set and
  every other field emptied, because placements (and the fees on them) are kept for accounting
  and point at it; the submission a placement came from stays too (stage, dates — no text);
- deleted: the candidate profile, contact roles, consent ledger, activities on them, their other
  submissions, "not a duplicate" marks, due-list states, attachments (the files are deleted from
  the data directory after the commit, unless another person's attachment is the same file);
- links from other records are cut: someone's ``reports to`` them, a job's hiring manager;
- OTHER records' free text that names them — activity text, a colleague's or a client's notes,
  a job's requirements — by any name, email or phone they had (also those of the records merged
  into them: "Merged Qzx Person (#5200) into this record") has each mention replaced by
  ``Erased person #N``;
- the journal: every image of them, of the people merged into them, of their rows, and every
  image that names them, is blanked (``store.journal_scrub``);
- the search index row goes; an ``erasure`` row records when, who and how many of what.

Then :func:`compact` clears what the engine keeps of deleted data: on SQLite the FTS5 index is
optimised (its segments rewritten: no token of theirs survives in ``person_fts_data``) and the WAL
checkpointed and truncated. Deleted rows, freed cell space and freed pages are already zeros:
``secure_delete`` is on for every connection (DESIGN.md §5), so the file is not vacuumed after an
erasure (at 1M candidates a VACUUM took 38 s of the ~50 s an erasure held the write queue; the
forensic test checks the file without it); ``deskcrm privacy scrub`` still vacuums, for pages
written by something that had it off; on PostgreSQL the touched tables are vacuumed (outside a transaction). Backups
older than the erasure still hold the person: :func:`older_backups` lists the ones beside the
database (the message says so; the user decides).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deskcrm.domain import clock
from deskcrm.store import attachments, db, journal_scrub, mail_log
from deskcrm.store.db import Connection
from deskcrm.store.errors import NotFound, StoreError
from deskcrm.store.last_contact import refresh_companies
from deskcrm.store.locking import lock_rows
from deskcrm.store.search_index import index_people
from deskcrm.store.values import ts

ERASED = "Erased person #{id}"
# What the person row keeps: its key, the stub name, when it was made and erased, the columns
# that may not be NULL (emptied to their defaults) and its version. Every other column is NULL.
_KEPT = {"id", "name", "created_at", "updated_at", "erased_at", "version", "other_contacts", "tags", "custom"}
_EMPTY = {"other_contacts": "[]", "tags": "[]", "custom": "{}"}
_PERSON_ROWS = ("activity", "submission", "contact_role", "consent", "consent_entry", "attachment", "candidate_profile",
                "not_duplicate", "due_state", "pool_member")  # the journal entities whose images may name them by id
_MIN_NEEDLE = 4  # a name, email or phone shorter than this is not searched for in others' text
# Tables an erasure writes: what PostgreSQL vacuums after it.
TOUCHED = ("person", "candidate_profile", "contact_role", "consent", "consent_entry", "activity", "submission", "attachment",
           "not_duplicate", "due_state", "event", "person_fts", "job_order", "erasure", "mail_message", "outbox",
           "pool_member")


@dataclass(frozen=True, slots=True)
class Erased:
    person_id: int
    kinds: dict[str, int]
    files: tuple[str, ...] = ()  # stored paths deleted from the data directory
    backups: tuple[Path, ...] = ()  # backups older than the erasure (they still hold the person)
    cleaned: bool = True  # the index, free pages and the WAL were cleared (False: something held it)
    notes: tuple[str, ...] = field(default=())

    @property
    def message(self) -> str:
        said = ", ".join(f"{k.replace('_', ' ')} {n}" for k, n in self.kinds.items() if n) or "the record"
        out = f"{ERASED.format(id=self.person_id)}: removed {said}"
        if self.backups:
            out += (f"; {len(self.backups)} backup{'s' if len(self.backups) != 1 else ''} older than this still "
                    f"hold{'s' if len(self.backups) == 1 else ''} them: {', '.join(str(b) for b in self.backups)}")
        return out + "".join(f"; {n}" for n in self.notes)


def erase(conn: Connection, person_id: int, *, data_dir: Path | None, confirm_name: str | None = None,
          compact_after: bool = True) -> Erased:
    """Erase person ``person_id`` (module docstring). ``confirm_name``: the name the user typed,
    which must be theirs (case and spaces aside) — else nothing is erased. NotFound when there
    is no such person, or they are erased already."""
    now = ts(clock.utcnow())
    with db.write(conn):
        lock_rows(conn, "person", [person_id])
        person = journal_row(conn, person_id)
        if confirm_name is not None and _fold(confirm_name) != _fold(person["name"]):
            raise StoreError(f"the name typed is not {person['name']}; nothing was erased")
        merged = merged_into(conn, person_id)
        needles = _needles(conn, [person_id, *merged], person)
        kinds, paths, companies = _remove(conn, person_id, now)
        kinds["mentions"] = _redact(conn, person_id, needles)
        kinds["journal_entries"] = _scrub_journal(conn, [person_id, *merged], needles)
        kinds["merged_records"] = len(merged)
        _anonymise(conn, person, now)
        refresh_companies(conn, companies)
        index_people(conn, [person_id])
        erasure_id = conn.execute(
            "INSERT INTO erasure (at, actor_id, person_id, kinds) VALUES (?, ?, ?, ?) RETURNING id",
            (now, db.actor(conn), person_id, json.dumps(kinds, sort_keys=True))).fetchone()[0]
        conn.execute("INSERT INTO event (at, actor_id, txn, entity, entity_id, action, after) "
                     "VALUES (?, ?, ?, 'person', ?, 'erase', ?)",
                     (now, db.actor(conn), _txn(), person_id, json.dumps({"erasure": erasure_id})))
    removed = attachments.remove_orphans(conn, data_dir, set(paths)) if data_dir is not None and paths else 0
    kinds = {**kinds, "files": removed}
    cleaned = compact(conn) if compact_after else False
    notes = () if cleaned or not compact_after else (
        "the database could not be compacted now (another program holds it); run deskcrm privacy scrub later",)
    return Erased(person_id, kinds, tuple(sorted(paths)), tuple(older_backups(conn, person_id, person["name"])),
                  cleaned, notes)


def journal_row(conn: Connection, person_id: int) -> dict[str, Any]:
    from deskcrm.store.journal import row

    person = row(conn, "person", person_id, lock=True)
    if person is None:
        raise NotFound(f"person #{person_id} does not exist; nothing was erased", "person")
    if person.get("erased_at"):
        raise NotFound(f"person #{person_id} is erased already", "person")
    return person


def _txn() -> str:
    from deskcrm.store.journal import new_txn

    return new_txn()


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def merged_into(conn: Connection, person_id: int) -> list[int]:
    """The people merged into ``person_id`` (and into those, and so on): the ``person`` rows a
    merge txn deleted while it updated this one."""
    found: list[int] = []
    todo = [person_id]
    while todo:
        pid = todo.pop()
        for (other,) in conn.execute(
                "SELECT DISTINCT d.entity_id FROM event AS u JOIN event AS d ON d.txn = u.txn "
                "WHERE u.entity = 'person' AND u.entity_id = ? AND u.action = 'update' "
                "AND d.entity = 'person' AND d.action = 'delete' AND d.entity_id <> ?", (pid, pid)).fetchall():
            if other not in found and other != person_id:
                found.append(other)
                todo.append(other)
    return found


def _needles(conn: Connection, ids: list[int], person: dict[str, Any]) -> set[str]:
    """Every name, email and phone the person (and those merged into them) had, as stored now
    and in the journal's images: what is looked for in other records' text."""
    images = [person]
    for pid in ids:
        for before, after in conn.execute(
                "SELECT before, after FROM event WHERE entity = 'person' AND entity_id = ?", (pid,)).fetchall():
            images += [json.loads(x) for x in (before, after) if x]
    found = set()
    for image in images:
        for column in ("name", "email", "phone", "linkedin_url"):
            value = image.get(column)
            if isinstance(value, str) and len(value.strip()) >= _MIN_NEEDLE:
                found.add(value.strip())
    return found


def _ids(conn: Connection, sql: str, params: tuple) -> list[int]:
    return [r[0] for r in conn.execute(sql, params).fetchall()]


def _delete(conn: Connection, table: str, ids: list[int]) -> int:
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        conn.execute(f'DELETE FROM "{table}" WHERE id IN ({",".join("?" * len(chunk))})', chunk)
    return len(ids)


def _remove(conn: Connection, pid: int, now: str) -> tuple[dict[str, int], list[str], set[int]]:
    """Delete what hangs off the person; cut other records' links to them. Returns the counts,
    the stored paths of their files and the companies whose last contact may have changed."""
    kinds: dict[str, int] = {}
    activities = conn.execute("SELECT id, company_id FROM activity WHERE person_id = ?", (pid,)).fetchall()
    companies = {c for _a, c in activities if c is not None}
    kept_subs = set(_ids(conn, "SELECT submission_id FROM placement WHERE person_id = ? "
                               "AND submission_id IS NOT NULL", (pid,)))
    subs = [s for s in _ids(conn, "SELECT id FROM submission WHERE person_id = ?", (pid,)) if s not in kept_subs]
    for start in range(0, len(subs), 500):  # a colleague's activity on one of their submissions loses the link
        chunk = subs[start:start + 500]
        conn.execute(f"UPDATE activity SET submission_id = NULL WHERE submission_id IN ({','.join('?' * len(chunk))})"
                     " AND (person_id IS NULL OR person_id <> ?)", (*chunk, pid))
    kinds["activities"] = _delete(conn, "activity", [a for a, _c in activities])
    mail_log.forget_activities(conn, [a for a, _c in activities])
    kinds["submissions"] = _delete(conn, "submission", subs)
    kept = conn.execute("UPDATE submission SET exit_reason = NULL, source = NULL, interview_place = NULL "
                        "WHERE person_id = ?", (pid,)).rowcount
    kinds["contact_roles"] = _delete(conn, "contact_role", _ids(conn, "SELECT id FROM contact_role WHERE person_id = ?",
                                                                (pid,)))
    kinds["links"] = conn.execute("UPDATE contact_role SET reports_to_id = NULL WHERE reports_to_id = ?", (pid,)).rowcount
    kinds["links"] += conn.execute("UPDATE job_order SET hiring_manager_id = NULL WHERE hiring_manager_id = ?",
                                   (pid,)).rowcount
    kinds["consents"] = _delete(conn, "consent", _ids(conn, "SELECT id FROM consent WHERE person_id = ?", (pid,)))
    kinds["consent_entries"] = _delete(conn, "consent_entry", _ids(
        conn, "SELECT id FROM consent_entry WHERE person_id = ?", (pid,)))
    files = conn.execute("SELECT id, stored_path FROM attachment WHERE person_id = ?", (pid,)).fetchall()
    kinds["attachments"] = _delete(conn, "attachment", [f[0] for f in files])
    kinds["profile"] = conn.execute("DELETE FROM candidate_profile WHERE person_id = ?", (pid,)).rowcount
    kinds["not_duplicate_marks"] = _delete(conn, "not_duplicate", _ids(
        conn, "SELECT id FROM not_duplicate WHERE person_a = ? OR person_b = ?", (pid, pid)))
    kinds["pool_memberships"] = _delete(conn, "pool_member", _ids(
        conn, "SELECT id FROM pool_member WHERE person_id = ?", (pid,)))
    keys = [k for (k,) in conn.execute("SELECT key FROM due_state WHERE key LIKE ?", (f"%:person{pid}%",)).fetchall()
            if re.search(rf":person{pid}(?=:|$)", k)]
    for key in keys:
        conn.execute("DELETE FROM due_state WHERE key = ?", (key,))
    kinds["due_states"] = len(keys)
    kinds["messages"] = conn.execute("DELETE FROM outbox WHERE people LIKE ?", (f"%,{pid},%",)).rowcount
    kinds["placements_kept"] = conn.execute("SELECT count(*) FROM placement WHERE person_id = ?", (pid,)).fetchone()[0]
    kinds["submissions_kept"] = kept
    return kinds, [f[1] for f in files], companies


def _like(needle: str, *, fold: bool = True) -> str:
    """A LIKE pattern (ESCAPE '!') that finds ``needle`` anywhere; lower-cased unless ``fold`` is False."""
    text = needle.lower() if fold else needle
    return "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"


# Free text on OTHER records that may name the person: (table, column). A changed row's version
# moves on (a form open on it meets a conflict, never writes the name back); a person's notes are
# in the search index, re-indexed in the same transaction.
_TEXTS = (("activity", "body"), ("person", "notes"), ("company", "notes"), ("job_order", "requirements"))


def _redact(conn: Connection, pid: int, needles: set[str]) -> int:
    """Replace each mention of the person in other records' free text (:data:`_TEXTS`) with the
    stub's name. Returns how many texts changed."""
    if not needles:
        return 0
    ordered = sorted(needles, key=len, reverse=True)  # "Jana Smith" before "Jana"
    pattern = re.compile("|".join(re.escape(n) for n in ordered), re.IGNORECASE)
    stub = ERASED.format(id=pid)
    changed = 0
    for table, column in _TEXTS:
        # SQLite's lower() folds ASCII only: "Ødegaard" is also looked for as it is written
        terms = " OR ".join(f"lower({column}) LIKE ? ESCAPE '!' OR {column} LIKE ? ESCAPE '!'" for _ in ordered)
        params = [p for n in ordered for p in (_like(n), _like(n, fold=False))]
        rows = conn.execute(f'SELECT id, {column} FROM "{table}" WHERE ({terms})', params).fetchall()
        people = []
        for key, value in rows:
            new = pattern.sub(stub, value)
            if new == value or (table == "person" and key == pid):
                continue
            bump = ", version = version + 1" if table != "activity" else ""
            conn.execute(f'UPDATE "{table}" SET {column} = ?{bump} WHERE id = ?', (new, key))
            changed += 1
            if table == "person":
                people.append(key)
        if people:
            index_people(conn, people)
    return changed


def _scrub_journal(conn: Connection, ids: list[int], needles: set[str]) -> int:
    """Blank every journal image about them: their rows (by id) and any image naming them."""
    n = 0
    for pid in ids:
        n += journal_scrub.scrub_person(conn, pid)
        patterns = journal_scrub.id_patterns("person_id", pid)
        marks = " OR ".join("before LIKE ? OR after LIKE ?" for _ in patterns)
        entities = ", ".join(f"'{e}'" for e in _PERSON_ROWS)
        n += conn.execute(f"UPDATE event SET before = NULL, after = NULL WHERE entity IN ({entities}) "
                          f"AND ({marks})", [p for p in patterns for _ in (0, 1)]).rowcount
    if needles:
        terms = " OR ".join("lower(coalesce(before, '') || coalesce(after, '')) LIKE ? ESCAPE '!'" for _ in needles)
        # the journal writes JSON with non-ASCII escaped: look for the names as json.dumps spells them
        spelled = [_like(json.dumps(x)[1:-1]) for x in sorted(needles)]
        n += conn.execute(f"UPDATE event SET before = NULL, after = NULL WHERE action <> 'undo' AND ({terms})",
                          spelled).rowcount
    return n


def _anonymise(conn: Connection, person: dict[str, Any], now: str) -> None:
    pid = person["id"]
    values: dict[str, Any] = {c: None for c in person if c not in _KEPT}
    values.update(_EMPTY)
    values.update(name=ERASED.format(id=pid), updated_at=now, erased_at=now, version=person["version"] + 1)
    sets = ", ".join(f'"{c}" = ?' for c in values)
    conn.execute(f'UPDATE person SET {sets} WHERE id = ?', (*values.values(), pid))


# --------------------------------------------------------------------------- what the engine keeps


def compact(conn: Connection, *, vacuum: bool = False) -> bool:
    """Clear what the engine keeps of deleted rows (module docstring), outside any transaction;
    ``vacuum``: rewrite the whole SQLite file too (``privacy scrub``). True when all of it was
    done (False: another connection held the WAL or the file)."""
    if db.engine(conn) == "postgresql":
        for table in TOUCHED:
            conn.execute(f'VACUUM "{table}"')
        return True
    with db.write(conn):
        conn.execute("INSERT INTO person_fts (person_fts) VALUES ('optimize')")
    conn.execute("PRAGMA secure_delete = ON")
    try:
        if vacuum:
            conn.execute("VACUUM")
        busy, _log, _copied = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except db.DRIVER_ERRORS:
        return False
    return not busy


def older_backups(conn: Connection, person_id: int, name: str) -> list[Path]:
    """Backups beside the database file that still hold person ``person_id`` called ``name``:
    deskcrm databases (by their header) other than the desk itself — pre-migration copies, files
    a restore set aside, ``deskcrm backup`` copies kept in the same folder — in which that row is
    there, by that name, not erased (a desk made before them, or another desk, is not named). A
    file that cannot be read (locked, damaged) is not named either. A server desk: none known
    here."""
    where = db.file_of(conn)
    if db.engine(conn) != "sqlite" or not where:
        return []
    me = Path(where).resolve()
    found = []
    for path in sorted(me.parent.iterdir()):
        if path.resolve() == me or path.name.endswith(("-wal", "-shm", "-journal")) or not path.is_file():
            continue
        if _is_desk(path) and _holds(path, person_id, name):
            found.append(path)
    return found


def _holds(path: Path, person_id: int, name: str) -> bool:
    """Does the deskcrm file ``path`` hold the person, not erased? One primary-key read."""
    from deskcrm.store.restore import open_read_only

    try:
        other = open_read_only(path)
    except db.DRIVER_ERRORS:
        return False
    try:
        other.execute("PRAGMA busy_timeout = 50")  # a file another program holds: not waited for
        row = other.execute("SELECT name FROM person WHERE id = ? AND erased_at IS NULL", (person_id,)).fetchone()
    except db.DRIVER_ERRORS:  # locked, damaged, or no such table
        return False
    finally:
        other.close()
    return row is not None and _fold(row[0] or "") == _fold(name)


def _is_desk(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            head = f.read(72)
    except OSError:
        return False
    return head.startswith(b"SQLite format 3\0") and int.from_bytes(head[68:72], "big") == db.APPLICATION_ID
