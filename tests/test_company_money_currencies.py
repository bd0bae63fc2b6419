"""A company's money is per currency, everywhere: a merge of a CHF client into a EUR one shows the
agreement's currency in its preview (with the fee: one row), and afterwards lifetime value,
credits, outstanding and overdue are never CHF and EUR added together — on the account, in the
Clients list and in `deskcrm client` (text and JSON). Issue 9 acceptance follow-up."""

from __future__ import annotations

import json

import pytest
from clirun import run
from seed import TODAY, index, seed

from deskcrm.cli import client_report
from deskcrm.screens.account_panels import terms_panel
from deskcrm.screens.clients import lifetime
from deskcrm.screens.panels import LABEL_WIDTH
from deskcrm.store import account, clients, db, journal
from deskcrm.store.company_merge import company_merge_preview, merge_companies


def _chf(conn, company_id: int) -> None:
    """A Swiss client: its agreement and its placements' fees in CHF."""
    with db.write(conn):
        conn.execute("UPDATE company SET fee_currency = 'CHF' WHERE id = ?", (company_id,))
        conn.execute("UPDATE placement SET currency = 'CHF' WHERE company_id = ?", (company_id,))


@pytest.fixture
def desk(desk_path, today):
    path = desk_path
    ids = seed(path)
    index(path)
    conn = db.connect(path)
    _chf(conn, ids["globex"])  # Globex: CHF 20,900 paid (P1); Northwind: EUR 17,600 paid, EUR 16,400 invoiced
    yield path, conn, ids
    conn.close()


def _line(label: str, value: str) -> str:
    return label.ljust(LABEL_WIDTH) + value


def _merged(conn, ids, choices=None) -> str:
    preview = company_merge_preview(conn, ids["northwind"], ids["globex"])
    return merge_companies(conn, ids["northwind"], ids["globex"], choices=choices or {},
                           keep_version=preview.keep_version, drop_version=preview.drop_version)


def test_the_merge_preview_shows_the_agreements_currency_with_the_fee(desk):
    _path, conn, ids = desk
    rows = {r.field: r for r in company_merge_preview(conn, ids["northwind"], ids["globex"]).rows}
    fee = rows["fee"]
    assert fee.label == "Fee, currency"
    assert (fee.kept, fee.dropped, fee.result, fee.differs) == ("20% · EUR", "22% · CHF", "20% · EUR", True)
    assert fee.outcome("drop") == "22% · CHF"
    with db.write(conn):
        conn.execute("UPDATE company SET fee_percent = NULL, flat_fee = 12000 WHERE id = ?", (ids["globex"],))
    fee = {r.field: r for r in company_merge_preview(conn, ids["northwind"], ids["globex"]).rows}["fee"]
    assert fee.dropped == "flat CHF 12,000"
    with db.write(conn):
        conn.execute("UPDATE company SET fee_percent = NULL, flat_fee = NULL WHERE id IN (?, ?)",
                     (ids["globex"], ids["northwind"]))
    fee = {r.field: r for r in company_merge_preview(conn, ids["northwind"], ids["globex"]).rows}["fee"]
    assert (fee.kept, fee.dropped, fee.differs) == ("no fee · EUR", "no fee · CHF", True)  # never unseen


def test_taking_the_other_fee_takes_its_currency_too(desk):
    _path, conn, ids = desk
    _merged(conn, ids, {"fee": "drop"})
    kept = journal.row(conn, "company", ids["northwind"])
    assert (kept["fee_percent"], kept["flat_fee"], kept["fee_currency"]) == (22.0, None, "CHF")


def test_after_a_merge_the_account_keeps_each_currency_apart(desk):
    _path, conn, ids = desk
    _merged(conn, ids)
    a = account.load_account(conn, ids["northwind"], today=TODAY)
    assert a.fee.currency == "EUR"
    assert a.money.sums("lifetime_value") == (("EUR", 17600.0), ("CHF", 20900.0))
    assert a.money.lifetime_value is None  # no single figure: EUR and CHF are never added
    assert a.money.sums("outstanding") == (("EUR", 16400.0),) and a.money.outstanding == 16400.0
    shown = str(terms_panel(a))
    assert f'{_line("Lifetime", "EUR 17,600")}\n{_line("", "CHF 20,900")}' in shown and "38,500" not in shown
    assert _line("Fee", "20% · EUR") in shown


def test_credits_outstanding_and_overdue_are_per_currency(desk):
    _path, conn, ids = desk
    with db.write(conn):  # a CHF credit and an overdue CHF invoice at Globex
        conn.execute("UPDATE placement SET credited_amount = 4180, fee_status = 'invoiced', invoice_due = ?"
                     " WHERE company_id = ?", ("2026-10-01", ids["globex"]))
    _merged(conn, ids)
    a = account.load_account(conn, ids["northwind"], today=TODAY)
    assert a.money.sums("credits") == (("CHF", 4180.0),) and a.money.credits is None
    assert a.money.sums("outstanding") == (("EUR", 16400.0), ("CHF", 20900.0 - 4180))
    assert a.money.sums("overdue") == (("CHF", 20900.0 - 4180),) and a.money.overdue is None
    assert (a.money.outstanding_count, a.money.overdue_count) == (2, 1)
    shown = str(terms_panel(a))
    assert _line("Credited", "CHF 4,180") in shown
    assert f'{_line("Outstanding", "EUR 16,400 (1)")}\n{_line("", "CHF 16,720 (1)")}' in shown
    assert _line("Overdue", "CHF 16,720 (1)") in shown
    text = client_report.as_text(a, {}, TODAY)
    assert "credited CHF 4,180 · outstanding EUR 16,400 (1) · CHF 16,720 (1) · overdue CHF 16,720 (1)" in text


def test_the_clients_list_shows_and_sorts_each_currency_apart(desk):
    _path, conn, ids = desk
    _merged(conn, ids)
    rows = {r.name: r for r in clients.list_clients(conn, clients.ClientFilter(sort="value"), today=TODAY)}
    north = rows["Northwind Logistics"]
    assert (north.lifetime_value, north.currency) == (17600.0, "EUR")  # the agreement's currency: main
    assert north.values == (("EUR", 17600.0), ("CHF", 20900.0))
    assert lifetime(north) == "EUR 17.6k +CHF"
    assert lifetime(rows["Acme Ltd"]) == ""  # no value: the cell says "—"


def test_a_value_only_in_another_currency_is_shown_in_it(desk):
    """The agreement is EUR now, but every paid fee was CHF: the value is CHF, not 'EUR 20.9k'."""
    _path, conn, ids = desk
    with db.write(conn):
        conn.execute("UPDATE company SET fee_currency = 'EUR' WHERE id = ?", (ids["globex"],))
    row = {r.name: r for r in clients.list_clients(conn, today=TODAY)}["Globex"]
    assert (row.lifetime_value, row.currency, row.values) == (20900.0, "CHF", (("CHF", 20900.0),))
    a = account.load_account(conn, ids["globex"], today=TODAY)
    assert a.money.sums("lifetime_value") == (("CHF", 20900.0),) and a.money.lifetime_value is None
    assert "Lifetime value CHF 20,900 (paid fees less credits)" in client_report.as_text(a, {}, TODAY)


def test_deskcrm_client_prints_and_reports_each_currency(desk):
    path, conn, ids = desk
    _merged(conn, ids)
    conn.close()
    text = run("client", "--db", str(path), str(ids["northwind"]), "--date", TODAY.isoformat())
    assert text.returncode == 0, text.stderr
    assert "Lifetime value EUR 17,600 · CHF 20,900 (paid fees less credits)" in text.stdout
    data = json.loads(run("client", "--db", str(path), str(ids["northwind"]), "--json").stdout)
    assert data["lifetime_value"] is None and data["lifetime_value_by_currency"] == {"EUR": 17600.0, "CHF": 20900.0}
    assert data["outstanding"] == 16400.0 and data["outstanding_by_currency"] == {"EUR": 16400.0}
    assert data["credits"] == 0.0 and data["credits_by_currency"] == {}
    assert data["fee_agreement"]["currency"] == "EUR"
