"""Create and edit companies, fee agreements and contacts — the forms behind ``n``/``e``/``f``/``x``
on the account screen and ``n`` in the Clients list. A new company, or a renamed one, is first
checked for duplicates (``company_check``: open / merge / create anyway).

Every form goes through ``DeskScreen.form_write``: fields validate as they are typed
(``validate``), the store checks again (``client_rules``), and a failed save — a conflict with a
save made elsewhere (the form carries the version it was opened with), a rule, a busy database —
re-opens the form with everything typed and the reason on top. Adding a contact first looks for
the person among everyone in the database (:class:`FindPersonDialog`), so a former candidate
becomes a contact on the same record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from deskcrm.domain import clock, dates, validate
from deskcrm.domain.day_counts import read_days, whole_days
from deskcrm import text
from deskcrm.domain.client_rules import PRORATA
from deskcrm.screens.company_check import duplicate_gate
from deskcrm.screens.custom_field_form import boxes_of
from deskcrm.screens.dialogs.find_person import FindPersonDialog, Found
from deskcrm.screens.dialogs.form import FormDialog, FormField
from deskcrm.screens.dialogs.form_conflict import Edit, opened_text
from deskcrm.domain.stages import PIPELINES

if TYPE_CHECKING:
    from deskcrm.screens.base import DeskScreen
    from deskcrm.store.account import Account, Contact

YES_NO = (("no", "No"), ("yes", "Yes"))
FEE_TERMS = ("fee_percent", "flat_fee")  # saved together: a fee is one or the other
_STAGES = tuple((s.key, s.label) for s in PIPELINES["client"])


def _yes(raw: str) -> bool:
    return raw == "yes"


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def fee_fields(a: Account | None) -> list[FormField]:
    f = a.fee if a else None
    return [
        FormField("fee_percent", "Fee %", validate.percent, _num(f.fee_percent) if f else "20",
                  hint="of first-year salary, 0–100 — or leave empty and give a flat fee"),
        FormField("flat_fee", "Flat fee", validate.money, _num(f.flat_fee) if f else "", placeholder="e.g. 12k",
                  currency_of="fee_currency"),
        FormField("fee_currency", "Currency", validate.required(validate.currency), f.currency if f else "EUR",
                  required=True),
        FormField("payment_terms_days", "Payment days", validate.required(whole_days(0)),
                  str(f.payment_terms_days) if f else "30", required=True, describe=read_days),
        FormField("guarantee_days", "Guarantee days", validate.required(whole_days(0)),
                  str(f.guarantee_days) if f else "90", required=True, describe=read_days),
        FormField("prorata_rule", "If it fails", validate.choice(PRORATA), f.prorata_rule if f else "none",
                  choices=tuple(PRORATA.items()), required=True,
                  hint="what a failed guarantee owes: a refund credit (none, full, or pro-rata by days worked)"),
    ]


def fee_check(values: dict[str, Any]) -> dict[str, str]:
    if values.get("fee_percent") is not None and values.get("flat_fee") is not None:
        return {"flat_fee": "a fee is a percentage OR a flat amount: clear one of them"}
    return {}


def fee_doubt(screen: DeskScreen, a: Account | None = None):  # -> form.Doubt
    """A flat fee over the ceiling (``[amounts] max_fee``) asks "save anyway?"."""
    from deskcrm.domain.amounts import doubts
    from deskcrm.config.settings import amount_limits

    limits = amount_limits(screen.desk.settings)
    before = {"flat_fee": a.fee.flat_fee} if a and a.fee else None
    return lambda values: doubts(values, {"flat_fee": ("Flat fee", "max_fee")}, values.get("fee_currency"), limits,
                                 before=before)


def company_fields(a: Account | None, owner: FormField | None = None, custom: list[FormField] | None = None
                   ) -> list[FormField]:
    # stored text as the form shows it (text.clean): a control character an import saved is a
    # visible stand-in here, so it never blocks saving the other fields
    return [
        FormField("name", "Name", validate.required(), text.clean(a.name if a else None), required=True),
        FormField("industry", "Industry", value=text.clean(a.industry if a else None)),
        FormField("city", "City", value=text.clean(a.city if a else None)),
        FormField("country", "Country", value=text.clean(a.country if a else None)),
        FormField("website", "Website", value=text.clean(a.website if a else None)),
        FormField("bd_stage", "BD stage", validate.choice(dict(_STAGES)), a.bd_stage if a else "target",
                  choices=_STAGES, required=True),
        *((owner,) if owner is not None else ()),
        FormField("checkin_cadence_days", "Check-in days", whole_days(1), _num(a.cadence_days) if a else "",
                  describe=read_days, hint="call at least every N days (active clients); empty: no cadence"),
        FormField("nps", "NPS", validate.whole(0, 10), _num(a.nps) if a else "", placeholder="0–10"),
        *(custom or ()),  # the desk's own company fields (screens.custom_field_form)
        FormField("notes", "Notes", value=text.clean(a.notes if a else None, multiline=True), multiline=True),
    ]


def _owner(screen: DeskScreen, initials: str | None) -> FormField:
    from deskcrm.screens.whoami import owner_field

    return owner_field(screen.app, initials)


def _account_edit(screen: DeskScreen, now: list[Account], what: str, fields_of, groups=()) -> Edit:
    """The edit of the account ``now[0]`` (replaced by the account as read again after a
    colleague's save, whose version then guards the save); ``fields_of(account)``: the form."""
    company_id = now[0].id

    def read(conn):  # noqa: ANN001, ANN202
        from deskcrm.store.account import load_account

        return load_account(conn, company_id, today=clock.today())

    return Edit(screen, what, read=read, to_raw=lambda acc: opened_text(fields_of(acc)),
                moved=lambda acc: now.__setitem__(0, acc), groups=groups)


def edit_company(screen: DeskScreen) -> None:
    a: Account | None = getattr(screen, "account", None)
    if a is None:
        return
    now = [a]  # the account as last read: its version guards the save

    def fields_of(acc: Account) -> list[FormField]:
        custom = boxes_of(screen.app, "company", acc.custom_values, acc.fee.currency or "EUR")
        return company_fields(acc, _owner(screen, acc.owner_initials), custom)

    def make(raw, banner):
        return FormDialog(f"Edit {text.clean(a.name)}", fields_of(now[0]), raw=raw, banner=banner)

    edit = _account_edit(screen, now, "this company", fields_of)

    def op_for(values, not_duplicate_of=()):
        company_id, version, values = now[0].id, now[0].version, edit.only(values)  # the gate's: the whole form

        def op(conn):
            from deskcrm.store import companies_write

            return companies_write.update_company(conn, company_id, values, expected_version=version,
                                                  not_duplicate_of=not_duplicate_of)

        return op

    screen.form_write(make, op_for, lambda w: w.message, edit=edit, gate=duplicate_gate(screen, op_for, editing=a))


def edit_fee(screen: DeskScreen, *, then_stage: str | None = None, on_success=None) -> None:
    a: Account | None = getattr(screen, "account", None)
    if a is None:
        return
    now = [a]

    def make(raw, banner):
        return FormDialog(f"Fee agreement — {text.clean(a.name)}", fee_fields(now[0]), raw=raw, banner=banner,
                          check=fee_check, doubt=fee_doubt(screen, now[0]))

    def op_for(values):
        company_id, version = now[0].id, now[0].version

        def op(conn):
            from deskcrm.store import companies_write

            return companies_write.set_fee_agreement(conn, company_id, values, expected_version=version)

        return op

    edit = _account_edit(screen, now, "this fee agreement", fee_fields, groups=(FEE_TERMS,))
    screen.form_write(make, op_for, lambda w: w.message, on_success=on_success, edit=edit)


def new_company(screen: DeskScreen) -> None:
    def make(raw, banner):
        fields = company_fields(None, _owner(screen, screen.desk.settings.me),  # new: yours
                                boxes_of(screen.app, "company")) + fee_fields(None)
        return FormDialog("New company", fields, raw=raw, banner=banner, check=fee_check, doubt=fee_doubt(screen))

    def op_for(values, not_duplicate_of=()):
        def op(conn):
            from deskcrm.store import companies_write

            return companies_write.create_company(conn, values, not_duplicate_of=not_duplicate_of)

        return op

    def opened(w) -> None:
        from deskcrm.screens.open_record import open_record

        open_record(screen.app, "company", w.id)

    screen.form_write(make, op_for, lambda w: w.message, on_success=opened, gate=duplicate_gate(screen, op_for))


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _role_fields(existing: bool, typed: str, contact: Contact | None = None) -> list[FormField]:
    fields: list[FormField] = []
    if not existing:
        email = typed if "@" in typed else ""
        fields += [
            FormField("name", "Name", validate.required(), "" if email else typed, required=True),
            FormField("email", "Email", validate.email, email),
            FormField("phone", "Phone", validate.phone),
        ]
    fields += [
        FormField("title", "Title", value=(contact.title or "") if contact else "",
                  placeholder="e.g. Head of Engineering"),
        FormField("hiring_manager", "Hiring manager", _yes, _yes_no(bool(contact and contact.hiring_manager)),
                  choices=YES_NO, required=True),
        FormField("billing", "Billing contact", _yes, _yes_no(bool(contact and contact.billing)), choices=YES_NO,
                  required=True, hint="invoice reminders go to the billing contact"),
    ]
    return fields


def add_contact(screen: DeskScreen) -> None:
    """Find the person first; then the role (and, for someone new, their name and details)."""
    a: Account | None = getattr(screen, "account", None)
    if a is None:
        return

    def found(choice: Found | None) -> None:
        if choice is None:
            return
        existing = choice.person_id is not None
        title = (f"{text.clean(choice.name)} — contact at {text.clean(a.name)}" if existing
                 else f"New contact at {text.clean(a.name)}")

        def make(raw, banner):
            return FormDialog(title, _role_fields(existing, choice.typed), raw=raw, banner=banner)

        def op_for(values):
            def op(conn):
                from deskcrm.store import companies_write

                return companies_write.add_contact(
                    conn, a.id, person_id=choice.person_id, name=values.get("name"), email=values.get("email"),
                    phone=values.get("phone"), title=values.get("title"),
                    hiring_manager=values["hiring_manager"], billing=values["billing"])

            return op

        screen.form_write(make, op_for, lambda w: w.message)

    screen.app.push_screen(FindPersonDialog(a.name), found)


def _contact_now(company_id: int, role_id: int):
    """A read of the contact ``role_id`` at ``company_id`` as the account shows it (None: gone)."""
    def read(conn):  # noqa: ANN001, ANN202
        from deskcrm.store.account import load_account

        acc = load_account(conn, company_id, today=clock.today())
        return next((c for c in (acc.contacts if acc else ()) if c.role_id == role_id), None)

    return read


def edit_contact(screen: DeskScreen, contact: Contact) -> None:
    """The highlighted contact's role: title, hiring manager, billing contact (``c``)."""
    a: Account | None = getattr(screen, "account", None)
    if a is None:
        return
    now = [contact]  # the contact as last read: its version guards the save
    edit = Edit(screen, "this contact", read=_contact_now(a.id, contact.role_id),
                to_raw=lambda c: opened_text(_role_fields(True, "", c)), moved=lambda c: now.__setitem__(0, c))

    def make(raw, banner):
        return FormDialog(f"{text.clean(contact.name)} — contact at {text.clean(a.name)}",
                          _role_fields(True, "", now[0]), raw=raw, banner=banner)

    def op_for(values):
        role_id, version = now[0].role_id, now[0].version

        def op(conn):
            from deskcrm.store import companies_write

            return companies_write.update_contact(conn, role_id, values, expected_version=version)

        return op

    screen.form_write(make, op_for, lambda w: w.message, edit=edit)


def contact_left(screen: DeskScreen, contact: Contact) -> None:
    a: Account | None = getattr(screen, "account", None)
    if a is None:
        return
    now = [contact]  # the contact as last read: its version guards the save
    edit = Edit(screen, "this contact", read=_contact_now(a.id, contact.role_id), to_raw=lambda _c: {},
                moved=lambda c: now.__setitem__(0, c), action=True)

    def make(raw, banner):
        return FormDialog(f"{text.clean(contact.name)} left the company",
                          [FormField("on", "Left on", validate.required(dates.day), clock.today().isoformat(),
                                     hint="their history stays on the account and on their record", required=True)],
                          raw=raw, banner=banner, submit_label="Left")

    def op_for(values):
        version = now[0].version

        def op(conn):
            from deskcrm.store import companies_write

            return companies_write.contact_left(conn, contact.role_id, on=values["on"], expected_version=version)

        return op

    screen.form_write(make, op_for, lambda w: w.message, edit=edit)
