"""mail log: the messages logged from mail (``deskcrm mail log`` / ``mail sync``), by Message-ID

``mail_message``: one row per message logged — its ``message_id`` (unique: a message logged
twice, from a pipe or a Maildir, is found here and written once), when it was logged and the
ids of the email activities it wrote (JSON list). A re-run of ``mail sync`` reads the seen
Message-IDs from here instead of logging again. Undoing a log removes the row with its
activities (it is journalled), so the message can be logged again.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('mail_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(), nullable=False),
    sa.Column('activity_ids', sa.String(), nullable=False, server_default='[]'),
    sa.Column('logged_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('message_id', name='uq_mail_message_message_id'),
    )


def downgrade() -> None:
    op.drop_table('mail_message')
