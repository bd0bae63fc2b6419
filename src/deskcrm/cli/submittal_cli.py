"""What `deskcrm submittal JOB PERSON… --to DIR [--anonymise]` does: the submittal pack of a job
order's chosen candidates (``store.submittal_pack``) written as files — ``summary.html`` and the
CVs (``store.submittal_files``) — for sending by other means. Nothing in the desk changes.

JOB is a job order's id (``42`` or ``#42``, see `deskcrm jobs`) or its title when one job order
has it; PERSON an id, an email or an unambiguous name, as `deskcrm attach` takes them. Every
refusal is one line naming what is wrong (an unknown job or person, someone not on the job's
pipeline, a folder that cannot be written or already holds a pack) and nothing is written.
"""

from __future__ import annotations

from pathlib import Path

from deskcrm.cli.output import echo
from deskcrm.errors import CliError


def submittal(db: str | None, job: str, people: list[str], folder: str, anonymised: bool,
              me: str | None = None) -> None:
    from deskcrm.cli.attach_cli import _one_person
    from deskcrm.cli.board_cli import _desk
    from deskcrm.config import paths
    from deskcrm.config import settings as settings_mod
    from deskcrm.store.errors import NotFound
    from deskcrm.store.submittal_files import write_pack
    from deskcrm.store.submittal_pack import build_pack
    from deskcrm.text import clean

    if not folder.strip():
        raise CliError("--to is empty: give the folder to write the pack into, e.g. --to ~/submittals/acme", 2)
    region = settings_mod.load().phone_region
    with _desk(db) as conn:
        from deskcrm.cli import launch
        from deskcrm.cli.recruiter_cli import sign

        sign(conn, launch.opened, me)  # who makes the pack, as every command takes it (--me, $DESKCRM_ME, config)
        job_id = _one_job(conn, job)
        example = f"submittal {job_id} {{id}} --to DIR"
        person_ids = [_one_person(conn, p, example, code=2) if p.strip() else _empty_person() for p in people]
        try:
            pack = build_pack(conn, job_id, person_ids, anonymised=anonymised, region=region)
        except NotFound as exc:
            raise CliError(f"{clean(str(exc))} (see `deskcrm {'jobs' if exc.kind == 'job order' else 'search'}`)",
                           2) from None
    written = write_pack(pack, Path(folder), paths.data_dir())
    where = written[0].parent
    cvs = len(written) - 1
    missing = [c for c in pack.candidates if c.cv is None]
    said = f"{len(pack.candidates)} candidate{'s' if len(pack.candidates) != 1 else ''}"
    line = (f"Wrote the submittal for {clean(pack.job.title)} ({clean(pack.job.company)}) to {clean(str(where))}: "
            f"{said}{', anonymised' if anonymised else ''}, summary.html and {cvs} CV{'s' if cvs != 1 else ''}")
    if missing:
        line += "; " + "; ".join(f"{clean(c.label)}: {c.cv_note}" for c in missing)
    echo(line)


def _empty_person() -> int:
    raise CliError("PERSON is empty: give each person's id, email or name", 2)


def _one_job(conn, job: str) -> int:  # noqa: ANN001
    """The one job order ``job`` names: an id, or a title only one job order has (the open one
    first); else the job orders it could be, one line each, and a one-line error asking for an id."""
    from deskcrm.store import jump
    from deskcrm.store.values import is_id
    from deskcrm.text import clean

    typed = job.strip().removeprefix("#")
    if typed.isascii() and typed.isdigit():
        if is_id(int(typed)) and conn.execute("SELECT 1 FROM job_order WHERE id = ?", (int(typed),)).fetchone():
            return int(typed)
        raise CliError(f"job order {typed} does not exist (see `deskcrm jobs`)", 2)
    if not typed:
        raise CliError("JOB is empty: give a job order's id (see `deskcrm jobs`) or its title", 2)
    hits = jump.find(conn, typed, kinds=("job",))
    exact = [h for h in hits if h.score >= jump.EXACT]
    chosen = exact or [h for h in hits if h.score >= jump.WORDS - 0.1]
    if len(chosen) == 1:
        return chosen[0].id
    if not hits:
        raise CliError(f"no job order matches {clean(job)!r} (give its id: see `deskcrm jobs`)", 2)
    for h in chosen or hits:
        echo(f"{h.id:>8}  {clean(h.label)}  ({clean(h.detail)})")
    raise CliError(f"{clean(job)!r} could be {len(chosen or hits)} job orders (listed above); run again with one id, "
                   f"e.g. deskcrm submittal {(chosen or hits)[0].id} PERSON… --to DIR", 2)
