"""Loading the three inputs (CONTRACT section 2) into clean DataFrames, and the rejected rows.

Every row of every file ends up in one of three places: the loaded frame, the rejects (with
file, row as the user sees it, case code, and a reason saying what to fix), or the count of
non-case rows (blank lines, totals, signature footers).
"""

from __future__ import annotations

import glob
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from compliance.config import Config
from compliance.errors import InputError
from compliance.model import REJECT_COLUMNS
from compliance.read.dates import day_numbers, parse_date_column
from compliance.read.readers import FieldSpec, Table, read_table
from compliance.text import blank_cells, header_key, normalise_case_codes

CASE_FIELDS = [
    FieldSpec("case_id", ("Mã hồ sơ", "Số hồ sơ", "Mã HS", "Số biên nhận", "Mã số hồ sơ", "Số biên nhận hồ sơ"), True, "Mã hồ sơ"),
    FieldSpec(
        "unit",
        ("Đơn vị giải quyết", "Cơ quan giải quyết", "Cơ quan chủ trì giải quyết", "Đơn vị xử lý", "Đơn vị",
         "Tên đơn vị", "Cơ quan thực hiện", "Đơn vị tiếp nhận"),
        False, "Đơn vị", categorical=True),
    FieldSpec("level", ("Cấp", "Cấp đơn vị", "Cấp hành chính"), False, "Cấp", categorical=True),
    FieldSpec("sector", ("Lĩnh vực", "Tên lĩnh vực"), False, "Lĩnh vực", categorical=True),
    FieldSpec("procedure", ("Tên thủ tục", "Tên thủ tục hành chính", "Thủ tục", "Tên TTHC", "Thủ tục hành chính", "Trích yếu"), False, "Tên thủ tục", categorical=True),
    FieldSpec(
        "applicant",
        ("Chủ hồ sơ", "Người nộp", "Tên cá nhân, tổ chức", "Tổ chức, cá nhân", "Cá nhân, tổ chức", "Người nộp hồ sơ", "Tên người nộp"),
        False, "Chủ hồ sơ",
    ),
    FieldSpec("received_at", ("Ngày tiếp nhận", "Ngày nhận", "Ngày nhận hồ sơ", "Nhận hồ sơ", "Thời gian tiếp nhận"), True, "Ngày tiếp nhận"),
    FieldSpec("due_at", ("Ngày hẹn trả", "Hẹn trả kết quả", "Ngày hẹn trả kết quả", "Hạn xử lý", "Hạn giải quyết", "Ngày hẹn"), True, "Ngày hẹn trả"),
    FieldSpec("resolved_at", ("Ngày có kết quả", "Ngày kết thúc xử lý", "Ngày hoàn thành", "Ngày giải quyết xong", "Ngày xử lý xong"), False, "Ngày có kết quả"),
    FieldSpec("returned_at", ("Ngày trả kết quả", "Ngày trả", "Trả kết quả", "Ngày trả kết quả thực tế"), False, "Ngày trả kết quả"),
    FieldSpec("channel", ("Hình thức nộp", "Kênh nộp", "Hình thức tiếp nhận", "Hình thức nộp hồ sơ", "Kênh tiếp nhận"), False, "Hình thức nộp", categorical=True),
    FieldSpec("status", ("Trạng thái", "Trạng thái hồ sơ", "Tình trạng", "Tình trạng hồ sơ"), False, "Trạng thái", categorical=True),
]  # fmt: skip

LETTER_FIELDS = [
    FieldSpec("case_id", ("Mã hồ sơ", "Số hồ sơ", "Số biên nhận", "Mã HS"), True, "Mã hồ sơ"),
    FieldSpec("letter_no", ("Số văn bản", "Số phiếu", "Số", "Số hiệu", "Số phiếu xin lỗi", "Số văn bản xin lỗi"), False, "Số văn bản"),
    FieldSpec("applicant", ("Chủ hồ sơ", "Người nộp", "Kính gửi", "Tổ chức, cá nhân", "Cá nhân, tổ chức"), False, "Chủ hồ sơ"),
    FieldSpec("issued_on", ("Ngày xin lỗi", "Ngày ban hành", "Ngày văn bản", "Ngày ký", "Ngày phát hành"), False, "Ngày xin lỗi"),
    FieldSpec("unit", ("Đơn vị", "Cơ quan xin lỗi", "Đơn vị xin lỗi", "Cơ quan ban hành"), False, "Đơn vị"),
    FieldSpec("reason", ("Lý do", "Lý do quá hạn", "Nguyên nhân"), False, "Lý do"),
    FieldSpec("new_due_at", ("Ngày hẹn lại", "Ngày hẹn trả mới", "Thời hạn mới", "Hẹn lại ngày trả kết quả"), False, "Ngày hẹn lại"),
    FieldSpec("posted_at_desk_on", ("Ngày niêm yết", "Niêm yết tại Bộ phận một cửa", "Niêm yết"), False, "Ngày niêm yết"),
    FieldSpec("web_url", ("Đường dẫn đăng tải", "Link đăng tải", "URL", "Đường dẫn", "Link"), False, "Đường dẫn đăng tải"),
]  # fmt: skip

EXEMPTION_FIELDS = [
    FieldSpec("case_id", ("Mã hồ sơ", "case_id", "Số hồ sơ", "Mã HS"), True, "Mã hồ sơ"),
    FieldSpec("reason", ("Lý do", "reason", "Lý do miễn trừ", "Ghi chú"), False, "Lý do"),
]

# Rules over a cell's header key (no accents, lower case), checked once per distinct value.
# A refused, withdrawn or stopped case is not counted; a paused one ("Tạm dừng xử lý") is.
_EXCLUDED_STATUS = re.compile(
    r"(?<!tam )\b(khong duoc tiep nhan|khong tiep nhan|tu choi|rut ho so|da rut|dung xu ly|huy ho so)\b"
)
_TOTALS = re.compile(r"^(tong\b|cong$)")  # "Tổng số …", "Tổng cộng", a lone "Cộng"
_SAID_NO = re.compile(r"^(khong|chua|no|0|false)\b")  # a desk-posting cell saying "not yet"

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
_DATE_SHAPE = re.compile(r"^\d{1,4}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{1,4}")
#: a status cell holding a date, a time or a code: the status is in another column
_NOT_A_STATUS = re.compile(r"^[\d\s./:+-]+$|^\w+(\.\w+)*-\d{6}-\d+$")
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


@dataclass
class Loaded:
    """One input after loading: the rows kept, the rows rejected, and what was read."""

    frame: pd.DataFrame
    rejects: pd.DataFrame
    tables: list[Table] = field(default_factory=list)
    skipped: int = 0  # blank, totals and footer rows: not data

    @property
    def files(self) -> list[str]:
        return [str(t.path) for t in self.tables]


def expand_paths(config: Config, patterns: list[str], what: str) -> list[Path]:
    """Files named by config paths/globs (relative to the config). A pattern matching nothing is an error."""
    files: list[Path] = []
    for pattern in patterns:
        full = config.path(pattern)
        matches = (
            sorted(Path(p) for p in glob.glob(str(full), recursive=True))
            if glob.has_magic(str(full))
            else ([full] if full.exists() else [])
        )
        matches = [m for m in matches if m.is_file() and not m.name.startswith(("~$", ".~lock"))]
        if not matches:
            raise InputError(
                f"inputs.{what}: '{pattern}' không khớp với tệp nào (tìm trong {full.parent})",
                hint="Kiểm tra tên tệp và thư mục trong config.yaml (đường dẫn tính từ thư mục chứa config.yaml).",
            )
        files.extend(m for m in matches if m not in files)
    return files


def display_path(config: Config, path: Path) -> str:
    try:
        return str(path.resolve().relative_to(config.base_dir.resolve()))
    except ValueError:
        return str(path)


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


def _read_all(
    config: Config, patterns: list[str], specs: list[FieldSpec], what: str
) -> tuple[pd.DataFrame, list[Table]]:
    tables, frames = [], []
    for path in expand_paths(config, patterns, what):
        table = read_table(path, specs)
        shown = table.shown = display_path(config, path)
        frame = table.frame
        for spec in specs:
            if spec.name not in frame:
                frame[spec.name] = ""
        frame["_file"] = pd.Categorical.from_codes(
            np.zeros(len(frame), dtype=np.int32), categories=[shown]
        )
        frames.append(frame)
        tables.append(table)
    if not frames:
        return pd.DataFrame(columns=[s.name for s in specs] + ["_row", "_file"]), tables
    categorical = [s.name for s in specs if s.categorical] + ["_file"]
    for frame in frames:
        for col in categorical:
            if not isinstance(frame[col].dtype, pd.CategoricalDtype):  # a column left empty
                frame[col] = frame[col].astype("str").astype("category")
    if len(frames) == 1:
        return frames[0], tables
    from pandas.api.types import union_categoricals

    # Each file's categoricals have their own categories: their codes are merged, not a
    # million cells made text again. The categories come out as pd.concat leaves them when
    # every file has the same ones (the first file's order), else as a categorical of the
    # text would have them (sorted, only those used).
    merged = {}
    for col in categorical:
        parts = [f[col] for f in frames]
        if all(p.dtype == parts[0].dtype for p in parts):
            merged[col] = union_categoricals(parts)
        else:
            merged[col] = union_categoricals(parts, sort_categories=True).remove_unused_categories()
    frame = pd.concat([f.drop(columns=categorical) for f in frames], ignore_index=True)
    for position, col in enumerate(dict.fromkeys(c for f in frames for c in f.columns)):
        if col in merged:
            frame.insert(position, col, merged[col])
    return frame, tables


def _is_blank(frame: pd.DataFrame, cols: list[str]) -> pd.Series:
    blank = pd.Series(True, index=frame.index)
    for col in cols:
        blank &= blank_cells(frame[col])
    return blank


def _key_matches(series: pd.Series, rule: re.Pattern) -> pd.Series:
    """Cells whose header key matches ``rule``, computed once per distinct value."""
    return _per_value(series, lambda value: rule.search(header_key(value)))


def _bad_date_reason(frame: pd.DataFrame, column: str, label: str, header: str | None) -> pd.Series:
    shown = header or label
    return frame[column].map(
        lambda v: (
            f"cột '{shown}': ngày '{v}' không đọc được hoặc không có thật — sửa thành dd/mm/yyyy (ví dụ 14/05/2020)"
        )
    )


def _fix_legacy(frame: pd.DataFrame, columns: list[str]) -> None:
    """Convert TCVN3/VNI cells, only where they are positively detected.

    Legacy text is 8-bit only (Windows-1252); an Arrow scan with legacy's own candidate rule
    (:data:`~compliance.read.legacy.SUSPECT_PATTERN`) picks the distinct values that could be
    legacy, so a million ordinary Unicode cells cost one pass per column, and each suspect is
    detected (and converted) once.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from compliance.read.legacy import NOT_8BIT_PATTERN, SUSPECT_PATTERN, fix_legacy_series

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
        arr = pa.array(frame[col].astype("str").fillna(""), type=pa.large_string())
        head = arr.slice(0, 20_000)
        # Few distinct values: scan those; many: scan the cells once, then take the distinct.
        scanned = pc.unique(arr) if len(pc.unique(head)) * 10 < len(head) else arr
        suspects = pc.unique(scanned.filter(pc.match_substring_regex(scanned, SUSPECT_PATTERN)))
        if not len(suspects):
            continue
        # Detected and converted once per distinct value, then only the changed cells replaced.
        before = suspects.to_pylist()
        fixed, changed = fix_legacy_series(
            pd.Series(before, dtype=object),
            genuine_elsewhere=lambda cells=scanned: bool(
                pc.any(pc.match_substring_regex(cells, NOT_8BIT_PATTERN)).as_py()
            ),
        )
        if not changed:
            continue
        mapping = {old: new for old, new in zip(before, fixed, strict=True) if old != new}
        position = pc.index_in(arr, value_set=pa.array(list(mapping), type=pa.large_string()))
        replacement = pa.array(list(mapping.values()), type=pa.large_string()).take(position)
        frame[col] = (
            pc.if_else(pc.is_null(position), arr, replacement).to_pandas().set_axis(frame.index)
        )


_DATE_FIELDS = (
    ("received_at", "Ngày tiếp nhận", True),
    ("due_at", "Ngày hẹn trả", True),
    ("resolved_at", "Ngày có kết quả", False),
    ("returned_at", "Ngày trả kết quả", False),
)


def _non_case_rows(raw: pd.DataFrame) -> pd.Series:
    """Rows that are not cases at all: blank, totals ("Tổng số", "Cộng"), signature footers.

    Only rows with no date in any date column are looked at (a case always has one): those
    whose case-code cell is empty, a totals label, or text without a digit ("Người lập biểu"),
    and the whole signature footer of each file (:func:`_footer_rows`).
    """
    ts_cols = [f"{c}_ts" for c, _, _ in _DATE_FIELDS]
    no_date = raw[ts_cols].isna().all(axis=1)
    out = pd.Series(False, index=raw.index)
    if not no_date.any():
        return out
    sub = raw.loc[no_date]
    code = sub["case_id"].astype("str").str.strip()
    blank = _is_blank(sub, ["case_id", "received_at", "due_at", "resolved_at", "returned_at"])
    totals = _key_matches(code, _TOTALS)
    textual = ~code.str.contains(r"\d", regex=True)
    out[no_date] = (blank | totals | textual).to_numpy()
    # A row whose code cell holds a plausible case code is never footer: it is a case or a reject.
    plausible = (raw["case_key"] != "") & ~_misplaced_codes(raw)
    return out | (_footer_rows(raw, no_date, _FOOTER_COLUMNS) & ~plausible)


_FOOTER_COLUMNS = ["case_id", "unit", "applicant", "procedure", "sector", "status",
                   "received_at", "due_at", "resolved_at", "returned_at"]  # fmt: skip


def _footer_rows(raw: pd.DataFrame, not_data: pd.Series, columns: list[str]) -> pd.Series:
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
            marks |= _key_matches(cells[col], _FOOTER).to_numpy()
        if marks.any():
            out.iloc[tail[np.argmax(marks) :]] = True
    return out


def _misplaced_codes(frame: pd.DataFrame) -> pd.Series:
    """Case-code cells that are not codes (:data:`NOT_A_CODE`, :data:`WORDS`), in Arrow."""
    import pyarrow as pa
    import pyarrow.compute as pc

    key = pa.array(frame["case_key"], type=pa.large_string())
    raw = pa.array(frame["case_id"].astype("str"), type=pa.large_string())
    bad = pc.or_(pc.match_substring_regex(key, NOT_A_CODE), pc.match_substring_regex(raw, WORDS))
    return pd.Series(bad.to_numpy(zero_copy_only=False), index=frame.index) & (
        frame["case_key"] != ""
    )


def _per_value(series: pd.Series, test, where: pd.Series | None = None) -> pd.Series:
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


def _misplaced_reason(frame: pd.DataFrame, column: str, header: str, what: str) -> pd.Series:
    return (
        f"cột '{header}' chứa '"
        + frame[column].astype(str).str.slice(0, 60)
        + f"' (không phải {what}): dòng lệch cột? — kiểm tra các ô của dòng này so với dòng tiêu đề"
    )


def load_cases(config: Config) -> Loaded:
    """Read every case export; parse dates; reject what cannot be used, saying why.

    Each rule below is computed over the whole column at once; a row takes the first rule
    that rejects it, and the frame is filtered once at the end (no copies per rule).
    """
    raw, tables = _read_all(config, config.inputs.cases, CASE_FIELDS, "cases")
    header_of = {
        s.name: next((t.columns[s.name] for t in tables if s.name in t.columns), None)
        for s in CASE_FIELDS
    }
    # Arrow and numpy release the GIL: the four date columns are parsed on all cores while
    # this thread cleans the text columns and the case codes, whose uniqueness is checked
    # beside it too.
    columns = [col for col, _, _ in _DATE_FIELDS]
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        parsing = [pool.submit(parse_date_column, raw[col]) for col in columns]
        frame = raw  # filtered once, at the end
        _fix_legacy(
            frame, ["unit", "sector", "procedure", "applicant", "status", "channel", "level"]
        )
        frame["case_id"] = frame["case_id"].astype("str").str.strip()
        frame["case_key"] = normalise_case_codes(frame["case_id"])
        all_unique = pool.submit(_all_distinct, frame["case_key"])
        blank = {}
        for col, parsed in zip(columns, parsing, strict=True):
            frame[col + "_ts"], blank[col] = parsed.result()
        codes_unique = all_unique.result()
    not_case = _non_case_rows(frame)
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
        ("case_id", "mã hồ sơ", _misplaced_codes),
        ("unit", "tên đơn vị", lambda f: _per_value(f["unit"], _without_letters)),
        ("status", "trạng thái hồ sơ", lambda f: _per_value(f["status"], _NOT_A_STATUS.search)),
    ):
        hit = test(frame) & ~rejected
        misplaced |= hit
        reject(
            hit,
            lambda p, c=column, w=what: _misplaced_reason(p, c, header_of[c] or c, w),
            f"misplaced_{column}",
        )
    reject(
        _key_matches(frame["status"], _EXCLUDED_STATUS),
        lambda p: (
            "không tính vào kỳ: trạng thái '"
            + p["status"].astype(str)
            + "' (không được tiếp nhận, từ chối, rút hoặc dừng xử lý)"
        ),
        "excluded_status",
    )
    for col, label, required in _DATE_FIELDS:
        empty = pd.Series(blank[col], index=frame.index)
        if required:
            reject(
                empty,
                f"thiếu '{header_of[col] or label}' — điền ngày dạng dd/mm/yyyy",
                f"missing_{col}",
            )
        unreadable = ~empty & frame[col + "_ts"].isna()
        looked_at = unreadable & ~rejected  # the few unreadable cells, not the whole column
        not_a_date = looked_at & ~_per_value(frame[col], _DATE_SHAPE.match, looked_at)
        misplaced |= not_a_date
        reject(
            not_a_date,
            lambda p, c=col, lab=label: _misplaced_reason(p, c, header_of[c] or lab, "ngày"),
            f"misplaced_{col}",
        )
        reject(
            unreadable,
            lambda p, c=col, lab=label: _bad_date_reason(p, c, lab, header_of[c]),
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
    _check_header_mapping(frame, misplaced, not_case, header_of)
    duplicate, dup_rejects = _duplicates(frame, ~rejected, codes_unique)
    rejects.append(dup_rejects)
    keep = ~(rejected | duplicate)
    frame = frame.drop(columns=[c for c, _, _ in _DATE_FIELDS])
    if not keep.all():
        frame = frame.loc[keep.to_numpy()].reset_index(drop=True)
    return Loaded(frame, reject_frame(rejects), tables, skipped)


def _without_letters(text: str) -> bool:
    """A unit name has letters; '0900000004' or '20/10/2026' is another column's value."""
    return not any(c.isalpha() for c in text)


def _check_header_mapping(
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


def _all_distinct(keys: pd.Series) -> bool:
    """Whether no two values of ``keys`` are equal: one hash pass in Arrow."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return len(pc.unique(pa.array(keys, type=pa.large_string()))) == len(keys)


def _duplicates(
    frame: pd.DataFrame, alive: pd.Series, all_distinct: bool
) -> tuple[pd.Series, pd.DataFrame]:
    """Among ``alive`` rows, keep the most complete, then latest, row of each case code.

    Returns the mask of rows to drop and their rejects (naming the row that was kept).
    ``all_distinct``: no two codes are equal (:func:`_all_distinct`), the usual case.
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


def load_letters(config: Config) -> Loaded:
    """Read the apology register(s)."""
    if not config.inputs.letters:
        return Loaded(
            pd.DataFrame(columns=[s.name for s in LETTER_FIELDS] + ["_row", "_file", "case_key"]),
            reject_frame([]),
        )
    raw, tables = _read_all(config, config.inputs.letters, LETTER_FIELDS, "letters")
    rejects: list[pd.DataFrame] = []
    raw["case_key"] = normalise_case_codes(raw["case_id"].astype("str").str.strip())
    columns = ["case_id", "letter_no", "applicant", "issued_on", "unit"]
    not_row = _is_blank(raw, columns[:4])
    not_row |= _footer_rows(raw, not_row | _misplaced_codes(raw) | (raw["case_key"] == ""), columns)
    frame = raw.loc[~not_row].copy()
    _fix_legacy(frame, ["applicant", "unit", "reason"])
    frame["case_id"] = frame["case_id"].astype("str").str.strip()
    frame["case_key"] = normalise_case_codes(frame["case_id"])
    missing = frame["case_key"] == ""
    rejects.append(
        rejects_of(
            frame,
            missing,
            "văn bản xin lỗi thiếu mã hồ sơ — điền mã hồ sơ được xin lỗi",
            "letter_missing_case_id",
        )
    )
    frame = frame.loc[~missing]
    for col, label in (("issued_on", "Ngày xin lỗi"), ("new_due_at", "Ngày hẹn lại")):
        frame[col + "_ts"], blank = parse_date_column(frame[col])
        bad_date = ~blank & frame[col + "_ts"].isna()
        rejects.append(
            rejects_of(
                frame,
                bad_date,
                lambda p, c=col, lab=label: _bad_date_reason(p, c, lab, None),
                f"bad_{col}",
            )
        )
        frame = frame.loc[~bad_date]
    frame["posted_at_desk_ts"], blank = parse_date_column(frame["posted_at_desk_on"])
    # Empty = not posted; a date or a mark ("x", "Có", "Đã niêm yết") = posted; "Không"/"Chưa" = not.
    frame["posted_at_desk"] = (
        ~blank & ~_key_matches(frame["posted_at_desk_on"], _SAID_NO).to_numpy()
    )
    return Loaded(frame.reset_index(drop=True), reject_frame(rejects), tables, int(not_row.sum()))


def load_exemptions(config: Config) -> Loaded:
    """Read the exemption list(s): case codes excused from being late."""
    if not config.inputs.exemptions:
        return Loaded(
            pd.DataFrame(columns=["case_id", "reason", "case_key", "_row", "_file"]),
            reject_frame([]),
        )
    raw, tables = _read_all(config, config.inputs.exemptions, EXEMPTION_FIELDS, "exemptions")
    frame = raw.loc[~_is_blank(raw, ["case_id", "reason"])].copy()
    frame["case_id"] = frame["case_id"].astype("str").str.strip()
    frame["case_key"] = normalise_case_codes(frame["case_id"])
    missing = frame["case_key"] == ""
    rejects = [
        rejects_of(frame, missing, "dòng miễn trừ thiếu mã hồ sơ", "exemption_missing_case_id"),
    ]
    frame = frame.loc[~missing]
    repeated = frame["case_key"].duplicated()
    rejects.append(
        rejects_of(
            frame,
            repeated,
            "mã hồ sơ đã có ở dòng miễn trừ trước — xóa dòng lặp",
            "duplicate_exemption",
        )
    )
    frame = frame.loc[~repeated]
    return Loaded(frame.reset_index(drop=True), reject_frame(rejects), tables, 0)
