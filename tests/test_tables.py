"""check-table: a published results table whose totals disagree with their parts."""

from click.testing import CliRunner
from openpyxl import Workbook

from compliance.cli import main
from compliance.tables import check_results_table


def official_table(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["BIỂU KẾT QUẢ GIẢI QUYẾT HỒ SƠ"])
    ws.append(["STT", "Đơn vị", "Số hồ sơ nhận giải quyết", "", "", "", "", "Kết quả giải quyết"])
    ws.append([f"({i})" for i in range(1, 14)])
    ws.append(["I", "Cấp tỉnh"])  # a group title: not a row of figures
    for row in rows:
        ws.append(row)
    ws.append(["", "Người lập biểu"])
    wb.save(path)
    return path


GOOD = [1, "Sở Tư pháp", "1.200", 100, 20, 1000, 80, 1190, 1180, 10, 10, 8, 2]
# the domain's example: 138.907 resolved, but 139.792 on time + 115 late
BAD = [2, "Sở Xây dựng", "140.000", 0, 0, 140000, 0, "138.907", "139.792", 115, 1093, 1093, 0]


def test_consistent_table(tmp_path):
    checked, problems = check_results_table(official_table(tmp_path / "a.xlsx", [GOOD]))
    assert (checked, problems) == (1, [])


def test_totals_that_disagree_are_named_with_row_and_unit(tmp_path):
    checked, problems = check_results_table(official_table(tmp_path / "a.xlsx", [GOOD, BAD]))
    assert checked == 2
    assert [p.render() for p in problems] == [
        "dòng 6 (Sở Xây dựng): số hồ sơ đã giải quyết (8) = 138.907 nhưng đúng hạn + quá hạn (9) + (10) "
        "= 139.907 (lệch 1.000)"
    ]


def test_cli_exit_codes(tmp_path):
    runner = CliRunner()
    good = official_table(tmp_path / "good.xlsx", [GOOD])
    bad = official_table(tmp_path / "bad.xlsx", [GOOD, BAD])
    assert runner.invoke(main, ["check-table", str(good)]).exit_code == 0
    result = runner.invoke(main, ["check-table", str(bad)])
    assert result.exit_code == 1 and "Sở Xây dựng" in result.output
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    result = runner.invoke(main, ["check-table", str(other)])
    assert result.exit_code == 3 and "(1) (2) … (13)" in result.output
