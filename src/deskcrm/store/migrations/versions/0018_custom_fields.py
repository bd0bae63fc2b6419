"""custom fields: definitions shared by the team, values with their records, a filter index

``custom_field``: one row per field the desk defined — which records it is on (``entity``:
person, candidate, company, job, placement), a ``key`` fixed at creation (the values' key in
the record's ``custom`` JSON: renaming keeps the data), the label shown, the kind (text,
long_text, number, money, date, yes_no, choice, choices), the choice list (JSON), required,
its position in the forms, archived (removed from forms and filters; its values are kept).

Values live with the record: ``person.custom`` (person and candidate fields) already exists;
``company``, ``job_order`` and ``placement`` get the same ``custom`` JSON text.

``custom_value``: what the search filters read, derived from ``person.custom`` and kept in the
same transaction as the person's search index row (``store.custom_index``): one row per word
of a person's filterable value (a choice, each of several choices, yes/no, a text's words) or
one number (number, money, a date's ordinal). ``(field_id, word, person_id)`` walks the people
holding one value in id order; ``(field_id, num, person_id)`` finds the few in a narrow range;
``(person_id, field_id)`` tests one person.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

_CUSTOM_TABLES = ('company', 'job_order', 'placement')


def upgrade() -> None:
    op.create_table('custom_field',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity', sa.String(), nullable=False),
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('label', sa.String(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('choices', sa.String(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('entity', 'key', name='uq_custom_field_entity_key'),
    )
    op.create_table('custom_value',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('field_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('word', sa.String(), nullable=True),
    sa.Column('num', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['field_id'], ['custom_field.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('custom_value', schema=None) as batch_op:
        batch_op.create_index('ix_custom_value_word', ['field_id', 'word', 'person_id'], unique=False)
        batch_op.create_index('ix_custom_value_person', ['person_id', 'field_id'], unique=False)
        batch_op.create_index('ix_custom_value_num', ['field_id', 'num', 'person_id'], unique=False)
    for table in _CUSTOM_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('custom', sa.String(), nullable=False, server_default='{}'))


def downgrade() -> None:
    for table in _CUSTOM_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('custom')
    with op.batch_alter_table('custom_value', schema=None) as batch_op:
        batch_op.drop_index('ix_custom_value_num')
        batch_op.drop_index('ix_custom_value_person')
        batch_op.drop_index('ix_custom_value_word')
    op.drop_table('custom_value')
    op.drop_table('custom_field')
