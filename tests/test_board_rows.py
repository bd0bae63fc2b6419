"""Issue 10, item 6: `deskcrm jobs --json` / `placements --json` read whole columns as plain rows
(``store.board_rows``: one query per column, the counts in the same statement, no card
dataclass, no ``date`` per card) — and those rows are the boards' cards, value for value."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from seed import seed

from deskcrm.domain.stages import PIPELINES
from deskcrm.store import board_rows
from deskcrm.store import db as store_db
from deskcrm.store.boards import job_board, placement_board


@pytest.fixture
def desk(desk_path, today):
    path = desk_path
    seed(path)
    return path


def test_rows_are_the_boards_cards_in_the_boards_order(desk, today):
    conn = store_db.connect(desk)
    try:
        board = job_board(conn, include_closed=True)
        stages = tuple(c.stage for c in board.columns)
        rows = list(board_rows.job_rows(conn, stages))
        cards = [c for column in board.columns for c in column.cards]
        assert rows and [r.id for r in rows] == [c.id for c in cards]
        for r, c in zip(rows, cards, strict=True):
            assert (r.version, r.stage, r.title, r.company, r.company_id, r.owner, r.openings, r.filled,
                    r.submissions, r.urgency, r.currency) == (
                c.version, c.stage, c.title, c.company, c.company_id, c.owner, c.openings, c.filled,
                c.submissions, c.urgency, c.currency)
            assert r.opened_on == (c.opened_on.isoformat() if c.opened_on else None)
            assert (round(r.fee_estimate, 2) if r.fee_estimate is not None else None) == c.fee_estimate
        board = placement_board(conn, include_exits=True)
        stages = tuple(c.stage for c in board.columns)
        rows = list(board_rows.placement_rows(conn, stages, today))
        cards = [c for column in board.columns for c in column.cards]
        assert rows and [r.id for r in rows] == [c.id for c in cards]
        for r, c in zip(rows, cards, strict=True):
            iso = lambda d: d.isoformat() if d else None  # noqa: E731
            assert r == (c.id, c.version, c.stage, c.person_id, c.candidate, c.company_id, c.company, c.job_id,
                         c.job_title, iso(c.start_date), c.fee_amount, c.currency, c.fee_status,
                         iso(c.guarantee_end), c.guarantee_days_left, iso(c.next_checkin), c.owner,
                         "contract" if c.terms else "perm", *(
                             (c.terms.bill_rate, c.terms.pay_rate, c.terms.unit, iso(c.terms.end_date)) if c.terms
                             else (None,) * 4))
        stages = tuple(s.key for s in PIPELINES["job"])
        every = list(board_rows.job_rows(conn, stages))
        assert len(every) > 3 and [list(board_rows.job_rows(conn, stages, n)) for n in (1, 3)] == [every[:1], every[:3]]
    finally:
        conn.close()


def test_open_and_closed_submission_stages_are_every_stage_once():
    keys = [s.key for s in PIPELINES["submission"]]

    def names(sql: str) -> set[str]:
        return {part.strip(" '") for part in sql.strip("()").split(",")}

    assert names(board_rows.SUB_OPEN) | names(board_rows.SUB_CLOSED) == set(keys)
    assert not names(board_rows.SUB_OPEN) & names(board_rows.SUB_CLOSED)


def test_board_json_imports_neither_the_card_dataclasses_nor_the_fee_rules(desk):
    """Each frozen dataclass costs ~0.5-1 ms to create at import, and the boards' module brings
    six of them and the fee rules: a script's ``jobs --json`` needs none of it."""
    code = ("import sys; from deskcrm.cli import entry as cli\n"
            "try:\n    cli.main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write(repr([m for m in ('deskcrm.store.boards', 'deskcrm.store.board_cards',"
            " 'deskcrm.domain.pipeline_rules') if m in sys.modules]))")
    env = {k: v for k, v in os.environ.items() if k != "DESKCRM_NO_FAST_PATH"}
    for args in (["jobs", "--json"], ["placements", "--json"]):
        result = subprocess.run([sys.executable, "-c", code, *args, "--db", str(desk)], capture_output=True,
                                text=True, timeout=120, env=env)
        assert json.loads(result.stdout), args
        assert result.stderr.endswith("[]"), (args, result.stderr)
