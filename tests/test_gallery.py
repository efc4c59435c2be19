"""tools/gallery.py's pure parts: which documents it shows, how it names them, the page it writes.

The gallery itself (LibreOffice, Chromium, poppler) is documentation, made by hand with
``python3 tools/gallery.py``; nothing here starts those programs.
"""

import importlib.util
import io
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("gallery", ROOT / "tools" / "gallery.py")
gallery = importlib.util.module_from_spec(_spec)
sys.modules["gallery"] = gallery  # its dataclasses look their module up by name
_spec.loader.exec_module(gallery)

LETTERS = """\ufeffcase_id,unit_id,unit_name,applicant,form,path,missing_fields
A-1,u1,Unit 1,Nguyễn Văn A,mau-04-2018,u1/A-1.docx,reason;new_due_at
B-2,u2,Unit 2,Trần Thị B,mau-04-2018,u2/B-2.docx,reason
C-3,u2,Unit 2,Lê C,mau-04-2018,u2/C-3.docx,reason
D-4,u3,Unit 3,,mau-04-2025,u3/D-4.docx,
"""
FINDINGS = """\ufeffcase_id,overdue_kind
A-1,pending_overdue
B-2,resolved_late
C-3,resolved_late
D-4,pending_overdue
"""
FOLLOWUP = """\ufeffunit_id,unit_name,level,reasons,cases,deadline,path,missing_fields
u1,Unit 1,province,missing_apology:1;no_website:2,A-1,2026-11-23,u1.docx,signer_name
u2,Unit 2,commune,missing_apology:1;late_apology:1;not_posted_at_desk:2,B-2;C-3,2026-11-23,u2.docx,
u3,Unit 3,commune,late_apology:1;not_posted_at_desk:1;no_website:1,D-4,2026-11-23,u3.docx,
"""


def a_run(folder: Path, letters=LETTERS, findings=FINDINGS, followup=FOLLOWUP) -> Path:
    (folder / "letters").mkdir(parents=True)
    (folder / "followup").mkdir()
    (folder / "letters" / "index.csv").write_text(letters, encoding="utf-8")
    (folder / "findings.csv").write_text(findings, encoding="utf-8")
    (folder / "followup" / "index.csv").write_text(followup, encoding="utf-8")
    return folder


def test_one_apology_of_each_overdue_kind_resolved_late_first(tmp_path):
    run = a_run(tmp_path)
    docs = gallery.apology_documents("apology-2018", run, "2020-05")
    assert [(d.stem, d.source) for d in docs] == [
        ("apology-2018-resolved-late", "letters/u2/B-2.docx"),
        ("apology-2018-pending-overdue", "letters/u1/A-1.docx"),
    ]
    assert "`B-2` (resolved late) of Unit 2 (`u2`)" in docs[0].subject
    assert "blanks left for the unit: reason" in docs[0].subject


@pytest.mark.parametrize(
    "kinds, expected",
    [
        ({"A-1": "resolved_late", "B-2": "resolved_late"}, [("resolved_late", "A-1")]),
        ({"B-2": "pending_overdue"}, [("pending_overdue", "B-2")]),
        ({}, [("", "A-1")]),  # no findings: the first draft of the form, without a kind
    ],
)
def test_the_kinds_present_are_shown(kinds, expected):
    rows = gallery.read_index_text(LETTERS)
    chosen = gallery.choose_apologies(rows, kinds, "mau-04-2018")
    assert [(kind, row["case_id"]) for kind, row in chosen] == expected


def test_no_draft_of_the_form_shows_nothing():
    rows = gallery.read_index_text(LETTERS)
    assert gallery.choose_apologies(rows, {}, "mau-04-2099") == []


def test_a_draft_without_a_kind_is_named_by_its_form_alone(tmp_path):
    run = a_run(tmp_path, findings="\ufeffcase_id,overdue_kind\n")
    docs = gallery.apology_documents("apology-2025", run, "2026-11")
    assert [d.stem for d in docs] == ["apology-2025"]
    assert "applicant …; blanks left for the unit: none" in docs[0].subject


def test_the_follow_up_letter_with_most_kinds_of_reason_first_among_equals(tmp_path):
    run = a_run(tmp_path)
    [doc] = gallery.followup_document(run, "2026-11")
    assert (doc.stem, doc.source) == ("followup-2026-11", "followup/u2.docx")
    assert doc.subject.startswith("Unit 2 (`u2`, commune): missing_apology:1, late_apology:1")


def test_a_run_without_follow_up_letters_shows_none(tmp_path):
    run = a_run(tmp_path, followup="\ufeffunit_id,unit_name,level,reasons,cases,deadline,path\n")
    assert gallery.followup_document(run, "2020-05") == []


def workbook(*names: str) -> bytes:
    sheets = "".join(
        f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, 1)
    )
    xml = f'<workbook><bookViews><workbookView xWindow="0"/></bookViews><sheets>{sheets}</sheets></workbook>'
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("xl/workbook.xml", xml)
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    return target.getvalue()


def test_every_sheet_of_the_report_is_a_document_in_order(tmp_path):
    runs = {name: tmp_path / name for name in gallery.EXAMPLES}
    for run in runs.values():
        run.mkdir()
    (runs[gallery.REPORT_EXAMPLE] / "report.xlsx").write_bytes(
        workbook("Tổng hợp", "Đơn vị cần đôn đốc", "R&amp;D")
    )
    docs = gallery.choose_documents(runs, ["report-xlsx", "report-html"])
    assert [(d.stem, d.sheet) for d in docs] == [
        ("report-xlsx-1-tong-hop", 0),
        ("report-xlsx-2-don-vi-can-don-doc", 1),
        ("report-xlsx-3-r-d", 2),
        ("report-html", None),
    ]
    assert "sheet “R&D”" in docs[2].subject


def test_one_sheet_is_printed_the_others_hidden():
    data = gallery.only_sheet(workbook("A", "B", "C"), 1)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/workbook.xml").decode()
        assert archive.read("xl/worksheets/sheet1.xml") == b"<worksheet/>"
    assert '<sheet state="hidden" name="A"' in xml
    assert '<sheet name="B"' in xml
    assert '<sheet state="hidden" name="C"' in xml
    assert '<workbookView activeTab="1" ' in xml


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Tổng hợp", "tong-hop"),
        ("Đơn vị cần đôn đốc", "don-vi-can-don-doc"),
        ("Hồ sơ quá hạn", "ho-so-qua-han"),
        ("  Dòng bị loại!  ", "dong-bi-loai"),
    ],
)
def test_file_names_are_ascii(text, expected):
    assert gallery.slug(text) == expected


def test_picture_names():
    assert (
        gallery.image_name("apology-2018-resolved-late", 1) == "apology-2018-resolved-late-p1.png"
    )
    assert gallery.screen_name(390, 844) == "report-html-screen-390x844.png"


def test_the_report_shows_its_first_pages_and_where_each_section_starts():
    text = "I. Tóm tắt\nII. Số liệu\n\f…\f…\fIII. Biểu\nIV. Đơn vị\f…\fVI. Danh sách\f"
    sections = gallery.section_pages(text)
    assert sections == {"I": 1, "II": 1, "III": 4, "IV": 4, "VI": 6}
    assert gallery.pages_to_show(7, sections) == [
        (1, "page 1 of 7, section I, II"),
        (2, "page 2 of 7"),
        (4, "page 4 of 7, section III, IV"),
        (6, "page 6 of 7, section VI"),
    ]


@pytest.mark.parametrize("total, expected", [(0, []), (1, [1]), (5, [1, 2])])
def test_other_documents_show_their_first_pages(total, expected):
    assert [page for page, _ in gallery.pages_to_show(total)] == expected


def page(kind, stem, image, caption="page 1 of 1"):
    return gallery.Page(kind, stem, f"the {stem}", image, caption, f"pdf/{stem}.pdf")


def test_the_page_has_a_section_per_kind_in_order_with_its_pictures():
    pages = [
        page("report-html", "report-html", "report-html-p1.png"),
        page("apology-2018", "apology-2018-resolved-late", "apology-2018-resolved-late-p1.png"),
        page("followup", "followup-2020-05", "followup-2020-05-p1.png", "page 1 of 2"),
        page("followup", "followup-2020-05", "followup-2020-05-p2.png", "page 2 of 2"),
    ]
    text = gallery.markdown(pages, "gallery")
    titles = [line for line in text.splitlines() if line.startswith("## ")]
    assert titles == [
        "## Apology letter, 2018 form (Mẫu số 04, Thông tư 01/2018/TT-VPCP)",
        "## Follow-up letter (công văn đôn đốc)",
        "## report.html",
    ]
    assert "```sh\npython3 tools/gallery.py\n```" in text
    assert "`python3 tools/gallery.py --only followup`" in text
    assert "### followup-2020-05\n\nShows the followup-2020-05.\n" in text
    assert (
        "![followup-2020-05: page 1 of 2](gallery/followup-2020-05-p1.png) "
        "![followup-2020-05: page 2 of 2](gallery/followup-2020-05-p2.png)"
    ) in text
    assert "apology-2025" not in text  # no pictures, no section


def test_re_rendering_one_kind_keeps_the_others():
    old = [page("followup", "f", "f-p1.png"), page("report-html", "r", "r-p1.png")]
    new = [page("report-html", "r", "r-p2.png")]
    assert gallery.merged(old, new, ["report-html"]) == [old[0], new[0]]


def test_files_of_pages_gone_are_removed(tmp_path):
    (tmp_path / "pdf").mkdir()
    for name in ["r-p1.png", "r-p2.png", "pdf/r.pdf", "pdf/gone.pdf", "mine.txt"]:
        (tmp_path / name).write_text("x")
    old = [page("report-html", "r", "r-p1.png"), page("report-html", "gone", "r-p2.png")]
    gallery.remove_stale(old, [page("report-html", "r", "r-p1.png")], tmp_path)
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert left == ["mine.txt", "pdf/r.pdf", "r-p1.png"]


def test_a_missing_program_is_named_with_its_debian_package():
    with pytest.raises(gallery.GalleryError) as error:
        gallery.check_programs(["report-html", "followup"], which=lambda name: None)
    assert error.value.status == 2
    assert "apt-get install poppler-utils chromium libreoffice-writer-nogui" in str(error.value)


def test_only_the_programs_of_the_kinds_asked_for_are_needed():
    found = {"pdftoppm", "pdfinfo", "pdftotext", "chromium"}
    gallery.check_programs(["report-html"], which=lambda name: name if name in found else None)


def test_missing_programs_exit_2_before_running_anything(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(gallery.shutil, "which", lambda name: None)
    monkeypatch.setattr(gallery, "run_examples", lambda tmp: pytest.fail("ran the examples"))
    assert gallery.main(["--only", "report-html", "--out", str(tmp_path / "g")]) == 2
    assert "chromium" in capsys.readouterr().err
    assert not (tmp_path / "g").exists()
