"""Build the Word templates of the letter drafts (python-docx).

Run ``python templates/build_templates.py`` to regenerate

- ``mau-04-2018.docx``: Mẫu số 04, Thông tư 01/2018/TT-VPCP (phiếu xin lỗi và hẹn lại ngày trả kết quả),
- ``mau-04-2025.docx``: Mẫu số 04, Thông tư 03/2025/TT-VPCP (văn bản xin lỗi và đề nghị gia hạn),
- ``don-doc.docx``: the follow-up letter (công văn đôn đốc) to a unit that fell short,

into this folder, the one copy of the templates (installed as the package ``compliance.templates``).
The layout follows Nghị định 30/2020/NĐ-CP: A4, margins 20/20/30/15 mm, Times New Roman 13–14 pt,
a borderless two-column header and a borderless signature block.

The templates hold Jinja2 tags rendered by docxtpl (``{{ applicant }}``, ``{%p for … %}``,
``{%tr for … %}``); every tag sits in a run of its own so that users can reword the letters in
Word without breaking them. The context each template receives is documented in docs/letters.md.
Output is byte-for-byte reproducible (fixed zip timestamps and document dates).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
BODY_PT = 14
HEADER_PT = 13
MOTTO_PT = 13  # the national title, on one line in the wide right column
TABLE_PT = 13
TEXT_WIDTH_MM = 210 - 30 - 15
HERE = Path(__file__).resolve().parent
_FIXED_TIME = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


# --------------------------------------------------------------------------- building blocks


def new_document(title: str) -> Document:
    """An empty A4 document with the Nghị định 30/2020 page setup and default font."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _set_all_fonts(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_after = Pt(0)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, "compliance", "compliance"
    props.created = props.modified = _FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    return doc


def _set_all_fonts(rpr) -> None:
    """Times New Roman for every script slot, so Vietnamese text never falls back to Calibri."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def add_run(paragraph, text: str, size: int = BODY_PT, *, bold: bool = False, italic: bool = False):
    """A run with explicit font, size and emphasis (kept explicit so Word edits keep them)."""
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    _set_all_fonts(run._element.get_or_add_rPr())
    return run


def add_paragraph(
    container,
    *runs,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = False,
    after: int = 6,
    size: int = BODY_PT,
    bold: bool = False,
    italic: bool = False,
):
    """A paragraph of ``runs`` (strings, one run each) in ``container`` (document or table cell)."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before, fmt.space_after = Pt(0), Pt(after)
    fmt.line_spacing = 1.1
    if indent:
        fmt.first_line_indent = Cm(1.27)
    for text in runs:
        add_run(paragraph, text, size, bold=bold, italic=italic)
    return paragraph


def centered(container, text: str, size: int = BODY_PT, **style):
    """A centred single-run paragraph with no space after (header and signature lines)."""
    return add_paragraph(
        container, text, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, size=size, **style
    )


def body(doc, *runs):
    """A body paragraph: justified, first line indented, 6 pt after."""
    return add_paragraph(doc, *runs, indent=True)


def short_rule(cell, width_mm: float) -> None:
    """The short centred line drawn under the unit name and the national motto."""
    paragraph = cell.add_paragraph()
    fmt = paragraph.paragraph_format
    cell_mm = cell.width.mm if cell.width else TEXT_WIDTH_MM / 2
    side = max((cell_mm - width_mm) / 2, 0)
    fmt.left_indent = fmt.right_indent = Mm(side)
    fmt.space_before = fmt.space_after = Pt(0)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)
    add_run(paragraph, "", 4)


def layout_table(container, rows: int, widths_mm: tuple[float, ...], borders: bool = False):
    """A fixed-width table; without ``borders`` it is invisible (header and signature blocks)."""
    table = container.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _set_borders(table, "single" if borders else "nil")
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)  # the grid, read by LibreOffice; cells below, read by Word
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
            _clear(cell)
    return table


def _set_borders(table, value: str) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value != "nil":
            element.set(qn("w:sz"), "4")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    tbl_pr.append(borders)


def _clear(cell) -> None:
    """Remove the empty paragraph a new cell starts with (we add our own)."""
    for paragraph in list(cell.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)


def header(doc, left_lines: list[tuple[str, bool]], number_lines: list[str]) -> None:
    """The two-column header: issuing body and number left, national motto and date right."""
    table = layout_table(doc, 2, (60, TEXT_WIDTH_MM - 60))
    left, right = table.cell(0, 0), table.cell(0, 1)
    for text, bold in left_lines:
        centered(left, text, HEADER_PT, bold=bold)
    short_rule(left, 25)
    centered(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", MOTTO_PT, bold=True)
    centered(right, "Độc lập - Tự do - Hạnh phúc", BODY_PT, bold=True)
    short_rule(right, 60)
    for text in number_lines:
        centered(table.cell(1, 0), text, HEADER_PT)
    centered(table.cell(1, 1), "{{ place_date }}", BODY_PT, italic=True)
    doc.add_paragraph()


def signature(doc, recipients: list[str], *, with_seal_note: bool) -> None:
    """Nơi nhận (left) and the signature block (right), side by side without borders."""
    doc.add_paragraph()
    table = layout_table(doc, 1, (80, TEXT_WIDTH_MM - 80))
    left, right = table.cell(0, 0), table.cell(0, 1)
    add_paragraph(
        left,
        "Nơi nhận:",
        align=WD_ALIGN_PARAGRAPH.LEFT,
        after=0,
        size=HEADER_PT,
        bold=True,
        italic=True,
    )
    for line in recipients:
        add_paragraph(left, line, align=WD_ALIGN_PARAGRAPH.LEFT, after=0, size=HEADER_PT)
    centered(right, "{%p for line in signer_lines %}")
    centered(right, "{{ line }}", bold=True)
    centered(right, "{%p endfor %}")
    if with_seal_note:
        centered(right, "(Ký, ghi rõ họ tên và đóng dấu)", italic=True)
    for _ in range(3):
        centered(right, "")
    centered(right, "{{ signer_name }}", bold=True)


# --------------------------------------------------------------------------- the apology letters

#: Sizes of the apology letters (Nghị định 30/2020/NĐ-CP, Phụ lục I): body 14 pt; the bodies'
#: names and the national title 12 pt (12–13), the motto 13 pt (13–14); "Nơi nhận:" 12 pt bold
#: italic and its list 11 pt.
NAMES_PT = 12
RECIPIENTS_LABEL_PT = 12
RECIPIENTS_PT = 11
#: Header columns, without inner cell margins: the left one holds a long unit name ("TRUNG TÂM
#: PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH ĐẮK LẮK") on two lines; the right one the national title on one.
APOLOGY_LEFT_MM = 75
#: The rule under the motto is as long as "Độc lập - Tự do - Hạnh phúc" (14 pt bold); the one
#: under the issuing unit a third to a half of its line, centred.
MOTTO_RULE_MM = 58
UNIT_RULE_MM = 28
LANGUAGE = "vi-VN"


def tight_rule(cell, width_mm: float, cell_mm: float) -> None:
    """A centred rule of ``width_mm`` drawn right under the line above (a 1 pt paragraph)."""
    paragraph = cell.add_paragraph()
    fmt = paragraph.paragraph_format
    side = max((cell_mm - width_mm) / 2, 0)  # the header's cells have no inner margins
    fmt.left_indent = fmt.right_indent = Mm(side)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(2)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    add_run(paragraph, "", 1)


def runs_line(container, *runs, size: int = BODY_PT, **style):
    """A centred line made of several runs (each tag alone in its run, so blanks can be marked)."""
    return add_paragraph(container, *runs, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, size=size,
                         **style)  # fmt: skip


def apology_header(doc) -> None:
    """Nghị định 30/2020 header: parent body (when there is one) and the issuing unit in bold
    with its rule, the number | the national title, the motto with its rule, place and date."""
    widths = (APOLOGY_LEFT_MM, TEXT_WIDTH_MM - APOLOGY_LEFT_MM)
    table = layout_table(doc, 2, widths)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)
    left, right = table.cell(0, 0), table.cell(0, 1)
    centered(left, "{%p if parent_body %}", NAMES_PT)
    centered(left, "{{ parent_body }}", NAMES_PT)
    centered(left, "{%p endif %}", NAMES_PT)
    centered(left, "{{ issuing_unit }}", NAMES_PT, bold=True)
    tight_rule(left, UNIT_RULE_MM, widths[0])
    centered(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", NAMES_PT, bold=True)
    centered(right, "Độc lập - Tự do - Hạnh phúc", HEADER_PT, bold=True)
    tight_rule(right, MOTTO_RULE_MM, widths[1])
    runs_line(table.cell(1, 0), "Số: ", "{{ letter_no }}", "/PXL", size=HEADER_PT)
    runs_line(table.cell(1, 1), "{{ place }}", ", ", "{{ date_text }}", italic=True)
    for cell in (table.cell(1, 0), table.cell(1, 1)):
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)


def apology_signature(doc) -> None:
    """Nơi nhận (12 pt bold italic, list 11 pt) | authority and title lines, the note the
    form prints under them, room to sign and the signer's name."""
    doc.add_paragraph().paragraph_format.keep_with_next = True
    table = layout_table(doc, 1, (80, TEXT_WIDTH_MM - 80))
    # the block stays on one page: never "KT. GIÁM ĐỐC" here and "PHÓ GIÁM ĐỐC" overleaf
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = table.cell(0, 0), table.cell(0, 1)
    add_paragraph(left, "Nơi nhận:", align=WD_ALIGN_PARAGRAPH.LEFT, after=0,
                  size=RECIPIENTS_LABEL_PT, bold=True, italic=True)  # fmt: skip
    for line in ("- Như trên;", "- Bộ phận một cửa;", "- Lưu: VT."):
        add_paragraph(left, line, align=WD_ALIGN_PARAGRAPH.LEFT, after=0, size=RECIPIENTS_PT)
    centered(right, "{%p for line in signer_lines %}")
    centered(right, "{{ line }}", bold=True)
    centered(right, "{%p endfor %}")
    centered(right, "(Ký, ghi rõ họ tên và đóng dấu)", italic=True)
    for _ in range(3):
        centered(right, "")
    centered(right, "{{ signer_name }}", bold=True)


def page_numbers_from_page_two(doc) -> None:
    """The page number centred in the header, from page 2 on (the first page has none)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.header_distance = Mm(10)
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "2"),
        ("end", None),
    ):
        run = add_run(paragraph, "", HEADER_PT)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


def vietnamese(doc) -> None:
    """Mark the text as Vietnamese (vi-VN), in the styles and in every run, for spelling and
    hyphenation in Word."""
    rprs = [doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))]
    rprs += [run.get_or_add_rPr() for part in (doc.element, doc.sections[0].header._element)
             for run in part.iter(qn("w:r"))]  # fmt: skip
    for rpr in rprs:
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)  # last: w:lang comes after the size and highlight in w:rPr
        lang.set(qn("w:val"), LANGUAGE)
        lang.set(qn("w:eastAsia"), LANGUAGE)
    for part in doc.part.package.parts:
        if part.partname.endswith("/stylesWithEffects.xml"):
            part._blob = part.blob.replace(b'w:val="en-US"', f'w:val="{LANGUAGE}"'.encode())
    settings = doc.settings.element
    font_lang = settings.find(qn("w:themeFontLang"))
    if font_lang is not None:
        font_lang.set(qn("w:val"), LANGUAGE)


def apology_letter(title: str, paragraphs: list[tuple[str, ...]]) -> Document:
    """Mẫu số 04: header, title, addressee, ``paragraphs`` of body text, signature."""
    doc = new_document(title.capitalize())
    apology_header(doc)
    doc.add_paragraph()
    centered(doc, title, bold=True)
    doc.add_paragraph()
    add_paragraph(doc, "Kính gửi: ", "{{ addressee }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.add_paragraph()
    for runs in paragraphs:
        body(doc, *runs)
    body(doc, "Trân trọng./.").paragraph_format.keep_with_next = True
    apology_signature(doc)
    page_numbers_from_page_two(doc)
    vietnamese(doc)
    return doc


# Each "{%p if resolved_late %}" block is the letter for a result already returned late; the
# "{%p else %}" block the letter for a case still open past its due date.
_RECEIPT = (
    "Ngày ", "{{ received_on }}", ", ", "{{ unit_name }}",
    " tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính ", "{{ procedure }}",
    " của ", "{{ addressee }}", ". Mã hồ sơ: ", "{{ case_code }}", ".",
)  # fmt: skip
_REASON = ("Lý do: ", "{{ reason }}")
_IF_RESOLVED, _ELSE, _END_IF = ("{%p if resolved_late %}",), ("{%p else %}",), ("{%p endif %}",)
_RETURNED_LATE = (
    "Ngày ", "{{ result_on }}", ", ", "{{ unit_name }}", " đã trả kết quả giải quyết hồ sơ cho ",
    "{{ you }}", ", chậm ", "{{ days_late }}", " ngày làm việc so với ngày hẹn trả kết quả.",
)  # fmt: skip


def form_2018() -> Document:
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu số 04, Thông tư 01/2018/TT-VPCP).

    The form's own wording, with "Ông/Bà/Tổ chức" replaced by the addressee; for a result
    already returned late the paragraph of the result and the apology without a new date.
    """
    return apology_letter("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", [
        _RECEIPT,
        ("Ngày hẹn trả kết quả ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả: ", "{{ due_on }}",
         "."),
        _IF_RESOLVED,
        _RETURNED_LATE,
        _REASON,
        ("Sự chậm trễ này đã gây phiền hà, tốn kém chi phí đi lại của ", "{{ you }}", ". ",
         "{{ unit_name }}", " xin lỗi ", "{{ you }}", " và mong ", "{{ you }}", " thông cảm."),
        _ELSE,
        ("Tuy nhiên đến nay, ", "{{ unit_name }}", " chưa trả kết quả giải quyết hồ sơ cho ",
         "{{ you }}", " đúng thời hạn đã hẹn."),
        _REASON,
        ("Sự chậm trễ này đã gây phiền hà, tốn kém chi phí đi lại của ", "{{ you }}", ". ",
         "{{ unit_name }}", " xin lỗi ", "{{ you }}", " và hẹn lại ngày trả kết quả giải quyết "
         "hồ sơ cho ", "{{ you }}", " vào ngày ", "{{ new_due_on }}", "."),
        _END_IF,
    ])  # fmt: skip


def form_2025() -> Document:
    """Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (Mẫu số 04, TT 03/2025/TT-VPCP).

    For a case still open: the apology and the request to extend the time to a new date; for a
    result already returned late: when it was returned, how late, and the apology.
    """
    return apology_letter("VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT", [
        _RECEIPT,
        ("Thời hạn giải quyết theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả: ", "{{ due_on }}", "."),
        _IF_RESOLVED,
        ("Ngày ", "{{ result_on }}", ", ", "{{ unit_name }}", " đã hoàn thành việc giải quyết và "
         "trả kết quả hồ sơ cho ", "{{ you }}", ", chậm ", "{{ days_late }}",
         " ngày làm việc so với thời hạn nêu trên."),
        _REASON,
        ("{{ unit_name }}", " chân thành xin lỗi ", "{{ you }}", " về sự chậm trễ này."),
        _ELSE,
        ("Tuy nhiên, ", "{{ unit_name }}", " chưa hoàn thành việc giải quyết hồ sơ của ",
         "{{ you }}", " đúng thời hạn nêu trên."),
        _REASON,
        ("{{ unit_name }}", " chân thành xin lỗi ", "{{ you }}", " về sự chậm trễ này và đề nghị ",
         "{{ you }}", " đồng ý gia hạn thời gian giải quyết hồ sơ đến ngày ", "{{ new_due_on }}",
         "."),
        _END_IF,
    ])  # fmt: skip


# --------------------------------------------------------------------------- the follow-up letter


#: The case table: (heading, width in mm, the cell's paragraphs). A case code never breaks: its
#: column fits the 25-character code at 13 pt ("000.00.21.H16-200427-0005", 53.4 mm, plus the
#: cell margins of 2 × 1.9 mm, plus room for a renderer's rounding: 57 mm was seen to wrap in
#: LibreOffice) and its cell does not wrap (Word and LibreOffice ignore that in a fixed-width
#: table, hence the width); the due date goes under it, the procedure under the applicant.
_CASE_COLUMNS = (
    ("STT", 13, ("{{ c.number }}",)),
    ("Mã hồ sơ, ngày hẹn trả", 60, ("{{ c.case_code }}", "Hẹn trả: {{ c.due_on }}")),
    ("Tổ chức, cá nhân; thủ tục hành chính", 46, ("{{ c.applicant }}", "{{ c.procedure }}")),
    ("{{ gaps_heading }}", TEXT_WIDTH_MM - 119, ("{{ c.gaps }}",)),
)  # fmt: skip


def _flag(parent, tag: str) -> None:
    """Append the empty element ``w:<tag>`` (tblHeader, cantSplit, noWrap…) to ``parent``."""
    parent.append(OxmlElement(f"w:{tag}"))


def case_table(doc) -> None:
    """The table of cases concerned: a header row repeated on every page, then one docxtpl row
    loop; no row splits across pages."""
    widths = tuple(width for _, width, _ in _CASE_COLUMNS)
    table = layout_table(doc, 4, widths, borders=True)
    head, loop_open, row, loop_close = table.rows
    _flag(head._tr.get_or_add_trPr(), "cantSplit")
    _flag(head._tr.get_or_add_trPr(), "tblHeader")  # repeat on each page
    _flag(row._tr.get_or_add_trPr(), "cantSplit")
    for i, (label, _, tags) in enumerate(_CASE_COLUMNS):
        centered(table.cell(0, i), label, TABLE_PT, bold=True)
        for n, tag in enumerate(tags):
            add_paragraph(row.cells[i], tag, align=WD_ALIGN_PARAGRAPH.LEFT, after=0,
                          size=TABLE_PT, italic=n > 0)  # fmt: skip
        centered(loop_open.cells[i], "{%tr for c in cases %}" if i == 0 else "", TABLE_PT)
        centered(loop_close.cells[i], "{%tr endfor %}" if i == 0 else "", TABLE_PT)
    _flag(row.cells[1]._tc.get_or_add_tcPr(), "noWrap")  # the case code


def bullets(doc, items: str) -> None:
    """A docxtpl paragraph loop over the list ``items``: '- <item>' each."""
    body(doc, f"{{%p for item in {items} %}}")
    body(doc, "- ", "{{ item }}")
    body(doc, "{%p endfor %}")


def intro(doc, *runs):
    """A body paragraph that introduces a list or a table: never last on its page."""
    paragraph = body(doc, *runs)
    keep_with_next(paragraph)
    return paragraph


def keep_with_next(*paragraphs) -> None:
    """Each paragraph stays on the page of the next one (Word and LibreOffice), whole."""
    for paragraph in paragraphs:
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.keep_together = True


def page_numbers(doc) -> None:
    """Page numbers centred in the header from page 2 (Nghị định 30/2020): the first page has
    a header of its own, empty."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # its own header, left empty
    paragraph = section.header.paragraphs[0]
    paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    field.append(add_run(paragraph, "2", HEADER_PT)._r)  # the run shown until fields update
    paragraph._p.append(field)


def followup_letter() -> Document:
    """Công văn đôn đốc: what the unit did not do and what it is asked to provide (gaps that
    are our check's), the cases concerned, what to do and by when."""
    doc = new_document("Công văn đôn đốc thực hiện xin lỗi")
    page_numbers(doc)
    header(
        doc,
        [("{{ parent_body }}", False), ("{{ authority_upper }}", True)],
        ["Số: {{ letter_no }}", "V/v {{ subject }}"],
    )
    add_paragraph(doc, "Kính gửi: ", "{{ unit_name }}", ".", align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.add_paragraph()
    body(doc, "{%p if violation_findings %}")
    intro(
        doc,
        "Qua theo dõi, tổng hợp kết quả giải quyết hồ sơ thủ tục hành chính ",
        "{{ period_text }}", ", ", "{{ authority }}", " nhận thấy ", "{{ unit_name }}", " có ",
        "{{ violation_count }}",
        " hồ sơ quá hạn chưa thực hiện đầy đủ việc xin lỗi tổ chức, cá nhân theo quy định, cụ thể:",
    )  # fmt: skip
    bullets(doc, "violation_findings")
    body(doc, "{%p endif %}")
    body(doc, "{%p if request_findings %}")
    intro(
        doc,
        "{{ request_lead }}", "{{ authority }}",
        " chưa xác định được việc đăng tải văn bản xin lỗi lên Trang thông tin điện tử của ",
        "{{ unit_name }}", " đối với ", "{{ request_count }}", " hồ sơ quá hạn, cụ thể:",
    )  # fmt: skip
    bullets(doc, "request_findings")
    body(doc, "{%p endif %}")
    intro(doc, "Danh sách hồ sơ:")
    case_table(doc)
    doc.add_paragraph()
    body(doc, "{%p if violation_actions %}")
    intro(
        doc,
        "Để bảo đảm thực hiện đúng quy định về xin lỗi tổ chức, cá nhân khi giải quyết hồ sơ "
        "quá hạn, ", "{{ authority }}", " đề nghị ", "{{ unit_name }}", ":",
    )  # fmt: skip
    bullets(doc, "violation_actions")
    body(doc, "{%p endif %}")
    body(doc, "{%p if request_actions %}")
    intro(doc, "{{ request_ask_lead }}", " đề nghị ", "{{ unit_name }}", " cung cấp:")
    bullets(doc, "request_actions")
    body(doc, "{%p endif %}")
    closing = [
        body(
            doc, "{{ report_back }}", " ", "{{ authority }}", " trước ngày ", "{{ deadline }}", "."
        ),
        body(doc, "Trân trọng./."),
    ]
    signature(doc, ["- Như trên;", "- Lưu: VT."], with_seal_note=False)
    # No page holds the signature alone: the closing lines, the space above the signature
    # block and the block itself (a row that never splits) stay on one page.
    spacer = doc.paragraphs[-1]
    keep_with_next(*closing, spacer)
    _flag(doc.tables[-1].rows[0]._tr.get_or_add_trPr(), "cantSplit")
    return doc


# --------------------------------------------------------------------------- output


def reproducible_bytes(doc: Document) -> bytes:
    """The .docx bytes with fixed zip timestamps, so a rebuild changes nothing in git."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename != "[Content_Types].xml"):
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


TEMPLATES = {
    "mau-04-2018.docx": form_2018,
    "mau-04-2025.docx": form_2025,
    "don-doc.docx": followup_letter,
}


def build(folders: list[Path]) -> list[Path]:
    """Write every template into each of ``folders``; return the paths written."""
    written = []
    for name, make in TEMPLATES.items():
        data = reproducible_bytes(make())
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
            written.append(folder / name)
    return written


if __name__ == "__main__":
    for path in build([HERE]):
        print(path)
