"""``E`` on a due item: the templates that fit it (``store.mail_compose.due_choices``), and for an
invoice's reminder who it is addressed to when that is not the client's billing contact — said in
one line as the message is written ("No billing contact at Acme Ltd: addressed to the hiring
manager, Jane Roe — on the client's account: c on a contact, or n to add one (Billing contact:
yes)"), or, with neither a billing contact nor a hiring manager with an email, said instead of
writing anything. The line names the account screen's keys that set a contact's role and add a
contact (``account.role``, ``account.new_contact``, as remapped)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from deskcrm import text
from deskcrm.screens.mail_actions import Choices

if TYPE_CHECKING:
    from deskcrm.store.mail_compose import InvoiceTo

ADD_CONTACT = "account.new_contact"  # the account screen's binding that adds a contact (billing: yes)
ROLE = "account.role"  # ... and the one that edits the highlighted contact's role


def account_keys(keys: dict[str, str]) -> tuple[str, str]:
    """The keys that set a contact's role and add a contact on a client's account now (``[keys]``
    may remap them)."""
    return (keys.get(ROLE) or "c").split(",")[0], (keys.get(ADD_CONTACT) or "n").split(",")[0]


def invoice_note(to: InvoiceTo, keys: tuple[str, str]) -> str | None:
    """None when the reminder goes to the billing contact; else the one line that says who it goes
    to instead (or that it cannot go), and how to set a billing contact (``keys``: ``account_keys``)."""
    if to.contact_id is not None and to.billing:
        return None
    role, add = keys
    how = f"on the client's account: {role} on a contact, or {add} to add one (Billing contact: yes)"
    company = text.clean(to.company)
    missing = (f"The billing contact at {company} has no email" if to.billing_without_email
               else f"No billing contact at {company}")
    if to.contact_id is None:
        return f"{missing} and no hiring manager with an email — nothing written: {how}"
    return f"{missing}: addressed to the hiring manager, {text.clean(to.name)} — {how}"


def choices_for(item: Any, keys: tuple[str, str]) -> Callable[[Any], Choices]:  # noqa: ANN401 - a domain.due.DueItem
    """``choices(conn)`` for ``mail_actions.compose``: read in a worker."""
    kind, person_id, company_id, job_id, placement_id = (item.kind, item.person_id, item.company_id, item.job_id,
                                                         item.placement_id)

    def choices(conn: Any) -> Choices:  # noqa: ANN401 - a store connection
        from deskcrm.store.mail_compose import due_choices, invoice_to

        to = invoice_to(conn, company_id, job_id) if kind == "invoice_overdue" and company_id is not None else None
        found = due_choices(conn, kind, person_id=person_id, company_id=company_id, job_id=job_id,
                            placement_id=placement_id, invoice=to)  # its recipient read once, not twice
        return Choices(found) if to is None else Choices(found, invoice_note(to, keys))

    return choices
