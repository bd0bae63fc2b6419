"""interview place: where a submission's interview is held, beside its time

``submission.interview_place`` is one line of text typed with the interview time when a card
moves to Interviewing ("Client office, Torstr. 1, 3rd floor", "Teams (link in the invite)");
NULL when none was typed. The invite's LOCATION and the interview emails' "Where:" use it, and
fall back to the job's city and company when it is empty (``store.calendar_events``,
``store.mail_fields``).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('submission') as batch:
        batch.add_column(sa.Column('interview_place', sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('submission') as batch:
        batch.drop_column('interview_place')
