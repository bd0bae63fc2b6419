"""The seed's mail automations, as proposals a recruiter approves with one key (issue 15 item 3).

    [mail.automations]            # in the config file; each: "ask" (default), "send" or "off"
    interview_prep = "send"       # a move to Interviewing (with a time): the candidate's prep email
                                  #   and the hiring manager's confirmation, each with the .ics invite
    client_checkin = "ask"        # a 30-day check-in marked done: the client check-in email
    nurture = "ask"               # a nurture batch: the list to review ("send": no list; "off": no batch)

"ask" shows what would be sent (to whom, the subject, the invite) and ``enter`` sends it all;
"send" sends without asking (a toast says so, and a failure stays in the outbox); "off" proposes
nothing.
"""

from __future__ import annotations

AUTOMATIONS = {
    "interview_prep": "a move to Interviewing: the prep email to the candidate and the confirmation to the "
                      "hiring manager, each with the invite",
    "client_checkin": "a 30-day check-in marked done: the client check-in email to the hiring manager",
    "nurture": "a nurture batch (Due today's gone-cold candidates, a pool's people): the nurture email to each",
}
MODES = ("ask", "send", "off")
DEFAULT = "ask"


def mode(automations: dict[str, str] | None, name: str) -> str:
    """What the config says to do for automation ``name`` (checked when the config was read)."""
    return (automations or {}).get(name, DEFAULT)


def problem(name: object, value: object) -> str | None:
    """Why ``name = value`` in [mail.automations] is refused, or None."""
    if name not in AUTOMATIONS:
        return f"{name} is not an automation; known: {', '.join(AUTOMATIONS)}"
    if value not in MODES:
        return f'{name} must be one of {", ".join(MODES)}, e.g. {name} = "ask"'
    return None
