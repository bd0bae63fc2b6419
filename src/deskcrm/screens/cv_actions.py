"""CVs from the person screen and a search result, one key each:

- ``A`` — attach a file (a CV by default): a path box that completes (``dialogs.attach_file``),
  then the file is copied and read in a thread worker (``store.attachments.prepare``: a child
  process with a timeout reads it) and recorded through the app's write queue — one write, so
  ``ctrl+z`` undoes it. A file that cannot be attached is one line in a toast; nothing is written.
  (``a`` logs an activity, as in every list: attach is the capital.)
- ``o`` — open the person's newest CV: the system's viewer on a desktop, else its text in
  ``$PAGER`` with the TUI suspended (``work.viewer``; a pager back at once, ``cat``, is followed by
  "press enter to go back").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from deskcrm import text

if TYPE_CHECKING:
    from deskcrm.screens.base import DeskScreen
    from deskcrm.store.people import PersonRecord

_LAST_FOLDER = "attach:folder"  # in the app's drafts: where the last file came from


def attach_binding(prefix: str, *, show: bool = True) -> Binding:
    return Binding("A", "attach", "Attach", tooltip="Attach a CV (or another file): its text becomes searchable",
                   id=f"{prefix}.attach", show=show)


def open_binding(prefix: str) -> Binding:
    return Binding("o", "open_cv", "Open CV", tooltip="Open the newest CV in the system viewer (else $PAGER)",
                   id=f"{prefix}.open_cv")


def data_dir():  # noqa: ANN201 - a Path
    from deskcrm.config import paths

    return paths.data_dir()


def attach(screen: DeskScreen, person_id: int, name: str, *, on_done=None) -> None:  # noqa: ANN001
    """Ask for a file, then attach it to the person (see the module docstring)."""
    from deskcrm.screens.dialogs.attach_file import AttachChoice, AttachDialog

    drafts = screen.desk.drafts

    def chosen(choice: AttachChoice | None) -> None:
        if choice is None:
            return
        drafts[_LAST_FOLDER] = str(choice.path.parent).rstrip("/") + "/"
        _read_then_write(screen, person_id, choice, on_done)

    screen.app.push_screen(AttachDialog(name, drafts.get(_LAST_FOLDER, "~/")), chosen)


def _read_then_write(screen: DeskScreen, person_id: int, choice, on_done) -> None:  # noqa: ANN001
    folder = data_dir()
    text.notify(screen.app, f"Reading {choice.path.name}…", timeout=3)

    def work() -> None:
        from deskcrm.store import attachments
        from deskcrm.store.errors import StoreError

        try:
            prepared = attachments.prepare(choice.path, folder)
        except StoreError as exc:
            screen.app.call_from_thread(text.notify, screen.app, str(exc), title="Not attached", severity="error",
                                        timeout=10)
            return
        screen.app.call_from_thread(_write, screen, person_id, choice.kind, prepared, on_done)

    screen.run_worker(work, thread=True, group="attach", name="attach")


def _write(screen: DeskScreen, person_id: int, kind: str, prepared, on_done) -> None:  # noqa: ANN001
    def op(conn):  # noqa: ANN001, ANN202
        from deskcrm.store import attachments

        return attachments.record(conn, person_id, prepared, kind=kind)

    def failed(_message: str, _exc: BaseException) -> None:
        from deskcrm.store import attachments

        attachments.discard(prepared)

    screen.write(op, lambda done: f"{done.message} (ctrl+z: undo)", on_error=failed,
                 on_success=on_done)


def open_cv(screen: DeskScreen, record: PersonRecord) -> None:
    """The newest CV in the desktop's viewer, else its text in the pager."""
    from deskcrm.work import viewer

    cv = record.cv
    if cv is None:
        text.notify(screen.app, f"No CV on file: press {screen.key_for('attach')} to attach one")
        return
    from deskcrm.store.attachments import stored_file

    path = stored_file(data_dir(), cv.stored_path)
    opener = viewer.system_opener()
    try:
        if opener is not None and path.is_file():
            viewer.open_file(path, opener)
            text.notify(screen.app, f"Opened {text.clean(cv.file_name)}")
            return
        _page(screen, record, path.is_file())
    except viewer.ViewerError as exc:
        text.notify(screen.app, str(exc), title="Open CV", severity="warning", timeout=8)


def _page(screen: DeskScreen, record: PersonRecord, here: bool) -> None:
    from textual.app import SuspendNotSupported

    from deskcrm.work import viewer

    cv = record.cv
    assert cv is not None
    if cv.text is None:
        where = "" if here else " (the file is on the computer it was attached from)"
        text.notify(screen.app, f"{text.clean(cv.file_name)}: {cv.note}; no viewer to open it here{where}",
                    severity="warning", timeout=8)
        return
    title = f"{record.name} — {cv.file_name}"
    try:
        with screen.app.suspend():
            viewer.page(title, cv.text)
    except SuspendNotSupported:
        text.notify(screen.app, "This terminal cannot hand over to a pager; the CV's text is on the person screen",
                    severity="warning")
