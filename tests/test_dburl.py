"""Naming a desk: a file path or a PostgreSQL URL (--db, $DESKCRM_DB, db = in the config); a URL's
password is never shown."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskcrm import dburl
from deskcrm.config import paths, settings
from deskcrm.errors import CliError, ConfigError, OnServer


@pytest.mark.parametrize(("value", "server"), [
    ("postgresql://alex@db.agency.local/desk", True),
    ("postgres://alex@db/desk", True),
    ("postgresql+psycopg://alex@db/desk", True),
    ("POSTGRESQL://alex@db/desk", True),
    ("mysql://root@db/desk", False),
    ("/home/alex/desk.db", False),
    ("desk.db", False),
    ("C:/desk.db", False),
])
def test_server_urls_are_told_from_paths(value, server):
    assert dburl.is_server(value) is server


def test_shown_hides_the_password_wherever_it_is_written():
    assert dburl.shown("postgresql://alex:pw@db:5433/desk?sslmode=require") == \
        "postgresql://alex:***@db:5433/desk?sslmode=require"
    assert dburl.shown("postgresql://alex@/desk?host=/run/postgresql&password=pw") == \
        "postgresql://alex@/desk?host=/run/postgresql&password=***"
    assert dburl.shown("postgresql://alex@db/desk") == "postgresql://alex@db/desk"
    assert dburl.shown("postgresql://alex:pw@[zz/desk?password=pw") == "postgresql://alex:***@[zz/desk?password=***"
    assert dburl.sqlalchemy_url("postgres://alex@db/desk") == "postgresql+psycopg://alex@db/desk"
    assert dburl.libpq_url("postgresql+psycopg://alex@db/desk") == "postgresql://alex@db/desk"


_secret = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=4, max_size=30)


@given(secret=_secret, user=st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True))
def test_a_password_never_survives_shown(secret, user):
    written = quote(secret, safe="")
    for url in (f"postgresql://{user}:{written}@db.example/desk", f"postgresql://{user}:{written}@[db/desk",
                f"postgresql://{user}@/desk?host=/tmp/s&password={written}"):
        shown = dburl.shown(url)
        assert written not in shown and secret not in shown.replace("***", "")
        assert shown.startswith("postgresql://")


def test_resolve_order_and_the_config_db(monkeypatch):
    config = paths.config_file()
    config.parent.mkdir(parents=True)
    config.write_text('theme = "deskcrm-dark"\n')
    assert paths.resolve_db() == paths.default_db()
    config.write_text('db = "~/desks/agency.db"  # the team desk\n')
    assert paths.resolve_db() == Path(os.environ["HOME"]) / "desks" / "agency.db"
    assert paths.named_db()[1] == f"db = in {config}"
    settings.load()  # a known setting, not a typo
    monkeypatch.setenv("DESKCRM_DB", "/srv/env.db")
    assert paths.resolve_db() == Path("/srv/env.db")
    assert paths.resolve_db("/tmp/option.db") == Path("/tmp/option.db")

    config.write_text('db = "postgresql://alex@db/agency"\n')
    monkeypatch.delenv("DESKCRM_DB")
    assert paths.resolve_target() == "postgresql://alex@db/agency"
    with pytest.raises(OnServer) as raised:
        paths.resolve_db()
    assert raised.value.url == "postgresql://alex@db/agency"
    with pytest.raises(CliError, match=r"sqlite:///x\.db: deskcrm opens a database file \(a path\) or a PostgreSQL"):
        paths.resolve_db("sqlite:///x.db")

    config.write_text("db = ''\n")
    with pytest.raises(ConfigError, match="'db' must be a quoted file path or PostgreSQL URL"):
        paths.resolve_db()
    with pytest.raises(ConfigError, match="'db' must be a quoted file path or PostgreSQL URL"):
        settings.load()
