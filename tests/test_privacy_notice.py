"""The Art. 14 notice (issue 14): a template in the data dir, written with a default on first use and
the user's to edit; filled from the person (both engines); unknown fields and stray $ are one-line
errors naming the line; hostile values come out plain. `deskcrm privacy notice PERSON` prints it."""

from __future__ import annotations

import stat
import string

import pytest
from clirun import assert_one_line_error, run
from hypothesis import given, settings
from hypothesis import strategies as st
from seed import Names, seed

from deskcrm.store import consent_ledger, db, privacy_notice
from deskcrm.store.privacy_notice import FIELDS, NoticeError, fill

HOSTILE = "Dev [bold]Patel[/] \x1b[2J"


@pytest.fixture
def desk(desk_path, today):
    ids = seed(desk_path, Names(dev=HOSTILE))
    conn = db.connect(desk_path)
    yield conn, ids, desk_path
    conn.close()


def test_first_use_writes_the_default_privately_then_the_users_edit_is_used(desk, tmp_path):
    conn, ids, _ = desk
    data = tmp_path / "data"
    filled = privacy_notice.notice(conn, ids["lena"], data)
    path = data / "art14_notice.txt"
    assert filled.template == path and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text() == privacy_notice.DEFAULT
    assert filled.text.startswith("Dear Lena,") and "Referral (on 2024-03-12)" in filled.text
    assert "Our lawful basis is: consent." in filled.text and "$" not in filled.text
    path.write_text("Hello $name, from $recruiter. Costs: $$0. Basis: $lawful_basis; source ${source}.\n")
    consent_ledger.record(conn, ids["lena"], "basis", detail="contract")
    again = privacy_notice.notice(conn, ids["lena"], data)
    assert again.text == "Hello Lena Hoffmann, from Sam Reed. Costs: $0. Basis: contract; source Referral.\n"


def test_a_hostile_name_comes_out_plain(desk, tmp_path):
    conn, ids, _ = desk
    filled = privacy_notice.notice(conn, ids["dev"], tmp_path / "data")
    assert "Dear Dev," in filled.text
    (tmp_path / "data" / "art14_notice.txt").write_text("To $name\n")
    text = privacy_notice.notice(conn, ids["dev"], tmp_path / "data").text
    assert "\x1b" not in text and text.startswith("To Dev [bold]Patel[/] ")


@pytest.mark.parametrize(("template", "says"), [
    ("Hi $nmae\n", "art14_notice.txt:1: $nmae is not a field; known: $name"),
    ("Hi\nyou owe $5\n", "art14_notice.txt:2: a lone $"),
])
def test_a_template_mistake_is_one_line_naming_it(template, says):
    with pytest.raises(NoticeError) as refused:
        fill(template, dict.fromkeys(FIELDS, "x"))
    assert str(refused.value).startswith(says) and "\n" not in str(refused.value)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="$"), max_size=200),
       st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=30), min_size=len(FIELDS), max_size=len(FIELDS)))
def test_fill_property(plain, values):
    values = {f: values.get(f, "") for f in FIELDS}
    from deskcrm.text import clean

    assert fill(plain, values) == clean(plain, multiline=True)  # no field: the text as written
    safe = {k: clean(v) for k, v in values.items()}
    out = fill(plain + " $name ${today}", safe)
    assert out.endswith(" " + safe["name"] + " " + safe["today"]) or "\x1b" not in out
    assert "\x1b" not in out and "\x00" not in out
    assert string.Template("$name").substitute(safe) == safe["name"]


def test_the_cli_prints_it_and_a_bad_template_is_one_line(desk, tmp_path, monkeypatch):
    _, ids, path = desk
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    done = run("privacy", "notice", str(ids["lena"]), "--db", str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Dear Lena,\n") and "How to object" in done.stdout
    (template,) = (tmp_path / "xdg").rglob("art14_notice.txt")
    template.write_text("Dear $frist_name\n")
    bad = run("privacy", "notice", str(ids["lena"]), "--db", str(path))
    assert_one_line_error(bad, "$frist_name is not a field")
