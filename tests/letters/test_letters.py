"""Apology letter drafts: golden texts, layout, form choice, blanks, masking, file names, index."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX

from compliance.config import Unit
from compliance.errors import UsageError
from compliance.formatting import vn_long_date
from compliance.render.letters import (
    BLANK,
    INDEX_COLUMNS,
    ORGANISATION,
    PERSON,
    addressee,
    apology_template_name,
    days_late_text,
    derived_place,
    draft_apology_letters,
    header_names,
    unit_letter_values,
)

MAY_2020 = dt.date(2020, 5, 14)
FIRST = "H16.22-200505-0001"


def letter_path(index: pd.DataFrame, out: Path, case_id: str) -> Path:
    return out / index.set_index("case_id").loc[case_id, "path"]


@pytest.mark.parametrize(
    ("today", "kind", "golden_name"),
    [
        (MAY_2020, "resolved_late", "apology-2018.txt"),
        (dt.date(2025, 9, 15), "resolved_late", "apology-2025.txt"),
        (MAY_2020, "pending_overdue", "apology-2018-pending.txt"),
        (dt.date(2025, 9, 15), "pending_overdue", "apology-2025-pending.txt"),
    ],
)
def test_letter_matches_golden_text(result, tmp_path, read_docx, golden, today, kind, golden_name):
    result.findings.loc[0, "overdue_kind"] = kind
    index = draft_apology_letters(result, tmp_path, today=today)
    golden(golden_name, read_docx(letter_path(index, tmp_path, FIRST)))


def test_letter_with_nothing_known_keeps_every_fact_blank(result, tmp_path, read_docx, golden):
    index = draft_apology_letters(result, tmp_path, today=MAY_2020)
    text = read_docx(letter_path(index, tmp_path, "../../etc/passwd"))
    golden("apology-blank.txt", text)
    assert "Lý do: …\n" in text
    assert "Ngày …, UBND xã Ea Tu đã trả kết quả" in text  # resolved late, date unknown
    assert "Số: …/PXL" in text
    assert re.findall(r"\d{2}/\d{2}/\d{4}", text) == []  # no date invented
    row = index.set_index("case_id").loc["../../etc/passwd"]
    assert row["missing_fields"] == (
        "applicant;procedure;received_at;due_at;result_at;reason;parent_body;signer_name"
    )


@pytest.mark.parametrize(
    ("today", "form", "title"),
    [
        (dt.date(2025, 9, 14), "mau-04-2018", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"),
        (
            dt.date(2025, 9, 15),
            "mau-04-2025",
            "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        ),
        (dt.date(2018, 6, 21), "mau-04-2018", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"),
    ],
)
def test_form_follows_the_letter_date(result, tmp_path, read_docx, today, form, title):
    index = draft_apology_letters(result, tmp_path, today=today)
    assert set(index["form"]) == {form}
    assert apology_template_name(today) == form + ".docx"
    text = read_docx(letter_path(index, tmp_path, FIRST))
    assert f"\n{title}\n" in text
    assert f"Buôn Ma Thuột, {vn_long_date(today)}\n" in text


@pytest.mark.parametrize("today", [MAY_2020, dt.date(2025, 9, 15)])
def test_page_setup_and_sizes_follow_decree_30(result, tmp_path, today):
    index = draft_apology_letters(result, tmp_path, today=today)
    doc = Document(letter_path(index, tmp_path, FIRST))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    top, bottom, left, right = (round(m.mm, 1) for m in margins)  # stored in whole twips
    assert 20 <= top <= 25 and 20 <= bottom <= 25 and 30 <= left <= 35 and 15 <= right <= 20
    runs = [run for p in _paragraphs(doc) for run in p.runs if run.text.strip()]
    assert runs and {run.font.name for run in runs} == {"Times New Roman"}
    for paragraph in doc.paragraphs:  # the body: 13–14 pt
        assert all(13 <= run.font.size.pt <= 14 for run in paragraph.runs if run.text.strip())
    header = _cells(doc.tables[0])
    assert _runs(header, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")[0].font.size.pt in (12, 13)
    motto = _runs(header, "Độc lập - Tự do - Hạnh phúc")[0]
    assert motto.font.bold and motto.font.size.pt in (13, 14)
    signature = _cells(doc.tables[-1])
    label = _runs(signature, "Nơi nhận:")[0]
    assert (label.font.size.pt, label.font.bold, label.font.italic) == (12, True, True)
    for line in ("- Như trên;", "- Bộ phận một cửa;", "- Lưu: VT."):
        assert [run.font.size.pt for run in _runs(signature, line)] == [11]
    for line in ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê Thị Hoa"):
        assert all(run.font.bold and 13 <= run.font.size.pt <= 14 for run in _runs(signature, line))
    seal = _runs(signature, "(Ký, ghi rõ họ tên và đóng dấu)")
    assert len(seal) == 1 and seal[0].font.italic


def _cells(table) -> list:
    return [p for row in table.rows for cell in row.cells for p in cell.paragraphs]


def _paragraphs(doc) -> list:
    return list(doc.paragraphs) + [p for table in doc.tables for p in _cells(table)]


def _runs(paragraphs, text: str) -> list:
    return [run for p in paragraphs if p.text == text for run in p.runs if run.text.strip()]


def test_only_missing_apologies_are_drafted_and_indexed(result, tmp_path):
    index = draft_apology_letters(result, tmp_path, today=MAY_2020)
    assert list(index.columns) == INDEX_COLUMNS
    assert list(index["case_id"]) == [FIRST, "../../etc/passwd", "A/B:C*?"]
    on_disk = pd.read_csv(
        tmp_path / "index.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    assert on_disk.to_dict("records") == [
        {"case_id": FIRST, "unit_id": "stp", "unit_name": "Sở Tư pháp tỉnh Đắk Lắk",
         "applicant": "Nguyễn Văn An", "form": "mau-04-2018", "path": f"stp/{FIRST}.docx",
         "missing_fields": "reason"},
        {"case_id": "../../etc/passwd", "unit_id": "ubnd-xa-ea-tu", "unit_name": "UBND xã Ea Tu",
         "applicant": "", "form": "mau-04-2018", "path": "ubnd-xa-ea-tu/etc_passwd.docx",
         "missing_fields": "applicant;procedure;received_at;due_at;result_at;reason;parent_body;signer_name"},
        {"case_id": "A/B:C*?", "unit_id": "ubnd-xa-ea-tu", "unit_name": "UBND xã Ea Tu",
         "applicant": "Hoàng Thị Mơ", "form": "mau-04-2018", "path": "ubnd-xa-ea-tu/A_B_C.docx",
         "missing_fields": "procedure;received_at;result_at;reason;parent_body;signer_name"},
    ]  # fmt: skip
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.docx"))
    assert files == sorted(index["path"])


def test_file_names_stay_inside_out_dir_and_never_collide(result, tmp_path):
    out = tmp_path / "letters"
    index = draft_apology_letters(
        result, out, case_ids=["../../etc/passwd", "A/B:C*?", "A_B_C"], today=MAY_2020
    )
    paths = [out / p for p in index["path"]]
    assert all(p.resolve().is_relative_to(out.resolve()) and p.is_file() for p in paths)
    assert len(set(paths)) == 3
    assert list(index["path"]) == [
        "ubnd-xa-ea-tu/etc_passwd.docx", "ubnd-xa-ea-tu/A_B_C.docx", "ubnd-xa-ea-tu/A_B_C-2.docx",
    ]  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letters"]


def test_case_ids_pick_cases_whatever_their_apology(result, tmp_path, read_docx):
    result.findings.loc[1, "overdue_kind"] = "pending_overdue"
    index = draft_apology_letters(
        result, tmp_path, case_ids=["h16.22 – 200506-0002"], today=MAY_2020
    )
    assert list(index["case_id"]) == ["H16.22-200506-0002"]
    text = read_docx(tmp_path / index.loc[0, "path"])
    assert "vào ngày 20/05/2020." in text  # the new date already set is a known fact
    assert "Kính gửi: Công ty TNHH A & B\n" in text  # escaped for XML, shown as typed
    assert index.loc[0, "missing_fields"] == "reason"


def test_unknown_case_ids_are_named(result, tmp_path):
    with pytest.raises(UsageError) as err:
        draft_apology_letters(result, tmp_path, case_ids=[FIRST, "X-1", "Y-2"], today=MAY_2020)
    assert "X-1, Y-2" in str(err.value)
    assert not list(tmp_path.iterdir())


def test_reason_from_the_register_is_used(result, tmp_path, read_docx):
    result.letters = pd.DataFrame(
        {"matched_case_id": [FIRST], "reason": ["Chờ xác minh của Công an tỉnh"]}
    )
    index = draft_apology_letters(result, tmp_path, case_ids=[FIRST], today=MAY_2020)
    assert "Lý do: Chờ xác minh của Công an tỉnh\n" in read_docx(tmp_path / index.loc[0, "path"])
    assert index.loc[0, "missing_fields"] == ""


def test_the_addressee_is_never_masked_only_the_index(result, tmp_path, read_docx):
    index = draft_apology_letters(result, tmp_path, mask_names=True, today=MAY_2020)
    text = read_docx(letter_path(index, tmp_path, FIRST))
    assert "Kính gửi: Ông/Bà Nguyễn Văn An\n" in text  # the letter goes to the applicant
    assert "của Ông/Bà Nguyễn Văn An. Mã hồ sơ" in text
    assert "Nguyễn V. A." not in text
    assert list(index["applicant"]) == ["Nguyễn V. A.", "", "Hoàng T. M."]  # the index circulates


def test_text_is_nfc(result, tmp_path, read_docx):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn An")
    result.findings.loc[0, "applicant"] = decomposed
    result.findings.loc[0, "unit_name"] = unicodedata.normalize("NFD", "Sở Tư pháp tỉnh Đắk Lắk")
    index = draft_apology_letters(result, tmp_path, today=MAY_2020)
    text = read_docx(letter_path(index, tmp_path, FIRST))
    assert text == unicodedata.normalize("NFC", text)
    assert "Kính gửi: Ông/Bà Nguyễn Văn An\n" in text


def test_unit_values_fall_back_to_blanks_not_to_inventions(result, tmp_path, read_docx):
    index = draft_apology_letters(result, tmp_path, case_ids=["A/B:C*?"], today=MAY_2020)
    text = read_docx(tmp_path / index.loc[0, "path"])
    header, *_ = text.splitlines()
    assert header.startswith(f"{BLANK} / UBND XÃ EA TU")  # before 7/2025 its district, unknown
    assert "Ea Tu, ngày 14 tháng 5 năm 2020" in text  # place: the commune's own name
    assert "THỦ TRƯỞNG CƠ QUAN / (Ký, ghi rõ họ tên và đóng dấu) /  /  /  / …" in text


def test_no_missing_apology_writes_an_empty_index(result, tmp_path):
    result.findings = result.findings[result.findings["apology"] != "missing"]
    index = draft_apology_letters(result, tmp_path, today=MAY_2020)
    assert index.empty and list(index.columns) == INDEX_COLUMNS
    assert (tmp_path / "index.csv").read_text(encoding="utf-8-sig").splitlines() == [
        ",".join(INDEX_COLUMNS)
    ]


def _index_on_disk(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "index.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)


def _docx_files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.docx"))


def test_a_new_run_removes_the_drafts_of_cases_that_now_have_an_apology(result, tmp_path):
    draft_apology_letters(result, tmp_path, today=MAY_2020)
    (tmp_path / "stp" / "ghi-chu.docx").write_bytes(b"a user's own file")  # never listed
    # The register now has letters for the two commune cases: the second run drafts one letter.
    commune = result.findings["unit_id"] == "ubnd-xa-ea-tu"
    result.findings.loc[commune, "apology"] = "on_time"
    index = draft_apology_letters(result, tmp_path, today=MAY_2020)
    assert list(index["case_id"]) == [FIRST]
    assert _docx_files(tmp_path) == sorted(["stp/ghi-chu.docx", f"stp/{FIRST}.docx"])
    assert not (tmp_path / "ubnd-xa-ea-tu").exists()  # emptied, so removed
    assert list(_index_on_disk(tmp_path)["case_id"]) == [FIRST]


def test_drafting_some_cases_keeps_the_run_s_other_drafts_listed(result, tmp_path):
    draft_apology_letters(result, tmp_path, today=MAY_2020)
    index = draft_apology_letters(
        result, tmp_path, case_ids=["H16.22-200506-0002", FIRST], today=MAY_2020
    )
    assert list(index["case_id"]) == [FIRST, "H16.22-200506-0002"]  # the findings' order
    listed = _index_on_disk(tmp_path)
    assert sorted(listed["case_id"]) == sorted(
        [FIRST, "H16.22-200506-0002", "../../etc/passwd", "A/B:C*?"]
    )
    assert listed["path"].is_unique
    assert _docx_files(tmp_path) == sorted(listed["path"])


@pytest.mark.parametrize("listed", ["../outside.docx", "/etc/hostname", "stp/notes.txt", "stp", ""])
def test_an_edited_index_never_deletes_anything_outside_its_drafts(result, tmp_path, listed):
    out = tmp_path / "letters"
    out.mkdir()
    (tmp_path / "outside.docx").write_bytes(b"keep")
    (out / "stp").mkdir()
    (out / "stp" / "notes.txt").write_text("keep", encoding="utf-8")
    pd.DataFrame([{c: "" for c in INDEX_COLUMNS} | {"path": listed}]).to_csv(
        out / "index.csv", index=False
    )
    draft_apology_letters(result, out, today=MAY_2020)
    assert (tmp_path / "outside.docx").read_bytes() == b"keep"
    assert (out / "stp" / "notes.txt").read_text(encoding="utf-8") == "keep"
    assert len(_index_on_disk(out)) == 3


def test_an_unreadable_previous_index_is_replaced(result, tmp_path):
    (tmp_path / "index.csv").write_bytes(b"\xff\xfe\x00garbage")
    index = draft_apology_letters(result, tmp_path, today=MAY_2020)
    assert list(_index_on_disk(tmp_path)["case_id"]) == list(index["case_id"])


def test_redrafting_a_case_replaces_its_earlier_draft_whatever_its_name(result, tmp_path):
    draft_apology_letters(result, tmp_path, today=MAY_2020)
    listed = _index_on_disk(tmp_path)
    old = tmp_path / "stp" / "ban-cu.docx"  # the case's draft under an earlier name
    (tmp_path / "stp" / f"{FIRST}.docx").rename(old)
    listed.loc[listed["case_id"] == FIRST, "path"] = "stp/ban-cu.docx"
    listed.to_csv(tmp_path / "index.csv", index=False, encoding="utf-8-sig")
    draft_apology_letters(result, tmp_path, case_ids=[FIRST], today=MAY_2020)
    assert not old.exists()
    after = _index_on_disk(tmp_path)
    assert list(after["case_id"]).count(FIRST) == 1 and len(after) == len(listed)
    assert _docx_files(tmp_path) == sorted(after["path"])


# --------------------------------------------------------------------------- what happened


@pytest.mark.parametrize(
    ("today", "resolved", "pending"),
    [
        (MAY_2020,
         "Ngày 14/05/2020, Sở Tư pháp tỉnh Đắk Lắk đã trả kết quả giải quyết hồ sơ cho Ông/Bà, "
         "chậm 02 ngày làm việc so với ngày hẹn trả kết quả.",
         "Sở Tư pháp tỉnh Đắk Lắk xin lỗi Ông/Bà và hẹn lại ngày trả kết quả giải quyết hồ sơ "
         "cho Ông/Bà vào ngày 20/05/2020."),
        (dt.date(2025, 9, 15),
         "Ngày 14/05/2020, Sở Tư pháp tỉnh Đắk Lắk đã hoàn thành việc giải quyết và trả kết quả "
         "hồ sơ cho Ông/Bà, chậm 02 ngày làm việc so với thời hạn nêu trên.",
         "Sở Tư pháp tỉnh Đắk Lắk chân thành xin lỗi Ông/Bà về sự chậm trễ này và đề nghị Ông/Bà "
         "đồng ý gia hạn thời gian giải quyết hồ sơ đến ngày 20/05/2020."),
    ],
)  # fmt: skip
def test_the_letter_says_what_happened(result, tmp_path, read_docx, today, resolved, pending):
    findings = result.findings
    findings.loc[1, ["overdue_kind", "applicant"]] = ["pending_overdue", "Trần Thị Bích"]
    findings.loc[0, "new_due_at"] = pd.Timestamp("2020-05-30")  # set, but the result came first
    index = draft_apology_letters(result, tmp_path, case_ids=[FIRST, "H16.22-200506-0002"],
                                  today=today)  # fmt: skip
    late = read_docx(letter_path(index, tmp_path, FIRST))
    assert resolved in late
    assert not re.search(
        r"chưa (trả|hoàn thành)|hẹn lại ngày trả|gia hạn thời gian giải quyết hồ sơ|30/05/2020",
        late,
    )
    still_open = read_docx(letter_path(index, tmp_path, "H16.22-200506-0002"))
    assert pending in still_open
    assert "đã trả kết quả" not in still_open and "ngày làm việc" not in still_open
    assert list(index["missing_fields"]) == ["reason", "reason"]


def test_an_open_case_without_a_new_date_gets_a_marked_blank(result, tmp_path):
    result.findings.loc[0, "overdue_kind"] = "pending_overdue"
    index = draft_apology_letters(result, tmp_path, case_ids=[FIRST], today=MAY_2020)
    doc = Document(tmp_path / index.loc[0, "path"])
    (paragraph,) = [p for p in doc.paragraphs if "hẹn lại ngày trả kết quả" in p.text]
    assert paragraph.text.endswith("vào ngày ….")
    assert [r.text for r in paragraph.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW] == [
        BLANK
    ]
    assert index.loc[0, "missing_fields"] == "reason;new_due_at"


@pytest.mark.parametrize(("days", "text"), [(2, "02"), (12, "12"), (0, "dưới 01"), (None, BLANK)])
def test_working_days_late_as_the_letter_writes_them(days, text):
    assert days_late_text(days) == text


# --------------------------------------------------------------------------- the addressee


@pytest.mark.parametrize(
    ("applicant", "line", "named"),
    [
        ("Nguyễn Văn An", "Ông/Bà Nguyễn Văn An", PERSON),
        ("Trương Văn Ba", "Ông/Bà Trương Văn Ba", PERSON),  # not "Trường"
        ("Bàn Văn Sáng", "Ông/Bà Bàn Văn Sáng", PERSON),  # not "Ban"
        ("Hồ Thị Hội", "Ông/Bà Hồ Thị Hội", PERSON),
        ("Bà Lê Thị Hoa", "Bà Lê Thị Hoa", "Bà"),
        ("Công ty TNHH A & B", "Công ty TNHH A & B", ORGANISATION),
        ("CONG TY CP XAY DUNG 1", "CONG TY CP XAY DUNG 1", ORGANISATION),
        ("hợp tác xã Ea Kao", "hợp tác xã Ea Kao", ORGANISATION),
        ("Doanh nghiệp tư nhân Hòa Bình", "Doanh nghiệp tư nhân Hòa Bình", ORGANISATION),
        ("Chi nhánh Công ty Điện lực", "Chi nhánh Công ty Điện lực", ORGANISATION),
        ("UBND xã Ea Tu", "UBND xã Ea Tu", ORGANISATION),
        ("Trường THPT Chu Văn An", "Trường THPT Chu Văn An", ORGANISATION),
        ("NGÂN HÀNG TMCP Á Châu", "NGÂN HÀNG TMCP Á Châu", ORGANISATION),
        ("Văn phòng công chứng Đắk Lắk", "Văn phòng công chứng Đắk Lắk", ORGANISATION),
        ("Hộ kinh doanh Lê Văn C", "Hộ kinh doanh Lê Văn C", ORGANISATION),
        ("", BLANK, PERSON),
    ],
)
def test_the_addressee_is_a_person_or_an_organisation(applicant, line, named):
    assert addressee(applicant) == (line, named)


def test_an_organisation_is_addressed_by_its_name(result, tmp_path, read_docx):
    index = draft_apology_letters(result, tmp_path, mask_names=True, today=MAY_2020,
                                  case_ids=["H16.22-200506-0002"])  # fmt: skip
    text = read_docx(tmp_path / index.loc[0, "path"])
    assert "Kính gửi: Công ty TNHH A & B\n" in text
    assert "của Công ty TNHH A & B. Mã hồ sơ" in text
    assert "Quý tổ chức" in text and "Ông/Bà" not in text and "Tổ chức" not in text


def test_no_letter_prints_the_form_s_choices(result, tmp_path, read_docx):
    for today in (MAY_2020, dt.date(2025, 9, 15)):
        index = draft_apology_letters(result, tmp_path / str(today.year), today=today)
        for path in index["path"]:
            text = read_docx(tmp_path / str(today.year) / path)
            assert "Ông/Bà/Tổ chức" not in text and "(tên cơ quan)" not in text.casefold()
            assert "ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả)" not in text


# --------------------------------------------------------------------------- place and header


@pytest.mark.parametrize(
    ("name", "level", "place"),
    [
        ("UBND xã Ea Tu", "commune", "Ea Tu"),
        ("Ủy ban nhân dân phường Tân Lập", "commune", "Tân Lập"),
        ("UBND thị trấn Ea Drăng", "commune", "Ea Drăng"),
        ("Ban Văn hóa - Xã hội phường Thành Công", "commune", "Thành Công"),
        ("UBND xã Ea Tu (thành phố Buôn Ma Thuột)", "commune", "Ea Tu"),
        ("UBND phường 5", "commune", "Phường 5"),
        ("UBND huyện Cư M’gar", "district", "Cư M’gar"),
        ("UBND thành phố Buôn Ma Thuột", "district", "Buôn Ma Thuột"),
        ("UBND thị xã Buôn Hồ", "district", "Buôn Hồ"),
        ("Phòng Lao động - Thương binh và Xã hội huyện Krông Pắc", "district", "Krông Pắc"),
        ("UBND quận 1", "district", "Quận 1"),
        ("Văn phòng đăng ký đất đai", "district", ""),
    ],
)
def test_the_place_is_the_unit_s_own_administrative_unit(name, level, place):
    assert derived_place(name, level) == place


@pytest.mark.parametrize(
    ("unit", "parent", "header"),
    [
        ("Sở Tư pháp tỉnh Đắk Lắk", "UBND tỉnh Đắk Lắk", ("UBND TỈNH ĐẮK LẮK", "SỞ TƯ PHÁP")),
        ("Ngân hàng Nhà nước Việt Nam chi nhánh Đắk Lắk", "Ngân hàng Nhà nước Việt Nam",
         ("NGÂN HÀNG NHÀ NƯỚC VIỆT NAM", "CHI NHÁNH ĐẮK LẮK")),
        ("UBND xã Ea Tu", "UBND huyện Cư M’gar", ("UBND HUYỆN CƯ M’GAR", "UBND XÃ EA TU")),
        ("Phòng Tư pháp huyện Krông Pắc", "UBND huyện Krông Pắc",
         ("UBND HUYỆN KRÔNG PẮC", "PHÒNG TƯ PHÁP")),
        ("UBND tỉnh Đắk Lắk", "UBND tỉnh Đắk Lắk", ("", "UBND TỈNH ĐẮK LẮK")),
        ("Cục Thuế tỉnh Đắk Lắk", "", ("", "CỤC THUẾ TỈNH ĐẮK LẮK")),
        ("UBND xã Ea Tu", BLANK, (BLANK, "UBND XÃ EA TU")),
    ],
)  # fmt: skip
def test_the_header_names_the_parent_once(unit, parent, header):
    assert header_names(unit, parent) == header


def test_parent_body_and_place_per_level_and_date(result, tmp_path):
    config = result.config
    config.units.append(Unit(id="cu-mgar", name="UBND huyện Cư M’gar", level="district"))
    config.units.append(
        Unit(id="ea-kiet", name="UBND xã Ea Kiết", level="commune", parent="cu-mgar")
    )
    before, after = dt.date(2025, 6, 30), dt.date(2025, 7, 1)
    assert (
        unit_letter_values(config, "ea-kiet", "commune", before)["parent_body"]
        == "UBND huyện Cư M’gar"
    )
    assert unit_letter_values(config, "ea-kiet", "commune", before)["place"] == "Ea Kiết"
    assert unit_letter_values(config, "ubnd-xa-ea-tu", "commune", before)["parent_body"] == BLANK
    assert (
        unit_letter_values(config, "ubnd-xa-ea-tu", "commune", after)["parent_body"]
        == "UBND tỉnh Đắk Lắk"
    )
    assert (
        unit_letter_values(config, "cu-mgar", "district", before)["parent_body"]
        == "UBND tỉnh Đắk Lắk"
    )
    assert unit_letter_values(config, "cu-mgar", "district", before)["place"] == "Cư M’gar"
    assert (
        unit_letter_values(config, "stp", "province", before)["place"] == "Buôn Ma Thuột"
    )  # its own
    config.units[0].place = None
    assert unit_letter_values(config, "stp", "province", before)["place"] == "Đắk Lắk"
    config.units[0].parent_body = ""  # configured: none
    assert unit_letter_values(config, "stp", "province", before)["parent_body"] == ""


def test_the_header_is_drawn_as_decree_30_draws_it(result, tmp_path):
    index = draft_apology_letters(result, tmp_path, today=MAY_2020)
    doc = Document(letter_path(index, tmp_path, FIRST))
    table = doc.tables[0]
    left, right = (round(column.width.mm) for column in table.columns)
    assert left >= 70 and right >= 88 and left + right <= 166  # two lines for long names, one motto
    cells = [table.cell(0, 0), table.cell(0, 1)]
    assert [p.text for p in cells[0].paragraphs] == ["UBND TỈNH ĐẮK LẮK", "SỞ TƯ PHÁP", ""]
    unit = cells[0].paragraphs[1].runs[0]
    assert unit.font.bold and 12 <= unit.font.size.pt <= 13
    assert not cells[0].paragraphs[0].runs[0].font.bold
    assert [p.text for p in cells[1].paragraphs] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "",
    ]
    for cell, rule_mm in zip(cells, (25, 55), strict=True):
        rule = cell.paragraphs[-1]  # right under the line above it, centred, as long as it asks
        bottom = rule._p.find(f"{W}pPr/{W}pBdr/{W}bottom")
        assert bottom is not None and bottom.get(f"{W}val") == "single"
        assert rule.paragraph_format.line_spacing.pt <= 3
        width = (
            cell.width.mm
            - rule.paragraph_format.left_indent.mm
            - rule.paragraph_format.right_indent.mm
        )
        assert rule_mm <= width <= rule_mm + 10
    number, date = table.cell(1, 0).paragraphs[0], table.cell(1, 1).paragraphs[0]
    assert number.text == "Số: …/PXL"
    assert date.text == "Buôn Ma Thuột, ngày 14 tháng 5 năm 2020" and all(
        r.font.italic for r in date.runs
    )


def test_a_letter_of_a_unit_without_parent_has_no_parent_line(result, tmp_path):
    result.config.units[0].parent_body = ""
    index = draft_apology_letters(result, tmp_path, case_ids=[FIRST], today=MAY_2020)
    doc = Document(tmp_path / index.loc[0, "path"])
    assert [p.text for p in doc.tables[0].cell(0, 0).paragraphs] == ["SỞ TƯ PHÁP TỈNH ĐẮK LẮK", ""]


# --------------------------------------------------------------------------- the document itself


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_pages_are_numbered_from_the_second_in_the_header(result, tmp_path):
    index = draft_apology_letters(result, tmp_path, case_ids=[FIRST], today=MAY_2020)
    section = Document(tmp_path / index.loc[0, "path"]).sections[0]
    assert section.different_first_page_header_footer
    assert "".join(p.text for p in section.first_page_header.paragraphs) == ""
    (paragraph,) = section.header.paragraphs
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    fields = "".join(t.text for t in paragraph._p.iter(f"{W}instrText"))
    assert fields.strip() == "PAGE"
    assert [c.get(f"{W}fldCharType") for c in paragraph._p.iter(f"{W}fldChar")] == [
        "begin",
        "separate",
        "end",
    ]


def test_the_language_is_vietnamese(result, tmp_path):
    index = draft_apology_letters(result, tmp_path, case_ids=[FIRST], today=MAY_2020)
    path = tmp_path / index.loc[0, "path"]
    doc = Document(path)
    default = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert default.get(f"{W}val") == "vi-VN"
    runs = [run for p in _paragraphs(doc) for run in p.runs if run.text.strip()]
    assert {run._r.find(f"{W}rPr/{W}lang").get(f"{W}val") for run in runs} == {"vi-VN"}
    with zipfile.ZipFile(path) as package:
        for name in ("word/document.xml", "word/styles.xml", "word/settings.xml"):
            assert b"en-US" not in package.read(name), name


def test_every_blank_is_marked_and_nothing_else(result, tmp_path):
    index = draft_apology_letters(result, tmp_path, case_ids=["../../etc/passwd"], today=MAY_2020)
    doc = Document(tmp_path / index.loc[0, "path"])
    runs = [run for p in _paragraphs(doc) for run in p.runs]
    marked = [run for run in runs if run.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert all(run.text == BLANK for run in marked)
    assert len(marked) == sum(run.text.count(BLANK) for run in runs) >= 9
    # w:highlight sits before w:lang, as the schema orders run properties (Word checks it)
    for run in marked:
        tags = [child.tag for child in run._r.find(f"{W}rPr")]
        assert tags.index(f"{W}highlight") < tags.index(f"{W}lang")


# --------------------------------------------------------------------------- choosing the form


@pytest.mark.parametrize(
    ("configured", "form", "today", "expected"),
    [
        ("auto", None, MAY_2020, "mau-04-2018"),
        ("2025", None, MAY_2020, "mau-04-2025"),
        ("2018", None, dt.date(2025, 10, 1), "mau-04-2018"),
        ("2018", "auto", dt.date(2025, 10, 1), "mau-04-2025"),
        ("auto", "2025", MAY_2020, "mau-04-2025"),
    ],
)
def test_the_form_is_chosen_by_config_or_option(
    result, tmp_path, read_docx, configured, form, today, expected
):
    result.config.letters.form = configured
    index = draft_apology_letters(result, tmp_path, case_ids=[FIRST], today=today, form=form)
    assert index.loc[0, "form"] == expected
    title = (
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ" if expected.endswith("2025") else "PHIẾU XIN LỖI VÀ HẸN LẠI"
    )
    assert f"\n{title}" in read_docx(tmp_path / index.loc[0, "path"])


def test_an_unknown_form_is_refused():
    with pytest.raises(UsageError, match="2019"):
        apology_template_name(MAY_2020, "2019")


def test_the_signature_block_stays_on_one_page_with_the_closing(result, tmp_path):
    index = draft_apology_letters(result, tmp_path, case_ids=[FIRST], today=MAY_2020)
    doc = Document(tmp_path / index.loc[0, "path"])
    row = doc.tables[-1].rows[0]._tr
    assert row.find(f"{W}trPr/{W}cantSplit") is not None
    closing = [p for p in doc.paragraphs if p.text == "Trân trọng./."]
    assert closing and closing[0].paragraph_format.keep_with_next
