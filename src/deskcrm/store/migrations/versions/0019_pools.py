"""talent pools, and the job type a candidate wants

- ``pool``: a named list of people (issue 16): a saved search (``query``: the text typed, re-run
  when the pool is opened) or hand-picked (``query`` NULL).
- ``pool_member``: who is in a pool — hand-picked, or the saved search's last run; one row per
  person per pool, gone with the pool or the person.
- ``candidate_profile.wanted_type``: perm, contract or either — what ``type:contract`` filters on.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pool',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('query', sa.String(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('refreshed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['recruiter.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('pool_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pool_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['pool_id'], ['pool.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('pool_id', 'person_id')
    )
    with op.batch_alter_table('pool_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pool_member_person_id'), ['person_id'], unique=False)
    with op.batch_alter_table('candidate_profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wanted_type', sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('candidate_profile', schema=None) as batch_op:
        batch_op.drop_column('wanted_type')
    with op.batch_alter_table('pool_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pool_member_person_id'))
    op.drop_table('pool_member')
    op.drop_table('pool')
