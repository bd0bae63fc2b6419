"""The text of a CV file: PDF, DOCX, ODT, RTF or TXT — or a one-line reason there is none.

    found = cv_text.extract(Path("~/Downloads/jane-roe.pdf").expanduser())
    found.text, found.note, found.words

What a file is comes from its first bytes (``%PDF``, a zip holding ``word/document.xml`` or an
OpenDocument text, ``{\\rtf``), a ``.txt``/``.text``/``.md`` name for plain text. The reading itself
(``store.cv_formats``) runs in a child Python with a wall-clock timeout (:data:`TIMEOUT_S`), an
address-space ceiling (:data:`MAX_MEMORY`) and caps on pages and characters: a hostile file
(a zip bomb, a PDF that loops) costs a few seconds and is refused, never a hung or swollen app.

Refused, as :class:`CvRefused` naming the file: a file that cannot be read, over
:data:`MAX_BYTES`, a type that is not one of these, a PDF with a password. A PDF with no text in
it (a scan) is not refused: its note says so, and it is attached all the same.

The text is kept as the file had it (NUL characters aside: no database takes them; CRLF read as
a line break); it is data,
shown only through ``deskcrm.text``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from deskcrm.store.errors import StoreError

MAX_BYTES = 20 * 1024 * 1024  # a CV over this is refused (a scan at 600 dpi, a video named .pdf)
MAX_CHARS = 200_000  # text kept from one file (a 60-page CV); the rest is not read
MAX_PAGES = 100  # PDF pages read
MAX_MEMORY = 1024 * 1024 * 1024  # address space of the reading process
TIMEOUT_S = 30.0  # wall clock for reading one file
NO_TEXT = "no text in it (a scanned PDF?)"

FORMATS = {"pdf": "PDF", "docx": "Word (DOCX)", "odt": "OpenDocument (ODT)", "rtf": "RTF", "txt": "text"}
_TEXT_SUFFIXES = (".txt", ".text", ".md")
_ODT_MIME = b"application/vnd.oasis.opendocument.text"


class CvRefused(StoreError):
    """A file that cannot be attached; ``str()`` is one line naming it."""


@dataclass(frozen=True, slots=True)
class Extracted:
    format: str  # a key of FORMATS
    text: str | None  # None: nothing readable in it (see note)
    note: str | None  # why there is no text

    @property
    def words(self) -> int:
        return len(self.text.split()) if self.text else 0


def check_file(path: Path) -> tuple[str, int]:
    """(its format, its size) — or CvRefused: missing, unreadable, too big, not a CV format."""
    name = path.name
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise CvRefused(f"{name}: not a file")
        with open(path, "rb") as file:
            head = file.read(8)
    except CvRefused:
        raise
    except FileNotFoundError:
        raise CvRefused(f"{path}: no such file") from None
    except PermissionError:
        raise CvRefused(f"{name}: cannot be read (permission denied)") from None
    except OSError as exc:
        raise CvRefused(f"{name}: cannot be read ({exc.strerror or exc})") from None
    if size > MAX_BYTES:
        raise CvRefused(f"{name}: {size / 1024 / 1024:.0f} MB is over the {MAX_BYTES // 1024 // 1024} MB "
                        "a CV may be; nothing attached")
    if size == 0:
        raise CvRefused(f"{name}: the file is empty; nothing attached")
    return sniff(path, head), size


def sniff(path: Path, head: bytes) -> str:
    name = path.name
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names:
                    return "docx"
                if "content.xml" in names and "mimetype" in names and archive.read("mimetype")[:64].strip() == _ODT_MIME:
                    return "odt"
        except (zipfile.BadZipFile, OSError, KeyError):
            raise CvRefused(f"{name}: a damaged zip file (not a readable DOCX or ODT); nothing attached") from None
    elif path.suffix.lower() in _TEXT_SUFFIXES and (head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" not in head):
        return "txt"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise CvRefused(f"{name}: an old Word (.doc) file is not supported; save it as DOCX or PDF and attach that")
    kinds = ", ".join(FORMATS.values())
    raise CvRefused(f"{name}: not a CV file deskcrm can read (it reads {kinds}); nothing attached")


def extract(path: Path, fmt: str | None = None, *, name: str | None = None) -> Extracted:
    """The text of the file at ``path`` (CvRefused when there is none to be had: see the module);
    ``name``: what to call it in a message (the name it was attached by, not its stored copy's)."""
    if fmt is None:
        fmt, _size = check_file(path)
    name = name or path.name
    try:
        done = subprocess.run(reader_command(fmt, path), capture_output=True, timeout=TIMEOUT_S, stdin=subprocess.DEVNULL,
                              env=_child_env())
    except subprocess.TimeoutExpired:
        raise CvRefused(f"{name}: reading it took over {TIMEOUT_S:.0f} s (a damaged or hostile file?); "
                        "nothing attached") from None
    except OSError as exc:
        raise CvRefused(f"{name}: could not start reading it ({exc.strerror or exc})") from None
    try:
        result = json.loads(done.stdout.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        result = {"refused": "unreadable", "detail": _why_it_died(done)}
    refused = result.get("refused")
    if refused == "encrypted":
        raise CvRefused(f"{name}: the PDF is encrypted (it has a password); save a copy without one and attach "
                        "that; nothing attached")
    if refused:
        raise CvRefused(f"{name}: cannot be read as {FORMATS[fmt]} ({result.get('detail') or 'damaged'}); "
                        "nothing attached")
    text = str(result.get("text") or "").replace("\x00", "").replace("\r\n", "\n")
    text = text.encode("utf-8", "replace").decode("utf-8")  # a reader's lone surrogate: no database takes it
    if not text.strip():
        if fmt == "pdf":
            return Extracted(fmt, None, NO_TEXT)
        return Extracted(fmt, None, "no text in it")
    return Extracted(fmt, text, None)


def reader_command(fmt: str, path: Path) -> list[str]:
    """The child that reads the file (``store.cv_formats``) with this module's limits."""
    return [sys.executable, "-m", "deskcrm.store.cv_formats", fmt, str(path), str(MAX_CHARS), str(MAX_PAGES),
            str(MAX_BYTES * 4), str(MAX_MEMORY), str(int(TIMEOUT_S) + 1)]


def _why_it_died(done: subprocess.CompletedProcess) -> str:
    if done.returncode < 0:
        import signal

        try:
            sig = signal.Signals(-done.returncode).name
        except ValueError:
            sig = str(-done.returncode)
        return f"reading it was stopped ({sig}: too much memory or time)"
    last = (done.stderr or b"").decode("utf-8", "replace").strip().splitlines()
    return " ".join(last[-1].split())[:160] if last else "the reader stopped"


def _child_env() -> dict[str, str]:
    """The child finds deskcrm where this process found it (a source checkout too)."""
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    env.pop("PYTHONSTARTUP", None)
    return env
