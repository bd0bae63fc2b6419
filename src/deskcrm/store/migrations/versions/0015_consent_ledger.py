"""consent ledger: every change to a person's lawful basis, source, consent and Art. 14 notice kept

``consent_entry``: one row per thing recorded from the person screen (or ``x`` on an Art. 14
item in Due today) — what (``kind``: basis, source, given, withdrawn, expiry, notice), the day it
happened or holds until (``on_date``), how (``method``: email, letter, phone, in person, other),
the rest (``detail``: the basis, the source, what consent was given for), when it was recorded and
by whom. Rows are only ever added: the history is never overwritten. The person's ``consent``
row stays the current state the due rules read (store.consent_ledger keeps the two together).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('consent_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=True),
    sa.Column('method', sa.String(), nullable=True),
    sa.Column('detail', sa.String(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['actor_id'], ['recruiter.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('consent_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_entry_person_id'), ['person_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('consent_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_entry_person_id'))
    op.drop_table('consent_entry')
