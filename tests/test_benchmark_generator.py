"""The benchmark's synthetic-data generator (benchmarks/generate.py) writes a usable, realistic month."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import sys
from itertools import pairwise
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from compliance.config import load_config  # noqa: E402

N = 2000
CODE = re.compile(r"^(\d{3}\.\d{2}\.\d{2}\.H16)-(\d{6})-(\d{4})$")
START, END = dt.datetime(2020, 4, 15), dt.datetime(2020, 5, 15)  # period 2020-05, end exclusive
REFUSED = {"Từ chối", "Rút hồ sơ"}
DATE_FMT = "%d/%m/%Y %H:%M:%S"


def _load_generator():
    spec = importlib.util.spec_from_file_location(
        "bench_generate", ROOT / "benchmarks" / "generate.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


@pytest.fixture(scope="module")
def months(tmp_path_factory):
    base = tmp_path_factory.mktemp("bench")
    csv_info = gen.generate(base / "csv", N, "csv", seed=1, period="2020-05")
    xlsx_info = gen.generate(base / "xlsx", N, "xlsx", seed=1, period="2020-05")
    return base, csv_info, xlsx_info


def _read_cases_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _dates(values: pd.Series) -> pd.Series:
    """Text dates of the CSV export; empty cells become NaT."""
    return pd.to_datetime(values.where(values != ""), format=DATE_FMT)


def _late_mask(df: pd.DataFrame) -> pd.Series:
    due = _dates(df["Ngày hẹn trả"])
    res = _dates(df["Ngày có kết quả"])
    open_ = res.isna() & ~df["Trạng thái"].isin(REFUSED)
    return (res > due) | (open_ & (due < END))


def test_csv_headers_codes_and_shape(months):
    _, info, _ = months
    df = _read_cases_csv(info["cases_file"])
    assert list(df.columns) == gen.CASE_HEADERS
    assert len(df) == N
    assert df["STT"].tolist() == [str(i) for i in range(1, N + 1)]
    assert df["Mã hồ sơ"].is_unique

    parts = df["Mã hồ sơ"].str.extract(CODE)
    assert parts.notna().all().all(), df.loc[parts[0].isna(), "Mã hồ sơ"].head().tolist()
    received = pd.to_datetime(df["Ngày tiếp nhận"], format=DATE_FMT)
    assert (parts[1] == received.dt.strftime("%y%m%d")).all()

    cfg = load_config(info["config"])
    code_of = {u.name: u.code for u in cfg.units}
    assert (parts[0] == df["Đơn vị giải quyết"].map(code_of)).all()

    assert set(df["Cấp"]) == {"Cấp tỉnh", "Cấp huyện", "Cấp xã"}
    assert set(df["Hình thức nộp"]) <= {
        "Trực tuyến",
        "Trực tiếp",
        "Bưu chính công ích",
        "Liên thông",
    }
    assert df["Chủ hồ sơ"].str.len().gt(3).all()
    assert df["Chủ hồ sơ"].str.contains("Nguyễn").any()


def test_csv_distribution_is_realistic(months):
    _, info, _ = months
    df = _read_cases_csv(info["cases_file"])
    received = pd.to_datetime(df["Ngày tiếp nhận"], format=DATE_FMT)
    due = pd.to_datetime(df["Ngày hẹn trả"], format=DATE_FMT)
    resolved = _dates(df["Ngày có kết quả"])
    returned = _dates(df["Ngày trả kết quả"])

    late = _late_mask(df)
    assert 0 < late.sum() <= 0.005 * N
    assert 0.02 <= (received < START).mean() <= 0.09  # carried over from last month
    assert received.max() < END
    assert 0.80 <= resolved.notna().mean() <= 0.90
    assert (df["Trạng thái"].isin(REFUSED)).mean() < 0.01
    assert (due > received).all()
    assert (resolved.dropna() >= received[resolved.notna()]).all()
    assert (resolved.dropna() < END).all() and (returned.dropna() < END).all()
    assert (returned.dropna() >= resolved[returned.notna()].fillna(received)).all()
    # carried-over cases were still open when the period began
    assert not ((received < START) & (resolved < START)).any()
    # due dates fall on working days (weekends skipped)
    assert (due.dt.day_of_week < 5).all()


def test_xlsx_has_titles_header_and_real_dates(months):
    from openpyxl import load_workbook

    _, csv_info, info = months
    wb = load_workbook(info["cases_file"], read_only=True)
    rows = list(wb.active.iter_rows(values_only=True))
    wb.close()
    assert rows[0][0].startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert rows[1][0] == "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ"
    assert rows[2][0] == "Từ ngày 15/04/2020 đến ngày 14/05/2020"
    assert list(rows[3]) == gen.CASE_HEADERS
    body = rows[4:]
    assert len(body) == N
    assert all(isinstance(r[8], dt.datetime) and isinstance(r[9], dt.datetime) for r in body)
    # same seed, same cases in both formats
    csv_df = _read_cases_csv(csv_info["cases_file"])
    assert [r[1] for r in body] == csv_df["Mã hồ sơ"].tolist()
    first_received = dt.datetime.strptime(csv_df.loc[0, "Ngày tiếp nhận"], DATE_FMT)
    assert abs((body[0][8] - first_received).total_seconds()) < 1
    assert load_config(info["config"]).inputs.cases == ["data/cases-2020-05.xlsx"]


def test_config_units(months):
    _, info, _ = months
    cfg = load_config(info["config"])
    assert cfg.period.cutoff_day == 15
    assert cfg.outputs.dir == "out"
    assert all(cfg.path(p).is_file() for p in cfg.inputs.cases + cfg.inputs.letters)
    units = cfg.units
    assert 180 <= len(units) <= 230
    ids = [u.id for u in units]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", i) for i in ids)
    codes = [u.code for u in units]
    assert len(set(codes)) == len(codes)
    by_id = {u.id: u for u in units}
    levels = pd.Series([u.level for u in units]).value_counts()
    assert 15 <= levels["province"] <= 25 and levels["district"] == 15
    assert all(u.website is None for u in units)
    for unit in units:
        if unit.level == "commune":
            assert unit.parent in by_id and by_id[unit.parent].level == "district", unit.id
            assert re.match(r"UBND (xã|phường|thị trấn) ", unit.name)
        elif unit.level == "district":
            assert re.match(r"UBND (huyện|thị xã|thành phố) ", unit.name)
    assert "so-tu-phap" in by_id and "ubnd-xa-ea-tu" in by_id


def test_letters_register(months):
    _, info, _ = months
    path = info["letters_file"]
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    letters = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(letters.columns) == gen.LETTER_HEADERS
    cases = _read_cases_csv(info["cases_file"])
    late = _late_mask(cases)
    assert 0 < len(letters) <= late.sum()
    norm = letters["Mã hồ sơ"].str.upper().str.replace(r"\s+", "", regex=True)
    assert norm.isin(set(cases.loc[late, "Mã hồ sơ"])).all()


def test_letters_share_and_gaps_at_scale(tmp_path):
    info = gen.generate(tmp_path, 30_000, "csv", seed=3)
    letters = pd.read_csv(
        info["letters_file"], dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    assert 0.65 <= len(letters) / info["late"] <= 0.95
    issued = pd.to_datetime(letters["Ngày xin lỗi"], format="%d/%m/%Y")
    cases = _read_cases_csv(info["cases_file"]).set_index("Mã hồ sơ")
    key = letters["Mã hồ sơ"].str.upper().str.replace(r"\s+", "", regex=True)
    due = pd.to_datetime(cases.loc[key, "Ngày hẹn trả"], format=DATE_FMT).dt.normalize().to_numpy()
    assert (issued.to_numpy() >= due).any()  # some apologies came after the deadline
    assert (letters["Ngày niêm yết"] == "").any()  # some were never posted at the desk
    assert (letters["Ngày niêm yết"] != "").mean() > 0.5


def test_deterministic_for_a_seed(months, tmp_path):
    base, info, xlsx_info = months
    again = gen.generate(tmp_path / "same", N, "csv", seed=1)
    other = gen.generate(tmp_path / "other", N, "csv", seed=2)
    for key in ("cases_file", "letters_file", "config"):
        assert again[key].read_bytes() == info[key].read_bytes(), key
    xlsx_again = gen.generate(tmp_path / "same-xlsx", N, "xlsx", seed=1)
    assert xlsx_again["cases_file"].read_bytes() == xlsx_info["cases_file"].read_bytes()
    assert other["cases_file"].read_bytes() != info["cases_file"].read_bytes()


def test_command_line(tmp_path, capsys):
    assert (
        gen.main(
            ["--cases", "50", "--format", "csv", "--out", str(tmp_path), "--period", "2021-01"]
        )
        == 0
    )
    assert "50 cases" in capsys.readouterr().out
    df = _read_cases_csv(tmp_path / "data" / "cases-2021-01.csv")
    received = pd.to_datetime(df["Ngày tiếp nhận"], format=DATE_FMT)
    assert received.max() < dt.datetime(2021, 1, 15)
    assert received.min() >= dt.datetime(2020, 11, 15)


# --------------------------------------------------------------------------------------------
# The "real" shape: a month in four files, ISO date-times with the +07:00 offset
# --------------------------------------------------------------------------------------------

REAL_N = 4000
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$")


@pytest.fixture(scope="module")
def real_month(tmp_path_factory):
    return gen.generate(tmp_path_factory.mktemp("real"), REAL_N, "csv", seed=1, shape="real")


def _iso_dates(values: pd.Series) -> pd.Series:
    """ISO cells with the +07:00 offset as naive local times; empty cells become NaT."""
    return pd.to_datetime(
        values.where(values != "").str.removesuffix("+07:00"), format="%Y-%m-%dT%H:%M:%S"
    )


def test_real_shape_is_four_files_in_order_of_receipt(real_month):
    files = real_month["cases_files"]
    assert [f.name for f in files] == [f"cases-2020-05-{k}.csv" for k in range(1, 5)]
    parts = [_read_cases_csv(f) for f in files]
    assert [len(p) for p in parts] == [REAL_N // 4] * 4
    for part in parts:
        assert list(part.columns) == gen.CASE_HEADERS
        assert part["STT"].tolist() == [str(i) for i in range(1, len(part) + 1)]
    received = [_iso_dates(p["Ngày tiếp nhận"]) for p in parts]
    assert all(a.max() <= b.min() for a, b in pairwise(received))  # parts follow receipt
    cases = pd.concat(parts, ignore_index=True)
    assert cases["Mã hồ sơ"].is_unique
    assert cases["Mã hồ sơ"].str.match(CODE).all()
    for col in gen.DATE_HEADERS:
        filled = cases.loc[cases[col] != "", col]
        assert filled.str.match(ISO).all(), filled[~filled.str.match(ISO)].head().tolist()


def test_real_shape_has_many_units_distinct_names_and_half_a_percent_late(real_month):
    cases = pd.concat([_read_cases_csv(f) for f in real_month["cases_files"]], ignore_index=True)
    assert cases["Chủ hồ sơ"].nunique() == len(cases)
    assert cases["Đơn vị giải quyết"].nunique() >= 150
    assert set(cases["Cấp"]) == {"Cấp tỉnh", "Cấp huyện", "Cấp xã"}
    due, resolved = _iso_dates(cases["Ngày hẹn trả"]), _iso_dates(cases["Ngày có kết quả"])
    open_ = resolved.isna() & ~cases["Trạng thái"].isin(REFUSED)
    late = (resolved > due) | (open_ & (due < END))
    assert late.sum() == real_month["late"] == round(0.005 * REAL_N)
    assert 0.01 <= open_.mean() <= 0.10  # a few per cent still pending
    letters = pd.read_csv(
        real_month["letters_file"], dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    key = letters["Mã hồ sơ"].str.upper().str.replace(r"\s+", "", regex=True)
    assert 0 < len(letters) <= late.sum() and key.isin(set(cases.loc[late, "Mã hồ sơ"])).all()


def test_real_shape_config_reads_the_four_files_as_one_month(real_month):
    from compliance.inputs.cases import load_cases

    cfg = load_config(real_month["config"])
    assert cfg.inputs.cases == ["data/cases-2020-05-*.csv"]
    assert 200 <= len(cfg.units) <= 230
    loaded = load_cases(cfg)
    assert len(loaded.frame) + len(loaded.rejects) == REAL_N
    assert loaded.frame["_file"].nunique() == 4
    assert not loaded.rejects["code"].str.startswith("bad_").any()  # every ISO date was read
    assert loaded.frame["received_at_ts"].notna().all()


def test_real_shape_is_deterministic_and_csv_only(real_month, tmp_path):
    again = gen.generate(tmp_path / "again", REAL_N, "csv", seed=1, shape="real")
    for mine, theirs in zip(again["cases_files"], real_month["cases_files"], strict=True):
        assert mine.read_bytes() == theirs.read_bytes()
    assert again["letters_file"].read_bytes() == real_month["letters_file"].read_bytes()
    with pytest.raises(ValueError, match="CSV only"):
        gen.generate(tmp_path / "x", 400, "xlsx", shape="real")
    with pytest.raises(ValueError, match="shape"):
        gen.generate(tmp_path / "y", 400, "csv", shape="weekly")


def test_command_line_real_shape(tmp_path, capsys):
    assert gen.main(["--shape", "real", "--cases", "400", "--out", str(tmp_path)]) == 0
    assert "400 cases (2 late) in 4 file(s)" in capsys.readouterr().out
    assert len(list((tmp_path / "data").glob("cases-2020-05-*.csv"))) == 4
