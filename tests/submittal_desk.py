"""The seeded desk the submittal tests share: Farah and George added to the backend job's
pipeline (at Sourced), Farah with a DOCX CV (``lines``), George with the test PDF."""

from __future__ import annotations

from pathlib import Path

from cv_files import make_docx, make_pdf
from seed import Names, index, seed

from deskcrm.config import paths
from deskcrm.store import attachments, db
from deskcrm.store.submissions_write import submit

FARAH_CV = ["Farah Khan", "farah@example.com", "Wrote a Kubernetes operator"]


def pipeline_desk(path, files: Path, names: Names | None = None, lines: list[str] = FARAH_CV) -> dict[str, int]:
    """Seed ``path`` (``files``: where the CV files are made) and return the ids."""
    ids = seed(path, names)
    index(path)
    conn = db.connect(path)
    try:
        for who in ("farah", "george"):
            submit(conn, ids[who], ids["job_backend"])
        attachments.attach(conn, ids["farah"], make_docx(files / "farah.docx", lines), data_dir=paths.data_dir())
        attachments.attach(conn, ids["george"], make_pdf(files / "george.pdf"), data_dir=paths.data_dir())
    finally:
        conn.close()
    return ids
