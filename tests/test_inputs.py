"""Cell rules of the inputs: statuses that take a case out, totals rows, desk-posting marks."""

import pandas as pd
import pytest

from compliance.inputs.checks import (
    EXCLUDED_STATUS,
    SAID_NO,
    TOTALS,
    fix_legacy_columns,
    key_matches,
)
from compliance.read.legacy import SUSPECT_PATTERN, fix_legacy_series


@pytest.mark.parametrize(
    ("rule", "cell", "hit"),
    [
        (EXCLUDED_STATUS, "Không được tiếp nhận", True),
        (EXCLUDED_STATUS, "Hồ sơ bị từ chối", True),
        (EXCLUDED_STATUS, "Đã rút hồ sơ", True),
        (EXCLUDED_STATUS, "DỪNG XỬ LÝ", True),
        (EXCLUDED_STATUS, "Tạm dừng xử lý", False),  # paused: still counted
        (EXCLUDED_STATUS, "Đã trả kết quả", False),
        (TOTALS, "Tổng số", True),
        (TOTALS, "Cộng", True),
        (TOTALS, "Công chứng", False),
        (SAID_NO, "Chưa", True),
        (SAID_NO, "không", True),
        (SAID_NO, "14/05/2020", False),
        (SAID_NO, "Đã niêm yết", False),
    ],
)
def test_cell_rules(rule, cell, hit):
    assert key_matches(pd.Series([cell, None]), rule).tolist() == [hit, False]


# ------------------------------------------------------------------------------------------
# Legacy text in the text columns: the Arrow path agrees with the legacy module's own rules
# ------------------------------------------------------------------------------------------
def _column(values: list[str], many: bool) -> pd.DataFrame:
    """``values`` in an ``applicant`` column, padded with ASCII names: few or many distinct."""
    padding = [f"Applicant {i:05d}" for i in range(25_000)] if many else ["Applicant"] * 25_000
    return pd.DataFrame({"applicant": pd.Series(values + padding, dtype="str")})


@pytest.mark.parametrize("many", [False, True], ids=["few distinct", "many distinct"])
def test_legacy_text_with_windows_1252_punctuation_is_converted(many):
    # An en dash or a curly apostrophe is Windows-1252, so it does not make text non-legacy.
    frame = _column(["NguyÔn V¨n An – Hµ Néi", "H’Nga Mlô", "Hà Nội"], many)
    fix_legacy_columns(frame, ["applicant"])
    assert frame["applicant"].iloc[:3].tolist() == ["Nguyễn Văn An – Hà Nội", "H’Nga Mlô", "Hà Nội"]
    assert frame["applicant"].iloc[3].startswith("Applicant")


@pytest.mark.parametrize("many", [False, True], ids=["few distinct", "many distinct"])
@pytest.mark.parametrize(
    "values",
    [
        # the column is TCVN3 through and through: the weak "Ea Sóp" is TCVN3 too
        ["Hµ Néi", "huyÖn Ea Sóp", "Ea Sóp", "TrÇn ThÞ B×nh"],
        # genuine Unicode Vietnamese elsewhere in the column: the weak one is left alone
        ["Hµ Néi", "huyÖn Ea Sóp", "Ea Sóp", "TrÇn ThÞ B×nh", "Nguyễn Văn A"],
    ],
    ids=["all legacy", "with unicode"],
)
def test_legacy_text_column_rule_matches_the_whole_column_rule(values, many):
    frame = _column(values, many)
    expected, _ = fix_legacy_series(frame["applicant"])
    fix_legacy_columns(frame, ["applicant"])
    assert frame["applicant"].tolist() == expected.tolist()


@pytest.mark.parametrize(
    "text",
    [
        "Hµ Néi",
        "NguyÔn V¨n An – Hµ Néi",
        "Müller",
        "Hà Nội",
        "abc",
        "",
        "a…b",
        "Tây Ninh",
        "x\u00a0y",
    ],
)
def test_suspect_pattern_is_legacy_candidate_rule_in_python_and_arrow(text):
    import re

    import pyarrow as pa
    import pyarrow.compute as pc

    from compliance.read.legacy import NOT_8BIT_PATTERN

    rule = bool(re.search("[\u00a1-\u00ff]", text)) and not re.search(NOT_8BIT_PATTERN, text)
    assert bool(re.search(SUSPECT_PATTERN, text)) is rule
    assert pc.match_substring_regex(pa.array([text]), SUSPECT_PATTERN)[0].as_py() is rule
