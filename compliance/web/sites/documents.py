"""Site kind ``documents``: PDF (text layer, pypdf), DOCX (python-docx) and old binary DOC files.

A PDF without a text layer (a scan) or an old .doc is read as far as it goes and marked
incomplete: a code found there counts, its absence proves nothing.
"""

from __future__ import annotations

import io
import unicodedata

from compliance.web.document import Document
from compliance.web.sites.base import SiteKind


def parse_pdf(body: bytes, content_type: str = "", url: str = "") -> Document:
    """The text layer of every page of a PDF."""
    from pypdf import PdfReader  # imported here: only needed when a PDF turns up

    try:
        reader = PdfReader(io.BytesIO(body))
        if reader.is_encrypted and not reader.decrypt(""):
            return Document("pdf", problem="tệp PDF có mật khẩu")
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception:  # noqa: BLE001 - any damage in an untrusted file means "could not read it"
        return Document("pdf", problem="tệp PDF hỏng, không đọc được")
    text = unicodedata.normalize("NFC", text)
    # A scan has no text layer: the letter may be in the picture.
    return Document("pdf", texts=[text], complete=bool(text.strip()))


def parse_docx(body: bytes, content_type: str = "", url: str = "") -> Document:
    """Paragraphs, tables (nested too), headers and footers of a DOCX."""
    import docx  # python-docx; imported here: only needed when a DOCX turns up

    try:
        document = docx.Document(io.BytesIO(body))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            _table_text(table, parts)
        for section in document.sections:
            parts.extend(p.text for p in section.header.paragraphs)
            parts.extend(p.text for p in section.footer.paragraphs)
    except Exception:  # noqa: BLE001 - any damage in an untrusted file means "could not read it"
        return Document("docx", problem="tệp DOCX hỏng, không đọc được")
    return Document("docx", texts=[unicodedata.normalize("NFC", "\n".join(parts))])


def _table_text(table, out: list[str]) -> None:
    for row in table.rows:
        for cell in row.cells:
            out.extend(p.text for p in cell.paragraphs)
            for inner in cell.tables:
                _table_text(inner, out)


def parse_doc(body: bytes, content_type: str = "", url: str = "") -> Document:
    """Old binary Word: no parser at hand; its text runs are usually plain UTF-16 or 8-bit,
    which is enough to spot an ASCII case code, but not to be sure of absence."""
    texts = [body.decode("utf-16-le", errors="ignore"), body.decode("latin-1")]
    return Document("doc", texts=texts, complete=False)


KIND = SiteKind(
    name="documents",
    keys=(),
    parsers={"pdf": parse_pdf, "docx": parse_docx, "doc": parse_doc},
)
