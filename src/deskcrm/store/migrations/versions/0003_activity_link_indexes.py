"""index activity by job, placement and submission (timelines; undo of a placement)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.create_index('ix_activity_job_at', ['job_id', 'at'], unique=False)
        batch_op.create_index('ix_activity_placement', ['placement_id'], unique=False)
        batch_op.create_index('ix_activity_submission', ['submission_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index('ix_activity_submission')
        batch_op.drop_index('ix_activity_placement')
        batch_op.drop_index('ix_activity_job_at')
