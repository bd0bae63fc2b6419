"""The company form's duplicate check: before a company is created (``n`` on Clients and the BD
board) or renamed / given another website (``e`` on its account), ``store.company_duplicates``
looks for the same folded name or website domain, in a worker.

Matches open the duplicates dialog: ``o`` opens the existing account (nothing saved), ``m``
merges what was typed — or, for an edit, this whole company — into it (the field-by-field merge
preview first; one write, ``ctrl+z`` undoes it), ``c`` creates / saves anyway and remembers the
pair as two companies. ``esc`` in the merge preview goes back to "Already on file?" as it was;
``esc`` there goes back to the form with everything typed.
Used as ``DeskScreen.form_write``'s ``gate``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from deskcrm import text

if TYPE_CHECKING:
    from deskcrm.screens.base import DeskScreen
    from deskcrm.store.account import Account


def duplicate_gate(screen: DeskScreen, op_for: Callable[..., Any], *, editing: Account | None = None):
    """A ``form_write`` gate. ``op_for(values, not_duplicate_of=ids)`` is the form's save;
    ``editing``: the account being edited (None: a new company)."""
    app = screen.app
    drop = editing.id if editing is not None else None

    def gate(result, proceed: Callable[..., None], reopen: Callable[[str], None]) -> None:
        values = dict(result.values)
        if editing is not None and values.get("name") == editing.name \
                and (values.get("website") or None) == (editing.website or None):
            proceed()  # no new reason to think it is another company
            return
        from deskcrm.store.company_duplicates import find_company_duplicates

        screen.read_then(lambda conn: find_company_duplicates(conn, values, exclude_id=drop),
                         lambda found: checked(values, found, proceed, reopen),
                         title="Could not check for duplicates", group="company-form")

    def checked(values: dict, found: list, proceed: Callable[..., None], reopen: Callable[[str], None],
                highlight: int | None = None) -> None:
        if not found:
            proceed()
            return
        from deskcrm.screens.dialogs.duplicates import DuplicatesDialog, company_match_prompt

        def decided(decision) -> None:
            if decision is None:
                reopen("Not saved yet: it may be a duplicate (ctrl+s asks again)")
                return
            what, other = decision
            if what == "anyway":
                proceed(op_for(values, not_duplicate_of=tuple(m.company_id for m in found)))
            elif what == "open":
                from deskcrm.screens.open_record import open_record

                if editing is not None:
                    text.notify(app, "Your changes were not saved", severity="warning")
                open_record(app, "company", other)
            else:
                preview(values, other, proceed, reopen, lambda: checked(values, found, proceed, reopen, other))

        app.push_screen(DuplicatesDialog(found, typed_name=values.get("name") or "", creating=editing is None,
                                         prompt=company_match_prompt, ident=lambda m: m.company_id,
                                         noun=("company", "companies"), unnamed="this company",
                                         highlight=highlight), decided)

    def preview(values: dict, keep_id: int, proceed: Callable[..., None], reopen: Callable[[str], None],
                back: Callable[[], None]) -> None:
        from deskcrm.store.company_merge import company_merge_preview

        screen.read_then(lambda conn: company_merge_preview(conn, keep_id, drop, values=values),
                         lambda p: show(values, p, proceed, reopen, back), title="Could not prepare the merge",
                         group="company-form")

    def show(values: dict, p, proceed: Callable[..., None], reopen: Callable[[str], None],
             back: Callable[[], None]) -> None:
        from deskcrm.screens.dialogs.merge import MergeDialog

        def chosen(choices: dict[str, str] | None) -> None:
            if choices is None:
                back()  # esc: the question again, as it was
                return

            def op(conn):
                from deskcrm.store.company_merge import merge_companies

                return merge_companies(conn, p.keep_id, drop, choices=choices, values=values,
                                       keep_version=p.keep_version, drop_version=p.drop_version)

            proceed(op, f"Merged into {text.clean(p.keep_name)} (ctrl+z to undo)", lambda _txn: merged(p.keep_id))

        app.push_screen(MergeDialog(p), chosen)

    def merged(keep_id: int) -> None:
        from deskcrm.screens.account import AccountScreen

        kept = AccountScreen(keep_id)
        current = app.screen
        if drop is not None and isinstance(current, AccountScreen) and current.company_id == drop:
            app.switch_screen(kept)  # the merged-away account would show nothing
        else:
            app.push_screen(kept)

    return gate
