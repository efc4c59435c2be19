"""A month exported in several files reads as one table: rows in file order, each categorical
column with the categories of all files (sorted, only those used), as one file would give."""

from __future__ import annotations

import pandas as pd
import pytest

from compliance.config import load_config
from compliance.inputs.cases import load_cases

HEADER = ["Mã hồ sơ", "Đơn vị giải quyết", "Chủ hồ sơ", "Ngày tiếp nhận", "Ngày hẹn trả",
          "Ngày có kết quả", "Trạng thái"]  # fmt: skip
FIRST = [
    ["000.31.01.H16-200420-0001", "UBND xã Ea B’lang", "Lê Thị Hà", "20/04/2020 08:00:00",
     "24/04/2020 17:00:00", "23/04/2020 10:00:00", "Đã trả kết quả"],
    ["000.00.01.H16-200420-0001", "Sở A", "Nguyễn Văn An", "20/04/2020 09:00:00",
     "24/04/2020 17:00:00", "", "Đang xử lý"],
]  # fmt: skip
SECOND = [
    ["000.00.01.H16-200422-0001", "Sở A", "Trần Văn Bình", "22/04/2020 08:00:00",
     "28/04/2020 17:00:00", "27/04/2020 10:00:00", "Đã có kết quả"],
]  # fmt: skip


@pytest.mark.parametrize("second_has_status", [True, False])
def test_files_read_as_one_month(ws, second_has_status):
    ws.cases(FIRST, header=HEADER, name="a.csv")
    if second_has_status:
        ws.cases(SECOND, header=HEADER, name="b.csv")
    else:  # the second export has no status column at all
        ws.cases([row[:-1] for row in SECOND], header=HEADER[:-1], name="b.csv")
    config = ws.config(
        text=ws.config_text.replace('cases: ["cases.csv"]', 'cases: ["a.csv", "b.csv"]')
    )
    frame = load_cases(load_config(config)).frame
    assert frame["case_id"].tolist() == [row[0] for row in FIRST + SECOND]
    assert frame["_file"].astype(str).tolist() == ["a.csv", "a.csv", "b.csv"]
    status = [row[-1] for row in FIRST] + ([SECOND[0][-1]] if second_has_status else [""])
    for column, values in (
        ("unit", [row[1] for row in FIRST + SECOND]),
        ("status", status),
        ("_file", ["a.csv", "a.csv", "b.csv"]),
    ):
        assert isinstance(frame[column].dtype, pd.CategoricalDtype), column
        assert frame[column].astype(str).tolist() == values
        assert list(frame[column].cat.categories) == sorted(set(values)), column
