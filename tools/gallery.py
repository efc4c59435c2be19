"""The gallery: the documents a run writes for people, from the bundled examples, as pictures.

    python3 tools/gallery.py                     # every kind into docs/gallery/ and docs/gallery.md
    python3 tools/gallery.py --only report-html  # one kind; the other sections stay as they were
    python3 tools/gallery.py --out /tmp/g        # pictures into /tmp/g, the page into /tmp/g.md

Both examples are run into a temporary folder with ``SOURCE_DATE_EPOCH`` pinned to 09:00 on the
first working day after their period, so the drafts carry the date a clerk would write and the
form in force that day (Mẫu số 04 of 2018 for May 2020, of 2025 for November 2026). The documents
shown are chosen from the runs' letters/index.csv and followup/index.csv; the Word and Excel files
are printed to PDF by LibreOffice, report.html by Chromium (plus two screenshots), and pdftoppm
turns the first pages, and the first page of each of the report's sections, into PNG. The PDFs
are kept in ``OUT/pdf/`` (not committed).

Needs the Debian packages chromium, libreoffice-writer-nogui, libreoffice-calc-nogui and
poppler-utils; a missing one is named and the exit status is 2.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "gallery"
COMMAND = "python3 tools/gallery.py"
MANIFEST = "gallery.json"
PAGES_PER_DOCUMENT = 2
DPI = 60
SCREENS = [(1280, 900), (390, 844)]
TZ = "Asia/Ho_Chi_Minh"


@dataclass(frozen=True)
class Example:
    config: str  # relative to ROOT
    period: str
    epoch: int  # SOURCE_DATE_EPOCH of the run
    day: str  # the same moment, as the page says it


EXAMPLES = {
    "2020-05": Example("config.yaml", "2020-05", 1589508000, "Friday 15/5/2020, 09:00 (+07)"),
    "2026-11": Example(
        "examples/2026/config.yaml", "2026-11", 1794794400, "Monday 16/11/2026, 09:00 (+07)"
    ),
}
#: The example whose report.xlsx and report.html are shown: the shape offices have today.
REPORT_EXAMPLE = "2026-11"
OVERDUE_KINDS = {"resolved_late": "resolved late", "pending_overdue": "pending overdue"}


@dataclass(frozen=True)
class Kind:
    title: str
    what: str
    example: str = ""  # the example it is taken from ('' = each example)
    form: str = ""  # apology letters: the template's name in letters/index.csv


KINDS: dict[str, Kind] = {
    "apology-2018": Kind(
        "Apology letter, 2018 form (Mẫu số 04, Thông tư 01/2018/TT-VPCP)",
        "The draft *Phiếu xin lỗi và hẹn lại ngày trả kết quả* a unit signs for a case it resolved "
        "late or still holds past its due date, when its letter is dated before 15/9/2025 "
        "(`letters/<unit>/<case>.docx`). Blanks `…` are the facts the run does not know.",
        "2020-05",
        "mau-04-2018",
    ),
    "apology-2025": Kind(
        "Apology letter, 2025 form (Mẫu số 04, Thông tư 03/2025/TT-VPCP)",
        "The draft *Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết*, the form for letters "
        "dated from 15/9/2025 (`letters/<unit>/<case>.docx`).",
        "2026-11",
        "mau-04-2025",
    ),
    "followup": Kind(
        "Follow-up letter (công văn đôn đốc)",
        "The letter from the organisation to a flagged unit, listing what it failed to do and by "
        "when to fix it (`followup/<unit>.docx`). One per example: the unit with the most kinds "
        "of shortcoming.",
    ),
    "report-xlsx": Kind(
        "report.xlsx",
        "The Excel report, each sheet printed on its own as LibreOffice prints it (A4, the "
        "sheet's own page setup).",
        REPORT_EXAMPLE,
    ),
    "report-html": Kind(
        "report.html",
        "The self-contained HTML report: printed to PDF by Chromium (as a clerk's browser prints "
        "it; the first pages and the first page of each section), and the first screen on a "
        "1280×900 desktop and a 390×844 phone.",
        REPORT_EXAMPLE,
    ),
}


@dataclass(frozen=True)
class Document:
    """One document to show: where it is in a run, and what the page says about it."""

    kind: str
    stem: str  # every file of it starts with this: 'apology-2018-resolved-late'
    example: str
    source: str  # relative to the run folder: 'letters/so-tnmt/X.docx'
    subject: str  # Markdown
    sheet: int | None = None  # report.xlsx: the one sheet shown (0-based)


@dataclass(frozen=True)
class Page:
    """One picture of the gallery."""

    kind: str
    stem: str
    subject: str
    image: str  # file name in the gallery folder
    caption: str
    pdf: str = ""  # the PDF it comes from, relative to the gallery folder


class GalleryError(Exception):
    """A problem the user can fix; ``status`` is the exit status."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status


# --------------------------------------------------------------------------- names


def slug(text: str) -> str:
    """ASCII file-name form of ``text``: 'Đơn vị cần đôn đốc' → 'don-vi-can-don-doc'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def image_name(stem: str, page: int) -> str:
    """The PNG of page ``page`` (1-based) of a document."""
    return f"{stem}-p{page}.png"


def screen_name(width: int, height: int) -> str:
    return f"report-html-screen-{width}x{height}.png"


# --------------------------------------------------------------------------- choosing


def read_index(path: Path) -> list[dict[str, str]]:
    """The rows of a run's CSV (UTF-8 with BOM); none when the file is absent."""
    if not path.exists():
        return []
    return read_index_text(path.read_text(encoding="utf-8-sig"))


def read_index_text(text: str) -> list[dict[str, str]]:
    """The rows of a CSV's text (a leading BOM is dropped)."""
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def choose_apologies(
    letters: list[dict[str, str]], overdue_kinds: dict[str, str], form: str
) -> list[tuple[str, dict[str, str]]]:
    """The drafts of ``form`` to show: the first of each overdue kind, as ``(kind, row)``.

    ``overdue_kinds`` maps case_id to findings.csv's overdue_kind. When no draft of the form has
    a known kind, the first draft of the form is shown, with the kind ''.
    """
    drafts = [row for row in letters if row.get("form") == form]
    chosen = []
    for kind in OVERDUE_KINDS:
        first = next((r for r in drafts if overdue_kinds.get(r["case_id"]) == kind), None)
        if first is not None:
            chosen.append((kind, first))
    if not chosen and drafts:
        chosen.append(("", drafts[0]))
    return chosen


def reasons_of(row: dict[str, str]) -> list[str]:
    """'missing_apology:1;no_website:2' → ['missing_apology', 'no_website']."""
    return [part.split(":")[0] for part in row.get("reasons", "").split(";") if part]


def choose_followup(rows: list[dict[str, str]]) -> dict[str, str] | None:
    """The follow-up letter with the most kinds of reason (the first among equals)."""
    if not rows:
        return None
    return max(rows, key=lambda row: len(set(reasons_of(row))))


def apology_documents(kind: str, run: Path, example: str) -> list[Document]:
    letters = read_index(run / "letters" / "index.csv")
    kinds = {r["case_id"]: r["overdue_kind"] for r in read_index(run / "findings.csv")}
    documents = []
    for overdue, row in choose_apologies(letters, kinds, KINDS[kind].form):
        stem = f"{kind}-{overdue.replace('_', '-')}" if overdue else kind
        subject = (
            f"case `{row['case_id']}`"
            + (f" ({OVERDUE_KINDS[overdue]})" if overdue else "")
            + f" of {row['unit_name']} (`{row['unit_id']}`), applicant {row['applicant'] or '…'}; "
            f"blanks left for the unit: {row['missing_fields'].replace(';', ', ') or 'none'}"
        )
        documents.append(Document(kind, stem, example, f"letters/{row['path']}", subject))
    return documents


def followup_document(run: Path, example: str) -> list[Document]:
    row = choose_followup(read_index(run / "followup" / "index.csv"))
    if row is None:
        return []
    subject = (
        f"{row['unit_name']} (`{row['unit_id']}`, {row['level']}): "
        f"{row['reasons'].replace(';', ', ')}; cases {row['cases'].replace(';', ', ')}"
    )
    return [
        Document("followup", f"followup-{example}", example, f"followup/{row['path']}", subject)
    ]


def sheet_names(xlsx: Path) -> list[str]:
    """The workbook's sheet names, in order."""
    with zipfile.ZipFile(xlsx) as archive:
        workbook = archive.read("xl/workbook.xml").decode("utf-8")
    return [unescape(name) for name in re.findall(r'<sheet [^>]*?name="([^"]*)"', workbook)]


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace(
        "&apos;", "'").replace("&amp;", "&")  # fmt: skip


def choose_documents(runs: dict[str, Path], kinds: Iterable[str]) -> list[Document]:
    """Every document to show for ``kinds``, from the run folders ``{example: folder}``."""
    documents: list[Document] = []
    for kind in kinds:
        if kind.startswith("apology"):
            example = KINDS[kind].example
            documents += apology_documents(kind, runs[example], example)
        elif kind == "followup":
            for example, run in runs.items():
                documents += followup_document(run, example)
        elif kind == "report-xlsx":
            names = sheet_names(runs[REPORT_EXAMPLE] / "report.xlsx")
            for number, name in enumerate(names):
                stem = f"report-xlsx-{number + 1}-{slug(name)}"
                subject = f"sheet “{name}” of the {REPORT_EXAMPLE} example's report.xlsx"
                documents.append(
                    Document(kind, stem, REPORT_EXAMPLE, "report.xlsx", subject, number)
                )
        elif kind == "report-html":
            subject = f"the {REPORT_EXAMPLE} example's report.html"
            documents.append(Document(kind, "report-html", REPORT_EXAMPLE, "report.html", subject))
    return documents


# --------------------------------------------------------------------------- the page


def markdown(pages: list[Page], folder: str, where: str = "docs/gallery") -> str:
    """docs/gallery.md: one section per kind (in the order of KINDS), its pictures embedded.

    ``folder`` is the pictures' folder relative to the page; ``where`` names it for the reader.
    """
    lines = [
        "# Gallery: the documents as clerks see them",
        "",
        "Pictures of every kind of document a run writes for people to read and sign, made from "
        "the bundled examples, so the wording and layout can be reviewed without running "
        "anything. Each Word or Excel file is printed to PDF by LibreOffice and each page shown "
        f"at {DPI} dpi (the first {PAGES_PER_DOCUMENT} pages); report.html is printed by "
        "Chromium. Both examples are run with the clock pinned to the first working day after "
        "their period: "
        + "; ".join(f"{name}: {ex.day}" for name, ex in EXAMPLES.items())
        + f". The PDFs are written to `{where}/pdf/` (not committed). Regenerate the whole "
        "gallery with:",
        "",
        "```sh",
        COMMAND,
        "```",
        "",
        "It needs the Debian packages chromium, libreoffice-writer-nogui, "
        "libreoffice-calc-nogui and poppler-utils. The pictures show the outputs of the commit "
        "they were made at: run it again after changing a template or a wording.",
    ]
    for kind, spec in KINDS.items():
        mine = [page for page in pages if page.kind == kind]
        if not mine:
            continue
        lines += ["", f"## {spec.title}", "", spec.what, "", f"`{COMMAND} --only {kind}`"]
        for stem in dict.fromkeys(page.stem for page in mine):
            shown = [page for page in mine if page.stem == stem]
            lines += ["", f"### {stem}", "", f"Shows {shown[0].subject}.", ""]
            lines.append(" ".join(f"![{stem}: {p.caption}]({folder}/{p.image})" for p in shown))
    return "\n".join(lines) + "\n"


def merged(old: list[Page], new: list[Page], kinds: Iterable[str]) -> list[Page]:
    """The pages of a gallery after re-rendering ``kinds``: theirs replaced, the others kept."""
    redone = set(kinds)
    return [page for page in old if page.kind not in redone] + new


def read_manifest(out: Path) -> list[Page]:
    path = out / MANIFEST
    if not path.exists():
        return []
    return [Page(**row) for row in json.loads(path.read_text(encoding="utf-8"))]


# --------------------------------------------------------------------------- tools

#: Program → the Debian package that provides it.
PACKAGES = {
    "soffice": "libreoffice-writer-nogui",
    "chromium": "chromium",
    "pdftoppm": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "pdftotext": "poppler-utils",
}


def programs_for(kinds: Iterable[str]) -> list[str]:
    needed = ["pdftoppm", "pdfinfo", "pdftotext"]
    for kind in kinds:
        needed.append("chromium" if kind == "report-html" else "soffice")
    return list(dict.fromkeys(needed))


def check_programs(kinds: Iterable[str], which: Callable[[str], str | None] | None = None) -> None:
    """Raise GalleryError (status 2) naming the Debian package of every missing program."""
    find = which or shutil.which
    missing = [name for name in programs_for(kinds) if find(name) is None]
    if missing:
        packages = " ".join(dict.fromkeys(PACKAGES[name] for name in missing))
        raise GalleryError(
            f"not found: {', '.join(missing)}; install them with: apt-get install {packages}", 2
        )


def call(command: list[str], what: str, timeout: int = 300) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise GalleryError(f"{what} failed ({result.returncode}):\n" + "\n".join(tail))


#: ``python -m compliance`` with ``compliance.templates`` read from this checkout's templates/:
#: an editable install made from another checkout (a git worktree's main folder) would otherwise
#: lend its templates, and the pictures would not show this checkout's.
RUNNER = """
import importlib.util, runpy, sys
root = sys.argv.pop(1)
class Templates:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name != "compliance.templates":
            return None
        return importlib.util.spec_from_file_location(
            name, root + "/templates/__init__.py", submodule_search_locations=[root + "/templates"])
sys.meta_path.insert(0, Templates)
sys.argv[0] = "compliance"
runpy.run_module("compliance", run_name="__main__", alter_sys=True)
"""


def run_examples(tmp: Path) -> dict[str, Path]:
    """Run both examples into ``tmp/<name>`` with the clock pinned; return the run folders."""
    runs = {}
    for name, example in EXAMPLES.items():
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(example.epoch), "TZ": TZ}
        command = [sys.executable, "-c", RUNNER, str(ROOT), "--config", example.config, "run",
                   "--period", example.period, "--out", str(tmp / name)]  # fmt: skip
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        if result.returncode not in (0, 1):
            raise GalleryError(f"the {name} example's run failed:\n{result.stderr.strip()}")
        runs[name] = tmp / name / example.period
    return runs


def only_sheet(xlsx: bytes, number: int) -> bytes:
    """The workbook with every sheet but ``number`` (0-based) hidden, so only it prints."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    counter = iter(range(10_000))

    def hide(match: re.Match[str]) -> str:
        tag = match.group(0)
        return tag if next(counter) == number else tag.replace("<sheet ", '<sheet state="hidden" ')

    target = io.BytesIO()
    with source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "xl/workbook.xml":
                text = re.sub(r"<sheet [^>]*/>", hide, body.decode("utf-8"))
                text = re.sub(r' activeTab="\d+"', "", text)
                text = text.replace("<workbookView ", f'<workbookView activeTab="{number}" ', 1)
                body = text.encode("utf-8")
            archive.writestr(info, body)
    return target.getvalue()


def office_to_pdf(documents: list[Document], runs: dict[str, Path], tmp: Path) -> dict[str, Path]:
    """Print the Word and Excel documents to PDF with LibreOffice; return ``{stem: pdf}``."""
    sources = tmp / "office"
    sources.mkdir()
    for doc in documents:
        original = runs[doc.example] / doc.source
        target = sources / f"{doc.stem}{original.suffix}"
        if doc.sheet is None:
            shutil.copyfile(original, target)
        else:
            target.write_bytes(only_sheet(original.read_bytes(), doc.sheet))
    if not documents:
        return {}
    files = sorted(str(p) for p in sources.iterdir())
    profile = (tmp / "libreoffice-profile").as_uri()
    call(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
          "--outdir", str(tmp / "pdf"), *files], "LibreOffice")  # fmt: skip
    pdfs = {doc.stem: tmp / "pdf" / f"{doc.stem}.pdf" for doc in documents}
    for doc in documents:
        if not pdfs[doc.stem].exists():
            package = (
                "libreoffice-calc-nogui" if doc.source.endswith(".xlsx") else PACKAGES["soffice"]
            )
            raise GalleryError(
                f"LibreOffice could not print {doc.source} to PDF; is {package} installed? "
                f"(apt-get install {package})", 2,
            )  # fmt: skip
    return pdfs


def chromium(tmp: Path, *args: str) -> None:
    call(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--no-first-run", f"--user-data-dir={tmp / 'chromium-profile'}", *args], "Chromium")  # fmt: skip


def page_count(pdf: Path) -> int:
    result = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    found = re.search(r"^Pages:\s+(\d+)", result.stdout, re.MULTILINE)
    return int(found.group(1)) if found else 0


#: A numbered section's heading in report.html's text: 'VI. Danh sách hồ sơ quá hạn'.
SECTION = re.compile(r"^([IVX]+)\. \S", re.MULTILINE)


def section_pages(text: str) -> dict[str, int]:
    """``{'VI': 9, …}``: the page (1-based) where each numbered section starts.

    ``text`` is the PDF's text as pdftotext gives it: pages separated by form feeds.
    """
    found: dict[str, int] = {}
    for number, page in enumerate(text.split("\f"), start=1):
        for match in SECTION.finditer(page):
            found.setdefault(match.group(1), number)
    return found


def pages_to_show(total: int, sections: dict[str, int] | None = None) -> list[tuple[int, str]]:
    """``[(page, caption), …]``: the first pages, and the first page of every section."""
    starts: dict[int, list[str]] = {}
    for section, page in (sections or {}).items():
        starts.setdefault(page, []).append(section)
    shown = set(range(1, min(total, PAGES_PER_DOCUMENT) + 1)) | set(starts)
    return [
        (page, f"page {page} of {total}"
         + (f", section {', '.join(starts[page])}" if page in starts else ""))
        for page in sorted(p for p in shown if 1 <= p <= total)
    ]  # fmt: skip


def pdf_to_pngs(pdf: Path, doc: Document, out: Path, by_section: bool = False) -> list[Page]:
    """PNGs of the pages worth showing in ``out``; the PDF itself into ``out/pdf``.

    ``by_section`` adds the first page of every numbered section (report.html).
    """
    (out / "pdf").mkdir(parents=True, exist_ok=True)
    kept = out / "pdf" / f"{doc.stem}.pdf"
    shutil.copyfile(pdf, kept)
    sections = None
    if by_section:
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout  # fmt: skip
        sections = section_pages(text)
    pages = []
    for number, caption in pages_to_show(page_count(pdf), sections):
        image = image_name(doc.stem, number)
        call(["pdftoppm", "-png", "-r", str(DPI), "-f", str(number), "-l", str(number),
              "-singlefile", str(pdf), str(out / image[: -len(".png")])], "pdftoppm")  # fmt: skip
        pages.append(Page(doc.kind, doc.stem, doc.subject, image, caption, f"pdf/{kept.name}"))
    return pages


def render(documents: list[Document], runs: dict[str, Path], out: Path, tmp: Path) -> list[Page]:
    """Every picture of ``documents`` into ``out``; return the pages in document order."""
    office = [doc for doc in documents if doc.kind != "report-html"]
    pdfs = office_to_pdf(office, runs, tmp)
    pages: list[Page] = []
    for doc in documents:
        if doc.kind != "report-html":
            pages += pdf_to_pngs(pdfs[doc.stem], doc, out)
            continue
        url = (runs[doc.example] / doc.source).as_uri()
        pdf = tmp / "pdf" / "report-html.pdf"
        pdf.parent.mkdir(exist_ok=True)
        chromium(tmp, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", url)
        pages += pdf_to_pngs(pdf, doc, out, by_section=True)
        for width, height in SCREENS:
            image = screen_name(width, height)
            chromium(tmp, f"--window-size={width},{height}", f"--screenshot={out / image}", url)
            pages.append(Page(doc.kind, doc.stem, doc.subject, image, f"screen {width}×{height}"))
    return pages


def optimise(paths: list[Path]) -> None:
    """Shrink the PNGs losslessly when optipng is installed (optional)."""
    if paths and shutil.which("optipng"):
        subprocess.run(["optipng", "-quiet", "-o2", *map(str, paths)], check=False)


def remove_stale(old: list[Page], now: list[Page], out: Path) -> None:
    """Delete the files of pages that the gallery no longer has."""
    kept = {p.image for p in now} | {p.pdf for p in now if p.pdf}
    for page in old:
        for name in (page.image, page.pdf):
            if name and name not in kept:
                (out / name).unlink(missing_ok=True)


def shown_path(path: Path) -> str:
    """``path`` relative to the repository when it is inside it."""
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=list(KINDS), help="render this kind only")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the pictures' folder")
    args = parser.parse_args(argv)
    kinds = [args.only] if args.only else list(KINDS)
    out: Path = args.out.resolve()
    start = time.perf_counter()
    try:
        check_programs(kinds)
        with tempfile.TemporaryDirectory(prefix="gallery-") as name:
            tmp = Path(name)
            runs = run_examples(tmp / "runs")
            documents = choose_documents(runs, kinds)
            out.mkdir(parents=True, exist_ok=True)
            new = render(documents, runs, out, tmp)
    except GalleryError as error:
        print(f"gallery: {error}", file=sys.stderr)
        return error.status
    optimise([out / page.image for page in new])
    old = read_manifest(out)
    pages = merged(old, new, kinds)
    remove_stale(old, pages, out)
    (out / MANIFEST).write_text(
        json.dumps([asdict(p) for p in pages], indent=1, ensure_ascii=False) + "\n", "utf-8"
    )
    page_file = out.parent / f"{out.name}.md"
    page_file.write_text(markdown(pages, out.name, shown_path(out)), encoding="utf-8")
    size = sum(f.stat().st_size for f in out.iterdir() if f.is_file())
    print(f"{len(new)} pictures in {out}, {size / 1e6:.1f} MB without pdf/; {page_file} "
          f"written in {time.perf_counter() - start:.0f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
