"""What a file is, from its content: its format, its character set, its delimiter."""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from pathlib import Path

from compliance.errors import InputError
from compliance.read.encoding import declared_charsets, decode_bytes

HEAD_BYTES = 262_144  # what is read first: enough to sniff the format and find the header


def sniff_format(head: bytes) -> str:
    """'xlsx', 'xls', 'html' or 'text' from the first bytes of a file."""
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    probe = head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text (Excel's "Unicode text")
        probe = head.decode("utf-16", errors="ignore").lower().encode("utf-8")
        return "html" if b"<table" in probe else "text"
    if probe.startswith((b"<!doctype html", b"<html", b"<?xml", b"<table", b"<meta")) or (
        b"<table" in probe and b"<td" in probe
    ):
        return "html"
    if b"\x00" in head[:4096]:
        return "binary"
    return "text"


def decode_text(data: bytes, path: Path, declared: Sequence[str] = ()) -> tuple[str, str]:
    """Decode a text or HTML export (:func:`compliance.read.encoding.decode_bytes`: BOM, ``declared``
    charsets, strict UTF-8, detection, never Latin-1). Returns (NFC text, encoding)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{path}: tệp UTF-16 bị hỏng (byte {exc.start})",
                hint="Mở tệp trong Excel và lưu lại dạng 'CSV UTF-8 (Comma delimited)' hoặc .xlsx.",
            ) from None
    try:
        return decode_bytes(data, declared)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{path}: dòng {line}: không đọc được bảng mã ký tự (không phải UTF-8 hay Windows-1258)",
            hint="Mở tệp trong Excel và lưu lại dạng 'CSV UTF-8 (Comma delimited)' hoặc .xlsx.",
        ) from None


def html_text(data: bytes, path: Path) -> str:
    """An HTML export as text: its declared charset is a candidate, not a fact (a page may say
    iso-8859-1 and be UTF-8), and no declaration means UTF-8 or detection, never Latin-1."""
    text, _ = decode_text(data, path, declared_charsets(data))
    # lxml refuses text that still declares an encoding in an XML prolog
    return re.sub(r"^\s*<\?xml[^>]*>", "", text)


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter (comma, semicolon, tab or bar) that splits ``lines`` most evenly."""
    best, best_score = ",", -1
    for delim in (",", ";", "\t", "|"):
        counts = [line.count(delim) for line in lines if line.strip()]
        if not counts:
            continue
        # a delimiter that splits many lines into the same number of fields
        common = max(set(counts), key=counts.count)
        score = counts.count(common) * common
        if score > best_score:
            best, best_score = delim, score
    return best


def sniff_file(path: Path) -> tuple[str, bytes, bool]:
    """(format, first bytes, whether those are the whole file); errors for unreadable,
    empty and non-table files."""
    try:
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
            whole = not fh.read(1)
    except OSError as exc:
        raise InputError(
            f"{path}: không đọc được tệp ({exc.strerror})",
            hint="Kiểm tra đường dẫn và quyền đọc tệp.",
        ) from None
    if not head.strip() and (whole or not path.read_bytes().strip()):
        raise InputError(f"{path}: tệp rỗng", hint="Xuất lại dữ liệu từ phần mềm một cửa.")
    kind = sniff_format(head[:8192])
    if kind == "binary":
        raise InputError(
            f"{path}: không phải tệp bảng tính hay văn bản (CSV/XLSX/XLS)",
            hint="Xuất lại danh sách hồ sơ từ phần mềm một cửa dạng Excel hoặc CSV.",
        )
    return kind, head, whole
