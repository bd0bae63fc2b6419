"""Pick an open job order to put a person on: type to filter (title, client, city), enter picks.

The list is read by SQL, a page at most (``submissions_write.open_jobs``), in an exclusive
thread worker per keystroke. Jobs the person is already on are shown dimmed with their stage
and cannot be picked (the store refuses them too). ``f1`` lists the keys. Dismisses with the job id, or None.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from deskcrm import text
from deskcrm.screens.dialogs.base import DialogScreen
from deskcrm.screens.dialogs.key_order import after_typed_keys
from deskcrm.screens.still_up import call_back
from deskcrm.domain.stages import PIPELINES, stage_label
from deskcrm.widgets.key_bar import KeyBar
from deskcrm.widgets.safe_input import SafeInput


class JobPicker(DialogScreen[int | None]):
    HELP_TITLE = "Submit to a job order"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "pick", "Submit", priority=True, id="job_picker.pick"),
        Binding("down", "move(1)", "Next", show=False, priority=True, id="job_picker.down"),
        Binding("up", "move(-1)", "Previous", show=False, priority=True, id="job_picker.up"),
        Binding("escape", "cancel", "Cancel", id="job_picker.cancel"),
    ]

    DEFAULT_CSS = """
    JobPicker { align: center middle; }
    JobPicker > Vertical {
        width: 90; max-width: 96%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    JobPicker Input { margin-top: 1; border: round $primary 60%; background: $background; }
    JobPicker Input:focus { border: round $primary; }
    JobPicker OptionList, JobPicker OptionList:focus {
        height: auto; max-height: 14; border: none; padding: 0; background: $surface;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    JobPicker OptionList > .option-list--option-highlighted {
        background: $primary 35%; color: $foreground; text-style: bold;
    }
    JobPicker #status { height: 1; color: $foreground 70%; text-wrap: nowrap; text-overflow: ellipsis; }
    JobPicker #status.-warn { color: $warning; }
    JobPicker .what { text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, db_path, person_id: int, person_name: str) -> None:
        super().__init__()
        self._db_path = db_path
        self._person_id = person_id
        self._person_name = person_name
        self._jobs: list = []
        self._seq = 0

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Submit to a job order"
            first = stage_label("submission", PIPELINES["submission"][0].key)
            yield Static(text.join("Put ", text.safe(self._person_name, "bold"), f" on an open job order at {first}"),
                         classes="what")
            yield SafeInput(placeholder="Filter: title, client, city…", id="filter")
            yield Static(text.safe("Loading open job orders…"), id="status")
            yield OptionList(id="jobs")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#jobs", OptionList).can_focus = False  # typing stays in the filter
        self.query_one("#filter", Input).focus()
        self._load("")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._load(event.value)

    def _load(self, query: str) -> None:
        self._seq += 1
        self._read(self._seq, query)

    @work(thread=True, exclusive=True, group="job-picker")
    def _read(self, seq: int, query: str) -> None:
        from deskcrm.work.writes import error_message
        from deskcrm.store import db
        from deskcrm.store.errors import StoreError
        from deskcrm.store.submissions_write import open_jobs

        worker = get_current_worker()
        try:
            with db.reading(self._db_path) as conn:
                jobs = open_jobs(conn, query, person_id=self._person_id)
        except StoreError as exc:
            if not worker.is_cancelled:
                call_back(self, self._status, f"Could not read job orders: {error_message(exc)}", True)
            return
        if not worker.is_cancelled:
            call_back(self, self._show, seq, query, jobs)

    def _status(self, message: str, warn: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.set_class(warn, "-warn")
        status.update(text.safe(message))

    def _show(self, seq: int, query: str, jobs: list) -> None:
        if seq != self._seq:
            return
        from deskcrm.store.submissions_write import PICKER_LIMIT

        self._jobs = jobs
        options = self.query_one("#jobs", OptionList)
        options.clear_options()
        options.add_options([Option(_prompt(job), id=str(job.id)) for job in jobs])
        first = next((i for i, job in enumerate(jobs) if job.already is None), 0 if jobs else None)
        options.highlighted = first
        if not jobs:
            self._status("No open job order matches" if query.strip() else "No open job orders", True)
        else:
            more = f"first {PICKER_LIMIT} — type to narrow" if len(jobs) >= PICKER_LIMIT else f"{len(jobs)}"
            self._status(f"{more} open job order{'s' if len(jobs) != 1 else ''} · enter submits · esc cancels")

    def action_move(self, step: int) -> None:
        options = self.query_one("#jobs", OptionList)
        if options.option_count:
            now = options.highlighted if options.highlighted is not None else -1
            options.highlighted = max(0, min(options.option_count - 1, now + step))

    def action_pick(self) -> None:
        after_typed_keys(self, self._pick)

    def _pick(self) -> None:
        options = self.query_one("#jobs", OptionList)
        index = options.highlighted
        if index is None or index >= len(self._jobs):
            self._status("Nothing to pick: change the filter", True)
            return
        job = self._jobs[index]
        if job.already is not None:
            self._status(
                f"{text.clean(self._person_name)} is already on {text.clean(job.title)} ({job.already}); pick another",
                True,
            )
            return
        self.dismiss(job.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick()

    def action_cancel(self) -> None:
        self.dismiss(None)


def _prompt(job) -> Content:
    where = job.city or ""
    if job.remote and job.remote != "onsite":
        where = f"{where} ({job.remote})" if where else job.remote
    dim = "$foreground 60%"
    parts = [text.safe(job.title, "dim" if job.already else "bold")]
    if job.already:
        parts += [Content("  "), Content.styled(f"already on it: {job.already}", "$warning")]
    parts += [Content("  "), text.safe(job.client)]
    if where:
        parts += [Content(" · "), text.safe(where)]
    parts += [Content("  "), text.safe(stage_label("job", job.stage), dim)]
    return text.join(*parts)
