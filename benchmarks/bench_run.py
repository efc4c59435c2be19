"""Performance benchmark of ``compliance run`` against the time it takes just to read the data.

    python benchmarks/bench_run.py [--cases 1000000] [--xlsx-cases 250000] [--workdir /tmp/compliance-bench]

1. Generates, if not there yet, a 1M-case CSV month and a 250k-case XLSX month (period 2020-05)
   with ``benchmarks/generate.py``.
2. Measures, in the same run:

   (a) ``pandas.read_csv(path, engine="pyarrow")`` alone on the CSV (in process);
   (a2) the same read as a whole process (``python -c "import pandas; pandas.read_csv(…)"``),
       so that (b), also a whole process with its imports, can be compared like for like;
   (b) ``compliance --config DIR/config.yaml run --period 2020-05 --no-web --out DIR/out`` on the
       CSV month, as a subprocess: wall time and peak memory (``/usr/bin/time -v`` when present,
       else ``getrusage(RUSAGE_CHILDREN).ru_maxrss``);
   (c) the same run on the XLSX month;
   (d) the core of the run in process (read, classify, match, findings, summary, tables, rejects:
       everything but the report and the Word drafts), beside (a) like for like;
   (e) a Python process that only imports what a run imports: the floor under (b).

   (a), (a2), (b), (d) and (e) are measured in ``--repeat`` interleaved rounds (default 5), (c)
   ``--repeat`` times; the fastest of each is kept, so that a busy moment of a shared machine
   does not decide a ratio, and the medians are printed too. Peak memory is the highest.

3. Prints a Markdown block (machine, date, table, PASS/FAIL per target) ready to paste into
   docs/performance.md. Targets: (b)/(a) ≤ 4, peak memory < 2048 MB, XLSX run < 30 s.

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
from dataclasses import dataclass
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


def ensure_month(folder: Path, cases: int, fmt: str, seed: int, period: str) -> float | None:
    """Generate the month into ``folder`` unless it is there; the seconds it took, or None."""
    marker = folder / "config.yaml"
    data = folder / "data" / f"cases-{period}.{fmt}"
    if marker.is_file() and data.is_file():
        return None
    print(f"generating {cases:,} cases ({fmt}) in {folder} …", flush=True)
    info = generate.generate(folder, cases, fmt, seed=seed, period=period)
    print(f"  done in {info['seconds']:.1f} s ({info['late']} late, {info['letters']} letters)", flush=True)
    return info["seconds"]


def time_read_csv(path: Path, repeat: int) -> float:
    """Best wall time of ``pandas.read_csv(path, engine="pyarrow")`` over ``repeat`` tries."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        frame = pd.read_csv(path, engine="pyarrow")
        best = min(best, time.perf_counter() - t0)
        del frame
    return best


def time_read_csv_process(path: Path, repeat: int) -> float:
    """Best wall time of a fresh Python process that imports pandas and reads the CSV."""
    return time_process(f"import pandas; pandas.read_csv({str(path)!r}, engine='pyarrow')", repeat)


#: What ``compliance run`` imports before it reads anything (the floor of any run).
RUN_IMPORTS = (
    "import compliance.cli, compliance.config, compliance.pipeline, compliance.calendar, "
    "compliance.render.html, compliance.render.xlsx, holidays; "
    "holidays.country_holidays('VN', years=[2020])"
)


def time_process(code: str, repeat: int) -> float:
    """Best wall time of a fresh Python process running ``code``."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        best = min(best, time.perf_counter() - t0)
    return best


def time_core_in_process(config_path: Path, period: str, out: Path, repeat: int = 2) -> float:
    """Best wall time of ``pipeline.run_period`` without web and without rendering, in process."""
    from compliance.config import load_config
    from compliance.periods import parse_period
    from compliance.pipeline import run_period

    config = load_config(config_path)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        run_period(config, parse_period(period, config.period.cutoff_day), out_dir=out, web=False, render=False)
        best = min(best, time.perf_counter() - t0)
    return best


def _has_gnu_time() -> bool:
    if not os.access(TIME_BIN, os.X_OK):
        return False
    try:
        probe = subprocess.run([TIME_BIN, "-v", "true"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return probe.returncode == 0 and "Maximum resident set size" in probe.stderr


def measure_run(label: str, cmd: list[str], timeout: float | None) -> RunResult:
    """Run ``cmd``; wall time from the parent, peak RSS from GNU time (or getrusage)."""
    use_time = _has_gnu_time()
    with tempfile.NamedTemporaryFile(prefix="bench-time-", suffix=".txt", delete=False) as tmp:
        time_file = Path(tmp.name)
    full = [TIME_BIN, "-v", "-o", str(time_file), *cmd] if use_time else cmd
    print(f"running {label}: {' '.join(cmd)}", flush=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(full, capture_output=True, text=True, timeout=timeout)
        rc, stderr = proc.returncode, proc.stderr
    except subprocess.TimeoutExpired as exc:
        err = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else (exc.stderr or "")
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


def best_run(key: str, cmd: list[str], out: Path, tries: int, timeout: float | None) -> RunResult:
    """``cmd`` run ``tries`` times into a fresh ``out``: see :func:`fastest`."""
    results = []
    for _ in range(tries):
        shutil.rmtree(out, ignore_errors=True)
        results.append(measure_run(f"({key})", cmd, timeout))
        if not results[-1].ok:
            break
    return fastest(results)


def fastest(results: list[RunResult]) -> RunResult:
    """The fastest of ``results`` with the highest peak of them; a failed run if any failed."""
    failed = [r for r in results if not r.ok]
    if failed:
        return failed[0]
    best = min(results, key=lambda r: r.wall_s)
    peaks = [r.peak_mb for r in results if r.peak_mb is not None]
    best.peak_mb = max(peaks) if peaks else None
    return best


def medians(samples: dict[str, list[float]]) -> str:
    """One line: the median of each measurement over the rounds, and the ratios of the medians."""
    med = {k: statistics.median(v) for k, v in samples.items() if v}
    if not {"a", "a2", "b", "d"} <= med.keys():
        return ""
    return (
        f"Medians over {len(samples['b'])} rounds: (a) {med['a']:.2f} s, (a2) {med['a2']:.2f} s, "
        f"(b) {med['b']:.2f} s, (d) {med['d']:.2f} s, (e) {med.get('e', float('nan')):.2f} s; "
        f"(b)/(a) {med['b'] / med['a']:.2f}, "
        f"(b)/(a2) {med['b'] / med['a2']:.2f}, (d)/(a) {med['d'] / med['a']:.2f}."
    )


def verdict(ok: bool | None) -> str:
    """PASS / FAIL / n/a for a target."""
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def report(args, info: dict[str, str], read_s: float | None, runs: dict[str, RunResult],
           gen_times: dict[str, float | None], csv_rows: int, read_proc_s: float | None = None,
           core_s: float | None = None) -> str:
    """The Markdown block for docs/performance.md."""
    b, c = runs.get("b"), runs.get("c")
    ratio = b.wall_s / read_s if (b and b.ok and read_s) else None
    ratio_proc = b.wall_s / read_proc_s if (b and b.ok and read_proc_s) else None

    def mb(r: RunResult | None) -> str:
        return f"{r.peak_mb:,.0f}" if r and r.peak_mb is not None else "–"

    def secs(r: RunResult | None) -> str:
        return "–" if r is None else f"{r.wall_s:.1f}" + ("" if r.ok else f" (failed, exit {r.returncode})")

    def peak_ok(r: RunResult | None) -> bool | None:
        return None if (r is None or not r.ok or r.peak_mb is None) else r.peak_mb < PEAK_MB_MAX

    lines = [
        f"### Benchmark, {dt.datetime.now():%Y-%m-%d %H:%M}",
        "",
        f"- Machine: {info['cpu']}, {info['cores']}, {info['ram']} RAM; {info['os']}",
        f"- Python {info['python']}, pandas {pd.__version__}; compliance command: "
        f"`{' '.join(compliance_command(args.cmd))}`",
        f"- Data: `benchmarks/generate.py --seed {args.seed} --period {args.period}`: "
        f"{csv_rows:,} cases (CSV), {args.xlsx_cases:,} cases (XLSX)",
        f"- Peak memory measured with {b.peak_source if b else 'n/a'}",
        "",
        "| measurement | wall s | peak MB | target | result |",
        "|---|---:|---:|---|---|",
        f"| (a) `pandas.read_csv(engine=\"pyarrow\")`, {csv_rows:,} rows, best of {args.repeat} | "
        f"{read_s:.2f} | – | – | – |" if read_s else "| (a) read_csv | – | – | – | – |",
        f"| (b) `compliance run --no-web`, CSV, {csv_rows:,} cases, best of {args.repeat} | {secs(b)} | {mb(b)} | "
        f"peak < {PEAK_MB_MAX:.0f} MB | {verdict(peak_ok(b))} |",
        f"| (b)/(a) | {ratio:.2f} | | ≤ {RATIO_MAX:g} | {verdict(ratio <= RATIO_MAX)} |"
        if ratio is not None else f"| (b)/(a) | – | | ≤ {RATIO_MAX:g} | FAIL |",
        f"| (a2) the same read as a whole process (Python start, `import pandas`, read), best of {args.repeat} | "
        f"{read_proc_s:.2f} | – | – | – |" if read_proc_s else "| (a2) read_csv process | – | – | – | – |",
        f"| (b)/(a2), both whole processes | {ratio_proc:.2f} | | ≤ {RATIO_MAX:g} | "
        f"{verdict(ratio_proc <= RATIO_MAX)} |" if ratio_proc is not None else "| (b)/(a2) | – | | | |",
        f"| (d) core of the run in process (no report, no Word drafts), CSV, {csv_rows:,} cases, best of {args.repeat} | "
        f"{core_s:.2f} | – | – | – |" if core_s else "| (d) core in process | – | – | – | – |",
        f"| (d)/(a), both in process | {core_s / read_s:.2f} | | ≤ {RATIO_MAX:g} | "
        f"{verdict(core_s / read_s <= RATIO_MAX)} |" if (core_s and read_s) else "| (d)/(a) | – | | | |",
        f"| (c) `compliance run --no-web`, XLSX, {args.xlsx_cases:,} cases, best of {args.repeat} | {secs(c)} | {mb(c)} | "
        f"< {XLSX_S_MAX:g} s; peak < {PEAK_MB_MAX:.0f} MB | "
        f"{verdict(c.ok and c.wall_s < XLSX_S_MAX) if c else 'n/a'}; {verdict(peak_ok(c))} |",
    ]
    if c is None:
        lines.pop()  # no XLSX month measured
    generated = [f"{k} {v:.1f} s" for k, v in gen_times.items() if v is not None]
    if generated:
        lines += ["", f"Data generated in this run: {', '.join(generated)}."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Generate the data if needed, measure (a), (b), (c) and print the Markdown report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000, help="cases in the CSV month")
    parser.add_argument("--xlsx-cases", type=int, default=250_000, help="cases in the XLSX month (0: skip)")
    parser.add_argument("--workdir", default="/tmp/compliance-bench", help="where data and outputs go")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--period", default="2020-05")
    parser.add_argument("--repeat", type=int, default=5,
                        help="tries of every measurement (the best is kept; peak memory is the highest)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed per run")
    parser.add_argument("--fail-on-targets", action="store_true",
                        help="exit 1 also when a run completed but missed a target")
    parser.add_argument("--cmd", default=None,
                        help="command that starts the CLI (default: compliance on PATH, else python -m compliance)")
    args = parser.parse_args(argv)

    work = Path(args.workdir)
    csv_dir = work / f"csv-{args.cases}"
    xlsx_dir = work / f"xlsx-{args.xlsx_cases}"
    gen_times: dict[str, float | None] = {}
    gen_times[f"CSV {args.cases:,}"] = ensure_month(csv_dir, args.cases, "csv", args.seed, args.period)
    if args.xlsx_cases > 0:
        gen_times[f"XLSX {args.xlsx_cases:,}"] = ensure_month(xlsx_dir, args.xlsx_cases, "xlsx", args.seed, args.period)

    csv_path = csv_dir / "data" / f"cases-{args.period}.csv"
    cli = compliance_command(args.cmd)
    runs: dict[str, RunResult] = {}

    def command(folder: Path) -> tuple[list[str], Path]:
        out = folder / "out"
        return [*cli, "--config", str(folder / "config.yaml"), "run", "--period", args.period,
                "--no-web", "--out", str(out)], out

    # (a), (a2), (b) and (d) in interleaved rounds, so that a busy moment of the machine weighs
    # on all of them alike; the best of each is kept, and the medians are printed too.
    samples: dict[str, list[float]] = {"a": [], "a2": [], "b": [], "d": [], "e": []}
    b_runs: list[RunResult] = []
    cmd, out = command(csv_dir)
    print(f"measuring (a), (a2), (b) and (d) on {csv_path} in {args.repeat} interleaved rounds …",
          flush=True)
    for round_no in range(1, args.repeat + 1):
        samples["a"].append(time_read_csv(csv_path, 1))
        samples["a2"].append(time_read_csv_process(csv_path, 1))
        shutil.rmtree(out, ignore_errors=True)
        b_runs.append(measure_run("(b)", cmd, args.timeout))
        if not b_runs[-1].ok:
            break
        samples["b"].append(b_runs[-1].wall_s)
        samples["d"].append(time_core_in_process(csv_dir / "config.yaml", args.period,
                                                 work / "core-out", 1))
        samples["e"].append(time_process(RUN_IMPORTS, 1))
        print(f"  round {round_no}: " + ", ".join(f"({k}) {v[-1]:.2f} s" for k, v in samples.items()),
              flush=True)
    runs["b"] = fastest(b_runs)
    if args.xlsx_cases > 0:
        cmd, out = command(xlsx_dir)
        runs["c"] = best_run("c", cmd, out, args.repeat, args.timeout)
    for key, r in runs.items():
        state = "ok" if r.ok else f"FAILED (exit {r.returncode})"
        peak = f"{r.peak_mb:,.0f} MB" if r.peak_mb is not None else "peak n/a"
        print(f"({key}) {r.wall_s:.1f} s, {peak}: {state}", flush=True)
        if not r.ok:
            print(f"---- stderr of ({key}) ----\n{r.stderr.strip()[-8000:]}\n---- end ----",
                  file=sys.stderr, flush=True)
    if not all(r.ok for r in runs.values()):
        return 1
    read_s, read_proc_s, core_s = min(samples["a"]), min(samples["a2"]), min(samples["d"])
    print()
    text = report(args, machine(), read_s, runs, gen_times, args.cases, read_proc_s, core_s)
    imports_s = min(samples["e"])
    text += (
        f"\n\n(e) Python start and the imports of a run alone (no work), best of {len(samples['e'])}: "
        f"{imports_s:.2f} s = {imports_s / read_s:.2f} × (a).\n\n" + medians(samples)
    )
    print(text)
    return 1 if args.fail_on_targets and "FAIL" in text else 0


if __name__ == "__main__":
    sys.exit(main())
