"""An import written: ONE transaction, ONE journal ``txn``, then its ``import_batch`` row.

    done = apply_import(conn, rows, kind="people", file_name="Connections.csv", format="linkedin",
                        mapping=toml_text, overwrite=False, progress=lambda done, total: ...)

The rows are planned (``plan``) and written a chunk at a time inside the one transaction (memory flat in
the file's size): new rows with ``executemany``, journaled by their keys (``journal_rows``); an update
through ``journal.update`` with the version the plan read (a colleague's save in between is a
``Conflict``). Likely duplicates are counted, not written. A row in error refuses the whole import
(:class:`ImportRefused`): nothing is written, the first error named, the rest counted. The new people's
search index rows are written at the end (``bulk_sql.index_new_people``) — or, into an almost empty
SQLite desk (``bulk_indexes``: the tables' indexes down), each chunk's right after it, from the values
written (``search_index.new_person_row``), in the time the writer waits for the file's next chunk.

What a row brings (people and contacts files): the person (source: the row's, else the file), their
consent row (legitimate interest, sourced today: the Art. 14 notice falls due as for anyone added), a
candidate profile (people files) and, for a Company, the company matched by name (case, accents,
punctuation, legal form aside) or created (a contacts file's as a BD target; a people file's as
``EMPLOYER_STAGE``: an employer is not a prospect), and a current contact role there with the row's
Title. An update whose person the desk has at another employer keeps it (unless ``overwrite``): no
role at the row's company, and no company made for it (``plan.Planner._elsewhere``).
Other kinds: ``records`` (planned) and ``records_write``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from deskcrm.domain import clock
from deskcrm.store import db, journal
from deskcrm.store.db import Connection, actor
from deskcrm.store.errors import StoreError
from deskcrm.store.imports import CellRules, MappedRow
from deskcrm.store.imports.bulk_indexes import HeldDesk, put_back, take_down, worth_it
from deskcrm.store.imports.bulk_sql import bulk_session, index_new_people
from deskcrm.store.imports.file_pass import worth_a_process
from deskcrm.store.imports.journal_rows import insert_rows, insert_tuples
from deskcrm.store.imports.new_rows import PROFILE_COLUMNS, PROFILE_FIXED, Shape, profile_row
from deskcrm.store.imports.plan import Planned, Planner
from deskcrm.store.imports.rows import PersonIn
from deskcrm.store.imports.wording import error_text, plural
from deskcrm.store.search_index import index_people, insert_index_rows, new_person_row
from deskcrm.store.values import ds, ts

Progress = Callable[[int, "int | None"], None]
PeopleHook = Callable[[Connection, str, list[tuple[int, int, bool]]], None]


class ImportRefused(StoreError):
    """The file has rows the import cannot take: nothing was written."""

    def __init__(self, first: Planned, errors: int) -> None:
        self.first, self.errors = first, errors
        super().__init__(self.said())

    def said(self, headers: dict[str, str] | None = None) -> str:
        """The refusal: the first row in error (with the file's column header: ``headers``,
        ``wording.column_headers``), how many more."""
        more = f" ({plural(self.errors - 1, 'more row')} in error: see them with --dry-run)" if self.errors > 1 else ""
        return f"{error_text(self.first, headers)}{more}; nothing was imported"


@dataclass(frozen=True, slots=True)
class Applied:
    batch_id: int
    txn: str
    counts: dict[str, int]


PEOPLE_KINDS = ("people", "contacts")


def planner_for(conn: Connection, kind: str, *, overwrite: bool = False, rules: CellRules = CellRules(),
                parallel: bool | None = None, total: int | None = None) -> Any:
    """The plan of a ``kind`` file: ``chunks(rows)`` yields lists of ``Planned``; ``counts``.
    ``rules``: how the file's cells read (its date columns' orders, European amounts).
    ``parallel``: a people or contacts file's own pass in a second process (``file_pass``);
    None: when its ``total`` rows make it worth one (``file_pass.worth_a_process``)."""
    if kind in PEOPLE_KINDS:
        parallel = worth_a_process(total) if parallel is None else parallel
        return Planner(conn, kind, overwrite=overwrite, rules=rules, parallel=parallel)
    from deskcrm.store.imports.records import RecordPlanner

    return RecordPlanner(conn, kind, overwrite=overwrite, rules=rules)


def apply_import(conn: Connection, rows: Iterable[MappedRow], *, kind: str, file_name: str, format: str,
                 mapping: str, overwrite: bool = False, progress: Progress | None = None,
                 total: int | None = None, rules: CellRules = CellRules(),
                 decide: Callable[[int], str] | None = None, on_people: PeopleHook | None = None,
                 parallel: bool | None = None, stage: Callable[[str], None] | None = None) -> Applied:
    """Plan and write ``rows`` as one batch (see the module docstring). ``decide(line)`` says what
    becomes of a likely duplicate of a people or contacts file (``DUPLICATE_RULES``); without it
    they are skipped (counted, not imported). ``on_people(conn, txn, placed)``: called after each
    chunk of a people or contacts file is written, ``placed`` = (line, person id, created) of its
    rows written or matched (an import bringing CVs attaches them there, in the batch).
    ``parallel``: read a people or contacts file in a second process (None: when ``total`` says
    it is long, ``file_pass.worth_a_process``). ``stage("finishing")``: all rows written."""
    txn = journal.new_txn()
    with bulk_session(conn), db.write(conn):
        planner = planner_for(conn, kind, overwrite=overwrite, rules=rules, parallel=parallel, total=total)
        dropped = None
        if kind in PEOPLE_KINDS and on_people is None and worth_it(conn, total):  # an almost empty desk
            planner.held = HeldDesk(conn)
            dropped = take_down(conn)
        decided = dict.fromkeys(planner.counts, 0) if decide is not None else None
        if kind in PEOPLE_KINDS:
            writer: Any = PeopleWriter(conn, txn, kind, planner, source=f"Import: {file_name}",
                                       index_now=dropped is not None)
        else:
            from deskcrm.store.imports.records_write import RecordWriter

            writer = RecordWriter(conn, txn, kind, planner)
        first, errors, done = None, 0, 0
        for chunk in planner.chunks(rows):
            if decide is not None and decided is not None:
                chunk = [resolved_duplicate(conn, planner, p, decide(p.line)) if p.action == "duplicate" else p
                         for p in chunk]
                for p in chunk:
                    decided[p.action] += 1
            wrong = [p for p in chunk if p.action == "error"]
            if wrong and first is None:
                first = wrong[0]
            errors += len(wrong)
            if first is None:
                writer.write(chunk)
                if on_people is not None and kind in PEOPLE_KINDS:
                    on_people(conn, txn, writer.placed(chunk))
            done += len(chunk)
            if progress is not None:
                progress(done, total)
        if first is not None:
            raise ImportRefused(first, errors)
        if stage is not None:  # the indexes, the search index and the commit follow (seconds on a big file)
            stage("finishing")
        if dropped is not None:
            put_back(conn, dropped)  # before the search index: it reads the people's roles
        writer.finish()
        counts = dict(planner.counts) if decided is None else decided
        batch_id = conn.execute(
            "INSERT INTO import_batch (txn, file_name, kind, format, mapping, counts, at, actor_id, state, version)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'done', 1) RETURNING id",
            (txn, file_name, kind, format, mapping, json.dumps(counts), ts(clock.utcnow()), actor(conn)),
        ).fetchone()[0]
    return Applied(batch_id, txn, counts)


DUPLICATE_RULES = ("skip", "new", "update")  # a likely duplicate: not imported / a new person / the desk's
# person it resembles updated (empty fields filled; a duplicate of an earlier row of the file has none: skipped)


def resolved_duplicate(conn: Connection, planner: Any, p: Planned, decision: str) -> Planned:
    """The planned duplicate ``p`` as the user decided (one of ``DUPLICATE_RULES``)."""
    if decision == "new":
        from dataclasses import replace

        return replace(p, action="new")
    if decision == "update" and p.record_id is not None:
        norms = conn.execute("SELECT email_norm, phone_norm, linkedin_norm FROM person WHERE id = ?",
                             (p.record_id,)).fetchone()
        found = planner.people(*([n] if n else [] for n in norms)) if norms else {}
        if p.record_id in found:  # the planner's own field-by-field update
            return planner.update_of(p.line, p.data, found[p.record_id], p.company_key)
    return p


class PeopleWriter:
    """Writes a people or contacts file's planned chunks (see the module docstring)."""

    def __init__(self, conn: Connection, txn: str, kind: str, planner: Planner, *, source: str,
                 index_now: bool = False) -> None:
        self.conn, self.txn, self.kind, self.planner, self.source = conn, txn, kind, planner, source
        self.owner = actor(conn)  # the recruiter importing: a new person's owner when the row names none
        self.index_now = index_now  # each chunk's new people indexed with it (``bulk_sql.index_new_people``)
        self.new_people: list[int] = []
        self.touched: set[int] = set()  # updated people: re-indexed at the end
        self._last_new: list[tuple[int, int]] = []  # (line, id) of the last chunk's new people

    def write(self, chunk: list[Planned]) -> None:
        now, today = ts(clock.utcnow()), ds(clock.today())
        live = [p for p in chunk if p.action in ("new", "update", "unchanged")]
        self._companies(live, now)
        new = [p for p in chunk if p.action == "new"]
        shape = Shape.of([p.data for p in chunk if p.data is not None], self.source, self.owner)
        ids = insert_tuples(self.conn, self.txn, "person", shape.person_columns, [shape.person(p.data) for p in new],
                            fixed={**shape.person_fixed, "created_at": now, "updated_at": now})
        self.new_people += ids
        self._last_new = [(p.line, i) for p, i in zip(new, ids)]
        if self.kind == "people":
            insert_tuples(self.conn, self.txn, "candidate_profile", shape.profile_columns,
                          [shape.profile(i, p.data) for i, p in zip(ids, new)], key="person_id",
                          fixed=shape.profile_fixed)
        insert_tuples(self.conn, self.txn, "consent", shape.consent_columns,
                      [shape.consent(i, p.data) for i, p in zip(ids, new)],
                      fixed={**shape.consent_fixed, "sourced_at": today})
        roles = [self._role(shape, i, p) for i, p in zip(ids, new) if p.company_key]
        for p in chunk:
            if p.action == "update":
                self._update(p, now)
                if p.new_role:
                    roles.append(self._role(shape, p.record_id, p))
        insert_tuples(self.conn, self.txn, "contact_role", shape.role_columns, roles, fixed=shape.role_fixed)
        if self.index_now:
            cut = 6 if shape.no_notes else 8  # (notes and CV: NULL, written into the statement)
            insert_index_rows(self.conn, [self._index_row(i, p.data, p.company_key)[:cut] for i, p in zip(ids, new)],
                              no_notes=shape.no_notes)

    def placed(self, chunk: list[Planned]) -> list[tuple[int, int, bool]]:
        """(line, person id, created) of the chunk just written: its new rows, its updated and
        unchanged matches (``apply_import``'s ``on_people``)."""
        return [(line, i, True) for line, i in self._last_new] + [
            (p.line, p.record_id, False) for p in chunk
            if p.action in ("update", "unchanged") and p.record_id is not None]

    def finish(self) -> None:
        index_new_people(self.conn, self.new_people, written=self.index_now)
        if self.touched:
            index_people(self.conn, self.touched)

    # ------------------------------------------------------------------ rows

    def _companies(self, live: list[Planned], now: str) -> None:
        """Create the companies these rows name that the desk does not have yet."""
        wanted: dict[str, str] = {}
        for p in live:
            key = p.company_key
            if key and self.planner.companies[key][0] is None and key not in wanted:
                wanted[key] = p.data.company
        stage = "target" if self.kind == "contacts" else EMPLOYER_STAGE  # a contact's company: a prospect
        ids = insert_rows(self.conn, self.txn, "company", [new_company(name, now, stage) for name in wanted.values()])
        for (key, name), cid in zip(wanted.items(), ids):
            self.planner.created(key, cid, name)

    def _index_row(self, person_id: int, p: PersonIn, company_key: str | None) -> tuple:
        """A new person's search index row, from what was written (``search_index.new_person_row``):
        a people file's candidate profile names the row's company, a contact's role the company's name."""
        if self.kind == "people":
            return new_person_row(person_id, p.name, p.headline, p.skills, p.company, p.city, p.notes)
        employer = self.planner.companies[company_key][1] if company_key else None
        return new_person_row(person_id, p.name, p.headline, None, employer, p.city, p.notes)

    def _role(self, shape: Shape, person_id: int, p: Planned) -> tuple:
        """A current contact role at the row's company (``shape``'s role columns)."""
        return shape.role(person_id, self.planner.companies[p.company_key][0], p.data)

    def _update(self, p: Planned, now: str) -> None:
        fills = {c.field: c.new for c in p.changes if not c.kept and c.field != "company"}
        person = {k: v for k, v in fills.items() if k in _PERSON}
        for column, norm in (("email", "email_norm"), ("phone", "phone_norm"), ("linkedin_url", "linkedin_norm")):
            if column in person:
                person[norm] = getattr(p.data, norm)
        if person:
            journal.update(self.conn, self.txn, "person", p.record_id, {**person, "updated_at": now},
                           expected_version=p.version)
        self.planner.updated(p, person)
        profile = {k: v for k, v in fills.items() if k in _PROFILE}
        if profile and p.profile_version is not None:
            journal.update(self.conn, self.txn, "candidate_profile", p.record_id, profile,
                           expected_version=p.profile_version)
        elif profile:
            insert_tuples(self.conn, self.txn, "candidate_profile", PROFILE_COLUMNS,
                          [(p.record_id, *profile_row(p.data))], key="person_id", fixed=PROFILE_FIXED)
        if person or profile or p.new_role:
            self.touched.add(p.record_id)


_PERSON = ("email", "phone", "linkedin_url", "city", "headline", "notes", "owner_id", "tags", "custom")
_PROFILE = ("skills", "current_title", "current_employer", "current_salary", "salary_currency", "status",
            "desired_salary", "available_from", "notice_days")


EMPLOYER_STAGE = "dormant"  # a company a people file names only as someone's employer: not a BD target
# (an exit stage: off the BD board unless `x` shows the exits, dim in Clients; there is no "none" stage)


def new_company(name: str, now: str, stage: str = "target") -> dict[str, Any]:
    """A company an import names and the desk does not have (``stage``: a target unless the
    file names it only as an employer, the default terms)."""
    from deskcrm.store.company_duplicates import keys

    return {"name": name, "name_norm": name.casefold(), **keys({"name": name}), "industry": None, "size": None,
            "city": None, "country": None, "website": None, "bd_stage": stage, "owner_id": None,
            "fee_percent": None, "flat_fee": None, "fee_currency": "EUR", "payment_terms_days": 30,
            "guarantee_days": 90, "prorata_rule": "none", "nps": None, "checkin_cadence_days": None, "notes": None,
            "rank": 0.0, "last_contact_at": None, "created_at": now, "updated_at": now, "custom": "{}", "version": 1}
