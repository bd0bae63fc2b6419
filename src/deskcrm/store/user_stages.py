"""Stages a team adds to the candidates' pipeline, between the canonical ones (issue 16).

An added stage (``user_stage``: name, the canonical ``category`` it maps to, ``position`` among
the stages added after that same canonical one) is a column of every job's pipeline board, after
its category. A submission at it keeps its canonical ``stage`` (so metrics, due rules and lists
are unchanged) and names the added stage in ``submission.user_stage_id``. In the database, so a
team shares them; ``load`` hands them to ``domain.stages`` (the boards read them from there).

    made = add_stage(conn, "Technical test", "qualified")   # after Qualified, before Submitted
    remove_stage(conn, made.stage_id)                        # refused while candidates are at it
"""

from __future__ import annotations

from dataclasses import dataclass

from deskcrm.domain import stages
from deskcrm.store import db, journal
from deskcrm.store.db import Connection
from deskcrm.store.errors import Invalid, NotFound, StoreError

PIPELINE = "submission"  # the one pipeline with added stages (the job's candidates)
NAME_MOST = 40


@dataclass(frozen=True, slots=True)
class AddedStage:
    id: int
    key: str  # the board key (``u7``)
    name: str
    category: str  # the canonical stage key
    position: float
    cards: int  # submissions at it


@dataclass(frozen=True, slots=True)
class StageResult:
    txn: str
    message: str
    stage_id: int | None = None


def load(conn: Connection) -> tuple[AddedStage, ...]:
    """The added stages, in board order, with how many candidates are at each; ``domain.stages``
    is told them (every board read calls this: a colleague's new stage shows on the next read)."""
    rows = conn.execute(
        "SELECT u.id, u.name, u.category, u.position,"
        " (SELECT count(*) FROM submission s WHERE s.user_stage_id = u.id)"
        " FROM user_stage u WHERE u.pipeline = ? ORDER BY u.position, u.id", (PIPELINE,)).fetchall()
    order = {key: i for i, key in enumerate(stages.keys(PIPELINE))}
    found = sorted((AddedStage(r[0], stages.added_key(r[0]), r[1], r[2], r[3], r[4]) for r in rows),
                   key=lambda a: (order.get(a.category, len(order)), a.position, a.id))
    stages.set_added(PIPELINE, [(a.id, a.name, a.category) for a in found])
    return tuple(found)


def _category(text: str) -> str:
    key = stages.find(PIPELINE, text)
    allowed = [s for s in stages.PIPELINES[PIPELINE] if not s.terminal]
    if key is None or key not in {s.key for s in allowed}:
        raise Invalid({"category": f"{text!r}: an added stage goes after one of "
                                   f"{', '.join(s.label for s in allowed)}"})
    return key


def add_stage(conn: Connection, name: str, after: str) -> StageResult:
    """Add ``name`` after the canonical stage ``after`` (a key or a label; Sourced … Offered: a
    stage after Placed or an exit would have no canonical meaning), last among those added there.
    The name must not be another stage's."""
    name = " ".join((name or "").split())
    if not name:
        raise Invalid({"name": "a stage needs a name, e.g. Technical test"})
    if len(name) > NAME_MOST:
        raise Invalid({"name": f"at most {NAME_MOST} characters"})
    category = _category(after)
    txn = journal.new_txn()
    with db.write(conn):
        load(conn)
        taken = stages.find(PIPELINE, name, added=True)
        if taken is not None:
            raise Invalid({"name": f"there is a stage called {stages.stage_label(PIPELINE, taken)} already"})
        position = conn.execute("SELECT coalesce(max(position), 0) + 1 FROM user_stage WHERE pipeline = ?"
                                " AND category = ?", (PIPELINE, category)).fetchone()[0]
        stage_id = journal.insert(conn, txn, "user_stage", {"pipeline": PIPELINE, "name": name, "category": category,
                                                            "position": position, "version": 1})
    load(conn)
    label = stages.stage_label(PIPELINE, category)
    return StageResult(txn, f"Stage {name} added after {label} (it counts as {label} in the reports)", stage_id)


def remove_stage(conn: Connection, stage_id: int) -> StageResult:
    """Remove an added stage that no candidate is at; refused with the count otherwise."""
    txn = journal.new_txn()
    with db.write(conn):
        row = journal.row(conn, "user_stage", stage_id, lock=True)
        if row is None or row["pipeline"] != PIPELINE:
            raise NotFound(f"no added stage {stage_id} (removed already?)", "stage")
        held = conn.execute("SELECT count(*) FROM submission WHERE user_stage_id = ?", (stage_id,)).fetchone()[0]
        if held:
            who = "1 candidate is" if held == 1 else f"{held} candidates are"
            raise StoreError(f"{who} at {row['name']}: move them first")
        journal.delete(conn, txn, "user_stage", stage_id, expected_version=row["version"])
    load(conn)
    return StageResult(txn, f"Stage {row['name']} removed", stage_id)
