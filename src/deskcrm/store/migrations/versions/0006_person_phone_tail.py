"""index the last 7 characters of person.phone_norm: search by a phone number typed without its
country code (``0172 23104960``) or by its last digits (``23104960``) — ``store.search_contacts``

An index on an expression of built-in functions only (every connection can use it; nothing to
register). SQLite ``substr(phone_norm, -7)``, PostgreSQL ``right(phone_norm, 7)``; the query
names the same expression. Measured on a copy of a 1M-candidate demo: see the README.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""
from alembic import op

from deskcrm.store.migrations import dialect


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(f"CREATE INDEX ix_person_phone_tail ON person ({dialect.phone_tail()})")


def downgrade() -> None:
    op.execute("DROP INDEX ix_person_phone_tail")
