"""Word drafts from docxtpl templates: template lookup, compiled rendering, file names, the index.

A new run's index replaces the previous run's drafts (:func:`write_index`).
"""

from __future__ import annotations

import copy
import io
import os
import re
import unicodedata
import zipfile
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TypeVar, overload

import pandas as pd
from docxtpl import DocxTemplate
from lxml import etree

from compliance.config import Config
from compliance.outputs.files import safe_filename, write_csv, write_with
from compliance.text import clean_text

K = TypeVar("K")

#: The packaged default templates (setup.cfg maps ``compliance.templates`` to templates/).
PACKAGE_TEMPLATES = resources.files("compliance.templates")

# Names Windows refuses as files whatever the extension.
_RESERVED_NAMES = {"CON", "PRN", "AUX", "NUL"} | {
    f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)
}


def template_path(config: Config, name: str) -> Traversable:
    """``name`` from the config's ``templates/`` folder if the user put one there, else the package's."""
    custom = config.path("templates") / name
    return custom if custom.is_file() else PACKAGE_TEMPLATES / name


def render_docx(template: bytes, context: dict, path: Path, highlight: str | None = None) -> None:
    """Render a docxtpl template (given as bytes) with ``context`` into ``path``, atomically.

    With ``highlight``, every run whose whole text is that (the visible blank) is marked yellow.
    """
    data = _compiled(template).render(nfc_context(context), highlight)

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    write_with(path, write)


def render_many(jobs: list[tuple[bytes, dict, Path]], highlight: str | None = None) -> None:
    """Render and write many drafts; compression and file writes overlap on all cores."""
    if len(jobs) < 8:
        for template, context, path in jobs:
            render_docx(template, context, path, highlight)
        return
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        list(pool.map(lambda job: render_docx(job[0], job[1], job[2], highlight), jobs))


def highlight_runs(xml: str, text: str) -> str:
    """``xml`` with a yellow highlight on every run (that has run properties) whose whole text
    is ``text``; w:highlight goes before w:lang, as the schema orders run properties.

    Found by plain string search from each ``>text</w:t>`` back to its run's properties: a
    month's thousand letters each have a few blanks among hundreds of runs.
    """
    needle = f">{text}</w:t>"
    out, done = [], 0
    at = xml.find(needle)
    while at >= 0:
        tag = xml.rfind("<w:t", done, at + 1)
        closing = xml.rfind("</w:rPr>", done, tag)
        whole_text = tag >= 0 and xml[tag + 4] in "> " and xml.find(">", tag) == at
        if whole_text and closing >= 0 and closing + len("</w:rPr>") == tag:
            opening = xml.rfind("<w:rPr>", done, closing)
            props = xml[opening + len("<w:rPr>") : closing]
            if opening >= 0 and "<w:highlight" not in props:
                lang = props.find("<w:lang")
                insert = opening + len("<w:rPr>") + (len(props) if lang < 0 else lang)
                out += [xml[done:insert], '<w:highlight w:val="yellow"/>']
                done = insert
        at = xml.find(needle, at + len(needle))
    return "".join(out) + xml[done:] if out else xml


class _CompiledDocx:
    """A docxtpl template prepared once and rendered many times.

    ``DocxTemplate.render`` re-reads the package, re-patches the XML and re-compiles the Jinja
    template for every letter (~40 ms each: minutes for a province's month). Here the same
    docxtpl steps — ``patch_xml``, the paragraph split of ``render_xml_part``, Jinja with
    autoescape, ``resolve_listing`` — run once, and each letter only renders the body, splices
    it into the document part, and appends that part to the rest of the package, compressed
    once (a template's styles alone are hundreds of kilobytes). Headers, footers and properties
    are copied as they are (the templates keep their tags in the body).
    """

    _BODY_MARK = "compliance-body"

    def __init__(self, template: bytes):
        from jinja2 import Environment

        doc = DocxTemplate(io.BytesIO(template))
        doc.render_init()
        self._doc = doc
        body = re.sub(r"<w:p([ >])", r"\n<w:p\1", doc.patch_xml(doc.get_xml()))
        self._jinja = Environment(autoescape=True).from_string(body)
        # The document part around its body, serialised once: each letter only fills the middle.
        root = copy.deepcopy(doc.docx.element)
        root.replace(root.body, etree.Comment(self._BODY_MARK))
        whole = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        self._head, self._tail = whole.split(f"<!--{self._BODY_MARK}-->".encode(), 1)
        # Every other part, compressed once; a letter's package is this plus its document part.
        rest = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(template)) as package, zipfile.ZipFile(rest, "w") as out:
            for info in package.infolist():
                if info.filename != "word/document.xml":
                    data = package.read(info.filename)
                    out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        self._rest = rest.getvalue()

    def render(self, context: dict, highlight: str | None = None) -> bytes:
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", self._jinja.render(context))
        xml = (
            xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        )
        if any(ch in xml for ch in "\t\a\n\f"):  # line breaks etc. inside values (signer titles)
            xml = self._doc.resolve_listing(xml)
        if highlight:
            xml = highlight_runs(xml, highlight)
        document = self._head + xml.encode("utf-8") + self._tail
        out = io.BytesIO(self._rest)
        out.seek(0, io.SEEK_END)
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
            package.writestr("word/document.xml", document)
        return out.getvalue()


@lru_cache(maxsize=8)
def _compiled(template: bytes) -> _CompiledDocx:
    return _CompiledDocx(template)


@overload
def nfc_context(value: dict[K, object]) -> dict[K, object]: ...
@overload
def nfc_context(value: object) -> object: ...
def nfc_context(value: object) -> object:
    """``value`` with every string NFC-normalised, through dicts and lists."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {key: nfc_context(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [nfc_context(item) for item in value]
    return value


class FileNamer:
    """Safe, unique file paths under one folder, whatever the untrusted names contain.

    Names go through :func:`~compliance.outputs.files.safe_filename` (no separators, no '..');
    two names that end up equal — compared case-insensitively, as on Windows and macOS —
    get ``-2``, ``-3``… rather than overwrite each other.
    """

    def __init__(self, root: Path):
        self.root = Path(root)
        self._taken: set[str] = set()

    def path(self, name: object, suffix: str, folder: object = None) -> Path:
        """``root/[folder/]name.suffix``, made safe and unique."""
        parts = [] if folder is None else [_safe_part(folder)]
        stem = _safe_part(name)
        candidate, n = stem, 1
        while "/".join([*parts, candidate + suffix]).casefold() in self._taken:
            n += 1
            candidate = f"{stem}-{n}"
        relative = "/".join([*parts, candidate + suffix])
        self._taken.add(relative.casefold())
        return self.root.joinpath(*parts, candidate + suffix)


def _safe_part(value: object) -> str:
    text = safe_filename(clean_text(value), default="khong-ro")
    return f"_{text}" if text.split(".")[0].upper() in _RESERVED_NAMES else text


def relative(path: Path, root: Path) -> str:
    """``path`` relative to ``root``, with forward slashes (stable across systems)."""
    return path.relative_to(root).as_posix()


def write_index(
    out_dir: Path, index: pd.DataFrame, columns: list[str], *, only: str | None = None
) -> None:
    """Write ``out_dir/index.csv`` for the drafts just written, so that it lists what is there.

    The drafts of a whole run (``only`` None) replace those of the previous run: a draft the
    previous index lists and this run did not write again (its case has an apology now, its
    unit is no longer flagged) is deleted, so no stale draft is left to be sent by mistake.
    With ``only`` (a column, ``case_id``), the drafts were written for a few cases: only those
    cases' earlier drafts are replaced; the previous index's rows for the other cases are kept,
    with their files.
    """
    previous = _previous_index(out_dir, columns)
    rewritten = previous["path"].str.casefold().isin({p.casefold() for p in index["path"]})
    superseded = previous[only].isin(set(index[only])) if only else pd.Series(True, previous.index)
    for old in previous.loc[superseded & ~rewritten, "path"]:
        _remove_draft(out_dir, old)
    kept = previous[~superseded & ~rewritten]
    write_csv(out_dir / "index.csv", pd.concat([kept, index]) if len(kept) else index, columns)


def _previous_index(out_dir: Path, columns: list[str]) -> pd.DataFrame:
    """The index.csv of an earlier run in ``out_dir`` (empty if none or unreadable)."""
    path = out_dir / "index.csv"
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError):  # none yet, or not a CSV (pandas' errors are ValueErrors)
        return pd.DataFrame(columns=columns, dtype=str)
    return frame.reindex(columns=columns, fill_value="")


def _remove_draft(out_dir: Path, listed: str) -> None:
    """Delete a .docx an earlier index listed, if it lies inside ``out_dir`` (the index is a file
    users can edit, so its paths are checked); then its folder, if that is left empty."""
    root = out_dir.resolve()
    path = (out_dir / listed).resolve()
    if path.suffix.lower() != ".docx" or not path.is_relative_to(root) or not path.is_file():
        return
    path.unlink()
    if path.parent != root and not any(path.parent.iterdir()):
        path.parent.rmdir()
