"""Jump anywhere: find a person, company or job order by (part of) its name, for the palette.

    hits = find(conn, "jan sm")          # -> [JumpHit(kind="person", id=…, label="Jana Smith", …), …]

Ranked: an exact name first (a company's without its legal form: "Polaris Consulting" is
"Polaris Consulting B.V."), then names that start with what was typed, then names whose words
start with the typed words (any order), then fuzzy matches (typos, letters left out). Each kind is
limited in SQL, so a query costs about the same at 100k people as at 1k:

- people through the search index (``person_fts``, name column only; spelled per engine in
  ``store.search_sql``): the name as a phrase from its first word (``^"jan" + "sm"*``), then
  every word a prefix (``"jan"* AND "sm"*``), both with a ``LIMIT``; when that finds few, every
  word's first three letters, then any word a prefix (PostgreSQL: trigram similarity,
  ``pg_trgm``), re-ranked here by similarity (typos). Words of one character are not sent to the
  index (too many terms) but still have to match here.
- companies (``name_norm``) and job orders (title and client name) with ``LIKE`` per word; they
  are a few thousand rows even on a large desk. The fuzzy step is a subsequence ``LIKE``
  (``%b%k%n%d%``), so "bknd" finds "Backend".

Read-only; returns frozen dataclasses; the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from deskcrm.store import search_sql
from deskcrm.store.db import Connection
from deskcrm.domain.client_rules import company_key
from deskcrm.domain.stages import PIPELINES, stage_label

__all__ = ["KINDS", "OPEN_JOB_STAGES", "JumpHit", "find", "words"]

KINDS = ("person", "company", "job")
OPEN_JOB_STAGES = tuple(s.key for s in PIPELINES["job"] if not s.terminal)  # intake … offer
_WORD = re.compile(r"\w+")
_PEOPLE_LIMIT = 8
_COMPANY_LIMIT = 5
_JOB_LIMIT = 6
_SCAN = 200  # rows read from SQL per step before ranking here

EXACT, PREFIX, WORDS, FUZZY = 1.0, 0.9, 0.8, 0.55


@dataclass(frozen=True, slots=True)
class JumpHit:
    kind: str  # one of KINDS
    id: int
    label: str  # the name / job title (plain text, user data)
    detail: str  # "Senior Backend Engineer · Berlin" / "Acme Ltd · London · Interviewing"
    score: float  # 0..1, best first


def words(query: str) -> list[str]:
    """The words of a query, case-folded ('Jan  Sm!' -> ['jan', 'sm'])."""
    return _WORD.findall(query.casefold())


def find(conn: Connection, query: str, *, kinds: tuple[str, ...] = KINDS) -> list[JumpHit]:
    """People, companies and job orders matching ``query``, best first (nothing for < 2 letters)."""
    typed = words(query)
    if sum(len(w) for w in typed) < 2:
        return []
    hits: list[JumpHit] = []
    if "person" in kinds:
        hits += _people(conn, typed)
    if "company" in kinds:
        hits += _companies(conn, typed)
    if "job" in kinds:
        hits += _jobs(conn, typed)
    hits.sort(key=lambda h: (-h.score, len(h.label), h.kind, h.id))
    return hits


# --------------------------------------------------------------------------- scoring


def score(name: str, typed: list[str]) -> float:
    """How well ``name`` matches the typed words (0 = not at all)."""
    norm = " ".join(words(name))
    joined = " ".join(typed)
    if not norm:
        return 0.0
    if norm == joined:
        return EXACT
    if norm.startswith(joined):
        return PREFIX + 0.05 * len(joined) / len(norm)
    parts = norm.split()
    if all(any(p.startswith(w) for p in parts) for w in typed):
        return WORDS + 0.05 * len(joined) / len(norm)
    if all(w in norm for w in typed):
        return WORDS - 0.1
    # Fuzzy: each typed word close to some word of the name (letters left out, a typo).
    total = 0.0
    for w in typed:
        best = max(_similar(w, p) for p in parts)
        if best < 0.6:
            return 0.0
        total += best
    return FUZZY * total / len(typed)


def _similar(word: str, part: str) -> float:
    if part.startswith(word):
        return 1.0
    if len(word) < 3 or word[0] != part[0]:  # a slip in the first letter is rare: not matched
        return 0.0
    if _subsequence(word, part):
        return 0.8 + 0.2 * len(word) / len(part)
    ratio = SequenceMatcher(None, word, part[: len(word) + 1]).ratio()
    return ratio if ratio >= 0.75 else 0.0  # one slip in a short word


def _subsequence(word: str, text: str) -> bool:
    it = iter(text)
    return all(ch in it for ch in word)


def _best(rows: list[tuple], typed: list[str], limit: int, make, *, accents: bool = True) -> list[JumpHit]:
    """Score ``rows`` (label first), keep matches, best ``limit``; ``accents=False``: the labels'
    accents dropped (``typed`` without them too), as the person index drops them."""
    scored = [(score(row[1] if accents else search_sql.fold(row[1]), typed), row) for row in rows]
    scored = [(s, row) for s, row in scored if s > 0]
    scored.sort(key=lambda sr: (-sr[0], len(sr[1][1]), sr[1][0]))
    return [make(s, row) for s, row in scored[:limit]]


# --------------------------------------------------------------------------- people


def _fts(typed: list[str]) -> list[str]:
    return [w for w in typed if len(w) >= 2]


def _people(conn: Connection, typed: list[str]) -> list[JumpHit]:
    long = _fts(typed)
    if not long:
        return []
    spelling = search_sql.of(conn)  # FTS5 or tsvector (+ pg_trgm for typos): store.search_sql
    ids: dict[int, None] = {}
    for sql, params in spelling.name_steps(long):  # the name starts with it; every word a prefix
        for (pid,) in conn.execute(sql, (*params, _SCAN)):
            ids.setdefault(pid)
        if len(ids) >= _SCAN:
            break
    rows = _person_rows(conn, list(ids))
    typed = [search_sql.fold(w) for w in typed]  # "zoe" is Zoë, as the index has it
    hits = _best(rows, typed, _PEOPLE_LIMIT, _person_hit, accents=False)
    if len(hits) < _PEOPLE_LIMIT:
        # Few found: a typo or a left-out letter. Every word's first three letters, then any word;
        # ranked here by similarity.
        seen = {h.id for h in hits}
        for sql, params in spelling.fuzzy_name_steps(long):
            more = [pid for (pid,) in conn.execute(sql, (*params, _SCAN)) if pid not in ids]
            ids.update(dict.fromkeys(more))
            extra = _best(_person_rows(conn, more), typed, _PEOPLE_LIMIT, _person_hit, accents=False)
            hits += [h for h in extra if h.id not in seen][: _PEOPLE_LIMIT - len(hits)]
            seen.update(h.id for h in hits)
            if len(hits) >= _PEOPLE_LIMIT:
                break
    hits.sort(key=lambda h: (-h.score, len(h.label), h.id))
    return hits


def _person_rows(conn: Connection, ids: list[int]) -> list[tuple]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return conn.execute(
        f"""
        SELECT p.id, p.name, p.headline, cp.current_employer, p.city, p.country,
               (SELECT c.name FROM contact_role r JOIN company c ON c.id = r.company_id
                 WHERE r.person_id = p.id AND r.left_at IS NULL ORDER BY r.id DESC LIMIT 1)
        FROM person p LEFT JOIN candidate_profile cp ON cp.person_id = p.id
        WHERE p.id IN ({marks}) AND p.erased_at IS NULL
        """,
        ids,
    ).fetchall()


def _person_hit(s: float, row: tuple) -> JumpHit:
    pid, name, headline, employer, city, country, contact_at = row
    what = headline or employer or (f"Contact at {contact_at}" if contact_at else "")
    return JumpHit("person", pid, name, _dot(what, city or country), s)


# --------------------------------------------------------------------------- companies and jobs


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _fuzzy_like(word: str) -> str:
    return "%" + "%".join(ch.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for ch in word) + "%"


def _where(like: str, column: str, typed: list[str], pattern) -> tuple[str, list[str]]:
    return " AND ".join(f"{column} {like} ? ESCAPE '\\'" for _ in typed), [pattern(w) for w in typed]


def _companies(conn: Connection, typed: list[str]) -> list[JumpHit]:
    sql = "SELECT id, name, city, country, bd_stage FROM company WHERE {cond} LIMIT ?"
    rows = _two_steps(conn, sql, "name_norm", typed)
    # The full name typed is an exact match whatever legal form ends it: "Polaris Consulting"
    # is "Polaris Consulting B.V." — above "Polaris Consulting 2", which it only begins.
    key = company_key(" ".join(typed))
    exact = [r for r in rows if key is not None and company_key(r[1]) == key]
    hits = [_company_hit(EXACT, r) for r in exact]
    hits += _best([r for r in rows if r not in exact], typed, _COMPANY_LIMIT, _company_hit)
    return hits[:_COMPANY_LIMIT]


def _company_hit(s: float, row: tuple) -> JumpHit:
    cid, name, city, country, stage = row
    return JumpHit("company", cid, name, _dot("Client", city or country, stage_label("client", stage, "")), s)


def _jobs(conn: Connection, typed: list[str]) -> list[JumpHit]:
    open_first = "j.stage IN (" + ", ".join(f"'{k}'" for k in OPEN_JOB_STAGES) + ") DESC"
    sql = f"""SELECT j.id, j.title, c.name, j.city, j.stage FROM job_order j JOIN company c ON c.id = j.company_id
              WHERE {{cond}} ORDER BY {open_first} LIMIT ?"""  # open jobs first: a common title fills the limit
    spelling = search_sql.of(conn)
    rows = _two_steps(conn, sql.replace("JOIN company c", f"{spelling.join} company c"), "j.title", typed)
    # Jobs of clients named by a typed word ("acme backend"): the client's few jobs, by index.
    seen = {r[0] for r in rows}
    named = " OR ".join(f"name_norm {spelling.like} ? ESCAPE '\\'" for _ in typed)
    rows += [r for r in conn.execute(
        sql.format(cond=f"j.company_id IN (SELECT id FROM company WHERE {named} LIMIT 50)"),
        (*(_like(w) for w in typed), _SCAN),
    ) if r[0] not in seen]

    def make(s: float, row: tuple) -> JumpHit:
        jid, title, client, city, stage = row
        open_ = stage in OPEN_JOB_STAGES
        return JumpHit("job", jid, title, _dot(client, city, stage_label("job", stage, "")), s + (0.02 if open_ else 0))

    # The title ranks; words that name the client ("acme backend") count as matched. Only
    # client words ("acme"): the client's jobs, below a title match.
    scored = []
    for row in rows:
        client = words(row[2])
        title_words = [w for w in typed if not any(c.startswith(w) for c in client)]
        s = score(row[1], title_words) if title_words else WORDS - 0.15
        if s > 0:
            scored.append(make(s, row))
    scored.sort(key=lambda h: (-h.score, len(h.label), h.id))
    return scored[:_JOB_LIMIT]


def _two_steps(conn: Connection, sql: str, column: str, typed: list[str]) -> list[tuple]:
    """Rows where every word is a substring; when those are few, add subsequence matches."""
    like = search_sql.of(conn).like  # SQLite's LIKE ignores ASCII case; PostgreSQL's ILIKE does
    cond, args = _where(like, column, typed, _like)
    rows = conn.execute(sql.format(cond=cond), (*args, _SCAN)).fetchall()
    if len(rows) < _SCAN // 4:
        cond, args = _where(like, column, typed, _fuzzy_like)
        seen = {r[0] for r in rows}
        rows += [r for r in conn.execute(sql.format(cond=cond), (*args, _SCAN)).fetchall() if r[0] not in seen]
    return rows


def _dot(*parts: str | None) -> str:
    return " · ".join(p for p in parts if p)
