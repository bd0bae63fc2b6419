"""privacy: the erasure record, and the journal's removed people found by an indexed date cut

- ``erasure``: that an erasure happened — when, who (the recruiter), which person id (the
  anonymised row "Erased person #N" that placements keep pointing at) and what kinds of rows
  went, as counts (JSON) — never any personal data (DESIGN.md §1, §6; ``store.erasure``).
- ``ix_event_removed_person`` (at) over the journal events that removed a person (a merge's
  delete, the undo of a create) whose before-image is still there: the scrub run when the desk
  opens (``store.journal_scrub``) reads only those older than the undo window, and a scrubbed
  event leaves the index.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

_REMOVED = "entity = 'person' AND action IN ('delete', 'undo_insert') AND before IS NOT NULL"


def upgrade() -> None:
    op.create_table('erasure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kinds', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['recruiter.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('erasure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_erasure_at'), ['at'], unique=False)
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index('ix_event_removed_person', ['at'], unique=False,
                              sqlite_where=sa.text(_REMOVED), postgresql_where=sa.text(_REMOVED))


def downgrade() -> None:
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index('ix_event_removed_person')
    with op.batch_alter_table('erasure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_erasure_at'))
    op.drop_table('erasure')
