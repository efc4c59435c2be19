"""Performance benchmark of ``compliance run`` against the time it takes just to read the data.

    python benchmarks/bench_run.py [--cases 1000000] [--real-cases 1000000] [--xlsx-cases 250000]
                                   [--repeat 5] [--workdir /tmp/compliance-bench]

1. Generates, if not there yet, with ``benchmarks/generate.py`` (period 2020-05):
   the *basic* month (one CSV of ``--cases`` cases, ``dd/mm/yyyy`` dates, 0.1 % late), the
   *real* month (``--shape real``: four CSV files of ``--real-cases`` cases in all, ISO
   date-times with ``+07:00``, distinct applicant names, 0.5 % late) and an XLSX month.
2. Measures, for each CSV month, in ``--repeat`` interleaved rounds (so that a busy moment of a
   shared machine weighs on every measurement alike):

   (a2) a whole Python process that reads the same files with pandas + pyarrow
        (``pd.read_csv(f, engine="pyarrow")``, concatenated when there are several): the target's
        yardstick, start-up and ``import pandas`` included;
   (b)  the whole ``compliance --config DIR/config.yaml run --period 2020-05 --no-web --out
        DIR/out`` process: wall time, and peak memory from ``/usr/bin/time -v`` (else
        ``getrusage(RUSAGE_CHILDREN)``);
   (a)  the same read in this process, and (d) the core of the run in this process (read,
        classify, match, findings, summary, tables, rejects; no report, no Word drafts), to
        see where the time goes;

   and once per round (e), a process that only imports what a run imports (the floor under
   (b)). The XLSX month's run (c) is taken ``--repeat`` times after the rounds.
3. Prints a Markdown block for docs/performance.md: machine (CPU model, cores, RAM), date, and
   per month the best and the median of each measurement, the ratio (b)/(a2) and PASS/FAIL for
   the targets: (b)/(a2) ≤ 4, peak memory < 2048 MB, XLSX run < 30 s.

Exit status: 0 when every run completed (whatever the targets say; with --fail-on-targets, 1
when a target is missed), 1 when a run failed (its stderr is printed), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402  (benchmarks/ is not a package)

RATIO_MAX = 4.0
PEAK_MB_MAX = 2048.0
XLSX_S_MAX = 30.0
TIME_BIN = "/usr/bin/time"


@dataclass
class RunResult:
    """One measured subprocess run."""

    label: str
    ok: bool
    wall_s: float
    peak_mb: float | None
    peak_source: str
    returncode: int
    stderr: str


@dataclass
class Month:
    """A generated month and what was measured on it."""

    key: str  # "basic", "real" or "xlsx"
    title: str
    folder: Path
    files: list[Path]
    cases: int
    samples: dict[str, list[float]] = field(default_factory=dict)
    runs: dict[str, list[RunResult]] = field(default_factory=dict)


def machine() -> dict[str, str]:
    """CPU model, cores and RAM of this machine (Linux /proc, with portable fallbacks)."""
    cpu = platform.processor() or platform.machine()
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
        m = re.search(r"^model name\s*:\s*(.+)$", text, re.M)
        if m:
            cpu = m.group(1).strip()
    except OSError:
        pass
    ram = "?"
    try:
        m = re.search(r"^MemTotal:\s*(\d+)\s*kB", Path("/proc/meminfo").read_text(), re.M)
        if m:
            ram = f"{int(m.group(1)) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        usable = os.cpu_count() or 0
    return {
        "cpu": cpu,
        "cores": f"{os.cpu_count()} logical ({usable} usable)",
        "ram": ram,
        "os": platform.platform(),
        "python": platform.python_version(),
    }


def compliance_command(explicit: str | None) -> list[str]:
    """The command that starts the CLI: --cmd, else ``compliance`` on PATH, else ``python -m``."""
    if explicit:
        return explicit.split()
    exe = shutil.which("compliance")
    return [exe] if exe else [sys.executable, "-m", "compliance"]


def case_files(folder: Path, period: str, fmt: str) -> list[Path]:
    """The case exports of a generated month: one file, or the parts of a ``real`` month."""
    return sorted((folder / "data").glob(f"cases-{period}*.{fmt}"))


def ensure_month(
    folder: Path, cases: int, fmt: str, seed: int, period: str, shape: str = "basic"
) -> float | None:
    """Generate the month into ``folder`` unless it is there; the seconds it took, or None."""
    parts = generate.SHAPES[shape].files
    if (folder / "config.yaml").is_file() and len(case_files(folder, period, fmt)) == parts:
        return None
    print(f"generating {cases:,} cases ({shape}, {fmt}) in {folder} …", flush=True)
    info = generate.generate(folder, cases, fmt, seed=seed, period=period, shape=shape)
    print(
        f"  done in {info['seconds']:.1f} s ({info['late']} late, {info['letters']} letters)",
        flush=True,
    )
    return info["seconds"]


def time_read_csv(files: list[Path]) -> float:
    """Wall time of ``pandas.read_csv(f, engine="pyarrow")`` on ``files`` (concatenated), in process."""
    t0 = time.perf_counter()
    frames = [pd.read_csv(f, engine="pyarrow") for f in files]
    frame = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    wall = time.perf_counter() - t0
    del frame, frames
    return wall


def read_process_code(files: list[Path]) -> str:
    """Python code of (a2): import pandas, read ``files`` with pyarrow, concatenate them."""
    names = [str(f) for f in files]
    return (
        "import pandas as pd\n"
        f"frames = [pd.read_csv(f, engine='pyarrow') for f in {names!r}]\n"
        "frame = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)\n"
    )


#: What ``compliance run`` imports before it reads anything (the floor of any run).
RUN_IMPORTS = (
    "import compliance.cli, compliance.config, compliance.pipeline, compliance.calendar.working, "
    "compliance.render.html, compliance.render.xlsx, holidays; "
    "holidays.country_holidays('VN', years=[2020])"
)


def time_process(code: str) -> float:
    """Wall time of a fresh Python process running ``code``."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - t0


def time_core_in_process(config_path: Path, period: str, out: Path) -> float:
    """Wall time of ``pipeline.run_period`` without web and without rendering, in process."""
    from compliance.calendar.periods import parse_period
    from compliance.config import load_config
    from compliance.pipeline import run_period

    config = load_config(config_path)
    t0 = time.perf_counter()
    run_period(
        config, parse_period(period, config.period.cutoff_day), out_dir=out, web=False, render=False
    )
    return time.perf_counter() - t0


def _has_gnu_time() -> bool:
    if not os.access(TIME_BIN, os.X_OK):
        return False
    try:
        probe = subprocess.run([TIME_BIN, "-v", "true"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return probe.returncode == 0 and "Maximum resident set size" in probe.stderr


def measure_run(
    label: str, cmd: list[str], timeout: float | None, quiet: bool = False
) -> RunResult:
    """Run ``cmd``; wall time from the parent, peak RSS from GNU time (or getrusage)."""
    use_time = _has_gnu_time()
    with tempfile.NamedTemporaryFile(prefix="bench-time-", suffix=".txt", delete=False) as tmp:
        time_file = Path(tmp.name)
    full = [TIME_BIN, "-v", "-o", str(time_file), *cmd] if use_time else cmd
    if not quiet:
        print(f"running {label}: {' '.join(cmd)}", flush=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(full, capture_output=True, text=True, timeout=timeout)
        rc, stderr = proc.returncode, proc.stderr
    except subprocess.TimeoutExpired as exc:
        err = (
            exc.stderr.decode(errors="replace")
            if isinstance(exc.stderr, bytes)
            else (exc.stderr or "")
        )
        rc, stderr = -1, f"{err}\n(timed out after {timeout} s)"
    except OSError as exc:
        rc, stderr = -1, f"cannot start {cmd[0]}: {exc}"
    wall = time.perf_counter() - t0
    peak_mb, source = None, "n/a"
    if use_time:
        text = time_file.read_text(errors="replace") if time_file.exists() else ""
        m = re.search(r"Maximum resident set size \(kbytes\):\s*(\d+)", text)
        if m:
            peak_mb, source = int(m.group(1)) / 1024, "/usr/bin/time -v"
        m = re.search(r"Command exited with non-zero status (\d+)", text)
        if m and rc == 0:
            rc = int(m.group(1))
    if peak_mb is None:
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kB on Linux
        if after > before:
            peak_mb, source = after / 1024, "getrusage(RUSAGE_CHILDREN)"
        elif after:
            peak_mb, source = after / 1024, "getrusage(RUSAGE_CHILDREN), max over earlier children"
    time_file.unlink(missing_ok=True)
    return RunResult(label, rc == 0, wall, peak_mb, source, rc, stderr)


def peak(results: list[RunResult]) -> float | None:
    """The highest peak memory of ``results`` (MB), if any was measured."""
    peaks = [r.peak_mb for r in results if r.peak_mb is not None]
    return max(peaks) if peaks else None


def verdict(ok: bool | None) -> str:
    """PASS / FAIL / n/a for a target."""
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def month_rows(month: Month, repeat: int) -> list[str]:
    """The table rows of one CSV month: (a2), (b), (b)/(a2), then (a), (d)."""
    s = month.samples
    a2, b = s["a2"], s["b"]
    b_peak, a2_peak = peak(month.runs["b"]), peak(month.runs["a2"])

    def cell(values: list[float]) -> str:
        return f"{min(values):.2f} | {statistics.median(values):.2f}"

    def mb(value: float | None) -> str:
        return f"{value:,.0f}" if value is not None else "–"

    ratio, ratio_med = min(b) / min(a2), statistics.median(b) / statistics.median(a2)
    what = f"{month.title}: {month.cases:,} cases in {len(month.files)} file(s)"
    rows = [
        f'| {what} | (a2) whole process: `import pandas`, `read_csv(engine="pyarrow")`'
        f"{', concat' if len(month.files) > 1 else ''} | {cell(a2)} | {mb(a2_peak)} | – | – |",
        f"| | (b) whole process: `compliance run --no-web` | {cell(b)} | {mb(b_peak)} | "
        f"peak < {PEAK_MB_MAX:.0f} MB | {verdict(None if b_peak is None else b_peak < PEAK_MB_MAX)} |",
        f"| | **(b)/(a2)** | {ratio:.2f} | {ratio_med:.2f} | | ≤ {RATIO_MAX:g} | "
        f"**{verdict(ratio <= RATIO_MAX)}** |",
        f"| | (a) the read alone, in process | {cell(s['a'])} | – | – | – |",
        f"| | (d) the core of the run in process (no report, no Word drafts) | {cell(s['d'])} | – | – | – |",
    ]
    return rows


def report(
    args,
    info: dict[str, str],
    months: list[Month],
    xlsx: Month | None,
    imports: list[float],
    gen_times: dict[str, float | None],
) -> str:
    """The Markdown block for docs/performance.md."""
    b_source = next((r.peak_source for m in months for r in m.runs.get("b", [])), "n/a")
    lines = [
        f"### Benchmark, {dt.datetime.now():%Y-%m-%d %H:%M}",
        "",
        f"- Machine: {info['cpu']}, {info['cores']}, {info['ram']} RAM; {info['os']}",
        f"- Python {info['python']}, pandas {pd.__version__}; compliance command: "
        f"`{' '.join(compliance_command(args.cmd))}`",
        f"- Data: `benchmarks/generate.py --seed {args.seed} --period {args.period}`; "
        f"{args.repeat} interleaved rounds; peak memory from {b_source}",
        "",
        "| month | measurement | best s | median s | peak MB | target | result |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for month in months:
        lines += month_rows(month, args.repeat)
    if xlsx is not None:
        c = xlsx.runs["c"]
        best = min(r.wall_s for r in c)
        c_peak = peak(c)
        lines.append(
            f"| XLSX: {xlsx.cases:,} cases | (c) whole process: `compliance run --no-web` | "
            f"{best:.2f} | {statistics.median([r.wall_s for r in c]):.2f} | "
            f"{c_peak:,.0f} | < {XLSX_S_MAX:g} s; peak < {PEAK_MB_MAX:.0f} MB | "
            f"{verdict(best < XLSX_S_MAX)}; {verdict(c_peak < PEAK_MB_MAX if c_peak else None)} |"
        )
    lines += [
        "",
        f"(e) Python start and the imports of a run alone (no work): best {min(imports):.2f} s, "
        f"median {statistics.median(imports):.2f} s.",
    ]
    generated = [f"{k} {v:.1f} s" for k, v in gen_times.items() if v is not None]
    if generated:
        lines += ["", f"Data generated in this run: {', '.join(generated)}."]
    return "\n".join(lines)


def _failed(result: RunResult, key: str) -> bool:
    if result.ok:
        return False
    print(f"({key}) FAILED (exit {result.returncode})", flush=True)
    print(
        f"---- stderr of ({key}) ----\n{result.stderr.strip()[-8000:]}\n---- end ----",
        file=sys.stderr,
        flush=True,
    )
    return True


def main(argv: list[str] | None = None) -> int:
    """Generate the data if needed, measure every month and print the Markdown report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--cases", type=int, default=1_000_000, help="cases in the basic CSV month (0: skip)"
    )
    parser.add_argument(
        "--real-cases",
        type=int,
        default=1_000_000,
        help="cases in the real month, over its four files (0: skip)",
    )
    parser.add_argument(
        "--xlsx-cases", type=int, default=250_000, help="cases in the XLSX month (0: skip)"
    )
    parser.add_argument(
        "--workdir", default="/tmp/compliance-bench", help="where data and outputs go"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--period", default="2020-05")
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="interleaved rounds (best and median are reported; peak memory is the highest)",
    )
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed per run")
    parser.add_argument(
        "--fail-on-targets",
        action="store_true",
        help="exit 1 also when a run completed but missed a target",
    )
    parser.add_argument(
        "--cmd",
        default=None,
        help="command that starts the CLI (default: compliance on PATH, else python -m compliance)",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    work = Path(args.workdir)
    gen_times: dict[str, float | None] = {}
    months: list[Month] = []
    for key, title, cases in (("basic", "basic", args.cases), ("real", "real", args.real_cases)):
        if cases <= 0:
            continue
        folder = work / (f"csv-{cases}" if key == "basic" else f"real-{cases}")
        gen_times[f"{title} {cases:,}"] = ensure_month(
            folder, cases, "csv", args.seed, args.period, key
        )
        months.append(Month(key, title, folder, case_files(folder, args.period, "csv"), cases))
    xlsx = None
    if args.xlsx_cases > 0:
        folder = work / f"xlsx-{args.xlsx_cases}"
        gen_times[f"XLSX {args.xlsx_cases:,}"] = ensure_month(
            folder, args.xlsx_cases, "xlsx", args.seed, args.period
        )
        xlsx = Month(
            "xlsx", "XLSX", folder, case_files(folder, args.period, "xlsx"), args.xlsx_cases
        )

    cli = compliance_command(args.cmd)

    def command(folder: Path) -> list[str]:
        return [
            *cli,
            "--config",
            str(folder / "config.yaml"),
            "run",
            "--period",
            args.period,
            "--no-web",
            "--out",
            str(folder / "out"),
        ]

    imports: list[float] = []
    print(
        f"measuring {', '.join(m.title for m in months)} in {args.repeat} interleaved rounds …",
        flush=True,
    )
    for round_no in range(1, args.repeat + 1):
        done = []
        for month in months:
            s, runs = month.samples, month.runs
            s.setdefault("a", []).append(time_read_csv(month.files))
            a2 = measure_run(
                "(a2)",
                [sys.executable, "-c", read_process_code(month.files)],
                args.timeout,
                quiet=True,
            )
            if _failed(a2, "a2"):
                return 1
            runs.setdefault("a2", []).append(a2)
            s.setdefault("a2", []).append(a2.wall_s)
            shutil.rmtree(month.folder / "out", ignore_errors=True)
            b = measure_run("(b)", command(month.folder), args.timeout, quiet=round_no > 1)
            if _failed(b, "b"):
                return 1
            runs.setdefault("b", []).append(b)
            s.setdefault("b", []).append(b.wall_s)
            s.setdefault("d", []).append(
                time_core_in_process(month.folder / "config.yaml", args.period, work / "core-out")
            )
            done.append(f"{month.title}: " + ", ".join(f"({k}) {v[-1]:.2f}" for k, v in s.items()))
        imports.append(time_process(RUN_IMPORTS))
        print(f"  round {round_no}: " + "; ".join(done) + f"; (e) {imports[-1]:.2f} s", flush=True)
    if xlsx is not None:
        for _ in range(args.repeat):
            shutil.rmtree(xlsx.folder / "out", ignore_errors=True)
            c = measure_run("(c)", command(xlsx.folder), args.timeout)
            if _failed(c, "c"):
                return 1
            xlsx.runs.setdefault("c", []).append(c)
    print()
    text = report(args, machine(), months, xlsx, imports, gen_times)
    print(text)
    return 1 if args.fail_on_targets and "FAIL" in text else 0


if __name__ == "__main__":
    sys.exit(main())
