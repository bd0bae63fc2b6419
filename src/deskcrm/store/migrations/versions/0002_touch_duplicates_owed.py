"""next touch on a person, remembered not-duplicate pairs, what a failed guarantee owes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_touch_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_person_next_touch_on'), ['next_touch_on'], unique=False)
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owed', sa.String(), nullable=True))
    op.create_table('not_duplicate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_a', sa.Integer(), nullable=False),
    sa.Column('person_b', sa.Integer(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_a'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_b'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('person_a', 'person_b')
    )
    with op.batch_alter_table('not_duplicate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_not_duplicate_person_a'), ['person_a'], unique=False)
        batch_op.create_index(batch_op.f('ix_not_duplicate_person_b'), ['person_b'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('not_duplicate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_not_duplicate_person_b'))
        batch_op.drop_index(batch_op.f('ix_not_duplicate_person_a'))
    op.drop_table('not_duplicate')
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.drop_column('owed')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_next_touch_on'))
        batch_op.drop_column('next_touch_on')
