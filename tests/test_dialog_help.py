"""Every modal dialog: ``f1`` lists that dialog's own keys (the app's ``?``/``f1`` does not reach a
modal screen, and ``?`` is text in a box), "f1 Help" is in its footer, ``?`` opens the help too
where nothing is typed, and ``esc`` goes back to the dialog as it was — nothing typed lost."""

from __future__ import annotations

import asyncio

import pytest
from seed import TODAY, screen_text, seed, settle
from textual.app import App
from textual.widgets import Input, OptionList, TextArea

from deskcrm.config import settings as settings_mod
from deskcrm.domain import validate
from deskcrm.app import DeskApp
from deskcrm.domain.due import DueItem
from deskcrm.screens.dialogs.activity import ActivityDialog
from deskcrm.screens.dialogs.base import HELP_ID, DialogScreen
from deskcrm.screens.dialogs.confirm import ConfirmDialog
from deskcrm.screens.dialogs.duplicates import DuplicatesDialog
from deskcrm.screens.dialogs.find_person import FindPersonDialog
from deskcrm.screens.dialogs.form import FormDialog, FormField
from deskcrm.screens.dialogs.job_picker import JobPicker
from deskcrm.domain.mail import Draft
from deskcrm.screens.dialogs.mail import MailEditDialog, SendConfirm
from deskcrm.screens.dialogs.merge import MergeDialog
from deskcrm.screens.dialogs.pick import PickDialog
from deskcrm.screens.dialogs.snooze import SnoozeDialog
from deskcrm.screens.help import HelpScreen
from deskcrm.store.duplicates import DuplicateMatch
from deskcrm.store.merge_plan import MergePreview, MergeRow

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    ids = seed(path)
    return path, ids


class DialogApp(App):
    """Just the dialog, over an empty screen (what FindPersonDialog and JobPicker read: db_path)."""

    def __init__(self, dialog: DialogScreen, db_path) -> None:
        super().__init__()
        self.dialog = dialog
        self.db_path = db_path
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.results.append)


def _item() -> DueItem:
    return DueItem(key="followup:1", kind="followup", bucket="today", due_date=TODAY, days_late=0,
                   title="Follow up with Ana", person="Ana Silva", person_id=1, company="Globex",
                   company_id=1, job=None, job_id=None, placement_id=None, submission_id=None, snoozed=False)


def _match(pid: int, name: str) -> DuplicateMatch:
    return DuplicateMatch(pid, name, ("same email",), "Engineer", "Acme", "a@x.io", None, "Lisbon")


def _preview() -> MergePreview:
    row = MergeRow("email", "Email", "a@x.io", "b@x.io", "a@x.io", "keep", True, ("keep", "drop"),
                   ("a@x.io", "b@x.io"))
    tags = MergeRow("tags", "Tags", "x", "y", "x", "keep", True, ("keep", "drop", "both"), ("x", "y", "x, y"))
    return MergePreview(1, 2, "Ana Silva", "Ana Silva", 1, 1, (row, tags), (("activities", 2),))


# (make the dialog, keys typed before f1, binding ids its help must list, ? opens the help)
def _form():
    return FormDialog("New person", [FormField("name", "Name", validate.required(), required=True),
                                     FormField("email", "Email", validate.email)])


def _pick(box: bool):
    return lambda: PickDialog("Move to", [(1, "Contacted"), (2, "Submitted"), (3, "Placed")], filter_box=box)


KINDS = {
    "form": (_form, ["J", "a", "n", "e"], ["form.save", "form.cancel", "form.next", "form.previous"], False),
    "activity": (lambda: ActivityDialog(_item()), ["t", "H", "i"],
                 ["activity.save", "activity.editor", "activity.cancel"], False),
    "confirm": (lambda: ConfirmDialog("Placed", "Mark as placed?", no=True), [],
                ["confirm.yes", "confirm.no", "confirm.cancel"], True),
    "pick": (_pick(True), ["s", "u"], ["pick.pick", "pick.cancel", "pick.down", "pick.up"], False),
    "pick-list": (_pick(False), ["down"], ["pick.pick", "pick.cancel", "pick.down"], True),
    "job_picker": (None, ["z", "z"], ["job_picker.pick", "job_picker.cancel", "job_picker.down"], False),
    "merge": (lambda: MergeDialog(_preview()), ["j", "b"], ["merge.keep", "merge.drop", "merge.both",
                                                           "merge.confirm", "merge.cancel", "list.down"], True),
    "duplicates": (lambda: DuplicatesDialog([_match(1, "Ana Silva"), _match(2, "Ana Silvia")], typed_name="Ana",
                                            creating=True), ["j"],
                   ["duplicates.open", "duplicates.merge", "duplicates.anyway", "duplicates.back"], True),
    "snooze": (lambda: SnoozeDialog(_item()), [], ["snooze.day", "snooze.week", "snooze.cancel"], True),
    "find_person": (lambda: FindPersonDialog("Globex"), ["A", "n", "a"], ["find_person.cancel"], False),
    "mail_edit": (lambda: MailEditDialog("Write an email", "To: a@x.io\nSubject: Hi\n\nBody"), ["X", "y"],
                  ["mail_edit.done", "mail_edit.cancel"], False),
    "mail_send": (lambda: SendConfirm(Draft(to=("a@x.io",), subject="Hi", body="Body")), [],
                  ["mail_send.send", "mail_send.edit", "mail_send.cancel"], True),
}


def _state(dialog: DialogScreen) -> tuple:
    """What the user has done in the dialog so far: every box's text, every list's position, focus."""
    boxes = tuple((w.id, w.value, w.cursor_position) for w in dialog.query(Input))
    areas = tuple((w.id, w.text) for w in dialog.query(TextArea))
    lists = tuple((w.id, w.highlighted) for w in dialog.query(OptionList))
    focused = dialog.focused.id if dialog.focused is not None else None
    extra = dict(dialog.choices) if isinstance(dialog, MergeDialog) else None
    return boxes, areas, lists, focused, extra


def _help_keys(app) -> str:
    assert isinstance(app.screen, HelpScreen), type(app.screen).__name__
    return " ".join(str(app.screen.query_one("#help-keys").render()).split())  # a long line wraps under itself


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", list(KINDS))
def test_f1_lists_the_dialogs_keys_and_esc_returns_to_it_as_it_was(desk, kind, size):
    path, ids = desk
    make, typed, expected, question_mark = KINDS[kind]
    dialog = JobPicker(path, ids["lena"], "Lena") if make is None else make()

    async def go():
        app = DialogApp(dialog, path)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            assert app.screen is dialog
            footer = screen_text(app).splitlines()[-1]
            assert "f1 Help" in footer, footer
            await pilot.press(*typed)
            await settle(pilot)
            before = _state(dialog)

            await pilot.press("f1")
            await pilot.pause()
            keys = _help_keys(app)
            for binding_id in [*expected, HELP_ID]:
                assert f"[{binding_id}]" in keys, (binding_id, keys)
            for active in dialog.active_bindings.values():  # every key that works there, described
                if active.binding.description and not active.binding.system:
                    assert _said(active) in keys, active.binding
            assert ("f1 / ?" in keys) is question_mark
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is dialog and app.results == []
            assert _state(dialog) == before

            if question_mark:  # nothing typed here: ? opens the help too, and closes it
                await pilot.press("question_mark")
                await pilot.pause()
                assert "[" + HELP_ID + "]" in _help_keys(app)
                await pilot.press("question_mark")
                await pilot.pause()
                assert app.screen is dialog and _state(dialog) == before
            else:  # ? is text: it goes where text goes, the help stays shut
                await pilot.press("f1", "f1")  # f1 closes the help too
                await pilot.pause()
                assert app.screen is dialog and _state(dialog) == before
            assert app.results == []

    asyncio.run(go())


def test_a_question_mark_in_a_filter_box_is_typed_not_help(desk):
    path, _ = desk

    async def go():
        app = DialogApp(_pick(True)(), path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, PickDialog)
            assert app.screen.query_one(Input).value == "?"
            # the help says which keys work with the box focused: ? is not one of them
            await pilot.press("f1")
            await pilot.pause()
            assert "f1 / ?" not in _help_keys(app)

    asyncio.run(go())


def test_a_form_keeps_everything_typed_across_help(desk):
    """The form in the real app: text typed in two fields, f1, esc: the text, the field with the
    focus and the cursor are as they were; esc then asks before discarding (nothing was lost)."""
    path, _ = desk

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            app.push_screen(_form())
            await settle(pilot)
            form = app.screen
            await pilot.press(*"Jane Doe", "tab", *"jane@")
            await pilot.press("f1")
            await pilot.pause()
            keys = _help_keys(app)
            assert "Keys — New person" in screen_text(app)  # the form's own title (it said "Form")
            assert "In a text box" in keys and "SafeInput" not in keys  # never a class name
            assert "[form.save]" in keys and "[dialog.help]" in keys
            assert "[app.quit]" not in keys  # the app's keys do not work in a dialog: not listed
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is form
            assert form.raw() == {"name": "Jane Doe", "email": "jane@"}
            assert form.focused.id == "field-email" and form.focused.cursor_position == len("jane@")
            await pilot.press(*"x.io")
            assert form.raw()["email"] == "jane@x.io"

    asyncio.run(go())


def test_snooze_from_the_due_list_answers_f1_and_question_mark(desk):
    """From the real app: the dialog's f1 is not the app's (whose help would list the due list)."""
    path, _ = desk

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("z")
            await pilot.pause()
            assert isinstance(app.screen, SnoozeDialog)
            assert "f1 Help" in screen_text(app).splitlines()[-1]
            for key in ("f1", "question_mark"):
                await pilot.press(key)
                await pilot.pause()
                keys = _help_keys(app)
                assert "[snooze.day]" in keys and "[snooze.week]" in keys and "[due.done]" not in keys
                await pilot.press("escape")
                await pilot.pause()
                assert isinstance(app.screen, SnoozeDialog)
            await pilot.press("w")
            await settle(pilot)
            assert not isinstance(app.screen, SnoozeDialog)

    asyncio.run(go())


def test_activity_from_the_due_list_keeps_the_note_across_help(desk):
    path, _ = desk

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("a")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, ActivityDialog)
            await pilot.press("f1")  # the kind list has the focus: its one-key kinds are listed
            await pilot.pause()
            keys = _help_keys(app)
            for binding_id in ("activity.call_talked", "activity.note", "activity.save", "activity.cancel"):
                assert f"[{binding_id}]" in keys, binding_id
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is dialog
            await pilot.press("t", *"Happy with the offer?")
            await pilot.press("f1")  # in the note, letters are text: the kind keys are not listed
            await pilot.pause()
            keys = _help_keys(app)
            assert "[activity.save]" in keys and "[activity.editor]" in keys
            assert "[activity.call_talked]" not in keys
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is dialog
            assert dialog.query_one("#body", TextArea).text == "Happy with the offer?"  # ? stayed text
            assert dialog.query_one("#kinds", OptionList).highlighted_option.id == "call_talked"

    asyncio.run(go())


def test_every_dialog_is_a_dialog_screen():
    """No modal dialog without f1: every ModalScreen in screens/dialogs is a DialogScreen, and
    its help binding comes after its own keys (last in the footer)."""
    import importlib
    import pkgutil

    from textual.screen import ModalScreen

    import deskcrm.screens.dialogs as package

    found = []
    for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, ModalScreen) and value is not DialogScreen
                    and value.__module__ == module.__name__):
                found.append(value)
                assert issubclass(value, DialogScreen), value
                assert value.BINDINGS[-1].id == HELP_ID, value
    assert len(found) >= 9



def _said(active) -> str:
    """How the help describes an active binding: Textual's own keys in its words, ours by theirs."""
    from deskcrm.screens.help import textual_words

    return textual_words(active.node, active.binding) or active.binding.description
