"""Follow-up letters (công văn đôn đốc) to flagged units."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest
from docx import Document

from compliance.calendar.periods import Period
from compliance.config import Config
from compliance.errors import ConfigError
from compliance.model import FINDINGS_COLUMNS, FlagReason, FollowUp
from compliance.render.followup import (
    INDEX_COLUMNS,
    deadline_after,
    draft_followup_letters,
    period_text,
)

MAY_2020 = dt.date(2020, 5, 14)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_followup_letter_matches_golden_text(result, tmp_path, read_docx, golden):
    index = draft_followup_letters(result, tmp_path, today=MAY_2020)
    assert list(index["path"]) == ["stp.docx"]
    golden("followup-stp.txt", read_docx(tmp_path / "stp.docx"))


def test_followup_letter_says_what_to_do_and_by_when(result, tmp_path, read_docx):
    draft_followup_letters(result, tmp_path, today=MAY_2020)
    text = read_docx(tmp_path / "stp.docx")
    assert "Kính gửi: Sở Tư pháp tỉnh Đắk Lắk." in text
    assert "- Chưa có văn bản xin lỗi: 01 hồ sơ;\n" in text
    assert "- Chưa niêm yết tại Bộ phận một cửa: 01 hồ sơ.\n" in text
    assert "trước ngày 21/05/2020.\n" in text  # 5 working days after Thursday 14/05/2020
    assert (
        "1 | H16.22-200505-0001 / Hẹn trả: 12/05/2020 | Nguyễn Văn An / Cấp Phiếu lý lịch tư pháp"
        " | chưa có văn bản xin lỗi; chưa niêm yết tại Bộ phận một cửa; đề nghị cung cấp đường dẫn"
        " đăng tải\n" in text
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


# ------------------------------------------------------------- violations apart from requests


def only_gaps(result, gaps: dict[str, tuple[str, ...]]) -> None:
    """Give the fixture's cases these gaps, and make the follow-ups of them."""
    findings = result.findings
    findings["gaps"] = [gaps.get(c, ()) for c in findings["case_id"]]
    followups = []
    for unit_id, group in findings[findings["gaps"].map(bool)].groupby("unit_id"):
        every = [g for row in group["gaps"] for g in row]
        reasons = tuple(FlagReason(g, every.count(g)) for g in dict.fromkeys(every))
        name = group["unit_name"].iloc[0]
        followups.append(FollowUp(unit_id, name, "province", reasons, tuple(group["case_id"])))
    result.followups = tuple(followups)


def test_a_unit_whose_only_gaps_are_ours_is_asked_for_links_not_reproached(
    result, tmp_path, read_docx
):
    only_gaps(result, {"../../etc/passwd": ("online_unverifiable",), "A/B:C*?": ("no_website",)})
    index = draft_followup_letters(result, tmp_path, today=MAY_2020)
    assert list(index["kind"]) == ["request"]
    text = read_docx(tmp_path / index.loc[0, "path"])
    assert "V/v đề nghị cung cấp đường dẫn đăng tải văn bản xin lỗi tổ chức, cá nhân |" in text
    assert (
        "Văn phòng UBND tỉnh Đắk Lắk chưa xác định được việc đăng tải văn bản xin lỗi lên Trang "
        "thông tin điện tử của UBND xã Ea Tu đối với 02 hồ sơ quá hạn, cụ thể:\n" in text
    )
    assert "- Trang không phản hồi hoặc chưa đọc được đầy đủ khi kiểm tra: 01 hồ sơ;\n" in text
    assert "- Chưa có địa chỉ Trang thông tin điện tử của đơn vị để kiểm tra: 01 hồ sơ.\n" in text
    assert "đề nghị UBND xã Ea Tu cung cấp:\n- Đường dẫn (địa chỉ trang cụ thể)" in text
    assert "| Nội dung đề nghị\n" in text
    assert "| đề nghị cung cấp đường dẫn đăng tải\n" in text
    assert "Thông tin đề nghị gửi về Văn phòng UBND tỉnh Đắk Lắk trước ngày 21/05/2020." in text
    reproaches = ("đôn đốc", "nhận thấy", "chưa thực hiện", "Chấn chỉnh", "để đăng tải:")
    for reproach in reproaches:
        assert reproach not in text, reproach


def test_a_violation_letter_names_only_what_the_unit_did_not_do(result, tmp_path, read_docx):
    only_gaps(result, {"H16.22-200505-0001": ("missing_apology", "not_posted_at_desk")})
    index = draft_followup_letters(result, tmp_path, today=MAY_2020)
    assert list(index["kind"]) == ["violation"]
    text = read_docx(tmp_path / "stp.docx")
    assert "V/v đôn đốc thực hiện xin lỗi tổ chức, cá nhân đối với hồ sơ quá hạn |" in text
    assert "có 01 hồ sơ quá hạn chưa thực hiện đầy đủ việc xin lỗi" in text
    assert "| Nội dung chưa thực hiện\n" in text
    assert "Kết quả thực hiện đề nghị báo cáo về Văn phòng UBND tỉnh Đắk Lắk trước ngày" in text
    for request in ("cung cấp", "Ngoài ra", "Trang thông tin điện tử"):
        assert request not in text, request


def test_both_kinds_in_one_letter_keep_their_own_words(result, tmp_path, read_docx):
    index = draft_followup_letters(result, tmp_path, today=MAY_2020)  # the fixture: both
    assert list(index["kind"]) == ["both"]
    text = read_docx(tmp_path / "stp.docx")
    violations, requests = text.split("Ngoài ra, ")
    assert "- Chưa niêm yết tại Bộ phận một cửa: 01 hồ sơ.\n" in violations
    assert "Trang thông tin điện tử" not in violations.split("Kính gửi")[1]
    assert (
        "- Chưa có địa chỉ Trang thông tin điện tử của đơn vị để kiểm tra: 01 hồ sơ.\n" in requests
    )
    assert (
        "Đồng thời, Văn phòng UBND tỉnh Đắk Lắk đề nghị Sở Tư pháp tỉnh Đắk Lắk cung cấp:" in text
    )


def test_a_template_of_the_old_shape_still_gets_findings_and_actions(result):
    from compliance.render.followup import findings_by_unit, followup_context

    context = followup_context(
        result.followups[0], result, MAY_2020, False, findings_by_unit(result.findings)
    )
    assert context["findings"][-1] == (
        "Chưa có địa chỉ Trang thông tin điện tử của đơn vị để kiểm tra: 01 hồ sơ."
    )
    assert context["actions"][-2].startswith("Cung cấp địa chỉ Trang thông tin điện tử")
    assert context["actions"][-1] == (
        "Kết quả thực hiện và thông tin nêu trên đề nghị gửi về Văn phòng UBND tỉnh Đắk Lắk "
        "trước ngày 21/05/2020."
    )


# ------------------------------------------------------------- a letter that prints


def forty_cases(result, tmp_path):
    """A unit with 40 cases: the table runs over several pages."""
    rows = [
        dict(result.findings.iloc[0], case_id=f"000.00.21.H16-2004{10 + i % 20:02d}-{i:04d}")
        for i in range(40)
    ]
    result.findings = pd.DataFrame(rows, columns=[*FINDINGS_COLUMNS, *result.findings.columns[22:]])
    unit = result.followups[0]
    result.followups = (replace(unit, cases=tuple(r["case_id"] for r in rows)),)
    draft_followup_letters(result, tmp_path, today=MAY_2020)
    return Document(tmp_path / "stp.docx")


def test_the_case_table_repeats_its_header_and_never_splits_a_code_or_a_row(result, tmp_path):
    doc = forty_cases(result, tmp_path)
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    head, *rows = table.rows
    assert len(rows) == 40
    assert head._tr.find(f"{W}trPr/{W}tblHeader") is not None  # repeated on each page
    for row in rows:
        assert row._tr.find(f"{W}trPr/{W}cantSplit") is not None
        code = row.cells[1]
        assert code._tc.find(f"{W}tcPr/{W}noWrap") is not None
        assert code.paragraphs[0].text.startswith("000.00.21.H16-")
    # Word ignores noWrap in a fixed-width table: the column itself holds the 25-character
    # code at 13 pt (53.4 mm) with the cell margins (2 × 1.9 mm) and some room (57 mm wrapped).
    widths = [int(c.get(f"{W}w")) for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
    assert widths[1] / 1440 * 25.4 >= 59.5
    assert abs(sum(widths) / 1440 * 25.4 - 165) < 1  # the text width, A4 less the margins


def test_the_closing_lines_stay_on_the_page_of_the_signature(result, tmp_path):
    doc = forty_cases(result, tmp_path)
    body = doc.element.body
    signature = doc.tables[-1]
    assert signature.rows[0]._tr.find(f"{W}trPr/{W}cantSplit") is not None  # never split
    before = []
    node = signature._tbl.getprevious()
    while len(before) < 3:
        before.append(node)
        node = node.getprevious()
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in before]
    assert texts[1] == "Trân trọng./." and "trước ngày 21/05/2020." in texts[2]
    for paragraph in before:
        assert paragraph.find(f"{W}pPr/{W}keepNext") is not None, texts
    assert body.index(signature._tbl) > body.index(doc.tables[1]._tbl)
    intro = next(p for p in doc.paragraphs if p.text == "Danh sách hồ sơ:")
    assert intro.paragraph_format.keep_with_next


def test_pages_are_numbered_from_page_two_centred_in_the_header(result, tmp_path):
    doc = forty_cases(result, tmp_path)
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    fields = section.header._element.findall(f".//{W}fldSimple")
    assert [f.get(f"{W}instr").strip() for f in fields] == ["PAGE"]
    assert section.header.paragraphs[0].alignment == 1  # centred
    assert not section.first_page_header._element.findall(f".//{W}fldSimple")
    assert section.first_page_header.paragraphs[0].text == ""


# ------------------------------------------------------------- the deadline in working days


def config(**followup) -> Config:
    data = {"inputs": {"cases": ["x.csv"]}, "calendar": {"extra_holidays": ["2020-05-19"]}}
    return Config.model_validate({**data, "followup": followup})


@pytest.mark.parametrize(
    ("letter", "days", "deadline"),
    [
        ("2020-05-12", 5, "2020-05-20"),  # Tuesday: next Tuesday is a holiday of the config
        ("2020-04-24", 5, "2020-05-05"),  # 30/4, 1/5 and a weekend inside (not 01/05, +7 days)
        ("2021-02-05", 5, "2021-02-19"),  # Tết Tân Sửu, 10–16/02/2021
        ("2025-12-31", 5, "2026-01-09"),  # 1/1 and the day off of 2/1/2026
        ("2020-05-15", 1, "2020-05-18"),  # Friday: Monday
        ("2020-05-16", 1, "2020-05-18"),  # a letter dated on a Saturday
    ],
)
def test_the_deadline_counts_working_days(letter, days, deadline):
    day = deadline_after(config(deadline_working_days=days), dt.date.fromisoformat(letter))
    assert day.isoformat() == deadline


def test_the_letter_and_index_give_the_working_day_deadline(result, tmp_path, read_docx):
    index = draft_followup_letters(result, tmp_path, today=dt.date(2020, 4, 24))
    assert index.loc[0, "deadline"] == "2020-05-05"
    assert "trước ngày 05/05/2020.\n" in read_docx(tmp_path / "stp.docx")
    result.config.followup.deadline_working_days = 2
    index = draft_followup_letters(result, tmp_path, today=dt.date(2020, 4, 24))
    assert index.loc[0, "deadline"] == "2020-04-28"


@pytest.mark.parametrize("bad", [0, 61, "năm"])
def test_the_deadline_setting_is_checked(bad, tmp_path):
    from compliance.config import parse_config

    with pytest.raises(ConfigError) as error:
        parse_config({"inputs": {"cases": ["x.csv"]}, "followup": {"deadline_working_days": bad}},
                     tmp_path)  # fmt: skip
    assert any(p.startswith("followup.deadline_working_days:") for p in error.value.problems)
