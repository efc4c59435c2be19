"""The history at national scale: a synthetic export of many provinces and months as Parquet, the
DuckDB queries of docs/scale.md timed on it (at 1x and at larger scales, in fresh processes, with
peak memory), and `compliance export` timed for one province-year.

    python benchmarks/bench_history.py [--provinces 34] [--months 12] [--units 200]
        [--findings 2000] [--scales 1,4] [--year-findings 2000] [--repeat 3]
        [--workdir /tmp/compliance-bench-history]

Scale k multiplies the provinces (34 -> 34k, every one of them in the 12-month window: the
queries' worst case). Prints a Markdown block for docs/scale.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compliance.history.export import (  # noqa: E402
    FINDINGS_SCHEMA,
    UNIT_COUNTS_SCHEMA,
    export_history,
    partition_segment,
)
from compliance.history.store import COUNT_COLUMNS, connect  # noqa: E402

#: the 34 provinces and cities (2025)
PROVINCES = [
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ",
    "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi",
    "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Thành phố Hồ Chí Minh", "Đồng Nai",
    "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
]  # fmt: skip
GAPS = pa.array(["", "", "", "missing_apology", "late_apology", "not_posted_at_desk",
                 "missing_apology;not_posted_at_desk", "not_published_online"])  # fmt: skip
SECTORS = pa.array(["Đất đai", "Xây dựng", "Hộ tịch", "Tư pháp", "Đầu tư", "Giáo dục"])
KINDS = pa.array(["resolved_late", "pending_overdue"])


def unit_levels(unit: np.ndarray, units: int) -> np.ndarray:
    """Like the bundled benchmark's 212 units: ~10 % province, ~7 % district, the rest commune."""
    return np.where(
        unit < units * 0.10, "province", np.where(unit < units * 0.17, "district", "commune")
    )


def months(count: int, last: str = "2025-12") -> list[tuple[str, dt.date, dt.date]]:
    """The ``count`` monthly periods up to ``last``: label, start (15th before), end (14th)."""
    year, month = map(int, last.split("-"))
    out = []
    for back in range(count - 1, -1, -1):
        y, m = divmod(year * 12 + month - 1 - back, 12)
        end = dt.date(y, m + 1, 14)
        py, pm = divmod(y * 12 + m - 1, 12)
        out.append((f"{y}-{m + 1:02d}", dt.date(py, pm + 1, 15), end))
    return out


def unit_counts_table(rng, run_id: int, units: int, period) -> pa.Table:
    label, start, end = period
    received = rng.poisson(400, units)
    resolved = rng.binomial(received, 0.9)
    late = rng.binomial(resolved, 0.01)
    pending_overdue = rng.binomial(received - resolved, 0.05)
    columns: dict[str, object] = {name: np.zeros(units, dtype=np.int64) for name in COUNT_COLUMNS}
    columns.update(received=received, resolved=resolved, resolved_late=late,
                   resolved_on_time=resolved - late, pending=received - resolved,
                   pending_overdue=pending_overdue)  # fmt: skip
    for kind, cases in (("resolved_late", late), ("pending_overdue", pending_overdue)):
        issued = rng.binomial(cases, 0.8)
        columns[f"{kind}__cases"] = cases
        columns[f"{kind}__apology_issued"] = issued
        columns[f"{kind}__apology_missing"] = cases - issued
    missing = (
        columns["resolved_late__apology_missing"] + columns["pending_overdue__apology_missing"]
    )
    ids = [f"u{i:04d}" for i in range(units)]
    data = {
        "run_id": np.full(units, run_id, dtype=np.int64),
        "unit_id": ids,
        "unit_name": [f"Đơn vị {i}" for i in range(units)],
        "level": unit_levels(np.arange(units), units),
        "flagged": missing > 0,
        "flag_reasons": np.where(missing > 0, "missing_apology", ""),
        **columns,
        "period_kind": ["month"] * units,
        "period_start": [start] * units,
        "period_end": [end] * units,
        "as_of": [end] * units,
    }
    return pa.table({f.name: pa.array(data[f.name], f.type) for f in UNIT_COUNTS_SCHEMA})


def findings_table(rng, run_id: int, rows: int, units: int, period) -> pa.Table:
    label, start, _ = period
    base = np.datetime64(start.isoformat(), "s")
    received = base + rng.integers(0, 30 * 86400, rows).astype("timedelta64[s]")
    due = received + rng.integers(1, 15, rows).astype("timedelta64[D]")
    late = rng.integers(1, 10, rows)
    text = lambda pool, n: pool.take(pa.array(rng.integers(0, len(pool), n)))  # noqa: E731
    unit = rng.integers(0, units, rows)
    data = {
        "run_id": pa.array(np.full(rows, run_id), pa.int64()),
        "case_id": pa.array([f"{run_id}-{label}-{i:06d}" for i in range(rows)]),
        "unit_id": pa.array([f"u{u:04d}" for u in unit]),
        "level": pa.array(unit_levels(unit, units)),
        "sector": text(SECTORS, rows),
        "received_at": pa.array(received.astype("datetime64[us]")),
        "due_at": pa.array(due.astype("datetime64[us]")),
        "result_at": pa.array((due + late.astype("timedelta64[D]")).astype("datetime64[us]")),
        "overdue_kind": text(KINDS, rows),
        "working_days_late": pa.array(late, pa.int64()),
        "letter_issued_on": pa.array((due - np.timedelta64(1, "D")).astype("datetime64[D]")),
        "gaps": text(GAPS, rows),
    }
    return pa.table(
        {f.name: data.get(f.name, pa.nulls(rows, f.type)).cast(f.type) for f in FINDINGS_SCHEMA}
    )


def write(table: pa.Table, root: Path, province: str, period: str) -> int:
    folder = root / partition_segment("province", province) / partition_segment("period", period)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "part-0.parquet"
    pq.write_table(table, path, compression="zstd")  # as compliance export writes it
    return path.stat().st_size


def national_export(out: Path, provinces: int, periods, units: int, findings: int) -> dict:
    """The export of ``provinces`` × ``periods``, written as ``compliance export`` lays it out."""
    started = time.perf_counter()
    shutil.rmtree(out, ignore_errors=True)
    rng = np.random.default_rng(1)
    sizes = {"unit_counts": 0, "findings": 0}
    files = rows = 0
    for p in range(provinces):
        name = PROVINCES[p % len(PROVINCES)] + ("" if p < len(PROVINCES) else f" {p // 34 + 1}")
        for r, period in enumerate(periods, start=1):
            n = int(rng.integers(findings // 2, findings * 3 // 2 + 1))
            sizes["unit_counts"] += write(
                unit_counts_table(rng, r, units, period), out / "unit_counts", name, period[0]
            )
            sizes["findings"] += write(
                findings_table(rng, r, n, units, period), out / "findings", name, period[0]
            )
            files += 2
            rows += n
    return {"seconds": time.perf_counter() - started, "files": files, "findings": rows,
            "unit_counts": provinces * len(periods) * units, "bytes": sizes}  # fmt: skip


def documented_queries() -> list[str]:
    """The SQL blocks of docs/scale.md, as written there."""
    text = (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")
    return re.findall(r"```sql\n(.*?)```", text, re.S)


CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    import duckdb
    query, repeat = sys.argv[1], int(sys.argv[2])
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        rows = duckdb.sql(query).fetchall()
        times.append(time.perf_counter() - started)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"first": times[0], "best": min(times), "rows": len(rows), "peak_mb": peak}))
    """
)


def time_query(query: str, cwd: Path, repeat: int) -> dict:
    """The query in a fresh process run from ``cwd`` (where ``export/`` is), ``repeat`` times."""
    done = subprocess.run([sys.executable, "-c", CHILD, query, str(repeat)], cwd=cwd,
                          capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(done.stdout)


def province_year(workdir: Path, units: int, findings: int, repeat: int) -> dict:
    """A history.sqlite of one province-year (12 runs), then `compliance export` of it timed."""
    history = workdir / "year" / "history.sqlite"
    shutil.rmtree(history.parent, ignore_errors=True)
    rng = np.random.default_rng(2)
    with connect(history) as conn:
        conn.execute("BEGIN")
        for r, period in enumerate(months(12), start=1):
            _insert_run(conn, rng, r, units, findings, period)
        conn.execute("COMMIT")
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = export_history(history, workdir / "year" / "export")
        times.append(time.perf_counter() - started)
    return {"best": min(times), "first": times[0], "history_bytes": history.stat().st_size,
            "datasets": [(d.name, d.rows, d.files, d.bytes) for d in result.datasets]}  # fmt: skip


def _insert_run(conn: sqlite3.Connection, rng, run_id: int, units: int, findings: int, period):
    label, start, end = period
    conn.execute(
        "INSERT INTO runs VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (run_id, label, "month", start.isoformat(), end.isoformat(), end.isoformat(),
         "2026-01-01T00:00:00", "2026-01-01T00:00:10", "bench", "0" * 64, "Đắk Lắk"),
    )  # fmt: skip
    counts = unit_counts_table(rng, run_id, units, period).to_pandas()
    counts = counts.drop(columns=["period_kind", "period_start", "period_end", "as_of"])
    counts["flagged"] = counts["flagged"].astype(int)
    marks = ",".join("?" * counts.shape[1])
    conn.executemany(f"INSERT INTO unit_counts ({','.join(counts.columns)}) VALUES ({marks})",
                     counts.itertuples(index=False, name=None))  # fmt: skip
    frame = findings_table(rng, run_id, findings, units, period).to_pandas()
    for column in ("received_at", "due_at", "result_at"):
        frame[column] = frame[column].dt.strftime("%Y-%m-%dT%H:%M:%S")
    frame["letter_issued_on"] = frame["letter_issued_on"].map(lambda d: d.isoformat())
    frame = frame.astype(object).where(frame.notna(), "")
    marks = ",".join("?" * frame.shape[1])
    conn.executemany(f"INSERT INTO findings ({','.join(frame.columns)}) VALUES ({marks})",
                     frame.itertuples(index=False, name=None))  # fmt: skip


def machine() -> str:
    cpu = platform.processor() or "?"
    try:
        info = Path("/proc/cpuinfo").read_text()
        cpu = re.search(r"model name\s*:\s*(.*)", info).group(1).strip()
        ram = int(re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text()).group(1))
        ram_text = f"{ram / 1024**2:.0f} GB RAM"
    except (OSError, AttributeError):
        ram_text = "RAM ?"
    import duckdb

    return (f"{cpu}, {os.cpu_count()} cores, {ram_text}; Python {platform.python_version()}, "
            f"DuckDB {duckdb.__version__}, pyarrow {pa.__version__}")  # fmt: skip


def mb(n: float) -> str:
    return f"{n / 1024**2:,.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--units", type=int, default=200, help="units per province")
    parser.add_argument("--findings", type=int, default=2000, help="per province-month (mean)")
    parser.add_argument("--scales", default="1,4", help="multiples of the provinces, e.g. 1,4")
    parser.add_argument("--year-findings", type=int, default=2000, help="per month, export")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/compliance-bench-history"))
    args = parser.parse_args()
    queries = documented_queries()
    periods = months(args.months)
    lines = [f"Machine: {machine()}. Date: {dt.date.today().isoformat()}.", ""]
    lines += ["| scale | province-months | unit_counts rows | findings rows | files | on disk "
              "| write | query | first | best | peak RSS |", "|" + "---|" * 11]  # fmt: skip
    for k in (int(s) for s in args.scales.split(",")):
        folder = args.workdir / f"national-{k}x"
        built = national_export(folder / "export", args.provinces * k, periods, args.units,
                                args.findings)  # fmt: skip
        size = sum(built["bytes"].values())
        for q, query in enumerate(queries, start=1):
            t = time_query(query, folder, args.repeat)
            lines.append(
                f"| {k}× | {args.provinces * k * len(periods):,} | {built['unit_counts']:,} "
                f"| {built['findings']:,} | {built['files']:,} | {mb(size)} "
                f"| {built['seconds']:.1f} s | {q} | {t['first']:.2f} s | {t['best']:.2f} s "
                f"| {t['peak_mb']:.0f} MB |"
            )
            print(lines[-1], file=sys.stderr, flush=True)
    year = province_year(args.workdir, args.units, args.year_findings, args.repeat)
    lines += ["", f"`compliance export` of one province-year (12 runs × {args.units} units, "
              f"{args.year_findings:,} findings a month; history.sqlite "
              f"{mb(year['history_bytes'])}): best {year['best']:.2f} s, first "
              f"{year['first']:.2f} s, in process."]  # fmt: skip
    for name, rows, files, size in year["datasets"]:
        lines.append(f"- {name}: {rows:,} rows, {files} files, {mb(size)}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
