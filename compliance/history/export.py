"""The history as Parquet datasets (unit counts, findings) partitioned by province and period.

``compliance export`` writes the latest run of each period of a history database into
``OUT/unit_counts/`` and ``OUT/findings/``, one folder per province and period in the Hive
layout (``province=Đắk Lắk/period=2020-05/part-0.parquet``), which DuckDB, Spark and
pyarrow read as a table with ``province`` and ``period`` columns (docs/scale.md).
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from compliance.errors import UsageError
from compliance.formatting import vn_int
from compliance.history.query import latest_runs
from compliance.history.store import COUNT_COLUMNS, connect
from compliance.model import FINDINGS_COLUMNS

#: the export formats ``compliance export --format`` accepts
FORMATS = ("parquet",)

#: the partition columns, in the order of the folders (they are in the paths, not in the files)
PARTITIONS = ("province", "period")

UNIT_COUNTS_SCHEMA = pa.schema(
    [
        ("run_id", pa.int64()),
        ("unit_id", pa.string()),
        ("unit_name", pa.string()),
        ("level", pa.string()),
        ("flagged", pa.bool_()),
        ("flag_reasons", pa.string()),
        *[(name, pa.int64()) for name in COUNT_COLUMNS],
        ("period_kind", pa.string()),
        ("period_start", pa.date32()),
        ("period_end", pa.date32()),
        ("as_of", pa.date32()),
    ]
)

#: findings.csv's moments: a time of day where the source had one (else midnight)
_TIMESTAMPS = ("received_at", "due_at", "result_at", "new_due_at")
#: findings.csv's days
_DATES = ("letter_issued_on",)
_INTEGERS = ("working_days_late",)


def _finding_type(name: str) -> pa.DataType:
    if name in _TIMESTAMPS:
        return pa.timestamp("us")  # wall-clock time in Vietnam, as in findings.csv (no zone)
    if name in _DATES:
        return pa.date32()
    if name in _INTEGERS:
        return pa.int64()
    return pa.string()


FINDINGS_SCHEMA = pa.schema(
    [("run_id", pa.int64())] + [(name, _finding_type(name)) for name in FINDINGS_COLUMNS]
)

#: dataset name → the schema of every one of its files
SCHEMAS: dict[str, pa.Schema] = {"unit_counts": UNIT_COUNTS_SCHEMA, "findings": FINDINGS_SCHEMA}

#: characters escaped as %XX in a partition value: Spark's list (ExternalCatalogUtils), so
#: that Spark, DuckDB and pyarrow all read the same value back. Everything else, letters with
#: diacritics and spaces included, is written as it is: pyarrow's own writer would
#: percent-encode the UTF-8 bytes of "Đắk Lắk", which Spark decodes byte by byte into mojibake.
_ESCAPED = frozenset(chr(c) for c in range(0x20)) | frozenset("\"#%'*/:=?\\\x7f{[]^")


def partition_segment(name: str, value: str) -> str:
    """One folder of the Hive layout: ``province=Đắk Lắk``, ``period=2020-05``."""
    escaped = "".join(f"%{ord(c):02X}" if c in _ESCAPED else c for c in value)
    if escaped in ("", ".", ".."):
        escaped = escaped.replace(".", "%2E") or "__HIVE_DEFAULT_PARTITION__"
    return f"{name}={escaped}"


@dataclass(frozen=True)
class DatasetExport:
    """One dataset written: its folder, rows, files and bytes on disk."""

    name: str
    path: Path
    rows: int
    files: int
    bytes: int


@dataclass(frozen=True)
class Export:
    """What ``compliance export`` wrote: the provinces and periods, and each dataset."""

    out: Path
    provinces: list[str]
    periods: list[str]
    datasets: list[DatasetExport]


def export_history(history: Path, out: Path, fmt: str = "parquet") -> Export:
    """Write the latest run of each period of ``history`` as Parquet datasets under ``out``.

    ``out/unit_counts`` and ``out/findings`` are replaced as a whole: the new datasets are
    written into a hidden folder of ``out`` first and renamed into place when complete, so a
    reader sees the old dataset or the new one, never part of one; an export that fails
    leaves the previous one as it was.
    """
    if fmt not in FORMATS:
        raise UsageError(
            f"--format {fmt!r} không hỗ trợ", hint=f"Dùng một trong: {', '.join(FORMATS)}."
        )
    if not history.is_file():
        raise UsageError(
            f"chưa có lịch sử kiểm tra: không có tệp {history}",
            hint="Lịch sử được ghi sau mỗi lần 'compliance run' (trừ khi --no-history); "
            "hoặc chỉ tệp khác bằng --history.",
        )
    with connect(history) as conn:
        runs = _runs(conn)
        if runs.empty:
            raise UsageError(
                f"lịch sử kiểm tra {history} chưa có kỳ nào: không có gì để xuất",
                hint="Chạy 'compliance run --period P' trước, rồi xuất lại.",
            )
        frames = {
            "unit_counts": unit_counts_frame(conn, runs),
            "findings": findings_frame(conn, runs),
        }
    datasets = _write_and_swap(out, runs, frames)
    provinces = list(dict.fromkeys(runs["province"]))
    return Export(out, provinces, list(runs["period_label"]), datasets)


def _runs(conn: sqlite3.Connection) -> pd.DataFrame:
    """The latest run of each period, with its province and as-of date."""
    runs = latest_runs(conn)
    extra = pd.read_sql_query("SELECT run_id, province, as_of FROM runs", conn)
    return runs.merge(extra, on="run_id", how="left")


def _rows_of_runs(conn: sqlite3.Connection, table: str, columns: list[str], runs: pd.DataFrame):
    marks = ",".join("?" * len(runs))
    # Table and column names are this module's constants; the run ids go through placeholders.
    sql = f"SELECT {','.join(columns)} FROM {table} WHERE run_id IN ({marks})"  # noqa: S608
    return pd.read_sql_query(sql, conn, params=[int(r) for r in runs["run_id"]])


def _days(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values.replace("", None), format="ISO8601").dt.date


def unit_counts_frame(conn: sqlite3.Connection, runs: pd.DataFrame) -> pd.DataFrame:
    """unit_counts of ``runs``, with each run's period (kind, dates) and as-of date, typed."""
    of_run = ["period_kind", "period_start", "period_end", "as_of"]
    columns = [f.name for f in UNIT_COUNTS_SCHEMA if f.name not in of_run]
    frame = _rows_of_runs(conn, "unit_counts", columns, runs)
    frame = frame.merge(runs[["run_id", *of_run]], on="run_id")
    frame["flagged"] = frame["flagged"].astype(bool)
    for name in ("period_start", "period_end", "as_of"):
        frame[name] = _days(frame[name])
    return frame


def findings_frame(conn: sqlite3.Connection, runs: pd.DataFrame) -> pd.DataFrame:
    """findings of ``runs``, ISO text turned into timestamps and dates ('' → null)."""
    frame = _rows_of_runs(conn, "findings", ["run_id", *FINDINGS_COLUMNS], runs)
    for name in _TIMESTAMPS:
        frame[name] = pd.to_datetime(frame[name].replace("", None), format="ISO8601")
    for name in _DATES:
        frame[name] = _days(frame[name])
    return frame


def _write_and_swap(out: Path, runs: pd.DataFrame, frames: dict[str, pd.DataFrame]):
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".export-", dir=out))
    except OSError as exc:
        raise _cannot_write(out, exc) from None
    try:
        written = [
            write_dataset(frame, staging / name, runs, SCHEMAS[name])
            for name, frame in frames.items()
        ]
        for dataset in written:
            _swap(staging / dataset.name, out / dataset.name, staging)
    except OSError as exc:
        raise _cannot_write(out, exc) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [DatasetExport(d.name, out / d.name, d.rows, d.files, d.bytes) for d in written]


def _cannot_write(out: Path, exc: OSError) -> UsageError:
    return UsageError(
        f"không ghi được vào thư mục {out}: {exc.strerror or exc}",
        hint="Kiểm tra quyền ghi và dung lượng đĩa, hoặc chọn thư mục khác bằng --out.",
    )


def _swap(staged: Path, target: Path, staging: Path) -> None:
    """Put ``staged`` in place of ``target``; the old one goes into ``staging`` (deleted)."""
    if target.exists():
        target.rename(staging / f"{target.name}.old")
    staged.rename(target)


def write_dataset(
    frame: pd.DataFrame, dest: Path, runs: pd.DataFrame, schema: pa.Schema
) -> DatasetExport:
    """One Parquet file per run of ``runs`` (province and period) under ``dest``, each with
    ``schema`` exactly; a period without rows gets an empty file, so every period is there."""
    groups = dict(iter(frame.groupby("run_id", sort=False))) if len(frame) else {}
    files = 0
    size = 0
    for run in runs.itertuples(index=False):
        part = groups.get(run.run_id, frame.iloc[0:0])
        folder = dest.joinpath(*_segments(run.province, run.period_label))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "part-0.parquet"
        # the schema alone, without pandas' metadata: every file of a dataset is alike
        table = pa.Table.from_pandas(part, schema=schema, preserve_index=False)
        table = table.replace_schema_metadata(None)
        pq.write_table(table, path, compression="zstd")
        files += 1
        size += path.stat().st_size
    return DatasetExport(dest.name, dest, len(frame), files, size)


def _segments(province: str, period: str) -> Iterable[str]:
    values = (province, period)
    return (partition_segment(name, value) for name, value in zip(PARTITIONS, values, strict=True))


def export_lines(export: Export) -> list[str]:
    """What the command prints: the periods, and each dataset's rows, files and size."""
    lines = [
        f"Đã xuất {len(export.periods)} kỳ ({', '.join(export.periods)}) của "
        f"{', '.join(export.provinces)} vào {export.out}:"
    ]
    for d in export.datasets:
        size = vn_int(round(d.bytes / 1024)) if d.bytes >= 1024 else "< 1"
        lines.append(f"  {d.name}/: {vn_int(d.rows)} dòng, {d.files} tệp Parquet, {size} KB")
    return lines
