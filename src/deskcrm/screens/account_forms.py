"""Create and edit companies, contacts and fee agreements from the account screen (forms)."""

from __future__ import annotations

from deskcrm import text


def edit_company(screen) -> None:  # noqa: ANN001
    text.notify(screen.app, "Editing companies is not built yet", severity="warning")


def edit_fee(screen) -> None:  # noqa: ANN001
    text.notify(screen.app, "Editing fee agreements is not built yet", severity="warning")


def add_contact(screen) -> None:  # noqa: ANN001
    text.notify(screen.app, "Adding contacts is not built yet", severity="warning")


def contact_left(screen, contact) -> None:  # noqa: ANN001
    text.notify(screen.app, "Not built yet", severity="warning")
