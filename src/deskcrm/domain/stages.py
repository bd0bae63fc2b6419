"""Pipelines and their stages: canonical keys underneath, user-renamable labels on top.

Stored rows hold the canonical key, so metrics and rules survive renaming. Pure data: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Stage:
    key: str
    label: str
    exit: bool = False  # an exit (lost/withdrawn/...) rather than a step forward
    terminal: bool = False  # asks for confirmation on a move
    category: str | None = None  # an added stage: the canonical key it maps to (None: canonical itself)


def _s(key: str, label: str, *, exit: bool = False, terminal: bool = False) -> Stage:
    return Stage(key, label, exit, terminal or exit)


PIPELINES: dict[str, tuple[Stage, ...]] = {
    "submission": (
        _s("sourced", "Sourced"),
        _s("contacted", "Contacted"),
        _s("qualified", "Qualified"),
        _s("submitted", "Submitted"),
        _s("interviewing", "Interviewing"),
        _s("offered", "Offered"),
        _s("placed", "Placed", terminal=True),
        _s("rejected_by_us", "Rejected by us", exit=True),
        _s("rejected_by_client", "Rejected by client", exit=True),
        _s("candidate_withdrew", "Candidate withdrew", exit=True),
    ),
    "job": (
        _s("intake", "Intake"),
        _s("sourcing", "Sourcing"),
        _s("submitting", "Submitting"),
        _s("interviewing", "Interviewing"),
        _s("offer", "Offer"),
        _s("placed", "Placed", terminal=True),
        _s("closed_filled", "Closed: filled", exit=True),
        _s("closed_lost", "Closed: lost", exit=True),
        _s("closed_cancelled", "Closed: cancelled", exit=True),
        _s("on_hold", "On hold", exit=True),
    ),
    "placement": (
        _s("offer_accepted", "Offer accepted"),
        _s("started", "Started (in guarantee)"),
        _s("guarantee_passed", "Guarantee passed"),
        _s("fell_off", "Fell off before start", exit=True),
        _s("guarantee_failed", "Guarantee failed", exit=True),
    ),
    "client": (
        _s("target", "Target"),
        _s("contacted", "Contacted"),
        _s("meeting", "Meeting"),
        _s("terms_sent", "Terms sent"),
        _s("active_client", "Active client"),
        _s("dormant", "Dormant", exit=True),
        _s("lost", "Lost", exit=True),
    ),
}


_DEFAULTS: dict[str, tuple[Stage, ...]] = dict(PIPELINES)


def configure(renames: dict[str, dict[str, str]] | None) -> None:
    """Apply the user's stage names (``[stages.<pipeline>] key = "Label"`` in the config).

    Keys stay canonical; only labels change, in place, so every ``PIPELINES`` / ``stage_label``
    user sees them. ``configure(None)`` restores the defaults. Unknown names raise KeyError
    (``settings.load`` reports them with the file and line first).
    """
    renames = renames or {}
    for pipeline in renames:
        if pipeline not in _DEFAULTS:
            raise KeyError(pipeline)
    for pipeline, default in _DEFAULTS.items():
        names = renames.get(pipeline, {})
        known = {s.key for s in default}
        for key in names:
            if key not in known:
                raise KeyError(f"{pipeline}.{key}")
        PIPELINES[pipeline] = tuple(
            Stage(s.key, names.get(s.key, s.label), s.exit, s.terminal) for s in default
        )


# --------------------------------------------------------------------------- added stages
# A team adds stages between the canonical ones (``store.user_stages``, in the database). Each is
# shown on its pipeline's board as a column after its canonical ``category`` (in ``position``
# order) under the key ``added_key(id)``; the rows at it keep the canonical key, so metrics, due
# rules and every list that reads ``PIPELINES`` see the canonical stage. Only boards read
# ``board(pipeline)``.

_ADDED: dict[str, tuple[Stage, ...]] = {}
ADDED_PREFIX = "u"


def added_key(stage_id: int) -> str:
    """``u7``: an added stage's key on a board (canonical keys are words; this never is one)."""
    return f"{ADDED_PREFIX}{stage_id}"


def added_id(key: str) -> int | None:
    """The id of an added stage's key (None for a canonical key)."""
    rest = key[len(ADDED_PREFIX):] if key.startswith(ADDED_PREFIX) else ""
    return int(rest) if rest.isdigit() else None


def set_added(pipeline: str, added: list[tuple[int, str, str]]) -> None:
    """The pipeline's added stages as read: (id, name, category), in their order."""
    _ADDED[pipeline] = tuple(Stage(added_key(i), name, category=cat) for i, name, cat in added)


def board(pipeline: str) -> tuple[Stage, ...]:
    """The board's columns: the canonical stages, each followed by the stages added after it."""
    added = _ADDED.get(pipeline, ())
    if not added:
        return PIPELINES.get(pipeline, ())
    out: list[Stage] = []
    for stage in PIPELINES.get(pipeline, ()):
        out.append(stage)
        out.extend(a for a in added if a.category == stage.key)
    return tuple(out)


def category(pipeline: str, key: str) -> str:
    """The canonical stage a board key maps to (a canonical key maps to itself)."""
    for stage in _ADDED.get(pipeline, ()):
        if stage.key == key:
            return stage.category or key
    return key


def find(pipeline: str, text: str, *, added: bool = False) -> str | None:
    """The canonical key for what someone typed as a stage; None if it names none.

    The one lookup for every place a stage is typed (CLI ``--stage`` and ``move`` STAGE, the
    boards' "move to…"): a key or a (renamed) label, with case, spacing and punctuation
    ignored (``closed:filled``, ``closed filled``, ``Closed: filled``, ``closed-filled``), or
    the part of a label after its colon when only one label ends that way (``filled``), or the
    start (3 letters or more) of one stage's label or key only (``interview``, ``plac``).
    ``added``: the board's added stages count too (their keys are board keys, see ``board``).
    """
    wanted = _words(text)
    if not wanted:
        return None
    pipeline_stages = board(pipeline) if added else PIPELINES.get(pipeline, ())
    for stage in pipeline_stages:
        if wanted in (_words(stage.label), _words(stage.key)):
            return stage.key
    tails = [s.key for s in pipeline_stages if ":" in s.label and _words(s.label.rsplit(":", 1)[1]) == wanted]
    if len(tails) == 1:
        return tails[0]
    if len(wanted) < 3:
        return None
    # the start of one stage's label or key only ("interview", "plac"): "rej" starts two, and names none
    starts = {s.key for s in pipeline_stages if _words(s.label).startswith(wanted) or _words(s.key).startswith(wanted)}
    return starts.pop() if len(starts) == 1 else None


def _words(text: str) -> str:
    """Lower-case words only: ``Closed: filled`` and ``closed_filled`` are both ``closed filled``."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def keys(pipeline: str) -> tuple[str, ...]:
    return tuple(s.key for s in PIPELINES[pipeline])


def stage_label(pipeline: str, key: str | None, missing: str = "—") -> str:
    """The label of a stored canonical stage key or an added stage's key (``missing`` when unset,
    the key if unknown)."""
    for stage in board(pipeline):
        if stage.key == key:
            return stage.label
    return key or missing
