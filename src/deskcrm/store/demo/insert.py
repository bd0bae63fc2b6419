"""Writing the rows: ``executemany`` per table, the columns of each table, and the NOT NULL
constants whose defaults live in the ORM only."""

from __future__ import annotations

import sqlite3
from itertools import chain

BATCH = 100  # rows a statement (fewer if SQLite allows fewer than 100 x columns parameters)


class _Inserter:
    """executemany per table; secondary indexes dropped for the load and rebuilt after
    (building an index over sorted data is several times faster than maintaining it per row)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.total = 0
        self._indexes: list[tuple[str, str]] = []

    def drop_indexes(self) -> None:
        self._indexes = self.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('person', 'candidate_profile', 'consent', 'activity') ORDER BY name"
        ).fetchall()
        for name, _ in self._indexes:
            self.conn.execute(f'DROP INDEX "{name}"')

    def restore_indexes(self) -> None:
        for _, sql in self._indexes:
            self.conn.execute(sql)
        self._indexes = []

    def rows(self, table: str, cols: tuple[str, ...], rows: list[tuple]) -> None:
        """Insert ``rows`` in their order (which numbers the rows of tables without ids of their own).

        :data:`BATCH` rows a statement (``VALUES (…), (…), …``): one row a statement, the
        per-statement work of ``executemany`` (step, reset, bookkeeping) cost more than SQLite's
        own insert (20–35% less CPU for the 100k demo's person and activity rows, measured alone)."""
        if not rows:
            return
        names, marks = ", ".join(cols), ", ".join("?" * len(cols))
        const = _CONSTANTS.get(table)
        if const:  # NOT NULL columns whose defaults live in the ORM only
            names += ", " + ", ".join(const)
            marks += ", " + ", ".join(const.values())
        one = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'
        k = min(BATCH, self.conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // len(cols))
        if k < 2:
            self.conn.executemany(one, rows)
            self.total += len(rows)
            return
        full = len(rows) - len(rows) % k
        if full:
            many = one + f", ({marks})" * (k - 1)
            flat = chain.from_iterable  # k rows end to end bind one statement
            self.conn.executemany(many, (tuple(flat(rows[i:i + k])) for i in range(0, full, k)))
        if full < len(rows):  # the rest, one statement too
            self.conn.execute(one + f", ({marks})" * (len(rows) - full - 1), tuple(chain.from_iterable(rows[full:])))
        self.total += len(rows)


_V1 = {"version": "1"}
_CONSTANTS = {"company": _V1, "person": {"custom": "'{}'", "version": "1"}, "candidate_profile": _V1,
              "contact_role": _V1, "job_order": _V1, "submission": _V1, "placement": _V1, "consent": _V1}


_COMPANY_COLS = ("id", "name", "name_norm", "name_key", "web_domain", "industry", "size", "city", "country", "website", "bd_stage",
                 "owner_id", "fee_percent", "flat_fee", "fee_currency", "payment_terms_days", "guarantee_days",
                 "prorata_rule", "nps", "checkin_cadence_days", "notes", "created_at", "updated_at")
_ROLE_COLS = ("person_id", "company_id", "title", "is_hiring_manager", "is_billing", "left_at", "reports_to_id")
_JOB_COLS = ("id", "company_id", "hiring_manager_id", "title", "requirements", "skills", "city", "remote",
             "comp_min", "comp_max", "currency", "openings", "job_type", "urgency", "fee_percent_override",
             "flat_fee_override", "stage", "owner_id", "opened_on", "closed_on", "close_reason", "rank")
_SUB_COLS = ("id", "person_id", "job_id", "stage", "stage_changed_at", "interview_at", "exit_reason", "source",
             "rank", "created_at")
_PLACEMENT_COLS = ("id", "submission_id", "person_id", "job_id", "company_id", "recruiter_id",
                   "offer_accepted_on", "start_date", "salary", "currency", "fee_percent", "fee_amount",
                   "fee_status", "invoice_date", "invoice_due", "paid_on", "credited_amount", "guarantee_days",
                   "guarantee_end", "checkin_30", "checkin_30_done_at", "checkin_60", "checkin_60_done_at",
                   "checkin_90", "checkin_90_done_at", "status", "fail_reason", "rank")
_PERSON_COLS = ("id", "name", "email", "email_norm", "phone", "phone_norm", "other_contacts", "city", "country",
                "headline", "linkedin_url", "linkedin_norm", "source", "owner_id", "tags", "notes",
                "last_contact_at", "created_at", "updated_at")
_PROFILE_COLS = ("person_id", "skills", "seniority", "current_title", "current_employer", "current_salary",
                 "desired_salary", "salary_currency", "notice_days", "available_from", "status", "resume_text",
                 "wanted_type")
_CONSENT_COLS = ("person_id", "lawful_basis", "source", "sourced_at", "given_at", "expires_at",
                 "first_contact_at", "notice_sent_at", "withdrawn_at")
_ACTIVITY_COLS = ("kind", "body", "at", "author_id", "person_id", "company_id", "job_id", "placement_id",
                  "submission_id")
