"""candidate_profile.employer_key: a candidate's current employer, keyed as a company's name is

``candidate_profile.employer_key`` is ``client_rules.company_key(current_employer)`` (case,
accents, punctuation and legal form aside), indexed: an import finds the desk's candidates at a
company by its key — a close name there is a likely duplicate — without reading every profile
(``store.employer_keys``). Filled here for the profiles already there; kept by every write
(``employer_keys.keyed``).

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-08
"""
from alembic import context, op
import sqlalchemy as sa


revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('candidate_profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('employer_key', sa.String(), nullable=True))
        batch_op.create_index(batch_op.f('ix_candidate_profile_employer_key'), ['employer_key'], unique=False)
    if not context.is_offline_mode():
        from deskcrm.store.employer_keys import fill

        bind = op.get_bind()

        def execute(sql: str, rows: list[tuple] | None) -> list[tuple]:
            marks = sql.count("?")
            for i in range(marks):
                sql = sql.replace("?", f":p{i}", 1)
            if rows is None:
                found = bind.execute(sa.text(sql))
                return found.fetchall() if found.returns_rows else []
            bind.execute(sa.text(sql), [{f"p{i}": v for i, v in enumerate(r)} for r in rows])
            return []

        fill(execute)


def downgrade() -> None:
    with op.batch_alter_table('candidate_profile', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidate_profile_employer_key'))
        batch_op.drop_column('employer_key')
