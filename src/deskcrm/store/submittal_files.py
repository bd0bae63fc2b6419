"""A submittal pack (``store.submittal_pack``) as what is sent or saved: an HTML and a plain-text
summary, and the CV files.

    summary_html(pack), summary_text(pack)        # every value escaped: user text is never markup
    cv_files(pack, data_dir)                       # [(file name, bytes)] — the CVs, in order
    written = write_pack(pack, Path("~/out"), data_dir)

``write_pack`` writes ``summary.html`` and each CV into the folder (which must exist: a typo makes
no folders, ``files.missing_folder``; each file 0600, whole or not at all). It refuses, naming the
folder or file and writing nothing, when the folder does not exist, when
a file of the pack is there already (a pack never overwrites an earlier one), when the folder
cannot be written, or when a CV's stored copy is gone from the data directory.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from deskcrm import files
from deskcrm.domain.amounts import money
from deskcrm.store.errors import StoreError
from deskcrm.store.submittal_pack import Pack, PackCandidate
from deskcrm.text import clean

SUMMARY = "summary.html"


class PackRefused(StoreError):
    """The pack cannot be written where asked; nothing was written."""


def facts(c: PackCandidate) -> list[tuple[str, str]]:
    """(label, value) lines of one candidate's summary, empty values left out; control characters
    and bidi overrides in the values made visible (``deskcrm.text.clean``), line breaks kept."""
    notice = f"{c.notice_days} days" if c.notice_days is not None else ""
    cv = c.cv.file_name if c.cv is not None else (c.cv_note or "")
    rows = [("Headline", c.headline or ""), ("Skills", ", ".join(c.skills)),
            ("Salary expectation", money(c.salary, c.currency or "")), ("Notice", notice),
            ("Recruiter's note", c.note or ""), ("CV", cv)]
    return [(label, clean(value, multiline=True)) for label, value in rows if value]


def intro(pack: Pack) -> str:
    hello = f"Dear {clean(pack.job.manager)}," if pack.job.manager else "Hello,"
    n = len(pack.candidates)
    said = "anonymised profiles" if pack.anonymised else "profiles"
    return (f"{hello}\n\nPlease find {n} {said} for {clean(pack.job.title)} ({clean(pack.job.company)}) below"
            f"{', with their CVs attached' if any(c.cv for c in pack.candidates) else ''}.")


def candidate_text(c: PackCandidate) -> str:
    """One candidate's summary as text: the label underlined, then a line per fact."""
    lines = [clean(c.label), "-" * len(clean(c.label))]
    lines += [f"{label}: {value.strip()}".replace("\n", "\n  ") for label, value in facts(c)]
    return "\n".join(lines) + "\n"


def summary_text(pack: Pack) -> str:
    return "\n".join([intro(pack), "", *(candidate_text(c) for c in pack.candidates)]).rstrip() + "\n"


def template_fields(pack: Pack) -> dict[str, object]:
    """What the submittal template adds to the records' fields: ``candidates`` (each ``label``,
    ``summary`` — the text block —, ``facts`` [{label, value}], ``cv``), ``anonymised``,
    ``cvs_attached``. Plain text all: the template shows them (escaped in its HTML), never runs them."""
    return {"candidates": [{"label": clean(c.label), "summary": candidate_text(c).rstrip("\n"),
                            "facts": [{"label": k, "value": v} for k, v in facts(c)],
                            "cv": clean(c.cv.file_name) if c.cv is not None else ""} for c in pack.candidates],
            "anonymised": pack.anonymised, "cvs_attached": any(c.cv for c in pack.candidates)}


def summary_html(pack: Pack) -> str:
    e = html.escape
    parts = ["<!DOCTYPE html>", '<html><head><meta charset="utf-8">', f"<title>{e(pack.subject)}</title>",
             "<style>body{font-family:sans-serif;max-width:44em;margin:2em auto;line-height:1.4}"
             "th{text-align:left;vertical-align:top;padding-right:1em;white-space:nowrap}</style>",
             "</head><body>", f"<h1>{e(clean(pack.job.title))} — {e(clean(pack.job.company))}</h1>"]
    parts += [f"<p>{e(p).replace(chr(10), '<br>')}</p>" for p in intro(pack).split("\n\n")]
    for c in pack.candidates:
        parts.append(f"<h2>{e(clean(c.label))}</h2><table>")
        parts += [f"<tr><th>{e(label)}</th><td>{e(value).replace(chr(10), '<br>')}</td></tr>"
                  for label, value in facts(c)]
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def cv_files(pack: Pack, data_dir: Path) -> list[tuple[str, bytes]]:
    """The CVs of the pack, (file name, content), in the candidates' order; ``PackRefused`` when
    an attached file is missing from the data directory. Two candidates with the same name:
    "Jane Roe - CV.pdf", "Jane Roe - CV (2).pdf"."""
    out = []
    for c in pack.candidates:
        if c.cv is None:
            continue
        if c.cv.text is not None:
            out.append((c.cv.file_name, c.cv.text.encode("utf-8") + b"\n"))
            continue
        stored = Path(data_dir) / (c.cv.stored_path or "")
        try:
            out.append((c.cv.file_name, stored.read_bytes()))
        except OSError as exc:
            raise PackRefused(f"{c.label}'s CV is missing from the data directory ({stored}: "
                              f"{exc.strerror or exc}); attach it again, then make the submittal") from None
    return _unique(out)


def write_pack(pack: Pack, folder: Path, data_dir: Path) -> list[Path]:
    """Write the pack into ``folder`` (the module docstring); returns the files written."""
    folder = Path(folder).expanduser()
    wanted = [(SUMMARY, summary_html(pack).encode("utf-8")), *cv_files(pack, data_dir)]
    if (why := files.missing_folder(folder)) is not None:  # a typo makes no folders
        raise PackRefused(why)
    there = [name for name, _ in wanted if (folder / name).exists()]
    if there:
        raise PackRefused(f"{folder / there[0]} is there already; choose an empty folder (nothing written)")
    try:
        if not os.access(folder, os.W_OK | os.X_OK):
            raise PermissionError(13, "permission denied")
    except OSError as exc:
        raise PackRefused(f"{folder}: cannot write there ({exc.strerror or exc}); nothing written") from None
    written: list[Path] = []
    try:
        for name, data in wanted:
            written.append(files.write_private(folder / name, data))
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        raise PackRefused(f"{folder}: could not write the pack ({exc.strerror or exc}); nothing kept") from None
    return written


def _unique(found: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    seen: set[str] = {SUMMARY.lower()}
    out = []
    for name, data in found:
        stem, suffix = os.path.splitext(name)
        candidate, n = name, 1
        while candidate.lower() in seen:
            n += 1
            candidate = f"{stem} ({n}){suffix}"
        seen.add(candidate.lower())
        out.append((candidate, data))
    return out
