"""Privacy from the person screen (issue 14), one key each:

- ``X`` — export everything held about the person (a subject-access request): a folder is asked
  for (``dialogs.path_prompt``, ``~`` and ``tab`` completion), the export written there in a
  worker (``store.privacy_export``); the toast names the folder.
- ``D`` — erase the person: their name typed again (``dialogs.erase_confirm``), then ONE write
  through the app's write queue (``store.erasure``); the person screen closes and the toast says
  "Erased person #N: …" (and lists backups that still hold them). It cannot be undone (the
  dialog says so; an undo of any earlier write that held their data is refused, saying why).
- ``I`` — the Art. 14 notice, filled from the template in the data dir (``store.privacy_notice``),
  shown ready to copy (``dialogs.notice_view``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.message import Message

from deskcrm import text

if TYPE_CHECKING:
    from deskcrm.screens.base import DeskScreen

_LAST_FOLDER = "export:folder"  # in the app's drafts: where the last export went


def bindings(prefix: str) -> list[Binding]:
    """``X``, ``D`` and ``I``, listed in help (``?``): rare actions, so the footer keeps its room for the daily keys."""
    return [
        Binding("X", "export", "Export", tooltip="Export everything held about this person (subject access)",
                id=f"{prefix}.export", show=False),
        Binding("D", "erase", "Erase", tooltip="Erase this person for good (their name typed to confirm)",
                id=f"{prefix}.erase", show=False),
        Binding("I", "notice", "Notice", tooltip="Show the Art. 14 notice for this person, filled, ready to copy",
                id=f"{prefix}.notice", show=False),
    ]


class NoticeReady(Message):
    def __init__(self, name: str, text: str, template: str) -> None:
        super().__init__()
        self.name, self.text, self.template = name, text, template


def notice(screen: DeskScreen, person_id: int, name: str) -> None:
    """Fill the notice template for the person off the UI thread; the screen shows it
    (``on_notice_ready``: ``NoticeView``, ``c`` copies)."""

    def read(conn) -> NoticeReady:  # noqa: ANN001 - a store connection
        from deskcrm.config import paths
        from deskcrm.store import privacy_notice

        filled = privacy_notice.notice(conn, person_id, paths.data_dir())
        return NoticeReady(name, filled.text, str(filled.template))

    screen.load(read, group="notice", title="No notice")


def show_notice(screen: DeskScreen, message: NoticeReady) -> None:
    from deskcrm.screens.dialogs.notice_view import NoticeView

    screen.app.push_screen(NoticeView(message.name, message.text, message.template))


def export(screen: DeskScreen, person_id: int, name: str) -> None:
    from deskcrm.screens.dialogs.path_prompt import PathPrompt

    path, drafts = screen.desk.db_path, screen.desk.drafts

    def act(folder: str):  # noqa: ANN202 - a worker thread
        from pathlib import Path

        from deskcrm.config import paths
        from deskcrm.store import db, privacy_export

        with db.reading(path) as conn:
            return privacy_export.export(conn, person_id, Path(folder).expanduser(), data_dir=paths.data_dir())

    def done(result) -> None:  # noqa: ANN001 - privacy_export.Exported | None
        if result is None:
            return
        drafts[_LAST_FOLDER] = str(result.path.parent).rstrip("/") + "/"
        text.notify(screen.app, result.message, title="Exported", timeout=8)

    note = (f"Everything held about {name}: person.json, summary.md and the CV files, "
            "in a new folder made inside this one, which must exist (private to you).")
    screen.app.push_screen(PathPrompt("Export to a folder", note, act, value=drafts.get(_LAST_FOLDER, "~/")), done)


def erase(screen: DeskScreen, person_id: int, name: str) -> None:
    from deskcrm.screens.dialogs.erase_confirm import EraseConfirm

    def confirmed(typed: str | None) -> None:
        if typed is None:
            return

        def op(conn):  # noqa: ANN001, ANN202 - the write queue's connection
            from deskcrm.config import paths
            from deskcrm.store import erasure

            return erasure.erase(conn, person_id, data_dir=paths.data_dir(), confirm_name=typed)

        def closed(_result) -> None:  # noqa: ANN001
            if screen.is_attached and screen in screen.app.screen_stack and len(screen.app.screen_stack) > 1:
                screen.dismiss()

        screen.desk.writes.submit(op, lambda done: done.message, on_success=closed, error_title="Not erased")

    screen.app.push_screen(EraseConfirm(person_id, name), confirmed)
