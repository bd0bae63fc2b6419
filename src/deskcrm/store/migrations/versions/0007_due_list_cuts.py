"""a company's last contact, stored; partial indexes for the due list's date cuts

- ``company.last_contact_at``: the newest touch linked to the company (``store.last_contact``),
  filled from the timeline for the companies already there;
- ``ix_company_checkin`` (cadence, last contact) over active clients; ``ix_person_never_contacted``
  (created_at) over people never contacted; ``ix_placement_start`` (status, start date);
  ``ix_placement_invoiced`` (invoice due) over unpaid invoices; ``ix_placement_checkin_{30,60,90}_open``
  (the check-in's date) over unticked check-ins; ``ix_consent_first_contact`` over notices not sent.

Cheap at 1M candidates (~2 s): one ADD COLUMN (no table copy), one pass over ``person`` and one
over ``consent`` for their partial indexes, small placement indexes, and one backwards index walk
per company for the fill.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

_PLACEMENT = (
    ('ix_placement_invoiced', 'invoice_due', "fee_status = 'invoiced'"),
    ('ix_placement_checkin_30_open', 'checkin_30', 'checkin_30_done_at IS NULL'),
    ('ix_placement_checkin_60_open', 'checkin_60', 'checkin_60_done_at IS NULL'),
    ('ix_placement_checkin_90_open', 'checkin_90', 'checkin_90_done_at IS NULL'),
)


def _where(condition: str) -> dict:
    return {'sqlite_where': sa.text(condition), 'postgresql_where': sa.text(condition)}


def upgrade() -> None:
    with op.batch_alter_table('company', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_contact_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index('ix_company_checkin', 'company', ['checkin_cadence_days', 'last_contact_at'], unique=False,
                    **_where("bd_stage = 'active_client'"))
    op.create_index('ix_person_never_contacted', 'person', ['created_at'], unique=False,
                    **_where('last_contact_at IS NULL'))
    op.create_index('ix_placement_start', 'placement', ['status', 'start_date'], unique=False)
    op.create_index('ix_consent_first_contact', 'consent', ['first_contact_at'], unique=False,
                    **_where('notice_sent_at IS NULL'))
    for name, column, condition in _PLACEMENT:
        op.create_index(name, 'placement', [column], unique=False, **_where(condition))
    # The touches of store.last_contact, spelled out: a migration never changes once released.
    op.execute("""UPDATE company SET last_contact_at = (
        SELECT a.at FROM activity a WHERE a.company_id = company.id
           AND a.kind IN ('call_talked', 'call_voicemail', 'email', 'meeting')
        ORDER BY a.at DESC LIMIT 1)""")


def downgrade() -> None:
    for name, _column, _condition in reversed(_PLACEMENT):
        op.drop_index(name, table_name='placement')
    op.drop_index('ix_placement_start', table_name='placement')
    op.drop_index('ix_consent_first_contact', table_name='consent')
    op.drop_index('ix_person_never_contacted', table_name='person')
    op.drop_index('ix_company_checkin', table_name='company')
    with op.batch_alter_table('company', schema=None) as batch_op:
        batch_op.drop_column('last_contact_at')
