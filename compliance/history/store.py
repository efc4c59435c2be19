"""The run history database (history.sqlite): its schema, its migrations, and recording a run."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from compliance import __version__
from compliance.config import Config
from compliance.errors import ConfigError
from compliance.model import (
    COMPLIANCE_KEYS,
    COUNT_KEYS,
    FOLLOWUP_COLUMNS,
    OVERDUE_KINDS,
    RunResult,
)
from compliance.outputs.run_files import findings_frame, followup_frame

#: the figures of a unit's COUNTS as columns of unit_counts: the eight counts, then
#: ``<overdue kind>__<compliance key>`` for both kinds (summary.json's nesting, flattened)
COUNT_COLUMNS: tuple[str, ...] = COUNT_KEYS + tuple(
    f"{kind}__{key}" for kind in OVERDUE_KINDS for key in COMPLIANCE_KEYS
)


def _schema_v1() -> list[str]:
    counts = ", ".join(f"{name} INTEGER NOT NULL DEFAULT 0" for name in COUNT_COLUMNS)
    return [
        """CREATE TABLE runs (
            run_id INTEGER PRIMARY KEY,
            period_label TEXT NOT NULL,
            period_kind TEXT NOT NULL,
            period_start TEXT NOT NULL,
            period_end TEXT NOT NULL,
            as_of TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            tool_version TEXT NOT NULL,
            config_sha256 TEXT NOT NULL,
            province TEXT NOT NULL
        )""",
        """CREATE TABLE run_inputs (
            run_id INTEGER NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL
        )""",
        f"""CREATE TABLE unit_counts (
            run_id INTEGER NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
            unit_id TEXT NOT NULL,
            unit_name TEXT NOT NULL,
            level TEXT NOT NULL,
            flagged INTEGER NOT NULL,
            flag_reasons TEXT NOT NULL,
            {counts},
            PRIMARY KEY (run_id, unit_id)
        )""",
        """CREATE TABLE findings (
            run_id INTEGER NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
            case_id TEXT, unit_id TEXT, unit_name TEXT, level TEXT, sector TEXT, procedure TEXT,
            applicant TEXT, received_at TEXT, due_at TEXT, result_at TEXT, overdue_kind TEXT,
            working_days_late INTEGER, letter_no TEXT, letter_issued_on TEXT, letter_match TEXT,
            apology TEXT, desk_posting TEXT, web_posting TEXT, web_evidence_url TEXT,
            new_due_at TEXT, gaps TEXT, note TEXT
        )""",
        """CREATE TABLE followups (
            run_id INTEGER NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
            unit_id TEXT NOT NULL,
            unit_name TEXT NOT NULL,
            level TEXT NOT NULL,
            reasons TEXT NOT NULL,
            cases TEXT NOT NULL
        )""",
        "CREATE INDEX runs_by_period ON runs (period_label, run_id)",
        "CREATE INDEX findings_by_run ON findings (run_id, unit_id)",
        "CREATE INDEX followups_by_run ON followups (run_id, unit_id)",
    ]


def _schema_v2() -> list[str]:
    """Version 2: the previous period's follow-up cases, checked again by each run."""
    return [
        """CREATE TABLE followups_heeded (
            run_id INTEGER NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
            followup_period TEXT NOT NULL,
            unit_id TEXT NOT NULL,
            case_id TEXT NOT NULL,
            apology INTEGER NOT NULL,
            posted INTEGER NOT NULL,
            published INTEGER NOT NULL,
            resolved INTEGER NOT NULL,
            web_checked INTEGER NOT NULL
        )""",
        "CREATE INDEX heeded_by_run ON followups_heeded (run_id, unit_id)",
    ]


def _schema_v3() -> list[str]:
    """Version 3: where each input file is and its size and modification time, so that a file
    read again unchanged is not hashed again."""
    return [
        "ALTER TABLE run_inputs ADD COLUMN location TEXT",
        "ALTER TABLE run_inputs ADD COLUMN size INTEGER",
        "ALTER TABLE run_inputs ADD COLUMN mtime_ns INTEGER",
        "CREATE INDEX inputs_by_location ON run_inputs (location, size, mtime_ns)",
    ]


#: schema version → the statements that bring the previous version to it. A later change adds
#: a version here (ALTER TABLE …); a database is brought up to date when it is opened.
MIGRATIONS: dict[int, Callable[[], list[str]]] = {1: _schema_v1, 2: _schema_v2, 3: _schema_v3}
SCHEMA_VERSION = max(MIGRATIONS)


def history_path(config: Config, out_dir: Path) -> Path:
    """The history database: ``outputs.history`` (relative to the config), else
    ``<output folder>/history.sqlite``."""
    if config.outputs.history:
        return config.path(config.outputs.history)
    return out_dir / "history.sqlite"


@contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """The history database at ``path``, created or migrated to :data:`SCHEMA_VERSION`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    except sqlite3.Error as exc:
        raise ConfigError(
            f"không mở được cơ sở dữ liệu lịch sử {path}: {exc}",
            hint="Kiểm tra đường dẫn outputs.history / --history, hoặc chạy với --no-history.",
        ) from None
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        migrate(conn)
        yield conn
    except sqlite3.DatabaseError as exc:
        raise ConfigError(
            f"{path}: không phải cơ sở dữ liệu lịch sử dùng được ({exc})",
            hint="Chọn một tệp khác bằng --history, hoặc chạy với --no-history.",
        ) from None
    finally:
        conn.close()


def migrate(conn: sqlite3.Connection) -> None:
    """Apply the migrations the database has not had yet, each in its own transaction."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise ConfigError(
            f"cơ sở dữ liệu lịch sử có phiên bản {version}, mới hơn phiên bản chương trình "
            f"đọc được ({SCHEMA_VERSION})",
            hint="Cập nhật compliance lên bản mới hơn.",
        )
    for target in range(version + 1, SCHEMA_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in MIGRATIONS[target]():
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def file_sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def hash_in_background(
    paths: Iterable[Path], database: Path | None = None
) -> Future[dict[Path, str]]:
    """The SHA-256 of each file, computed in a thread while the run works (hashlib releases the
    GIL). A file the history at ``database`` already holds with the same size and modification
    time is not read again: re-running a month costs nothing here."""
    files = list(dict.fromkeys(paths))
    known = recorded_digests(database, files) if database is not None else {}
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="history-sha256")
    future = pool.submit(lambda: {p: known.get(p) or file_sha256(p) for p in files})
    pool.shutdown(wait=False)  # the thread finishes the work; nothing else is given to it
    return future


def _stat(path: Path) -> tuple[str, int, int]:
    info = path.stat()
    return str(path.resolve()), info.st_size, info.st_mtime_ns


def recorded_digests(database: Path, files: Iterable[Path]) -> dict[Path, str]:
    """The SHA-256 the history recorded for each of ``files`` that is unchanged since (same
    place, size and modification time to the nanosecond)."""
    if not database.is_file():
        return {}
    found: dict[Path, str] = {}
    with connect(database) as conn:
        for path in files:
            row = conn.execute(
                "SELECT sha256 FROM run_inputs WHERE location = ? AND size = ? AND mtime_ns = ?"
                " ORDER BY run_id DESC LIMIT 1",
                _stat(path),
            ).fetchone()
            if row:
                found[path] = row[0]
    return found


def config_sha256(result: RunResult) -> str:
    """SHA-256 of the effective configuration (its validated values, not its comments)."""
    return hashlib.sha256(result.config.model_dump_json().encode("utf-8")).hexdigest()


def record_run(
    path: Path,
    result: RunResult,
    *,
    started_at: dt.datetime,
    digests: Mapping[Path, str] | None = None,
) -> int:
    """Add ``result`` to the history at ``path`` in one transaction; returns its run_id.

    The files the run read are recorded with their SHA-256 (``digests``, by path, when they
    were computed already). An interrupted run leaves no part of itself in the database:
    everything is written, or nothing.
    """
    known = digests or {}
    hashes = [
        (f.role, f.shown, known.get(f.path) or file_sha256(f.path), *_stat(f.path))
        for f in result.inputs
    ]
    with connect(path) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            run_id = _insert_run(conn, result, started_at, hashes)
            _insert_unit_counts(conn, run_id, result)
            _insert_frame(conn, "findings", run_id, findings_frame(result.findings))
            _insert_frame(
                conn, "followups", run_id, followup_frame(result.followups)[FOLLOWUP_COLUMNS]
            )
            _insert_heeded(conn, run_id, result)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return run_id


def _insert_run(
    conn: sqlite3.Connection,
    result: RunResult,
    started_at: dt.datetime,
    hashes: Iterable[tuple[str, str, str, str, int, int]],
) -> int:
    period = result.period
    cursor = conn.execute(
        "INSERT INTO runs (period_label, period_kind, period_start, period_end, as_of, started_at,"
        " finished_at, tool_version, config_sha256, province) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (
            period.label,
            period.kind,
            period.start.isoformat(),
            period.end.isoformat(),
            result.as_of.isoformat(),
            started_at.isoformat(timespec="seconds"),
            dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            __version__,
            config_sha256(result),
            result.config.organisation.province,
        ),
    )
    run_id = cursor.lastrowid
    assert run_id is not None  # an INSERT into a rowid table always gives one
    conn.executemany(
        "INSERT INTO run_inputs (run_id, role, path, sha256, location, size, mtime_ns)"
        " VALUES (?,?,?,?,?,?,?)",
        [(run_id, *row) for row in hashes],
    )
    return run_id


def _insert_unit_counts(conn: sqlite3.Connection, run_id: int, result: RunResult) -> None:
    rows = []
    for unit in result.counts.units:
        c = unit.counts
        figures = [c[key] for key in COUNT_KEYS] + [
            c.of(kind)[key] for kind in OVERDUE_KINDS for key in COMPLIANCE_KEYS
        ]
        reasons = ";".join(str(reason) for reason in unit.flag_reasons)
        rows.append(
            (run_id, unit.unit_id, unit.unit_name, unit.level, unit.flagged, reasons, *figures)
        )
    columns = ["run_id", "unit_id", "unit_name", "level", "flagged", "flag_reasons", *COUNT_COLUMNS]
    marks = ",".join("?" * len(columns))
    # Column names come from this module's constants, values through placeholders.
    sql = f"INSERT INTO unit_counts ({','.join(columns)}) VALUES ({marks})"  # noqa: S608
    conn.executemany(sql, rows)


def _insert_heeded(conn: sqlite3.Connection, run_id: int, result: RunResult) -> None:
    heeded = result.heeded
    if heeded is None:
        return
    conn.executemany(
        "INSERT INTO followups_heeded (run_id, followup_period, unit_id, case_id, apology, posted,"
        " published, resolved, web_checked) VALUES (?,?,?,?,?,?,?,?,?)",
        [
            (run_id, heeded.period_label, c.unit_id, c.case_id, c.apology, c.posted,
             c.published, c.resolved, heeded.web_checked)
            for c in heeded.cases
        ],
    )  # fmt: skip


def _insert_frame(conn: sqlite3.Connection, table: str, run_id: int, frame: pd.DataFrame) -> None:
    """The rows of a machine-facing frame (findings.csv, followup.csv), as written to the CSV."""
    columns = ["run_id", *frame.columns]
    marks = ",".join("?" * len(columns))
    values = frame.astype(object).where(frame.notna(), None)
    rows = [(run_id, *row) for row in values.itertuples(index=False, name=None)]
    # The table and its columns are the contract's (findings.csv, followup.csv), not data.
    sql = f"INSERT INTO {table} ({','.join(columns)}) VALUES ({marks})"  # noqa: S608
    conn.executemany(sql, rows)
