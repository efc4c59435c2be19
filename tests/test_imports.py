"""What a run imports: a ``--no-web`` run never loads the website checker's libraries, and the
analysis loads no report, letter, spreadsheet-reading or fuzzy-matching library it does not use
(each costs start-up time on every run). Checked in fresh processes, not timed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: the website checker's stack: only ``run`` without ``--no-web`` and ``site-test`` need it
WEB = ("requests", "requests_cache", "urllib3", "bs4", "protego", "pypdf", "tqdm", "compliance.web")
#: report and letter writers: only rendering needs them
RENDER = ("jinja2", "xlsxwriter", "docx", "docxtpl", "lxml")
#: spreadsheet readers: only XLSX/XLS inputs need them
SHEETS = ("openpyxl", "python_calamine", "xlrd")
#: fuzzy name matching: only letters that match no case code need it
FUZZY = ("rapidfuzz",)


def _python(args: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """A fresh interpreter with ``args``, its output as text."""
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
        timeout=300, check=False,
    )  # fmt: skip


def _loaded_after(code: str, cwd: Path = ROOT) -> set[str]:
    """The watched modules in ``sys.modules`` after ``code`` ran in a fresh interpreter."""
    watched = WEB + RENDER + SHEETS + FUZZY
    report = f"import sys\nprint(' '.join(m for m in {watched!r} if m in sys.modules))"
    done = _python(["-c", f"{code}\n{report}"], cwd)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


CASES = [
    ["000.00.01.H16-200420-0001", "Sở A", "Nguyễn Văn An", "Trực tiếp",
     "20/04/2020 08:00:00", "24/04/2020 17:00:00", "23/04/2020 10:00:00", "Đã trả kết quả"],
    ["000.31.01.H16-200421-0001", "UBND xã Ea B’lang", "Lê Thị Hà", "Trực tuyến",
     "21/04/2020 09:00:00", "24/04/2020 17:00:00", "28/04/2020 10:00:00", "Đã trả kết quả"],
]  # fmt: skip
LETTERS = [
    ["000.31.01.H16-200421-0001", "12/PXL", "Lê Thị Hà", "23/04/2020", "UBND xã Ea B’lang",
     "30/04/2020", "23/04/2020"],
]  # fmt: skip


def _month(ws) -> Path:
    """A CSV-only month: two cases, one of them late with its apology letter (matched by code)."""
    ws.cases(CASES)
    ws.letters(LETTERS)
    return ws.config()


def test_importing_the_program_loads_none_of_the_optional_stacks():
    loaded = _loaded_after("import compliance.cli, compliance.config, compliance.pipeline")
    assert loaded == set()


def test_the_analysis_of_a_csv_month_without_web_loads_none_of_them(ws, tmp_path):
    config = _month(ws)
    code = (
        "from compliance.config import load_config\n"
        "from compliance.calendar.periods import parse_period\n"
        "from compliance.pipeline import run_period\n"
        f"config = load_config({str(config)!r})\n"
        "result = run_period(config, parse_period('2020-05', config.period.cutoff_day),\n"
        f"                    out_dir={str(tmp_path / 'out')!r}, web=False, render=False)\n"
        "assert len(result.findings) == 1, result.findings\n"
    )
    assert _loaded_after(code) == set()


def test_a_no_web_run_renders_everything_without_the_web_stack(ws, tmp_path):
    config = _month(ws)
    done = _python(["-X", "importtime", "-m", "compliance", "--config", str(config), "run",
                    "--period", "2020-05", "--no-web", "--out", str(tmp_path / "out")])  # fmt: skip
    assert done.returncode == 0, done.stderr
    # -X importtime names every module imported, by this process or a forked one
    imported = {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert {"xlsxwriter", "docxtpl", "jinja2"} <= imported  # the reports and letters were written
    assert (tmp_path / "out" / "2020-05" / "report.xlsx").is_file()
    assert not imported & set(WEB + SHEETS + FUZZY)
