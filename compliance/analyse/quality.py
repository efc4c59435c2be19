"""What a run noticed about its inputs: the rejects of every stage, the warnings, their lines."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from compliance.calendar.working import calendar_warning_lines
from compliance.inputs.rejects import catalogued, reject_frame
from compliance.model import RunWarnings

if TYPE_CHECKING:  # the pipeline's state, built from every stage
    from compliance.pipeline import Prepared


def collect_rejects(state: Prepared, matched: pd.DataFrame) -> pd.DataFrame:
    """rejects.csv: every row of every input that is not analysed, with its reason, by file and row."""
    parts = [
        state.cases.rejects,
        state.unit_rejects,
        state.letters.rejects,
        state.exemptions.rejects,
        catalogued(matched, matched["match"] == "", "letter_without_case"),
        catalogued(state.exemptions.frame, ~state.exemption_known, "exemption_without_case"),
    ]
    rejects = reject_frame(parts)
    if not len(rejects):
        return rejects
    rejects["row"] = rejects["row"].astype(int)
    return rejects.sort_values(["file", "row"], kind="stable").reset_index(drop=True)


def collect_warnings(state: Prepared, matched: pd.DataFrame, rejected_rows: int = 0) -> RunWarnings:
    """The run's warnings as data (summary.json ``warnings``)."""
    unmatched = matched[matched["match"] == ""]
    fuzzy = matched[matched["match"] == "fuzzy"]
    ex = state.exemptions.frame
    return RunWarnings(
        unmatched_letters=[
            {"file": f, "row": int(r), "case_id": c, "letter_no": n}
            for f, r, c, n in zip(
                unmatched["_file"],
                unmatched["_row"],
                unmatched["case_id"],
                unmatched["letter_no"],
                strict=True,
            )
        ],
        fuzzy_matches=[
            {
                "case_id": k,
                "letter_case_id": c,
                "letter_no": n,
                "applicant": a,
                "score": round(float(s), 1),
            }
            for k, c, n, a, s in zip(
                fuzzy["matched_case_id"],
                fuzzy["case_id"],
                fuzzy["letter_no"],
                fuzzy["applicant"],
                fuzzy["match_score"],
                strict=True,
            )
        ],
        letters_to_review=letters_to_review(state.classified, matched),
        unknown_units=list(state.units.created.values()),
        unmatched_exemptions=[{"case_id": c} for c in ex.loc[~state.exemption_known, "case_id"]],
        rejected_rows=rejected_rows,
        non_case_rows=int(state.cases.skipped),
        extra_cells=[
            {"file": table.shown, "rows": table.extra_cells}
            for loaded in (state.cases, state.letters, state.exemptions)
            for table in loaded.tables
            if table.extra_cells
        ],
        **state.calendar_warnings,
    )


def letters_to_review(classified: pd.DataFrame, matched: pd.DataFrame) -> list[dict[str, Any]]:
    """Letters whose code names another applicant's case, matched by applicant and unit instead
    (:func:`apologies.match_letters`): both codes, both applicants, the note."""
    moved = matched[matched["code_key"] != ""]
    if moved.empty:
        return []
    named = classified.loc[
        classified["case_key"].isin(moved["code_key"]), ["case_key", "case_id", "applicant"]
    ].astype(object)
    named = named.drop_duplicates("case_key").set_index("case_key")
    return [
        {
            "file": row["_file"],
            "row": int(row["_row"]),
            "letter_no": row["letter_no"],
            "letter_case_id": row["case_id"],
            "case_id": row["matched_case_id"],
            "applicant": row["applicant"],
            "score": round(float(row["match_score"]), 1),
            "code_case_id": named["case_id"].get(row["code_key"], row["code_key"]),
            "code_case_applicant": named["applicant"].get(row["code_key"], ""),
            "note": row["match_note"],
        }
        for row in moved.to_dict("records")
    ]


def warning_lines(warnings: RunWarnings) -> list[str]:
    """The warnings as lines for a person (Vietnamese), as ``run`` and ``validate`` print them."""
    lines = calendar_warning_lines(warnings.as_dict())
    for unit in warnings.unknown_units:
        lines.append(
            f"đơn vị '{unit['name']}' không có trong config.yaml ({unit['cases']} hồ sơ): đã tạo đơn vị "
            f"'{unit['unit_id']}'. Thêm tên này vào units[].aliases nếu đó là một đơn vị đã khai báo."
        )
    if warnings.unmatched_letters:
        lines.append(
            f"{len(warnings.unmatched_letters)} văn bản xin lỗi không khớp hồ sơ nào (xem rejects.csv)."
        )
    for part in warnings.extra_cells:
        rows = part["rows"]
        shown = ", ".join(str(r) for r in rows[:10]) + (
            f" … ({len(rows)} dòng)" if len(rows) > 10 else ""
        )
        lines.append(
            f"{part['file']}: dòng {shown} có ô ngoài cột cuối của dòng tiêu đề (các ô đó không được "
            "đọc) — kiểm tra dòng có bị lệch cột hay thừa dấu phân cách không."
        )
    if warnings.fuzzy_matches:
        lines.append(
            f"{len(warnings.fuzzy_matches)} văn bản xin lỗi được ghép theo tên người nộp (letter_match = fuzzy): cần kiểm tra lại."
        )
    if warnings.letters_to_review:
        lines.append(
            f"{len(warnings.letters_to_review)} văn bản xin lỗi ghi mã của hồ sơ một người nộp khác nhưng tên người "
            "nộp khớp một hồ sơ quá hạn cùng đơn vị: đã ghép với hồ sơ đó (letter_match = fuzzy), cần kiểm tra lại "
            "(summary.json, warnings.letters_to_review; báo cáo, mục Chất lượng dữ liệu)."
        )
    return lines
