"""Key remapping from the config file (DESIGN.md §3: every binding has an id and can be remapped).

    [keys]
    "due.done" = "d"            # a binding id = the key(s) that run it
    "screen.undo" = "ctrl+z,u"  # several keys, comma-separated

Ids are listed on the help screen (``?``). The table is checked when the config is read
(a malformed key is an error naming the line); ids no screen knows are reported once the app
is up (screens are imported lazily, so that check waits for the first paint).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

_KEY = re.compile(r"^(?:(?:ctrl|shift|alt|super|meta)\+)*(?:[a-z0-9_]+|.)$")


def parse(path: Path, table: object, source: str) -> dict[str, str]:
    """Validate the ``[keys]`` table; ``ValueError`` names the line and what to write."""
    if not isinstance(table, dict):
        raise ValueError(f"{path}: [keys] must be a table of binding id = \"key\"")  # noqa: TRY004 - shown as a config error
    out: dict[str, str] = {}
    for binding_id, keys in table.items():
        where = f"{path}:{line_of(source, binding_id)}"
        if not isinstance(keys, str) or not keys.strip():
            raise ValueError(f'{where}: [keys] {binding_id} must be a quoted key, e.g. "{binding_id}" = "d"')
        parts = [k.strip() for k in keys.split(",")]
        for key in parts:
            if not _KEY.match(key):
                raise ValueError(f"{where}: [keys] {binding_id}: {key!r} is not a key (e.g. d, ctrl+s, f5, shift+tab)")
        out[binding_id] = ",".join(parts)
    return out


def line_of(source: str, name: str) -> int:
    """The 1-based line that defines ``name`` in the TOML text (0 if not found)."""
    pattern = re.compile(rf"^[ \t]*([\"']?){re.escape(name)}\1[ \t]*=", re.MULTILINE)
    found = pattern.search(source)
    return source.count("\n", 0, found.start()) + 1 if found else 0


def known_ids(bindings: Iterable[object], packages: Iterable[ModuleType]) -> set[str]:
    """Every binding id of ``bindings`` (the app's own) and of every class in ``packages``
    (screens, dialogs, widgets: all imported here). The app passes them: config imports no UI."""
    ids = {b.id for b in bindings if getattr(b, "id", None)}
    for package in packages:
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for value in vars(module).values():
                for binding in getattr(value, "BINDINGS", None) or ():
                    if isinstance(value, type) and getattr(binding, "id", None):
                        ids.add(binding.id)
    return ids
