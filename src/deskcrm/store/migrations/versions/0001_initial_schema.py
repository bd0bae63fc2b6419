"""initial schema: the whole domain model of DESIGN.md section 1, plus the person search index

Revision ID: 0001
Revises: 
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa

from deskcrm.store.migrations import dialect


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('due_state',
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('snoozed_until', sa.Date(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('recruiter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('initials', sa.String(), nullable=False),
    sa.Column('email', sa.String(), nullable=True),
    sa.Column('revenue_target', sa.Float(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('initials')
    )
    op.create_table('company',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('name_norm', sa.String(), nullable=False),
    sa.Column('industry', sa.String(), nullable=True),
    sa.Column('size', sa.String(), nullable=True),
    sa.Column('city', sa.String(), nullable=True),
    sa.Column('country', sa.String(), nullable=True),
    sa.Column('website', sa.String(), nullable=True),
    sa.Column('bd_stage', sa.String(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('fee_percent', sa.Float(), nullable=True),
    sa.Column('flat_fee', sa.Float(), nullable=True),
    sa.Column('fee_currency', sa.String(), nullable=False),
    sa.Column('payment_terms_days', sa.Integer(), nullable=False),
    sa.Column('guarantee_days', sa.Integer(), nullable=False),
    sa.Column('prorata_rule', sa.String(), nullable=False),
    sa.Column('nps', sa.Integer(), nullable=True),
    sa.Column('checkin_cadence_days', sa.Integer(), nullable=True),
    sa.Column('notes', sa.String(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['recruiter.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('company', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_company_bd_stage'), ['bd_stage'], unique=False)
        batch_op.create_index(batch_op.f('ix_company_name_norm'), ['name_norm'], unique=False)
        batch_op.create_index(batch_op.f('ix_company_owner_id'), ['owner_id'], unique=False)

    op.create_table('event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('txn', sa.String(), nullable=False),
    sa.Column('entity', sa.String(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(), nullable=False),
    sa.Column('before', sa.String(), nullable=True),
    sa.Column('after', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['recruiter.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_at'), ['at'], unique=False)
        batch_op.create_index('ix_event_entity', ['entity', 'entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_txn'), ['txn'], unique=False)

    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('email', sa.String(), nullable=True),
    sa.Column('email_norm', sa.String(), nullable=True),
    sa.Column('phone', sa.String(), nullable=True),
    sa.Column('phone_norm', sa.String(), nullable=True),
    sa.Column('other_contacts', sa.String(), nullable=False),
    sa.Column('city', sa.String(), nullable=True),
    sa.Column('country', sa.String(), nullable=True),
    sa.Column('headline', sa.String(), nullable=True),
    sa.Column('linkedin_url', sa.String(), nullable=True),
    sa.Column('linkedin_norm', sa.String(), nullable=True),
    sa.Column('source', sa.String(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('tags', sa.String(), nullable=False),
    sa.Column('custom', sa.String(), nullable=False),
    sa.Column('notes', sa.String(), nullable=True),
    sa.Column('last_contact_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['recruiter.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_email_norm'), ['email_norm'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_last_contact_at'), ['last_contact_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_linkedin_norm'), ['linkedin_norm'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_phone_norm'), ['phone_norm'], unique=False)

    op.create_table('candidate_profile',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('skills', sa.String(), nullable=False),
    sa.Column('seniority', sa.String(), nullable=True),
    sa.Column('current_title', sa.String(), nullable=True),
    sa.Column('current_employer', sa.String(), nullable=True),
    sa.Column('current_salary', sa.Float(), nullable=True),
    sa.Column('desired_salary', sa.Float(), nullable=True),
    sa.Column('salary_currency', sa.String(), nullable=False),
    sa.Column('notice_days', sa.Integer(), nullable=True),
    sa.Column('available_from', sa.Date(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('resume_path', sa.String(), nullable=True),
    sa.Column('resume_text', sa.String(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id')
    )
    with op.batch_alter_table('candidate_profile', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidate_profile_status'), ['status'], unique=False)

    op.create_table('consent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('lawful_basis', sa.String(), nullable=False),
    sa.Column('source', sa.String(), nullable=True),
    sa.Column('sourced_at', sa.Date(), nullable=False),
    sa.Column('given_at', sa.Date(), nullable=True),
    sa.Column('expires_at', sa.Date(), nullable=True),
    sa.Column('first_contact_at', sa.Date(), nullable=True),
    sa.Column('notice_sent_at', sa.Date(), nullable=True),
    sa.Column('withdrawn_at', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_consent_notice_due', ['notice_sent_at', 'sourced_at'], unique=False)
        batch_op.create_index('ix_consent_expires_at', ['expires_at'], unique=False)

    op.create_table('contact_role',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(), nullable=True),
    sa.Column('is_hiring_manager', sa.Boolean(), nullable=False),
    sa.Column('is_billing', sa.Boolean(), nullable=False),
    sa.Column('left_at', sa.Date(), nullable=True),
    sa.Column('reports_to_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reports_to_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contact_role', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_role_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_role_person_id'), ['person_id'], unique=False)

    op.create_table('job_order',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('hiring_manager_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('requirements', sa.String(), nullable=True),
    sa.Column('skills', sa.String(), nullable=False),
    sa.Column('city', sa.String(), nullable=True),
    sa.Column('remote', sa.String(), nullable=False),
    sa.Column('comp_min', sa.Float(), nullable=True),
    sa.Column('comp_max', sa.Float(), nullable=True),
    sa.Column('currency', sa.String(), nullable=False),
    sa.Column('openings', sa.Integer(), nullable=False),
    sa.Column('job_type', sa.String(), nullable=False),
    sa.Column('urgency', sa.Integer(), nullable=False),
    sa.Column('fee_percent_override', sa.Float(), nullable=True),
    sa.Column('flat_fee_override', sa.Float(), nullable=True),
    sa.Column('stage', sa.String(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('close_reason', sa.String(), nullable=True),
    sa.Column('rank', sa.Float(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], ),
    sa.ForeignKeyConstraint(['hiring_manager_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['owner_id'], ['recruiter.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('job_order', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_order_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_order_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_order_stage'), ['stage'], unique=False)

    op.create_table('submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(), nullable=False),
    sa.Column('stage_changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('interview_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('exit_reason', sa.String(), nullable=True),
    sa.Column('source', sa.String(), nullable=True),
    sa.Column('rank', sa.Float(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['job_order.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('person_id', 'job_id')
    )
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submission_interview_at'), ['interview_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_submission_job_id'), ['job_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_submission_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_submission_stage'), ['stage'], unique=False)

    op.create_table('placement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('recruiter_id', sa.Integer(), nullable=True),
    sa.Column('offer_accepted_on', sa.Date(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('salary', sa.Float(), nullable=False),
    sa.Column('currency', sa.String(), nullable=False),
    sa.Column('fee_percent', sa.Float(), nullable=True),
    sa.Column('fee_amount', sa.Float(), nullable=False),
    sa.Column('fee_status', sa.String(), nullable=False),
    sa.Column('invoice_date', sa.Date(), nullable=True),
    sa.Column('invoice_due', sa.Date(), nullable=True),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('credited_amount', sa.Float(), nullable=False),
    sa.Column('guarantee_days', sa.Integer(), nullable=False),
    sa.Column('guarantee_end', sa.Date(), nullable=False),
    sa.Column('checkin_30', sa.Date(), nullable=True),
    sa.Column('checkin_30_done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checkin_60', sa.Date(), nullable=True),
    sa.Column('checkin_60_done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checkin_90', sa.Date(), nullable=True),
    sa.Column('checkin_90_done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('fail_reason', sa.String(), nullable=True),
    sa.Column('rank', sa.Float(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], ),
    sa.ForeignKeyConstraint(['job_id'], ['job_order.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['recruiter_id'], ['recruiter.id'], ),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('submission_id')
    )
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placement_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placement_job_id'), ['job_id'], unique=False)
        batch_op.create_index('ix_placement_live', ['status', 'guarantee_end'], unique=False)
        batch_op.create_index(batch_op.f('ix_placement_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placement_recruiter_id'), ['recruiter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placement_status'), ['status'], unique=False)

    op.create_table('activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('body', sa.String(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('job_id', sa.Integer(), nullable=True),
    sa.Column('placement_id', sa.Integer(), nullable=True),
    sa.Column('submission_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['recruiter.id'], ),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], ),
    sa.ForeignKeyConstraint(['job_id'], ['job_order.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['placement_id'], ['placement.id'], ),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_at'), ['at'], unique=False)
        batch_op.create_index('ix_activity_company_at', ['company_id', 'at'], unique=False)
        batch_op.create_index('ix_activity_person_at', ['person_id', 'at'], unique=False)

    # The person search index: FTS5 on SQLite, tsvector + GIN and pg_trgm on PostgreSQL
    # (store.migrations.dialect).
    dialect.create_person_search()


def downgrade() -> None:
    dialect.drop_person_search()
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index('ix_activity_person_at')
        batch_op.drop_index('ix_activity_company_at')
        batch_op.drop_index(batch_op.f('ix_activity_at'))

    op.drop_table('activity')
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_placement_status'))
        batch_op.drop_index(batch_op.f('ix_placement_recruiter_id'))
        batch_op.drop_index(batch_op.f('ix_placement_person_id'))
        batch_op.drop_index('ix_placement_live')
        batch_op.drop_index(batch_op.f('ix_placement_job_id'))
        batch_op.drop_index(batch_op.f('ix_placement_company_id'))

    op.drop_table('placement')
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submission_stage'))
        batch_op.drop_index(batch_op.f('ix_submission_person_id'))
        batch_op.drop_index(batch_op.f('ix_submission_job_id'))
        batch_op.drop_index(batch_op.f('ix_submission_interview_at'))

    op.drop_table('submission')
    with op.batch_alter_table('job_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_order_stage'))
        batch_op.drop_index(batch_op.f('ix_job_order_owner_id'))
        batch_op.drop_index(batch_op.f('ix_job_order_company_id'))

    op.drop_table('job_order')
    with op.batch_alter_table('contact_role', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_role_person_id'))
        batch_op.drop_index(batch_op.f('ix_contact_role_company_id'))

    op.drop_table('contact_role')
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.drop_index('ix_consent_expires_at')
        batch_op.drop_index('ix_consent_notice_due')
        batch_op.drop_index(batch_op.f('ix_consent_person_id'))

    op.drop_table('consent')
    with op.batch_alter_table('candidate_profile', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidate_profile_status'))

    op.drop_table('candidate_profile')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_phone_norm'))
        batch_op.drop_index(batch_op.f('ix_person_owner_id'))
        batch_op.drop_index(batch_op.f('ix_person_linkedin_norm'))
        batch_op.drop_index(batch_op.f('ix_person_last_contact_at'))
        batch_op.drop_index(batch_op.f('ix_person_email_norm'))

    op.drop_table('person')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_txn'))
        batch_op.drop_index('ix_event_entity')
        batch_op.drop_index(batch_op.f('ix_event_at'))

    op.drop_table('event')
    with op.batch_alter_table('company', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_company_owner_id'))
        batch_op.drop_index(batch_op.f('ix_company_name_norm'))
        batch_op.drop_index(batch_op.f('ix_company_bd_stage'))

    op.drop_table('company')
    op.drop_table('recruiter')
    op.drop_table('due_state')
