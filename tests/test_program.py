"""The installed program as users start it (``python -m compliance``), in its own process.

The program leaves without the interpreter's teardown (``cli.entry``): what it printed must
still all arrive, outputs must be complete, and exit codes must be those of the contract.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def program(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "compliance", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def test_run_prints_everything_and_writes_every_output(tmp_path):
    done = program("run", "--period", "2020-05", "--no-web", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "Hồ sơ tiếp nhận trong kỳ: 19" in done.stdout
    assert done.stdout.rstrip().endswith(f"Kết quả: {tmp_path / '2020-05'}")
    folder = tmp_path / "2020-05"
    for name in ("findings.csv", "summary.json", "resolution_table.csv", "rejects.csv",
                 "followup.csv", "report.html", "report.xlsx", "letters/index.csv"):  # fmt: skip
        assert (folder / name).stat().st_size > 0, name
    assert not list(folder.rglob("*.tmp")), "a temporary file was left behind"


def test_fail_on_gaps_exits_1(tmp_path):
    done = program(
        "run", "--period", "2020-05", "--no-web", "--out", str(tmp_path), "--fail-on-gaps"
    )
    assert done.returncode == 1


def test_errors_exit_with_the_contract_codes_and_a_plain_message(tmp_path):
    bad = tmp_path / "config.yaml"
    bad.write_text("organisation: [\n", encoding="utf-8")
    done = program("--config", str(bad), "validate")
    assert done.returncode == 2
    assert "sai cú pháp YAML" in done.stderr and "Traceback" not in done.stderr

    done = program("run", "--period", "2020-13")
    assert done.returncode == 2 and "Lỗi:" in done.stderr


def test_help_and_version():
    done = program("--help")
    assert done.returncode == 0 and "run" in done.stdout and "validate" in done.stdout
    done = program("--version")
    assert done.returncode == 0 and done.stdout.startswith("compliance, version ")
