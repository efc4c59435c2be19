"""Row checks over whole columns: non-case rows, cells under the wrong header, legacy fonts.

Non-case rows are blank, totals and signature-footer rows; a file whose rows mostly sit under
the wrong headers stops the run (the header mapping is wrong, not the rows).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from compliance.errors import InputError
from compliance.inputs.fields import DATE_FIELDS
from compliance.read.kernels import fix_legacy_column_fast, matches_fast
from compliance.text import blank_cells, header_key

# Rules over a cell's header key (no accents, lower case), checked once per distinct value.
# A refused, withdrawn or stopped case is not counted; a paused one ("Tạm dừng xử lý") is.
EXCLUDED_STATUS = re.compile(
    r"(?<!tam )\b(khong duoc tiep nhan|khong tiep nhan|tu choi|rut ho so|da rut|dung xu ly|huy ho so)\b"
)
TOTALS = re.compile(r"^(tong\b|cong$)")  # "Tổng số …", "Tổng cộng", a lone "Cộng"
SAID_NO = re.compile(r"^(khong|chua|no|0|false)\b")  # a desk-posting cell saying "not yet"

# What a cell must look like under its header; a row whose cells sit under the wrong headers
# (a block pasted one column off, a row with a stray delimiter) breaks these. Checked in Arrow
# over the whole column (case codes) or once per distinct value (units, statuses).
#: not a case code (on the normalised code: upper case, no spaces, dashes plain): non-ASCII
#: letters (a phrase, a name), no digit at all, a bare row number (STT), a date
NOT_A_CODE = (
    r"[^\x00-\x7F]|^[^0-9]*$|^[0-9]{1,4}$"
    r"|^[0-9]{1,2}[/.][0-9]{1,2}[/.][0-9]{4}|^[0-9]{4}-[0-9]{2}-[0-9]{2}"
)
#: not a case code (on the cell as written): two words of letters ("Da tra ket qua")
WORDS = r"[A-Za-z]{2,}\s+[A-Za-z]{2,}"
#: a date as written, right or wrong (31/02/2026 is a date that does not exist, not a shift)
DATE_SHAPE = re.compile(r"^\d{1,4}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{1,4}")
#: a status cell holding a date, a time or a code: the status is in another column
NOT_A_STATUS = re.compile(r"^[\d\s./:+-]+$|^\w+(\.\w+)*-\d{6}-\d+$")
#: the first cell of a signature footer: place and date, signer titles, "(Ký, họ tên)" (header keys)
_FOOTER = re.compile(
    r"\bngay \d{1,2} thang \d{1,2} nam \d{4}$"
    r"|^(nguoi lap bieu|nguoi lap|nguoi tong hop|nguoi kiem tra|nguoi duyet|thu truong don vi"
    r"|thu truong co quan|giam doc|pho giam doc|chu tich|pho chu tich|truong phong|pho truong phong"
    r"|chanh van phong|ke toan truong)$"
    r"|^(kt|tm|q|tl|tuq) (giam doc|chu tich|uy ban nhan dan|ubnd|thu truong|truong phong"
    r"|chanh van phong|pho giam doc|bo truong)\b"
    r"|^ky( ten)?( va)?( ghi ro)?( ho ten)?( va)?( dong dau)?$|^noi nhan\b"
)
#: a file where more than this share of its case rows sit under the wrong headers has its
#: header mapping wrong, not a few shifted rows
MISPLACED_SHARE = 0.5


def is_blank(frame: pd.DataFrame, cols: list[str]) -> pd.Series:
    """Rows whose ``cols`` are all empty (or only spaces)."""
    blank = pd.Series(True, index=frame.index)
    for col in cols:
        blank &= blank_cells(frame[col])
    return blank


def key_matches(series: pd.Series, rule: re.Pattern) -> pd.Series:
    """Cells whose header key matches ``rule``, computed once per distinct value."""
    return per_value(series, lambda value: rule.search(header_key(value)))


def fix_legacy_columns(frame: pd.DataFrame, columns: list[str]) -> None:
    """Convert TCVN3/VNI cells of ``columns``, only where they are positively detected
    (:func:`~compliance.read.kernels.fix_legacy_column_fast`); a categorical column has its
    categories fixed, not its rows."""
    from compliance.read.legacy import fix_legacy_series

    for col in columns:
        if col not in frame or not len(frame):
            continue
        if isinstance(frame[col].dtype, pd.CategoricalDtype):  # fix the categories, not the rows
            categories = pd.Series(frame[col].cat.categories.astype(object), dtype=object)
            fixed, changed = fix_legacy_series(categories)
            if changed:
                frame[col] = (
                    frame[col].map(dict(zip(categories, fixed, strict=True))).astype("category")
                )
            continue
        fixed = fix_legacy_column_fast(frame[col])
        if fixed is not None:
            frame[col] = fixed


def non_case_rows(raw: pd.DataFrame) -> pd.Series:
    """Rows that are not cases at all: blank, totals ("Tổng số", "Cộng"), signature footers.

    Only rows with no date in any date column are looked at (a case always has one): those
    whose case-code cell is empty, a totals label, or text without a digit ("Người lập biểu"),
    and the whole signature footer of each file (:func:`_footer_rows`).
    """
    ts_cols = [f"{c}_ts" for c, _, _ in DATE_FIELDS]
    no_date = raw[ts_cols].isna().all(axis=1)
    out = pd.Series(False, index=raw.index)
    if not no_date.any():
        return out
    sub = raw.loc[no_date]
    code = sub["case_id"].astype("str").str.strip()
    blank = is_blank(sub, ["case_id", "received_at", "due_at", "resolved_at", "returned_at"])
    totals = key_matches(code, TOTALS)
    textual = ~code.str.contains(r"\d", regex=True)
    out[no_date] = (blank | totals | textual).to_numpy()
    # A row whose code cell holds a plausible case code is never footer: it is a case or a reject.
    plausible = (raw["case_key"] != "") & ~misplaced_codes(raw)
    return out | (footer_rows(raw, no_date, FOOTER_COLUMNS) & ~plausible)


FOOTER_COLUMNS = ["case_id", "unit", "applicant", "procedure", "sector", "status",
                   "received_at", "due_at", "resolved_at", "returned_at"]  # fmt: skip


def footer_rows(raw: pd.DataFrame, not_data: pd.Series, columns: list[str]) -> pd.Series:
    """The signature footer of each file: from the first row after the file's last data row
    (not ``not_data``) that holds a footer line (place and date, "NGƯỜI LẬP BIỂU", "(Ký, họ
    tên)", "THỦ TRƯỞNG ĐƠN VỊ"…) in one of ``columns``, to the end of the file. The signer's
    name under it is footer too."""
    out = pd.Series(False, index=raw.index)
    position = np.arange(len(raw))
    dated = np.flatnonzero(~not_data.to_numpy())
    files = raw["_file"].astype(str).to_numpy()
    for name in pd.unique(files):
        in_file = files == name
        last_dated = dated[in_file[dated]].max() if in_file[dated].any() else -1
        tail = np.flatnonzero(in_file & (position > last_dated))
        if not len(tail):
            continue
        cells = raw.iloc[tail][columns].astype(str)
        marks = np.zeros(len(tail), dtype=bool)
        for col in columns:
            marks |= key_matches(cells[col], _FOOTER).to_numpy()
        if marks.any():
            out.iloc[tail[np.argmax(marks) :]] = True
    return out


def misplaced_codes(frame: pd.DataFrame) -> pd.Series:
    """Case-code cells that are not codes (:data:`NOT_A_CODE`, :data:`WORDS`)."""
    bad = matches_fast(frame["case_key"], NOT_A_CODE) | matches_fast(
        frame["case_id"].astype("str"), WORDS
    )
    return pd.Series(bad, index=frame.index) & (frame["case_key"] != "")


def per_value(series: pd.Series, test, where: pd.Series | None = None) -> pd.Series:
    """``test(text)`` once per distinct value of a column (the categories of a categorical one),
    only on the cells ``where`` is True (default all); False where empty or not looked at."""
    out = pd.Series(False, index=series.index)
    part = series if where is None else series[where]
    if not len(part):
        return out
    if isinstance(part.dtype, pd.CategoricalDtype):
        codes, uniques = part.cat.codes.to_numpy(), [str(v) for v in part.cat.categories]
    else:
        codes, uniques = pd.factorize(part.astype(str).fillna(""))
    hits = [bool(value.strip()) and bool(test(value.strip())) for value in uniques]
    out[part.index] = np.asarray(hits + [False], dtype=bool)[codes]
    return out


def without_letters(text: str) -> bool:
    """A unit name has letters; '0900000004' or '20/10/2026' is another column's value."""
    return not any(c.isalpha() for c in text)


def check_header_mapping(
    frame: pd.DataFrame, misplaced: pd.Series, not_case: pd.Series, header_of: dict
) -> None:
    """Stop (exit 3) when most case rows of a file sit under the wrong headers: then the header
    mapping is wrong, and rejecting the rows one by one would hide it."""
    rows = ~not_case
    if not misplaced.any():
        return
    by_file = pd.DataFrame({"file": frame["_file"].astype(str), "bad": misplaced, "rows": rows})
    totals = by_file.groupby("file", sort=False)[["bad", "rows"]].sum()
    wrong = totals[(totals["bad"] >= 2) & (totals["bad"] > MISPLACED_SHARE * totals["rows"])]
    if not len(wrong):
        return
    name = str(wrong.index[0])
    in_file = (by_file["file"] == name) & misplaced
    examples = []
    for col in ("case_id", "unit", "status", "received_at", "due_at", "resolved_at", "returned_at"):
        cells = frame.loc[in_file, col].astype(str)
        cells = cells[cells.str.strip() != ""]
        if len(cells):
            examples.append(f"cột '{header_of[col] or col}' chứa '{cells.iloc[0][:40]}'")
    raise InputError(
        f"{name}: {int(wrong.loc[name, 'bad'])}/{int(wrong.loc[name, 'rows'])} dòng hồ sơ có nội "
        f"dung không khớp tiêu đề cột ({'; '.join(examples[:4])}): tiêu đề cột không đúng với dữ liệu",
        hint="Mở tệp, kiểm tra dòng tiêu đề (ô gộp, cột bị ẩn, tiêu đề lệch một cột) và sửa cho mỗi "
        "tiêu đề nằm đúng trên cột dữ liệu của nó, rồi chạy lại; 'compliance validate' liệt kê từng dòng.",
    )
