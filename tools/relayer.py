"""Move deskcrm's modules into their layers, and point every reference at the new names.

    python tools/relayer.py            # move what is not moved yet, rewrite references
    python tools/relayer.py --check    # list what would change; exit 1 if anything would

Issue 11, item 1. The flat top level of ``src/deskcrm/`` is split by layer (``cli/``,
``domain/``, ``config/``, ``work/``); :data:`MODULES` maps each old module to its new one and
:data:`SYMBOLS` names the classes and functions that later left a moved module for another.
The script (1) ``git mv``s each file still at its old place and adds the new packages' empty
``__init__.py``, and (2) rewrites, across ``src/``, ``tests/``, ``bench/``, ``pyproject.toml``
and ``README.md``:

- ``from deskcrm.x import a, b`` / ``from deskcrm import x, y as z`` (one line, several after
  ``;`` in a code string, or parenthesised over lines): split by destination when the names
  now live in different modules;
- every dotted name ``deskcrm.x`` / ``deskcrm.x.attr`` / ``"deskcrm.x:function"`` (imports,
  mocks, entry points, ``python -m``, docstrings, README), and ``src/deskcrm/x.py`` paths.

It is idempotent: a second run changes nothing, and after a branch written against the old
names is merged, running it again moves that branch's imports too. A line holding
``relayer: keep`` is left as it is.

``deskcrm.cli`` was a module and is now a package: ``deskcrm.cli.NAME`` stays when NAME is a
module of the new package (``deskcrm.cli.launch``); otherwise — ``deskcrm.cli``,
``deskcrm.cli:main``, ``deskcrm.cli.fast_path``, ``from deskcrm.cli import main`` — it meant
the old module, now ``deskcrm.cli.entry``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"

_LAYERS = {
    "cli": ("cli:entry", "commands", "hot_commands", "launch", "output", "due_report", "client_report",
            "board_cli", "search_cli", "client_cli", "db_cli", "recruiter_cli"),
    "domain": ("amounts", "client_rules", "clock", "contact_terms", "dates", "due", "due_done", "due_rules",
               "guarantee_rules", "pipeline_rules", "recruiter_rules", "search_query", "stages", "touch", "validate"),
    "config": ("settings", "keymap", "themes", "paths", "whoami"),
    "work": ("editor",),
}

MODULES: dict[str, str] = {
    f"deskcrm.{old}": f"deskcrm.{layer}.{new or old}"
    for layer, names in _LAYERS.items()
    for old, _, new in (name.partition(":") for name in names)
}
MODULES |= {
    "deskcrm.screens.writes": "deskcrm.work.writes",  # the ordered write queue: not a screen
    "deskcrm.screens.upkeep": "deskcrm.work.upkeep",  # idle-time index merging, run by the write queue
}

# (module as it is named now, name) -> the module the name moved to, after the file moves.
SYMBOLS: dict[tuple[str, str], str] = {
    # the due list read for a file (and ahead, at launch) is not a printer: the screen uses it too
    ("deskcrm.cli.due_report", "compute_for"): "deskcrm.work.due_list",
    ("deskcrm.cli.due_report", "Prefetch"): "deskcrm.work.due_list",
    # the search connection pool is not a screen (the worker and its messages stay in screens/)
    ("deskcrm.screens.search_worker", "SearchPool"): "deskcrm.work.search_pool",
    # an account's fee terms and money figures in words: the account screen's too, not only the printer's
    ("deskcrm.cli.client_report", "fee_terms"): "deskcrm.domain.client_rules",
    ("deskcrm.cli.client_report", "amounts"): "deskcrm.domain.client_rules",
    # what an activity is logged against: every screen that logs one builds it (no person <-> person_actions circle)
    ("deskcrm.screens.person", "ActivitySubject"): "deskcrm.screens.activity_subject",
}

SCOPE = ("src", "tests", "bench")
FILES = ("pyproject.toml", "README.md")
SUFFIXES = {".py", ".toml", ".md", ".cfg", ".ini", ".txt", ".mako"}
KEEP = "relayer: keep"

_NAME = r"[A-Za-z_]\w*"
_NAMES = rf"{_NAME}(?:[ \t]+as[ \t]+{_NAME})?(?:[ \t]*,[ \t]*{_NAME}(?:[ \t]+as[ \t]+{_NAME})?)*"
_PATTERN = re.compile(
    rf"(?P<from>\bfrom[ \t]+(?P<mod>deskcrm(?:\.{_NAME})*)[ \t]+import[ \t]+(?P<names>\([^)]*\)|{_NAMES}))"
    rf"|(?P<path>(?<![\w/.-])(?:src/)?deskcrm(?:/{_NAME})+\.py\b)"
    rf"|(?P<dotted>(?<![\w.])deskcrm(?:\.{_NAME})+)"
)


def _parent(module: str) -> tuple[str, str]:
    parent, _, leaf = module.rpartition(".")
    return parent, leaf


def _new_packages() -> set[str]:
    return {_parent(m)[0] for m in (*MODULES.values(), *SYMBOLS.values())}


def _submodules(package: str) -> set[str]:
    """Modules of ``package`` in the new layout (from the maps, and on disk)."""
    found = {_parent(m)[1] for m in (*MODULES.values(), *SYMBOLS.values()) if _parent(m)[0] == package}
    folder = SRC.joinpath(*package.split("."))
    if folder.is_dir():
        found |= {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}
        found |= {p.name for p in folder.iterdir() if (p / "__init__.py").exists()}
    return found


def _ambiguous(module: str) -> bool:
    """An old module name that is a new package too (``deskcrm.cli``)."""
    return module in MODULES and module in _new_packages()


def resolve(dotted: str) -> str:
    """The new name of a dotted name: a module, or a module's attribute."""
    parts = dotted.split(".")
    module, rest, moved = dotted, [], False
    for end in range(len(parts), 1, -1):
        head = ".".join(parts[:end])
        if head in MODULES:
            if not (_ambiguous(head) and end < len(parts) and parts[end] in _submodules(head)):
                module, rest, moved = MODULES[head], parts[end:], True
            break  # else deskcrm.cli.launch: a module of the new package, named as it is now
    if not moved:  # named as it is now: is it a name that left its module?
        for end in range(len(parts) - 1, 1, -1):
            if (".".join(parts[:end]), parts[end]) in SYMBOLS:
                module, rest = ".".join(parts[:end]), parts[end:]
                break
    if rest and (module, rest[0]) in SYMBOLS:
        module = SYMBOLS[module, rest[0]]
    return ".".join([module, *rest])


def _from_import(match: re.Match[str], line_start: bool, indent: str) -> str:
    module, names_text = match["mod"], match["names"]
    inner = names_text[1:-1] if names_text.startswith("(") else names_text
    names = re.findall(rf"({_NAME})(?:\s+as\s+({_NAME}))?", re.sub(r"#[^\n]*", "", inner))
    groups: dict[str, list[str]] = {}
    for name, alias in names:
        if _ambiguous(module) and name in _submodules(module):
            target, leaf = module, name
        elif f"{module}.{name}" in MODULES:
            target, leaf = _parent(MODULES[f"{module}.{name}"])
        else:
            target, leaf = _parent(resolve(f"{module}.{name}"))
        bound = alias or name
        groups.setdefault(target, []).append(leaf if leaf == bound else f"{leaf} as {bound}")
    if not groups:  # nothing it can read: left as it is
        return match[0]
    if len(groups) == 1:
        (target,) = groups
        if _same(groups[target], names):  # one destination, same names: keep their text (parentheses, comments)
            return f"from {target} import {names_text}"
        return _emit(target, groups[target], indent)
    sep = f"\n{indent}" if line_start else "; "
    return sep.join(_emit(target, found, indent) for target, found in groups.items())


def _same(new: list[str], old: list[tuple[str, str]]) -> bool:
    return new == [n if not a or a == n else f"{n} as {a}" for n, a in old]


def _emit(module: str, names: list[str], indent: str) -> str:
    line = f"from {module} import {', '.join(names)}"
    if len(indent) + len(line) <= 120:
        return line
    body, row = [], f"{indent}    "
    for name in names:
        piece = f"{name}, "
        if len(row) + len(piece) > 118 and row.strip():
            body.append(row.rstrip())
            row = f"{indent}    "
        row += piece
    body.append(row.rstrip().rstrip(",") + ",")
    return f"from {module} import (\n" + "\n".join(body) + f"\n{indent})"


def _path(path: str) -> str:
    src = path.startswith("src/")
    dotted = path.removeprefix("src/").removesuffix(".py").replace("/", ".")
    new = resolve(dotted)
    if new == dotted or new not in MODULES.values():
        return path
    return ("src/" if src else "") + new.replace(".", "/") + ".py"


def rewrite(source: str) -> str:
    out: list[str] = []
    pos = 0
    for match in _PATTERN.finditer(source):
        line_begin = source.rfind("\n", 0, match.start()) + 1
        line_end = source.find("\n", match.start())
        line = source[line_begin:line_end if line_end >= 0 else len(source)]
        if KEEP in line:
            continue
        before = source[line_begin:match.start()]
        if match["from"]:
            new = _from_import(match, not before.strip(), before if not before.strip() else "")
        elif match["path"]:
            new = _path(match["path"])
        else:
            new = resolve(match["dotted"])
        out.append(source[pos:match.start()])
        out.append(new)
        pos = match.end()
    out.append(source[pos:])
    return "".join(out)


def _files() -> list[Path]:
    found = [ROOT / name for name in FILES if (ROOT / name).exists()]
    for folder in SCOPE:
        found += sorted(p for p in (ROOT / folder).rglob("*")
                        if p.is_file() and p.suffix in SUFFIXES and "__pycache__" not in p.parts)
    return found


def _file_of(module: str) -> Path:
    return SRC.joinpath(*module.split(".")).with_suffix(".py")


def move(check: bool) -> list[str]:
    """``git mv`` each module still at its old place; add the new packages' ``__init__.py``."""
    done = []
    for old, new in MODULES.items():
        src, dst = _file_of(old), _file_of(new)
        if not src.exists() or dst.exists():
            continue
        done.append(f"git mv {src.relative_to(ROOT)} {dst.relative_to(ROOT)}")
        if not check:
            for package in _parents(new):
                init = SRC.joinpath(*package.split("."), "__init__.py")
                if not init.exists():
                    init.parent.mkdir(parents=True, exist_ok=True)
                    init.write_text("")
                    subprocess.run(["git", "add", str(init)], cwd=ROOT, check=True)
            subprocess.run(["git", "mv", str(src), str(dst)], cwd=ROOT, check=True)
    return done


def _parents(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(2, len(parts))]


def main(argv: list[str]) -> int:
    check = "--check" in argv
    changed = move(check)
    for path in _files():
        text = path.read_text(encoding="utf-8")
        new = rewrite(text)
        if new != text:
            changed.append(f"rewrite {path.relative_to(ROOT)}")
            if not check:
                path.write_text(new, encoding="utf-8")
    print("\n".join(changed) if changed else "nothing to do")
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
