"""Activity: per recruiter per week — calls (talked / voicemail / no answer), emails, meetings,
submissions, interviews, offers, placements — and the stage funnel of the period's submissions.
Each count's rows are a named query (``named.QUERIES``); weeks are Monday to Sunday, local."""

from __future__ import annotations

from datetime import date, timedelta

from deskcrm.domain.periods import Period, weeks
from deskcrm.domain.stages import PIPELINES, stage_label
from deskcrm.store.db import Connection
from deskcrm.store.reports.named import FUNNEL, REACHED
from deskcrm.store.reports.sums import scope_args, sums, total
from deskcrm.store.reports.views import (
    ACTIVITY_FIGURES,
    ActivityReport,
    ActivityWeek,
    Count,
    FunnelStep,
    Scope,
    Trace,
)

KINDS = {"calls_talked": "call_talked", "calls_voicemail": "call_voicemail", "calls_no_answer": "call_no_answer",
         "emails": "email", "meetings": "meeting"}
MOVES = {"submissions": "submitted", "offers": "offered"}
WEEK = timedelta(days=7)
_DEFAULT_LABELS = {s.key: s.label for s in PIPELINES["submission"]}


def move_bodies(stage: str) -> tuple[str, ...]:
    """The activity texts a move to ``stage`` wrote: under its current and its default name."""
    return tuple(dict.fromkeys((f"Moved to {stage_label('submission', stage)}", f"Moved to {_DEFAULT_LABELS[stage]}")))


def activity(conn: Connection, period: Period, scope: Scope = Scope()) -> ActivityReport:
    mondays = weeks(period)
    first, after = mondays[0], mondays[-1] + timedelta(days=7)
    cuts = mondays[1:]
    who = scope_args(scope)
    span = {"start": first, "after": after, **who}
    # figure -> (trace of the whole span, {(week index, recruiter): count})
    found: dict[str, tuple[Trace, dict[tuple[int, int | None], int]]] = {}

    def take(figure: str, trace: Trace, recruiter_col: str) -> None:
        rows = sums(conn, trace, by=(recruiter_col,), cuts=cuts)
        found[figure] = (trace, {(k[0], k[1]): sum(n for _, _, n in v) for k, v in rows.items()})

    people = _people(conn, scope)
    for figure, kind in KINDS.items():  # one index range count per recruiter and week: no sort
        trace = Trace.of("activities", kind=kind, **span)
        found[figure] = (trace, {(i, rid): total(conn, trace.with_(start=monday, after=monday + WEEK, recruiter=rid)).value
                                 for rid, _, _ in people for i, monday in enumerate(mondays)})
    bodies = {body: figure for figure, stage in MOVES.items() for body in move_bodies(stage)}
    moved = sums(conn, Trace.of("moved_to", body=tuple(bodies), **span), by=("a.author_id", "a.body"), cuts=cuts)
    for figure, stage in MOVES.items():
        cells: dict[tuple[int, int | None], int] = {}
        for k, v in moved.items():
            if bodies.get(k[2]) == figure:
                cells[k[0], k[1]] = cells.get((k[0], k[1]), 0) + sum(n for _, _, n in v)
        found[figure] = (Trace.of("moved_to", body=move_bodies(stage), **span), cells)
    take("interviews", Trace.of("interviews", **span), "j.owner_id")
    take("placements", Trace.of("placed", **span), "pl.recruiter_id")
    rows = []
    for rid, initials, active in people:
        if not active and not any(v for _, cells in found.values() for (_, r), v in cells.items() if r == rid):
            continue  # a retired recruiter shows only for a period they worked in
        for i, monday in enumerate(mondays):
            counts = []
            for figure in ACTIVITY_FIGURES:
                trace, cells = found[figure]
                cell = trace.with_(start=monday, after=monday + timedelta(days=7), recruiter=rid)
                counts.append(Count(cells.get((i, rid), 0), cell))
            rows.append(ActivityWeek(rid, initials, monday, tuple(counts)))
    return ActivityReport(period, scope, tuple(mondays), tuple(rows), funnel(conn, period, scope))


def _people(conn: Connection, scope: Scope) -> list[tuple[int, str, bool]]:
    """Every recruiter (one when scoped), by initials: activity is counted per author; an
    activity without one (imported) is nobody's and not counted."""
    sql, params = "SELECT id, initials, active FROM recruiter", ()
    if scope.recruiter_id is not None:
        sql, params = sql + " WHERE id = ?", (scope.recruiter_id,)
    return sorted(((r[0], r[1], bool(r[2])) for r in conn.execute(sql, params)), key=lambda r: r[1])


def funnel(conn: Connection, period: Period, scope: Scope) -> tuple[FunnelStep, ...]:
    """Of the submissions created in the period, how many reached each stage (``named.REACHED``)."""
    span = {"start": period.start, "after": period.after, **scope_args(scope)}
    trace = Trace.of("submissions", **span)
    at = {k[0]: sum(n for _, _, n in v) for k, v in sums(conn, trace, by=("s.stage",)).items()}
    steps, before = [], None
    for level, stage in enumerate(FUNNEL):
        stages = tuple(s for s, reached in REACHED.items() if reached >= level)
        reached = sum(at.get(s, 0) for s in stages)
        conversion = None if before is None else (reached / before if before else None)
        steps.append(FunnelStep(stage, stage_label("submission", stage), Count(reached, trace.with_(reached=stages)),
                                conversion))
        before = reached
    return tuple(steps)
