"""A form in a modal dialog: labelled fields that validate as you type, errors at the field,
nothing typed ever lost.

    FormDialog("New person", [
        FormField("name", "Name", validate.required()),
        FormField("email", "Email", validate.email),
        FormField("status", "Status", choices=(("active", "Active"), ("passive", "Passive"))),
    ], check=cross_field_errors)

A field is checked on every change once it has been left (or a save was tried), and its
error is shown under it ("not an email address — e.g. jane@example.com"). ``check(values)``
adds errors that need several fields (a start date before the offer date); it runs even when
a field does not parse (that field is None), so all mistakes show at once. ``doubt(values)``
names values that parse but look mistyped (a salary 10× the job's range): the save asks "save
anyway?" first (``esc``: back to the form on that value). ``ctrl+s``
saves when everything is valid, otherwise it marks every invalid field and focuses the first
(so does ``enter`` in a form of one single-line text field, like the Reason of an exit);
``esc`` on a changed form asks once more before discarding; ``f1`` lists the keys. The dialog dismisses with a
:class:`FormResult` holding the parsed ``values`` and the ``raw`` text of every field (the
caller re-opens the form with ``raw`` after a failed save: see ``DeskScreen.form_write``).
Under a field whose value parses, the form says how it read it as you type: a date or time
field shows "read as Thu 10 Dec 2026 14:00" (``FormField.describe`` says it for other values).
Field labels, values and messages are shown as plain text (deskcrm.text), never markup.
``theirs`` (``form_conflict.Theirs``): a colleague saved the record since the form opened — their
value shows under each field they changed, a clash is marked, and the banner says what to do.

A pre-filled one-line box is selected when it gets the focus, so typing replaces it (``85000``
then ``78000`` is 78000, not 8500078000). A box saves exactly what was typed (ZWJ, direction
marks and all); a control character or a bidi override (a paste) stays in the box and is
refused at its field at once ("contains a control character (␛) — remove it").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Select, Static, TextArea

from deskcrm.domain import dates, validate
from deskcrm import text
from deskcrm.screens.dialogs import form_conflict, form_currency
from deskcrm.screens.dialogs.base import DialogScreen
from deskcrm.screens.dialogs.key_order import after_typed_keys
from deskcrm.widgets.key_bar import KeyBar
from deskcrm.widgets.safe_input import SafeInput
from deskcrm.widgets.safe_text_area import SafeTextArea

_NOT_DONE = {"Send": "Not sent", "Move": "Not moved", "Place": "Not placed", "Show": "Not shown"}
Check = Callable[[dict[str, Any]], dict[str, str]]
# field -> why its value looks mistyped though it parses ("Salary EUR 8,500,078,000 is over 10× this
# job's range (70k–90k)"): asked "save anyway?" before the form saves
Doubt = Callable[[dict[str, Any]], dict[str, str]]


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    parse: Callable[[str], Any] = validate.text
    value: str = ""  # the initial raw text (a choice field: the option key)
    placeholder: str = ""
    hint: str = ""
    choices: Sequence[tuple[str, str]] | None = None  # (key, label): a select instead of a text box
    multiline: bool = False
    required: bool = False  # marks the label with * (the parser enforces it)
    # How the parsed value reads, shown under the field as you type (None: nothing to say);
    # by default a date or a time says "read as Thu 10 Dec 2026 14:00".
    describe: Callable[[Any], str | None] = dates.read_as
    # An amount's currency field (its name): "£95k" typed while that field says EUR is refused,
    # never saved as EUR 95,000 (``validate.currency_clash``) — unless that field still holds what
    # the form opened with: then it takes GBP ("read as GBP 95,000 — Currency set to GBP").
    currency_of: str = ""
    # The currency the pre-filled ``value`` is in (a client's flat fee): left as it was while the
    # currency field says another, it is refused, never saved as that other currency's amount.
    value_currency: str = ""


@dataclass(frozen=True)
class FormResult:
    values: dict[str, Any]
    raw: dict[str, str]
    cancelled: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class FormDialog(DialogScreen[FormResult]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        # Priority: the focus moves before the keys typed after tab are handed out, so a fast
        # typist (or a paste) never lands the next field's text in the previous one.
        Binding("tab", "app.focus_next", "Next field", priority=True, id="form.next"),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True, id="form.previous"),
    ]
    HELP_TITLE = "Form"

    DEFAULT_CSS = """
    FormDialog { align: center middle; }
    FormDialog > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    FormDialog #form-banner { color: $text-error; text-style: bold; margin-bottom: 1; display: none; }
    FormDialog #form-banner.-shown { display: block; }
    FormDialog VerticalScroll { height: auto; max-height: 1fr; }
    FormDialog .form-row { height: auto; }
    FormDialog .form-label { width: 20; height: 1; color: $text-muted; }
    FormDialog .form-label.-error { color: $text-error; }
    FormDialog .form-label.-clash { color: $text-warning; text-style: bold; }
    FormDialog .form-theirs { color: $text-accent; padding-left: 20; height: auto; }
    FormDialog .form-theirs.-clash { color: $text-warning; text-style: bold; }
    FormDialog Input { border: none; height: 1; padding: 0 1; width: 1fr; background: $boost; }
    FormDialog Input:focus { border: none; background: $primary 25%; }
    FormDialog Input.-error { background: $error 20%; }
    FormDialog TextArea { height: 4; width: 1fr; border: none; padding: 0 1; background: $boost; }
    FormDialog Select { width: 1fr; height: 1; }
    FormDialog Select > SelectCurrent { border: none; height: 1; padding: 0 1; background: $boost; }
    FormDialog Select:focus > SelectCurrent { border: none; background: $primary 25%; }
    FormDialog .form-error { color: $text-error; padding-left: 20; height: auto; display: none; }
    FormDialog .form-error.-shown { display: block; }
    FormDialog .form-hint { color: $text-muted; padding-left: 20; height: auto; }
    FormDialog .form-read { color: $text-muted; padding-left: 20; height: auto; display: none; }
    FormDialog .form-read.-shown { display: block; }
    """

    def help_title(self) -> str:
        """The help's title: this form's own ("Edit person: Ana Silva"), its keys listed under it."""
        return self._title

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        *,
        raw: dict[str, str] | None = None,
        check: Check | None = None,
        doubt: Doubt | None = None,
        banner: str | None = None,
        submit_label: str = "Save",
    ) -> None:
        super().__init__()
        self._title = title
        self._fields = {f.name: f for f in fields}
        self._start = {f.name: (raw or {}).get(f.name, f.value) for f in fields}
        self._original = dict(self._start)  # as shown at mount: what esc compares against
        # Set by the caller when the form re-opens after a failed save (a conflict, a duplicate
        # check): what it holds was never saved, so esc asks even before anything is typed.
        self.unsaved = False
        self._check = check
        self._doubt = doubt
        self._banner = banner
        self._banner_said = banner or ""  # what the banner says now (a discard warning goes under it)
        # Set by the caller when the form re-opens after a colleague's save (form_conflict.Edit).
        self.theirs: form_conflict.Theirs | None = None
        self._submit_label = submit_label
        self._label_save(submit_label)
        self._touched: set[str] = set()
        # currency field -> the currency the form put there from a typed amount (``_take_currency``)
        self._taken: dict[str, str] = {}
        self._tried = False
        self._discard_armed = False
        self.initial_errors: dict[str, str] = {}  # set by the caller after a failed save

    def _label_save(self, label: str) -> None:
        """``ctrl+s`` is named for what it does here (Send, Move, Place …) in the footer and in ``f1``;
        its id stays ``form.save`` (one remap for every form). The map is this dialog's own copy;
        its lists are the class's, so a new list replaces the one holding the binding."""
        if label == "Save":
            return
        found = self._bindings.key_to_bindings
        for key, bindings in list(found.items()):
            if any(b.id == "form.save" for b in bindings):
                found[key] = [replace(b, description=label) if b.id == "form.save" else b for b in bindings]

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = text.safe(self._title)
            shown = bool(self._banner or self.theirs)
            yield Static(text.safe(self._banner or ""), id="form-banner", classes="-shown" if shown else "")
            notes = form_conflict.notes(self.theirs, self._fields) if self.theirs else {}
            clashes = self.theirs.clashes if self.theirs else ()
            with VerticalScroll(can_focus=False):  # its fields take the tab stops; it scrolls to them
                for f in self._fields.values():
                    clash = "-clash" if f.name in clashes else ""
                    with Horizontal(classes="form-row"):
                        label = text.clean(f.label) + (" *" if f.required else "")
                        yield Static(text.safe(label), classes=f"form-label {clash}", id=f"label-{f.name}")
                        yield self._editor(f)
                    if f.name in notes:
                        yield Static(text.safe(notes[f.name]), classes=f"form-theirs {clash}", id=f"theirs-{f.name}")
                    yield Static("", classes="form-error", id=f"error-{f.name}")
                    if f.choices is None:
                        yield Static("", classes="form-read", id=f"read-{f.name}")
                    if f.hint:
                        yield Static(text.safe(f.hint), classes="form-hint")
        yield KeyBar()

    def _editor(self, f: FormField):
        value = self._start[f.name] or ""
        if f.choices is not None:
            options = [(text.safe(label), key) for key, label in f.choices]
            keys = {key for key, _ in f.choices}
            return Select(
                options, value=value if value in keys else Select.NULL, allow_blank=not f.required,
                id=f"field-{f.name}", prompt="—",
            )
        if f.multiline:
            return SafeTextArea(value, id=f"field-{f.name}", soft_wrap=True)
        # selected when focused (opening on it, tab, shift+tab): typing replaces a pre-filled value
        return SafeInput(value, placeholder=f.placeholder, id=f"field-{f.name}")

    def on_mount(self) -> None:
        self._original = self.raw()  # exactly as shown (a select off its options, cleaned text)
        if self.theirs is not None:
            said = form_conflict.banner_of(self.theirs, self._fields, self.key_by_id("form.save"),
                                           self.key_by_id("form.cancel"))
            self._banner_said = said
            self.query_one("#form-banner", Static).update(text.safe(said))
        for name, raw in self._original.items():
            self._read(name, raw)
        for name, message in self.initial_errors.items():
            if name in self._fields:
                self._touched.add(name)
                self._show(name, message)
        first_error = next((name for name in self.initial_errors if name in self._fields), None)
        if first_error is None and self.theirs is not None:  # a clash to look at first
            first_error = next((name for name in self.theirs.clashes if name in self._fields), None)
        if first_error is not None:
            self._focus_to_fix(first_error)
        elif self._fields and self.unsaved:  # back from "Already on file?", a failed save: what was typed
            self._focus_to_fix(next(iter(self._fields)))  # stays, the cursor at its end (a key must not wipe it)
        elif self._fields:
            self.query_one(f"#field-{next(iter(self._fields))}").focus()  # pre-filled: selected

    # ------------------------------------------------------------------ values

    @property
    def opened(self) -> dict[str, str]:
        """The text the fields were opened with (before anything was typed)."""
        return dict(self._start)

    def raw(self) -> dict[str, str]:
        return {name: self._raw(name) for name in self._fields}

    def _raw(self, name: str) -> str:
        widget = self.query_one(f"#field-{name}")
        if isinstance(widget, Select):
            return "" if widget.value is Select.NULL else str(widget.value)
        if isinstance(widget, TextArea):
            return widget.text
        return widget.value

    def _parse(self, name: str, raw: str) -> tuple[Any, str | None]:
        try:
            return self._fields[name].parse(raw), None
        except validate.Invalid as exc:
            return None, str(exc)

    def _show(self, name: str, message: str | None) -> None:
        error = self.query_one(f"#error-{name}", Static)
        error.update(text.safe(message or ""))
        error.set_class(bool(message), "-shown")
        self.query_one(f"#field-{name}").set_class(bool(message), "-error")
        self.query_one(f"#label-{name}").set_class(bool(message), "-error")

    def _read(self, name: str, raw: str) -> None:
        """Say under the field how its value reads (a date: "read as Thu 10 Dec 2026")."""
        f = self._fields[name]
        if f.choices is not None:
            return
        value, problem = self._parse(name, raw)
        said = f.describe(value) if problem is None and value is not None else None
        if isinstance(value, int) and raw.strip() == str(value):
            said = None  # "30" in a days field reads as itself: said only for "2w", "fortnightly"
        if said is None and problem is None and f.currency_of in self._fields:
            said = form_currency.taken_line(f, raw, value, self._taken.get(f.currency_of), self._raw(f.currency_of),
                                            self._fields[f.currency_of].label)
        line = self.query_one(f"#read-{name}", Static)
        line.update(text.safe(said or ""))
        line.set_class(bool(said), "-shown")
        if said and self.focused is not None and self.focused.id == f"field-{name}":
            line.scroll_visible(animate=False)  # how the value being typed reads: in view under it

    def _validate(self, names: set[str]) -> tuple[dict[str, Any], dict[str, str]]:
        raw = self.raw()
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for name, f in self._fields.items():
            problem = None if f.choices is not None else text.problem(raw[name], multiline=f.multiline)
            if problem is None:
                values[name], problem = self._parse(name, raw[name])
            else:  # kept in the box, never parsed: a control character or a bidi override
                values[name] = None
            if problem:
                errors[name] = problem
        for name, f in self._fields.items():
            if f.currency_of in self._fields and name not in errors and values.get(name) is not None:
                problem = form_currency.problem(self._fields, f, raw[name], values[name], values.get(f.currency_of))
                if problem:
                    errors[name] = problem
        if self._check is not None:
            # Run it even when a field does not parse (that field counts as empty), so every
            # mistake shows at once, not in waves; a field's own error comes first.
            for name, problem in self._check(values).items():
                errors.setdefault(name, problem)
        for name in self._fields:
            if name in names:
                self._show(name, errors.get(name))
        return values, errors

    def _take_currency(self) -> None:
        """An amount typed with its currency (``£85k``) sets its Currency box (``form_currency.to_take``);
        a currency the user set themselves, or two typed, is left to ``form_currency.problem``."""
        raw = self.raw()
        for name, said in form_currency.to_take(self._fields, raw, self._original, self._taken).items():
            box = self.query_one(f"#field-{name}")
            if isinstance(box, Input):
                self._taken[name] = said
                box.value = said
                for tied in (g.name for g in self._fields.values() if g.currency_of == name):
                    self._read(tied, raw[tied])

    def _focus_to_fix(self, name: str) -> None:
        """Focus a field to fix, the cursor at its end and nothing selected: what was typed
        there is to be corrected, and the next key must not wipe it."""
        widget = self.query_one(f"#field-{name}")
        self.set_focus(widget)  # the Focus event is queued to the box now, the next line after it
        if isinstance(widget, Input):
            widget.call_later(lambda: setattr(widget, "cursor_position", len(widget.value)))

    # ------------------------------------------------------------------ events

    def _changed(self, widget_id: str | None) -> None:
        self._discard_armed = False
        name = (widget_id or "").removeprefix("field-")
        f = self._fields.get(name)
        if f is not None and f.currency_of in self._fields:
            self._take_currency()
        if f is not None:
            raw = self._raw(name)
            self._read(name, raw)
            if f.choices is None and text.problem(raw, multiline=f.multiline):
                self._touched.add(name)  # a pasted ESC is refused at once, not when the box is left
        if name in self._fields and (name in self._touched or self._tried):
            self._validate(self._touched | ({name} if self._tried else set()))

    def on_input_changed(self, event: Input.Changed) -> None:
        self._changed(event.input.id)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._changed(event.text_area.id)

    def on_select_changed(self, event: Select.Changed) -> None:
        self._changed(event.select.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """``enter`` saves a one-field form (a reason, an interview time); in a longer form it
        does nothing (``ctrl+s`` saves: enter half-way down a form must not submit it)."""
        event.stop()
        if len(self._fields) == 1:
            self.action_save()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The field just focused in view at once (Textual's own scroll to it is animated, and a
        quick run of tabs on a real terminal left the last field behind the frame)."""
        event.widget.scroll_visible(animate=False)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        name = (event.widget.id or "").removeprefix("field-")
        if name in self._fields:
            self._touched.add(name)
            self._validate(self._touched)

    # ------------------------------------------------------------------ actions

    def action_save(self) -> None:
        after_typed_keys(self, self._save)

    def _save(self) -> None:
        self._take_currency()
        self._tried = True
        self._touched.update(self._fields)
        values, errors = self._validate(set(self._fields))
        if errors:
            self._focus_to_fix(next(name for name in self._fields if name in errors))
            if len(errors) > 1:  # one: the cursor is on it, its error under it (a toast would cover it at 80x24)
                labels = ", ".join(self._fields[n].label for n in self._fields if n in errors)
                text.notify(self.app, f"{_NOT_DONE.get(self._submit_label, 'Not saved')}: check {labels}",
                            severity="warning")
            return
        doubts = self._doubt(values) if self._doubt is not None else {}
        if doubts:
            self._ask(values, doubts)
            return
        self.dismiss(FormResult(values, self.raw()))

    def _ask(self, values: dict[str, Any], doubts: dict[str, str]) -> None:
        """"Save anyway?" — ``y`` saves as typed; ``esc`` is back in the form on the first doubtful
        value, selected (typing replaces it), everything typed kept."""
        from deskcrm.screens.dialogs.confirm import ConfirmDialog

        raw = self.raw()
        reasons = list(doubts.values())
        question = f"{reasons[0]} — save anyway?" if len(reasons) == 1 else "\n".join([*reasons, "Save anyway?"])
        first = next((name for name in self._fields if name in doubts), None)

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(FormResult(values, raw))
            elif first is not None:
                box = self.query_one(f"#field-{first}")
                self.set_focus(box)
                if isinstance(box, Input):
                    box.call_later(box.select_all)

        self.app.push_screen(ConfirmDialog("Save anyway?", question, cancel="back to the form"), answered)

    def action_cancel(self) -> None:
        raw = self.raw()
        changed = self.unsaved or any(raw[n] != self._original[n] for n in self._fields)
        if changed and not self._discard_armed:
            self._discard_armed = True
            banner = self.query_one("#form-banner", Static)
            said = (f"Unsaved changes: {self.key_by_id('form.cancel')} again to discard them, "
                    f"{self.key_by_id('form.save')} to save")
            before = self._banner_said if banner.has_class("-shown") else ""
            banner.update(text.safe(f"{before} {said}" if before else said))  # a conflict's banner stays, first
            banner.add_class("-shown")
            return
        self.dismiss(FormResult({}, raw, cancelled=True))
