"""Exports shaped as real portals export them (tests/data/exports/, built by its build.py):
every one is read whole, misread by nobody, and never stops the run with a traceback."""

from __future__ import annotations

import csv
import importlib.util
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.cli import main
from compliance.inputs.fields import CASE_FIELDS
from compliance.read.encoding import decode_bytes, looks_like_mojibake, repair_mojibake
from compliance.read.table import read_table

from .test_readers import encode_cp1258

EXPORTS = Path(__file__).parent / "data" / "exports"
_spec = importlib.util.spec_from_file_location("exports_build", EXPORTS / "build.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)

CONFIG = """
organisation:
  province: "Quảng Trị"
  authority: "Văn phòng UBND tỉnh Quảng Trị"
inputs:
  cases: [{cases}]
  letters: ["letters.csv"]
units:
  - id: so-xd
    name: "Sở Xây dựng"
    level: province
    code: "000.00.14.H50"
"""
CODES = [c[0] for c in build.CASES]
#: one good case in the columns of conftest's CASE_HEADER
CASE_ROW = (
    "000.00.01.H16-261020-0001",
    "Sở A",
    "Nguyễn Văn An",
    "",
    "20/10/2026",
    "27/10/2026",
    "",
    "",
)


def run(tmp_path: Path, *files: str, command: str = "run"):
    """``compliance run --period 2026-11 --no-web`` (or ``validate``) over copies of ``files``."""
    for name in files:
        shutil.copy(EXPORTS / name, tmp_path / name)
    (tmp_path / "letters.csv").write_text("Mã hồ sơ,Số văn bản\n", encoding="utf-8")
    cases = ", ".join(f'"{name}"' for name in files)
    (tmp_path / "config.yaml").write_text(CONFIG.format(cases=cases), encoding="utf-8")
    args = ["--config", str(tmp_path / "config.yaml"), command, "--period", "2026-11"]
    if command == "run":
        args += ["--no-web", "--out", str(tmp_path / "out")]
    return CliRunner().invoke(main, args)


def outputs(tmp_path: Path) -> tuple[list[dict], list[dict], dict]:
    folder = tmp_path / "out" / "2026-11"
    with (folder / "rejects.csv").open(encoding="utf-8-sig") as fh:
        rejects = list(csv.DictReader(fh))
    with (folder / "resolution_table.csv").open(encoding="utf-8-sig") as fh:
        table = list(csv.DictReader(fh))
    return rejects, table, json.loads((folder / "summary.json").read_text(encoding="utf-8"))


def test_the_committed_files_are_what_build_py_makes(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "HERE", tmp_path)
    build.main()
    for name in build.SHAPES:
        if name.endswith(".xlsx"):  # zip timestamps differ: compare the cells
            from openpyxl import load_workbook

            def cells(path):
                return [list(r) for r in load_workbook(path).active.iter_rows(values_only=True)]

            assert cells(tmp_path / name) == cells(EXPORTS / name), name
        else:
            assert (tmp_path / name).read_bytes() == (EXPORTS / name).read_bytes(), name


# -- 1. HTML saved as .xls, UTF-8, no BOM, no charset -------------------------------------


def test_html_export_without_charset_is_read_as_utf8(tmp_path):
    table = read_table(EXPORTS / "html-utf8-no-charset.xls", CASE_FIELDS)
    assert table.frame["case_id"].tolist() == CODES
    assert set(table.frame["unit"]) == {"Sở Xây dựng"}
    assert table.frame["applicant"].iloc[4] == "Công ty TNHH Hòa Phát Đắk Lắk"
    outcome = run(tmp_path, "html-utf8-no-charset.xls")
    assert outcome.exit_code == 0, outcome.output
    assert "Hồ sơ tiếp nhận trong kỳ: 6" in outcome.output


@pytest.mark.parametrize(
    ("declared", "encoding"),
    [
        ("", "utf-8"),  # no declaration: UTF-8, not Latin-1
        ('<meta charset="iso-8859-1">', "utf-8"),  # a wrong declaration is re-tried
        ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">', "cp1258"),
    ],
)
def test_html_charset_declared_or_not(tmp_path, declared, encoding):
    html = (
        f"<html><head>{declared}</head><body><table><tr><td>Mã hồ sơ</td><td>Đơn vị</td>"
        "<td>Ngày tiếp nhận</td><td>Ngày hẹn trả</td></tr><tr><td>H16.22-261020-0001</td>"
        "<td>UBND xã Ea Tu</td><td>20/10/2026</td><td>27/10/2026</td></tr></table></body></html>"
    )
    path = tmp_path / "a.xls"
    path.write_bytes(encode_cp1258(html) if encoding == "cp1258" else html.encode(encoding))
    assert read_table(path, CASE_FIELDS).frame["unit"].tolist() == ["UBND xã Ea Tu"]


@pytest.mark.parametrize(
    ("text", "mojibake"),
    [
        ("Sở Xây dựng Đắk Lắk", False),
        ("Sá»Ÿ XÃ¢y dá»±ng", True),
        ("CÆ° M'gar", True),
        ("Ea H’leo – Đắk Lắk", False),
        ("Café", False),
    ],
)
def test_mojibake_is_recognised(text, mojibake):
    assert looks_like_mojibake(text) is mojibake


def test_mojibake_is_repaired_and_never_accepted():
    good = "Sở Xây dựng – Cư M’gar"
    assert repair_mojibake(good.encode("utf-8").decode("cp1252")) == good
    # UTF-8 that was itself saved through a Windows-1252 editor: decoded back to Vietnamese
    assert decode_bytes(good.encode("utf-8").decode("cp1252").encode("utf-8"))[0] == good
    assert decode_bytes(good.encode("utf-8"), ["latin-1"]) == (good, "utf-8")


# -- 2. Ragged rows ------------------------------------------------------------------------


def test_short_rows_are_padded_and_extra_cells_reported(tmp_path):
    table = read_table(EXPORTS / "ragged.csv", CASE_FIELDS)
    assert table.frame["case_id"].tolist() == CODES
    assert table.frame["_row"].tolist() == [2, 3, 4, 5, 6, 7]
    assert table.frame["returned_at"].tolist() == [
        "24/10/2026 10:00:00", "", "", "30/10/2026 16:20:00", "", "",
    ]  # fmt: skip
    assert table.extra_cells == [7]
    outcome = run(tmp_path, "ragged.csv")
    assert outcome.exit_code == 0, outcome.output
    assert "ragged.csv: dòng 7 có ô ngoài cột cuối của dòng tiêu đề" in outcome.output
    rejects, _, summary = outputs(tmp_path)
    assert rejects == []
    assert summary["warnings"]["extra_cells"] == [{"file": "ragged.csv", "rows": [7]}]


def test_validate_reads_ragged_rows_too(tmp_path):
    outcome = run(tmp_path, "ragged.csv", command="validate")
    assert outcome.exit_code == 0, outcome.output
    assert "dòng 7 có ô ngoài cột cuối" in outcome.output


def test_an_unexpected_reader_failure_names_the_file(tmp_path, monkeypatch):
    import compliance.read.table as table

    def broken(*args, **kwargs):
        raise KeyError("c11")

    monkeypatch.setattr(table, "spreadsheet_body", broken)
    outcome = run(tmp_path, "footer.xlsx")
    assert outcome.exit_code == 3, outcome.output
    assert "footer.xlsx: lỗi không mong đợi khi đọc tệp (KeyError" in outcome.output
    assert "--debug" in outcome.output
    assert "Traceback" not in outcome.output


# -- 3. Shifted columns --------------------------------------------------------------------


def test_shifted_rows_are_rejected_saying_which_column_holds_what(tmp_path):
    outcome = run(tmp_path, "shifted.xlsx")
    assert outcome.exit_code == 0, outcome.output
    rejects, table, _ = outputs(tmp_path)
    assert [(r["row"], r["code"]) for r in rejects] == [
        ("9", "misplaced_case_id"), ("10", "misplaced_case_id"), ("11", "misplaced_case_id"),
    ]  # fmt: skip
    assert rejects[0]["reason"].startswith(
        "cột 'Mã hồ sơ' chứa '4' (không phải mã hồ sơ): dòng lệch cột?"
    )
    assert rejects[2]["reason"].startswith("cột 'Mã hồ sơ' chứa 'Xây dựng'")
    # no unit made of a phone number or a date, no case named "4"
    assert [r["unit_id"] for r in table] == ["so-xd", "TOTAL"]
    assert table[0]["total"] == "3"
    assert "không có trong config.yaml" not in outcome.output


@pytest.mark.parametrize(
    ("cells", "code"),
    [
        ({"case_id": "Đã trả kết quả"}, "misplaced_case_id"),
        ({"case_id": "Nguyen Van An"}, "misplaced_case_id"),
        ({"case_id": "20/10/2026"}, "misplaced_case_id"),
        ({"case_id": "2026-10-20T08:15:00+07:00"}, "misplaced_case_id"),
        ({"unit": "0900000004"}, "misplaced_unit"),
        ({"status": "30/10/2026 16:20:00"}, "misplaced_status"),
        ({"received_at": "Sở Xây dựng"}, "misplaced_received_at"),
        ({"due_at": "0900000004"}, "misplaced_due_at"),
        ({"received_at": "31/02/2026"}, "bad_received_at"),  # a date that does not exist
    ],
)
def test_a_cell_under_the_wrong_header_is_a_reject(ws, cells, code):
    from compliance.inputs.cases import load_cases

    good = {"case_id": "000.00.01.H16-261020-0001", "unit": "Sở A", "applicant": "Nguyễn Văn An",
            "channel": "", "received_at": "20/10/2026", "due_at": "27/10/2026", "resolved_at": "",
            "status": "Đang xử lý"}  # fmt: skip
    fields = [
        "case_id",
        "unit",
        "applicant",
        "channel",
        "received_at",
        "due_at",
        "resolved_at",
        "status",
    ]
    other = dict(good, case_id="000.00.01.H16-261020-0002")
    shifted = {**good, "case_id": "000.00.01.H16-261020-0003", **cells}
    ws.cases([[row[f] for f in fields] for row in (good, other, shifted)])
    loaded = load_cases(ws.load())
    assert loaded.rejects["code"].tolist() == [code]
    assert loaded.rejects["row"].tolist() == [4]
    assert len(loaded.frame) == 2


@pytest.mark.parametrize(
    "code",
    ["000.00.14.H50-200407-0011", "H16.22-200515-0001", "998.99.99.H05-260105-0003",
     "00352112000539", "03706/2026/07906", "h16.22 – 200515-0001"],
)  # fmt: skip
def test_real_case_code_shapes_are_codes(ws, code):
    from compliance.inputs.cases import load_cases

    ws.cases([[code, "Sở A", "Nguyễn Văn An", "", "20/10/2026", "27/10/2026", "", ""]])
    loaded = load_cases(ws.load())
    assert loaded.rejects.empty and len(loaded.frame) == 1


def test_a_file_whose_header_does_not_match_its_data_stops_with_exit_3(tmp_path):
    outcome = run(tmp_path, "mismapped.csv")
    assert outcome.exit_code == 3, outcome.output
    assert "mismapped.csv: 6/6 dòng hồ sơ có nội dung không khớp tiêu đề cột" in outcome.output
    assert "cột 'Mã hồ sơ' chứa 'Cấp giấy phép xây dựng'" in outcome.output
    assert "Cách khắc phục: Mở tệp, kiểm tra dòng tiêu đề" in outcome.output
    assert run(tmp_path, "mismapped.csv", command="validate").exit_code == 3


# -- 4. Signature footers ------------------------------------------------------------------


def test_signature_footer_is_not_cases_nor_units(tmp_path):
    outcome = run(tmp_path, "footer.xlsx")
    assert outcome.exit_code == 0, outcome.output
    rejects, table, summary = outputs(tmp_path)
    assert rejects == []
    assert [r["unit_id"] for r in table] == ["so-xd", "TOTAL"]
    assert summary["warnings"]["unknown_units"] == []
    assert summary["warnings"]["non_case_rows"] == 6  # the totals row and the footer's 5 rows
    assert "không có trong config.yaml" not in outcome.output


def test_rows_after_a_footer_line_are_footer_but_a_later_case_is_not(ws):
    from compliance.inputs.cases import load_cases

    row = list(CASE_ROW)
    ws.cases([
        row,
        ["NGƯỜI LẬP BIỂU", "", "", "", "", "", "", ""],  # a footer line in the middle …
        [row[0].replace("0001", "0002"), *row[1:]],  # … is followed by a case: not the footer
        ["", "Đắk Lắk, ngày 16 tháng 11 năm 2026", "", "", "", "", "", ""],
        ["", "KT. GIÁM ĐỐC", "", "", "", "", "", ""],
        ["Lê Văn Cảnh 12", "Lê Văn Cảnh", "", "", "", "", "", ""],  # the signer, under the footer
    ])  # fmt: skip
    loaded = load_cases(ws.load())
    assert loaded.frame["case_id"].str[-4:].tolist() == ["0001", "0002"]
    assert loaded.rejects.empty
    assert loaded.skipped == 4


def test_a_rejected_row_never_creates_a_unit(ws):
    from compliance.calendar.periods import parse_period
    from compliance.pipeline import prepare

    row = list(CASE_ROW)
    ws.cases(
        [row, ["000.00.01.H16-261020-0002", "Phòng Không Có", "", "", "bad", "27/10/2026", "", ""]]
    )
    state = prepare(ws.load(), parse_period("2026-11", 15))
    assert state.units.created == {}
    assert len(state.cases.rejects) == 1


def test_a_register_footer_is_not_letters(ws):
    from compliance.inputs.letters import load_letters

    ws.letters([
        ["000.00.01.H16-261020-0001", "01/PXL", "Nguyễn Văn An", "26/10/2026", "Sở A", "", ""],
        ["", "", "", "", "Đắk Lắk, ngày 16 tháng 11 năm 2026", "", ""],
        ["NGƯỜI LẬP SỔ 2", "", "", "", "THỦ TRƯỞNG ĐƠN VỊ", "", ""],
        ["Nguyễn Thị Hoa", "", "", "", "Trần Văn Bảo", "", ""],
    ])  # fmt: skip
    loaded = load_letters(ws.load())
    assert loaded.frame["letter_no"].tolist() == ["01/PXL"]
    assert loaded.rejects.empty
    assert loaded.skipped == 3


def _table_files() -> list[Path]:
    root = Path(__file__).resolve().parent.parent
    found = []
    for folder in (root / "tests" / "data", root / "examples"):
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in (".csv", ".xlsx", ".xls", ".txt") and "web" not in path.parts:
                found.append(path)
    return found


def _mutations(data: bytes) -> list[bytes]:
    """The file cut short, with a line doubled, and with every third byte of a line dropped."""
    lines = data.split(b"\n")
    return [
        data[: len(data) // 2],
        data[: len(data) * 3 // 4],
        b"\n".join([*lines[:3], lines[min(3, len(lines) - 1)] * 2, *lines[3:]]),
        b"\n".join(line[::2] if i == len(lines) // 2 else line for i, line in enumerate(lines)),
    ]


@pytest.mark.parametrize("path", _table_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_input_file_breaks_a_reader(tmp_path, path):
    """Every table file of the tests and examples, and broken copies of it, is read or refused
    with the tool's own message: never a reader bug ("lỗi không mong đợi")."""
    from compliance.errors import InputError
    from compliance.inputs.fields import LETTER_FIELDS

    for i, data in enumerate([path.read_bytes(), *_mutations(path.read_bytes())]):
        copy = tmp_path / f"{i}{path.suffix}"
        copy.write_bytes(data)
        for specs in (CASE_FIELDS, LETTER_FIELDS):
            try:
                read_table(copy, specs)
            except InputError as exc:
                assert "lỗi không mong đợi" not in exc.message, (path.name, i, exc.message)


@pytest.mark.parametrize(
    ("legacy", "expected"),
    [
        ("NguyÔn ThÞ Hoµi", "Nguyễn Thị Hoài"),  # TCVN3 (.VnTime)
        ("Nguyeãn Thò Hoaøi", "Nguyễn Thị Hoài"),  # VNI
    ],
)
def test_an_html_export_in_an_old_font_is_still_converted(ws, legacy, expected):
    """8-bit HTML with no charset: read as Windows-1252 when its text is in an old font, so
    the legacy converter sees the font's letters (Windows-1258 would turn some into tones)."""
    from compliance.inputs.cases import load_cases

    html = (
        "<html><body><table><tr><td>Ma ho so</td><td>Don vi</td><td>Chu ho so</td>"
        "<td>Ngay tiep nhan</td><td>Ngay hen tra</td></tr>"
        + "".join(
            f"<tr><td>000.00.01.H16-261020-000{i}</td><td>So A</td><td>{legacy}</td>"
            "<td>20/10/2026</td><td>27/10/2026</td></tr>"
            for i in range(1, 4)
        )
        + "</table></body></html>"
    )
    (ws.root / "cases.xls").write_bytes(html.encode("cp1252"))
    ws.config_text = ws.config_text.replace('cases: ["cases.csv"]', 'cases: ["cases.xls"]')
    assert load_cases(ws.load()).frame["applicant"].tolist() == [expected] * 3


def test_a_unit_or_procedure_that_looks_like_a_footer_word_keeps_its_rows(ws):
    from compliance.inputs.cases import load_cases

    ws.cases([
        list(CASE_ROW),
        [CASE_ROW[0][:-1] + "2", "Sở A", "Lê Văn B", "", "20/10/2026", "27/10/2026", "", ""],
        [CASE_ROW[0][:-1] + "3", "Kỳ Văn", "Lê Văn C", "", "", "", "", ""],  # a commune named Kỳ …
        [CASE_ROW[0][:-1] + "4", "Q. 1", "Lê Văn D", "", "", "", "", ""],
    ])  # fmt: skip
    loaded = load_cases(ws.load())
    assert loaded.skipped == 0
    assert loaded.rejects["code"].tolist() == ["missing_received_at", "missing_received_at"]
