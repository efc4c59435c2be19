"""What `compliance history` prints: repeat offenders and each unit's periods, as text, CSV or JSON."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from compliance.errors import UsageError
from compliance.formatting import vn_int, vn_percent
from compliance.history.query import (
    DEFAULT_RULE,
    RepeatRule,
    heeded_by_period,
    latest_runs,
    repeat_offenders,
    unit_periods,
)
from compliance.history.store import connect
from compliance.render.labels import level_name, reason_text

FORMATS = ("table", "csv", "json")


@dataclass(frozen=True)
class HistoryView:
    """The history of the last periods: one row per unit and period, and the repeat offenders."""

    path: Path
    periods: list[str]
    rows: pd.DataFrame
    offenders: pd.DataFrame
    rule: RepeatRule
    #: per period: the previous period's follow-up cases, checked again
    heeded: pd.DataFrame


def repeat_rule(text: str) -> RepeatRule:
    """'3/6' → flagged in at least 3 of the last 6 periods."""
    flagged, _, window = text.partition("/")
    if not (flagged.isdigit() and window.isdigit() and 0 < int(flagged) <= int(window)):
        raise UsageError(
            f"--repeat {text!r} không hợp lệ", hint="Viết K/N với 0 < K ≤ N, ví dụ --repeat 3/6."
        )
    return RepeatRule(int(flagged), int(window))


def read_history(
    path: Path, *, unit: str | None = None, last: int | None = None, rule: RepeatRule = DEFAULT_RULE
) -> HistoryView:
    """The history at ``path``: its last ``last`` periods (all when None), one unit or all."""
    if not path.is_file():
        raise UsageError(
            f"chưa có lịch sử kiểm tra: không có tệp {path}",
            hint="Lịch sử được ghi sau mỗi lần 'compliance run' (trừ khi --no-history); "
            "hoặc chỉ tệp khác bằng --history.",
        )
    with connect(path) as conn:
        runs = latest_runs(conn, last)
        rows = unit_periods(conn, runs, unit)
        heeded = heeded_by_period(conn, runs)
    if unit is not None and rows.empty and not runs.empty:
        raise UsageError(
            f"đơn vị '{unit}' không có trong lịch sử",
            hint="Dùng mã đơn vị (units[].id) như trong findings.csv.",
        )
    offenders = repeat_offenders(rows, rule)
    return HistoryView(path, list(runs["period_label"]), rows, offenders, rule, heeded)


def render(view: HistoryView, fmt: str) -> str:
    """The history in ``fmt``: 'table' for people (Vietnamese), 'csv' or 'json' for machines."""
    if fmt == "csv":
        buffer = io.StringIO()
        view.rows.to_csv(buffer, index=False, lineterminator="\n")
        return buffer.getvalue()
    if fmt == "json":
        document = {
            "periods": view.periods,
            "repeat_rule": {"flagged": view.rule.flagged, "window": view.rule.window},
            "repeat_offenders": view.offenders.to_dict("records"),
            "followup_heeded": view.heeded.to_dict("records"),
            "units": view.rows.to_dict("records"),
        }
        return json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"
    return "\n".join(table_lines(view)) + "\n"


def table_lines(view: HistoryView) -> list[str]:
    """The history as a person reads it: repeat offenders first, then each flagged unit's periods."""
    if not view.periods:
        return [f"Lịch sử kiểm tra ({view.path}) chưa có kỳ nào."]
    lines = [
        f"Lịch sử kiểm tra: {len(view.periods)} kỳ ({', '.join(view.periods)}) — {view.path}",
        "",
        f"Đơn vị bị nêu cần đôn đốc từ {view.rule.flagged} kỳ trở lên trong "
        f"{view.rule.window} kỳ gần nhất:",
    ]
    if view.offenders.empty:
        lines.append("  Không có.")
    for i, o in enumerate(view.offenders.to_dict("records"), start=1):
        lines.append(
            f"  {i}. {o['unit_name']} ({o['unit_id']}): {o['flagged_periods']} kỳ "
            f"({o['periods'].replace(';', ', ')}), {vn_int(o['overdue_cases'])} hồ sơ quá hạn"
        )
    if not view.heeded.empty:
        lines += ["", "Việc khắc phục sau công văn đôn đốc kỳ trước (xin lỗi, niêm yết, đăng tải):"]
        lines += [
            f"  {h['period_label']} (đôn đốc kỳ {h['followup_period']}): "
            f"{vn_int(h['cases_listed'])} hồ sơ được nêu, đã khắc phục "
            f"{vn_int(h['resolved_since'])}, còn {vn_int(h['still_open'])}"
            for h in view.heeded.to_dict("records")
        ]
    shown = view.rows.groupby("unit_id", sort=False)["flagged"].transform("any")
    if len(view.rows["unit_id"].unique()) == 1:
        shown[:] = True  # one unit asked for: all its periods, flagged or not
    for _, unit in view.rows[shown].groupby("unit_id", sort=False):
        first = unit.iloc[0]
        lines += ["", f"{first['unit_name']} ({first['unit_id']}, {level_name(first['level'])})"]
        lines += [f"  {period_line(row)}" for row in unit.to_dict("records")]
    return lines


def period_line(row: dict[str, Any]) -> str:
    """'2020-05: quá hạn 6/15 hồ sơ đã giải quyết (40,00%); xin lỗi 7/9 (77,78%); bị nêu: …'."""
    resolved, late = int(row["resolved"]), int(row["resolved_late"])
    cases, issued = int(row["overdue_cases"]), int(row["apology_issued"])
    late_text = f"quá hạn {vn_int(late)}/{vn_int(resolved)} hồ sơ đã giải quyết"
    late_text += f" ({vn_percent(late, resolved)})" if resolved else ""
    apology = f"xin lỗi {vn_int(issued)}/{vn_int(cases)}" + (
        f" ({vn_percent(issued, cases)})" if cases else ""
    )
    reasons = [part.partition(":") for part in str(row["flag_reasons"]).split(";") if part]
    flags = "; ".join(reason_text(code, int(n or 1)) for code, _, n in reasons)
    return f"{row['period_label']}: {late_text}; {apology}; " + (
        f"bị nêu: {flags}" if row["flagged"] else "không bị nêu"
    )
