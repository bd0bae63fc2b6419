"""work/viewer: which viewer opens a CV, and a pager never sees a CV's control bytes."""

from __future__ import annotations

import sys

import pytest

from deskcrm.work import viewer


def test_a_desktop_viewer_only_where_there_is_a_desktop(monkeypatch):
    monkeypatch.setattr(viewer.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert viewer.system_opener({}, "linux") is None  # ssh, a server: no display
    assert viewer.system_opener({"DISPLAY": ":0"}, "linux") == ["/usr/bin/xdg-open"]
    assert viewer.system_opener({"WAYLAND_DISPLAY": "wayland-0"}, "linux") == ["/usr/bin/xdg-open"]
    assert viewer.system_opener({}, "darwin") == ["open"]
    monkeypatch.setattr(viewer.shutil, "which", lambda name: None)
    assert viewer.system_opener({"DISPLAY": ":0"}, "linux") is None


def test_the_pager_gets_the_text_cleaned(tmp_path):
    out = tmp_path / "seen.txt"
    copy = [sys.executable, "-c", f"import shutil, sys; shutil.copy(sys.argv[1], {str(out)!r})"]
    viewer.page("Jane — cv.pdf", "Kubernetes\n\x1b[31mred\x1b[0m \x07 [bold]x[/]", pager=copy)
    seen = out.read_text(encoding="utf-8")
    assert "\x1b" not in seen and "\x07" not in seen
    assert "Kubernetes\n␛[31mred␛[0m ␇ [bold]x[/]" in seen and seen.startswith("Jane — cv.pdf\n")


def test_pager_from_the_environment_and_its_failures(tmp_path):
    assert viewer.pager_command({"PAGER": "less -R"}) == ["less", "-R"]
    with pytest.raises(viewer.ViewerError, match="not a command"):
        viewer.pager_command({"PAGER": "less 'x"})
    with pytest.raises(viewer.ViewerError, match="no pager 'no-such-pager-here' found"):
        viewer.page("t", "body", pager=["no-such-pager-here"])


def test_a_pager_that_returns_at_once_is_followed_by_press_enter(tmp_path):
    waited: list[bool] = []
    back_at_once = [sys.executable, "-c", "pass"]  # as cat, or less -F on a short CV
    viewer.page("Jane — cv.pdf", "Kubernetes", pager=back_at_once, wait=lambda: waited.append(True), quick_s=60)
    assert waited == [True]  # the text held on the terminal until enter
    viewer.page("Jane — cv.pdf", "Kubernetes", pager=back_at_once, wait=lambda: waited.append(True), quick_s=0)
    assert waited == [True]  # a pager the user read and quit: straight back
    assert "press enter to go back to deskcrm" in viewer.BACK


def test_waiting_for_enter_reads_a_line_only_from_a_terminal(monkeypatch, capsys):
    class Tty:
        def isatty(self):
            return True

    asked: list[str] = []
    monkeypatch.setattr(viewer.sys, "stdin", Tty())
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "")
    viewer.wait_for_enter()
    assert asked == ["\n" + viewer.BACK]
    monkeypatch.setattr("builtins.input", lambda prompt: (_ for _ in ()).throw(EOFError))
    viewer.wait_for_enter()  # ctrl+d: back as well, no traceback
    monkeypatch.setattr(viewer.sys, "stdin", None)
    viewer.wait_for_enter()  # no terminal: nothing asked
