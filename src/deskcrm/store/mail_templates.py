"""Mail templates (issue 15): Jinja2 files in the data directory, rendered in its sandbox.

    templates_dir(data_dir)                 # <data dir>/mail_templates, the defaults written on first use
    available(data_dir) -> [(name, label)]  # the shipped ones first, then any the user added
    render(data_dir, "interview_prep", fields) -> Rendered(name, subject, body, html, path)

A template is ``<name>.txt``: its first line ``Subject: ...``, then the body; an optional
``<name>.html`` beside it is the HTML part (autoescaped: a value is never markup there). Template
text is the user's: it runs in ``jinja2.sandbox.SandboxedEnvironment`` (no attribute tricks, no
Python), with undefined fields an error. Values come from ``store.mail_fields`` as plain text and are
shown, never evaluated: a name like ``{{ 7*7 }}`` stays exactly that. A broken template is a
``TemplateError`` of one line naming the file and the line.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path

from deskcrm.store.errors import StoreError
from deskcrm.store.mail_defaults import DEFAULTS

DIR_NAME = "mail_templates"


class TemplateError(StoreError):
    """A template that cannot be read or rendered: ``FILE:LINE: what is wrong``."""


@dataclass(frozen=True, slots=True)
class Rendered:
    name: str
    subject: str
    body: str
    html: str | None
    path: Path


def templates_dir(data_dir: Path) -> Path:
    """The templates' folder, with each shipped template written there if it is not yet (0600)."""
    from deskcrm import files

    folder = data_dir / DIR_NAME
    try:
        files.private_dir(folder)
        for name, (_label, text) in DEFAULTS.items():
            path = folder / f"{name}.txt"
            if not path.exists():
                files.write_private(path, text)
    except OSError as exc:
        raise TemplateError(f"{folder}: cannot write the mail templates ({exc})") from None
    return folder


def available(data_dir: Path) -> list[tuple[str, str]]:
    folder = templates_dir(data_dir)
    extra = sorted(p.stem for p in folder.glob("*.txt") if p.stem not in DEFAULTS)
    return [(n, label) for n, (label, _t) in DEFAULTS.items()] + [(n, n.replace("_", " ")) for n in extra]


def _environment(folder: Path):  # noqa: ANN202 - jinja2.sandbox.SandboxedEnvironment
    from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(
        loader=FileSystemLoader(str(folder)), undefined=StrictUndefined, keep_trailing_newline=True,
        autoescape=select_autoescape(enabled_extensions=("html", "htm"), default_for_string=False, default=False),
    )


def render(data_dir: Path, name: str, values: dict[str, object]) -> Rendered:
    folder = templates_dir(data_dir)
    path = folder / f"{name}.txt"
    if not path.is_file():
        known = ", ".join(n for n, _ in available(data_dir))
        raise TemplateError(f"{path}: no such template; known: {known}")
    env = _environment(folder)
    text = _render(env, path, values)
    first, _, body = text.partition("\n")
    if not first.lower().startswith("subject:"):
        raise TemplateError(f"{path}:1: the first line must be the subject, e.g. Subject: Your interview")
    html_path = folder / f"{name}.html"
    html = _render(env, html_path, values) if html_path.is_file() else None
    subject = " ".join(first.partition(":")[2].split())
    return Rendered(name, subject, body.lstrip("\n").rstrip() + "\n", html, path)


def _render(env, path: Path, values: dict[str, object]) -> str:  # noqa: ANN001 - the environment
    from jinja2 import TemplateError as JinjaError
    from jinja2 import TemplateSyntaxError

    try:
        return env.get_template(path.name).render(**values)
    except TemplateSyntaxError as exc:
        raise TemplateError(f"{path}:{exc.lineno}: {exc.message}") from None
    except JinjaError as exc:
        line = _line_of(exc, path)
        raise TemplateError(f"{path}:{line}: {exc.message or type(exc).__name__} — fix the template, or delete the "
                            "file to get the default back") from None
    except UnicodeDecodeError as exc:
        raise TemplateError(f"{path}: not UTF-8 text ({exc.reason}); save it as UTF-8") from None
    except (OSError, RecursionError, ArithmeticError, TypeError, ValueError) as exc:
        line = _line_of(exc, path)
        raise TemplateError(f"{path}:{line}: {type(exc).__name__}: {exc}") from None


def _line_of(exc: BaseException, path: Path) -> int | str:
    """The template line the error happened on (Jinja gives the template's frames its file and line)."""
    found: int | str = "?"
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == str(path):
            found = lineno
    return found
