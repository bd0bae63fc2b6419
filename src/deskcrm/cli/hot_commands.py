"""The hot commands: which options each takes, read without Typer.

Typer's import alone costs 100-140 ms, over the whole budget of a script's command
(DESIGN.md §4: 150 ms over Python's own start). The commands scripts call most — the TUI,
``due``, ``search``, ``jobs``, ``placements``, ``submissions``, ``client`` — are declared
once more here as data (``HOT``): each option's name, the parameter it fills, whether it is a
flag, a text or a whole number, and its default. One reader (:func:`read`) takes a command
line apart by that table; a command line it is not sure of (``--help``, a repeated or
unknown option, a value that is not plainly a number, a missing argument...) is None, and
Typer takes it, with its own help and messages.

The Typer commands in ``deskcrm.cli.commands`` stay the documented interface (``--help``); their
bodies call :func:`run` with the same parameters, so both ways end in the same function. A
test holds this table and the Typer declarations to each other, option by option.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

FLAG, TEXT, NUMBER = "flag", "text", "number"


@dataclass(frozen=True)
class Opt:
    name: str  # as typed: --json
    param: str  # the Typer command's parameter it fills: as_json
    kind: str = TEXT  # FLAG, TEXT or NUMBER (digits only here; anything else is Typer's to read)
    default: object = None


@dataclass(frozen=True)
class Arg:
    param: str  # the Typer command's parameter: query
    many: bool = False  # one or more words (a list) rather than exactly one


@dataclass(frozen=True)
class Hot:
    target: str  # "module:function", called with every parameter by name
    options: tuple[Opt, ...]
    argument: Arg | None = None


DB = Opt("--db", "db")
JSON = Opt("--json", "as_json", FLAG, False)
PRETTY = Opt("--pretty", "pretty", FLAG, False)
STAGE = Opt("--stage", "stage")
LIMIT = Opt("--limit", "limit", NUMBER)
ALL = Opt("--all", "every", FLAG, False)

ME = Opt("--me", "me")
ROOT = (DB, ME)  # `deskcrm --db PATH [--me AM] [command ...]`: the root's options, before the command
HOT: dict[str | None, Hot] = {
    None: Hot("deskcrm.cli.launch:open_tui", (DB, ME)),  # no command: the TUI
    "due": Hot("deskcrm.cli.launch:print_due", (DB, Opt("--date", "on"), JSON, PRETTY)),
    "search": Hot("deskcrm.cli.search_cli:print_search",
                  (DB, JSON, PRETTY, Opt("--limit", "limit", NUMBER, 20), Opt("--offset", "offset", NUMBER, 0), ME,
                   Opt("--rank", "rank", FLAG, False),
                   Opt("--why", "why", FLAG, False)), Arg("query", many=True)),
    "jobs": Hot("deskcrm.cli.board_cli:print_jobs", (DB, STAGE, JSON, PRETTY, LIMIT, ALL)),
    "placements": Hot("deskcrm.cli.board_cli:print_placements", (DB, STAGE, JSON, PRETTY, LIMIT, ALL)),
    "submissions": Hot("deskcrm.cli.board_cli:print_submissions",
                       (DB, Opt("--job", "job", NUMBER), Opt("--person", "person", NUMBER), STAGE, ALL, JSON, PRETTY,
                        LIMIT)),
    "client": Hot("deskcrm.cli.client_cli:print_client", (DB, JSON, PRETTY, Opt("--date", "on")), Arg("name_or_id")),
}


def read(args: list[str]) -> tuple[str | None, dict[str, object]] | None:
    """(command, {option as typed: value}) for a well-formed hot command line, the argument's
    words under its parameter name; None sends the line to Typer.

    ``--db`` may come before the command or after it (not both: Typer says which one)."""
    found: dict[str, object] = {}
    i = _options(args, 0, {o.name: o for o in ROOT}, found, None)
    if i is None:
        return None
    command = args[i] if i < len(args) else None
    hot = HOT.get(command)
    if hot is None or any(name not in {o.name for o in hot.options} for name in found):
        return None  # e.g. --me before a command that takes none: Typer says what it makes of it
    words: list[str] = []
    end = _options(args, i + (command is not None), {o.name: o for o in hot.options}, found, words)
    if end is None:
        return None
    arg = hot.argument
    if arg is None:
        return (command, found) if not words else None
    if not words or (len(words) > 1 and not arg.many):
        return None
    found[arg.param] = words if arg.many else words[0]
    return command, found


def _options(args: list[str], i: int, allowed: dict[str, Opt], found: dict[str, object],
             words: list[str] | None) -> int | None:
    """Read ``allowed`` options from ``args[i:]`` into ``found``, and the other words into
    ``words`` (None: stop at the first word, the command). Where it stopped, or None for
    anything unusual: repeated, unknown, a missing value, a number that is not plain digits."""
    while i < len(args):
        word = args[i]
        if word == "--" and words is not None:  # everything after it is the argument's
            words.extend(args[i + 1:])
            return len(args)
        if not word.startswith("-"):
            if words is None:
                return i
            words.append(word)
            i += 1
            continue
        name, eq, value = word.partition("=")
        opt = allowed.get(name)
        if opt is None or name in found:
            return None
        if opt.kind == FLAG:
            if eq:
                return None
            found[name] = True
        else:
            if not eq:
                i += 1
                if i == len(args) or args[i].startswith("-"):
                    return None
                value = args[i]
            if opt.kind == NUMBER and not (value.isascii() and value.isdigit()):
                return None
            found[name] = value
        i += 1
    return i


def params(command: str | None, found: dict[str, object]) -> dict[str, object]:
    """What :func:`read` found as the Typer command's parameters, defaults filled in."""
    hot = HOT[command]
    out: dict[str, object] = {}
    for opt in hot.options:
        value = found.get(opt.name, opt.default)
        out[opt.param] = int(value) if opt.kind == NUMBER and isinstance(value, str) else value
    if hot.argument is not None:
        out[hot.argument.param] = found[hot.argument.param]
    return out


def run(command: str | None, values: dict[str, object]) -> None:
    """Call the hot command's function with its parameters (by name): from the fast path, and
    from the Typer command's body."""
    module, _, function = HOT[command].target.partition(":")
    getattr(import_module(module), function)(**values)
