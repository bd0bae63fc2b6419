"""Add and remove pipeline stages (issue 16), from the palette: "Add pipeline stage…" asks for a
name and the canonical stage it comes after; "Remove pipeline stage…" lists the added stages with
how many candidates are at each, and removes the one picked — refused with the count while
candidates are at it (``store.user_stages``). Every job's pipeline board shows the change on its
next read (an open one is read again at once).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from deskcrm import text
from deskcrm.domain.stages import PIPELINES, stage_label

if TYPE_CHECKING:
    from deskcrm.screens.base import Desk as DeskApp

PIPELINE = "submission"


def _after_choices() -> list[tuple[str, str]]:
    return [(s.key, s.label) for s in PIPELINES[PIPELINE] if not s.terminal]


def add(app: DeskApp, raw: dict[str, str] | None = None, banner: str | None = None,
        errors: dict[str, str] | None = None) -> None:
    from deskcrm.domain import validate
    from deskcrm.screens.dialogs.form import FormDialog, FormField

    form = FormDialog("Add a stage to the candidates' pipeline", [
        FormField("name", "Name", validate.required(), placeholder="e.g. Technical test", required=True,
                  hint="a column of every job's pipeline; it counts as the stage it comes after"),
        FormField("after", "After", choices=_after_choices(), value="qualified", required=True),
    ], raw=raw, banner=banner, submit_label="Add stage")
    form.initial_errors = {("after" if k == "category" else k): v for k, v in (errors or {}).items()}
    form.unsaved = raw is not None

    def done(result) -> None:  # noqa: ANN001 - a FormResult
        if result is None or result.cancelled:
            return
        name, after = result.values["name"], result.values["after"]

        def op(conn):  # noqa: ANN001, ANN202
            from deskcrm.store.user_stages import add_stage

            return add_stage(conn, name, after)

        def failed(message: str, exc: BaseException) -> None:
            add(app, result.raw, message, getattr(exc, "field_errors", None))

        app.writes.submit(op, lambda r: r.message, on_success=lambda _r: _redraw(app), on_error=failed,
                          error_title="Stage not added")

    app.push_screen(form, done)


def remove(app: DeskApp) -> None:
    """Read the added stages (a worker), then pick the one to remove."""
    path = app.db_path

    def work() -> None:
        from deskcrm.store import db
        from deskcrm.store.errors import StoreError
        from deskcrm.store.user_stages import load
        from deskcrm.work.writes import error_message

        try:
            with db.reading(path) as conn:
                found = load(conn)
        except StoreError as exc:
            app.call_from_thread(text.notify, app, error_message(exc), title="Could not read the stages",
                                 severity="error")
            return
        app.call_from_thread(_pick, app, found)

    app.run_worker(work, thread=True, group="stages", name="stages", exit_on_error=False)


def _pick(app: DeskApp, found: Any) -> None:
    from deskcrm.screens.dialogs.pick import PickDialog

    if not found:
        text.notify(app, "No stage was added to the pipeline: “Add pipeline stage…” adds one", title="Stages")
        return
    options = [(a.id, f"{a.name} (after {stage_label(PIPELINE, a.category)}) · "
                      f"{a.cards} candidate{'s' if a.cards != 1 else ''}") for a in found]

    def chosen(stage_id) -> None:  # noqa: ANN001
        if stage_id is None:
            return

        def op(conn):  # noqa: ANN001, ANN202
            from deskcrm.store.user_stages import remove_stage

            return remove_stage(conn, stage_id)

        app.writes.submit(op, lambda r: r.message, on_success=lambda _r: _redraw(app), error_title="Stage not removed")

    app.push_screen(PickDialog("Remove which stage? (only an empty one can go)", options), chosen)


def _redraw(app: DeskApp) -> None:
    reload = getattr(app.screen, "reload", None)
    if callable(reload) and getattr(app.screen, "PIPELINE", "") == PIPELINE:
        reload()
