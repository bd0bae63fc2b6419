"""board indexes: a kanban column's page and totals without reading the whole column

- ``ix_job_order_board`` (stage, rank, id) and ``ix_placement_board`` (status, rank, id): a
  column's cards in board order, so a page stops after its cards (43,000 placements past their
  guarantee at 1M candidates were sorted for every page);
- ``ix_placement_fees`` (status, currency, fee_amount) and ``ix_job_order_fees`` (stage,
  currency, company_id and what a job's estimated fee is made of): the boards' counts and fee
  totals per currency without reading each job or placement row.

Indexes only (no table is rebuilt): under a second on a copy of the 1M-candidate demo (the
verified backup ``migrate`` takes before any DDL is what takes minutes there).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('job_order', schema=None) as batch_op:
        batch_op.create_index('ix_job_order_board', ['stage', 'rank', 'id'], unique=False)
        batch_op.create_index('ix_job_order_fees', ['stage', 'currency', 'company_id', 'openings', 'comp_max',
                                                    'comp_min', 'fee_percent_override', 'flat_fee_override'],
                              unique=False)
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.create_index('ix_placement_board', ['status', 'rank', 'id'], unique=False)
        batch_op.create_index('ix_placement_fees', ['status', 'currency', 'fee_amount'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.drop_index('ix_placement_fees')
        batch_op.drop_index('ix_placement_board')
    with op.batch_alter_table('job_order', schema=None) as batch_op:
        batch_op.drop_index('ix_job_order_fees')
        batch_op.drop_index('ix_job_order_board')
