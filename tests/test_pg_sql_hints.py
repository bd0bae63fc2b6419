"""SQLite's planner hints are dropped from a statement sent to PostgreSQL (``store.pg.translate_sql``),
and nothing else: SQL written once keeps its hints on SQLite."""

from __future__ import annotations

import pytest

pytest.importorskip("psycopg")

from deskcrm.store.pg import translate_sql  # noqa: E402


def test_a_cross_join_with_on_is_a_join_a_true_cross_join_stays():
    sql = ("SELECT 1 FROM submission s INDEXED BY ix_submission_job_id CROSS JOIN job_order j ON j.id = s.job_id"
           " CROSS JOIN person AS p ON p.id = s.person_id cross join company c on c.id = j.company_id"
           " CROSS JOIN recruiter WHERE s.stage = ? AND s.note = 'CROSS JOIN x ON'")
    assert translate_sql(sql) == (
        "SELECT 1 FROM submission s JOIN job_order j ON j.id = s.job_id"
        " JOIN person AS p ON p.id = s.person_id JOIN company c on c.id = j.company_id"
        " CROSS JOIN recruiter WHERE s.stage = %s AND s.note = 'CROSS JOIN x ON'")
