"""no write stalls: no FTS5 merge inside a user's write

- ``person_fts`` gets ``automerge = 0`` (FTS5 no longer merges segments inside the writer's
  transaction), ``crisismerge = 64`` (the backstop for a desk that is never idle, up from 16)
  and ``usermerge = 4`` — the values of ``store.search_index.SETTINGS`` when this was written.
  The merging happens when the desk is idle, in short transactions of its own
  (``store.search_merge``). Three rows of ``person_fts_config``. SQLite only (nothing on
  PostgreSQL: its GIN index is merged by vacuum).
Instant at any size. (A move to Placed finds the new card's rank — ``max(rank)`` of the
offer-accepted placements — by 0009's ``ix_placement_board`` (status, rank, id).)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""
from deskcrm.store.migrations import dialect


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

_SETTINGS = (("automerge", 0), ("crisismerge", 64), ("usermerge", 4))
_FTS5_DEFAULTS = (("automerge", 4), ("crisismerge", 16), ("usermerge", 4))


def upgrade() -> None:
    dialect.search_index_settings(_SETTINGS)


def downgrade() -> None:
    dialect.search_index_settings(_FTS5_DEFAULTS)
