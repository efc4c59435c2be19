"""Follow-up letters (công văn đôn đốc) to flagged units."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest
from docx import Document

from compliance.calendar.periods import Period
from compliance.render.followup import (
    INDEX_COLUMNS,
    draft_followup_letters,
    period_text,
)

MAY_2020 = dt.date(2020, 5, 14)


def test_followup_letter_matches_golden_text(result, tmp_path, read_docx, golden):
    index = draft_followup_letters(result, tmp_path, today=MAY_2020)
    assert list(index["path"]) == ["stp.docx"]
    golden("followup-stp.txt", read_docx(tmp_path / "stp.docx"))


def test_followup_letter_says_what_to_do_and_by_when(result, tmp_path, read_docx):
    draft_followup_letters(result, tmp_path, today=MAY_2020)
    text = read_docx(tmp_path / "stp.docx")
    assert "Kính gửi: Sở Tư pháp tỉnh Đắk Lắk." in text
    assert "- Chưa có văn bản xin lỗi: 01 hồ sơ;\n" in text
    assert "- Chưa niêm yết tại Bộ phận một cửa: 01 hồ sơ;\n" in text
    assert "trước ngày 21/05/2020.\n" in text  # letter date + 7 days
    assert (
        "1 | H16.22-200505-0001 | Nguyễn Văn An | Cấp Phiếu lý lịch tư pháp | 12/05/2020 |" in text
    )
    assert "KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG /  /  /  / Trần Văn Bình" in text


def test_followup_layout(result, tmp_path, check_fonts):
    draft_followup_letters(result, tmp_path, today=MAY_2020)
    doc = Document(tmp_path / "stp.docx")
    assert (round(doc.sections[0].page_width.mm), round(doc.sections[0].page_height.mm)) == (
        210,
        297,
    )
    check_fonts(doc)


def test_followup_index_and_masking(result, tmp_path, read_docx):
    index = draft_followup_letters(result, tmp_path, mask_names=True, today=MAY_2020)
    assert list(index.columns) == INDEX_COLUMNS
    on_disk = pd.read_csv(
        tmp_path / "index.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    assert on_disk.loc[0, "deadline"] == "2020-05-21"
    assert on_disk.loc[0, "missing_fields"] == ""
    text = read_docx(tmp_path / "stp.docx")
    assert "Nguyễn V. A." in text and "Nguyễn Văn An" not in text


def test_unknown_organisation_values_stay_blank(result, tmp_path, read_docx):
    org = result.config.organisation
    org.parent_body = org.signer_title = org.signer_name = None
    index = draft_followup_letters(result, tmp_path, today=MAY_2020)
    text = read_docx(tmp_path / "stp.docx")
    assert text.startswith("… / VĂN PHÒNG UBND TỈNH ĐẮK LẮK")
    assert "THỦ TRƯỞNG CƠ QUAN /  /  /  / …" in text
    assert index.loc[0, "missing_fields"] == "parent_body;signer_name"


def test_unit_ids_become_safe_unique_file_names(result, tmp_path):
    unit = result.followups[0]
    result.followups = (unit, replace(unit, unit_id="../stp"), replace(unit, unit_id="STP"))
    index = draft_followup_letters(result, tmp_path, today=MAY_2020)
    assert list(index["path"]) == ["stp.docx", "stp-2.docx", "STP-3.docx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "STP-3.docx",
        "index.csv",
        "stp-2.docx",
        "stp.docx",
    ]


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (Period("2020-05", dt.date(2020, 4, 15), dt.date(2020, 5, 14), "month"),
         "kỳ báo cáo tháng 5 năm 2020 (từ ngày 15/04/2020 đến ngày 14/05/2020)"),
        (Period("2020-Q2", dt.date(2020, 3, 15), dt.date(2020, 6, 14), "quarter"),
         "kỳ báo cáo quý II năm 2020 (từ ngày 15/03/2020 đến ngày 14/06/2020)"),
        (Period("2020-H1", dt.date(2019, 12, 15), dt.date(2020, 6, 14), "half"),
         "kỳ báo cáo 6 tháng đầu năm 2020 (từ ngày 15/12/2019 đến ngày 14/06/2020)"),
        (Period("2020", dt.date(2019, 12, 15), dt.date(2020, 12, 14), "year"),
         "kỳ báo cáo năm 2020 (từ ngày 15/12/2019 đến ngày 14/12/2020)"),
        (Period("2020-05-01_2020-05-20", dt.date(2020, 5, 1), dt.date(2020, 5, 20), "adhoc"),
         "kỳ báo cáo từ ngày 01/05/2020 đến ngày 20/05/2020"),
    ],
)  # fmt: skip
def test_period_text(period, expected):
    assert period_text(period) == expected


def test_no_flagged_unit_writes_an_empty_index(result, tmp_path):
    result.followups = ()
    index = draft_followup_letters(result, tmp_path, today=MAY_2020)
    assert index.empty and list(index.columns) == INDEX_COLUMNS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.csv"]


def test_a_new_run_removes_the_letters_of_units_no_longer_flagged(result, tmp_path):
    first = draft_followup_letters(result, tmp_path, today=MAY_2020)
    assert len(first) == 1 and (tmp_path / first.loc[0, "path"]).is_file()
    result.followups = ()
    draft_followup_letters(result, tmp_path, today=MAY_2020)
    assert not list(tmp_path.rglob("*.docx"))
    assert (tmp_path / "index.csv").read_text(encoding="utf-8-sig").count("\n") == 1
