"""One stage lookup everywhere (issue 9, item 20): `--stage closed:filled` was refused while
`"closed: filled"` worked. ``stages.find`` takes a key or a label in any case, spacing and
punctuation, or the part of a label after its colon; the CLI (`--stage`, `move` STAGE) and the
boards' "move to…" all use it."""

from __future__ import annotations

import pytest

from deskcrm.domain import stages


@pytest.fixture(autouse=True)
def _defaults():
    stages.configure(None)
    yield
    stages.configure(None)


@pytest.mark.parametrize(("pipeline", "typed", "key"), [
    ("job", "closed:filled", "closed_filled"),
    ("job", "closed filled", "closed_filled"),
    ("job", "Closed: filled", "closed_filled"),
    ("job", "  CLOSED :  FILLED ", "closed_filled"),
    ("job", "closed_filled", "closed_filled"),
    ("job", "closed-filled", "closed_filled"),
    ("job", "closed/filled", "closed_filled"),
    ("job", "filled", "closed_filled"),
    ("job", "Lost", "closed_lost"),
    ("job", "cancelled", "closed_cancelled"),
    ("job", "on-hold", "on_hold"),
    ("job", "OnHold", None),
    ("job", "interviewing", "interviewing"),
    ("placement", "started (in guarantee)", "started"),
    ("placement", "Started in guarantee", "started"),
    ("placement", "started", "started"),
    ("placement", "guarantee-failed", "guarantee_failed"),
    ("placement", "Fell off before start", "fell_off"),
    ("submission", "rejected-by-client", "rejected_by_client"),
    ("submission", "Rejected by client", "rejected_by_client"),
    ("client", "lost", "lost"),
    ("client", "Terms-sent", "terms_sent"),
    ("job", "closed", None),
    ("job", "fill", None),
    ("job", "", None),
    ("job", ":", None),
    ("job", "closed: nowhere", None),
    ("submission", "hired", None),
    # the start of one stage only, 3 letters or more: "deskcrm move submission 7 interview"
    ("submission", "interview", "interviewing"),
    ("submission", "plac", "placed"),
    ("job", "sub", "submitting"),
    ("submission", "rej", None),  # rejected by us, or by the client?
    ("submission", "in", None),
])
def test_a_stage_is_found_however_it_is_spelled(pipeline, typed, key):
    assert stages.find(pipeline, typed) == key


def test_renamed_labels_are_found_the_same_ways():
    stages.configure({"job": {"closed_filled": "Done: won", "closed_lost": "Done: lost"},
                      "submission": {"submitted": "Sent to client"}})
    assert stages.find("job", "done:won") == "closed_filled"
    assert stages.find("job", "WON") == "closed_filled"
    assert stages.find("job", "closed:filled") == "closed_filled"  # the key still works
    assert stages.find("job", "lost") == "closed_lost"
    assert stages.find("submission", "sent-to-client") == "submitted"


def test_a_colon_tail_two_labels_share_is_no_match():
    stages.configure({"job": {"closed_lost": "Closed: gone", "on_hold": "Paused: gone"}})
    assert stages.find("job", "gone") is None
    assert stages.find("job", "paused gone") == "on_hold"


def test_move_to_on_a_board_takes_the_same_spellings(tmp_path, today):
    """`m` and "closed:filled" (or "filled") picks Closed: filled, as `--stage closed:filled` does."""
    from seed import keys, query, run_app, seed

    path = tmp_path / "desk.db"
    seed(path)

    async def body(app, pilot):
        await keys(pilot, "4", "m")
        await pilot.press(*"closed:filled")
        await keys(pilot, "enter")  # a close asks why
        await pilot.press(*"signed")
        await keys(pilot, "ctrl+s")
        assert query(path, "SELECT stage, close_reason FROM job_order WHERE id = 1") == [("closed_filled", "signed")]
        await keys(pilot, "ctrl+z")
        await keys(pilot, "m")
        await pilot.press(*"hold")  # an ordinary filter still works: On hold is the one label with it
        await keys(pilot, "enter")
        await pilot.press(*"budget")
        await keys(pilot, "ctrl+s")
        assert query(path, "SELECT stage FROM job_order WHERE id = 1") == [("on_hold",)]

    run_app(path, body)


def test_the_pick_list_puts_the_stage_find_names_first():
    """"lost" on the job board: Closed: lost (the stage it names), never a label merely containing it."""
    from textual.app import App

    from deskcrm.screens.dialogs.pick import PickDialog

    options = [(s.key, s.label) for s in stages.PIPELINES["job"]]
    picked: list = []

    class Host(App):
        def on_mount(self) -> None:
            self.push_screen(PickDialog("Move to…", options, exact=lambda typed: stages.find("job", typed)),
                             picked.append)

    async def go():
        async with Host().run_test() as pilot:
            await pilot.press(*"closed-cancelled", "enter")
            await pilot.pause()
            assert picked == ["closed_cancelled"]

    import asyncio

    asyncio.run(go())
