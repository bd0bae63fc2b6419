"""Clients list and account summary against hand-computed figures (tests/seed.py + a fixture
company whose every placement is written out below)."""

from __future__ import annotations

from datetime import date

import pytest
from seed import TODAY, _at, _d, index, seed

from deskcrm.store import account, clients, db
from deskcrm.store.last_contact import refresh_all

# The fixture company "Ledger Test Co": fee status, amount, credited, invoice due (days from today),
# offer accepted (days from today), status.
LEDGER = [
    ("paid", 10000.0, 0.0, None, -400, "guarantee_passed"),
    ("credited", 5000.0, 5000.0, None, -300, "guarantee_failed"),  # credited in full: 0
    ("credited", 8000.0, 3000.0, None, -200, "guarantee_passed"),  # part credited: 5000
    ("invoiced", 4000.0, 0.0, -1, -60, "started"),  # overdue since yesterday
    ("invoiced", 2500.0, 0.0, 0, -50, "started"),  # due today: outstanding, not overdue
    ("not_invoiced", 7000.0, 0.0, None, -10, "offer_accepted"),
    ("not_invoiced", 9000.0, 0.0, None, -5, "fell_off"),  # the newest, but it fell off
]
LTV = 10000 + (5000 - 5000) + (8000 - 3000)  # 15000
OUTSTANDING, OUTSTANDING_N = 4000 + 2500, 2
OVERDUE, OVERDUE_N = 4000, 1
LAST_PLACEMENT = _d(-10)
YEAR = 5  # offers since 1 Jan 2026: -300 (22 Jan) … -10; not -400 (2025), not the fell-off one


@pytest.fixture
def desk(desk_path, today):
    path = desk_path
    ids = seed(path)
    conn = db.connect(path)
    with db.write(conn):
        cid = conn.execute(
            "INSERT INTO company (name, name_norm, city, bd_stage, owner_id, fee_percent, fee_currency,"
            " payment_terms_days, guarantee_days, prorata_rule, checkin_cadence_days, created_at, updated_at, version)"
            " VALUES ('Ledger Test Co', 'ledger test co', 'Leeds', 'active_client', NULL, 20, 'GBP', 30, 90, 'none', 7,"
            " ?, ?, 1)", (_at(-500), _at(-500))).lastrowid
        job = conn.execute(
            "INSERT INTO job_order (company_id, title, skills, city, remote, currency, openings, job_type, urgency,"
            " stage, opened_on, rank, version) VALUES (?, 'Python Dev', '[\"Python\"]', 'London', 'onsite', 'GBP',"
            " 1, 'perm', 2, 'sourcing', ?, 0, 1)", (cid, _d(-30))).lastrowid
        remote = conn.execute(
            "INSERT INTO job_order (company_id, title, skills, city, remote, currency, openings, job_type, urgency,"
            " stage, opened_on, rank, version) VALUES (?, 'Remote Py', '[\"Python\"]', 'Berlin', 'remote', 'GBP',"
            " 1, 'perm', 2, 'intake', ?, 0, 1)", (cid, _d(-20))).lastrowid
        berlin = conn.execute(
            "INSERT INTO job_order (company_id, title, skills, city, remote, currency, openings, job_type, urgency,"
            " stage, opened_on, rank, version) VALUES (?, 'Berlin Py', '[\"Python\"]', 'Berlin', 'onsite', 'GBP',"
            " 1, 'perm', 2, 'offer', ?, 0, 1)", (cid, _d(-10))).lastrowid
        conn.execute(  # closed: not open
            "INSERT INTO job_order (company_id, title, skills, remote, currency, openings, job_type, urgency, stage, opened_on,"
            " rank, version) VALUES (?, 'Old', '[]', 'onsite', 'GBP', 1, 'perm', 2, 'closed_lost', ?, 0, 1)", (cid, _d(-900)))
        for i, (fee_status, amount, credited, due, offer, status) in enumerate(LEDGER):
            conn.execute(
                "INSERT INTO placement (person_id, job_id, company_id, offer_accepted_on, start_date, salary,"
                " currency, fee_amount, fee_status, invoice_due, credited_amount, guarantee_days, guarantee_end,"
                " status, rank, version) VALUES (?, ?, ?, ?, ?, 50000, 'GBP', ?, ?, ?, ?, 90, ?, ?, 0, 1)",
                (ids["dev"], job, cid, _d(offer), _d(offer + 20), amount, fee_status,
                 _d(due) if due is not None else None, credited, _d(offer + 110), status))
        # submissions on the Python job: two open, one rejected
        for key, stage in (("eva", "submitted"), ("george", "interviewing"), ("ivan", "rejected_by_us")):
            conn.execute("INSERT INTO submission (person_id, job_id, stage, stage_changed_at, rank, created_at,"
                         " version) VALUES (?, ?, ?, ?, 0, ?, 1)", (ids[key], job, stage, _at(-3), _at(-3)))
        # contacts: Lena (placed at Northwind in 2024: alumni), Bo (never placed), Cara left
        for pid, hm, billing, left in ((ids["lena"], False, True, None), (ids["bo"], True, False, None),
                                       (ids["cara"], False, False, "2026-06-30")):
            conn.execute("INSERT INTO contact_role (person_id, company_id, title, is_hiring_manager, is_billing,"
                         " left_at, version) VALUES (?, ?, 'Boss', ?, ?, ?, 1)", (pid, cid, hm, billing, left))
        # a note on the company (not a touch), a call with a contact on the company 3 days ago
        conn.execute("INSERT INTO activity (kind, body, at, company_id) VALUES ('note', 'n', ?, ?)", (_at(-1), cid))
        conn.execute("INSERT INTO activity (kind, body, at, person_id, company_id) VALUES ('call_talked', 'c', ?, ?, ?)",
                     (_at(-9), ids["bo"], cid))
        refresh_all(conn)
    conn.close()
    index(path)
    ids.update(ledger=cid, job=job, remote=remote, berlin=berlin)
    conn = db.connect(path)
    yield conn, ids
    conn.close()


def test_account_money_hand_computed(desk):
    conn, ids = desk
    a = account.load_account(conn, ids["ledger"], today=TODAY)
    assert a.money.lifetime_value == LTV == 15000
    assert (a.money.outstanding, a.money.outstanding_count) == (OUTSTANDING, OUTSTANDING_N)
    assert (a.money.overdue, a.money.overdue_count) == (OVERDUE, OVERDUE_N)
    assert a.money.last_placement == date.fromisoformat(LAST_PLACEMENT)
    assert a.money.placements == len(LEDGER)
    assert a.money.placements_year == YEAR
    assert [p.overdue for p in a.placements].count(True) == 1
    assert a.placements[0].status == "fell_off"  # newest first


def test_seeded_accounts(desk):
    conn, ids = desk
    north = account.load_account(conn, ids["northwind"], today=TODAY)
    assert north.money.lifetime_value == 17600  # P4 paid; P2 only invoiced
    assert (north.money.outstanding, north.money.overdue) == (16400, 0)  # P2 due today
    assert north.money.last_placement == TODAY.replace(month=9, day=19)  # P2 offer: start -30 - 30
    acme = account.load_account(conn, ids["acme"], today=TODAY)
    assert (acme.money.lifetime_value, acme.money.overdue, acme.money.overdue_count) == (0, 16200, 1)
    globex = account.load_account(conn, ids["globex"], today=TODAY)
    assert globex.money.lifetime_value == 20900
    assert globex.fee.agreed and globex.fee.fee_percent == 22
    assert account.load_account(conn, 9999, today=TODAY) is None


def test_contacts_alumni_and_who_left(desk):
    conn, ids = desk
    a = account.load_account(conn, ids["ledger"], today=TODAY)
    names = [(c.person_id, c.hiring_manager, c.billing, c.left_at, c.alumni) for c in a.contacts]
    assert names == [
        (ids["bo"], True, False, None, False),  # hiring managers first
        (ids["lena"], False, True, None, True),  # billing; placed at Northwind: alumni
        (ids["cara"], False, False, date(2026, 6, 30), False),  # who left, last
    ]
    assert [c.person_id for c in a.alumni] == [ids["lena"]]
    acme = account.load_account(conn, ids["acme"], today=TODAY)
    assert [(c.person_id, c.left_at, c.alumni) for c in acme.contacts] == [
        (ids["cara"], None, False), (ids["lena"], date(2024, 3, 1), True)]


def test_open_jobs_submissions_and_match_counts(desk):
    conn, ids = desk
    a = account.load_account(conn, ids["ledger"], today=TODAY)
    jobs = {j.id: j for j in a.jobs}
    assert set(jobs) == {ids["job"], ids["remote"], ids["berlin"]}  # the closed one is not open
    assert jobs[ids["job"]].open_submissions == 2
    assert jobs[ids["job"]].query == 'skill:"Python" city:"London" status:active'
    assert jobs[ids["remote"]].query == 'skill:"Python" status:active'  # remote: anywhere
    counts = account.job_match_counts(conn, a.jobs, today=TODAY)
    # Strong matches, ranked as M ranks them (store.match): Python, in the job's city (or remote),
    # active or passive, not on the job yet. London: Dev, Eva, George, Hana, Ivan, Farah (passive)
    # less the three on the job's pipeline; remote: all seven, Lena (Berlin, passive) too; Berlin: Lena.
    assert counts == {ids["job"]: 3, ids["remote"]: 7, ids["berlin"]: 1}


def test_job_query_quotes_values():
    assert account.job_query(("C#", 'say "hi"', "a", "dropped"), 'New "York"') == (
        'skill:"C#" skill:"say hi" skill:"a" city:"New York" status:active')
    assert account.job_query((), None, title="Data Analyst") == '"Data Analyst" status:active'


def test_last_contact_next_checkin_and_timeline(desk):
    conn, ids = desk
    a = account.load_account(conn, ids["ledger"], today=TODAY)
    assert a.last_contact.date() == date.fromisoformat(_d(-9))  # the note is not a touch
    assert a.next_checkin == date.fromisoformat(_d(-2)) and a.checkin_overdue
    # the company's note (-1) and call (-9); Lena's call (-2), move (-5), email (-30) and 2024 move;
    # Cara's email (-12, at Acme: she is a contact here too, who left); Bo's call (-39)
    # The conversations first, apart from the stage changes (a busy client has many more of those,
    # and they buried the last call): the timeline is the conversations, the moves come apart.
    assert [e.kind for e in a.timeline] == ["note", "call_talked", "call_talked", "email", "email", "call_talked"]
    assert [e.kind for e in a.system_events] == ["stage_change", "stage_change"]
    for events in (a.timeline, a.system_events):
        ats = [e.at for e in events]
        assert ats == sorted(ats, reverse=True)
    # what was said at the last contact: the touch the date is of (the newer note is not a touch)
    assert a.last_touch is not None and a.last_touch.at == a.last_contact and a.last_touch.kind == "call_talked"
    assert a.last_touch.body == "c" and a.last_touch.person is not None
    # Lena's own activities (a contact) are in the company's timeline too
    assert any(e.person == "Lena Hoffmann" for e in a.timeline)


def test_clients_list_figures_filters_and_sorts(desk):
    conn, ids = desk
    rows = clients.list_clients(conn, today=TODAY)
    assert [r.name for r in rows] == ["Acme Ltd", "Globex", "Ledger Test Co", "Northwind Logistics", "Umbrella AG",
                                      "Umbrella Bio", "Umbrella Co", "Umbrella Labs", "Umbrella Old"]
    assert next(r for r in rows if r.name == "Umbrella Bio").next_checkin is None  # not a client yet
    ledger = next(r for r in rows if r.id == ids["ledger"])
    assert (ledger.open_jobs, ledger.placements_year, ledger.lifetime_value) == (3, YEAR, LTV)
    assert ledger.last_contact == date.fromisoformat(_d(-9)) and ledger.overdue
    north = next(r for r in rows if r.id == ids["northwind"])
    assert (north.open_jobs, north.lifetime_value, north.owner) == (1, 17600, "SR")
    assert north.next_checkin == date.fromisoformat(_d(-9)) and north.overdue  # seed: due -9
    acme = next(r for r in rows if r.id == ids["acme"])
    assert acme.next_checkin == date.fromisoformat(_d(2)) and not acme.overdue
    globex = next(r for r in rows if r.id == ids["globex"])
    assert globex.next_checkin is None and not globex.overdue  # no cadence

    def names(**kw):
        f = clients.ClientFilter(**{"active": True, **kw})
        return [r.name for r in clients.list_clients(conn, f, today=TODAY, me="SR")]

    assert names(sort="value") == ["Globex", "Northwind Logistics", "Ledger Test Co", "Acme Ltd"]
    assert names(overdue=True) == ["Ledger Test Co", "Northwind Logistics"]
    assert names(sort="checkin") == ["Northwind Logistics", "Ledger Test Co", "Acme Ltd", "Globex"]
    assert names(mine=True) == ["Acme Ltd", "Globex", "Northwind Logistics"]  # Ledger has no owner
    assert names(text="LEEDS") == ["Ledger Test Co"]
    assert names(text="no such") == []
    assert clients.list_clients(conn, clients.ClientFilter(mine=True), today=TODAY, me=None) == []
    assert names(active=False, text="umbrella") == ["Umbrella AG", "Umbrella Bio", "Umbrella Co", "Umbrella Labs",
                                                    "Umbrella Old"]
    assert clients.count_clients(conn, clients.ClientFilter(overdue=True), today=TODAY) == 2
    assert clients.count_clients(conn, clients.ClientFilter(active=True), today=TODAY) == 4
    # paged by SQL
    assert [r.name for r in clients.list_clients(conn, today=TODAY, limit=2, offset=1)] == ["Globex", "Ledger Test Co"]


def test_find_companies(desk):
    conn, ids = desk
    assert account.find_companies(conn, str(ids["acme"])) == [(ids["acme"], "Acme Ltd")]
    assert account.find_companies(conn, "acme ltd") == [(ids["acme"], "Acme Ltd")]
    assert [n for _, n in account.find_companies(conn, "O")] == ["Globex", "Ledger Test Co", "Northwind Logistics",
                                                                     "Umbrella Bio", "Umbrella Co", "Umbrella Old"]
    assert [n for _, n in account.find_companies(conn, "#" + str(ids["globex"]))] == ["Globex"]
    assert account.find_companies(conn, "nothing here") == []


def test_sort_by_value_does_not_mix_currencies(desk):
    """Amounts in different currencies are not comparable: the companies with a value come by
    currency (the one most companies are billed in first), by value within each; none last."""
    conn, ids = desk
    with db.write(conn):
        conn.execute("UPDATE company SET fee_currency = 'CHF' WHERE id = ?", (ids["globex"],))
        conn.execute("UPDATE placement SET currency = 'CHF' WHERE company_id = ?", (ids["globex"],))  # its fees
    main, *others = clients.currency_order(conn)
    assert main == "EUR" and set(others) == {"CHF", "GBP"}
    f = clients.ClientFilter(active=True, sort="value")
    rows = clients.list_clients(conn, f, today=TODAY)
    # Globex CHF 20,900 no longer outranks Northwind EUR 17,600; Acme (no value) last
    assert [(r.name, r.currency) for r in rows] == [
        ("Northwind Logistics", "EUR"), ("Globex", "CHF"), ("Ledger Test Co", "GBP"), ("Acme Ltd", "EUR")]
    assert [r.name for r in clients.list_clients(conn, f, today=TODAY, limit=2, offset=1)] == [
        "Globex", "Ledger Test Co"]


def test_sort_by_value_puts_companies_never_placed_with_last(desk):
    """A company without a single placement has no value: after every company with one (its
    missing value is not 'before zero')."""
    conn, _ids = desk
    rows = clients.list_clients(conn, clients.ClientFilter(sort="value"), today=TODAY, limit=100)
    valued = [r.lifetime_value > 0 for r in rows]
    assert valued == sorted(valued, reverse=True)
    first = clients.list_clients(conn, clients.ClientFilter(sort="value"), today=TODAY, limit=1)
    assert first[0].lifetime_value > 0
