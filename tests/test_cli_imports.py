"""Issue 10, item 6: what a hot command imports at start when a config file exists.

A config file is read and checked whole (strict), but only the parts a command needs cost
imports: `search` reads it only for ``owner:me``, and a config without ``[due]``/``[touch]``/
``[keys]``/``[amounts]`` tables does not import the modules those tables are checked against.
Counted in a real process (``sys.modules``), not timed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from seed import seed

_CODE = (
    "import sys; from deskcrm.cli import entry as cli\n"
    "try:\n    cli.main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
    "sys.stderr.write('imported: ' + repr(sorted(m for m in sys.modules if m in WATCH)))"
)
_WATCH = ("deskcrm.config.settings", "tomllib", "deskcrm.domain.due", "deskcrm.domain.touch", "deskcrm.config.keymap", "deskcrm.domain.amounts",
          "platformdirs")


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    seed(path)
    return path


def _config(text: str) -> None:
    folder = os.path.join(os.environ["XDG_CONFIG_HOME"], "deskcrm")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.toml"), "w", encoding="utf-8") as f:
        f.write(text)


def _imported(*args: str) -> tuple[list[str], str]:
    code = f"WATCH = {_WATCH!r}\n" + _CODE
    env = {k: v for k, v in os.environ.items() if k != "DESKCRM_NO_FAST_PATH"}
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120,
                            env=env)
    head, _, imported = result.stderr.rpartition("imported: ")
    assert not head.strip(), result.stderr  # no error line
    return eval(imported), result.stdout  # noqa: S307 - our own repr of a list of names


def test_search_reads_the_config_only_for_owner_me(desk):
    _config('theme = "deskcrm-light"\nme = "AM"\n[due]\nguarantee_window_days = 7\n')
    imported, out = _imported("search", "role:contact", "--json", "--db", str(desk))
    assert json.loads(out)
    # (tomllib: the shipped vocabulary is TOML; the config file is read whole only with a [search] table)
    assert "deskcrm.config.settings" not in imported and "deskcrm.domain.due" not in imported
    mine, out_me = _imported("search", "owner:me", "--json", "--db", str(desk))
    assert "deskcrm.config.settings" in mine  # owner:me still means the config's `me`
    found = json.loads(out_me)  # the people, or (no one is AM's here) the partial matches
    assert isinstance(found, list) or found["partial"] is True
    _config('me = "AM"\n[search.synonyms]\nrecruiter = ["talent partner"]\n')
    extended, _ = _imported("search", "role:contact", "--json", "--db", str(desk))
    assert "deskcrm.config.settings" in extended  # the user's vocabulary: read


def test_a_config_without_tables_imports_no_rules_for_the_boards(desk):
    _config('theme = "deskcrm-light"\nme = "AM"\n')
    for args in (["jobs", "--json"], ["placements", "--json"], ["submissions"]):
        imported, out = _imported(*args, "--db", str(desk))
        assert out, args
        assert "deskcrm.config.settings" in imported and "tomllib" in imported, args  # still read and checked
        for module in ("deskcrm.domain.due", "deskcrm.domain.touch", "deskcrm.config.keymap"):  # (amounts: boards print money)
            assert module not in imported, (args, module)


def test_due_json_imports_no_uuid(desk):
    """A read never makes a journal transaction id: ``uuid`` (and the ``platform`` it imports,
    ~3 ms) only when a write needs one."""
    code = ("import sys; from deskcrm.cli import entry as cli\n"
            "try:\n    cli.main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write(repr([m for m in ('uuid', 'platform') if m in sys.modules]))")
    env = {k: v for k, v in os.environ.items() if k != "DESKCRM_NO_FAST_PATH"}
    for args in (["due", "--json"], ["client", "northwind", "--json"]):
        result = subprocess.run([sys.executable, "-c", code, *args, "--db", str(desk)], capture_output=True,
                                text=True, timeout=120, env=env)
        assert result.stdout, args
        assert result.stderr.endswith("[]"), (args, result.stderr)


def test_json_safe_pattern_is_ranges_and_finds_exactly_what_it_escapes():
    """The scan for what ``json`` leaves raw is compiled from ranges (2,000+ single characters
    cost ~5 ms to compile on every JSON command) and still finds exactly the escaped ones."""
    from deskcrm import text

    assert text.json_safe('{"a":"plain"}') == '{"a":"plain"}'
    pattern = text._json_raw_pattern()
    assert len(pattern.pattern) < 100
    for code in range(0x110000):
        assert bool(pattern.search(chr(code))) == (code in text._JSON_RAW), hex(code)


def test_client_page_imports_neither_the_due_rules_nor_the_person_record(desk):
    """`deskcrm client` needs the activity and fee labels, not the due engine (10 dataclasses)
    or the person record's (7): each frozen dataclass costs ~0.5–1 ms to create at import."""
    code = ("import sys; from deskcrm.cli import entry as cli\n"
            "try:\n    cli.main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write(repr([m for m in ('deskcrm.domain.due', 'deskcrm.store.due_store',"
            " 'deskcrm.store.person_record') if m in sys.modules]))")
    env = {k: v for k, v in os.environ.items() if k != "DESKCRM_NO_FAST_PATH"}
    result = subprocess.run([sys.executable, "-c", code, "client", "northwind", "--json", "--db", str(desk)],
                            capture_output=True, text=True, timeout=120, env=env)
    assert json.loads(result.stdout)
    assert result.stderr.endswith("[]"), result.stderr
