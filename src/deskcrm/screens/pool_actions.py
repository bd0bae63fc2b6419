"""What a screen does with a set of people and talent pools — shared by Search, a pool's people
and a job's matches:

    add_to_pool(screen, ids)         # P: pick a hand-picked pool or type a new name, then one write
    save_search(screen, "skill:rust type:contract")   # ctrl+s in Search: a saved-search pool
    log_for(screen, ids, what)       # a: the same activity logged on each (one write)
    tag(screen, ids, what)           # t: a tag added to each
    put_on_job(screen, ids, what)    # s: each put on a job's pipeline at Sourced

Each write is one transaction through the write queue (``ctrl+z`` takes it back); reads run in
workers. ``what`` names the people in dialogs ("3 marked people", "everyone in “Rust”").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from deskcrm import text
from deskcrm.domain import clock

if TYPE_CHECKING:
    from deskcrm.screens.base import DeskScreen


def people(n: int) -> str:
    return "1 person" if n == 1 else f"{n:,} people"


def add_to_pool(screen: DeskScreen, ids: Sequence[int], *, then: Callable[[Any], None] | None = None) -> None:
    if not ids:
        text.notify(screen.app, "Put the cursor on someone, or mark people with space", title="Nobody chosen")
        return
    ids = list(ids)

    def hand_picked(conn):  # noqa: ANN001, ANN202
        from deskcrm.store import pools

        return [(p.id, p.name) for p in pools.list_pools(conn, clock.today()) if p.query is None]

    def pick(found: list[tuple[int, str]]) -> None:
        from deskcrm.screens.dialogs.pool_pick import PoolPick

        screen.app.push_screen(PoolPick(f"Add {people(len(ids))} to a pool", found), chosen)

    def chosen(pool: int | str | None) -> None:
        if pool is None:
            return

        def op(conn):  # noqa: ANN001, ANN202
            from deskcrm.store import pools

            return pools.add_to_pool(conn, pool, ids)

        screen.write(op, lambda done: f"{done.message} · ctrl+z: undo", on_success=then)

    screen.read_then(hand_picked, pick, title="Could not read the pools")


def save_search(screen: DeskScreen, query: str) -> None:
    from deskcrm.domain import validate
    from deskcrm.screens.dialogs.form import FormDialog, FormField

    me = screen.desk.settings.me

    def make(raw, banner):  # noqa: ANN001, ANN202
        return FormDialog("Save this search as a pool", [
            FormField("name", "Pool name", validate.required(), placeholder="e.g. Rust contractors", required=True),
            FormField("query", "Search", validate.required(), value=query, required=True,
                      hint="Kept and run again whenever the pool is opened"),
        ], raw=raw, banner=banner)

    def op_for(values):  # noqa: ANN001, ANN202
        def op(conn):  # noqa: ANN001, ANN202
            from deskcrm.store import pool_people

            return pool_people.save_search(conn, values["name"], values["query"], clock.today(), me)

        return op

    screen.form_write(make, op_for, lambda done: f"{done.message} · ctrl+z: undo")


def log_for(screen: DeskScreen, ids: Sequence[int], what: str) -> None:
    from deskcrm.screens.activity_subject import ActivitySubject
    from deskcrm.screens.dialogs.activity import ActivityDialog

    ids = list(ids)

    def chosen(result) -> None:  # noqa: ANN001
        if result is None or result.cancelled or result.kind is None:
            return

        def op(conn):  # noqa: ANN001, ANN202
            from deskcrm.store import people_bulk

            return people_bulk.log_for_people(conn, ids, result.kind, result.body)

        screen.write(op, lambda done: done.message)

    subject = ActivitySubject(f"bulk:{len(ids)}", f"The same activity for {what}", None, None, None)
    screen.app.push_screen(ActivityDialog(subject), chosen)  # type: ignore[arg-type]


def tag(screen: DeskScreen, ids: Sequence[int], what: str) -> None:
    from deskcrm.domain import validate
    from deskcrm.screens.dialogs.form import FormDialog, FormField

    ids = list(ids)

    def make(raw, banner):  # noqa: ANN001, ANN202
        return FormDialog(f"Tag {what}", [
            FormField("tag", "Tag", validate.required(), placeholder="e.g. rust", required=True),
        ], raw=raw, banner=banner)

    def op_for(values):  # noqa: ANN001, ANN202
        def op(conn):  # noqa: ANN001, ANN202
            from deskcrm.store import people_bulk

            return people_bulk.tag_people(conn, ids, values["tag"])

        return op

    screen.form_write(make, op_for, lambda done: done.message)


def put_on_job(screen: DeskScreen, ids: Sequence[int], what: str, *, job_id: int | None = None,
               then: Callable[[Any], None] | None = None) -> None:
    """On ``job_id``'s pipeline (or a job picked) at Sourced, in one write."""
    ids = list(ids)

    def chosen(picked: int | None) -> None:
        if picked is None:
            return

        def op(conn):  # noqa: ANN001, ANN202
            from deskcrm.store import people_bulk

            return people_bulk.put_on_job(conn, ids, picked)

        screen.write(op, lambda done: done.message, on_success=then)

    if job_id is not None:
        chosen(job_id)
        return
    from deskcrm.screens.dialogs.job_picker import JobPicker

    screen.app.push_screen(JobPicker(screen.desk.db_path, None, what), chosen)  # type: ignore[arg-type]
