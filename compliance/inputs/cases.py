"""The case exports loaded: dates parsed, every unusable row rejected saying why, duplicates."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

from compliance.config import Config
from compliance.inputs.checks import (
    DATE_SHAPE,
    EXCLUDED_STATUS,
    NOT_A_STATUS,
    check_header_mapping,
    fix_legacy_columns,
    key_matches,
    misplaced_codes,
    non_case_rows,
    per_value,
    without_letters,
)
from compliance.inputs.collect import Loaded, read_all
from compliance.inputs.fields import CASE_FIELDS, DATE_FIELDS
from compliance.inputs.rejects import bad_date_reason, misplaced_reason, reject_frame, rejects_of
from compliance.read.dates import day_numbers, parse_date_column
from compliance.read.kernels import all_distinct_fast, normalise_case_codes_fast
from compliance.text import blank_cells


def load_cases(config: Config) -> Loaded:
    """Read every case export; parse dates; reject what cannot be used, saying why.

    Each rule below is computed over the whole column at once; a row takes the first rule
    that rejects it, and the frame is filtered once at the end (no copies per rule).
    """
    raw, tables = read_all(config, config.inputs.cases, CASE_FIELDS, "cases")
    header_of = {
        s.name: next((t.columns[s.name] for t in tables if s.name in t.columns), None)
        for s in CASE_FIELDS
    }
    # Arrow and numpy release the GIL: the four date columns are parsed on all cores while
    # this thread cleans the text columns and the case codes, whose uniqueness is checked
    # beside it too.
    columns = [col for col, _, _ in DATE_FIELDS]
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        parsing = [pool.submit(parse_date_column, raw[col]) for col in columns]
        frame = raw  # filtered once, at the end
        fix_legacy_columns(
            frame, ["unit", "sector", "procedure", "applicant", "status", "channel", "level"]
        )
        frame["case_id"] = frame["case_id"].astype("str").str.strip()
        frame["case_key"] = normalise_case_codes_fast(frame["case_id"])
        all_unique = pool.submit(all_distinct_fast, frame["case_key"])
        blank = {}
        for col, parsed in zip(columns, parsing, strict=True):
            frame[col + "_ts"], blank[col] = parsed.result()
        codes_unique = all_unique.result()
    not_case = non_case_rows(frame)
    skipped = int(not_case.sum())
    rel = config.rules.result_date
    first, second = (
        ("resolved_at_ts", "returned_at_ts")
        if rel == "resolved"
        else ("returned_at_ts", "resolved_at_ts")
    )
    frame["result_ts"] = frame[first].fillna(frame[second])

    rejected = not_case.copy()  # rows already accounted for (non-case rows are not rejects)
    rejects: list[pd.DataFrame] = []

    def reject(mask: pd.Series, reason, code: str) -> None:
        hit = mask & ~rejected
        if hit.any():
            rejects.append(rejects_of(frame, hit, reason, code))
            rejected[hit] = True

    reject(
        frame["case_key"] == "",
        f"thiếu mã hồ sơ (cột '{header_of['case_id'] or 'Mã hồ sơ'}') — điền mã hồ sơ cho dòng này",
        "missing_case_id",
    )
    # Cells under the wrong header: the row sits one column off (or the header is wrong).
    misplaced = pd.Series(False, index=frame.index)
    for column, what, test in (
        ("case_id", "mã hồ sơ", misplaced_codes),
        ("unit", "tên đơn vị", lambda f: per_value(f["unit"], without_letters)),
        ("status", "trạng thái hồ sơ", lambda f: per_value(f["status"], NOT_A_STATUS.search)),
    ):
        hit = test(frame) & ~rejected
        misplaced |= hit
        reject(
            hit,
            lambda p, c=column, w=what: misplaced_reason(p, c, header_of[c] or c, w),
            f"misplaced_{column}",
        )
    reject(
        key_matches(frame["status"], EXCLUDED_STATUS),
        lambda p: (
            "không tính vào kỳ: trạng thái '"
            + p["status"].astype(str)
            + "' (không được tiếp nhận, từ chối, rút hoặc dừng xử lý)"
        ),
        "excluded_status",
    )
    for col, label, required in DATE_FIELDS:
        empty = pd.Series(blank[col], index=frame.index)
        if required:
            reject(
                empty,
                f"thiếu '{header_of[col] or label}' — điền ngày dạng dd/mm/yyyy",
                f"missing_{col}",
            )
        unreadable = ~empty & frame[col + "_ts"].isna()
        looked_at = unreadable & ~rejected  # the few unreadable cells, not the whole column
        not_a_date = looked_at & ~per_value(frame[col], DATE_SHAPE.match, looked_at)
        misplaced |= not_a_date
        reject(
            not_a_date,
            lambda p, c=col, lab=label: misplaced_reason(p, c, header_of[c] or lab, "ngày"),
            f"misplaced_{col}",
        )
        reject(
            unreadable,
            lambda p, c=col, lab=label: bad_date_reason(p, c, lab, header_of[c]),
            f"bad_{col}",
        )
    received_day = day_numbers(frame["received_at_ts"])
    for col, label, fix, code in (
        ("result_ts", "ngày có kết quả", "kiểm tra lại hai ngày này", "result_before_receipt"),
        ("due_at_ts", "ngày hẹn trả", "kiểm tra lại ngày hẹn trả", "due_before_receipt"),
    ):
        reject(
            frame[col].notna() & (day_numbers(frame[col]) < received_day),
            lambda p, c=col, lab=label, f=fix: (
                f"{lab} "
                + p[c].dt.strftime("%d/%m/%Y")
                + " trước ngày tiếp nhận "
                + p["received_at_ts"].dt.strftime("%d/%m/%Y")
                + f" — {f}"
            ),
            code,
        )
    check_header_mapping(frame, misplaced, not_case, header_of)
    duplicate, dup_rejects = _duplicates(frame, ~rejected, codes_unique)
    rejects.append(dup_rejects)
    keep = ~(rejected | duplicate)
    frame = frame.drop(columns=[c for c, _, _ in DATE_FIELDS])
    if not keep.all():
        frame = frame.loc[keep.to_numpy()].reset_index(drop=True)
    return Loaded(frame, reject_frame(rejects), tables, skipped)


def _duplicates(
    frame: pd.DataFrame, alive: pd.Series, all_distinct: bool
) -> tuple[pd.Series, pd.DataFrame]:
    """Among ``alive`` rows, keep the most complete, then latest, row of each case code.

    Returns the mask of rows to drop and their rejects (naming the row that was kept).
    ``all_distinct``: no two codes are equal (:func:`all_distinct_fast`), the usual case.
    """
    drop_mask = pd.Series(False, index=frame.index)
    if all_distinct:
        return drop_mask, pd.DataFrame()
    # A rejected row sharing a code does not count: it is marked here but alone among the alive.
    dup = frame["case_key"].duplicated(keep=False) & alive
    if not dup.any():
        return drop_mask, pd.DataFrame()
    part = frame.loc[dup].copy()
    text_cols = ("unit", "sector", "procedure", "applicant", "channel", "status")
    filled = sum((~blank_cells(part[c])).astype(int) for c in text_cols)
    part["_score"] = (
        filled
        + part["resolved_at_ts"].notna().astype(int)
        + part["returned_at_ts"].notna().astype(int)
    )
    part["_latest"] = part[["result_ts", "received_at_ts"]].max(axis=1)
    part["_order"] = np.arange(len(part))
    part = part.sort_values(
        ["case_key", "_score", "_latest", "_order"], ascending=[True, False, False, False]
    )
    kept = part.drop_duplicates("case_key", keep="first")
    kept_at = dict(
        zip(kept["case_key"], zip(kept["_file"], kept["_row"], strict=True), strict=True)
    )
    drop = part.index.difference(kept.index)
    drop_mask[drop] = True
    dropped = frame.loc[drop]
    reasons = [
        f"trùng mã hồ sơ với dòng {kept_at[k][1]} của tệp {kept_at[k][0]} (giữ dòng đầy đủ/mới hơn) — xóa dòng trùng"
        for k in dropped["case_key"]
    ]
    rej = pd.DataFrame(
        {"file": dropped["_file"], "row": dropped["_row"], "case_id": dropped["case_id"], "reason": reasons,
         "code": "duplicate_case_id"}
    )  # fmt: skip
    return drop_mask, rej
