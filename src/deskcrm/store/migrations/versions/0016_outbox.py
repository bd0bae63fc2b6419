"""outbox: every message sent from deskcrm, and those that failed, kept to retry (issue 15)

``outbox``: one row per message — the draft as written (``draft``: JSON with its attachments, so a
retry sends exactly that), who it goes to and its subject (for the Outbox view), its ``state``
(sending, failed, sent), the last failure (``error``), how many tries, the Message-ID and when it
was sent. ``person_id``: the first person it concerns; ``people``: every one, as ``,12,34,`` (an
erasure removes the messages that concern them).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(), nullable=False),
    sa.Column('template', sa.String(), nullable=True),
    sa.Column('to_addrs', sa.String(), nullable=False),
    sa.Column('subject', sa.String(), nullable=False),
    sa.Column('draft', sa.Text(), nullable=False),
    sa.Column('error', sa.String(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('people', sa.String(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['recruiter.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_company_id'), ['company_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_company_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_person_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_state'))
    op.drop_table('outbox')
