"""`deskcrm import FILE --cvs DIR`: the CV folder opened (a wrong folder, or a file that is not
of people, is one line), the CVs each row would get (``--dry-run``) or got, said per row, and
the reading's progress on stderr (a terminal's). The store side is ``store.imports.cv_import``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from deskcrm.cli.output import echo
from deskcrm.errors import CliError


def open_folder(cvs: Path | None, kind: str, data_dir: Path | None = None) -> Any:
    """A ``CvImport`` for ``--cvs DIR`` (None without it); CliError for a folder that is not one,
    or a file whose rows are not people."""
    if cvs is None:
        return None
    if kind != "people":
        raise CliError(f"--cvs: CVs come with a people file, not {kind}", 2)
    from deskcrm.store.cv_text import CvRefused
    from deskcrm.store.imports.cv_import import CvImport

    try:
        return CvImport(cvs, data_dir)
    except CvRefused as exc:
        raise CliError(f"--cvs {exc}", 2) from None


def rows_of(source: Any) -> Any:
    """A fresh pass over the file's mapped rows (the import itself takes another)."""
    from deskcrm.store.imports import mapped

    return (mapped(r, source.mapping) for r in source.table.rows())


def entries(cvs: Any, *, written: bool) -> list[dict[str, Any]]:
    """Each row's CV as JSON: line, name, status, file, how, reason."""
    return [{"line": m.line, "name": m.label, "status": m.status, "file": m.file, "how": m.how or None,
             "reason": m.reason or None} for m in cvs.outcomes(written=written)]


def report(cvs: Any, *, written: bool) -> None:
    """The counts, then a line per row: the CV it gets (or got), or why none."""
    from deskcrm.store.imports.cv_import import summary

    echo(summary(cvs.counts(written=written), written=written) + ":")
    for m in cvs.outcomes(written=written):
        what = m.said if m.status == "matched" else m.reason
        echo(f"  line {m.line}  {m.label}: {what}")
