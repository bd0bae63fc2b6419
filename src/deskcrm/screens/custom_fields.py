"""The "Custom fields" settings (palette): the desk's own fields on people, candidate profiles,
companies, job orders and placements — shared by the team (stored in the database).

``n`` adds a field (record, name, kind, choices, required) · ``e`` edits the highlighted one
(name, choices, required: renaming keeps the values) · ``J``/``K`` move it down / up among its
record's fields (the forms' order) · ``d`` archives it — off the forms, record screens and search
filters, its values kept; the question says how many records hold one — or brings an archived
one back · ``esc`` closes. Each change is one write (``ctrl+z`` in the section below undoes it);
a field changed by a colleague since it was read is a conflict, said so, nothing overwritten.
After every change the search filters (``clearance:sc``) know the fields as they are now.
Every label and choice is user data: shown through deskcrm.text, never markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from deskcrm import text
from deskcrm.domain.custom_fields import ENTITIES, KINDS
from deskcrm.screens.custom_field_form import definition_fields, known
from deskcrm.screens.dialogs.base import DialogScreen
from deskcrm.screens.still_up import call_back
from deskcrm.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from deskcrm.domain.custom_fields import FieldDef


def line(field: FieldDef, holding: int) -> str:
    """'Security clearance (candidate) · one choice: SC, DV · required · 3 hold a value'."""
    kind = KINDS.get(field.kind, field.kind).lower()
    if field.choices:
        kind += ": " + ", ".join(field.choices)
    parts = [f"{field.label} ({ENTITIES.get(field.entity, field.entity).lower()})", kind]
    if field.required:
        parts.append("required")
    held = f"{holding:,} hold a value" if holding != 1 else "1 holds a value"
    parts.append(f"ARCHIVED: {held}, kept" if field.archived else held)
    return text.clean(" · ".join(parts))


class CustomFieldsDialog(DialogScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "add", "Add field", id="custom_fields.add"),
        Binding("e", "edit", "Edit", id="custom_fields.edit"),
        Binding("K", "move(-1)", "Move up", id="custom_fields.up"),
        Binding("J", "move(1)", "Move down", id="custom_fields.down"),
        Binding("d", "archive", "Archive / restore", id="custom_fields.archive"),
        Binding("escape", "close", "Close", id="custom_fields.close"),
    ]
    HELP_TITLE = "Custom fields"
    QUESTION_MARK_HELP = True
    DEFAULT_CSS = """
    CustomFieldsDialog { align: center middle; }
    CustomFieldsDialog > Vertical {
        width: 100; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    CustomFieldsDialog OptionList, CustomFieldsDialog OptionList:focus { height: auto; max-height: 24; border: none; }
    CustomFieldsDialog #custom-fields-hint { color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[FieldDef] = []
        self.holding: dict[int, int] = {}
        self._keep: int | None = None  # the field to highlight after a reload

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Custom fields"
            yield OptionList(id="custom-fields-list")
            yield Static(text.safe("Reading the fields…"), id="custom-fields-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.reload()

    # ------------------------------------------------------------------ reading

    def reload(self) -> None:
        path = self.app.db_path

        def work() -> None:
            from deskcrm.store import db
            from deskcrm.store.custom_fields import holding, list_fields
            from deskcrm.store.errors import StoreError
            from deskcrm.work.writes import error_message

            try:
                with db.reading(path) as conn:
                    found = list_fields(conn)
                    counts = {f.id: holding(conn, f) for f in found}
            except StoreError as exc:
                self.app.call_from_thread(text.notify, self.app, error_message(exc),
                                          title="Could not read the custom fields", severity="error")
                return
            known(self.app, found)  # the search filters and the forms as the fields are now
            call_back(self, self._show, found, counts)

        self.run_worker(work, thread=True, exclusive=True, group="custom-fields", name="custom-fields")

    def _show(self, found: tuple[FieldDef, ...], counts: dict[int, int]) -> None:
        order = list(ENTITIES)
        self.fields = sorted(found, key=lambda f: (order.index(f.entity) if f.entity in order else 99, f.position, f.id))
        self.holding = counts
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options([Option(text.safe(line(f, counts.get(f.id, 0))), id=str(f.id)) for f in self.fields])
        if self.fields:
            keep = next((i for i, f in enumerate(self.fields) if f.id == self._keep), None)
            options.highlighted = keep if keep is not None else min(highlighted or 0, len(self.fields) - 1)
        hint = ("n add · e edit (name, choices, required) · J/K order · d archive or restore — values are kept"
                if self.fields else "No custom fields yet: n adds one (e.g. Security clearance, one choice: SC, DV)")
        self.query_one("#custom-fields-hint", Static).update(text.safe(hint))

    def _current(self) -> FieldDef | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.fields):
            text.notify(self.app, "No field chosen: n adds one")
            return None
        return self.fields[index]

    # ------------------------------------------------------------------ writes

    def _below(self):  # noqa: ANN202 - the section's screen under this dialog (its ctrl+z undoes a change)
        return next((s for s in reversed(self.app.screen_stack[:-1]) if hasattr(s, "write")), None)

    def _done(self, keep: int | None):  # noqa: ANN202
        def done(result: Any) -> None:
            saved = getattr(result, "field", None)
            self._keep = saved.id if saved is not None else keep
            self.reload()

        return done

    def _write(self, op, message: str, keep: int | None = None) -> None:  # noqa: ANN001
        below = self._below()
        if below is not None:
            below.write(op, message, on_success=self._done(keep))
        else:
            self.app.writes.submit(op, message, on_success=self._done(keep))

    def _form(self, field: FieldDef | None) -> None:
        """The add form, or the edit of ``field`` (a colleague's save meanwhile: both values shown,
        ``dialogs.form_conflict``); through the section's ``form_write``, so a refused save re-opens it."""
        from deskcrm.screens.dialogs.form import FormDialog
        from deskcrm.screens.dialogs.form_conflict import Edit, opened_text

        below = self._below()
        if below is None:
            return
        now = [field]  # the field as last read: its version guards the save

        def make(raw: dict[str, str] | None, banner: str | None) -> FormDialog:
            title = "Add custom field" if field is None else f"Edit {text.clean(field.label)}"
            return FormDialog(title, definition_fields(now[0]), raw=raw, banner=banner)

        if field is None:
            def add(v: dict[str, Any]):  # noqa: ANN202 - a write-queue op
                def op(conn):  # noqa: ANN001, ANN202
                    from deskcrm.store.custom_fields import add_field

                    return add_field(conn, v["entity"], v["label"], v["kind"], choices=v.get("choices") or (),
                                     required=bool(v.get("required")))

                return op

            below.form_write(make, add,
                             lambda saved: f"Added the field {text.clean(saved.field.label)} (ctrl+z to undo)",
                             on_success=self._done(None))
            return

        def read(conn):  # noqa: ANN001, ANN202
            from deskcrm.store.custom_fields import get_field

            return get_field(conn, field.id)

        edit = Edit(below, "this field", read=read, to_raw=lambda f: opened_text(definition_fields(f)),
                    moved=lambda f: now.__setitem__(0, f))
        below.form_write(make, lambda v: self._edit_op(now[0], v),
                         lambda saved: f"Saved the field {text.clean(saved.field.label)} (ctrl+z to undo)",
                         on_success=self._done(field.id), edit=edit)

    @staticmethod
    def _edit_op(field: FieldDef, v: dict[str, Any]):  # noqa: ANN205
        """The save of the fields changed (``v``): what is not in it stays as it is."""
        version = field.version

        def op(conn):  # noqa: ANN001, ANN202
            from deskcrm.store.custom_fields import edit_field

            return edit_field(conn, field.id, label=v.get("label"), choices=v.get("choices"),
                              required=bool(v["required"]) if "required" in v else None, expected_version=version)

        return op

    def action_add(self) -> None:
        self._form(None)

    def action_edit(self) -> None:
        field = self._current()
        if field is not None:
            self._form(field)

    def action_move(self, step: int) -> None:
        field = self._current()
        if field is None:
            return

        def op(conn):  # noqa: ANN001, ANN202
            from deskcrm.store.custom_fields import move_field

            return move_field(conn, field.id, step)

        self._write(op, f"Moved {text.clean(field.label)} {'up' if step < 0 else 'down'}", keep=field.id)

    def action_archive(self) -> None:
        field = self._current()
        if field is None:
            return
        from deskcrm.screens.dialogs.confirm import ConfirmDialog

        n = self.holding.get(field.id, 0)
        held = f"{n:,} records hold a value" if n != 1 else "1 record holds a value"
        if field.archived:
            question = (f"Bring {field.label} back to the forms, record screens and search filters? "
                        f"{held}.")
        else:
            question = (f"Archive {field.label}? It leaves the forms, record screens and search filters. "
                        f"{held}: the values are kept, and come back if you restore it (d again).")

        def answered(yes: bool | None) -> None:
            if not yes:
                return

            def op(conn):  # noqa: ANN001, ANN202
                from deskcrm.store.custom_fields import archive_field

                return archive_field(conn, field.id, not field.archived, expected_version=field.version)

            what = "Restored" if field.archived else "Archived"
            self._write(op, f"{what} the field {text.clean(field.label)} (ctrl+z to undo)", keep=field.id)

        self.app.push_screen(ConfirmDialog("Restore field" if field.archived else "Archive field",
                                           text.clean(question)), answered)

    def action_close(self) -> None:
        self.dismiss(None)


def open_settings(app: Any) -> None:
    """The palette's "Custom fields"."""
    app.push_screen(CustomFieldsDialog())
