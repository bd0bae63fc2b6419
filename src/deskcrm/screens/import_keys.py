"""The import screen's keys about the screen itself (``import_flow.ImportScreen`` mixes it in):
``pgdn``/``pgup`` page the list that has the focus (priority keys, as each list has its own;
shown after ``u`` in the footer, not first), and ``esc`` closes — after asking, with the app's
confirm dialog, when a changed mapping, a dry run, duplicate decisions or a CV folder would be
lost; never while the import is being written."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding

from deskcrm import text

PAGE = Binding.Group("Page", compact=True)  # pgup and pgdn: one footer entry


class ImportKeys:
    """Needs of the screen: ``found`` (and ``_first``, as opened), ``plan``, ``decisions``,
    ``rule``, ``cvs``, ``_busy``, ``focused``, ``app``, ``dismiss``; before the Screen in its bases
    (``active_bindings`` is Textual's, reordered)."""

    found: Any
    _first: Any
    plan: Any
    decisions: dict[int, str]
    rule: str
    cvs: Any
    _busy: str | None
    focused: Any
    app: Any
    dismiss: Any

    @property
    def active_bindings(self) -> dict[str, Any]:
        """Textual's, with pgup/pgdn where this screen lists them (after ``u``) rather than first:
        being priority keys (the focused list has its own), they take the focused list's place."""
        found = super().active_bindings
        paged = {key: b for key, b in found.items() if b.binding.group is PAGE}
        if not paged:
            return found
        ordered: dict[str, Any] = {}
        for key, b in found.items():
            if key not in paged:
                ordered[key] = b
            if b.binding.id == "import.rule":
                ordered.update(paged)
        ordered.update(paged)  # (where u is not bound)
        return ordered

    def action_page(self, by: int) -> None:
        """``pgdn``/``pgup``: the focused list scrolled a page (a table's cursor moved a page)."""
        from textual.actions import SkipAction

        box = self.focused
        try:
            getattr(box, "action_page_down" if by > 0 else "action_page_up", lambda: None)()
        except SkipAction:  # nothing more to scroll
            pass

    def action_close(self) -> None:
        """``esc``: close — after asking when there is work here to lose (a column's target changed,
        a dry run, row decisions, a CV folder); never while the import is being written."""
        if self._busy == "import":
            text.notify(self.app, "The import is being written: it lands whole, or not at all")
            return
        lost = self._work_to_lose()
        if not lost:
            self.dismiss(None)
            return
        from deskcrm.screens.dialogs.confirm import ConfirmDialog

        question = (f"Close the import of {self.found.path.name}? {lost[0].upper()}{lost[1:]} will be lost; "
                    "nothing has been imported.")
        self.app.push_screen(ConfirmDialog("Close the import", question, cancel="keep it open"),
                             lambda yes: self.dismiss(None) if yes else None)

    def _work_to_lose(self) -> str:
        """What closing would lose, said for the question ("" when nothing)."""
        lost = []
        if self.found != self._first:
            lost.append("the changed mapping")
        if self.plan is not None:
            lost.append("the dry run")
        if self.decisions or self.rule != "skip":
            lost.append("the duplicates' decisions")
        if self.cvs is not None:
            lost.append("the CV folder")
        return ", ".join(lost[:-1]) + (" and " if len(lost) > 1 else "") + (lost[-1] if lost else "")
