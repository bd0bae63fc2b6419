"""company duplicate keys and "not a duplicate" pairs; what a failed guarantee applied

- ``company.name_key`` (the folded name: ``client_rules.company_key``) and ``company.web_domain``
  (``client_rules.web_domain``), both indexed, filled for the companies already there;
- ``company_not_duplicate``: pairs the recruiter said are two companies ("create anyway");
- ``placement.left_on`` (the last day worked) and ``placement.owed_rule`` (the agreement's rule
  applied when the guarantee failed);
- the pro-rata rule's words: ``linear`` and ``stepped`` become ``prorata`` (no stepped schedule
  was ever defined or applied; pro-rata by days worked is the rule the agreement form offers).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""
from alembic import context, op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('company', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_key', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('web_domain', sa.String(), nullable=True))
        batch_op.create_index(batch_op.f('ix_company_name_key'), ['name_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_company_web_domain'), ['web_domain'], unique=False)
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('left_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('owed_rule', sa.String(), nullable=True))
    op.create_table('company_not_duplicate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_a', sa.Integer(), nullable=False),
    sa.Column('company_b', sa.Integer(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_a'], ['company.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['company_b'], ['company.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('company_a', 'company_b')
    )
    with op.batch_alter_table('company_not_duplicate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_company_not_duplicate_company_a'), ['company_a'], unique=False)
        batch_op.create_index(batch_op.f('ix_company_not_duplicate_company_b'), ['company_b'], unique=False)
    op.execute("UPDATE company SET prorata_rule = 'prorata' WHERE prorata_rule IN ('linear', 'stepped')")
    if not context.is_offline_mode():
        _fill_keys(op.get_bind())


def _fill_keys(bind) -> None:
    from deskcrm.domain.client_rules import company_key, web_domain

    rows = bind.execute(sa.text("SELECT id, name, website FROM company")).fetchall()
    update = sa.text("UPDATE company SET name_key = :key, web_domain = :domain WHERE id = :id")
    for start in range(0, len(rows), 1000):
        bind.execute(update, [{"id": r[0], "key": company_key(r[1]), "domain": web_domain(r[2])}
                              for r in rows[start:start + 1000]])


def downgrade() -> None:
    with op.batch_alter_table('company_not_duplicate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_company_not_duplicate_company_b'))
        batch_op.drop_index(batch_op.f('ix_company_not_duplicate_company_a'))
    op.drop_table('company_not_duplicate')
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.drop_column('owed_rule')
        batch_op.drop_column('left_on')
    with op.batch_alter_table('company', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_company_web_domain'))
        batch_op.drop_index(batch_op.f('ix_company_name_key'))
        batch_op.drop_column('web_domain')
        batch_op.drop_column('name_key')
