"""What `deskcrm client NAME_OR_ID` does: find one company by id or (part of) its name and print
its account — the account screen's figures — as plain text or one JSON object.

Several matches are listed (id, name) before the one-line error that asks for an id.
"""

from __future__ import annotations

from deskcrm.errors import CliError
from deskcrm.cli.launch import check_pretty, open_db, parse_date_option
from deskcrm.cli.output import echo, echo_json


def print_client(name_or_id: str, db: str | None, as_json: bool, pretty: bool, on: str | None) -> None:
    from deskcrm.cli import client_report
    from deskcrm.domain import clock
    from deskcrm.store import account
    from deskcrm.store import db as store_db
    from deskcrm.text import clean

    if not name_or_id.strip():
        raise CliError("NAME_OR_ID is empty: give a company's id or part of its name, e.g. deskcrm client acme", 2)
    check_pretty(as_json, pretty)
    path = open_db(db)
    conn = store_db.connect(path)
    try:
        found = account.find_companies(conn, name_or_id)
        if not found:
            raise CliError(f"no company matches {clean(name_or_id)!r} (try part of its name, or its id)")
        if len(found) > 1:
            for cid, name in found:
                echo(f"{cid:>8}  {clean(name)}")
            more = "+" if len(found) >= 20 else ""
            raise CliError(f"{clean(name_or_id)!r} matches {len(found)}{more} companies (listed above);"
                           f" run again with one id, e.g. deskcrm client {found[0][0]}")
        today = parse_date_option(on, "--date") or clock.today()
        acct = account.load_account(conn, found[0][0], today=today)
        matches = account.job_match_counts(conn, acct.jobs, today=today) if acct else {}
    finally:
        conn.close()
    if as_json:
        echo_json(client_report.as_json(acct, matches), pretty=pretty)
    else:
        echo(client_report.as_text(acct, matches, today))
