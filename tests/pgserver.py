"""A throwaway PostgreSQL server for the tests and for ``.ci/run``. Standard library only.

    python3 tests/pgserver.py start DIR   # prints the server's URL (a Unix socket in DIR, no TCP)
    python3 tests/pgserver.py stop DIR    # stops it and removes DIR

``start`` finds PostgreSQL with ``pg_config --bindir`` (or ``$DESKCRM_PG_BINDIR``), runs
``initdb`` (as the ``postgres`` user when run as root: PostgreSQL refuses to run as root) in
``DIR/data``, and ``pg_ctl start`` with the socket in ``DIR``, ``listen_addresses=''`` and fsync
off: ~2-3 s. Logins are trusted (no password) except for the role ``pwcheck``, which must give
its password (scram): the tests check deskcrm's wrong-password message with it.

``tests/conftest.py`` starts one when ``$DESKCRM_TEST_PG`` names none (one per xdist worker,
only when a test asks for it); ``.ci/run`` starts one for the whole run and exports its URL.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PASSWORD_ROLE = "pwcheck"


class NoServer(Exception):
    """PostgreSQL is not installed here, or the server would not start: ``str()`` says which."""


def bindir() -> Path:
    given = os.environ.get("DESKCRM_PG_BINDIR")
    if given:
        return Path(given)
    try:
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        raise NoServer(f"PostgreSQL not found (pg_config --bindir: {exc}); install PostgreSQL 15+ or set "
                       "DESKCRM_TEST_PG=postgresql://…") from None
    found = Path(out.stdout.strip())
    if not (found / "initdb").exists():
        raise NoServer(f"PostgreSQL's initdb is not in {found} (pg_config --bindir); install the server package")
    return found


def _as_owner(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    runuser = shutil.which("runuser")
    if runuser is None:
        raise NoServer("running as root, and runuser is missing: cannot start PostgreSQL as the postgres user")
    return [runuser, "-u", "postgres", "--", *args]


def _run(args: list[str], what: str, log: Path | None = None) -> None:
    try:
        done = subprocess.run(_as_owner(args), capture_output=True, text=True, timeout=120, cwd="/")
    except (OSError, subprocess.SubprocessError) as exc:
        raise NoServer(f"{what} failed: {exc}") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        if log is not None and log.exists():
            detail += log.read_text(errors="replace").strip().splitlines()[-3:]
        raise NoServer(f"{what} failed (exit {done.returncode}): {' | '.join(detail)}")


def url(root: Path, database: str = "postgres") -> str:
    return f"postgresql://postgres@/{database}?host={root}"


def with_database(server_url: str, database: str) -> str:
    """``server_url`` naming ``database`` instead (the path part of the URL)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, parts.fragment))


def start(root: Path | None = None) -> tuple[Path, str]:
    """Start a server in ``root`` (a new temporary directory if None); (root, URL)."""
    bins = bindir()
    root = Path(tempfile.mkdtemp(prefix="deskcrm-pg-")) if root is None else root
    root.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    root.chmod(0o755)
    data = root / "data"
    _run([str(bins / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
          "--locale=C", "--no-sync", "--no-instructions"], "initdb")
    hba = data / "pg_hba.conf"
    _run(["sh", "-c", f"printf '%s\\n' 'local all {PASSWORD_ROLE} scram-sha-256' 'local all all trust' > {hba}"],
         "writing pg_hba.conf")
    log = root / "server.log"
    options = (f"-k {root} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
               "-c full_page_writes=off -c max_connections=50 -c shared_buffers=32MB")
    _run([str(bins / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start"],
         "pg_ctl start", log)
    return root, url(root)


def stop(root: Path) -> None:
    """Stop the server in ``root`` (if it runs) and remove ``root``."""
    data = root / "data"
    if (data / "postmaster.pid").exists():
        try:
            _run([str(bindir() / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], "pg_ctl stop")
        except NoServer as exc:
            print(f"pgserver: {exc}", file=sys.stderr)
    shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("start", "stop"):
        print("usage: pgserver.py start|stop DIR", file=sys.stderr)
        return 2
    root = Path(argv[1]).resolve()
    if argv[0] == "stop":
        stop(root)
        return 0
    try:
        print(start(root)[1])
    except NoServer as exc:
        print(f"pgserver: {exc}", file=sys.stderr)
        stop(root)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
