"""Reading the text out of one CV file, by format — run in a child process (``store.cv_text``
starts it with a time limit and a memory ceiling), never in the app's own process.

    python -m deskcrm.store.cv_formats FORMAT PATH MAX_CHARS MAX_PAGES MAX_BYTES MAX_MEMORY CPU_SECONDS

prints one JSON object on stdout: ``{"text": …}``, or ``{"refused": "encrypted"}`` (a PDF with
a password), or ``{"refused": "unreadable", "detail": …}`` (a damaged or foreign file). Every
reader stops at ``MAX_CHARS`` characters (and a PDF at ``MAX_PAGES`` pages; a part of a zip at
``MAX_BYTES`` bytes), so a hostile file costs at most what those allow.

Libraries: pypdf (PDF), python-docx (DOCX), striprtf (RTF), charset-normalizer (TXT); ODT is the
standard library's zipfile and ElementTree over ``content.xml``.
"""

from __future__ import annotations

import json
import sys

_ODT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


class Encrypted(Exception):
    pass


def pdf_text(path: str, max_chars: int, max_pages: int) -> str:
    from pypdf import PdfReader

    reader = PdfReader(path)
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")  # "no password to open", only to print or copy: readable
        except Exception:  # noqa: BLE001 - an AES file without the crypto library, a broken handler
            opened = 0
        if not opened:
            raise Encrypted()
    parts: list[str] = []
    size = 0
    for number, page in enumerate(reader.pages):
        if number >= max_pages or size >= max_chars:
            break
        found = page.extract_text() or ""
        parts.append(found)
        size += len(found)
    return "\n".join(parts)


def docx_text(path: str, max_chars: int) -> str:
    import docx

    document = docx.Document(path)
    lines: list[str] = []
    size = 0
    for paragraph in document.paragraphs:
        lines.append(paragraph.text)
        size += len(paragraph.text)
        if size >= max_chars:
            return "\n".join(lines)
    for table in document.tables:
        for row in table.rows:
            cells = [cell.text for cell in row.cells]
            lines.append("\t".join(cells))
            size += sum(map(len, cells))
            if size >= max_chars:
                return "\n".join(lines)
    return "\n".join(lines)


def odt_text(path: str, max_chars: int, max_bytes: int) -> str:
    import zipfile
    from xml.etree import ElementTree

    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as part:
        xml = part.read(max_bytes + 1)
    if len(xml) > max_bytes:
        raise ValueError("its content.xml is larger than a CV can be")
    root = ElementTree.fromstring(xml)
    lines: list[str] = []
    size = 0
    for element in root.iter():
        if element.tag in (f"{{{_ODT}}}p", f"{{{_ODT}}}h"):
            line = _odt_line(element)
            lines.append(line)
            size += len(line)
            if size >= max_chars:
                break
    return "\n".join(lines)


def _odt_line(element) -> str:  # noqa: ANN001 - an ElementTree element
    """A paragraph's text: ``text:s`` is spaces, ``text:tab`` a tab, ``text:line-break`` a new
    line; a paragraph nested in it (a note, a frame) is read on its own, not here."""
    out = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == f"{{{_ODT}}}s":
            out.append(" " * int(child.get(f"{{{_ODT}}}c", "1") or 1))
        elif tag == f"{{{_ODT}}}tab":
            out.append("\t")
        elif tag == f"{{{_ODT}}}line-break":
            out.append("\n")
        elif tag not in (f"{{{_ODT}}}p", f"{{{_ODT}}}h", f"{{{_ODT}}}note"):
            out.append(_odt_line(child))
        out.append(child.tail or "")
    return "".join(out)


def rtf_text(path: str, max_chars: int) -> str:
    from striprtf.striprtf import rtf_to_text

    with open(path, "rb") as file:
        raw = file.read()
    # RTF is 7-bit: anything else is written as \'xx or \uN escapes, which striprtf decodes.
    return rtf_to_text(raw.decode("latin-1"), errors="replace")[: max_chars]


def txt_text(path: str, max_chars: int) -> str:
    with open(path, "rb") as file:
        raw = file.read()
    return decode_text(raw)[:max_chars]


def decode_text(raw: bytes) -> str:
    """UTF-8 (with or without BOM) when it is that, else what charset-normalizer finds, else cp1252."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if raw.startswith(bom):
            return raw.decode(codec, errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is not None:
        return str(best)
    return raw.decode("cp1252", errors="replace")


def read(fmt: str, path: str, max_chars: int, max_pages: int, max_bytes: int) -> str:
    if fmt == "pdf":
        return pdf_text(path, max_chars, max_pages)
    if fmt == "docx":
        return docx_text(path, max_chars)
    if fmt == "odt":
        return odt_text(path, max_chars, max_bytes)
    if fmt == "rtf":
        return rtf_text(path, max_chars)
    if fmt == "txt":
        return txt_text(path, max_chars)
    raise ValueError(f"no reader for {fmt}")


def limit(memory: int, cpu_seconds: int) -> None:
    """This process's ceilings, set before any reader is imported: address space (a zip bomb, a
    PDF that inflates) and CPU time (a backstop under the parent's wall-clock timeout)."""
    import resource

    for what, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_CPU, cpu_seconds)):
        try:
            resource.setrlimit(what, (value, value))
        except (ValueError, OSError):  # a ceiling already lower (a container's): it applies anyway
            pass


def main(argv: list[str]) -> int:
    fmt, path, max_chars, max_pages, max_bytes = argv[0], argv[1], int(argv[2]), int(argv[3]), int(argv[4])
    limit(int(argv[5]), int(argv[6]))
    try:
        text = read(fmt, path, max_chars, max_pages, max_bytes)
    except Encrypted:
        result: dict[str, str] = {"refused": "encrypted"}
    except MemoryError:
        result = {"refused": "unreadable", "detail": "reading it needs more memory than any CV does"}
    except Exception as exc:  # noqa: BLE001 - any failure of a reader on a foreign file: said in one line
        detail = " ".join(str(exc).split())[:160] or type(exc).__name__
        result = {"refused": "unreadable", "detail": detail}
    else:
        result = {"text": text[:max_chars]}
    sys.stdout.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
