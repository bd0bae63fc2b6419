"""The job order form: ``n`` on the Job orders board opens a job order (fee terms prefilled from
the client's agreement); ``e`` there, or in a job's pipeline, edits one in the same form,
prefilled with the job's values.

Both save through ``DeskScreen.form_write``: fields validate as they are typed, the store checks
again (``store.jobs_write``), and a refused save re-opens the form with everything typed and the
reason at the field. An edit writes only the fields changed in the form. If someone else saved
the job meanwhile (``Conflict``), the job is read again and the form re-opens with both values
(``dialogs.form_conflict``): what was typed is kept, the fields not touched take the other save's
values, a field both changed is a clash, and ``ctrl+s`` saves yours on top of it. The stage is
not in the form: moves change it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from deskcrm.domain import amounts, validate
from deskcrm import text
from deskcrm.domain.amounts import plain
from deskcrm.screens.custom_field_form import boxes_of
from deskcrm.screens.contract_fields import NAMES as CONTRACT_NAMES, contract_check, contract_fields, contract_values
from deskcrm.screens.dialogs.form import Check, Doubt, FormDialog, FormField
from deskcrm.screens.dialogs.form_conflict import Edit, opened_text
from deskcrm.store.jobs_write import BOTH_FEES, openings_error

if TYPE_CHECKING:
    from deskcrm.screens.board_base import BoardScreen
    from deskcrm.store.jobs_write import JobDefaults, JobForEdit

URGENCY = (("1", "Low"), ("2", "Normal"), ("3", "Hot"))
JOB_TYPES = (("perm", "Permanent"), ("contract", "Contract"), ("retained", "Retained"))
REMOTE = (("onsite", "On-site"), ("hybrid", "Hybrid"), ("remote", "Remote"))
FEES = ("fee_percent", "flat_fee")


def fields(agreement: tuple[float | None, float | None], currency: str, owner: FormField | None = None,
           contract: dict[str, Any] | None = None, *, agreement_currency: str = "",
           edit: bool = False) -> list[FormField]:
    """The form, as a new job order starts (an edit passes the job's values as ``raw``).
    ``agreement_currency``: what the client's flat fee is in (the hint says it; a new job's form
    starts with that fee: ``edit`` False); an edit's Flat fee box holds the job's own terms."""
    pct, flat = agreement
    terms = "none" if pct is None and flat is None else " + ".join(
        t for t in (f"{pct:g}%" if pct is not None else "",
                    f"{amounts.money(flat, agreement_currency)} flat" if flat is not None else "") if t)
    return [
        FormField("title", "Title", validate.required(), placeholder="e.g. Senior Backend Engineer", required=True),
        FormField("openings", "Openings", validate.required(validate.whole(1, example=2)), value="1", required=True),
        FormField("urgency", "Urgency", choices=URGENCY, value="2", required=True),
        FormField("job_type", "Type", choices=JOB_TYPES, value="perm", required=True),
        FormField("remote", "Where", choices=REMOTE, value="onsite", required=True),
        *((owner,) if owner is not None else ()),
        FormField("city", "City", placeholder="e.g. Berlin"),
        FormField("comp_min", "Salary from", validate.money, placeholder="e.g. 70k", currency_of="currency"),
        FormField("comp_max", "Salary to", validate.money, placeholder="e.g. 90k", currency_of="currency"),
        FormField("currency", "Currency", validate.currency, value=currency or "EUR"),
        FormField("fee_percent", "Fee %", validate.percent, value=plain(pct),
                  hint=f"client agreement: {terms} (change to override it)"),
        FormField("flat_fee", "Flat fee", validate.money, value=plain(flat), currency_of="currency",
                  value_currency=agreement_currency if flat is not None and not edit else ""),
        *contract_fields(contract),
        FormField("skills", "Skills", validate.word_list, placeholder="e.g. Python, SQL, Kafka"),
        FormField("requirements", "Requirements", multiline=True),
    ]


def check(filled: int = 0) -> Check:
    """Errors that need several fields: the salary range; openings below the placements made."""

    def run(values: dict[str, Any]) -> dict[str, str]:
        errors: dict[str, str] = {}
        low, high = values.get("comp_min"), values.get("comp_max")
        if low is not None and high is not None and low > high:
            errors["comp_max"] = "the top of the range is below its bottom"
        if values.get("fee_percent") is not None and values.get("flat_fee") is not None:
            errors["flat_fee"] = BOTH_FEES
        problem = openings_error(values.get("openings"), filled)
        if problem:
            errors["openings"] = problem
        errors.update(contract_check(values, values.get("job_type")))
        return errors

    return run


AMOUNTS = {"comp_min": ("Salary from", "max_salary"), "comp_max": ("Salary to", "max_salary"),
           "flat_fee": ("Flat fee", "max_fee")}


def doubt(screen: BoardScreen, before: dict[str, Any] | None = None) -> Doubt:
    """A salary or fee over the ceiling (``[amounts]`` in the config) asks "save anyway?"."""
    from deskcrm.config.settings import amount_limits

    limits = amount_limits(screen.desk.settings)
    return lambda values: amounts.doubts(values, AMOUNTS, values.get("currency"), limits, before=before)


def store_values(values: dict[str, Any]) -> dict[str, Any]:
    """The form's parsed values as ``create_job`` / ``update_job`` take them."""
    out = dict(values)
    if "urgency" in out:
        out["urgency"] = int(out["urgency"] or 2)
    if "openings" in out:
        out["openings"] = out["openings"] or 1
    return contract_values(out)


def raw_of(job: JobForEdit) -> dict[str, str]:
    """The job's values as the text the form shows (control characters made visible)."""
    v = job.values
    return {
        "title": text.clean(v["title"]), "openings": str(v["openings"]), "urgency": str(v["urgency"]),
        "job_type": v["job_type"] or "perm", "remote": v["remote"] or "onsite", "city": text.clean(v["city"]),
        "comp_min": plain(v["comp_min"]), "comp_max": plain(v["comp_max"]), "currency": text.clean(v["currency"]),
        "fee_percent": plain(v["fee_percent"]), "flat_fee": plain(v["flat_fee"]),
        "skills": text.clean(", ".join(v["skills"])), "requirements": text.clean(v["requirements"], multiline=True),
        "owner": text.clean(v.get("owner")),
        **{f.name: f.value for f in contract_fields(v)},
    }


def _owner(screen: BoardScreen, initials: str | None) -> FormField:
    from deskcrm.screens.whoami import owner_field

    return owner_field(screen.app, initials)


# --------------------------------------------------------------------------- new


def new_job(screen: BoardScreen, company_id: int, defaults: JobDefaults, on_success=None) -> None:
    def make_form(raw, banner):
        owner = _owner(screen, screen.desk.settings.me or defaults.owner)  # new: yours (else the client's owner's)
        return FormDialog(f"New job order at {text.clean(defaults.company)}",
                          fields((defaults.fee_percent, defaults.flat_fee), defaults.currency, owner,
                                 agreement_currency=defaults.currency)
                          + boxes_of(screen.app, "job", currency=defaults.currency),
                          raw=raw, banner=banner, check=check(), doubt=doubt(screen), submit_label="Open job")

    def op_for(values):
        values = store_values(values)

        def op(conn):
            from deskcrm.store import moves

            return moves.create_job(conn, company_id, values)

        return op

    screen.form_write(make_form, op_for, lambda r: r.message, on_success=on_success)


# --------------------------------------------------------------------------- edit


def edit_job(screen: BoardScreen, job_id: int) -> None:
    """Read the job (in a worker), then open the form prefilled with it."""
    from deskcrm.store import moves

    screen.read_then(lambda conn: moves.job_for_edit(conn, job_id), lambda job: JobEdit(screen, job).start())


class JobEdit:
    """One edit: the job as read (its version guards the save) and the form as first shown."""

    def __init__(self, screen: BoardScreen, job: JobForEdit) -> None:
        from deskcrm.store import moves

        self.screen = screen
        self.job = job
        job_id = job.id
        # an edit saves the fields whose text differs from the job as last read (the custom
        # boxes: as they start); a group saves whole: both fee terms, all contract terms
        self.edit = Edit(screen, "this job order", read=lambda conn: moves.job_for_edit(conn, job_id),
                         to_raw=self.text_of, moved=lambda fresh: setattr(self, "job", fresh),
                         groups=(FEES, CONTRACT_NAMES))

    def start(self) -> None:
        self.screen.form_write(self.make_form, self.op_for, lambda r: r.message, edit=self.edit)

    def _custom(self, job: JobForEdit) -> list[FormField]:
        """The job's custom field boxes (screens.custom_field_form), starting from its values."""
        return boxes_of(self.screen.app, "job", job.values.get("custom"), job.values["currency"] or "EUR")

    def text_of(self, job: JobForEdit) -> dict[str, str]:
        """The job's values as the form's text."""
        return {**raw_of(job), **opened_text(self._custom(job))}

    def fields(self) -> list[FormField]:
        values = self.job.values
        return fields(self.job.agreement, values["currency"], _owner(self.screen, values.get("owner")),
                      values, agreement_currency=self.job.agreement_currency, edit=True) + self._custom(self.job)

    def make_form(self, raw: dict[str, str] | None, banner: str | None) -> FormDialog:
        title = f"Edit job order: {text.clean(self.job.values['title'])} at {text.clean(self.job.company)}"
        return FormDialog(title, self.fields(), raw=raw or self.text_of(self.job), banner=banner,
                          check=check(self.job.filled), doubt=doubt(self.screen, self.job.values))

    def op_for(self, values: dict[str, Any]):
        """The write of ``values`` (the fields changed: ``form_conflict.Edit.changes``)."""
        from deskcrm.store import moves

        changes, job_id, version = store_values(values), self.job.id, self.job.version

        def op(conn):
            return moves.update_job(conn, job_id, changes, expected_version=version)

        return op
