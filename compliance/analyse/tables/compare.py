"""A results table against a run: every figure that differs from the run's resolution_table.csv."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from compliance.analyse.tables.layouts import FIELDS
from compliance.analyse.tables.read import ResultsTable
from compliance.errors import InputError, UsageError
from compliance.formatting import vn_int
from compliance.text import name_key

_NUMBERING = re.compile(r"^\s*(?:\d{1,3}|[IVX]+|[a-zđ])[.)]\s+")  # "1. Sở Tư pháp", "a) …"


@dataclass
class Difference:
    """A figure of the report that is not the one the run computed from the cases."""

    row: int
    name: str
    field: str
    words: str
    reported: int
    computed: int

    def render(self) -> str:
        return (
            f"{self.name} (dòng {self.row}): báo cáo {vn_int(self.reported)} {self.words}, "
            f"dữ liệu một cửa có {vn_int(self.computed)}"
        )


@dataclass
class Comparison:
    """The report against a run: differences, and rows and units that could not be paired."""

    source: Path
    differences: list[Difference] = field(default_factory=list)
    unmatched: list[tuple[int, str]] = field(default_factory=list)  # report rows, no unit
    duplicates: list[tuple[int, str, int]] = field(default_factory=list)  # row, name, first row
    missing: list[tuple[str, str, int]] = field(default_factory=list)  # unit id, name, cases
    compared_rows: int = 0
    compared_cells: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.differences or self.unmatched or self.duplicates or self.missing)

    def lines(self) -> list[str]:
        out = [d.render() for d in self.differences]
        out += [
            f"dòng {row} ({name}): trùng đơn vị với dòng {first}, chỉ so dòng {first}"
            for row, name, first in self.duplicates
        ]
        out += [
            f"dòng {row} ({name or 'không tên'}): không khớp đơn vị nào trong dữ liệu một cửa"
            for row, name in self.unmatched
        ]
        out += [
            f"{name}: có {vn_int(cases)} hồ sơ trong dữ liệu một cửa nhưng không có trong biểu"
            for _, name, cases in self.missing
        ]
        return out


#: resolution_table.csv column of each figure of the report (early and on time: see _expected).
_RUN_COLUMNS = {
    "received_total": "total", "carried_over": "carried_over", "new_online": "new_online",
    "new_direct_or_postal": "new_direct_or_postal", "interconnected": "interconnected",
    "resolved_total": "resolved", "resolved_on_time": "resolved_on_time",
    "resolved_late": "resolved_late", "pending_total": "pending",
    "pending_in_time": "pending_in_time", "pending_overdue": "pending_overdue",
}  # fmt: skip


def load_run(folder: Path) -> tuple[pd.DataFrame, Path]:
    """A run's resolution_table.csv, by unit id, with ``early`` and ``on_time_only`` from its
    summary.json when that is there; UsageError when the folder is no run's output."""
    from compliance.model import RESOLUTION_COLUMNS, RESOLUTION_TOTAL_ID

    folder = Path(folder)
    hint = (
        "Chỉ --against tới thư mục kết quả của một lần chạy, ví dụ out/2020-05 "
        "(chạy `compliance run --period 2020-05` trước nếu chưa có)."
    )
    if not folder.exists():
        raise UsageError(f"--against {folder}: không có thư mục này", hint=hint)
    source = folder if folder.is_file() else folder / "resolution_table.csv"
    if not source.is_file():
        raise UsageError(f"--against {folder}: thư mục không có resolution_table.csv", hint=hint)
    try:
        run = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise UsageError(f"{source}: không đọc được ({exc})", hint=hint) from None
    missing = [c for c in RESOLUTION_COLUMNS if c not in run.columns]
    if missing:
        raise UsageError(
            f"{source}: không phải resolution_table.csv của compliance (thiếu cột {', '.join(missing)})",
            hint=hint,
        )
    figures = RESOLUTION_COLUMNS[3:]
    numbers = run[figures].apply(pd.to_numeric, errors="coerce")
    if numbers.isna().any().any():
        bad = int(numbers.isna().any(axis=1).idxmax()) + 2
        raise UsageError(f"{source}, dòng {bad}: có ô không phải số", hint=hint)
    run = pd.concat([run[["unit_id", "unit_name"]], numbers.astype("int64")], axis=1)
    run = run.set_index("unit_id", drop=False)
    summary = source.parent / "summary.json"
    try:
        data = json.loads(summary.read_text(encoding="utf-8"))
        counts = {u["unit_id"]: u["counts"] for u in data["by_unit"]}
        counts[RESOLUTION_TOTAL_ID] = data["totals"]
        run["early"] = [int(counts[u]["resolved_early"]) for u in run.index]
        run["on_time_only"] = [int(counts[u]["resolved_on_time"]) for u in run.index]
    except (OSError, ValueError, KeyError, TypeError):
        pass  # without summary.json early and on time are compared together
    return run, source


def _expected(
    table: ResultsTable, run: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """(report figures, run figures, words) for every figure both tables have, by field."""
    report = table.rows
    cols = table.columns
    ours, theirs, words = {}, {}, {}
    for f in FIELDS:
        if f in _RUN_COLUMNS and f in cols:
            ours[f], theirs[f], words[f] = run[_RUN_COLUMNS[f]], report[f], FIELDS[f][1]
    if "new_direct_or_postal" in cols and "interconnected" not in cols:
        # the official form has no liên thông column: such cases are counted as received directly
        ours["new_direct_or_postal"] = run["new_direct_or_postal"] + run["interconnected"]
        words["new_direct_or_postal"] += " (gồm cả liên thông)"
    if "resolved_on_time" in cols and table.on_time_includes_early:
        words["resolved_on_time"] += " (gồm cả trước hạn)"
    elif "resolved_early" in cols and "early" in run.columns:
        ours["resolved_early"], theirs["resolved_early"] = run["early"], report["resolved_early"]
        words["resolved_early"] = FIELDS["resolved_early"][1]
        if "resolved_on_time" in cols:
            ours["resolved_on_time"] = run["on_time_only"]
    elif "resolved_early" in cols:
        ours.pop("resolved_on_time", None)
        theirs.pop("resolved_on_time", None)
        words.pop("resolved_on_time", None)
        if "resolved_on_time" in cols:
            ours["early_and_on_time"] = run["resolved_on_time"]
            theirs["early_and_on_time"] = report["resolved_early"] + report["resolved_on_time"]
            words["early_and_on_time"] = "hồ sơ trả trước hạn và đúng hạn"
    order = [f for f in [*FIELDS, "early_and_on_time"] if f in theirs]
    order.sort(
        key=lambda f: list(FIELDS).index("resolved_on_time" if f == "early_and_on_time" else f)
    )
    return pd.DataFrame(theirs)[order], pd.DataFrame(ours)[order], words


def _unit_finder(run: pd.DataFrame, aliases: dict[str, str] | None) -> Callable[[str], str]:
    """A function: unit id or name as written in a report → the run's unit id ('' if none).

    By unit id, by :func:`text.name_key` of the name or an alias, else the one unit whose name
    starts with the report's ("Sở Tư pháp" for "Sở Tư pháp tỉnh Đắk Lắk") or the other way round.
    """
    from compliance.model import RESOLUTION_TOTAL_ID

    units = run[run.index != RESOLUTION_TOTAL_ID]
    keys = {name_key(a): uid for a, uid in (aliases or {}).items() if uid in units.index}
    keys.update({name_key(n): uid for uid, n in zip(units.index, units["unit_name"], strict=True)})

    def find(text: str) -> str:
        text = text.strip()
        if text in units.index:
            return text
        key = name_key(_NUMBERING.sub("", text))
        if not key or key in keys:
            return keys.get(key, "")
        hits = {u for k, u in keys.items() if k.startswith(key + " ") or key.startswith(k + " ")}
        return hits.pop() if len(hits) == 1 else ""

    return find


def _pair_unit_rows(
    rows: pd.DataFrame, run: pd.DataFrame, find: Callable[[str], str], result: Comparison
) -> pd.Series:
    """Run unit id per report row (TOTAL for the totals row, '' for rows left out); fills in
    ``result``'s unmatched, duplicated and missing units."""
    from compliance.model import RESOLUTION_TOTAL_ID

    units = rows["kind"] == "unit"
    target = pd.Series("", index=rows.index, dtype=object)
    target[units] = [
        find(uid) or find(name)
        for uid, name in zip(rows.loc[units, "unit_id"], rows.loc[units, "name"], strict=True)
    ]
    found = target[target.ne("")]
    again = found.duplicated(keep="first")
    for i in found.index[again]:
        first = found.index[found.eq(found[i]) & ~again][0]
        result.duplicates.append(
            (int(rows.at[i, "row"]), rows.at[i, "name"], int(rows.at[first, "row"]))
        )
    target[found.index[again]] = None
    lost = units & target.eq("")
    result.unmatched = list(
        zip(rows.loc[lost, "row"].astype(int), rows.loc[lost, "name"], strict=True)
    )
    others = run[(run.index != RESOLUTION_TOTAL_ID) & ~run.index.isin(found) & (run["total"] > 0)]
    result.missing = list(zip(others.index, others["unit_name"], others["total"], strict=True))
    totals = rows.index[rows["kind"] == "total"]
    if len(totals) and result.missing:
        result.notes.append(
            f"dòng tổng cộng không được so vì biểu thiếu {len(result.missing)} đơn vị có hồ sơ"
        )
    elif len(totals):
        target[totals[-1]] = RESOLUTION_TOTAL_ID
    if found.empty:
        result.notes.append(
            "không dòng nào khớp một đơn vị: nếu đây là biểu của một đơn vị (các dòng là lĩnh "
            "vực), dùng --unit MÃ_ĐƠN_VỊ"
        )
    return target.where(target.notna(), "")


def _pair_one_unit(
    table: ResultsTable,
    run: pd.DataFrame,
    find: Callable[[str], str],
    unit: str,
    result: Comparison,
) -> pd.Series:
    """A unit's own table: its totals row (or its one row) is the unit."""
    from compliance.model import RESOLUTION_TOTAL_ID

    rows = table.rows
    uid = find(unit)
    if not uid or uid == RESOLUTION_TOTAL_ID:
        raise UsageError(
            f"--unit {unit}: không có đơn vị này trong {result.source}",
            hint="Dùng mã đơn vị (cột unit_id) hoặc tên đơn vị như trong resolution_table.csv.",
        )
    name = run.at[uid, "unit_name"]
    totals = rows.index[rows["kind"] == "total"]
    if not len(totals) and len(rows) != 1:
        raise InputError(
            f"{table.path}: biểu không có dòng Tổng cộng để so với {name}",
            hint="Thêm dòng Tổng cộng vào biểu, hoặc bỏ --unit nếu mỗi dòng là một đơn vị.",
        )
    target = pd.Series("", index=rows.index, dtype=object)
    target[totals[0] if len(totals) else rows.index[0]] = uid
    result.notes.append(f"biểu của {name}: so dòng tổng cộng với đơn vị này")
    return target


def compare_with_run(
    table: ResultsTable,
    folder: Path,
    unit: str | None = None,
    aliases: dict[str, str] | None = None,
) -> Comparison:
    """Every figure of ``table`` against the run in ``folder`` (OUT/<period>).

    Rows are paired with units by unit id or name (see :func:`_unit_finder`; ``aliases``: more
    names → unit id, from config.yaml); the totals row with the run's TOTAL when no unit with
    cases is missing. With ``unit`` the table is that one unit's (its rows are sectors): its
    totals row is compared with the unit.
    """
    run, source = load_run(folder)
    result = Comparison(source)
    find = _unit_finder(run, aliases)
    rows = table.rows.copy()
    if unit is None:
        target = _pair_unit_rows(rows, run, find, result)
    else:
        target = _pair_one_unit(table, run, find, unit, result)
        rows.loc[target.ne(""), "name"] = run.at[target[target.ne("")].iloc[0], "unit_name"]
    paired = target[target.ne("")]
    theirs, ours, words = _expected(table, run)
    theirs = theirs.loc[paired.index]
    ours = ours.reindex(paired.to_numpy()).set_axis(paired.index)
    both = theirs.notna() & ours.notna()
    result.compared_rows = len(paired)
    result.compared_cells = int(both.to_numpy().sum())
    for i, f in (both & theirs.ne(ours)).stack().loc[lambda s: s].index:
        result.differences.append(
            Difference(
                int(rows.at[i, "row"]),
                str(rows.at[i, "name"] or run.at[paired[i], "unit_name"]),
                f,
                words[f],
                int(theirs.at[i, f]),
                int(ours.at[i, f]),
            )
        )
    return result
