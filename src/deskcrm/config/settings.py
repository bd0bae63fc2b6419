"""The config file (TOML): theme, who you are, and due-list settings. Read on demand, never
at import.

    theme = "deskcrm-dark"
    db = "~/desk.db"   # the desk to open (a file, or postgresql://me@server/agency); --db wins
    me = "AM"          # your recruiter initials: what owner:me means in search
    date_order = "dmy" # how 3/12/2026 reads: "dmy" = 3 Dec (default), "mdy" = 12 Mar (US desks)
    phone_region = "GB" # the country of an imported phone number written without +44 / 0044 (none: kept as typed)
    [due]
    nurture_days = 90
    [touch]            # days until the next touch after a call: talked / voicemail / no answer
    talked_days = 30
    [amounts]          # a salary or fee over these asks "save anyway?" (the CLI: --force)
    max_salary = 5_000_000
    range_times = 10   # … or over 10× the top of the job's salary range
    [stages.submission]   # rename pipeline stages; the canonical key stays underneath
    sourced = "Longlist"
    [keys]             # remap any key by its binding id (see ? help)
    "due.done" = "d"
    [report]           # the reports (section 6, deskcrm report): targets are in this currency
    target_currency = "EUR"
    [report.stage_weights]  # the chance an open job at each stage is filled (weighted pipeline)
    offer = 0.8
    [search.synonyms]  # the search vocabulary, extended (domain/vocabulary.toml has the shipped one)
    nurse = ["carer"]
    [mail]             # how messages are sent: smtp, command or file (config/mail_settings.py)
    method = "smtp"
    [privacy]          # a merge / an undone create stays undoable this long, then the journal forgets them
    undo_window_days = 30
    retention_months = 24          # retention review of a candidate never placed, after the last contact
    placement_retention_years = 7  # … of a placed candidate, after their latest placement's start

A broken file is a clear error naming the file and line; writing the theme keeps every
other line of the user's file as it was.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, fields
from pathlib import Path

from deskcrm.config import paths
from deskcrm.errors import ConfigError  # raised here; defined there so the CLI catches it cheaply

DEFAULT_THEME = "deskcrm-dark"


@dataclass
class Settings:
    theme: str = DEFAULT_THEME
    me: str | None = None  # recruiter initials (upper case): what ``owner:me`` means
    date_order: str = "dmy"  # how a numeric d/m date reads (dates.configure): "dmy" or "mdy"
    phone_region: str | None = None  # ISO 3166 code for imported national phone numbers (imports.cells.phone)
    due: dict[str, int] = field(default_factory=dict)  # overrides of due.DueSettings fields
    touch: dict[str, int] = field(default_factory=dict)  # overrides of touch.TouchSettings fields
    stages: dict[str, dict[str, str]] = field(default_factory=dict)  # pipeline -> key -> label
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> key(s), see config/keymap.py
    amounts: dict[str, float] = field(default_factory=dict)  # overrides of amounts.Limits fields
    search: dict = field(default_factory=dict)  # the vocabulary's extension (domain.vocabulary.check_extension)
    report: dict = field(default_factory=dict)  # [report]: target_currency, stage_weights (config/report_settings.py)
    privacy: dict[str, int] = field(default_factory=dict)  # overrides of privacy.PrivacySettings fields
    mail: dict = field(default_factory=dict)  # [mail]: how to send (config/mail_settings.py)
    path: Path | None = None


def load(path: Path | None = None) -> Settings:
    path = path or paths.config_file()
    if not path.exists():
        return Settings(path=path)
    import tomllib  # only when there is a file to read: the command line starts faster without it

    try:
        source = path.read_text(encoding="utf-8")
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}; fix or delete the file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from None
    _known_names(path, source, data)
    theme = data.get("theme", DEFAULT_THEME)
    if not isinstance(theme, str):
        raise ConfigError(f"{path}: 'theme' must be a quoted name, e.g. theme = \"{DEFAULT_THEME}\"")
    paths.check_db_setting(path, data.get("db"))  # read by paths.resolve_db (no parse without it)
    me = _me(path, data.get("me"))
    date_order = _date_order(path, source, data.get("date_order", "dmy"))
    phone_region = _phone_region(path, source, data.get("phone_region"))
    # Each table is checked against the module it configures, imported only when the file has
    # that table (the hot commands start without the due rules, the key map...).
    due = _days(path, source, data, "due", "deskcrm.domain.due_item:DueSettings", minimum=0)
    touch = _days(path, source, data, "touch", "deskcrm.domain.touch:TouchSettings", minimum=1)
    keys = _keys(path, source, data)
    privacy = _days(path, source, data, "privacy", "deskcrm.domain.privacy:PrivacySettings", minimum=0)
    return Settings(theme=theme, me=me, date_order=date_order, phone_region=phone_region, due=due, touch=touch, keys=keys,
                    stages=_stages(path, source, data.get("stages", {})), amounts=_amounts(path, source, data),
                    search=_search(path, source, data), report=_report(path, source, data), privacy=privacy,
                    mail=_mail(path, source, data), path=path)


# What the file may hold at its top level: settings, then tables. Anything else is a typo.
SETTINGS = ("theme", "db", "me", "date_order", "phone_region")
TABLES = ("due", "touch", "amounts", "stages", "keys", "search", "report", "privacy", "mail")


def _known_names(path: Path, source: str, data: dict) -> None:
    """Refuse a top-level key or table this deskcrm does not read (``date_ordr``, ``[amount]``),
    naming its line and the closest known name: a typo is never silently ignored."""
    for key, value in data.items():
        if key in SETTINGS or key in TABLES:
            continue
        import difflib  # only for a mistake: the command line starts faster without it

        where = f"{path}:{_line(source, key)}"
        if isinstance(value, dict):
            close = difflib.get_close_matches(key.lower(), TABLES, n=1)
            hint = f"did you mean [{close[0]}]? " if close else ""
            raise ConfigError(f"{where}: [{key}] is not a table; {hint}known: "
                              f"{', '.join(f'[{t}]' for t in TABLES)}")
        close = difflib.get_close_matches(key.lower(), SETTINGS, n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        raise ConfigError(f"{where}: {key} is not a setting; {hint}known: {', '.join(SETTINGS)} "
                          f"and the tables {', '.join(f'[{t}]' for t in TABLES)}")


def _unknown_in(path: Path, source: str, table: str, key: str, known: list[str]) -> ConfigError:
    """``[table] key`` is not a setting: the error, with its line and the closest known key."""
    import difflib

    close = difflib.get_close_matches(key.lower(), known, n=1)
    hint = f"did you mean {close[0]}? " if close else ""
    return ConfigError(f"{path}:{_line(source, key, section=table)}: [{table}] {key} is not a setting; "
                       f"{hint}known: {', '.join(known)}")


def _search(path: Path, source: str, data: dict) -> dict:
    """[search.synonyms] / [search.abbreviations] / [search.stop_words]: checked by the vocabulary."""
    if "search" not in data:
        return {}
    from deskcrm.domain import vocabulary

    try:
        return vocabulary.check_extension(data["search"])
    except ValueError as exc:
        table, _, rest = str(exc).partition(": ")
        section, _, key = table.partition(".")
        where = f"{path}:{_line(source, key or section, section=f'search.{section}' if key else 'search')}"
        name = f"[search.{section}] {key}" if key else f"[search] {section}"
        raise ConfigError(f"{where}: {name}: {rest}") from None


def _report(path: Path, source: str, data: dict) -> dict:
    if "report" not in data:
        return {}
    from deskcrm.config.report_settings import check

    return check(path, source, data["report"], _line)


def _mail(path: Path, source: str, data: dict) -> dict:
    if "mail" not in data:
        return {}
    from deskcrm.config.mail_settings import check

    return check(path, source, data["mail"], _line)


def _keys(path: Path, source: str, data: dict) -> dict[str, str]:
    if "keys" not in data:
        return {}
    from deskcrm.config import keymap

    try:
        return keymap.parse(path, data["keys"], source)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


def _days(path: Path, source: str, data: dict, table: str, target: str, *, minimum: int) -> dict[str, int]:
    """A [table] of whole numbers of days, each a field of the dataclass ``target``
    ("module:Class", imported only when the file has the table)."""
    if table not in data:
        return {}
    values = data[table]
    if not isinstance(values, dict):
        raise ConfigError(f"{path}: [{table}] must be a table of numbers")
    from importlib import import_module

    module, _, name = target.partition(":")
    known = sorted(f.name for f in fields(getattr(import_module(module), name)))
    for key, value in values.items():
        if key not in known:
            raise _unknown_in(path, source, table, key, known)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            unit = next((u for u in ("months", "years") if key.endswith("_" + u)), "days")
            raise ConfigError(f"{path}: [{table}] {key} must be a whole number of {unit} ≥ {minimum}")
    return dict(values)


def _amounts(path: Path, source: str, data: dict) -> dict[str, float]:
    """``[amounts]``: the ceilings of ``amounts.Limits``, positive numbers (``range_times`` ≥ 1)."""
    if "amounts" not in data:
        return {}
    from deskcrm.domain.amounts import Limits

    values = data["amounts"]
    if not isinstance(values, dict):
        raise ConfigError(f"{path}: [amounts] must be a table of numbers, e.g. max_salary = 5_000_000")
    known = sorted(f.name for f in fields(Limits))
    for key, value in values.items():
        if key not in known:
            raise _unknown_in(path, source, "amounts", key, known)
        times = key == "range_times"
        number = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        if not number or not (value >= 1 if times else value > 0):
            example = "10" if times else "5_000_000"
            raise ConfigError(f"{path}: [amounts] {key} must be a number {'of 1 or more' if times else 'over 0'}, "
                              f"e.g. {key} = {example}")
    return {key: float(value) for key, value in values.items()}


_LABEL_MAX = 40


def _stages(path: Path, text: str, table: object) -> dict[str, dict[str, str]]:
    """``[stages.<pipeline>] key = "Label"``: every pipeline and key must exist (a misspelt
    one is an error naming its line), labels are short non-empty text, unique per pipeline."""
    from deskcrm.domain.stages import PIPELINES

    if not isinstance(table, dict):
        raise ConfigError(f"{path}:{_line(text, 'stages')}: [stages] must be tables like [stages.submission]")
    out: dict[str, dict[str, str]] = {}
    for pipeline, names in table.items():
        where = f"{path}:{_line(text, pipeline, section='stages')}"
        if pipeline not in PIPELINES:
            raise ConfigError(f"{where}: [stages.{pipeline}] is not a pipeline; known: {', '.join(PIPELINES)}")
        if not isinstance(names, dict):
            raise ConfigError(f'{where}: [stages.{pipeline}] must be a table of key = "Label" lines')
        known = [s.key for s in PIPELINES[pipeline]]
        seen: dict[str, str] = {}
        for key, label in names.items():
            where = f"{path}:{_line(text, key, section=f'stages.{pipeline}')}"
            if key not in known:
                from difflib import get_close_matches

                close = get_close_matches(key, known, n=1)
                hint = f"did you mean {close[0]}? " if close else ""
                raise ConfigError(f"{where}: [stages.{pipeline}] {key} is not a stage; {hint}known: {', '.join(known)}")
            clean = " ".join(label.split()) if isinstance(label, str) else ""
            if not clean or len(clean) > _LABEL_MAX or any(not ch.isprintable() for ch in clean):
                raise ConfigError(
                    f'{where}: [stages.{pipeline}] {key} must be a quoted name of 1-{_LABEL_MAX} printable '
                    f'characters, e.g. {key} = "My name"'
                )
            if clean.casefold() in seen:
                raise ConfigError(f"{where}: [stages.{pipeline}] {key} and {seen[clean.casefold()]} are both named {clean!r}")
            seen[clean.casefold()] = key
            out.setdefault(pipeline, {})[key] = clean
    for pipeline, names in out.items():  # a new name may not be another stage's default name
        for stage in PIPELINES[pipeline]:
            if stage.key not in names and stage.label.casefold() in {v.casefold() for v in names.values()}:
                key = next(k for k, v in names.items() if v.casefold() == stage.label.casefold())
                where = f"{path}:{_line(text, key, section=f'stages.{pipeline}')}"
                raise ConfigError(f"{where}: [stages.{pipeline}] {key} is named like the stage {stage.key}; pick another name")
    return out


def _line(text: str, key: str, section: str | None = None) -> int:
    """The 1-based line that sets ``section.key`` (a ``[table]``, ``a.b = ...`` or an inline
    table); 1 when it cannot be found."""
    target = f"{section}.{key}" if section else key
    table = ""
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.split("#", 1)[0].strip()
        header = _HEADER.match(stripped)
        if header:
            table = _dotted(header.group(1))
            if table == target or table.startswith(target + "."):  # [stage.submission] for "stage"
                return n
            continue
        name, eq, value = stripped.partition("=")
        if not eq:
            continue
        path = ".".join(p for p in (table, _dotted(name)) if p)
        if path == target or (target.startswith(path + ".") and re.search(rf"\b{re.escape(key)}\b", value)):
            return n
    return 1


_HEADER = re.compile(r"^\[+\s*([^\]]+?)\s*\]+$")


def _dotted(name: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in name.split("."))


_INITIALS = re.compile(r"^[^\W_]{1,8}$")  # letters and digits, any script


def _me(path: Path, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _INITIALS.match(value.strip()):
        raise ConfigError(f"{path}: 'me' must be your recruiter initials in quotes, e.g. me = \"AM\"")
    return value.strip().upper()


def _date_order(path: Path, source: str, value: object) -> str:
    from deskcrm.domain.dates import ORDERS

    if value not in ORDERS:
        raise ConfigError(f'{path}:{_line(source, "date_order")}: date_order must be "dmy" (3/12/2026 is 3 Dec) '
                          f'or "mdy" (3/12/2026 is 12 Mar), not {value!r}')
    return value


def _phone_region(path: Path, source: str, value: object) -> str | None:
    """A two-letter country code (``"GB"``, ``"de"``), kept upper-case; None when not set."""
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2}", value.strip()):
        raise ConfigError(f'{path}:{_line(source, "phone_region")}: phone_region must be a two-letter country '
                          f'code in quotes, e.g. phone_region = "GB", not {value!r}')
    return value.strip().upper()


_THEME_LINE = re.compile(r'^theme\s*=.*$', re.MULTILINE)


def save_theme(name: str, path: Path | None = None) -> None:
    """Remember the theme, keeping the rest of the file untouched (the file is the user's: 0600)."""
    from deskcrm.files import write_private

    path = path or paths.config_file()
    line = f'theme = "{name}"'
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    head, sep, rest = text.partition("\n[")  # top-level keys come before the first table
    if _THEME_LINE.search(head):
        head = _THEME_LINE.sub(line, head, count=1)
    else:
        head = line + ("\n" + head if head else "")
    new = head + sep + rest
    write_private(path, new if new.endswith("\n") else new + "\n")  # 0600, dirs 0700, atomic


def due_settings(settings: Settings):  # noqa: ANN201 - due.DueSettings
    from deskcrm.domain.due_item import DueSettings

    return DueSettings(**{**settings.due, **privacy_settings(settings).due()})


def amount_limits(settings: Settings):  # noqa: ANN201 - amounts.Limits
    from deskcrm.domain.amounts import Limits

    return Limits(**settings.amounts)


def privacy_settings(settings: Settings):  # noqa: ANN201 - privacy.PrivacySettings
    from deskcrm.domain.privacy import PrivacySettings

    return PrivacySettings(**settings.privacy)


def touch_settings(settings: Settings):  # noqa: ANN201 - touch.TouchSettings
    from deskcrm.domain.touch import TouchSettings

    return TouchSettings(**settings.touch)
