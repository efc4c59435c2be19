"""check-table: a unit's results table read by its header text, its sums, and --against a run."""

import csv
import importlib.util
import json
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from compliance.analyse.tables import (
    check_results_table,
    check_sums,
    check_table_report,
    compare_with_run,
    read_results_table,
)
from compliance.cli import main
from compliance.errors import InputError, UsageError

DATA = Path(__file__).resolve().parent / "data" / "tables"
_spec = importlib.util.spec_from_file_location("build_tables", DATA / "build_tables.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)

# Sở Xây dựng in the official order (early separate) and in ours (on time includes early).
XAY_DUNG_OFFICIAL = {
    "received_total": 150, "carried_over": 10, "new_online": 20, "new_direct_or_postal": 120,
    "resolved_total": 130, "resolved_early": 40, "resolved_on_time": 78, "resolved_late": 12,
    "pending_total": 20, "pending_in_time": 8, "pending_overdue": 12,
}  # fmt: skip
XAY_DUNG_OURS = {
    "received_total": 150, "new_online": 20, "carried_over": 10, "new_direct_or_postal": 120,
    "interconnected": 0, "resolved_total": 130, "resolved_on_time": 118, "resolved_late": 12,
    "pending_total": 20, "pending_in_time": 8, "pending_overdue": 12,
}  # fmt: skip


def cli(*args):
    """The program with no config.yaml (unit aliases come from it when there is one)."""
    return CliRunner().invoke(main, ["--config", "/nonexistent/config.yaml", *map(str, args)])


def xlsx(path, header, rows, numbered=True):
    return build.write_xlsx(path, header, rows, numbered)


def flat_table(path, header, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["BIỂU TỔNG HỢP KẾT QUẢ GIẢI QUYẾT HỒ SƠ"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    ws.append(["", "Người lập biểu"])
    wb.save(path)
    return path


# --------------------------------------------------------------------------- layouts


@pytest.mark.parametrize(
    "name, layout, header_rows, number_row, figures",
    [
        ("bieu-06a-3-dong-tieu-de.xlsx", "official", (7, 9), 10, XAY_DUNG_OFFICIAL),
        ("bieu-06a-khong-so-cot.xlsx", "official", (7, 8), None, XAY_DUNG_OFFICIAL),
        ("bieu-06a-html.xls", "official", (3, 5), 6, XAY_DUNG_OFFICIAL),
        ("bieu-13-cot.xlsx", "standard", (7, 9), 10, XAY_DUNG_OURS),
    ],
)
def test_columns_are_read_by_header_text(name, layout, header_rows, number_row, figures):
    table = read_results_table(DATA / name)
    assert (table.layout, table.header_rows, table.number_row) == (layout, header_rows, number_row)
    assert table.on_time_includes_early == (layout != "official")
    xay_dung = table.rows.set_index("name").loc["Sở Xây dựng"]
    assert {f: int(xay_dung[f]) for f in table.figures} == figures
    # group rows (I. Cấp tỉnh) carry no figures; the totals row is not a unit
    assert table.rows["kind"].tolist() == ["unit", "unit", "unit", "total"]
    assert table.rows["name"].iloc[2] == "UBND huyện Cư M’gar"
    assert table.rows["received_total"].iloc[2] == 1234  # "1.234"


@pytest.mark.parametrize(
    "name, described",
    [
        (
            "bieu-06a-3-dong-tieu-de.xlsx",
            "Đã nhận dạng biểu: mẫu II.06a/VPCP/KSTT, có cột trả trước hạn riêng (trả đúng hạn "
            "không gồm trước hạn), không có cột liên thông; tiêu đề cột ở dòng 7–9, dòng số thứ "
            "tự cột ở dòng 10.",
        ),
        (
            "bieu-06a-khong-so-cot.xlsx",
            "Đã nhận dạng biểu: mẫu II.06a/VPCP/KSTT, có cột trả trước hạn riêng (trả đúng hạn "
            "không gồm trước hạn), không có cột liên thông; tiêu đề cột ở dòng 7–8, không có dòng "
            "số thứ tự cột.",
        ),
        (
            "bieu-13-cot.xlsx",
            "Đã nhận dạng biểu: biểu 13 cột, không có cột trả trước hạn (trả đúng hạn gồm cả trước "
            "hạn); tiêu đề cột ở dòng 7–9, dòng số thứ tự cột ở dòng 10.",
        ),
    ],
)
def test_the_layout_recognised_is_named(name, described):
    assert read_results_table(DATA / name).describe() == described


def test_resolution_table_csv_is_read_by_its_column_names(tmp_path):
    folder = write_run(tmp_path / "2020-05", RUN)
    table = read_results_table(folder / "resolution_table.csv")
    assert table.layout == "own" and table.on_time_includes_early
    assert table.describe() == (
        "Đã nhận dạng biểu: resolution_table.csv của công cụ (trả đúng hạn gồm cả trước hạn); "
        "tiêu đề cột ở dòng 1."
    )
    assert table.rows["kind"].tolist() == ["unit"] * 4 + ["total"]
    assert check_results_table(folder / "resolution_table.csv") == (5, [])


def test_one_row_header_without_group_titles(tmp_path):
    """Which 'Quá hạn' and 'Trong hạn' is which follows from the columns to their left."""
    path = xlsx(tmp_path / "flat.xlsx", build.header_flat, build.OFFICIAL_ROWS, numbered=False)
    table = read_results_table(path)
    assert {f: c.letter for f, c in table.columns.items() if f in table.figures} == {
        "received_total": "C", "carried_over": "D", "new_online": "E",
        "new_direct_or_postal": "F", "resolved_total": "G", "resolved_early": "H",
        "resolved_on_time": "I", "resolved_late": "J", "pending_total": "K",
        "pending_in_time": "L", "pending_overdue": "M",
    }  # fmt: skip
    assert table.layout == "official" and check_sums(table) == []


def _nfd(text):
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    "spell",
    [str.upper, _nfd, lambda t: t.replace("ả", "a").replace("á", "a").replace("ã", "a")],
    ids=["upper", "nfd", "some accents missing"],
)
def test_headers_match_whatever_the_case_and_accents(tmp_path, spell):
    header = ["STT", "Đơn vị", "Tổng số hồ sơ nhận giải quyết", "Số kỳ trước chuyển qua",
              "Trực tuyến", "Trực tiếp, bưu chính", "Số hồ sơ đã giải quyết", "Trả trước hạn",
              "Trả đúng thời hạn", "Trả quá hạn", "Số hồ sơ đang giải quyết", "Trong hạn",
              "Quá hạn"]  # fmt: skip
    path = flat_table(tmp_path / "t.xlsx", [spell(h) for h in header], build.OFFICIAL_ROWS[1:3])
    table = read_results_table(path)
    assert table.figures == list(XAY_DUNG_OFFICIAL)
    assert table.layout == "official"


# --------------------------------------------------------------------------- sums


def test_official_form_that_adds_up_raises_no_alarm():
    """Read by position in our order, this table gave false alarms: (3) = 120 but
    (4)+(5)+(6)+(7) = 20+60+40+100 = 220, and (8) = 30 (early) but (9)+(10) = 70."""
    for name in ("bieu-06a-3-dong-tieu-de.xlsx", "bieu-06a-html.xls", "bieu-06a-khong-so-cot.xlsx"):
        assert check_results_table(DATA / name) == (4, [])


def test_official_form_errors_that_the_position_reading_called_consistent(tmp_path):
    """In our order these figures add up — (3) = (4)+(5)+(6)+(7) = 150, (3) = (8)+(11) = 150,
    (8) = (9)+(10) = 60, (11) = (12)+(13) = 90 — so the table used to be "khớp"; in the
    official order three sums are wrong."""
    row = [1, "Sở Nội vụ", 150, 10, 20, 20, 100, 60, 50, 10, 90, 40, 50]
    path = xlsx(tmp_path / "a.xlsx", build.header_official_3rows, [row])
    checked, problems = check_results_table(path)
    assert checked == 1
    assert [p.render() for p in problems] == [
        "dòng 11 (Sở Nội vụ): tổng số hồ sơ nhận giải quyết (3) = 150 nhưng kỳ trước chuyển qua + "
        "trực tuyến + trực tiếp/bưu chính (4) + (5) + (6) = 50 (lệch 100)",
        "dòng 11 (Sở Nội vụ): tổng số hồ sơ nhận giải quyết (3) = 150 nhưng đã giải quyết + đang "
        "giải quyết (7) + (11) = 190 (lệch 40)",
        "dòng 11 (Sở Nội vụ): số hồ sơ đã giải quyết (7) = 100 nhưng trả trước hạn + trả đúng hạn "
        "+ trả quá hạn (8) + (9) + (10) = 120 (lệch 20)",
    ]


GOOD = [1, "Sở Tư pháp", "1.200", 100, 20, 1000, 80, 1190, 1180, 10, 10, 8, 2]
# the domain's example: 138.907 resolved, but 139.792 on time + 115 late
BAD = [2, "Sở Xây dựng", "140.000", 0, 0, 140000, 0, "138.907", "139.792", 115, 1093, 1093, 0]


@pytest.mark.parametrize(
    "numbered, refs",
    [(True, ("(8)", "(9) + (10)")), (False, ("(cột H)", "(cột I + J)"))],
    ids=["numbered", "no column numbers"],
)
def test_our_order_totals_that_disagree_are_named(tmp_path, numbered, refs):
    path = xlsx(tmp_path / "a.xlsx", build.header_ours_3rows, [GOOD, BAD], numbered)
    checked, problems = check_results_table(path)
    row = 12 if numbered else 11
    assert checked == 2
    assert [p.render() for p in problems] == [
        f"dòng {row} (Sở Xây dựng): số hồ sơ đã giải quyết {refs[0]} = 138.907 nhưng trả đúng "
        f"hạn + trả quá hạn {refs[1]} = 139.907 (lệch 1.000)"
    ]


def test_cells_that_are_no_count_are_named_and_dashes_are_zero(tmp_path):
    row = [1, "Sở Tư pháp", 120, 20, 60, 40, 100, 30, "60 (đã sửa)", 10, 20, 20, "-"]
    path = xlsx(tmp_path / "a.xlsx", build.header_official_2rows, [row], numbered=False)
    assert [p.render() for p in check_results_table(path)[1]] == [
        "dòng 9 (Sở Tư pháp): ô trả đúng hạn (cột I) = '60 (đã sửa)' không phải số hồ sơ"
    ]


def test_a_table_that_is_no_results_table_names_its_headers(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("Họ tên,Số điện thoại\nNguyễn Văn A,0912345678\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_results_table(other)
    assert "không nhận ra biểu kết quả" in err.value.message
    assert "Tiêu đề đọc được: Họ tên | Số điện thoại" in err.value.message
    assert "mẫu II.06a/VPCP/KSTT" in err.value.hint


def test_cli_names_the_layout_and_exits_by_the_sums(tmp_path):
    good = xlsx(tmp_path / "good.xlsx", build.header_ours_3rows, [GOOD])
    bad = xlsx(tmp_path / "bad.xlsx", build.header_ours_3rows, [GOOD, BAD])
    result = cli("check-table", good)
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("Đã nhận dạng biểu: biểu 13 cột")
    assert "Số liệu khớp: đã kiểm tra 1 dòng" in result.output
    result = cli("check-table", bad)
    assert result.exit_code == 1 and "dòng 12 (Sở Xây dựng)" in result.output
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    result = cli("check-table", other)
    assert result.exit_code == 3 and "Tiêu đề đọc được: a | b" in result.output


# --------------------------------------------------------------------------- against a run

COLUMNS = ["stt", "unit_id", "unit_name", "total", "new_online", "carried_over",
           "new_direct_or_postal", "interconnected", "resolved", "resolved_on_time",
           "resolved_late", "pending", "pending_in_time", "pending_overdue"]  # fmt: skip
# unit id, name, figures (CONTRACT section 7 order), early (summary.json)
RUN = [
    ("so-tu-phap", "Sở Tư pháp tỉnh Đắk Lắk", [120, 60, 20, 35, 5, 100, 90, 10, 20, 15, 5], 30),
    ("so-xay-dung", "Sở Xây dựng", [150, 20, 10, 120, 0, 130, 118, 12, 20, 5, 15], 40),
    ("ubnd-huyen-cu-mgar", "UBND huyện Cư M'gar", [1234, 600, 34, 600, 0, 1200, 1150, 50, 34, 30, 4], 200),
    ("ubnd-xa-ea-tu", "UBND xã Ea Tu", [0] * 11, 0),
]  # fmt: skip


def write_run(folder, units, summary=True):
    """OUT/<period> as a run leaves it: resolution_table.csv (TOTAL last) and summary.json."""
    folder.mkdir(parents=True, exist_ok=True)
    total = [sum(u[2][i] for u in units) for i in range(11)]
    with (folder / "resolution_table.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for n, (uid, name, figures, _) in enumerate(units, start=1):
            writer.writerow([n, uid, name, *figures])
        writer.writerow(["", "TOTAL", "Tổng cộng", *total])

    def counts(figures, early):
        return {"resolved": figures[5], "resolved_early": early,
                "resolved_on_time": figures[6] - early, "resolved_late": figures[7]}  # fmt: skip

    if summary:
        data = {
            "by_unit": [
                {"unit_id": u, "unit_name": n, "counts": counts(f, e)} for u, n, f, e in units
            ],
            "totals": counts(total, sum(u[3] for u in units)),
        }
        (folder / "summary.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "name, rows",
    [("bieu-06a-3-dong-tieu-de.xlsx", (13, 16)), ("bieu-06a-html.xls", (9, 12))],
)
def test_every_figure_that_differs_from_the_run_is_listed(tmp_path, name, rows):
    """Sở Xây dựng reports 8 in time and 12 overdue; the cases say 5 and 15. Sở Tư pháp's 40
    received directly are the run's 35 direct + 5 liên thông (the form has no liên thông column);
    "Sở Tư pháp" is the run's "Sở Tư pháp tỉnh Đắk Lắk"; Ea Tu, without cases, is not missed."""
    folder = write_run(tmp_path / "2020-05", RUN)
    result = compare_with_run(read_results_table(DATA / name), folder)
    xd, total = rows
    assert [d.render() for d in result.differences] == [
        f"Sở Xây dựng (dòng {xd}): báo cáo 8 hồ sơ đang giải quyết trong hạn, dữ liệu một cửa có 5",
        f"Sở Xây dựng (dòng {xd}): báo cáo 12 hồ sơ đang giải quyết quá hạn, dữ liệu một cửa có 15",
        f"Tổng cộng (dòng {total}): báo cáo 53 hồ sơ đang giải quyết trong hạn, dữ liệu một cửa có 50",
        f"Tổng cộng (dòng {total}): báo cáo 21 hồ sơ đang giải quyết quá hạn, dữ liệu một cửa có 24",
    ]
    assert (result.unmatched, result.missing, result.duplicates) == ([], [], [])
    assert (result.compared_rows, result.compared_cells) == (4, 44)


def test_our_order_compares_on_time_with_early_included(tmp_path):
    run = [RUN[0], (*RUN[1][:2], [150, 20, 10, 120, 0, 130, 118, 12, 20, 8, 12], 40), *RUN[2:]]
    folder = write_run(tmp_path / "2020-05", run)
    result = compare_with_run(read_results_table(DATA / "bieu-13-cot.xlsx"), folder)
    assert result.ok and result.differences == []
    assert result.compared_cells == 44


@pytest.mark.parametrize(
    "summary, expected",
    [
        (
            True,
            [
                "Sở Tư pháp (dòng 12): báo cáo 30 hồ sơ trả trước hạn, dữ liệu một cửa có 28",
                "Sở Tư pháp (dòng 12): báo cáo 10 hồ sơ trả quá hạn, dữ liệu một cửa có 12",
            ],
        ),
        (
            False,
            [
                "Sở Tư pháp (dòng 12): báo cáo 90 hồ sơ trả trước hạn và đúng hạn, dữ liệu một "
                "cửa có 88",
                "Sở Tư pháp (dòng 12): báo cáo 10 hồ sơ trả quá hạn, dữ liệu một cửa có 12",
            ],
        ),
    ],
    ids=["early from summary.json", "early and on time together"],
)
def test_early_is_compared_on_its_own_when_the_run_has_it(tmp_path, summary, expected):
    tu_phap = ("so-tu-phap", "Sở Tư pháp", [120, 60, 20, 35, 5, 100, 88, 12, 20, 15, 5], 28)
    xay_dung = (*RUN[1][:2], [150, 20, 10, 120, 0, 130, 118, 12, 20, 8, 12], 40)
    folder = write_run(tmp_path / "2020-05", [tu_phap, xay_dung, *RUN[2:]], summary=summary)
    result = compare_with_run(read_results_table(DATA / "bieu-06a-3-dong-tieu-de.xlsx"), folder)
    assert [d.render() for d in result.differences if d.row == 12] == expected


def test_rows_without_a_unit_and_units_without_a_row(tmp_path):
    rows = [
        ["I", "Cấp tỉnh", 120, 20, 60, 40, 100, 30, 60, 10, 20, 15, 5],  # a subtotal: no unit
        [1, "Sở Tư pháp", 120, 20, 60, 40, 100, 30, 60, 10, 20, 15, 5],
        [2, "Phòng Kinh tế", 150, 10, 20, 120, 130, 40, 78, 12, 20, 8, 12],
        [3, "1. Sở Tư pháp", 120, 20, 60, 40, 100, 30, 60, 10, 20, 15, 5],
        ["Tổng cộng", "", 390, 50, 140, 200, 330, 100, 198, 32, 60, 38, 22],
    ]
    path = xlsx(tmp_path / "a.xlsx", build.header_official_2rows, rows, numbered=False)
    folder = write_run(tmp_path / "2020-05", RUN)
    table = read_results_table(path)
    assert table.rows["kind"].tolist() == ["group", "unit", "unit", "unit", "total"]
    assert table.rows["name"].iloc[-1] == "Tổng cộng"
    result = compare_with_run(table, folder)
    assert result.differences == []  # Sở Tư pháp agrees; the totals row is not compared
    assert result.lines() == [
        "dòng 12 (1. Sở Tư pháp): trùng đơn vị với dòng 10, chỉ so dòng 10",
        "dòng 11 (Phòng Kinh tế): không khớp đơn vị nào trong dữ liệu một cửa",
        "Sở Xây dựng: có 150 hồ sơ trong dữ liệu một cửa nhưng không có trong biểu",
        "UBND huyện Cư M'gar: có 1.234 hồ sơ trong dữ liệu một cửa nhưng không có trong biểu",
    ]
    assert result.notes == ["dòng tổng cộng không được so vì biểu thiếu 2 đơn vị có hồ sơ"]
    assert not result.ok


def test_aliases_from_the_config_pair_other_names(tmp_path):
    rows = [[1, "Sở XD", 150, 10, 20, 120, 130, 40, 78, 12, 20, 8, 12]]
    path = xlsx(tmp_path / "a.xlsx", build.header_official_2rows, rows, numbered=False)
    folder = write_run(tmp_path / "2020-05", RUN)
    table = read_results_table(path)
    assert compare_with_run(table, folder).unmatched == [(9, "Sở XD")]
    paired = compare_with_run(table, folder, aliases={"Sở XD": "so-xay-dung"})
    assert [d.field for d in paired.differences] == ["pending_in_time", "pending_overdue"]


def test_cli_takes_the_aliases_of_config_yaml(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text(
        'organisation: {province: "Đắk Lắk", authority: "Văn phòng UBND tỉnh Đắk Lắk"}\n'
        'inputs: {cases: ["cases.csv"], letters: ["letters.csv"]}\n'
        "units:\n"
        '  - {id: so-xay-dung, name: "Sở Xây dựng", aliases: ["Sở XD"], level: province}\n',
        encoding="utf-8",
    )
    rows = [[1, "Sở XD", 150, 10, 20, 120, 130, 40, 78, 12, 20, 8, 12]]
    path = xlsx(tmp_path / "a.xlsx", build.header_official_2rows, rows, numbered=False)
    folder = write_run(tmp_path / "2020-05", [RUN[1]])
    args = ["check-table", str(path), "--against", str(folder)]
    result = CliRunner().invoke(main, ["--config", str(config), *args])
    assert result.exit_code == 1
    assert "  Sở XD (dòng 9): báo cáo 12 hồ sơ đang giải quyết quá hạn, dữ liệu một cửa có 15" in (
        result.output.splitlines()
    )
    assert "không khớp đơn vị nào" not in result.output


def test_a_units_own_table_by_sector_is_compared_by_its_totals_row(tmp_path):
    folder = write_run(tmp_path / "2020-05", RUN)
    table = read_results_table(DATA / "bieu-06a-so-xay-dung-theo-linh-vuc.xlsx")
    alone = compare_with_run(table, folder)
    assert len(alone.unmatched) == 2 and "dùng --unit" in alone.notes[-1]
    result = compare_with_run(table, folder, unit="so-xay-dung")
    assert [d.render() for d in result.differences] == [
        "Sở Xây dựng (dòng 12): báo cáo 8 hồ sơ đang giải quyết trong hạn, dữ liệu một cửa có 5",
        "Sở Xây dựng (dòng 12): báo cáo 12 hồ sơ đang giải quyết quá hạn, dữ liệu một cửa có 15",
    ]
    assert (result.unmatched, result.missing) == ([], [])
    assert compare_with_run(table, folder, unit="Sở Xây dựng").differences == result.differences
    with pytest.raises(UsageError):
        compare_with_run(table, folder, unit="Sở Y tế")


def test_cli_against_a_run(tmp_path):
    folder = write_run(tmp_path / "2020-05", RUN)
    result = cli("check-table", DATA / "bieu-06a-3-dong-tieu-de.xlsx", "--against", folder)
    assert result.exit_code == 1
    assert (
        "  Sở Xây dựng (dòng 13): báo cáo 12 hồ sơ đang giải quyết quá hạn, dữ liệu một cửa có 15"
        in result.output.splitlines()
    )
    assert "4 chỗ khác dữ liệu một cửa (đã so 4 dòng, 44 ô số liệu)." in result.output
    # the run's own table agrees with the run
    result = cli("check-table", folder / "resolution_table.csv", "--against", folder)
    assert result.exit_code == 0, result.output
    assert "Khớp dữ liệu một cửa: 5 dòng, 55 ô số liệu." in result.output
    result = cli(
        "check-table", DATA / "bieu-06a-so-xay-dung-theo-linh-vuc.xlsx",
        "--against", folder, "--unit", "so-xay-dung",
    )  # fmt: skip
    assert result.exit_code == 1 and "Sở Xây dựng (dòng 12)" in result.output


def test_cli_against_something_that_is_no_run_is_a_usage_error(tmp_path):
    table = DATA / "bieu-06a-khong-so-cot.xlsx"
    empty = tmp_path / "empty"
    empty.mkdir()
    wrong = tmp_path / "wrong"
    wrong.mkdir()
    (wrong / "resolution_table.csv").write_text("unit,total\nA,1\n", encoding="utf-8")
    for folder, message in [
        (tmp_path / "nowhere", "không có thư mục này"),
        (empty, "thư mục không có resolution_table.csv"),
        (wrong, "không phải resolution_table.csv của compliance (thiếu cột stt, unit_id"),
    ]:
        result = cli("check-table", table, "--against", folder)
        assert result.exit_code == 2 and message in result.output, result.output
        assert "out/2020-05" in result.output  # the fix
    result = cli("check-table", table, "--unit", "so-xay-dung")
    assert result.exit_code == 2 and "--unit chỉ dùng cùng --against" in result.output


# --------------------------------------------------------------------------- the command's report

COLUMNS_3_ROWS = (
    "Cột số liệu: C (3) tổng số hồ sơ nhận giải quyết; D (4) kỳ trước chuyển qua; E (5) mới tiếp "
    "nhận trực tuyến; F (6) mới tiếp nhận trực tiếp/bưu chính; G (7) đã giải quyết: tổng số; "
    "H (8) trả trước hạn; I (9) trả đúng hạn; J (10) trả quá hạn; K (11) đang giải quyết: tổng "
    "số; L (12) đang giải quyết trong hạn; M (13) đang giải quyết quá hạn."
)


def test_report_of_a_table_that_adds_up():
    report = check_table_report(DATA / "bieu-06a-3-dong-tieu-de.xlsx")
    assert report.lines == [
        "Đã nhận dạng biểu: mẫu II.06a/VPCP/KSTT, có cột trả trước hạn riêng (trả đúng hạn không "
        "gồm trước hạn), không có cột liên thông; tiêu đề cột ở dòng 7–9, dòng số thứ tự cột ở "
        "dòng 10.",
        COLUMNS_3_ROWS,
        "Số liệu khớp: đã kiểm tra 4 dòng, mọi tổng số bằng tổng các thành phần.",
    ]
    assert report.ok and report.problems == [] and report.comparison is None


def test_report_against_a_run_lists_every_difference_and_is_not_ok(tmp_path):
    folder = write_run(tmp_path / "2020-05", RUN)
    report = check_table_report(DATA / "bieu-06a-3-dong-tieu-de.xlsx", against=folder)
    assert report.lines[1:] == [
        COLUMNS_3_ROWS,
        "Số liệu khớp: đã kiểm tra 4 dòng, mọi tổng số bằng tổng các thành phần.",
        f"So với dữ liệu một cửa ({folder / 'resolution_table.csv'}):",
        "  Sở Xây dựng (dòng 13): báo cáo 8 hồ sơ đang giải quyết trong hạn, dữ liệu một cửa có 5",
        "  Sở Xây dựng (dòng 13): báo cáo 12 hồ sơ đang giải quyết quá hạn, dữ liệu một cửa có 15",
        "  Tổng cộng (dòng 16): báo cáo 53 hồ sơ đang giải quyết trong hạn, dữ liệu một cửa có 50",
        "  Tổng cộng (dòng 16): báo cáo 21 hồ sơ đang giải quyết quá hạn, dữ liệu một cửa có 24",
        "4 chỗ khác dữ liệu một cửa (đã so 4 dòng, 44 ô số liệu).",
    ]
    assert report.problems == [] and not report.comparison.ok and not report.ok


def test_report_of_a_units_own_table_names_the_unit(tmp_path):
    folder = write_run(tmp_path / "2020-05", RUN)
    report = check_table_report(
        DATA / "bieu-06a-so-xay-dung-theo-linh-vuc.xlsx", against=folder, unit="so-xay-dung"
    )
    assert "Lưu ý: biểu của Sở Xây dựng: so dòng tổng cộng với đơn vị này." in report.lines
    assert report.lines[-1] == "2 chỗ khác dữ liệu một cửa (đã so 1 dòng, 11 ô số liệu)."
    assert not report.ok


def test_report_of_the_runs_own_table_matches_the_run(tmp_path):
    folder = write_run(tmp_path / "2020-05", RUN)
    report = check_table_report(
        folder / "resolution_table.csv", against=folder, aliases={"Sở XD": "so-xay-dung"}
    )
    assert report.lines[-1] == "Khớp dữ liệu một cửa: 5 dòng, 55 ô số liệu."
    assert report.ok


def test_report_of_sums_that_disagree(tmp_path):
    path = xlsx(tmp_path / "a.xlsx", build.header_ours_3rows, [GOOD, BAD])
    report = check_table_report(path)
    assert report.lines[-2:] == [
        "dòng 12 (Sở Xây dựng): số hồ sơ đã giải quyết (8) = 138.907 nhưng trả đúng hạn + trả quá "
        "hạn (9) + (10) = 139.907 (lệch 1.000)",
        "1 chỗ số liệu không khớp trong 2 dòng số liệu.",
    ]
    assert len(report.problems) == 1 and not report.ok


def test_report_refuses_a_unit_without_a_run():
    with pytest.raises(UsageError) as err:
        check_table_report(DATA / "bieu-13-cot.xlsx", unit="so-xay-dung")
    assert (err.value.message, err.value.hint) == (
        "--unit chỉ dùng cùng --against",
        "Thêm --against OUT/<kỳ>.",
    )
