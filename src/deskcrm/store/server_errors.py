"""What a PostgreSQL error means to a recruiter: the store's own errors for the driver's
(``store.db.translate`` asks here for a desk on a server). By SQLSTATE, not by message text."""

from __future__ import annotations

import os

from deskcrm.store.errors import Busy, Corrupt, ReadOnly, StoreError


def translate_server(exc: BaseException, path: str | os.PathLike[str] | None = None) -> StoreError | None:
    state = getattr(exc, "sqlstate", None) or ""
    where = f"{_shown(path)}: " if path else "the team database: "
    if state in ("40001", "40P01", "55P03"):  # serialization failure, deadlock: rolled back whole
        return Busy(f"{where}busy — a colleague was saving the same records at the same moment; try again",
                    retryable=state != "55P03")
    if state in ("25006", "42501"):
        return ReadOnly(f"{where}read-only — this login may not write here ({exc}); ask the server's "
                        "administrator for write rights (nothing was saved)")
    if state == "53100":
        return StoreError(f"{where}the server's disk is full; nothing was saved — tell the server's administrator")
    if state.startswith("XX"):
        return Corrupt(f"{where}the server reported damaged data ({exc}); nothing was written — tell the "
                       "server's administrator")
    if not state or state.startswith(("08", "57P")):
        return StoreError(f"{where}lost the connection to the server ({exc}); nothing was saved — check the "
                          "network and try again")
    return None


def _shown(path: str | os.PathLike[str]) -> str:
    """The desk as a message names it: a URL with its password hidden (``dburl.shown``)."""
    from deskcrm import dburl

    return dburl.shown(path) if isinstance(path, str) and dburl.is_url(path) else str(path)
