"""contract rates and added stages

Contract work (issue 16): ``job_order`` and ``placement`` get a bill rate, a pay rate (in the
record's currency), the rate unit (``hour`` / ``day``) and an end date; ``placement`` gets its
type (``perm`` / ``contract``; a job's type is ``job_order.job_type``). The margin is computed,
never stored.

Added stages: ``user_stage`` holds a stage a team added to a pipeline — its name, the canonical
stage it maps to (``category``; metrics and due rules read that) and its order among the stages
added after that canonical one (``position``). ``submission.user_stage_id`` says which added
stage a card is at (NULL: the canonical stage itself); its ``stage`` stays the canonical key.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

_RATES = ('bill_rate', 'pay_rate', 'rate_unit', 'end_date')


def _rate_columns() -> list[sa.Column]:
    return [sa.Column('bill_rate', sa.Float(), nullable=True), sa.Column('pay_rate', sa.Float(), nullable=True),
            sa.Column('rate_unit', sa.String(), nullable=True), sa.Column('end_date', sa.Date(), nullable=True)]


def upgrade() -> None:
    with op.batch_alter_table('job_order', schema=None) as batch_op:
        for column in _rate_columns():
            batch_op.add_column(column)
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('placement_type', sa.String(), nullable=False, server_default='perm'))
        for column in _rate_columns():
            batch_op.add_column(column)
    op.create_table('user_stage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pipeline', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('category', sa.String(), nullable=False),
    sa.Column('position', sa.Float(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('submission', schema=None) as batch_op:
        # no foreign key: that would rebuild the whole submission table on SQLite; the store
        # refuses to remove a stage that still holds cards (store/user_stages.py)
        batch_op.add_column(sa.Column('user_stage_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_submission_user_stage_id', ['user_stage_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_index('ix_submission_user_stage_id')
        batch_op.drop_column('user_stage_id')
    op.drop_table('user_stage')
    with op.batch_alter_table('placement', schema=None) as batch_op:
        for name in reversed(_RATES):
            batch_op.drop_column(name)
        batch_op.drop_column('placement_type')
    with op.batch_alter_table('job_order', schema=None) as batch_op:
        for name in reversed(_RATES):
            batch_op.drop_column(name)
