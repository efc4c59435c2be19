"""Writing output files safely: atomically, UTF-8 with BOM, spreadsheet formulas neutralised."""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

# A cell starting with one of these is run as a formula by Excel/LibreOffice (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)*%?$")
_UNSAFE_NAME = re.compile(r"[^\w.\-]+")


def neutralise_formula(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe.

    Plain negative numbers ("-5", "-1,5") are left alone: they are data, not formulas.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Copy of ``df`` with every text cell NFC-normalised and formula-neutralised."""
    out = df.copy()
    for col in out.columns:
        series = out[col]
        if isinstance(series.dtype, pd.CategoricalDtype):
            out[col] = series.map(_safe_text)  # mapped once per category
        elif series.dtype == object or pd.api.types.is_string_dtype(series):
            out[col] = _safe_texts(series)
    return out


def _safe_text(value: object) -> object:
    if isinstance(value, str):
        return neutralise_formula(unicodedata.normalize("NFC", value))
    return value


def _safe_texts(series: pd.Series) -> pd.Series:
    """``series`` with its text cells NFC and formula-neutralised: each distinct value is looked
    at once, and only the cells that change are replaced (usually none)."""
    codes, uniques = pd.factorize(series)
    values = np.asarray(uniques, dtype=object)
    fixed = np.empty(len(values), dtype=object)
    fixed[:] = [_safe_text(v) for v in values]
    changed = np.fromiter(
        (new is not old and new != old for new, old in zip(fixed, values, strict=True)),
        dtype=bool,
        count=len(values),
    )
    if not changed.any():
        return series
    cells = np.zeros(len(codes), dtype=bool)
    valid = codes >= 0
    cells[valid] = changed[codes[valid]]
    out = series.copy()
    out[cells] = fixed[codes[cells]]
    return out


def safe_filename(value: object, default: str = "_") -> str:
    """A file-name component made from untrusted text: no separators, no '..', bounded length."""
    text = unicodedata.normalize("NFC", str(value or "")).strip()
    text = _UNSAFE_NAME.sub("_", text).strip("._")
    return (text or default)[:120]


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place only if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes(path: Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_text(path: Path, text: str) -> None:
    write_bytes(path, unicodedata.normalize("NFC", text).encode("utf-8"))


def write_json(path: Path, data: object) -> None:
    write_text(path, json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n")


def _json_default(value: object) -> object:
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def write_csv(path: Path, df: pd.DataFrame, columns: list[str] | None = None) -> None:
    """CSV for Excel users: UTF-8 with BOM, comma-separated, formulas neutralised, atomic."""
    frame = df if columns is None else df.reindex(columns=columns)
    frame = safe_frame(frame)
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\r\n")


def write_with(path: Path, writer: Callable[[Path], None]) -> None:
    """Run ``writer(tmp_path)`` and move the result into place atomically."""
    with atomic_path(path) as tmp:
        writer(tmp)
