"""CV files made by the tests themselves, one per format (never a real person's CV)."""

from __future__ import annotations

import zipfile
from pathlib import Path

PHRASE = "Kubernetes operator"
BODY = [
    "Jordan Example - Platform Engineer",
    f"Wrote a {PHRASE} for stateful workloads",
    "Terraform, Go and observability",
]


def _pdf_escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(lines: list[str] | None) -> bytes:
    """A one-page PDF written by hand: Helvetica text, or (``None``) a page with nothing on it but
    a drawn box — what a scanner's page without its image looks like to a text reader."""
    if lines is None:
        stream = b"0 0 0 RG 50 50 200 200 re S"
    else:
        ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
        for line in lines:
            ops += [f"({_pdf_escape(line)}) Tj", "T*"]
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def make_pdf(path: Path, lines: list[str] | None = BODY) -> Path:
    path.write_bytes(pdf_bytes(lines))
    return path


def make_encrypted_pdf(path: Path) -> Path:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(BODY))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with open(path, "wb") as out:
        writer.write(out)
    return path


def make_docx(path: Path, lines: list[str] = BODY) -> Path:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))
    return path


_ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def make_odt(path: Path, lines: list[str] = BODY) -> Path:
    from xml.sax.saxutils import escape

    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in lines)
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODT_NS} office:version="1.2">'
               f"<office:body><office:text>{paragraphs}</office:text></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


def make_rtf(path: Path, lines: list[str] = BODY) -> Path:
    body = "\\par\n".join(line.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}") for line in lines)
    path.write_bytes(("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0\\fswiss Helvetica;}}\\f0\\fs24\n" + body
                      + "\\par\n}").encode("ascii"))
    return path


def make_txt(path: Path, lines: list[str] = BODY, encoding: str = "cp1252") -> Path:
    path.write_bytes("\r\n".join(lines + ["Café owner in a previous life"]).encode(encoding))
    return path


MAKERS = {"pdf": make_pdf, "docx": make_docx, "odt": make_odt, "rtf": make_rtf, "txt": make_txt}
