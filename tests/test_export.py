"""The history exported as Parquet: partitions by province and period, the latest runs' rows and
figures exactly, one schema in every file, a re-export that replaces, DuckDB reading it back."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from compliance.calendar.periods import parse_period
from compliance.cli import main
from compliance.config import load_config
from compliance.errors import UsageError
from compliance.history import export as export_module
from compliance.history.export import (
    FINDINGS_SCHEMA,
    SCHEMAS,
    UNIT_COUNTS_SCHEMA,
    export_history,
    partition_segment,
)
from compliance.history.store import COUNT_COLUMNS
from compliance.model import FINDINGS_COLUMNS
from compliance.pipeline import run_period

ROOT = Path(__file__).resolve().parent.parent
#: the bundled example's months; 2020-05 is run twice (the export takes the second run)
PERIODS = ["2020-04", "2020-05", "2020-06", "2020-05"]
LATEST = {"2020-04": 1, "2020-05": 4, "2020-06": 3}
PROVINCE = "Đắk Lắk"


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    """Four runs of the bundled example (three periods) recorded in one history."""
    out = tmp_path_factory.mktemp("out")
    config = load_config(ROOT / "config.yaml")
    for label in PERIODS:
        run_period(config, parse_period(label), out_dir=out, web=False, render=False)
    return out / "history.sqlite"


@pytest.fixture(scope="module")
def exported(history, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export")
    export_history(history, out)
    return out


def sql(path: Path, query: str, *params) -> pd.DataFrame:
    with sqlite3.connect(path) as conn:
        return pd.read_sql_query(query, conn, params=params)


def dataset(out: Path, name: str) -> pd.DataFrame:
    table = ds.dataset(out / name, format="parquet", partitioning="hive").to_table()
    return table.to_pandas()


def partitions(out: Path, name: str) -> list[str]:
    return sorted(p.relative_to(out / name).as_posix() for p in (out / name).rglob("*.parquet"))


@pytest.mark.parametrize("name", ["unit_counts", "findings"])
def test_one_file_per_province_and_period_with_its_name_as_written(exported, name):
    assert partitions(exported, name) == [
        f"province={PROVINCE}/period={label}/part-0.parquet" for label in sorted(LATEST)
    ]
    assert sorted(p.name for p in exported.iterdir()) == ["findings", "unit_counts"]


@pytest.mark.parametrize(
    ("table", "name"),
    [("unit_counts", "unit_counts"), ("findings", "findings")],
)
def test_rows_are_the_latest_run_of_each_period(history, exported, table, name):
    frame = dataset(exported, name)
    counts = frame.groupby("period", observed=True)["run_id"].agg(["size", "unique"])
    for label, run_id in LATEST.items():
        expected = sql(history, f"SELECT count(*) AS n FROM {table} WHERE run_id = ?", run_id)  # noqa: S608
        n = int(expected["n"].iloc[0])
        assert (counts.loc[label, "size"] if label in counts.index else 0) == n
        if n:
            assert list(counts.loc[label, "unique"]) == [run_id]
    assert set(frame["province"]) == {PROVINCE}


def test_unit_counts_figures_are_the_history_s(history, exported):
    frame = dataset(exported, "unit_counts")
    stored = sql(
        history,
        "SELECT u.*, r.period_label AS period, r.period_kind, r.period_start, r.period_end,"
        f" r.as_of FROM unit_counts u JOIN runs r USING (run_id) WHERE run_id IN {tuple(LATEST.values())}",
    )
    key = ["period", "unit_id"]
    frame = frame.sort_values(key).reset_index(drop=True)
    stored = stored.sort_values(key).reset_index(drop=True)
    assert len(frame) == len(stored) > 0
    for column in ["run_id", "unit_id", "unit_name", "level", "flag_reasons", *COUNT_COLUMNS]:
        assert frame[column].tolist() == stored[column].tolist(), column
    assert frame["flagged"].tolist() == stored["flagged"].astype(bool).tolist()
    for column in ("period_start", "period_end", "as_of"):
        assert [d.isoformat() for d in frame[column]] == stored[column].tolist(), column
    assert frame["period"].astype(str).tolist() == stored["period"].tolist()
    assert frame["resolved_late"].sum() > 0 and frame["flagged"].any()


def test_findings_are_the_history_s_with_dates_typed(history, exported):
    frame = dataset(exported, "findings").sort_values(["run_id", "case_id"]).reset_index(drop=True)
    stored = sql(
        history,
        f"SELECT * FROM findings WHERE run_id IN {tuple(LATEST.values())} ORDER BY run_id, case_id",
    )
    assert len(frame) == len(stored) > 0
    for column in FINDINGS_COLUMNS:
        values = frame[column]
        if column in ("received_at", "due_at", "result_at", "new_due_at"):
            values = values.map(
                lambda t: "" if pd.isna(t) else t.isoformat().replace("T00:00:00", "")
            )
        elif column == "letter_issued_on":
            values = values.map(lambda d: "" if d is None or pd.isna(d) else d.isoformat())
        assert values.tolist() == stored[column].tolist(), column


@pytest.mark.parametrize("name", ["unit_counts", "findings"])
def test_every_file_has_the_dataset_s_schema(exported, name):
    files = sorted((exported / name).rglob("*.parquet"))
    assert files
    for path in files:
        assert pq.read_schema(path) == SCHEMAS[name], path
    assert ds.dataset(exported / name, format="parquet").schema == SCHEMAS[name]


def test_dates_are_dates_and_moments_are_timestamps():
    fields = {f.name: f.type for f in FINDINGS_SCHEMA}
    assert fields["received_at"] == pa.timestamp("us")
    assert fields["letter_issued_on"] == pa.date32()
    assert fields["working_days_late"] == pa.int64()
    assert UNIT_COUNTS_SCHEMA.field("period_start").type == pa.date32()
    assert UNIT_COUNTS_SCHEMA.field("flagged").type == pa.bool_()


def test_a_reexport_replaces_the_datasets(history, tmp_path):
    out = tmp_path / "export"
    export_history(history, out)
    stale = out / "findings" / "province=Tỉnh cũ" / "period=2019-12" / "part-0.parquet"
    stale.parent.mkdir(parents=True)
    shutil.copy(next((out / "findings").rglob("*.parquet")), stale)
    smaller = tmp_path / "history.sqlite"
    shutil.copy(history, smaller)
    with sqlite3.connect(smaller) as conn:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("DELETE FROM runs WHERE period_label <> '2020-04'")
    result = export_history(smaller, out)
    assert result.periods == ["2020-04"]
    for name in ("unit_counts", "findings"):
        assert partitions(out, name) == [f"province={PROVINCE}/period=2020-04/part-0.parquet"]
    assert sorted(p.name for p in out.iterdir()) == ["findings", "unit_counts"]  # no leftovers


def test_a_failed_export_leaves_the_previous_one(history, tmp_path, monkeypatch):
    out = tmp_path / "export"
    export_history(history, out)
    before = {p: p.read_bytes() for p in out.rglob("*.parquet")}
    calls = []

    def failing_write(table, path, **kwargs):
        calls.append(path)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        pq.write_table(table, path, **kwargs)

    monkeypatch.setattr(export_module.pq, "write_table", failing_write)
    with pytest.raises(UsageError, match="không ghi được vào thư mục"):
        export_history(history, out)
    assert {p: p.read_bytes() for p in out.rglob("*.parquet")} == before
    assert sorted(p.name for p in out.iterdir()) == ["findings", "unit_counts"]


@pytest.mark.parametrize(
    ("value", "segment"),
    [
        ("Đắk Lắk", "province=Đắk Lắk"),  # letters and spaces as they are: Spark reads them so
        ("Bà Rịa - Vũng Tàu", "province=Bà Rịa - Vũng Tàu"),
        ("A/B", "province=A%2FB"),
        ("50% = nửa", "province=50%25 %3D nửa"),
        ("..", "province=%2E%2E"),
    ],
)
def test_partition_values_are_escaped_only_where_a_path_needs_it(value, segment):
    assert partition_segment("province", value) == segment


def test_odd_province_names_read_back_as_they_were(history, tmp_path):
    odd = tmp_path / "history.sqlite"
    shutil.copy(history, odd)
    name = "Tỉnh A/B: 100% = thử"
    with sqlite3.connect(odd) as conn:
        conn.execute("UPDATE runs SET province = ?", (name,))
    out = tmp_path / "export"
    export_history(odd, out)
    assert set(dataset(out, "unit_counts")["province"]) == {name}
    duckdb = pytest.importorskip("duckdb")
    glob = (out / "unit_counts" / "**" / "*.parquet").as_posix()
    got = duckdb.sql(
        f"SELECT DISTINCT province FROM read_parquet('{glob}', hive_partitioning = true)"
    )
    assert got.fetchall() == [(name,)]


def documented_queries(out: Path) -> list[str]:
    """docs/scale.md's queries, reading the export at ``out``."""
    text = (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")
    queries = re.findall(r"```sql\n(.*?)```", text, re.S)
    assert len(queries) == 2
    return [query.replace("'export/", f"'{out.as_posix()}/") for query in queries]


def test_duckdb_reads_the_export_and_the_documented_query_gives_the_history_s_rates(
    history, exported
):
    duckdb = pytest.importorskip("duckdb")
    glob = (exported / "findings" / "**" / "*.parquet").as_posix()
    findings = duckdb.sql(
        f"SELECT province, period, count(*) AS n, min(received_at) AS first"
        f" FROM read_parquet('{glob}', hive_partitioning = true) GROUP BY ALL ORDER BY period"
    ).df()
    assert findings["province"].tolist() == [PROVINCE] * len(findings)
    assert pd.api.types.is_datetime64_any_dtype(findings["first"])

    table = duckdb.sql(documented_queries(exported)[0]).df().set_index(["province", "level"])
    stored = sql(
        history,
        "SELECT level, sum(resolved) AS resolved, sum(resolved_late) AS late,"
        " sum(resolved_late__cases + pending_overdue__cases) AS overdue,"
        " sum(resolved_late__apology_issued + pending_overdue__apology_issued) AS issued"
        f" FROM unit_counts WHERE run_id IN {tuple(LATEST.values())} GROUP BY level",
    ).set_index("level")
    assert sorted(table.index) == sorted((PROVINCE, level) for level in stored.index)
    for level, row in stored.iterrows():
        got = table.loc[(PROVINCE, level)]
        assert got["periods"] == len(LATEST)
        assert got["resolved_late"] == row["late"] and got["apology_issued"] == row["issued"]
        if row["resolved"]:
            assert got["late_rate"] == pytest.approx(row["late"] / row["resolved"], abs=1e-4)
        if row["overdue"]:
            assert got["apology_rate"] == pytest.approx(row["issued"] / row["overdue"], abs=1e-4)


def test_the_command_prints_what_it_wrote(history, tmp_path):
    out = tmp_path / "x"
    result = CliRunner().invoke(main, ["export", "--history", str(history), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Đã xuất 3 kỳ (2020-04, 2020-05, 2020-06) của {PROVINCE} vào {out}:" in result.output
    assert "unit_counts/: " in result.output and "3 tệp Parquet" in result.output
    assert partitions(out, "unit_counts")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--history", "{tmp}/none.sqlite"], "chưa có lịch sử kiểm tra: không có tệp"),
        (["--history", "{empty}"], "chưa có kỳ nào: không có gì để xuất"),
        (["--format", "csv"], "Invalid value for '--format'"),
    ],
)
def test_usage_errors_exit_2_with_a_plain_message(tmp_path, args, message):
    empty = tmp_path / "empty.sqlite"
    from compliance.history.store import connect

    with connect(empty):
        pass
    args = [a.format(tmp=tmp_path, empty=empty) for a in args]
    result = CliRunner().invoke(main, ["export", *args, "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert message in result.output + (result.stderr if result.stderr_bytes else "")
    assert not (tmp_path / "o").exists()


def test_defaults_come_from_the_config(ws):
    ws.config()
    ws.cases(
        [["000.00.01.H16-200420-0001", "Sở A", "Nguyễn Văn An", "Trực tiếp", "20/04/2020 08:00",
          "24/04/2020", "28/04/2020 10:00", ""]]
    )  # fmt: skip
    config = ["--config", str(ws.root / "config.yaml")]
    runner = CliRunner()
    before = runner.invoke(main, [*config, "export"])
    assert before.exit_code == 2
    assert str(ws.root / "out" / "history.sqlite") in before.output + (before.stderr or "")
    assert runner.invoke(main, [*config, "run", "--period", "2020-05", "--no-web"]).exit_code == 0
    result = runner.invoke(main, [*config, "export"])
    assert result.exit_code == 0, result.output
    assert partitions(ws.root / "out" / "export", "findings")[0].endswith(
        "period=2020-05/part-0.parquet"
    )


def test_the_documented_gap_query_counts_the_history_s_gaps(history, exported):
    duckdb = pytest.importorskip("duckdb")
    got = duckdb.sql(documented_queries(exported)[1]).fetchall()
    stored = sql(history, f"SELECT gaps FROM findings WHERE run_id IN {tuple(LATEST.values())}")
    gaps = stored["gaps"][stored["gaps"] != ""].str.split(";").explode().value_counts()
    assert got and {(gap, n) for _, gap, n in got} == set(gaps.items())
    assert {province for province, _, _ in got} == {PROVINCE}
