"""indexes for the reports (section 6, ``store.reports``): each named query reads an index range

- ``activity (kind, author_id, at)``: a week's calls, emails and meetings of one author, counted in
  the index alone; over stage changes only, ``(at, author_id, submission_id,
  company_id, body)``: the week's moves to Submitted / Offered (their text is short);
- ``submission (source, created_at, stage)`` and ``(stage, created_at)``: the period's submissions
  by source (source effectiveness) and by stage (the funnel), each source's or stage's range
  read in turn (SQLite's skip-scan over the few sources and stages): no sort;
- placement, covering the figures' columns: by offer date (placed, time to fill), invoice date,
  payment date; by job and offer date (was an offer accepted on this job before the period?);
  partial ones over credited fees, paid/credited fees (lifetime value) and fees
  not yet invoiced;
- ``job_order (closed_on, stage, owner_id, company_id)`` and ``(opened_on, owner_id,
  company_id)``: jobs closed (fill rate) and opened (orders) in a period.

Measured on a copy of the 1M-candidate bench desk (bench/reports.py, README "Reports").
SQLite's planner needs fresh statistics to choose them: the tables are analysed (SQLite only).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

from deskcrm.store.migrations import dialect


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def _where(condition: str) -> dict:
    return {'sqlite_where': sa.text(condition), 'postgresql_where': sa.text(condition)}


_INDEXES = (
    ('ix_activity_kind_at', 'activity', ['kind', 'author_id', 'at'], None),
    ('ix_activity_moves', 'activity', ['at', 'author_id', 'submission_id', 'company_id', 'body'],
     "kind = 'stage_change'"),
    ('ix_submission_source', 'submission', ['source', 'created_at', 'stage'], None),
    ('ix_submission_stage_created', 'submission', ['stage', 'created_at'], None),
    ('ix_submission_interviews', 'submission', ['interview_at', 'job_id'], None),
    ('ix_placement_offer', 'placement',
     ['offer_accepted_on', 'status', 'job_id', 'recruiter_id', 'company_id', 'currency', 'fee_amount'], None),
    ('ix_placement_job_offer', 'placement', ['job_id', 'offer_accepted_on', 'status'], None),
    ('ix_placement_invoice_date', 'placement', ['invoice_date', 'recruiter_id', 'company_id', 'currency', 'fee_amount'],
     None),
    ('ix_placement_paid_on', 'placement', ['paid_on', 'recruiter_id', 'company_id', 'currency', 'fee_amount'], None),
    ('ix_placement_credited', 'placement', ['left_on', 'invoice_date', 'offer_accepted_on', 'recruiter_id',
                                            'company_id', 'currency', 'credited_amount'], 'credited_amount > 0'),
    ('ix_placement_value', 'placement', ['company_id', 'recruiter_id', 'currency', 'fee_amount', 'credited_amount'],
     "fee_status IN ('paid', 'credited')"),
    ('ix_placement_not_invoiced', 'placement', ['status', 'recruiter_id', 'company_id', 'currency', 'fee_amount'],
     "fee_status = 'not_invoiced'"),
    ('ix_job_order_closed', 'job_order', ['closed_on', 'stage', 'owner_id', 'company_id'], None),
    ('ix_job_order_opened', 'job_order', ['opened_on', 'owner_id', 'company_id'], None),
)


def upgrade() -> None:
    for name, table, columns, condition in _INDEXES:
        op.create_index(name, table, columns, unique=False, **(_where(condition) if condition else {}))
    dialect.analyze("activity", "submission", "placement", "job_order")


def downgrade() -> None:
    for name, table, _columns, _condition in reversed(_INDEXES):
        op.drop_index(name, table_name=table)
