"""The live desk on the record screens (issue 11 item 6): a colleague's note on the person, the
company or the records shown appears on the person, account and details screens without a key,
keeping the scroll and the lists' cursors; a form open over the person keeps what was typed.

On both engines (``desk_path``), with the app's own timer: waited for with ``until``, never slept."""

from __future__ import annotations

from seed import keys, run_app, screen_text, seed, settle, until
from textual.containers import VerticalScroll
from textual.widgets import Input

from deskcrm.screens.account import AccountScreen, PanelList
from deskcrm.screens.details import DetailsScreen
from deskcrm.screens.dialogs.form import FormDialog
from deskcrm.screens.person import PersonScreen
from deskcrm.store import db, due_store

NOTE = "Colleague: rang back about the Globex offer"


def _plain(widget) -> str:
    """What a panel shows, as plain text."""
    return str(widget.render())


class Colleague:
    """Another recruiter's deskcrm: its own connection to the same desk."""

    def __init__(self, path) -> None:  # noqa: ANN001
        self.conn = db.connect(path)

    def note(self, **links: int) -> None:
        due_store.log_activity(self.conn, "note", NOTE, **links)

    def close(self) -> None:
        self.conn.close()


def live(path, body, size=(120, 40)) -> None:  # noqa: ANN001
    colleague = Colleague(path)

    async def run_body(app, pilot):  # noqa: ANN001, ANN202
        await until(pilot, lambda: app.writes.live.polls > 0)  # the live desk knows where the desk stands
        await body(app, pilot, colleague)

    try:
        run_app(path, run_body, size)
    finally:
        colleague.close()


async def _open(pilot, screen):  # noqa: ANN001, ANN202
    pilot.app.push_screen(screen)
    await settle(pilot)
    await until(pilot, lambda: screen._seen_version >= 0)  # loaded
    return screen


def test_a_colleagues_note_shows_on_the_open_person_keeping_the_scroll(desk_path, today):
    ids = seed(desk_path)

    async def body(app, pilot, colleague):  # noqa: ANN001, ANN202
        screen = await _open(pilot, PersonScreen(ids["lena"]))
        await keys(pilot, "j", "j", "j")
        scrolled = screen.query_one("#person-body", VerticalScroll).scroll_y
        assert scrolled > 0
        assert NOTE not in _plain(screen.query_one("#timeline"))
        colleague.note(person_id=ids["lena"])
        await until(pilot, lambda: NOTE in _plain(screen.query_one("#timeline")))
        assert app.screen is screen
        assert screen.query_one("#person-body", VerticalScroll).scroll_y == scrolled

    live(desk_path, body, size=(120, 30))


def test_a_form_open_over_the_person_keeps_what_was_typed(desk_path, today):
    ids = seed(desk_path)

    async def body(app, pilot, colleague):  # noqa: ANN001, ANN202
        screen = await _open(pilot, PersonScreen(ids["lena"]))
        await keys(pilot, "e")
        form = app.screen
        assert isinstance(form, FormDialog)
        box = form.query_one("#field-headline", Input)
        box.focus()
        box.value = ""
        await pilot.press(*"Typed before the change")
        await settle(pilot)
        seen = app.writes.live.seen
        colleague.note(person_id=ids["lena"])
        await until(pilot, lambda: app.writes.live.seen > seen)  # the change reached the app
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#field-headline", Input).value == "Typed before the change"
        await keys(pilot, "escape", "escape")  # the second esc discards what was typed
        await until(pilot, lambda: app.screen is screen and NOTE in _plain(screen.query_one("#timeline")))

    live(desk_path, body, size=(120, 60))


def test_a_colleagues_note_shows_on_the_open_account_keeping_the_contact_cursor(desk_path, today):
    ids = seed(desk_path)

    async def body(app, pilot, colleague):  # noqa: ANN001, ANN202
        screen = await _open(pilot, AccountScreen(ids["acme"]))
        contacts = screen.query_one("#contacts", PanelList)
        assert contacts.option_count >= 2
        contacts.focus()
        await keys(pilot, "j")
        kept = contacts.get_option_at_index(contacts.highlighted).id
        colleague.note(company_id=ids["acme"])
        await until(pilot, lambda: NOTE in screen_text(app))
        assert app.screen is screen
        assert contacts.get_option_at_index(contacts.highlighted).id == kept

    live(desk_path, body, size=(140, 50))


def test_a_colleagues_note_shows_on_the_open_details(desk_path, today):
    seed(desk_path)

    async def body(app, pilot, colleague):  # noqa: ANN001, ANN202
        await keys(pilot, "1")
        await keys(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, DetailsScreen) and app.screen._seen_version >= 0)
        screen = app.screen
        person_id = screen.item.person_id
        assert person_id is not None
        colleague.note(person_id=person_id)
        await until(pilot, lambda: NOTE in _plain(screen.query_one("#activities")))
        assert app.screen is screen

    live(desk_path, body, size=(120, 50))
