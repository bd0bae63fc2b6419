"""Issue 12 item 3: in a ``;``-separated file ``,`` marks decimals, and a refused amount's advice
says so, in the file's own marks and with the cell's own digits — never "write 85,000" for a
cell that IS 95,000 (``cells.amount``)."""

from __future__ import annotations

import pytest
from clirun import run
from hypothesis import given
from hypothesis import strategies as st

from deskcrm.domain.validate import Invalid
from deskcrm.store.imports.cells import amount


def _refusal(text: str, european: bool) -> str:
    with pytest.raises(Invalid) as refused:
        amount(text, european=european)
    return str(refused.value)


@given(st.integers(1, 999), st.integers(0, 999), st.sampled_from(["", "£", "€"]))
def test_an_ambiguous_amount_is_refused_in_the_files_own_marks(whole, part, symbol):
    cell = f"{symbol}{whole},{part:03}"
    said = _refusal(cell, european=True)
    assert said.startswith("in this ;-separated file ',' marks decimals:")
    assert f"write {whole}{part:03} or {whole}.{part:03} for {whole} thousand" in said
    assert amount(f"{symbol}{whole}.{part:03}", european=True).value == whole * 1000 + part  # the advice reads
    said = _refusal(f"{symbol}{whole}.{part:03}", european=False)  # the same digits in a ,-separated file
    assert f"write {whole}{part:03} or {whole},{part:03} for {whole} thousand" in said
    assert amount(f"{symbol}{whole},{part:03}", european=False).value == whole * 1000 + part


def test_a_european_files_example_uses_its_marks():
    said = _refusal("about 90", european=True)
    assert "',' marks decimals" in said and "85.000" in said and "85,000" not in said
    assert "85,000" in _refusal("about 90", european=False)


def test_the_cli_says_it_for_a_semicolon_file(seeded_store, tmp_path):
    _conn, _ids, path = seeded_store
    f = tmp_path / "people.csv"
    f.write_text("Full name;Email;Salary\nNina Brandt;nina@x.example;£95,000\n", encoding="utf-8")
    result = run("import", str(f), "--db", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "in this ;-separated file ',' marks decimals: write 95000 or 95.000 for 95 thousand" in result.stderr
