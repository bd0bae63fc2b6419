"""retention reviews: the ledger's ``review`` entries by day, so a kept candidate comes back

A candidate kept at a retention review (``store.retention_review.keep``: a consent-ledger
``review`` entry) is due again one retention period after that review. Due today's count and the
review list find those by the review's day: ``ix_consent_entry_review`` holds the ``review``
entries only, by day (``store.retention_due``).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

_REVIEW = "kind = 'review'"


def upgrade() -> None:
    op.create_index('ix_consent_entry_review', 'consent_entry', ['on_date', 'person_id'], unique=False,
                    sqlite_where=sa.text(_REVIEW), postgresql_where=sa.text(_REVIEW))


def downgrade() -> None:
    op.drop_index('ix_consent_entry_review', table_name='consent_entry')
