"""Cell rules of the inputs: statuses that take a case out, totals rows, desk-posting marks."""

import pandas as pd
import pytest

from compliance.inputs import _EXCLUDED_STATUS, _SAID_NO, _TOTALS, _key_matches


@pytest.mark.parametrize(
    ("rule", "cell", "hit"),
    [
        (_EXCLUDED_STATUS, "Không được tiếp nhận", True),
        (_EXCLUDED_STATUS, "Hồ sơ bị từ chối", True),
        (_EXCLUDED_STATUS, "Đã rút hồ sơ", True),
        (_EXCLUDED_STATUS, "DỪNG XỬ LÝ", True),
        (_EXCLUDED_STATUS, "Tạm dừng xử lý", False),  # paused: still counted
        (_EXCLUDED_STATUS, "Đã trả kết quả", False),
        (_TOTALS, "Tổng số", True),
        (_TOTALS, "Cộng", True),
        (_TOTALS, "Công chứng", False),
        (_SAID_NO, "Chưa", True),
        (_SAID_NO, "không", True),
        (_SAID_NO, "14/05/2020", False),
        (_SAID_NO, "Đã niêm yết", False),
    ],
)
def test_cell_rules(rule, cell, hit):
    assert _key_matches(pd.Series([cell, None]), rule).tolist() == [hit, False]
