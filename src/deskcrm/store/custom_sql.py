"""The SQL of the custom-field filters (``domain.custom_query``) over ``custom_value``
(``store.custom_index``), the same on both engines.

A filter on a person is a probe of ``ix_custom_value_person`` (person, field): one or two index
rows read per person tested. A query without free text whose filters include a word
(``clearance:sc``, ``visa:yes``) walks the people holding that word in id order
(``ix_custom_value_word``: field, word, person) and tests the rest on each — so a rare value
costs what it finds, not a walk of every person.
"""

from __future__ import annotations

from deskcrm.domain.search_query import Query

_OPS = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "=": "="}  # the only operators that reach SQL


def walks(query: Query) -> bool:
    """Whether a query without free text walks ``custom_value`` (its first word filter)."""
    return any(c.word is not None for c in query.custom)


def tests(query: Query, key: str, params: list[object], *, walked: bool) -> list[str]:
    """The conditions of ``query``'s custom filters on the person ``key`` names (their parameters
    appended to ``params``); ``walked``: the first word filter is the walk's own (``d``)."""
    parts: list[str] = []
    first = walked
    for c in query.custom:
        if c.word is not None and first:
            parts.append("d.field_id = ? AND d.word = ?")
            params.extend((c.field_id, c.word))
            first = False
            continue
        if c.word is not None:
            test, value = "v.word = ?", c.word
        else:
            test, value = f"v.num {_OPS[c.op]} ?", c.num
        parts.append(f"EXISTS (SELECT 1 FROM custom_value AS v WHERE v.person_id = {key} AND v.field_id = ?"
                     f" AND {test})")
        params.extend((c.field_id, value))
    return parts
