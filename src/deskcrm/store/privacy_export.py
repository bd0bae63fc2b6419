"""Subject-access export (GDPR Art. 15, issue 14): everything the desk holds about one person.

    done = export(conn, person_id, Path("~/exports"), data_dir=paths.data_dir(), as_zip=False)
    done.path       # ~/exports/person-5200-2026-12-07-0412/   (or …/person-5200-2026-12-07-0412.zip)

What goes in: the person row, their candidate profile, contact roles (with the company's name),
the consent ledger, submissions (job and client named), placements, activities on them, their
files' records and the files themselves (copied), and the journal's entries about them (their
rows' events and those of the records merged into theirs, with the before/after images still held). As ``person.json`` (the exact data: the
columns as stored, control characters escaped) and ``summary.md``, a readable Markdown summary
(values shown literally: Markdown and HTML characters escaped, control characters replaced), with
the files under ``files/``. Folder 0700, files 0600 — or, with ``as_zip``, one 0600 zip of the
same and no folder. Read-only on the desk; the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deskcrm import files
from deskcrm.domain import clock
from deskcrm.store import journal_scrub
from deskcrm.store.db import Connection
from deskcrm.store.errors import NotFound, StoreError
from deskcrm.text import clean, json_text

_PERSON_ROWS = ("activity", "submission", "contact_role", "consent", "consent_entry", "attachment", "not_duplicate",
                "pool_member")


@dataclass(frozen=True, slots=True)
class Exported:
    person_id: int
    name: str
    path: Path  # the folder, or the zip
    counts: dict[str, int]
    missing_files: tuple[str, ...] = ()  # attachments whose stored copy is gone

    @property
    def message(self) -> str:
        what = ", ".join(f"{k.replace('_', ' ')} {n}" for k, n in self.counts.items() if n) or "the record only"
        gone = f"; {len(self.missing_files)} file(s) missing from the data directory" if self.missing_files else ""
        return f"Exported everything held about {self.name} (#{self.person_id}) to {self.path}: {what}{gone}"


def _rows(conn: Connection, sql: str, params: tuple) -> list[dict[str, Any]]:
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def gather(conn: Connection, person_id: int) -> dict[str, Any]:
    """Everything held about the person, as plain data (what ``person.json`` holds)."""
    person = _rows(conn, "SELECT * FROM person WHERE id = ? AND erased_at IS NULL", (person_id,))
    if not person:
        raise NotFound(f"person #{person_id} does not exist (or was erased); nothing exported", "person")
    pid = person_id
    data: dict[str, Any] = {
        "exported_at": clock.utcnow().isoformat(timespec="seconds"),
        "person": person[0],
        "candidate_profile": (_rows(conn, "SELECT * FROM candidate_profile WHERE person_id = ?", (pid,)) or [None])[0],
        "contact_roles": _rows(conn, "SELECT r.*, c.name AS company FROM contact_role AS r "
                                     "JOIN company AS c ON c.id = r.company_id WHERE r.person_id = ? ORDER BY r.id", (pid,)),
        "consents": _rows(conn, "SELECT * FROM consent WHERE person_id = ? ORDER BY id", (pid,)),
        "consent_history": _rows(conn, "SELECT kind, on_date, method, detail, recorded_at FROM consent_entry "
                                       "WHERE person_id = ? ORDER BY id", (pid,)),
        "submissions": _rows(conn, "SELECT s.*, j.title AS job, c.name AS company FROM submission AS s "
                                   "JOIN job_order AS j ON j.id = s.job_id JOIN company AS c ON c.id = j.company_id "
                                   "WHERE s.person_id = ? ORDER BY s.id", (pid,)),
        "placements": _rows(conn, "SELECT p.*, j.title AS job, c.name AS company FROM placement AS p "
                                  "JOIN job_order AS j ON j.id = p.job_id JOIN company AS c ON c.id = p.company_id "
                                  "WHERE p.person_id = ? ORDER BY p.id", (pid,)),
        "activities": _rows(conn, "SELECT * FROM activity WHERE person_id = ? ORDER BY at, id", (pid,)),
        "attachments": _rows(conn, "SELECT * FROM attachment WHERE person_id = ? ORDER BY id", (pid,)),
        "not_duplicate_marks": _rows(conn, "SELECT * FROM not_duplicate WHERE person_a = ? OR person_b = ? ORDER BY id",
                                     (pid, pid)),
        "pools": _rows(conn, "SELECT o.name AS pool, m.added_at FROM pool_member AS m JOIN pool AS o ON o.id = m.pool_id "
                             "WHERE m.person_id = ? ORDER BY m.id", (pid,)),
    }
    from deskcrm.store.custom_fields import person_fields
    from deskcrm.store.custom_values import by_label

    # the custom fields by their names (archived ones too: what is held, is held)
    data["custom_fields"] = by_label(person_fields(conn, archived=True), person[0].get("custom"))
    data["journal"] = _journal(conn, pid)
    return data


def _journal(conn: Connection, pid: int) -> list[dict[str, Any]]:
    """The journal's events on their rows and on the records merged into theirs: the person and
    profile by key, the rest by the ``person_id`` their images hold."""
    from deskcrm.store.erasure import merged_into

    ids = [pid, *merged_into(conn, pid)]
    patterns = [p for i in ids for p in journal_scrub.id_patterns("person_id", i)]
    marks = " OR ".join("before LIKE ? OR after LIKE ?" for _ in patterns)
    entities = ", ".join(f"'{e}'" for e in _PERSON_ROWS)
    keys = ", ".join("?" for _ in ids)
    events = _rows(conn, "SELECT id, at, actor_id, txn, entity, entity_id, action, before, after FROM event "
                         f"WHERE (entity IN ('person', 'candidate_profile') AND entity_id IN ({keys})) "
                         f"OR (entity IN ({entities}) AND ({marks})) ORDER BY id",
                   (*ids, *[p for p in patterns for _ in (0, 1)]))
    for e in events:
        for side in ("before", "after"):
            if e[side]:
                try:
                    e[side] = json.loads(e[side])
                except ValueError:
                    pass
    return events


def export(conn: Connection, person_id: int, to: Path, *, data_dir: Path | None, as_zip: bool = False) -> Exported:
    """Write the export into a new folder in the folder ``to``, which must exist (see the module)."""
    data = gather(conn, person_id)
    name = data["person"]["name"]
    to = Path(to).expanduser()
    if (why := files.missing_folder(to)) is not None:  # a typo makes no folders
        raise StoreError(why)
    stamp = clock.now().strftime("%Y-%m-%d-%H%M%S")
    base = f"person-{person_id}-{stamp}"
    try:
        folder = _fresh(to / base)
        files.private_dir(folder)
        missing = _copy_files(data, folder, data_dir)
        _write(folder / "person.json", json_text(data))
        _write(folder / "summary.md", summary(data))
        if as_zip:
            target = _zip(folder)
            shutil.rmtree(folder)
            folder = target
    except OSError as exc:
        raise StoreError(f"{to}: could not write the export ({exc.strerror or exc}); check the folder") from None
    counts = {k: len(data[k]) for k in ("contact_roles", "consents", "submissions", "placements", "activities",
                                        "attachments", "journal")}
    counts = {("journal_entries" if k == "journal" else k): v for k, v in counts.items()}
    return Exported(person_id, name, folder, counts, tuple(missing))


def _fresh(path: Path) -> Path:
    n, candidate = 1, path
    while candidate.exists() or candidate.with_suffix(".zip").exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def _write(path: Path, content: str) -> None:
    with open(path, "x", encoding="utf-8") as out:
        out.write(content)
    files.make_private(path)


_UNSAFE_NAME = re.compile(r"[^\w.\- ]+")


def _copy_files(data: dict[str, Any], folder: Path, data_dir: Path | None) -> list[str]:
    """Copy each attachment's stored file to ``files/`` under the name it was attached with."""
    missing: list[str] = []
    if not data["attachments"]:
        return missing
    target = files.private_dir(folder / "files")
    used: set[str] = set()
    for a in data["attachments"]:
        source = Path(data_dir) / a["stored_path"] if data_dir is not None else None
        if source is None or not source.is_file():
            missing.append(a["file_name"])
            a["exported_as"] = None
            continue
        name = _UNSAFE_NAME.sub("_", Path(a["file_name"]).name).strip(" .") or f"file-{a['id']}"
        stem, suffix, n = Path(name).stem, Path(name).suffix, 1
        while name.casefold() in used:
            n += 1
            name = f"{stem}-{n}{suffix}"
        used.add(name.casefold())
        shutil.copyfile(source, target / name)
        files.make_private(target / name)
        a["exported_as"] = f"files/{name}"
    return missing


def _zip(folder: Path) -> Path:
    import os
    import zipfile

    target = folder.with_suffix(".zip")
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                z.write(path, f"{folder.name}/{path.relative_to(folder)}")
    return target


# --------------------------------------------------------------------------- the readable summary

_MD = re.compile(r"([\\`*_\[\]|~#])")


def md(value: object) -> str:
    """A value shown literally in Markdown: control characters replaced (``text.clean``),
    Markdown's characters backslash-escaped and HTML's ``<``, ``>``, ``&`` as entities."""
    shown = clean("" if value is None else value)
    shown = shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD.sub(r"\\\1", shown)


def _section(title: str, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> list[str]:
    out = [f"## {title} ({len(rows)})", ""]
    if not rows:
        return out + ["None.", ""]
    for r in rows:
        out.append("- " + " · ".join(f"{c.replace('_', ' ')}: {md(r.get(c))}" for c in columns if r.get(c) not in (None, "")))
    return out + [""]


def _custom_text(value: object) -> str:
    if isinstance(value, dict) and "amount" in value:
        return f"{value.get('currency') or ''} {value.get('amount')}".strip()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "yes" if value is True else "no" if value is False else str(value)


def summary(data: dict[str, Any]) -> str:
    p = data["person"]
    lines = [f"# Everything held about {md(p['name'])} (#{p['id']})", "",
             f"Exported {md(data['exported_at'])} UTC. The exact data is in person.json; the files in files/.", "",
             "## Record", ""]
    for column, value in p.items():
        if value not in (None, "", "[]", "{}"):
            lines.append(f"- {column.replace('_', ' ')}: {md(value)}")
    lines.append("")
    profile = data["candidate_profile"]
    if profile:
        lines += ["## Candidate profile", ""]
        lines += [f"- {c.replace('_', ' ')}: {md(v)}" for c, v in profile.items() if v not in (None, "", "[]")]
        lines.append("")
    if data.get("custom_fields"):
        lines += ["## Custom fields", ""]
        lines += [f"- {md(label)}: {md(_custom_text(v))}" for label, v in data["custom_fields"].items()]
        lines.append("")
    lines += _section("Contact roles", data["contact_roles"], ("company", "title", "left_at"))
    lines += _section("Consent ledger", data["consents"], ("lawful_basis", "source", "sourced_at", "given_at",
                                                           "expires_at", "notice_sent_at", "withdrawn_at"))
    lines += _section("Consent history", data["consent_history"], ("kind", "on_date", "method", "detail", "recorded_at"))
    lines += _section("Submissions", data["submissions"], ("job", "company", "stage", "stage_changed_at", "source"))
    lines += _section("Placements", data["placements"], ("job", "company", "start_date", "salary", "currency",
                                                         "fee_amount", "fee_status", "status"))
    lines += _section("Activities", data["activities"], ("at", "kind", "body"))
    lines += _section("Files", data["attachments"], ("file_name", "kind", "added_at", "exported_as"))
    lines += _section("Journal entries", data["journal"], ("at", "entity", "entity_id", "action"))
    return "\n".join(lines)
