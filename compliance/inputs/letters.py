"""The apology register(s) and the exemption list(s) loaded, with their rejects."""

from __future__ import annotations

import pandas as pd

from compliance.config import Config
from compliance.inputs.checks import (
    SAID_NO,
    fix_legacy_columns,
    footer_rows,
    is_blank,
    key_matches,
    misplaced_codes,
)
from compliance.inputs.collect import Loaded, read_all
from compliance.inputs.fields import EXEMPTION_FIELDS, LETTER_FIELDS
from compliance.inputs.rejects import bad_date_reason, catalogued, reject_frame, rejects_of
from compliance.read.dates import parse_date_column
from compliance.read.kernels import normalise_case_codes_fast


def load_letters(config: Config) -> Loaded:
    """Read the apology register(s)."""
    if not config.inputs.letters:
        return Loaded(
            pd.DataFrame(columns=[s.name for s in LETTER_FIELDS] + ["_row", "_file", "case_key"]),
            reject_frame([]),
        )
    raw, tables = read_all(config, config.inputs.letters, LETTER_FIELDS, "letters")
    rejects: list[pd.DataFrame] = []
    raw["case_key"] = normalise_case_codes_fast(raw["case_id"].astype("str").str.strip())
    columns = ["case_id", "letter_no", "applicant", "issued_on", "unit"]
    not_row = is_blank(raw, columns[:4])
    not_row |= footer_rows(raw, not_row | misplaced_codes(raw) | (raw["case_key"] == ""), columns)
    frame = raw.loc[~not_row].copy()
    fix_legacy_columns(frame, ["applicant", "unit", "reason"])
    frame["case_id"] = frame["case_id"].astype("str").str.strip()
    frame["case_key"] = normalise_case_codes_fast(frame["case_id"])
    missing = frame["case_key"] == ""
    rejects.append(catalogued(frame, missing, "letter_missing_case_id"))
    frame = frame.loc[~missing]
    for col, label in (("issued_on", "Ngày xin lỗi"), ("new_due_at", "Ngày hẹn lại")):
        frame[col + "_ts"], blank = parse_date_column(frame[col])
        bad_date = ~blank & frame[col + "_ts"].isna()
        rejects.append(
            rejects_of(
                frame,
                bad_date,
                lambda p, c=col, lab=label: bad_date_reason(p, c, lab, None),
                f"bad_{col}",
            )
        )
        frame = frame.loc[~bad_date]
    frame["posted_at_desk_ts"], blank = parse_date_column(frame["posted_at_desk_on"])
    # Empty = not posted; a date or a mark ("x", "Có", "Đã niêm yết") = posted; "Không"/"Chưa" = not.
    frame["posted_at_desk"] = ~blank & ~key_matches(frame["posted_at_desk_on"], SAID_NO).to_numpy()
    return Loaded(frame.reset_index(drop=True), reject_frame(rejects), tables, int(not_row.sum()))


def load_exemptions(config: Config) -> Loaded:
    """Read the exemption list(s): case codes excused from being late."""
    if not config.inputs.exemptions:
        return Loaded(
            pd.DataFrame(columns=["case_id", "reason", "case_key", "_row", "_file"]),
            reject_frame([]),
        )
    raw, tables = read_all(config, config.inputs.exemptions, EXEMPTION_FIELDS, "exemptions")
    frame = raw.loc[~is_blank(raw, ["case_id", "reason"])].copy()
    frame["case_id"] = frame["case_id"].astype("str").str.strip()
    frame["case_key"] = normalise_case_codes_fast(frame["case_id"])
    missing = frame["case_key"] == ""
    rejects = [
        catalogued(frame, missing, "exemption_missing_case_id"),
    ]
    frame = frame.loc[~missing]
    repeated = frame["case_key"].duplicated()
    rejects.append(catalogued(frame, repeated, "duplicate_exemption"))
    frame = frame.loc[~repeated]
    return Loaded(frame.reset_index(drop=True), reject_frame(rejects), tables, 0)
