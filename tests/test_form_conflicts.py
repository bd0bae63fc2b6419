"""A form saved over a colleague's save (issue 11 item 5): both values shown, one message, nothing
lost (``screens.dialogs.form_conflict``). The rules as pure functions, then the whole path with
real keys: the form is open, a colleague (another recruiter, another connection) saves through
the store, ``ctrl+s`` is a conflict showing their values at the fields and one banner, ``ctrl+s``
again saves yours for the clash and keeps theirs for the rest; a colleague saving again is a new
conflict shown the same way."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from seed import fill, keys, open_person, query, run_app, screen_text, seed, toasts
from test_hostile import assert_safe
from textual.widgets import Input, Static

from deskcrm import text
from deskcrm.screens.dialogs.form import FormDialog, FormField
from deskcrm.screens.dialogs.form_conflict import SOMEONE, Theirs, banner_of, changed, notes, reconcile
from deskcrm.store import db, recruiters
from deskcrm.store.moves import job_for_edit, update_job
from deskcrm.store.person_write import load_for_edit, update_person

HOSTILE = "[@click=app.quit]\x1b[31m[/]\u202eevil"

# --------------------------------------------------------------------------- the rules


def test_only_theirs_takes_theirs_both_is_a_clash_yours_alone_stays():
    base = {"city": "", "phone": "1", "headline": "a", "tags": "x"}
    typed = {"city": "Hamburg", "phone": "1", "headline": "mine", "tags": "x"}
    fresh = {"city": "Munich", "phone": "2", "headline": "a", "tags": "x", "version": "7"}
    raw, theirs = reconcile(base, typed, fresh, "Alex Morgan", "this person")
    assert raw == {"city": "Hamburg", "phone": "2", "headline": "mine", "tags": "x"}
    assert theirs == Theirs("Alex Morgan", "this person", {"city": "Munich", "phone": "2"}, ("city",))
    assert changed(fresh, raw) == {"city", "headline"}  # what the next save writes: never their phone


def test_the_same_value_typed_by_both_is_no_clash_and_a_group_saves_whole():
    _raw, theirs = reconcile({"city": ""}, {"city": "Munich"}, {"city": "Munich"}, None, "this job order")
    assert (theirs.who, theirs.saved, theirs.clashes) == (SOMEONE, {"city": "Munich"}, ())
    assert changed({"fee_percent": "20", "flat_fee": ""}, {"fee_percent": "25", "flat_fee": ""},
                   groups=[("fee_percent", "flat_fee")]) == {"fee_percent", "flat_fee"}


_values = st.text(alphabet="ab", max_size=2)


@given(st.dictionaries(st.sampled_from("vwxyz"), st.tuples(_values, _values, _values), min_size=1))
def test_nothing_of_either_is_lost(rows):
    base = {k: b for k, (b, _t, _f) in rows.items()}
    typed = {k: t for k, (_b, t, _f) in rows.items()}
    fresh = {k: f for k, (_b, _t, f) in rows.items()}
    raw, theirs = reconcile(base, typed, fresh, "AM", "it")
    for name in rows:
        assert raw[name] == (typed[name] if typed[name] != base[name] else fresh[name])  # yours, else theirs
        assert (name in theirs.saved) == (fresh[name] != base[name])  # every change of theirs is shown
        assert (name in theirs.clashes) == (name in theirs.saved and typed[name] not in (base[name], fresh[name]))
    assert changed(fresh, raw) <= changed(base, typed)  # the next save writes only what you changed


def test_a_second_save_of_theirs_still_shows_the_first_clash():
    opened = {"city": "Berlin", "headline": "a"}
    _raw, first = reconcile(opened, {"city": "Hamburg", "headline": "a"}, {"city": "Munich", "headline": "a"},
                            "AM", "it")
    assert first.clashes == ("city",)
    raw, again = reconcile({"city": "Munich", "headline": "a"}, {"city": "Hamburg", "headline": "a"},
                           {"city": "Munich", "headline": "b"}, "AM", "it", opened=opened)
    assert raw == {"city": "Hamburg", "headline": "b"}
    assert (again.saved, again.clashes) == ({"city": "Munich", "headline": "b"}, ("city",))
    _raw, back = reconcile({"city": "Munich"}, {"city": "Berlin"}, {"city": "Munich"}, "AM", "it", opened=opened)
    assert back.clashes == ("city",)  # typed back to what it was: still over theirs, still a clash


def test_the_banner_and_the_notes_name_who_what_and_the_keys():
    fields = {"city": FormField("city", "City"), "phone": FormField("phone", "Phone"),
              "status": FormField("status", "Status", choices=(("passive", "Passive"), ("active", "Active")))}
    one = Theirs("Alex Morgan", "this person", {"city": "Munich", "status": "passive"}, ("city",))
    assert banner_of(one, fields, "ctrl+s", "esc") == (
        "Alex Morgan saved this person while you edited it: City differs (theirs: Munich). "
        "ctrl+s saves yours over theirs; esc twice discards yours.")
    assert notes(one, fields) == {"city": "Clash, yours kept — Alex Morgan saved: Munich",
                                  "status": "Alex Morgan saved: Passive"}  # a choice by its label
    two = Theirs("Alex Morgan", "this person", {"city": "", "phone": "x" * 300}, ("city", "phone"))
    assert banner_of(two, fields, "ctrl+w", "q").startswith(
        "Alex Morgan saved this person while you edited it: City and Phone differ (theirs at each field). "
        "ctrl+w saves yours over theirs")  # the keys as remapped
    said = notes(two, fields)
    assert said["city"] == "Clash, yours kept — Alex Morgan cleared it" and said["phone"].endswith("x…")
    none = Theirs(SOMEONE, "this contact", {}, ())
    assert "(nothing in this form differs). ctrl+s saves your changes on top" in banner_of(none, fields, "ctrl+s", "esc")
    line = notes(Theirs("Alex", "it", {"city": HOSTILE + "\nmore"}, ()), fields)["city"]
    assert "\x1b" not in line and "\u202e" not in line and "\n" not in line and "[@click=app.quit]" in line


def test_a_hostile_colleague_name_is_text_and_a_record_that_cannot_be_read_again_keeps_the_typing():
    from deskcrm.screens.dialogs.form_conflict import Edit
    from deskcrm.store.errors import Conflict, NotFound

    _raw, theirs = reconcile({"city": ""}, {"city": ""}, {"city": "x"}, "\x1b[31m[@click=app.quit]\u202e", "it")
    assert "\x1b" not in theirs.who and "\u202e" not in theirs.who and "[@click=app.quit]" in theirs.who

    class Screen:  # runs the read at once, as a worker would, then hands over the result
        app = None

        def read_then(self, fn, then):
            then(fn(None))

    def gone(_conn):
        raise NotFound("person #7 no longer exists (deleted or merged since); nothing was saved")

    reopened = []
    edit = Edit(Screen(), "this person", read=gone, to_raw=dict, moved=lambda _r: None)
    edit.opened({"city": "Berlin"})
    edit.conflict(Conflict("stale", by="Alex"), {"city": "Hamburg"}, lambda *args: reopened.append(args))
    assert reopened == [({"city": "Hamburg"}, None,
                         "Not saved: person #7 no longer exists (deleted or merged since); nothing was saved")]


# --------------------------------------------------------------------------- the whole path


def _colleague(path):
    """A connection signed by another recruiter, Alex Morgan, on the same desk file."""
    conn = db.connect(path)
    alex = recruiters.add_recruiter(conn, "Alex Morgan", "AM").recruiter.id
    db.act_as(conn, alex)
    return conn


def _save_person(conn, pid, values):
    v = load_for_edit(conn, pid)
    update_person(conn, pid, values, expected_version=v["version"], profile_expected_version=v["profile_version"])


def _banner(app) -> str:
    return str(app.screen.query_one("#form-banner", Static).render())


def _note(app, name: str) -> str:
    found = app.screen.query(f"#theirs-{name}")
    return str(found.first(Static).render()) if found else ""


def _box(app, name: str) -> str:
    return app.screen.query_one(f"#field-{name}", Input).value


def test_a_person_saved_by_a_colleague_meanwhile_shows_both_values_then_saves_yours_and_keeps_theirs(tmp_path, today):
    path = tmp_path / "desk.db"
    lena = seed(path)["lena"]
    colleague = _colleague(path)

    async def body(app, pilot):
        app.settings.me = "SR"  # Sam Reed edits; Alex Morgan saves first
        await open_person(pilot, lena)
        await keys(pilot, "e")
        form = app.screen
        assert isinstance(form, FormDialog)
        _save_person(colleague, lena, {"city": "Munich", "phone": "+49 30 1234567"})
        await fill(pilot, "city", "Hamburg")
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, FormDialog) and app.screen is not form  # still open, typing kept
        assert _banner(app) == ("Alex Morgan saved this person while you edited it: City differs (theirs: Munich). "
                                "ctrl+s saves yours over theirs; esc twice discards yours.")
        assert _box(app, "city") == "Hamburg" and _note(app, "city") == "Clash, yours kept — Alex Morgan saved: Munich"
        theirs_phone = query(path, "SELECT phone FROM person WHERE id = ?", lena)[0][0]
        assert _box(app, "phone") == theirs_phone  # only they changed it: theirs, nothing of theirs lost
        assert _note(app, "phone") == f"Alex Morgan saved: {theirs_phone}"
        assert "Alex Morgan saved: Munich" in screen_text(app)  # readable at 80 columns
        assert "reload and try again" not in toasts(app) and "Not saved" not in toasts(app)  # one message
        assert query(path, "SELECT city FROM person WHERE id = ?", lena) == [("Munich",)]  # not overwritten

        _save_person(colleague, lena, {"headline": HOSTILE})  # and again, while the conflict is shown
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, FormDialog)  # a new conflict, shown the same way
        assert _banner(app).startswith("Alex Morgan saved this person while you edited it: City differs (theirs: Munich)")
        assert _note(app, "city") == "Clash, yours kept — Alex Morgan saved: Munich"  # still shown
        assert _box(app, "headline") == text.clean(HOSTILE) and _box(app, "city") == "Hamburg"
        assert _note(app, "headline") == f"Alex Morgan saved: {text.clean(HOSTILE)}"
        assert_safe(app, screen_text(app))  # their value as text: no markup, no ESC, app still up

        await keys(pilot, "ctrl+s")  # yours for the clash, theirs for the rest
        assert not isinstance(app.screen, FormDialog)
        assert query(path, "SELECT city, phone, headline FROM person WHERE id = ?", lena) == [
            ("Hamburg", theirs_phone, HOSTILE)]

    try:
        run_app(path, body, size=(80, 24), notifications=True)
    finally:
        colleague.close()


def test_a_job_order_saved_by_a_colleague_meanwhile_shows_both_values_then_saves_yours(tmp_path, today):
    from test_jobs_edit import focused, retype

    path = tmp_path / "desk.db"
    seed(path)
    colleague = _colleague(path)

    async def body(app, pilot):
        await keys(pilot, "4")
        job_id, _column = focused(app)
        await keys(pilot, "e")
        opened = job_for_edit(colleague, job_id).version
        update_job(colleague, job_id, {"city": "Munich", "title": "Their title"}, expected_version=opened)
        await retype(pilot, "city", "Hamburg")
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, FormDialog)
        assert _banner(app) == ("Alex Morgan saved this job order while you edited it: City differs (theirs: Munich). "
                                "ctrl+s saves yours over theirs; esc twice discards yours.")
        assert (_box(app, "city"), _box(app, "title")) == ("Hamburg", "Their title")
        assert _note(app, "title") == "Alex Morgan saved: Their title"
        assert "Not saved" not in toasts(app)
        await keys(pilot, "escape")  # the first esc warns under the banner, which stays
        assert isinstance(app.screen, FormDialog)
        assert _banner(app) == ("Alex Morgan saved this job order while you edited it: City differs (theirs: Munich). "
                                "ctrl+s saves yours over theirs; esc twice discards yours. "
                                "Unsaved changes: esc again to discard them, ctrl+s to save")
        await keys(pilot, "ctrl+s")
        assert not isinstance(app.screen, FormDialog)
        assert query(path, "SELECT city, title, version FROM job_order WHERE id = ?", job_id) == [
            ("Hamburg", "Their title", opened + 2)]

    try:
        run_app(path, body, notifications=True)
    finally:
        colleague.close()
