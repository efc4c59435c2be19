"""Rejected rows as rejects.csv rows, and the reasons that say what to fix."""

from __future__ import annotations

import numpy as np
import pandas as pd

from compliance import codes
from compliance.model import REJECT_COLUMNS


def reject_frame(rows: list[pd.DataFrame]) -> pd.DataFrame:
    """The non-empty reject frames as one, in the columns of rejects.csv (and ``code``)."""
    cols = [*REJECT_COLUMNS, "code"]
    rows = [r for r in rows if len(r)]
    if not rows:
        return pd.DataFrame(columns=cols)
    return pd.concat(rows, ignore_index=True)[cols]


def rejects_of(
    frame: pd.DataFrame, mask: pd.Series | np.ndarray, reason, code: str
) -> pd.DataFrame:
    """rejects.csv rows for the rows of ``frame`` under ``mask``; ``reason`` a text or a function
    of those rows giving one text per row."""
    part = frame.loc[mask]
    reasons = reason(part) if callable(reason) else reason
    return pd.DataFrame(
        {
            "file": part["_file"],
            "row": part["_row"],
            "case_id": part["case_id"],
            "reason": reasons,
            "code": code,
        }
    )


def catalogued(frame: pd.DataFrame, mask: pd.Series | np.ndarray, code: str) -> pd.DataFrame:
    """rejects.csv rows of ``code`` whose reason is always the same: worded in the catalogue
    (:data:`compliance.codes.REJECTS`)."""
    return rejects_of(frame, mask, codes.phrase("reject", code), code)


def bad_date_reason(frame: pd.DataFrame, column: str, label: str, header: str | None) -> pd.Series:
    shown = header or label
    return frame[column].map(
        lambda v: (
            f"cột '{shown}': ngày '{v}' không đọc được hoặc không có thật — sửa thành dd/mm/yyyy (ví dụ 14/05/2020)"
        )
    )


def misplaced_reason(frame: pd.DataFrame, column: str, header: str, what: str) -> pd.Series:
    return (
        f"cột '{header}' chứa '"
        + frame[column].astype(str).str.slice(0, 60)
        + f"' (không phải {what}): dòng lệch cột? — kiểm tra các ô của dòng này so với dòng tiêu đề"
    )
