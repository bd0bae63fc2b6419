"""Which tool a file came from, told by its header, and the column mapping that follows.

    mapping = recognise(table.header)                  # Mapping(kind, format, columns)
    mapping = recognise(table.header, kind="contacts") # --kind forces the kind

Formats (by the header names; compared ignoring case, spaces, ``_``, ``-`` and ``.``):

- ``linkedin``: LinkedIn's *Connections.csv* — First Name, Last Name, URL, Email Address,
  Company, Position, Connected On.
- ``bullhorn_candidates`` / ``bullhorn_contacts`` / ``bullhorn_companies``: Bullhorn's
  import/export field names (``firstName``, ``lastName``, ``occupation``, ``skillSet``,
  ``companyName``, ``mobile``, ``clientCorporation``, ``companyURL``, ``industryList`` ...).
  A Bullhorn list exported with its on-screen labels ("Mobile Phone", "Current Company") reads
  as a generic sheet, whose synonyms cover those labels.
- ``opencats_candidates`` / ``opencats_contacts`` / ``opencats_companies``: OpenCATS's list
  columns (First Name, Last Name, E-Mail, Cell Phone, Key Skills, Current Employer ...;
  Company, Title, Work Phone for contacts; Name, Web Site, Key Technologies for companies).
- ``generic``: any other sheet; each column by its synonyms (E-mail, Mobile, Job Title,
  Location ...), any other column kept as ``custom:<header>``.

A target a kind does not have (a Skills column in a contacts file) becomes ``custom:<header>``,
so nothing in the file is silently dropped; the user can ignore a column in the mapping file.
"""

from __future__ import annotations

import re

from deskcrm.store.imports import KINDS, TARGETS, Mapping

FORMATS = ("linkedin", "bullhorn_candidates", "bullhorn_contacts", "bullhorn_companies",
           "opencats_candidates", "opencats_contacts", "opencats_companies", "generic")


def key(name: str) -> str:
    """A header name compared loosely: ``E-Mail Address`` -> ``emailaddress``."""
    return re.sub(r"[\s_\-.]+", "", name).casefold()


def _table(spec: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {key(name): target for target, names in spec.items() for name in names}


# Any sheet: target <- the names a person gives that column.
GENERIC = _table({
    "id": ("id", "record id", "external id"),
    "full_name": ("name", "full name", "candidate", "candidate name", "contact", "contact name", "person"),
    "first_name": ("first name", "first", "firstname", "given name", "forename"),
    "last_name": ("last name", "last", "lastname", "surname", "family name"),
    "email": ("email", "e-mail", "email address", "e-mail address", "mail", "work email", "personal email"),
    "phone": ("phone", "mobile", "mobile phone", "cell", "cell phone", "telephone", "tel", "phone number",
              "mobile number"),
    "company": ("company", "company name", "employer", "current company", "current employer", "organisation",
                "organization", "client", "account"),
    "title": ("title", "job title", "position", "role", "occupation", "current title"),
    "city": ("city", "location", "town", "based in"),
    "skills": ("skills", "skill", "key skills", "skill set", "skillset", "technologies"),
    "salary": ("salary", "current salary", "compensation", "pay", "current pay", "base salary"),
    "currency": ("currency", "salary currency"),
    "linkedin": ("linkedin", "linkedin url", "linkedin profile", "profile url", "linked in"),
    "source": ("source", "lead source", "candidate source"),
    "owner": ("owner", "recruiter", "record owner", "consultant"),
    "tags": ("tags", "tag", "labels", "keywords"),
    "notes": ("notes", "note", "comments", "comment", "misc notes", "description"),
    "status": ("status", "candidate status"),
    "headline": ("headline",),
    "connected_on": ("connected on",),
    "desired_salary": ("desired salary", "expected salary", "salary expectation", "salary expectations",
                       "target salary", "desiredSalary"),
    "available_from": ("available", "available from", "availability", "date available", "start availability"),
    "notice_days": ("notice", "notice period", "notice days", "notice (days)", "noticePeriod"),
    "cv_file": ("cv", "cv file", "resume", "resume file", "cv filename"),
    "hiring_manager": ("hiring manager",),
    "website": ("website", "web site", "url", "company url", "homepage"),
    "industry": ("industry", "sector"),
    "bd_stage": ("bd stage", "stage"),
    "openings": ("openings", "positions", "headcount"),
    "salary_min": ("salary min", "min salary", "salary from"),
    "salary_max": ("salary max", "max salary", "salary to"),
    "fee_percent": ("fee %", "fee percent", "fee percentage", "fee rate"),
    "fee": ("fee", "fee amount"),
    "opened_on": ("opened", "opened on", "date opened", "open date"),
    "start_date": ("start date", "start", "starts on"),
    "person_email": ("candidate email", "person email"),
    "job": ("job", "job order", "vacancy"),
    "kind": ("type", "activity type", "kind"),
    "at": ("date", "when", "at", "activity date"),
    "body": ("body", "text", "details", "summary"),
    "author": ("author", "by", "created by"),
})

# What a column means in one kind of file, where that differs from a person's sheet.
PER_KIND = {
    "companies": _table({"name": ("name", "company", "company name", "organisation", "organization", "client",
                                  "account"), "phone": ("phone", "main phone", "telephone", "switchboard")}),
    "jobs": _table({"title": ("title", "job title", "position", "role", "job"), "status": ("status", "stage")}),
    "placements": _table({"person": ("candidate", "candidate name", "person", "name", "placed candidate"),
                          "person_email": ("email", "candidate email", "e-mail", "person email"),
                          "job": ("job", "job title", "position", "title", "job order")}),
    "activities": _table({"person": ("person", "candidate", "contact", "name", "who"),
                          "person_email": ("email", "e-mail", "person email"),
                          "body": ("notes", "note", "body", "text", "details", "summary", "comment")}),
}

LINKEDIN = _table({"first_name": ("First Name",), "last_name": ("Last Name",), "linkedin": ("URL",),
                   "email": ("Email Address",), "company": ("Company",), "title": ("Position",),
                   "connected_on": ("Connected On",)})

BULLHORN = _table({
    "id": ("id", "candidateID", "clientContactID", "clientCorporationID"),
    "first_name": ("firstName",), "last_name": ("lastName",), "email": ("email",),
    "phone": ("mobile", "phone"), "company": ("companyName", "clientCorporation", "clientCorporation.name"),
    "title": ("occupation", "title"), "city": ("city", "address.city", "address city"),
    "skills": ("skillSet", "skills"), "salary": ("salary", "currentSalary"), "source": ("source",),
    "owner": ("owner", "owner.name", "recruiterUserID"), "notes": ("comments", "notes"), "status": ("status",),
    "website": ("companyURL",), "industry": ("industryList",),
    "desired_salary": ("desiredSalary",), "available_from": ("dateAvailable",),
})

OPENCATS = _table({
    "id": ("ID",), "first_name": ("First Name",), "last_name": ("Last Name",), "email": ("E-Mail",),
    "phone": ("Cell Phone",), "company": ("Current Employer", "Company"), "title": ("Title",),
    "city": ("City",), "skills": ("Key Skills",), "salary": ("Current Pay",), "source": ("Source",),
    "owner": ("Owner", "OwnerID"), "notes": ("Misc Notes", "Notes"), "website": ("Web Site",),
})
OPENCATS_COMPANY = _table({"name": ("Name",), "phone": ("Phone", "Phone 1"), "industry": ("Key Technologies",)})

KIND_OF = {"linkedin": "people", "bullhorn_candidates": "people", "bullhorn_contacts": "contacts",
           "bullhorn_companies": "companies", "opencats_candidates": "people", "opencats_contacts": "contacts",
           "opencats_companies": "companies"}


def which(header: list[str]) -> str:
    """The format ``header`` is recognised as (``generic`` when no tool's signature matches)."""
    names = {key(h) for h in header}
    if {"firstname", "lastname", "url", "connectedon"} <= names:
        return "linkedin"
    spaced = {h.casefold() for h in header} & {"first name", "last name"}  # OpenCATS / generic, not Bullhorn
    bullhorn_person = {"firstname", "lastname"} <= names and not spaced
    if bullhorn_person and names & {"clientcorporation", "clientcorporationname", "clientcontactid"}:
        return "bullhorn_contacts"
    if bullhorn_person and names & {"occupation", "skillset", "candidateid", "dateavailable", "companyname"}:
        return "bullhorn_candidates"
    if "name" in names and names & {"clientcorporationid", "companyurl", "industrylist", "annualrevenue"}:
        return "bullhorn_companies"
    if {"firstname", "lastname"} <= names and "keyskills" in names and names & {"email", "cellphone"}:
        return "opencats_candidates"
    if {"firstname", "lastname", "company", "title"} <= names and names & {"workphone", "cellphone"}:
        return "opencats_contacts"
    if "name" in names and "firstname" not in names and names & {"keytechnologies"} and "website" in names:
        return "opencats_companies"
    return "generic"


def generic_kind(header: list[str]) -> str:
    """A generic sheet's kind: companies when it names companies and no person, else people."""
    names = {key(h) for h in header}
    person = names & {"firstname", "lastname", "fullname", "email", "emailaddress", "candidate", "contact"}
    if not person and names & {"company", "companyname", "name"} and names & {"website", "industry", "sector",
                                                                                 "bdstage"}:
        return "companies"
    return "people"


def recognise(header: list[str], kind: str | None = None) -> Mapping:
    """The :class:`Mapping` for ``header``: its format, its kind (``kind`` forces it) and each
    column's target; a column nothing claims, or whose target the kind lacks, is ``custom:<header>``."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
    fmt = which(header)
    kind = kind or KIND_OF.get(fmt) or generic_kind(header)
    tables = [PER_KIND.get(kind, {}), GENERIC]
    if fmt == "linkedin":
        tables.insert(0, LINKEDIN)
    elif fmt.startswith("bullhorn"):
        tables.insert(0, BULLHORN)
    elif fmt.startswith("opencats"):
        tables[0:0] = [OPENCATS_COMPANY] if fmt == "opencats_companies" else [OPENCATS]
    allowed = set(TARGETS[kind])
    columns: dict[str, str] = {}
    taken: set[str] = set()
    for name in header:
        # A format's names are for its own kind: read as another kind, a column the format names
        # is what that kind calls it (LinkedIn's "Company", a person's employer, is a companies
        # file's name) — never a sheet's guess (its "URL", a person's profile, is no website).
        look = [tables[0], PER_KIND.get(kind, {})] if len(tables) > 2 and key(name) in tables[0] else tables
        target = next((t[key(name)] for t in look if t.get(key(name)) in allowed), None)
        if target is None or (target in taken and target != "phone"):
            columns[name] = f"custom:{name}"
        else:
            columns[name] = target
            taken.add(target)
    return Mapping(kind=kind, format=fmt, columns=columns)
