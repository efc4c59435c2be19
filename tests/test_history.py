"""The run history: every run recorded in one transaction, the latest run of each period used,
repeat offenders and per-period figures exactly as the runs' own outputs give them."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.calendar.periods import parse_period
from compliance.cli import main
from compliance.config import load_config
from compliance.errors import ConfigError
from compliance.history.query import RepeatRule, latest_runs, repeat_offenders, unit_periods
from compliance.history.report import read_history, render, repeat_rule
from compliance.history.store import SCHEMA_VERSION, connect, file_sha256
from compliance.pipeline import run_period

ROOT = Path(__file__).resolve().parent.parent
#: the bundled example's months; 2020-05 is run twice (a re-run replaces the first)
PERIODS = ["2020-04", "2020-05", "2020-06", "2020-05"]


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """Four runs of the bundled example into one output folder, and their summaries."""
    out = tmp_path_factory.mktemp("out")
    config = load_config(ROOT / "config.yaml")
    for label in PERIODS:
        run_period(config, parse_period(label), out_dir=out, web=False, render=False)
    summaries = {
        label: json.loads((out / label / "summary.json").read_text(encoding="utf-8"))
        for label in dict.fromkeys(PERIODS)
    }
    return out / "history.sqlite", summaries, out


def rows(path: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, params).fetchall()


def test_every_run_is_recorded_and_a_rerun_replaces_its_period(history):
    path, _, _ = history
    assert rows(path, "SELECT run_id, period_label FROM runs ORDER BY run_id") == [
        (1, "2020-04"), (2, "2020-05"), (3, "2020-06"), (4, "2020-05"),
    ]  # fmt: skip
    with connect(path) as conn:
        latest = latest_runs(conn)
    assert list(latest["period_label"]) == ["2020-04", "2020-05", "2020-06"]
    assert list(latest["run_id"]) == [1, 4, 3]
    assert rows(path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert rows(path, "PRAGMA journal_mode") == [("wal",)]


def test_a_run_records_its_inputs_with_their_sha256(history):
    path, _, _ = history
    recorded = rows(
        path, "SELECT role, path, sha256 FROM run_inputs WHERE run_id = 4 ORDER BY path"
    )
    files = {p: role for role, p, _ in recorded}
    assert files == {
        "examples/data/ho-so-2020-05.xlsx": "cases",
        "examples/data/ho-so-xa-ea-tu.csv": "cases",
        "examples/data/so-xin-loi.csv": "letters",
        "examples/data/mien-tru.csv": "exemptions",
    }
    for _, shown, digest in recorded:
        assert digest == file_sha256(ROOT / shown)
    (version, config_hash), = rows(path, "SELECT tool_version, config_sha256 FROM runs WHERE run_id = 4")  # fmt: skip
    assert version and len(config_hash) == 64


def test_unit_counts_are_summary_json_s(history):
    path, summaries, _ = history
    for run_id, label in [(1, "2020-04"), (4, "2020-05"), (3, "2020-06")]:
        for unit in summaries[label]["by_unit"]:
            c = unit["counts"]
            (recorded,) = rows(
                path,
                "SELECT received, resolved, resolved_late, pending_overdue, flagged, flag_reasons,"
                " resolved_late__apology_issued, pending_overdue__posted_at_desk"
                " FROM unit_counts WHERE run_id = ? AND unit_id = ?",
                run_id,
                unit["unit_id"],
            )
            assert recorded == (
                c["received"], c["resolved"], c["resolved_late"], c["pending_overdue"],
                int(unit["flagged"]), ";".join(unit["flag_reasons"]),
                c["compliance"]["resolved_late"]["apology_issued"],
                c["compliance"]["pending_overdue"]["posted_at_desk"],
            )  # fmt: skip


def test_findings_and_followups_are_the_csv_files(history):
    path, _, out = history
    for run_id, label in [(4, "2020-05"), (3, "2020-06")]:
        with (out / label / "findings.csv").open(encoding="utf-8-sig", newline="") as fh:
            csv_rows = [(r["case_id"], r["gaps"], r["apology"]) for r in csv.DictReader(fh)]
        recorded = rows(
            path,
            "SELECT case_id, gaps, apology FROM findings WHERE run_id = ? ORDER BY rowid",
            run_id,
        )
        assert recorded == csv_rows and csv_rows
        with (out / label / "followup.csv").open(encoding="utf-8-sig", newline="") as fh:
            followups = [(r["unit_id"], r["reasons"], r["cases"]) for r in csv.DictReader(fh)]
        assert (
            rows(
                path,
                "SELECT unit_id, reasons, cases FROM followups WHERE run_id = ? ORDER BY rowid",
                run_id,
            )
            == followups
        )


def test_per_period_rates_are_exact(history):
    path, _, _ = history
    with connect(path) as conn:
        periods = unit_periods(conn, latest_runs(conn), "so-tnmt")
    assert list(periods["period_label"]) == ["2020-04", "2020-05", "2020-06"]
    may = periods.set_index("period_label").loc["2020-05"]
    assert (may["resolved"], may["resolved_late"], may["late_rate"]) == (5, 2, 0.4)
    assert (may["overdue_cases"], may["apology_issued"]) == (3, 2)
    assert may["apology_rate"] == pytest.approx(2 / 3)
    april = periods.set_index("period_label").loc["2020-04"]
    assert april["late_rate"] is None and april["apology_rate"] is None  # nothing to divide


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (RepeatRule(2, 6), [("so-tnmt", 2, 4), ("ubnd-tp-bmt", 2, 4), ("nhnn-daklak", 2, 3),
                            ("ubnd-xa-ea-tu", 2, 3)]),
        (RepeatRule(3, 6), []),
        (RepeatRule(1, 1), [("ubnd-tp-bmt", 1, 2), ("nhnn-daklak", 1, 1), ("so-tnmt", 1, 1),
                            ("ubnd-xa-ea-tu", 1, 1)]),
    ],
)  # fmt: skip
def test_repeat_offenders_worst_first(history, rule, expected):
    path, _, _ = history
    with connect(path) as conn:
        periods = unit_periods(conn, latest_runs(conn))
    found = repeat_offenders(periods, rule)
    assert (
        list(zip(found["unit_id"], found["flagged_periods"], found["overdue_cases"], strict=True))
        == expected
    )


def test_history_command_in_every_format(history):
    path, _, _ = history
    runner = CliRunner()
    table = runner.invoke(main, ["history", "--history", str(path), "--repeat", "2/6"])
    assert table.exit_code == 0, table.output
    assert "Lịch sử kiểm tra: 3 kỳ (2020-04, 2020-05, 2020-06)" in table.output
    assert (
        "1. Sở Tài nguyên và Môi trường tỉnh Đắk Lắk (so-tnmt): 2 kỳ (2020-05, 2020-06), "
        "4 hồ sơ quá hạn" in table.output
    )
    assert (
        "2020-05: quá hạn 2/5 hồ sơ đã giải quyết (40,00%); xin lỗi 2/3 (66,67%); bị nêu: "
        "Chưa có văn bản xin lỗi: 01 hồ sơ" in table.output
    )
    as_json = json.loads(
        runner.invoke(
            main, ["history", "--history", str(path), "--format", "json", "--last", "2"]
        ).output
    )
    assert as_json["periods"] == ["2020-05", "2020-06"]
    assert {u["period_label"] for u in as_json["units"]} == {"2020-05", "2020-06"}
    as_csv = runner.invoke(
        main, ["history", "--history", str(path), "--format", "csv", "--unit", "so-tnmt"]
    )
    lines = as_csv.output.splitlines()
    assert lines[0].startswith("unit_id,unit_name,level,period_label") and len(lines) == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "khong-co"], "đơn vị 'khong-co' không có trong lịch sử"),
        (["--repeat", "7/6"], "--repeat '7/6' không hợp lệ"),
    ],
)
def test_history_usage_errors(history, args, message):
    path, _, _ = history
    result = CliRunner().invoke(main, ["history", "--history", str(path), *args])
    assert result.exit_code == 2 and message in result.output


def test_no_history_yet_is_a_plain_message(tmp_path):
    result = CliRunner().invoke(main, ["history", "--history", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 2
    assert "chưa có lịch sử kiểm tra" in result.output and "Traceback" not in result.output


def test_no_history_and_a_history_path(tmp_path):
    config = load_config(ROOT / "config.yaml")
    run_period(config, parse_period("2020-05"), out_dir=tmp_path / "a", web=False, render=False,
               history=False)  # fmt: skip
    assert not (tmp_path / "a" / "history.sqlite").exists()
    kept = tmp_path / "kept" / "h.sqlite"
    run_period(config, parse_period("2020-05"), out_dir=tmp_path / "b", web=False, render=False,
               history=kept)  # fmt: skip
    assert rows(kept, "SELECT period_label FROM runs") == [("2020-05",)]
    assert not (tmp_path / "b" / "history.sqlite").exists()


def test_outputs_history_in_config(tmp_path):
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    text = text.replace("outputs:\n", "outputs:\n  history: lich-su/chung.sqlite\n", 1)
    text = text.replace("examples/", str(ROOT / "examples") + "/")
    (tmp_path / "config.yaml").write_text(text, encoding="utf-8")
    config = load_config(tmp_path / "config.yaml")
    run_period(config, parse_period("2020-05"), out_dir=tmp_path / "out", web=False, render=False)
    assert rows(tmp_path / "lich-su" / "chung.sqlite", "SELECT COUNT(*) FROM runs") == [(1,)]


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "h.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(ConfigError, match="mới hơn"), connect(path):
        pass


def test_a_file_that_is_no_database_is_a_config_error(tmp_path):
    path = tmp_path / "h.sqlite"
    path.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    with pytest.raises(ConfigError, match="không phải cơ sở dữ liệu lịch sử"), connect(path):
        pass


#: a run killed while it writes its record: the process stops inside the transaction
_KILLED = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from compliance.calendar.periods import parse_period
    from compliance.config import load_config
    from compliance.history import store
    from compliance.pipeline import run_period

    def stall(conn, table, run_id, frame):
        real(conn, table, run_id, frame)
        if table == "findings":
            print("ready", flush=True)  # runs, unit_counts and findings written, not committed
            time.sleep(60)

    real, store._insert_frame = store._insert_frame, stall
    config = load_config(Path(sys.argv[1]))
    run_period(config, parse_period("2020-06"), out_dir=Path(sys.argv[2]), web=False, render=False)
    """
)


def test_a_run_killed_while_recording_leaves_the_history_as_it_was(history, tmp_path):
    source, _, _ = history
    path = tmp_path / "history.sqlite"
    path.write_bytes(source.read_bytes())
    before = rows(path, "SELECT COUNT(*) FROM runs"), rows(path, "SELECT COUNT(*) FROM findings")
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED, str(ROOT / "config.yaml"), str(tmp_path)],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    finally:
        child.kill()
        child.wait()
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]
    after = rows(path, "SELECT COUNT(*) FROM runs"), rows(path, "SELECT COUNT(*) FROM findings")
    assert after == before
    assert rows(
        path, "SELECT COUNT(*) FROM unit_counts WHERE run_id NOT IN (SELECT run_id FROM runs)"
    ) == [(0,)]


def test_render_table_with_no_period(tmp_path):
    path = tmp_path / "h.sqlite"
    with connect(path):
        pass
    assert "chưa có kỳ nào" in render(read_history(path), "table")


@pytest.mark.parametrize(
    ("text", "expected"), [("3/6", RepeatRule(3, 6)), ("1/1", RepeatRule(1, 1))]
)
def test_repeat_rule(text, expected):
    assert repeat_rule(text) == expected


@pytest.fixture(scope="module")
def heeded(tmp_path_factory):
    """May and June 2020 with the website check (archived pages): June checks May's follow-ups."""
    out = tmp_path_factory.mktemp("heeded")
    config = load_config(ROOT / "config.yaml")
    for label in ("2020-05", "2020-06"):
        run_period(config, parse_period(label), out_dir=out, offline=True, render=False)
    return out


def test_last_period_s_follow_ups_are_checked_again(heeded):
    summary = json.loads((heeded / "2020-06" / "summary.json").read_text(encoding="utf-8"))
    may = json.loads((heeded / "2020-05" / "summary.json").read_text(encoding="utf-8"))
    assert may["followup_heeded"] is None  # no earlier period in the history
    h = summary["followup_heeded"]
    assert (h["period"], h["web_checked"], h["cases_listed"], h["resolved_since"], h["still_open"]) == (
        "2020-05", True, 7, 1, 6,
    )  # fmt: skip
    by_unit = {u["unit_id"]: u for u in h["units"]}
    # 200424-0002: a letter, posted at the desk on 05/05/2020, found in a PDF on the unit's site
    assert by_unit["so-tnmt"] == {
        "unit_id": "so-tnmt", "unit_name": "Sở Tài nguyên và Môi trường tỉnh Đắk Lắk",
        "cases_listed": 2, "resolved_since": 1, "still_open": ["000.00.21.H16-200427-0005"],
    }  # fmt: skip
    # 200422-0007: a letter, never posted at the desk: still open
    assert by_unit["nhnn-daklak"]["still_open"] == ["000.00.20.H16-200422-0007"]
    with (heeded / "2020-05" / "followup.csv").open(encoding="utf-8-sig", newline="") as fh:
        listed = [c for row in csv.DictReader(fh) for c in row["cases"].split(";")]
    assert sorted(c for u in h["units"] for c in u["still_open"]) == sorted(
        c for c in listed if c != "000.00.21.H16-200424-0002"
    )
    recorded = rows(
        heeded / "history.sqlite",
        "SELECT case_id, apology, posted, published, resolved FROM followups_heeded"
        " WHERE unit_id = 'nhnn-daklak'",
    )
    assert recorded == [("000.00.20.H16-200422-0007", 1, 0, 0, 0)]
    table = CliRunner().invoke(main, ["history", "--history", str(heeded / "history.sqlite")])
    assert "2020-06 (đôn đốc kỳ 2020-05): 7 hồ sơ được nêu, đã khắc phục 1, còn 6" in table.output


def test_a_version_1_history_is_migrated(tmp_path):
    from compliance.history.store import MIGRATIONS

    path = tmp_path / "h.sqlite"
    with sqlite3.connect(path) as conn:
        for statement in MIGRATIONS[1]():
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
    with connect(path):
        pass
    assert rows(path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert rows(path, "SELECT COUNT(*) FROM followups_heeded") == [(0,)]


def test_an_unchanged_input_is_not_hashed_again(tmp_path, monkeypatch):
    import shutil

    from compliance.history import store

    data = tmp_path / "examples" / "data"
    shutil.copytree(ROOT / "examples" / "data", data)
    (tmp_path / "config.yaml").write_text(
        (ROOT / "config.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    config = load_config(tmp_path / "config.yaml")
    hashed: list[Path] = []
    real = store.file_sha256
    monkeypatch.setattr(store, "file_sha256", lambda p: hashed.append(p) or real(p))

    def run() -> None:
        run_period(
            config, parse_period("2020-05"), out_dir=tmp_path / "out", web=False, render=False
        )

    run()
    assert len(hashed) == 4  # two case files, the register, the exemptions
    hashed.clear()
    run()
    assert hashed == []  # same place, size and modification time: the recorded digest
    letters = data / "so-xin-loi.csv"
    letters.write_bytes(letters.read_bytes() + b"\n")
    run()
    assert hashed == [letters]
    digests = rows(
        tmp_path / "out" / "history.sqlite",
        "SELECT DISTINCT sha256 FROM run_inputs WHERE path = 'examples/data/so-xin-loi.csv'",
    )
    assert len(digests) == 2 and (file_sha256(letters),) in digests
