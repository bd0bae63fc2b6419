"""Which engines a test runs on (``desk_path`` in conftest.py runs it on each one named by
``$DESKCRM_TEST_ENGINES``). A test of what the command line or a parser makes of typed input
reads and writes nothing that differs between engines: ``sqlite_only`` keeps it to one run."""

from __future__ import annotations

import pytest

sqlite_only = pytest.mark.parametrize("desk_path", ["sqlite"], indirect=True)
