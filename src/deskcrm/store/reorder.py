"""J/K on a board: swap a card with its neighbour in the same column (order: rank, then id).

Usually one row changes: the moved card's rank goes halfway to the next card's. Where ranks tie
(new rows all start equal), the tied cards on the shorter side of the pair are spread over the
gap to the next distinct rank, so the pair swaps and nothing else moves. Journaled, so undo
restores; the moved card is always the txn's first event, so "Undone: reorder of …" can name it
(``records.describe_txn``).
"""

from __future__ import annotations


from deskcrm.store.locking import retry_once
from deskcrm.store.db import Connection
from deskcrm.store import db, journal
from deskcrm.store.errors import Invalid, StoreError
from deskcrm.store.move_base import MoveResult, check_version, fetch

# kind -> (table, the column that holds the stage, columns that also define the column,
#          the board's order: rank first, then what breaks ties — the board reads the same)
_KINDS = {
    "job": ("job_order", "stage", (), "rank, id"),
    "submission": ("submission", "stage", ("job_id",), "rank, id"),
    "placement": ("placement", "status", (), "rank, id"),
    "company": ("company", "bd_stage", (), "rank, name_norm, id"),
}


def _column(conn: Connection, kind: str, found: dict) -> list[tuple[int, float]]:
    """(id, rank) of the row's column in board order (ids and ranks only: cheap)."""
    table, stage_col, scope, order = _KINDS[kind]
    where = f'"{stage_col}" = ?' + "".join(f' AND "{c}" = ?' for c in scope)
    return conn.execute(
        f'SELECT id, rank FROM "{table}" WHERE {where} ORDER BY {order}',
        (found[stage_col], *(found[c] for c in scope)),
    ).fetchall()


def _new_ranks(order: list[tuple[int, float]], i: int, mover: int = 1) -> dict[int, float]:
    """New ranks that swap order[i] and order[i + 1], touching as few rows as possible while
    always giving the moved card (order[i + mover]) a new rank."""
    (a_id, a_rank), (b_id, b_rank) = order[i], order[i + 1]
    before = order[i - 1][1] if i > 0 else None
    after = order[i + 2][1] if i + 2 < len(order) else None
    if mover == 1 and (before is None or before < a_rank):  # b fits between `before` and a
        return {b_id: a_rank - 1.0 if before is None else (before + a_rank) / 2}
    if mover == 0 and (after is None or after > b_rank):  # a fits between b and `after`
        return {a_id: b_rank + 1.0 if after is None else (b_rank + after) / 2}
    # Ties: re-space the tied cards around the pair (a's run, then b's run; both always move).
    start = i
    while start > 0 and order[start - 1][1] == a_rank:
        start -= 1
    end = i + 1
    while end + 1 < len(order) and order[end + 1][1] == b_rank:
        end += 1
    lower = order[start - 1][1] if start > 0 else a_rank - 1.0
    upper = order[end + 1][1] if end + 1 < len(order) else b_rank + 1.0
    run_before = [x for x, _ in order[start:i]]
    run_after = [x for x, _ in order[i + 2 : end + 1]]
    if a_rank == b_rank and len(run_before) <= len(run_after):  # only the cards before move
        upper, ids = a_rank, [*run_before, b_id, a_id]
    elif a_rank == b_rank:  # only the cards after move
        lower, ids = b_rank, [b_id, a_id, *run_after]
    else:
        ids = run_before + [b_id, a_id] + run_after
    return {x: lower + (upper - lower) * (k + 1) / (len(ids) + 1) for k, x in enumerate(ids)}

@retry_once
def reorder(conn: Connection, kind: str, row_id: int, step: int, *, expected_version: int | None) -> MoveResult:
    """Move a card one place up (step -1) or down (+1) within its column."""
    if kind not in _KINDS:
        raise Invalid({"kind": f"{kind!r}: use job, submission, placement or company"})
    if step not in (-1, 1):
        raise Invalid({"step": "step is -1 (up) or +1 (down)"})
    table = _KINDS[kind][0]
    txn = journal.new_txn()
    with db.write(conn):
        found = fetch(conn, table, row_id)
        check_version(found, table, expected_version)
        order = _column(conn, kind, found)
        at = next(k for k, (x, _) in enumerate(order) if x == row_id)
        i = at - 1 if step < 0 else at  # the pair is order[i], order[i + 1]
        if i < 0 or i + 1 >= len(order):
            raise StoreError(f"already the {'first' if step < 0 else 'last'} card in its column")
        ranks = _new_ranks(order, i, mover=1 if step < 0 else 0)
        for key in sorted(ranks, key=lambda k: k != row_id):  # the moved card first: it names the txn
            journal.update(conn, txn, table, key, {"rank": ranks[key]}, locked=found if key == row_id else None)
    return MoveResult(txn, "moved up" if step < 0 else "moved down")
