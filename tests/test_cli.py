"""The command line: exit codes, one plain message per problem, no traceback without --debug."""

import json

import pytest
from click.testing import CliRunner

from compliance import codes
from compliance.cli import main

ROW = [
    "000.00.01.H16-200420-0001",
    "Sở A",
    "Nguyễn Văn An",
    "Trực tiếp",
    "20/04/2020 08:00",
    "24/04/2020",
    "28/04/2020 10:00",
    "",
]


def invoke(ws, *args):
    result = CliRunner().invoke(main, ["--config", str(ws.root / "config.yaml"), *args])
    return result.exit_code, result.output + (
        result.stderr if result.stderr_bytes is not None else ""
    )


def test_help_lists_the_commands():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("run", "validate"):
        assert command in result.output


def test_run_writes_outputs_and_prints_a_summary(ws):
    ws.config()
    ws.cases([ROW])
    code, out = invoke(ws, "run", "--period", "2020-05", "--no-web")
    assert code == 0, out
    folder = ws.root / "out" / "2020-05"
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["totals"]["resolved_late"] == 1
    assert "Kỳ 2020-05: từ ngày 15/04/2020 đến ngày 14/05/2020" in out


def test_adhoc_period_and_out_dir(ws, tmp_path):
    ws.config()
    ws.cases([ROW])
    code, out = invoke(
        ws,
        "run",
        "--from",
        "2020-04-01",
        "--to",
        "30/04/2020",
        "--no-web",
        "--out",
        str(tmp_path / "o"),
    )
    assert code == 0, out
    assert (tmp_path / "o" / "2020-04-01_2020-04-30" / "findings.csv").exists()


def test_fail_on_gaps_exits_1(ws):
    ws.config()
    ws.cases([ROW])
    code, _ = invoke(ws, "run", "--period", "2020-05", "--no-web", "--fail-on-gaps")
    assert code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run"], "chưa chọn kỳ báo cáo"),
        (["run", "--period", "2020-13"], "--period '2020-13'"),
        (["run", "--period", "2020-05", "--from", "2020-05-01"], "không dùng cùng nhau"),
        (["run", "--from", "2020-05-01"], "cần cả --from và --to"),
        (["run", "--period", "2020-05", "--as-of", "32/05/2020"], "--as-of"),
    ],
)
def test_bad_usage_exits_2(ws, args, message):
    ws.config()
    ws.cases([ROW])
    code, out = invoke(ws, *args)
    assert code == 2
    assert message in out
    assert "Traceback" not in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            "rules:\n  apology_lead_working_dayz: 1\n",
            "rules.apology_lead_working_dayz: khóa không được hỗ trợ",
        ),
        ("web:\n  timeout_s: -1\n", "web.timeout_s"),
        (
            "period:\n  cutoff_day: 40\n",
            "period.cutoff_day: giá trị 40 không hợp lệ: phải nhỏ hơn hoặc bằng 28",
        ),
        (
            "web:\n  respect_robots: maybe\n",
            "web.respect_robots: giá trị 'maybe' không hợp lệ: phải là true hoặc false",
        ),
    ],
)
def test_config_typos_name_the_key_path(ws, extra, message):
    ws.config(extra)
    ws.cases([ROW])
    code, out = invoke(ws, "run", "--period", "2020-05", "--no-web")
    assert code == 2
    assert message in out


def test_unknown_key_inside_a_unit_names_its_index(ws):
    ws.config(
        text=ws.config_text.replace(
            '    code: "000.31.01.H16"',
            '    code: "000.31.01.H16"\n    website:\n      urls: ["a.html"]\n      nxt: "a"',
        )
    )
    code, out = invoke(ws, "validate")
    assert code == 2
    assert "units[1].website.nxt: khóa không được hỗ trợ" in out


def test_missing_config_and_yaml_errors(ws):
    code, out = invoke(ws, "run", "--period", "2020-05")
    assert code == 2 and "không tìm thấy tệp cấu hình" in out
    (ws.root / "config.yaml").write_text("inputs:\n\tcases: [a]\n", encoding="utf-8")
    code, out = invoke(ws, "run", "--period", "2020-05")
    assert code == 2 and "sai cú pháp YAML" in out and "dòng 2" in out


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("glob", "không khớp với tệp nào"),
        ("empty", "tệp rỗng"),
        ("not_a_table", "không phải tệp bảng tính"),
        ("missing_columns", "thiếu cột bắt buộc"),
        ("all_rows_bad", "cả 2 dòng đều bị loại"),
    ],
)
def test_unusable_inputs_exit_3(ws, setup, message):
    ws.config()
    if setup == "glob":
        ws.config(
            text=ws.config_text.replace('cases: ["cases.csv"]', 'cases: ["data/ho-so-*.xlsx"]')
        )
    elif setup == "empty":
        (ws.root / "cases.csv").write_bytes(b"")
    elif setup == "not_a_table":
        (ws.root / "cases.csv").write_bytes(b"%PDF-1.4\x00\x00\x00 binary")
    elif setup == "missing_columns":
        ws.cases([["X-200420-0001", "Sở A"]], header=["Mã hồ sơ", "Đơn vị"])
    else:
        ws.cases([[*ROW[:4], "31/02/2020", *ROW[5:]], ["", *ROW[1:]]])
    code, out = invoke(ws, "run", "--period", "2020-05", "--no-web")
    assert code == 3, out
    assert message in out
    assert "Cách khắc phục:" in out
    assert "Traceback" not in out


def test_debug_shows_the_traceback(ws):
    ws.config()
    (ws.root / "cases.csv").write_bytes(b"")
    result = CliRunner().invoke(
        main, ["--config", str(ws.root / "config.yaml"), "--debug", "run", "--period", "2020-05"]
    )
    assert result.exit_code != 0
    assert result.exception is not None and "tệp rỗng" in str(result.exception)


@pytest.mark.parametrize(
    ("row", "code", "text"),
    [
        ([*ROW[:4], "31/02/2020", *ROW[5:]], "bad_received_at", "'31/02/2020'"),
        ([*ROW[:4], "", *ROW[5:]], "missing_received_at", "thiếu 'Ngày tiếp nhận'"),
        ([*ROW[:5], "hôm sau", *ROW[6:]], "misplaced_due_at", "'hôm sau' (không phải ngày)"),
        ([*ROW[:6], "19/04/2020", ""], "result_before_receipt", "trước ngày tiếp nhận"),
        (
            [*ROW[:5], "19/04/2020", *ROW[6:]],
            "due_before_receipt",
            "ngày hẹn trả 19/04/2020 trước ngày tiếp nhận 20/04/2020",
        ),
        ([*ROW[:5], "", *ROW[6:]], "missing_due_at", "thiếu 'Ngày hẹn trả'"),
        (["", *ROW[1:]], "missing_case_id", "thiếu mã hồ sơ"),
        ([*ROW[:7], "Rút hồ sơ"], "excluded_status", "Rút hồ sơ"),
        (["999.99.99.H16-200420-0001", "", *ROW[2:]], "unknown_unit", "không xác định được đơn vị"),
    ],
)
def test_each_bad_row_is_rejected_with_its_reason(ws, row, code, text):
    ws.config()
    good = ["000.00.01.H16-200421-0009", *ROW[1:]]
    ws.cases([good, row])
    exit_code, out = invoke(ws, "run", "--period", "2020-05", "--no-web")
    assert exit_code == 0, out
    import csv

    with (ws.root / "out" / "2020-05" / "rejects.csv").open(encoding="utf-8-sig") as fh:
        rejects = list(csv.DictReader(fh))
    assert [(r["file"], r["row"], r["code"]) for r in rejects] == [("cases.csv", "3", code)]
    assert text in rejects[0]["reason"]
    assert codes.get("reject", code) is not None  # every reject code is catalogued


def test_a_result_earlier_on_the_day_of_receipt_is_not_before_it(ws):
    ws.config()
    ws.cases([[*ROW[:6], "20/04/2020 07:30", ""]])  # received 20/04 08:00: days are compared
    exit_code, out = invoke(ws, "run", "--period", "2020-05", "--no-web")
    assert exit_code == 0, out
    rejects = (ws.root / "out" / "2020-05" / "rejects.csv").read_text(encoding="utf-8-sig")
    assert rejects.strip().count("\n") == 0, rejects  # the header only


def test_unit_found_from_the_case_code_prefix(ws):
    ws.config()
    ws.cases([["000.31.01.H16-200420-0001", "", *ROW[2:]]])
    code, out = invoke(ws, "run", "--period", "2020-05", "--no-web")
    assert code == 0, out
    summary = json.loads((ws.root / "out" / "2020-05" / "summary.json").read_text(encoding="utf-8"))
    assert summary["by_level"]["commune"]["resolved_late"] == 1


def test_validate_lists_problems_and_exits_0_when_a_run_is_possible(ws):
    ws.config()
    ws.cases([ROW, [*ROW[:4], "31/02/2020", *ROW[5:]]])
    code, out = invoke(ws, "validate", "--period", "2020-05")
    assert code == 0
    assert "cases.csv, dòng 3 [000.00.01.H16-200420-0001]" in out
    assert "'31/02/2020'" in out
    assert "Có thể chạy kiểm tra." in out


def test_validate_exits_3_on_unreadable_inputs(ws):
    ws.config()
    (ws.root / "cases.csv").write_bytes(b"")
    code, out = invoke(ws, "validate")
    assert code == 3
    assert "tệp rỗng" in out


def test_validate_names_every_unreadable_file(ws):
    ws.config()
    (ws.root / "cases.csv").write_bytes(b"")
    (ws.root / "letters.csv").write_bytes(b"\x00\x01\x02 not a table")
    code, out = invoke(ws, "validate")
    assert code == 3
    assert "cases.csv: tệp rỗng" in out
    assert "letters.csv: không phải tệp bảng tính" in out


def test_draft_writes_letters_for_the_named_cases(ws, tmp_path):
    ws.config()
    ws.cases([ROW])
    code, out = invoke(
        ws,
        "draft",
        "--period",
        "2020-05",
        "--case",
        " 000.00.01.h16-200420-0001 ",
        "--out",
        str(tmp_path / "d"),
    )
    assert code == 0, out
    letter = tmp_path / "d" / "2020-05" / "letters" / "so-a" / "000.00.01.H16-200420-0001.docx"
    assert letter.exists()
    assert str(letter) in out
    code, out = invoke(
        ws, "draft", "--period", "2020-05", "--case", "KHONG-CO", "--out", str(tmp_path / "d")
    )
    assert code == 2 and "KHONG-CO" in out


@pytest.mark.parametrize(
    ("config", "option", "form"),
    [("", [], "mau-04-2025"),  # auto: letters dated today, after 15/9/2025
     ("", ["--form", "2018"], "mau-04-2018"),
     ("letters:\n  form: 2018\n", [], "mau-04-2018"),
     ("letters:\n  form: 2018\n", ["--form", "auto"], "mau-04-2025")],
)  # fmt: skip
def test_draft_and_run_take_the_apology_form(ws, tmp_path, config, option, form):
    ws.config(config)
    ws.cases([ROW])
    out = tmp_path / "d"
    code, text = invoke(
        ws, "draft", "--period", "2020-05", "--case", ROW[0], "--out", str(out), *option
    )
    assert code == 0, text
    index = (out / "2020-05" / "letters" / "index.csv").read_text(encoding="utf-8-sig")
    assert f",{form}," in index
    code, text = invoke(ws, "run", "--period", "2020-05", "--no-web", "--out", str(out), *option)
    assert code == 0, text
    index = (out / "2020-05" / "letters" / "index.csv").read_text(encoding="utf-8-sig")
    assert f",{form}," in index


def test_every_command_is_documented_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    names = []
    for name, command in main.commands.items():
        sub = getattr(command, "commands", None)
        names += [f"compliance {name} {s}" for s in sub] if sub else [f"compliance {name}"]
    for name in names:
        assert f"`{name}" in readme, f"{name} is not documented in README.md"


def test_paused_cases_are_counted_but_stopped_ones_are_not(ws):
    ws.config()
    ws.cases([[*ROW[:7], "Tạm dừng xử lý"], ["000.00.01.H16-200420-0002", *ROW[1:7], "Dừng xử lý"]])
    code, out = invoke(ws, "run", "--period", "2020-05", "--no-web")
    assert code == 0, out
    summary = json.loads((ws.root / "out" / "2020-05" / "summary.json").read_text(encoding="utf-8"))
    assert summary["totals"]["resolved"] == 1


def test_legacy_tcvn3_unit_names_are_converted(ws):
    ws.config()
    # "UBND xã Ea B'lang" typed in the .VnTime font (TCVN3) by an old spreadsheet
    ws.cases([["000.00.01.H16-200420-0001", "UBND x· Ea B'lang", *ROW[2:]]])
    code, out = invoke(ws, "run", "--period", "2020-05", "--no-web")
    assert code == 0, out
    summary = json.loads((ws.root / "out" / "2020-05" / "summary.json").read_text(encoding="utf-8"))
    assert summary["by_level"]["commune"]["resolved_late"] == 1
    assert not summary["warnings"]["unknown_units"]


def test_as_of_before_the_period_is_refused(ws):
    ws.config()
    ws.cases([ROW])
    code, out = invoke(ws, "run", "--period", "2020-05", "--as-of", "2020-04-01", "--no-web")
    assert code == 2 and "trước ngày đầu kỳ" in out
