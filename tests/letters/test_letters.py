"""Apology letter drafts: golden texts, layout, form choice, blanks, masking, file names, index."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from docx import Document

from compliance.errors import UsageError
from compliance.formatting import vn_long_date
from compliance.render.letters import (
    BLANK,
    INDEX_COLUMNS,
    apology_template_name,
    draft_apology_letters,
)

MAY_2020 = dt.date(2020, 5, 14)
FIRST = "H16.22-200505-0001"


def letter_path(index: pd.DataFrame, out: Path, case_id: str) -> Path:
    return out / index.set_index("case_id").loc[case_id, "path"]


@pytest.mark.parametrize(
    ("today", "golden_name"),
    [(MAY_2020, "apology-2018.txt"), (dt.date(2025, 9, 15), "apology-2025.txt")],
)
def test_letter_matches_golden_text(result, tmp_path, read_docx, golden, today, golden_name):
    index = draft_apology_letters(result, tmp_path, today=today)
    golden(golden_name, read_docx(letter_path(index, tmp_path, FIRST)))


def test_letter_with_nothing_known_keeps_every_fact_blank(result, tmp_path, read_docx, golden):
    index = draft_apology_letters(result, tmp_path, today=MAY_2020)
    text = read_docx(letter_path(index, tmp_path, "../../etc/passwd"))
    golden("apology-blank.txt", text)
    assert "Lý do: …\n" in text
    assert "vào ngày …." in text
    assert "Số: …/PXL" in text
    assert re.findall(r"\d{2}/\d{2}/\d{4}", text) == []  # no date invented
    row = index.set_index("case_id").loc["../../etc/passwd"]
    assert row["missing_fields"] == (
        "applicant;procedure;received_at;due_at;reason;new_due_at;parent_body;signer_name"
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


def test_page_setup_and_fonts_follow_decree_30(result, tmp_path, check_fonts):
    index = draft_apology_letters(result, tmp_path, today=MAY_2020)
    doc = Document(letter_path(index, tmp_path, FIRST))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    top, bottom, left, right = (round(m.mm, 1) for m in margins)  # stored in whole twips
    assert 20 <= top <= 25 and 20 <= bottom <= 25 and 30 <= left <= 35 and 15 <= right <= 20
    check_fonts(doc)


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
         "missing_fields": "reason;new_due_at"},
        {"case_id": "../../etc/passwd", "unit_id": "ubnd-xa-ea-tu", "unit_name": "UBND xã Ea Tu",
         "applicant": "", "form": "mau-04-2018", "path": "ubnd-xa-ea-tu/etc_passwd.docx",
         "missing_fields": "applicant;procedure;received_at;due_at;reason;new_due_at;parent_body;signer_name"},
        {"case_id": "A/B:C*?", "unit_id": "ubnd-xa-ea-tu", "unit_name": "UBND xã Ea Tu",
         "applicant": "Hoàng Thị Mơ", "form": "mau-04-2018", "path": "ubnd-xa-ea-tu/A_B_C.docx",
         "missing_fields": "procedure;received_at;reason;new_due_at;parent_body;signer_name"},
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
    index = draft_apology_letters(
        result, tmp_path, case_ids=["h16.22 – 200506-0002"], today=MAY_2020
    )
    assert list(index["case_id"]) == ["H16.22-200506-0002"]
    text = read_docx(tmp_path / index.loc[0, "path"])
    assert "vào ngày 20/05/2020." in text  # the new date already set is a known fact
    assert "Kính gửi: Công ty TNHH A & B" in text  # escaped for XML, shown as typed
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
    assert index.loc[0, "missing_fields"] == "new_due_at"


def test_names_are_masked_on_request(result, tmp_path, read_docx):
    index = draft_apology_letters(result, tmp_path, mask_names=True, today=MAY_2020)
    text = read_docx(letter_path(index, tmp_path, FIRST))
    assert "Kính gửi: Nguyễn V. A." in text
    assert "Văn An" not in text
    assert list(index["applicant"]) == ["Nguyễn V. A.", "", "Hoàng T. M."]


def test_text_is_nfc(result, tmp_path, read_docx):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn An")
    result.findings.loc[0, "applicant"] = decomposed
    result.findings.loc[0, "unit_name"] = unicodedata.normalize("NFD", "Sở Tư pháp tỉnh Đắk Lắk")
    index = draft_apology_letters(result, tmp_path, today=MAY_2020)
    text = read_docx(letter_path(index, tmp_path, FIRST))
    assert text == unicodedata.normalize("NFC", text)
    assert "Kính gửi: Nguyễn Văn An" in text


def test_unit_values_fall_back_to_blanks_not_to_inventions(result, tmp_path, read_docx):
    index = draft_apology_letters(result, tmp_path, case_ids=["A/B:C*?"], today=MAY_2020)
    text = read_docx(tmp_path / index.loc[0, "path"])
    header, *_ = text.splitlines()
    assert header.startswith(f"{BLANK} / UBND XÃ EA TU")  # a commune is not under the province body
    assert "Đắk Lắk, ngày 14 tháng 5 năm 2020" in text  # place: the organisation's province
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
