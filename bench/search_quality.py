"""Search quality: does ``enter`` find the people a recruiter means, best first? (issue 17, item 5)

A labelled set of recruiter queries (``QUERIES``: titles, skills, cities, synonyms and
abbreviations, typos, seniority words, filters, names) runs ranked — what ``enter`` and
``deskcrm search`` do — over a deterministic demo desk (30,000 candidates, seed 1, built once
and cached in the temp dir). Relevance is judged from each candidate's OWN attributes (title,
skills list, city, seniority, desired salary, status: what ``store.demo`` generated), never
from the search index: each query carries its judge, a grade per person:

    2  fits every attribute asked for ("senior python developer in Berlin under 90k": a senior
       Python Engineer in Berlin who wants less than 90k)
    1  fits the main one (a Python person)
    0  not what was asked for

Printed, over the queries that have a relevant person (a query with none — ``c#``: the demo
knows no C# — is listed, not scored):

- zero-result rate: the share of queries that found nobody;
- recall@20: the relevant people among the first 20, over min(20, how many are relevant);
- nDCG@10: graded gain (2^grade - 1), the ideal order being every relevant person of the desk.

Each figure is printed for the order ``enter`` gives (``recruiter order``: ``store.search_order``)
and for the engine's own relevance alone (``engine order``: bm25 / ts_rank, what ``enter`` did
before), on the same store. ``--verbose`` adds a line per query.

    .venv/bin/python bench/search_quality.py [--verbose] [--db PATH_OR_URL] [--candidates 30000]

Figures (30,000 candidates, seed 1; 73 queries, 72 with a relevant person; 7 Dec 2026, SQLite;
``MODES``: each run prints all three):

    before: literal words, the engine's order (main before issue 17):
        zero-result rate 0.29 (21 of 72) · recall@20 0.65 · nDCG@10 0.66
    the recruiter's order alone (words still literal):
        zero-result rate 0.29 (21 of 72) · recall@20 0.70 · nDCG@10 0.70
    after: vocabulary + typo correction + recruiter's order + partial matches (enter):
        zero-result rate 0.00 (0 of 72) · recall@20 0.98 · nDCG@10 0.98

The queries below 1.00 after: "sap fico" (recall 0.25: SAP people without FICO first) and "anna
schmidt" (1 of 227 Schmidts: a name query wants the one Anna Schmidt, the judge counts every
Schmidt). PostgreSQL (the desk copied with ``deskcrm db copy``; ``--db URL``) gave the same
"before" figures within 0.02 on the q17rank branch.

7 Dec, after every match of up to 2,000 was re-ordered (not only the engine's best 300) and, of
more, the best title matches with them (``store.search_order.ALL``, ``Fts5.title_hits``): the same
figures (this desk has no sparse rows for bm25 to favour); a query's ``enter`` 29.5 -> 44.3 ms.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from deskcrm.domain.search_query import parse  # noqa: E402
from deskcrm.store import db as store_db  # noqa: E402
from deskcrm.store.search import SqliteSearch  # noqa: E402

TODAY = date(2026, 12, 7)  # the demo is dated from here; availability filters count from it
SEED = 1
TOP = 20  # recall@20
NDCG_AT = 10


# --------------------------------------------------------------------------- a person's own attributes


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    name: str
    title: str  # current title, with its seniority prefix ("Senior Python Engineer")
    role: str  # the title without the prefix ("Python Engineer")
    skills: frozenset[str]  # lower case
    city: str
    country: str
    seniority: str  # junior / mid / senior / lead
    desired: float | None
    status: str
    available: date | None


_PREFIXES = ("Junior ", "Senior ", "Lead ")


def people(conn) -> list[Person]:  # noqa: ANN001
    rows = conn.execute(
        "SELECT p.id, p.name, coalesce(cp.current_title, p.headline, ''), cp.skills, coalesce(p.city, ''),"
        " coalesce(p.country, ''), coalesce(cp.seniority, ''), cp.desired_salary, cp.status, cp.available_from"
        " FROM person AS p JOIN candidate_profile AS cp ON cp.person_id = p.id WHERE p.erased_at IS NULL").fetchall()
    out = []
    for pid, name, title, skills, city, country, seniority, desired, status, avail in rows:
        role = next((title[len(p):] for p in _PREFIXES if title.startswith(p)), title)
        out.append(Person(pid, name, title, role, frozenset(s.lower() for s in json.loads(skills or "[]")),
                          city, country, seniority, desired, status,
                          date.fromisoformat(str(avail)[:10]) if avail else None))
    return out


# --------------------------------------------------------------------------- judges: predicates over a Person


class P:
    """A predicate over a Person; ``&`` and ``|`` combine them."""

    def __init__(self, test: Callable[[Person], bool]) -> None:
        self.test = test

    def __call__(self, p: Person) -> bool:
        return self.test(p)

    def __and__(self, other: P) -> P:
        return P(lambda p: self(p) and other(p))

    def __or__(self, other: P) -> P:
        return P(lambda p: self(p) or other(p))


def role(*roles: str) -> P:
    wanted = {r.lower() for r in roles}
    return P(lambda p: p.role.lower() in wanted)


def skill(*skills: str) -> P:
    wanted = {s.lower() for s in skills}
    return P(lambda p: bool(p.skills & wanted))


def does(word: str) -> P:
    """The word in the title or a skill of that name ("python")."""
    w = word.lower()
    return P(lambda p: w in p.title.lower().split() or w in p.skills)


def city(*cities: str) -> P:
    wanted = {c.lower() for c in cities}
    return P(lambda p: p.city.lower() in wanted or p.country.lower() in wanted)


def level(*levels: str) -> P:
    return P(lambda p: p.seniority in levels)


def salary_below(amount: float) -> P:
    return P(lambda p: p.desired is not None and p.desired < amount)


def status(*statuses: str) -> P:
    return P(lambda p: p.status in statuses)


def available_within(days: int) -> P:
    return P(lambda p: p.available is not None and p.available <= TODAY + timedelta(days=days))


def named(*words: str) -> P:
    from deskcrm.store.search_sql import fold

    return P(lambda p: all(w in fold(p.name).split() for w in words))


NURSES = role("Staff Nurse", "ICU Nurse", "Theatre Nurse")
JS = role("Frontend Developer", "Full-Stack Developer")
PY_ROLES = role("Python Engineer")


@dataclass(frozen=True, slots=True)
class Q:
    text: str
    two: P  # every attribute asked for
    one: P | None = None  # the main one (None: only grade 2 exists)
    kind: str = ""

    def grade(self, p: Person) -> int:
        if self.two(p):
            return 2
        return 1 if self.one is not None and self.one(p) else 0


QUERIES: tuple[Q, ...] = (
    # titles
    Q("python engineer", PY_ROLES, does("python"), "title"),
    Q("data scientist", role("Data Scientist"), None, "title"),
    Q("data engineer", role("Data Engineer"), None, "title"),
    Q("devops engineer", role("DevOps Engineer"), None, "title"),
    Q("frontend developer", role("Frontend Developer"), JS, "title"),
    Q("java developer", role("Java Developer"), skill("Java"), "title"),
    Q("product manager", role("Product Manager"), None, "title"),
    Q("ux designer", role("UX Designer"), None, "title"),
    Q("security engineer", role("Security Engineer"), None, "title"),
    Q("accountant", role("Accountant"), None, "title"),
    Q("financial controller", role("Financial Controller"), None, "title"),
    Q("payroll specialist", role("Payroll Specialist"), skill("Payroll"), "title"),
    Q("icu nurse", role("ICU Nurse"), NURSES, "title"),
    Q("midwife", role("Midwife"), None, "title"),
    Q("physiotherapist", role("Physiotherapist"), None, "title"),
    Q("account executive", role("Account Executive"), None, "title"),
    Q("customer success manager", role("Customer Success Manager"), None, "title"),
    Q("warehouse supervisor", role("Warehouse Supervisor"), None, "title"),
    Q("supply chain analyst", role("Supply Chain Analyst"), None, "title"),
    Q("customs specialist", role("Customs Specialist"), None, "title"),
    # title + city
    Q("python developer berlin", PY_ROLES & city("Berlin"), does("python"), "synonym"),
    Q("data engineer munich", role("Data Engineer") & city("Munich"), role("Data Engineer"), "title+city"),
    Q("accountant london", role("Accountant") & city("London"), role("Accountant"), "title+city"),
    Q("frontend amsterdam", role("Frontend Developer") & city("Amsterdam"), role("Frontend Developer"), "title+city"),
    Q("nurse hamburg", NURSES & city("Hamburg"), NURSES, "title+city"),
    Q("sales manager vienna", role("Sales Manager") & city("Vienna"), role("Sales Manager"), "title+city"),
    Q("devops zurich", role("DevOps Engineer") & city("Zurich"), role("DevOps Engineer"), "title+city"),
    # skills
    Q("django", skill("Django"), None, "skill"),
    Q("terraform", skill("Terraform"), None, "skill"),
    Q("kubernetes berlin", skill("Kubernetes") & city("Berlin"), skill("Kubernetes"), "skill+city"),
    Q("salesforce", skill("Salesforce"), None, "skill"),
    Q("figma", skill("Figma"), None, "skill"),
    Q("ifrs", skill("IFRS"), None, "skill"),
    Q("datev munich", skill("DATEV") & city("Munich"), skill("DATEV"), "skill+city"),
    Q("pytorch", skill("PyTorch"), None, "skill"),
    Q("wound care", skill("Wound care"), None, "skill"),
    Q("sap fico", skill("SAP FI") & skill("SAP CO"), skill("SAP FI", "SAP CO"), "skill"),
    Q("spark airflow", skill("Spark") & skill("Airflow"), skill("Spark", "Airflow"), "skill"),
    Q('"machine learning"', role("Machine Learning Engineer"), None, "phrase"),
    # synonyms and abbreviations
    Q("python developer", PY_ROLES, does("python"), "synonym"),
    Q("js", JS, skill("TypeScript", "Node.js", "Next.js", "React"), "synonym"),
    Q("k8s sre", role("Site Reliability Engineer") & skill("Kubernetes"), skill("Kubernetes")
      | role("Site Reliability Engineer"), "synonym"),
    Q("ml engineer", role("Machine Learning Engineer"), skill("PyTorch", "MLOps"), "synonym"),
    Q("c#", skill("C#", "C# .NET", ".NET"), None, "synonym"),
    Q("reactjs", skill("React"), None, "synonym"),
    Q("pm", role("Product Manager"), None, "synonym"),
    Q("rn", NURSES, skill("Registered"), "synonym"),
    Q("ts developer", skill("TypeScript") & JS, skill("TypeScript"), "synonym"),
    Q("golang", skill("Go"), None, "synonym"),
    Q("postgres", skill("PostgreSQL"), None, "synonym"),
    Q("javascript developer", JS, skill("TypeScript", "Node.js", "Next.js", "React"), "synonym"),
    Q("backend developer", role("Backend Engineer"), None, "synonym"),
    Q("sre", role("Site Reliability Engineer"), None, "synonym"),
    # typos
    Q("pyhton berlin", does("python") & city("Berlin"), does("python"), "typo"),
    Q("kubernets", skill("Kubernetes"), None, "typo"),
    Q("acountant", role("Accountant"), None, "typo"),
    Q("physiotherapst", role("Physiotherapist"), None, "typo"),
    Q("data scientst", role("Data Scientist"), None, "typo"),
    Q("frontend developer frankfrut", role("Frontend Developer") & city("Frankfurt"), role("Frontend Developer"),
      "typo"),
    # seniority words
    Q("senior python engineer", PY_ROLES & level("senior"), PY_ROLES, "seniority"),
    Q("junior accountant", role("Accountant") & level("junior"), role("Accountant"), "seniority"),
    Q("lead data engineer", role("Data Engineer") & level("lead"), role("Data Engineer"), "seniority"),
    Q("senior reactjs amsterdam", skill("React") & level("senior") & city("Amsterdam"), skill("React"),
      "seniority"),
    Q("senior nurse london", NURSES & level("senior") & city("London"), NURSES, "seniority"),
    Q("head of finance", role("Head of Finance"), None, "seniority"),
    # filters
    Q("python salary<90k", does("python") & salary_below(90_000), None, "filter"),
    Q("accountant status:active", role("Accountant") & status("active"), None, "filter"),
    Q("nurse avail<30d", NURSES & available_within(30), None, "filter"),
    Q("skill:python city:berlin", skill("Python") & city("Berlin"), None, "filter"),
    Q("devops status:active salary<100k", role("DevOps Engineer") & status("active") & salary_below(100_000),
      None, "filter"),
    Q("senior python developer in Berlin under 90k",
      PY_ROLES & level("senior") & city("Berlin") & salary_below(90_000), does("python"), "the issue"),
    # names
    Q("anna schmidt", named("anna", "schmidt"), named("schmidt"), "name"),
    Q("okafor", named("okafor"), None, "name"),
)


# --------------------------------------------------------------------------- measuring


def dcg(gains: list[int]) -> float:
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


@dataclass(slots=True)
class Result:
    query: Q
    relevant: int  # people with grade >= 1 in the desk
    found: int  # rows on the first page
    recall: float
    ndcg: float


@dataclass(frozen=True)
class Mode:
    label: str
    vocabulary: bool  # the recruiting vocabulary, seniority, stop and salary words (domain.vocabulary)
    correct: bool  # a word that matches nothing corrected (store.search_correct)
    engine_order: bool  # the engine's relevance alone, not the recruiter's order (store.search_order)
    partial: bool  # no one matches it all: the best partial matches (store.search_partial)


MODES = (
    Mode("before: literal words, the engine's order, no correction, no partial matches", False, False, True, False),
    Mode("the recruiter's order alone (words still literal)", False, False, False, False),
    Mode("after: vocabulary + typo correction + recruiter's order + partial matches (enter)", True, True, False, True),
)


def measure(backend: SqliteSearch, crowd: list[Person], q: Q, mode: Mode) -> Result:
    from deskcrm.store.search_partial import dead_end

    grades = {p.id: q.grade(p) for p in crowd}
    relevant = sorted((g for g in grades.values() if g), reverse=True)
    query = parse(q.text, typing=False) if mode.vocabulary else parse(q.text, typing=False, vocabulary=None)
    rows = backend.search(query, limit=TOP, ranked=True, engine_order=mode.engine_order).rows
    if not rows and mode.partial and not query.is_empty:
        rows = [p.row for p in dead_end(backend, query, limit=TOP).rows]
    got = [grades.get(r.id, 0) for r in rows]
    recall = sum(1 for g in got if g) / min(TOP, len(relevant)) if relevant else 0.0
    ideal = dcg(relevant[:NDCG_AT])
    ndcg = dcg(got[:NDCG_AT]) / ideal if ideal else 0.0
    return Result(q, len(relevant), len(rows), recall, ndcg)


def summary(results: list[Result]) -> str:
    scored = [r for r in results if r.relevant]
    zero = sum(1 for r in scored if r.found == 0)
    n = len(scored)
    return (f"zero-result rate {zero / n:.2f} ({zero} of {n}) · recall@{TOP} {sum(r.recall for r in scored) / n:.2f}"
            f" · nDCG@{NDCG_AT} {sum(r.ndcg for r in scored) / n:.2f}")


def run(conn, verbose: bool) -> None:  # noqa: ANN001
    crowd = people(conn)
    print(f"{len(crowd):,} candidates, {len(QUERIES)} queries "
          f"({sum(1 for q in QUERIES if any(q.grade(p) for p in crowd))} with a relevant person)")
    for mode in MODES:
        backend = SqliteSearch(conn, TODAY, me="AM", correct=mode.correct)
        t0 = time.perf_counter()
        results = [measure(backend, crowd, q, mode) for q in QUERIES]
        ms = (time.perf_counter() - t0) * 1000 / len(QUERIES)
        print(f"\n{mode.label}:\n  {summary(results)}   ({ms:.1f} ms a query)")
        if verbose:
            print(f"  {'query':<46} {'kind':<11} {'relevant':>8} {'found':>5} {'recall':>6} {'nDCG':>5}")
            for r in results:
                print(f"  {r.query.text:<46} {r.query.kind:<11} {r.relevant:>8,} {r.found:>5}"
                      f" {r.recall:>6.2f} {r.ndcg:>5.2f}" + ("" if r.relevant else "  (no relevant person: not scored)"))


def demo_db(candidates: int) -> Path:
    path = Path(tempfile.gettempdir()) / f"deskcrm-quality-{candidates}-seed{SEED}.db"
    if not path.exists():
        from deskcrm.store.demo import build_demo

        print(f"building a demo desk of {candidates:,} candidates at {path} ...", flush=True)
        part = path.with_suffix(".part")
        part.unlink(missing_ok=True)
        build_demo(part, candidates=candidates, seed=SEED, today=TODAY)
        part.rename(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="measure this desk (a path or a postgresql:// URL) instead of the cached demo"
                                     " (it must be the same demo: the judges read its people)")
    parser.add_argument("--candidates", type=int, default=30_000)
    parser.add_argument("--verbose", action="store_true", help="a line per query")
    args = parser.parse_args()
    target = args.db or str(demo_db(args.candidates))
    conn = store_db.connect(target)
    try:
        run(conn, args.verbose)
    finally:
        conn.close()


if __name__ == "__main__":
    main()
