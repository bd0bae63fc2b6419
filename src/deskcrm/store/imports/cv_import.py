"""CVs from a folder brought in by a people import, as part of its ONE batch.

    cvs = CvImport(Path("~/cvs").expanduser(), data_dir)
    cvs.look(rows)                       # the dry run: which CV each row would get (no copying, no reading)
    cvs.prepare(rows, progress)          # before the write: each matched file copied and read
    apply_import(..., on_people=cvs.on_people)   # inside the batch: attached to the people written
    cvs.cleanup(conn)                    # after it (landed or not): copies no attachment refers to removed
    cvs.outcomes()                       # per row: attached, or why not (one line each)

Matching is ``cv_match`` (the ``cv_file`` column, else the person's name or email, never a
guess). Reading is ``attachments.prepare`` — the child-process reader with its caps and timeout —
run BEFORE the import's transaction (two files at a time), so the batch's write lock is never
held while a PDF is read. A file that cannot be read (encrypted, damaged, over the size cap, not a
CV format) does not stop the import: its row is imported, its CV reported with the one-line
reason. A scan with no text is attached, with its note. Inside the batch each CV is an
``attachments.record_in`` (the attachment, its activity, the resume), so ``import undo`` removes
them with the rest, and ``attachments.remove_orphans`` deletes the copies then unused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from deskcrm.store import attachments, cv_text
from deskcrm.store.db import Connection
from deskcrm.store.imports import MappedRow
from deskcrm.store.imports.cv_match import CvFolder, CvMatch
from deskcrm.store.imports.wording import plural
from deskcrm.store.search_index import index_people

Progress = Callable[[int, "int | None"], None]
READERS = 2  # files read at once (one child process each)
OUTCOMES = ("attached", "matched", "none", "missing", "ambiguous", "refused", "skipped")


class CvImport:
    def __init__(self, folder: Path | str, data_dir: Path | None = None) -> None:
        folder = Path(folder).expanduser()
        if not folder.is_dir():
            raise cv_text.CvRefused(f"{folder}: not a folder" if folder.exists() else f"{folder}: no such folder")
        try:
            self.folder = CvFolder(folder)
        except OSError as exc:
            raise cv_text.CvRefused(f"{folder}: cannot be read ({exc.strerror or exc})") from None
        self.data_dir = data_dir
        self.matches: dict[int, CvMatch] = {}  # line -> what it gets (or why not)
        self.ready: dict[int, attachments.Prepared] = {}  # line -> its CV copied and read
        self.copied: set[str] = set()  # stored paths this import copied (cleanup looks at them)
        self.attached: set[int] = set()  # lines whose CV the batch attached

    # ------------------------------------------------------------------ before the write

    def look(self, rows: Iterable[MappedRow]) -> dict[int, CvMatch]:
        """Match every row (see ``cv_match``); a matched file that cannot be a CV (missing, over
        the size cap, empty, not a CV format) is ``refused`` with its reason. Nothing is copied."""
        for row in rows:
            found = self.folder.match(row)
            if found.status == "matched":
                try:
                    cv_text.check_file(self.folder.path(found))
                except cv_text.CvRefused as exc:
                    found = _refused(found, exc)
            self.matches[row.line] = found
        return self.matches

    def prepare(self, rows: Iterable[MappedRow], progress: Progress | None = None) -> None:
        """:meth:`look`, then each matched file copied into the data directory and read (each
        distinct file once, ``READERS`` at a time); ``progress(files done, files)``."""
        assert self.data_dir is not None, "CvImport(data_dir=...) to prepare files"
        self.look(rows)
        wanted: dict[Path, list[int]] = {}
        for line, found in self.matches.items():
            if found.status == "matched":
                wanted.setdefault(self.folder.path(found).resolve(), []).append(line)
        total, done = len(wanted), 0

        def read(path: Path) -> attachments.Prepared | cv_text.CvRefused:
            try:
                return attachments.prepare(path, self.data_dir)  # type: ignore[arg-type]
            except cv_text.CvRefused as exc:
                return exc
            except OSError as exc:  # the data directory itself (full, not writable): said per file
                return cv_text.CvRefused(f"{path.name}: could not be copied into the data directory "
                                         f"({exc.strerror or exc})")

        with ThreadPoolExecutor(max_workers=READERS) as pool:
            for (path, lines), result in zip(wanted.items(), pool.map(read, wanted)):
                done += 1
                if isinstance(result, cv_text.CvRefused):
                    for line in lines:
                        self.matches[line] = _refused(self.matches[line], result)
                else:
                    if result.copied:
                        self.copied.add(result.stored_path)
                    for line in lines:
                        self.ready[line] = result
                if progress is not None:
                    progress(done, total)

    # ------------------------------------------------------------------ inside the batch

    def on_people(self, conn: Connection, txn: str, placed: list[tuple[int, int, bool]]) -> None:
        """``apply_import``'s hook, a chunk at a time: ``placed`` = (line, person id, created by
        this import) of the rows written. Each row with a CV ready gets it, in ``txn``."""
        existing: list[int] = []
        for line, person_id, new in placed:
            prepared = self.ready.get(line)
            if prepared is None:
                continue
            if not new and conn.execute("SELECT 1 FROM attachment WHERE person_id = ? AND sha256 = ? LIMIT 1",
                                        (person_id, prepared.sha256)).fetchone():
                self.matches[line] = replace(self.matches[line], status="skipped",
                                             reason=f"{prepared.file_name} is attached to them already")
                continue
            attachments.record_in(conn, txn, person_id, prepared, kind="cv")
            self.attached.add(line)
            if not new:  # the import indexes the people it creates once, at its end
                existing.append(person_id)
        if existing:
            index_people(conn, existing)

    # ------------------------------------------------------------------ after it

    def cleanup(self, conn: Connection) -> int:
        """Remove the copies this import made that no attachment refers to (a row not imported,
        an import refused or failed). Call after the batch committed or rolled back."""
        if self.data_dir is None or not self.copied:
            return 0
        return attachments.remove_orphans(conn, self.data_dir, self.copied)

    def outcomes(self, *, written: bool = True) -> list[CvMatch]:
        """Each row's CV, in file order: after a write (``written``) a matched CV the batch did
        not attach is ``skipped`` (the row was not imported); in a dry run it stays ``matched``."""
        out = []
        for line in sorted(self.matches):
            found = self.matches[line]
            if written and found.status == "matched":
                if line in self.attached:
                    prepared = self.ready[line]
                    said = prepared.extracted.note or plural(prepared.extracted.words, "word")
                    found = replace(found, status="attached", reason=f"{found.said}: {said}")
                else:
                    found = replace(found, status="skipped", reason=f"{found.file}: not attached (the row was "
                                                                    "not imported)")
            out.append(found)
        return out

    def counts(self, *, written: bool = True) -> dict[str, int]:
        counts = dict.fromkeys(OUTCOMES, 0)
        for found in self.outcomes(written=written):
            counts[found.status] += 1
        return counts


def _refused(found: CvMatch, exc: cv_text.CvRefused) -> CvMatch:
    said = str(exc)
    for tail in ("; nothing attached", " nothing attached"):
        said = said.removesuffix(tail)
    return replace(found, status="refused", reason=said)


def summary(counts: dict[str, int], *, written: bool = True) -> str:
    """``CVs: 3 attached, 1 unreadable, …`` — the counts that are not zero."""
    words = {"attached": "attached", "matched": "matched", "refused": "unreadable", "missing": "missing",
             "ambiguous": "ambiguous", "skipped": "not attached", "none": "without a CV file"}
    parts = [f"{counts[k]} {words[k]}" for k in ("attached", "matched", "refused", "missing", "ambiguous",
                                                 "skipped", "none") if counts.get(k)]
    return "CVs: " + (", ".join(parts) if parts else "none")
