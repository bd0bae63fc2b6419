"""Files on a person — CVs and other documents — copied into the data directory, their text
extracted (``store.cv_text``), a CV's text made searchable.

    done = attach(conn, person_id, Path("jane-roe.pdf"), kind="cv", data_dir=paths.data_dir())
    done.file_name, done.words, done.note, done.txn
    list_attachments(conn, person_id)      # newest first
    attachment_text(conn, attachment_id)

The file is copied to ``DATA_DIR/attachments/<sha256><suffix>`` (folder 0700, file 0600): the
same file attached twice, to one person or two, is one copy. ``stored_path`` is kept relative to
the data directory. Then ONE journalled transaction writes the ``attachment`` row, a system
activity ("Attached CV …", on the timeline and what ``ctrl+z`` names), and for a CV the
person's ``candidate_profile.resume_text`` / ``resume_path`` — the newest CV that has text
(a scanned CV attached later does not make the person unfindable by the words of the one
before) — re-indexed for search in the same transaction. A person without a candidate profile
who is given a CV gets one (a CV makes them a candidate; the message says so). Undo removes the
row and puts the profile back as it was; the copied file is deleted once no attachment refers to
it any more (:func:`files_of_txn` before the undo, :func:`remove_orphans` after its commit — one
place for a single attach's undo and an import's).

If anything after the copy fails (the text cannot be read, the write is refused), a file this
call copied is removed again. The work is in two steps for the TUI, which reads the file in a
worker and queues the write: :func:`prepare` (no database) then :func:`record` (the
transaction), :func:`discard` after a failed write.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from deskcrm import files
from deskcrm.domain import clock
from deskcrm.store import created_rows, cv_text, db, journal
from deskcrm.store.db import Connection
from deskcrm.store.errors import NotFound, StoreError
from deskcrm.store.search_index import index_people
from deskcrm.store.attachment_once import AlreadyAttached, not_attached  # noqa: F401 - AlreadyAttached: callers catch it here
from deskcrm.store.values import parse_ts, ts

KINDS = ("cv", "other")
KIND_LABELS = {"cv": "CV", "other": "file"}
FOLDER = "attachments"


@dataclass(frozen=True, slots=True)
class Prepared:
    """A file copied into the data directory and read; nothing in the database yet."""

    file_name: str
    stored_path: str  # relative to the data directory
    absolute: Path
    sha256: str
    size: int
    extracted: cv_text.Extracted
    copied: bool  # this call made the copy (a failed write removes it); False: it was there already


@dataclass(frozen=True, slots=True)
class Attached:
    txn: str
    attachment_id: int
    person_id: int
    person: str  # the person's name
    kind: str
    file_name: str
    words: int
    note: str | None
    made_candidate: bool  # a candidate profile was created for the CV

    @property
    def message(self) -> str:
        what = f"{KIND_LABELS[self.kind]} {self.file_name}"
        said = self.note if self.note else f"{self.words:,} words of text"
        became = " (now a candidate)" if self.made_candidate else ""
        return f"Attached {what} to {self.person}{became}: {said}"


@dataclass(frozen=True, slots=True)
class Attachment:
    id: int
    person_id: int
    kind: str
    file_name: str
    stored_path: str
    sha256: str
    size: int
    text_note: str | None
    words: int
    added_at: datetime | None


# --------------------------------------------------------------------------- the file


def prepare(path: Path | str, data_dir: Path) -> Prepared:
    """Check the file, copy it into ``data_dir`` (by its sha256) and read its text. CvRefused
    (naming the file) when it cannot be attached; then nothing is left behind."""
    source = Path(path).expanduser()
    fmt, _size = cv_text.check_file(source)
    folder = files.private_dir(Path(data_dir) / FOLDER)
    stored, sha, size, copied = _copy(source, folder)
    try:
        extracted = cv_text.extract(stored, fmt, name=source.name)
    except BaseException:
        if copied:
            stored.unlink(missing_ok=True)
        raise
    return Prepared(source.name, f"{FOLDER}/{stored.name}", stored, sha, size, extracted, copied)


def _copy(source: Path, folder: Path) -> tuple[Path, str, int, bool]:
    """Copy ``source`` into ``folder`` as ``<sha256><suffix>`` (0600), hashing on the way; the
    copy is what gets read, so the text is the stored file's. Returns (path, sha, size, copied)."""
    suffix = source.suffix.lower() if source.suffix.isascii() and len(source.suffix) <= 8 else ""
    tmp = files.temp_beside(folder / "incoming", ".partial")
    digest, size = hashlib.sha256(), 0
    try:
        with open(source, "rb") as src, open(tmp, "wb") as out:
            while chunk := src.read(1024 * 1024):
                size += len(chunk)
                if size > cv_text.MAX_BYTES:
                    raise cv_text.CvRefused(f"{source.name}: over the {cv_text.MAX_BYTES // 1024 // 1024} MB "
                                            "a CV may be; nothing attached")
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        final = folder / f"{sha}{suffix}"
        if final.exists():
            tmp.unlink()
            return final, sha, size, False
        os.replace(tmp, final)
        files.make_private(final)
        return final, sha, size, True
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise cv_text.CvRefused(f"{source.name}: could not be copied into {folder} ({exc.strerror or exc})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def discard(prepared: Prepared) -> None:
    """The write failed: remove the copy this attach made (never one that was there before)."""
    if prepared.copied:
        prepared.absolute.unlink(missing_ok=True)


def stored_file(data_dir: Path, stored_path: str) -> Path:
    return Path(data_dir) / stored_path


# --------------------------------------------------------------------------- the database


def attach(conn: Connection, person_id: int, path: Path | str, *, kind: str = "cv", data_dir: Path) -> Attached:
    """Copy, read and record one file on a person, in one journalled transaction (module docstring)."""
    _check_kind(kind)
    _person_name(conn, person_id)  # a person that is not there: said before any copying
    prepared = prepare(path, data_dir)
    try:
        return record(conn, person_id, prepared, kind=kind)
    except BaseException:
        discard(prepared)
        raise


def record(conn: Connection, person_id: int, prepared: Prepared, *, kind: str = "cv") -> Attached:
    """The transaction of :func:`attach`, for a file :func:`prepare` made ready; the same file
    (by its sha256) on the person already is refused (:class:`AlreadyAttached`, naming it)."""
    _check_kind(kind)
    txn = journal.new_txn()
    with db.write(conn):
        not_attached(conn, person_id, prepared.sha256, prepared.file_name)
        name, attachment_id, made_candidate = record_in(conn, txn, person_id, prepared, kind=kind)
        if kind == "cv":
            index_people(conn, [person_id])
    found = prepared.extracted
    return Attached(txn, attachment_id, person_id, name, kind, prepared.file_name, found.words,
                    found.note, made_candidate)


def record_in(conn: Connection, txn: str, person_id: int, prepared: Prepared, *,
              kind: str = "cv") -> tuple[str, int, bool]:
    """The rows of one attach inside the caller's write transaction ``txn`` (an attach, an
    import bringing CVs): the attachment, its system activity and, for a CV, the person's
    resume. The caller re-indexes the person. Returns (their name, attachment id, made a candidate)."""
    now = ts(clock.utcnow())
    found = prepared.extracted
    made_candidate = False
    person = journal.row(conn, "person", person_id, lock=True)
    if person is None or person.get("erased_at"):
        raise NotFound(f"person {person_id} no longer exists (merged or deleted); nothing attached", "person")
    attachment_id = journal.insert(conn, txn, "attachment", {
        "person_id": person_id, "kind": kind, "file_name": prepared.file_name,
        "stored_path": prepared.stored_path, "sha256": prepared.sha256, "size": prepared.size,
        "text": found.text, "text_note": found.note, "added_at": now, "added_by": db.actor(conn), "version": 1,
    })
    if kind == "cv":
        made_candidate = refresh_resume(conn, txn, person_id)
    what = f"Attached {KIND_LABELS[kind]} “{prepared.file_name}”"
    journal.insert(conn, txn, "activity", {
        "kind": "system", "body": what + (f" ({found.note})" if found.note else ""), "at": now,
        "person_id": person_id,
    })
    return person["name"], attachment_id, made_candidate


def refresh_resume(conn: Connection, txn: str, person_id: int) -> bool:
    """Make the person's profile resume their newest CV: its path, and its text — or, when it
    has none (a scan), the text of the newest CV that has some — inside the caller's ``txn``
    (an attach, a merge that brought CVs along). A person with no CV keeps what they have. A
    person without a candidate profile gets one. True when the profile was created."""
    newest = conn.execute(
        "SELECT stored_path FROM attachment WHERE person_id = ? AND kind = 'cv' "
        "ORDER BY added_at DESC, id DESC LIMIT 1", (person_id,)).fetchone()
    if newest is None:
        return False
    with_text = conn.execute(
        "SELECT text FROM attachment WHERE person_id = ? AND kind = 'cv' AND text IS NOT NULL "
        "ORDER BY added_at DESC, id DESC LIMIT 1", (person_id,)).fetchone()
    source, text = newest[0], with_text[0] if with_text else None
    profile = journal.row(conn, "candidate_profile", person_id, lock=True)
    if profile is None:
        journal.insert(conn, txn, "candidate_profile", {
            "person_id": person_id, "skills": "[]", "salary_currency": "EUR", "status": "active",
            "resume_path": source, "resume_text": text, "version": 1,
        })
        return True
    changes = {k: v for k, v in (("resume_path", source), ("resume_text", text)) if profile.get(k) != v}
    if changes:
        journal.update(conn, txn, "candidate_profile", person_id, changes, expected_version=profile["version"])
    return False


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise StoreError(f"kind {kind!r}: use one of {', '.join(KINDS)}")


def _person_name(conn: Connection, person_id: int) -> str:
    found = conn.execute("SELECT name FROM person WHERE id = ? AND erased_at IS NULL", (person_id,)).fetchone()
    if found is None:
        raise NotFound(f"person {person_id} does not exist; nothing attached", "person")
    return found[0]


# --------------------------------------------------------------------------- reads


def list_attachments(conn: Connection, person_id: int) -> list[Attachment]:
    """A person's files, newest first."""
    rows = conn.execute(
        "SELECT id, person_id, kind, file_name, stored_path, sha256, size, text_note, text, added_at "
        "FROM attachment WHERE person_id = ? ORDER BY added_at DESC, id DESC", (person_id,)).fetchall()
    return [Attachment(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], len(r[8].split()) if r[8] else 0,
                       parse_ts(r[9])) for r in rows]


def attachment_text(conn: Connection, attachment_id: int) -> str | None:
    """The text read from one file (None: none was found in it); NotFound when it is gone."""
    found = conn.execute("SELECT text FROM attachment WHERE id = ?", (attachment_id,)).fetchone()
    if found is None:
        raise NotFound(f"attachment {attachment_id} no longer exists (undone or deleted)", "attachment")
    return found[0]


# --------------------------------------------------------------------------- files no row refers to


@contextmanager
def freeing_files(conn: Connection, txn: str, data_dir: Path | None) -> Iterator[None]:
    """Around the undo of ``txn`` (its own write transaction inside): the copies of the
    attachments ``txn`` created that no attachment refers to once the undo committed are
    deleted. When the undo fails nothing is deleted. ``data_dir`` None: nothing to look at."""
    paths = files_of_txn(conn, txn) if data_dir is not None else set()
    yield
    if paths and data_dir is not None:
        remove_orphans(conn, data_dir, paths)


def files_of_txn(conn: Connection, txn: str) -> set[str]:
    """The stored paths of the attachments ``txn`` created (an attach, an import bringing CVs):
    read BEFORE undoing it, handed to :func:`remove_orphans` after the undo committed."""
    ids: set[int] = set()
    for action, key, after in conn.execute(
            "SELECT action, entity_id, after FROM event WHERE txn = ? AND entity = 'attachment'"
            " AND action IN ('insert', ?)", (txn, created_rows.ACTION)):
        if action == "insert":
            ids.add(int(key))
        else:
            ids.update(created_rows.keys(after))
    paths: set[str] = set()
    listed = sorted(ids)
    for start in range(0, len(listed), 500):
        chunk = listed[start:start + 500]
        marks = ",".join("?" * len(chunk))
        paths.update(r[0] for r in conn.execute(f"SELECT stored_path FROM attachment WHERE id IN ({marks})", chunk))
    return paths


def remove_orphans(conn: Connection, data_dir: Path, stored_paths: set[str]) -> int:
    """Delete the copies among ``stored_paths`` that no attachment refers to any more (after an
    undo committed: a file shared with another row, another person, stays). Only files inside
    ``data_dir/attachments`` are touched. Returns how many were deleted."""
    folder = (Path(data_dir) / FOLDER).resolve()
    listed, kept = sorted(stored_paths), set()
    for start in range(0, len(listed), 500):
        chunk = listed[start:start + 500]
        marks = ",".join("?" * len(chunk))
        kept.update(r[0] for r in conn.execute(
            f"SELECT DISTINCT stored_path FROM attachment WHERE stored_path IN ({marks})", chunk))
    removed = 0
    for stored in listed:
        if stored in kept:
            continue
        path = (Path(data_dir) / stored).resolve()
        if path.parent != folder:
            continue
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            pass
        except OSError:
            pass  # left behind: a later undo or attach of the same file finds it
    return removed
