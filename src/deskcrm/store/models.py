"""The domain model of DESIGN.md §1 as SQLModel tables — the schema's single source.

Migrations in ``store/migrations`` are written from these classes; the hot read paths use
plain SQL over the same tables. Stage columns hold the canonical stage key (see
``deskcrm.domain.stages``); labels are the user's to rename. List-like fields (tags, skills,
extra contact points, custom fields) are JSON text. Editable rows carry ``version`` for
optimistic concurrency: a save whose version is stale is a conflict, never an overwrite.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel


def _partial(where: str) -> dict[str, object]:
    """A partial index's condition, for both engines (DESIGN.md §2)."""
    return {"sqlite_where": text(where), "postgresql_where": text(where)}


class Recruiter(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    initials: str = Field(unique=True)
    email: Optional[str] = None
    revenue_target: Optional[float] = None
    active: bool = True


class Person(SQLModel, table=True):
    """One row per human: candidate, client contact, or both."""

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    email: Optional[str] = None
    email_norm: Optional[str] = Field(default=None, index=True)
    phone: Optional[str] = None
    phone_norm: Optional[str] = Field(default=None, index=True)
    other_contacts: str = "[]"  # JSON [{"kind": "email"|"phone", "value": ..., "norm": ...}]
    city: Optional[str] = None
    country: Optional[str] = None
    headline: Optional[str] = None
    linkedin_url: Optional[str] = None
    linkedin_norm: Optional[str] = Field(default=None, index=True)
    source: Optional[str] = None
    owner_id: Optional[int] = Field(default=None, foreign_key="recruiter.id", index=True)
    tags: str = "[]"
    custom: str = "{}"
    notes: Optional[str] = None
    # Kept in the same transaction as every activity write (never recomputed lazily):
    # the due list's nurture rule needs it indexed for 1M people.
    last_contact_at: Optional[datetime] = Field(default=None, index=True)
    # The next touch the recruiter scheduled (a call outcome sets it); due from that day.
    next_touch_on: Optional[date] = Field(default=None, index=True)
    created_at: datetime
    updated_at: datetime
    erased_at: Optional[datetime] = None
    version: int = 1


# Nurture of people never contacted: by when they were added, without walking every NULL of
# ``ix_person_last_contact_at`` (issue 10).
Index("ix_person_never_contacted", Person.created_at, **_partial("last_contact_at IS NULL"))


class CandidateProfile(SQLModel, table=True):
    __tablename__ = "candidate_profile"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    skills: str = "[]"
    seniority: Optional[str] = None
    current_title: Optional[str] = None
    current_employer: Optional[str] = None
    # ``client_rules.company_key(current_employer)``, kept with every write (``store.employer_keys``)
    employer_key: Optional[str] = Field(default=None, index=True)
    current_salary: Optional[float] = None
    desired_salary: Optional[float] = None
    salary_currency: str = "EUR"
    notice_days: Optional[int] = None
    available_from: Optional[date] = None
    status: str = Field(default="active", index=True)  # active | passive | placed | do_not_contact
    resume_path: Optional[str] = None
    resume_text: Optional[str] = None
    wanted_type: Optional[str] = None  # the work they want: perm | contract | either (search: type:)
    version: int = 1


class Company(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    name_norm: str = Field(index=True)
    # The duplicate check's keys (``client_rules.company_key`` / ``web_domain``), kept with every write.
    name_key: Optional[str] = Field(default=None, index=True)
    web_domain: Optional[str] = Field(default=None, index=True)
    industry: Optional[str] = None
    size: Optional[str] = None
    city: Optional[str] = None
    country: Optional[str] = None
    website: Optional[str] = None
    bd_stage: str = Field(default="target", index=True)
    owner_id: Optional[int] = Field(default=None, foreign_key="recruiter.id", index=True)
    # Fee agreement
    fee_percent: Optional[float] = None
    flat_fee: Optional[float] = None
    fee_currency: str = "EUR"
    payment_terms_days: int = 30
    guarantee_days: int = 90
    prorata_rule: str = "none"  # none | full | prorata (client_rules.PRORATA)
    nps: Optional[int] = None
    checkin_cadence_days: Optional[int] = None
    notes: Optional[str] = None
    # Order within its BD board column (J/K); ties fall back to the name.
    rank: float = Field(default=0.0, sa_column_kwargs={"server_default": "0"})
    # The newest touch linked to the company: derived, recomputed by every write that changes
    # it (``store.last_contact``), never edited or versioned.
    last_contact_at: Optional[datetime] = None
    created_at: datetime
    updated_at: datetime
    custom: str = Field(default="{}", sa_column_kwargs={"server_default": "{}"})  # custom field values (JSON)
    version: int = 1


# The due list's client check-in rule: per cadence, the active clients last contacted before a
# cut (or never), without walking every active client (issue 10).
Index("ix_company_checkin", Company.checkin_cadence_days, Company.last_contact_at,
      **_partial("bd_stage = 'active_client'"))


class ContactRole(SQLModel, table=True):
    __tablename__ = "contact_role"

    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    company_id: int = Field(foreign_key="company.id", index=True)
    title: Optional[str] = None
    is_hiring_manager: bool = False
    is_billing: bool = False
    left_at: Optional[date] = None
    reports_to_id: Optional[int] = Field(default=None, foreign_key="person.id", index=True)  # 0023
    version: int = 1


class JobOrder(SQLModel, table=True):
    __tablename__ = "job_order"

    id: Optional[int] = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    hiring_manager_id: Optional[int] = Field(default=None, foreign_key="person.id", index=True)  # 0023
    title: str
    requirements: Optional[str] = None
    skills: str = "[]"
    city: Optional[str] = None
    remote: str = "onsite"  # onsite | hybrid | remote
    comp_min: Optional[float] = None
    comp_max: Optional[float] = None
    currency: str = "EUR"
    openings: int = 1
    job_type: str = "perm"  # perm | contract | retained
    urgency: int = 2  # 1 low · 2 normal · 3 hot
    fee_percent_override: Optional[float] = None
    flat_fee_override: Optional[float] = None
    stage: str = Field(default="intake", index=True)
    owner_id: Optional[int] = Field(default=None, foreign_key="recruiter.id", index=True)
    opened_on: date
    closed_on: Optional[date] = None
    close_reason: Optional[str] = None
    rank: float = 0.0  # order within its board column
    custom: str = Field(default="{}", sa_column_kwargs={"server_default": "{}"})  # custom field values (JSON)
    version: int = 1
    # contract work (0020): rates in ``currency`` per ``rate_unit`` (hour | day); margin computed
    bill_rate: Optional[float] = None
    pay_rate: Optional[float] = None
    rate_unit: Optional[str] = None
    end_date: Optional[date] = None


Index("ix_job_order_board", JobOrder.stage, JobOrder.rank, JobOrder.id)  # a column's page, in board order
Index("ix_job_order_fees", JobOrder.stage, JobOrder.currency, JobOrder.company_id, JobOrder.openings,  # totals
      JobOrder.comp_max, JobOrder.comp_min, JobOrder.fee_percent_override, JobOrder.flat_fee_override)


class Submission(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("person_id", "job_id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    job_id: int = Field(foreign_key="job_order.id", index=True)
    stage: str = Field(default="sourced", index=True)
    stage_changed_at: datetime
    interview_at: Optional[datetime] = Field(default=None, index=True)
    interview_place: Optional[str] = None  # where the interview is held, one line (0022); None = not typed
    exit_reason: Optional[str] = None
    source: Optional[str] = None
    rank: float = 0.0
    created_at: datetime
    version: int = 1
    user_stage_id: Optional[int] = Field(default=None, index=True)  # an added stage (0020); stage stays canonical


class UserStage(SQLModel, table=True):
    """A stage a team added to a pipeline (0020), shown after its canonical ``category``."""

    __tablename__ = "user_stage"

    id: Optional[int] = Field(default=None, primary_key=True)
    pipeline: str
    name: str
    category: str  # the canonical stage key it maps to: metrics and due rules read that
    position: float  # order among the stages added after the same canonical one
    version: int = 1


class Placement(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    submission_id: Optional[int] = Field(default=None, foreign_key="submission.id", unique=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    job_id: int = Field(foreign_key="job_order.id", index=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    recruiter_id: Optional[int] = Field(default=None, foreign_key="recruiter.id", index=True)
    offer_accepted_on: date
    start_date: date
    salary: float
    currency: str = "EUR"
    fee_percent: Optional[float] = None
    fee_amount: float
    fee_status: str = "not_invoiced"  # not_invoiced | invoiced | paid | credited
    invoice_date: Optional[date] = None
    invoice_due: Optional[date] = None
    paid_on: Optional[date] = None
    credited_amount: float = 0.0
    guarantee_days: int = 90
    guarantee_end: date
    checkin_30: Optional[date] = None
    checkin_30_done_at: Optional[datetime] = None
    checkin_60: Optional[date] = None
    checkin_60_done_at: Optional[datetime] = None
    checkin_90: Optional[date] = None
    checkin_90_done_at: Optional[datetime] = None
    status: str = Field(default="offer_accepted", index=True)
    fail_reason: Optional[str] = None
    owed: Optional[str] = None  # after a failed guarantee: refund | replacement (None: nothing owed)
    owed_rule: Optional[str] = None  # the agreement's pro-rata rule applied then (guarantee_rules)
    left_on: Optional[date] = None  # the last day worked, when the guarantee failed
    rank: float = 0.0
    custom: str = Field(default="{}", sa_column_kwargs={"server_default": "{}"})  # custom field values (JSON)
    version: int = 1
    # contract work (0020): perm | contract; rates in ``currency`` per ``rate_unit``; margin computed
    placement_type: str = "perm"
    bill_rate: Optional[float] = None
    pay_rate: Optional[float] = None
    rate_unit: Optional[str] = None
    end_date: Optional[date] = None


Index("ix_placement_live", Placement.status, Placement.guarantee_end)
# The due list: starts to confirm (status, start date), unpaid invoices by due date and
# unticked check-ins by date (issue 10).
Index("ix_placement_start", Placement.status, Placement.start_date)
Index("ix_placement_invoiced", Placement.invoice_due, **_partial("fee_status = 'invoiced'"))
Index("ix_placement_checkin_30_open", Placement.checkin_30, **_partial("checkin_30_done_at IS NULL"))
Index("ix_placement_checkin_60_open", Placement.checkin_60, **_partial("checkin_60_done_at IS NULL"))
Index("ix_placement_checkin_90_open", Placement.checkin_90, **_partial("checkin_90_done_at IS NULL"))
Index("ix_placement_board", Placement.status, Placement.rank, Placement.id)  # a column's page, in board order
Index("ix_placement_fees", Placement.status, Placement.currency, Placement.fee_amount)  # column totals


class Activity(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    # call_talked | call_voicemail | call_no_answer | email | meeting | note | stage_change | system
    kind: str
    body: str = ""
    at: datetime = Field(index=True)
    author_id: Optional[int] = Field(default=None, foreign_key="recruiter.id")
    person_id: Optional[int] = Field(default=None, foreign_key="person.id")
    company_id: Optional[int] = Field(default=None, foreign_key="company.id")
    job_id: Optional[int] = Field(default=None, foreign_key="job_order.id")
    placement_id: Optional[int] = Field(default=None, foreign_key="placement.id")
    submission_id: Optional[int] = Field(default=None, foreign_key="submission.id")


Index("ix_activity_person_at", Activity.person_id, Activity.at)
Index("ix_activity_company_at", Activity.company_id, Activity.at)
# A job's, a placement's and a submission's timeline; and deleting one of them (undo of a
# move to Placed) checks these foreign keys, which without an index scans every activity.
Index("ix_activity_job_at", Activity.job_id, Activity.at)
# A job card's counts of open submissions and live placements, from the index alone (0010).
Index("ix_submission_job_stage", Submission.job_id, Submission.stage)
Index("ix_placement_job_status", Placement.job_id, Placement.status)
Index("ix_activity_placement", Activity.placement_id)
Index("ix_activity_submission", Activity.submission_id)


class Attachment(SQLModel, table=True):
    """A file on a person (a CV or another document), copied into the data directory (0600);
    its extracted text feeds the search index (a CV), or ``text_note`` says why there is none."""

    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    kind: str = "cv"  # cv | other
    file_name: str  # as it was called when attached
    stored_path: str  # under the data directory
    sha256: str
    size: int
    text: Optional[str] = None
    text_note: Optional[str] = None  # e.g. "a scanned PDF: no text in it"
    added_at: datetime
    added_by: Optional[int] = Field(default=None, foreign_key="recruiter.id")
    version: int = 1


class ImportBatch(SQLModel, table=True):
    """One import, journalled as one ``txn``: undo replays that txn backwards."""

    __tablename__ = "import_batch"

    id: Optional[int] = Field(default=None, primary_key=True)
    txn: str = Field(unique=True)
    file_name: str
    kind: str  # people | companies | contacts | jobs | placements | activities
    format: str  # linkedin | bullhorn_candidates | ... | generic
    mapping: str  # the column mapping used, as TOML
    counts: str  # JSON: new, updated, duplicates, skipped, errors
    at: datetime = Field(index=True)
    actor_id: Optional[int] = Field(default=None, foreign_key="recruiter.id")
    state: str = "done"  # done | undone
    version: int = 1


class Consent(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    lawful_basis: str  # consent | legitimate_interest | contract
    source: Optional[str] = None
    sourced_at: date
    given_at: Optional[date] = None
    expires_at: Optional[date] = None
    first_contact_at: Optional[date] = None
    notice_sent_at: Optional[date] = None
    withdrawn_at: Optional[date] = None
    version: int = 1


Index("ix_consent_notice_due", Consent.notice_sent_at, Consent.sourced_at)
Index("ix_consent_expires_at", Consent.expires_at)
# The due list: Art. 14 notices not sent, by first contact (issue 10).
Index("ix_consent_first_contact", Consent.first_contact_at, **_partial("notice_sent_at IS NULL"))


class ConsentEntry(SQLModel, table=True):
    """The consent ledger (store.consent_ledger): one row per thing recorded, never changed."""

    __tablename__ = "consent_entry"
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    kind: str  # basis | source | given | withdrawn | expiry | notice
    on_date: Optional[date] = None
    method: Optional[str] = None  # email | letter | phone | in_person | other
    detail: Optional[str] = None  # the basis, the source, what consent was given for
    recorded_at: datetime
    actor_id: Optional[int] = Field(default=None, foreign_key="recruiter.id")


class Outbox(SQLModel, table=True):
    """Messages sent from deskcrm and those waiting to be retried (store.outbox, issue 15)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    state: str = Field(index=True)  # sending | failed | sent
    template: Optional[str] = None
    to_addrs: str
    subject: str
    draft: str  # domain.mail.Draft.to_json: the message as written, attachments included
    error: Optional[str] = None
    attempts: int = 0
    message_id: Optional[str] = None
    person_id: Optional[int] = Field(default=None, foreign_key="person.id", index=True, ondelete="CASCADE")
    people: str = ","  # every person it concerns, ",12,34," (an erasure finds their messages with LIKE)
    company_id: Optional[int] = Field(default=None, foreign_key="company.id", index=True, ondelete="CASCADE")
    author_id: Optional[int] = Field(default=None, foreign_key="recruiter.id")
    created_at: datetime
    updated_at: datetime
    sent_at: Optional[datetime] = None
    version: int = 1


class NotDuplicate(SQLModel, table=True):
    """A pair of people the recruiter said are two humans ("create anyway"): never offered
    as duplicates of each other again. Stored with ``person_a < person_b``."""

    __tablename__ = "not_duplicate"
    __table_args__ = (UniqueConstraint("person_a", "person_b"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    person_a: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    person_b: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    decided_at: datetime


class CompanyNotDuplicate(SQLModel, table=True):
    """Two companies the recruiter said are different ("create anyway"): never offered as
    duplicates of each other again. Stored with ``company_a < company_b``."""

    __tablename__ = "company_not_duplicate"
    __table_args__ = (UniqueConstraint("company_a", "company_b"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    company_a: int = Field(foreign_key="company.id", index=True, ondelete="CASCADE")
    company_b: int = Field(foreign_key="company.id", index=True, ondelete="CASCADE")
    decided_at: datetime


class Event(SQLModel, table=True):
    """Append-only journal: audit, timeline and undo of any write."""

    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    actor_id: Optional[int] = Field(default=None, foreign_key="recruiter.id")
    txn: str = Field(index=True)  # one id per user action; undo reverts a whole txn
    entity: str
    entity_id: int
    action: str  # insert | update | delete
    before: Optional[str] = None  # JSON
    after: Optional[str] = None  # JSON


Index("ix_event_entity", Event.entity, Event.entity_id)
# The journal's removed people not yet scrubbed, by date (store.journal_scrub, 0012).
Index("ix_event_removed_person", Event.at,
      **_partial("entity = 'person' AND action IN ('delete', 'undo_insert') AND before IS NOT NULL"))


class Erasure(SQLModel, table=True):
    """That an erasure happened (store.erasure): when, who, which (anonymised) person id and
    how many rows of each kind went — no personal data."""

    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    actor_id: Optional[int] = Field(default=None, foreign_key="recruiter.id")
    person_id: int
    kinds: str  # JSON: {"activities": 3, "files": 1, ...}


class DueState(SQLModel, table=True):
    """Done / snoozed state of due-today items, keyed by the engine's stable item key."""

    __tablename__ = "due_state"

    key: str = Field(primary_key=True)
    done_at: Optional[datetime] = None
    snoozed_until: Optional[date] = None
    updated_at: datetime


class MailMessage(SQLModel, table=True):
    """A message logged from mail (store.mail_log, 0017), by its Message-ID: logged once."""

    __tablename__ = "mail_message"
    __table_args__ = (UniqueConstraint("message_id", name="uq_mail_message_message_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    message_id: str
    activity_ids: str = "[]"  # JSON list of the email activities it wrote
    logged_at: datetime


class Pool(SQLModel, table=True):
    """A talent pool: a named list of people. ``query`` set: a saved search, its people the
    search's (``pool_member`` holds the last run's, refreshed when it is opened); None:
    hand-picked, its people the ``pool_member`` rows added to it."""

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    owner_id: Optional[int] = Field(default=None, foreign_key="recruiter.id")
    query: Optional[str] = None
    created_at: datetime
    refreshed_at: Optional[datetime] = None  # a saved search: when its people were last found
    version: int = 1


class PoolMember(SQLModel, table=True):
    __tablename__ = "pool_member"
    __table_args__ = (UniqueConstraint("pool_id", "person_id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    pool_id: int = Field(foreign_key="pool.id", ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    added_at: datetime


class CustomField(SQLModel, table=True):
    """A field the desk defined (``store.custom_fields``): its values live in the record's
    ``custom`` JSON under ``key`` (fixed at creation: a rename keeps the data)."""

    __tablename__ = "custom_field"
    __table_args__ = (UniqueConstraint("entity", "key", name="uq_custom_field_entity_key"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    entity: str  # person | candidate | company | job | placement
    key: str
    label: str
    kind: str  # domain.custom_fields.KINDS
    choices: str = "[]"  # JSON list, for choice / choices
    required: bool = False
    position: int = 0
    archived: bool = False
    version: int = 1


class CustomValue(SQLModel, table=True):
    """What a custom-field filter reads (``store.custom_index``): derived from ``person.custom``."""

    __tablename__ = "custom_value"
    __table_args__ = (
        Index("ix_custom_value_word", "field_id", "word", "person_id"),
        Index("ix_custom_value_person", "person_id", "field_id"),
        Index("ix_custom_value_num", "field_id", "num", "person_id"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    field_id: int = Field(foreign_key="custom_field.id", ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    word: Optional[str] = None
    num: Optional[float] = None
