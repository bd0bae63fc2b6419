"""What ``store.people.load_person`` returns: one person's record as frozen dataclasses, and the
labels it uses. Plain data: no SQL here, no Textual/Rich.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from deskcrm.store.labels import (  # noqa: F401 - the labels, where the screens and people.py import them
    ACTIVITY_KINDS,
    CANDIDATE_STATUS,
    FEE_STATUS,
    KIND_LABELS,
    LAWFUL_BASIS,
)



# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Role:
    kind: str  # candidate | contact | placed | former_contact
    text: str  # the sentence shown: "Contact at Acme Ltd — Head of Data (hiring manager)"
    company_id: int | None = None
    company: str | None = None
    current: bool = True


@dataclass(frozen=True, slots=True)
class CandidateProfile:
    status: str
    status_label: str
    skills: tuple[str, ...]
    seniority: str | None
    current_title: str | None
    current_employer: str | None
    current_salary: float | None
    desired_salary: float | None
    currency: str
    notice_days: int | None
    available_from: date | None
    has_resume: bool
    wanted_type: str | None = None  # perm | contract | either (search: type:)


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    id: int
    lawful_basis: str
    lawful_basis_label: str
    source: str | None
    sourced_at: date | None
    given_at: date | None
    first_contact_at: date | None
    notice_sent_at: date | None
    expires_at: date | None
    withdrawn_at: date | None


@dataclass(frozen=True, slots=True)
class SubmissionEntry:
    id: int
    job_id: int
    job_title: str
    company_id: int
    company: str
    stage: str
    stage_label: str
    stage_changed_at: datetime | None
    interview_at: datetime | None
    exit_reason: str | None
    source: str | None
    created_at: datetime | None
    interview_place: str | None = None  # where the interview is held, as typed (0022)


@dataclass(frozen=True, slots=True)
class PlacementEntry:
    id: int
    company_id: int
    company: str
    job_id: int
    job_title: str
    offer_accepted_on: date | None
    start_date: date | None
    salary: float
    currency: str
    fee_percent: float | None
    fee_amount: float
    fee_status: str
    fee_status_label: str
    invoice_due: date | None
    guarantee_end: date | None
    status: str
    status_label: str
    custom: tuple[tuple[str, str], ...] = ()  # the placement's custom fields: (label, value shown)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    at: datetime
    kind: str  # an activity kind, or "submission" / "placement"
    label: str  # "Call: talked", "Stage change", "Submission", "Placement"
    body: str
    company: str | None
    job: str | None
    date_only: bool = False  # from a date column (no time of day to show)
    activity_id: int | None = None
    author: str | None = None  # the initials of who logged it (None: an import, the demo, nobody chosen)


@dataclass(frozen=True, slots=True)
class CvFile:
    """The person's newest CV (``store.attachments``): what the person screen shows and opens."""

    attachment_id: int
    file_name: str
    stored_path: str  # relative to the data directory
    text: str | None  # None: none was found in it (``note`` says why)
    note: str | None
    added_at: datetime | None
    files: int  # every file on the person, this one included

    @property
    def words(self) -> int:
        return len(self.text.split()) if self.text else 0


@dataclass(frozen=True, slots=True)
class PersonRecord:
    id: int
    name: str
    emails: tuple[str, ...]  # the main one first, then other_contacts
    phones: tuple[str, ...]
    city: str | None
    country: str | None
    headline: str | None
    linkedin_url: str | None
    source: str | None
    owner_name: str | None
    owner_initials: str | None
    tags: tuple[str, ...]
    custom: tuple[tuple[str, str], ...]
    notes: str | None
    last_contact: datetime | None
    created: datetime | None
    updated: datetime | None
    erased: bool
    version: int
    roles: tuple[Role, ...]
    profile: CandidateProfile | None
    consents: tuple[ConsentRecord, ...]
    ledger: tuple[Any, ...]  # consent_ledger.LedgerEntry, newest first
    submissions: tuple[SubmissionEntry, ...]
    placements: tuple[PlacementEntry, ...]
    timeline: tuple[TimelineEntry, ...]  # newest first, at most timeline_limit
    timeline_total: int  # how many entries there are in all
    next_touch: date | None = None  # the next touch a call outcome scheduled (deskcrm.domain.touch)
    cv: CvFile | None = None  # the newest CV attached

    @property
    def email(self) -> str | None:
        return self.emails[0] if self.emails else None

    @property
    def location(self) -> str:
        return ", ".join(x for x in (self.city, self.country) if x)


# --------------------------------------------------------------------------- helpers
