"""SQL for the candidate-profile filters of the search language (``domain.search_profile``):
``notice<2m`` and ``type:contract``. ``seniority:`` needs none: it is an index word (MATCH).

Conditions on ``candidate_profile AS cp``, written once for both engines (``?`` parameters).
"""

from __future__ import annotations

from deskcrm.domain.search_query import Query

_OPS = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "=": "="}  # the only operators that reach SQL


def needs_profile(q: Query) -> bool:
    return bool(q.notice or q.job_types)


def conditions(q: Query) -> tuple[list[str], list[object]]:
    """(conditions, parameters) for the query's notice and wanted-type filters."""
    parts: list[str] = []
    params: list[object] = []
    for op, days in q.notice:
        parts.append(f"cp.notice_days {_OPS[op]} ?")
        params.append(days)
    if q.job_types:  # someone open to either kind of work matches both
        wanted = sorted(q.job_types | {"either"})
        parts.append(f"cp.wanted_type IN ({','.join('?' * len(wanted))})")
        params.extend(wanted)
    return parts, params
