"""A submittal pack (issue 15): for one job order and the candidates chosen from its pipeline,
what goes to the hiring manager — a short summary per candidate and their CVs.

    pack = build_pack(conn, job_id, [person_id, ...], anonymised=True, region="GB")
    pack.job.title, pack.job.manager_email
    for c in pack.candidates: c.label, c.headline, c.skills, c.salary, c.notice_days, c.note, c.cv

The summary comes from the records as they are: the headline, the candidate profile's skills,
desired salary (with its currency) and notice, and the recruiter's note on the person. The CV is
the newest CV attached (``store.attachments``): the stored file itself; or, anonymised, its
extracted text with the person taken out (``domain.anonymise``) — never the file (a photo, the
name in the file's metadata). A candidate without a CV, or whose CV has no text to anonymise (a
scan), is in the pack all the same, and ``cv_note`` says why there is no CV.

Anonymised, each candidate is "Candidate A", "Candidate B", … in the order given, and the
headline and the note go through the same anonymiser as the CV (a phone number in a note is out too).

Refused, one line each (``StoreError``): a job order that does not exist (``NotFound``), a person
who does not (or was erased), a person who is not on this job's pipeline (``NotOnPipeline``,
naming them: add them to the pipeline first). Reads only; nothing is written.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

from deskcrm.domain.anonymise import Identity, anonymise
from deskcrm.store.db import Connection
from deskcrm.store.errors import NotFound, StoreError
from deskcrm.store.people import load_person
from deskcrm.store.values import is_id
from deskcrm.text import clean

NO_CV = "no CV on file"
SCANNED = "the CV has no text to anonymise (a scan?): not included"


class NotOnPipeline(StoreError):
    """A person asked for is not on the job order's pipeline."""


@dataclass(frozen=True, slots=True)
class PackJob:
    id: int
    title: str
    company_id: int
    company: str
    manager_id: int | None
    manager: str | None  # the hiring manager's name
    manager_email: str | None


@dataclass(frozen=True, slots=True)
class PackCv:
    file_name: str  # the name it has in the pack ("Candidate A - CV.txt", "Jane Roe - CV.pdf")
    stored_path: str | None  # the attached file, relative to the data directory (None: anonymised)
    text: str | None  # the anonymised text (None: the file goes as it is)


@dataclass(frozen=True, slots=True)
class PackCandidate:
    person_id: int
    submission_id: int
    submission_version: int
    stage: str  # the submission's stage now
    label: str  # their name, or "Candidate A"
    headline: str | None
    skills: tuple[str, ...]
    salary: float | None  # desired salary
    currency: str | None
    notice_days: int | None
    note: str | None  # the recruiter's note on the person
    cv: PackCv | None
    cv_note: str | None = None  # why there is no CV


@dataclass(frozen=True, slots=True)
class Pack:
    job: PackJob
    candidates: tuple[PackCandidate, ...]
    anonymised: bool

    @property
    def subject(self) -> str:
        """One line, whatever the title holds (a line break in a mail header would start a new header)."""
        n = len(self.candidates)
        return clean(f"{self.job.title}: {n} candidate{'s' if n != 1 else ''} for your review")


def job_for_pack(conn: Connection, job_id: int) -> PackJob:
    """The job order and its hiring manager; ``NotFound`` when there is no such job order."""
    r = conn.execute(
        "SELECT j.id, j.title, c.id, c.name, j.hiring_manager_id, m.name, m.email FROM job_order j"
        " JOIN company c ON c.id = j.company_id LEFT JOIN person m ON m.id = j.hiring_manager_id"
        " AND m.erased_at IS NULL WHERE j.id = ?", (job_id,)).fetchone() if is_id(job_id) else None
    if r is None:
        raise NotFound(f"job order {job_id} does not exist", "job order")
    return PackJob(r[0], r[1], r[2], r[3], r[4] if r[5] is not None else None, r[5], r[6])


def build_pack(conn: Connection, job_id: int, person_ids: list[int], *, anonymised: bool = False,
               region: str | None = None) -> Pack:
    """The pack for ``person_ids`` (in that order, each once) on job order ``job_id``."""
    job = job_for_pack(conn, job_id)
    wanted = list(dict.fromkeys(person_ids))
    if not wanted:
        raise StoreError("no candidates chosen for the submittal")
    on_job = {r[0]: (r[1], r[2], r[3]) for r in conn.execute(
        "SELECT person_id, id, version, stage FROM submission WHERE job_id = ?", (job_id,))}
    records, missing = [], []
    for person_id in wanted:
        person = load_person(conn, person_id, timeline_limit=0) if is_id(person_id) else None
        if person is None or person.erased:
            raise NotFound(f"person {person_id} does not exist", "person")
        if person_id not in on_job:
            missing.append(person.name)
        records.append(person)
    if missing:
        raise NotOnPipeline(f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not on the pipeline of "
                            f"{job.title} ({job.company}); add them to it first")
    candidates = tuple(_candidate(person, on_job[person.id], n, anonymised, region)
                       for n, person in enumerate(records))
    return Pack(job, candidates, anonymised)


def _candidate(person, submission: tuple[int, int, str], n: int, anonymised: bool,
               region: str | None) -> PackCandidate:
    profile = person.profile
    label = candidate_label(n) if anonymised else person.name
    headline, note = person.headline, person.notes
    if anonymised:  # the name, and any email, phone, link or address written in them, out
        who = Identity((person.name,), person.emails, person.phones, region)
        headline = anonymise(headline, who, label) or None if headline else headline
        note = anonymise(note, who, label) or None if note else note
    cv, cv_note = _cv(person, label, anonymised, region)
    return PackCandidate(
        person.id, submission[0], submission[1], submission[2], label, headline,
        profile.skills if profile else (), profile.desired_salary if profile else None,
        (profile.currency or None) if profile else None, profile.notice_days if profile else None,
        note, cv, cv_note)


def _cv(person, label: str, anonymised: bool, region: str | None) -> tuple[PackCv | None, str | None]:
    found = person.cv
    if found is None:
        return None, NO_CV
    if not anonymised:
        return PackCv(f"{file_label(label)} - CV{_suffix(found.file_name)}", found.stored_path, None), None
    if not found.text:
        return None, SCANNED
    who = Identity((person.name,), person.emails, person.phones, region)
    return PackCv(f"{label} - CV.txt", None, anonymise(found.text, who, label)), None


def candidate_label(n: int) -> str:
    """"Candidate A" … "Candidate Z", then "Candidate AA", "Candidate AB", …"""
    letters, n = "", n + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = string.ascii_uppercase[rest] + letters
    return f"Candidate {letters}"


def file_label(name: str) -> str:
    """A person's name as part of a file name: letters, digits, spaces and ``.-_`` only, never a
    path, never empty."""
    kept = "".join(ch if ch.isalnum() or ch in " .-_" else "_" for ch in name)
    kept = " ".join(kept.split()).strip(" .")[:60]
    return kept or "Candidate"


def _suffix(file_name: str) -> str:
    suffix = Path(file_name).suffix.lower()
    return suffix if suffix[1:].isalnum() and suffix.isascii() and len(suffix) <= 8 else ""
