import pandas as pd
import pytest

from compliance.text import (
    mask_name,
    name_key,
    normalise_case_code,
    normalise_case_codes,
    unit_code_of,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("UBND xã Ea H’leo", "Ủy ban nhân dân xã Ea H'leo"),
        ("UBND xã Ea H’leo", "UỶ BAN NHÂN DÂN XÃ EA HLEO"),
        ("Phường Hoà Thuận", "phường  hòa thuận"),  # old and new tone placement, spacing
        ("Huyện Cư M‘gar", "huyện cư mʼgar"),
        ("TP Buôn Ma Thuột", "Thành phố Buôn Ma Thuột"),
        ("Xã Thủy Xuân", "Xã Thuỷ Xuân"),
        ("Sở\u00a0Tư pháp", "Sở Tư pháp"),
        ("Sở Tư pháp", "So\u031b\u0309 Tư pháp"),  # NFD input
    ],
)
def test_name_key_equal(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), [("Xã Ea Tu", "Xã Ea Tú"), ("Sở Tư pháp", "Sở Tài chính")])
def test_name_key_different(a, b):
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (" h16.22 – 200515-0001 ", "H16.22-200515-0001"),
        ("000.00.20.H16 - 200515 - 0001", "000.00.20.H16-200515-0001"),
        ("000.00.20.h16—200515--0001", "000.00.20.H16-200515-0001"),
        ("000.00.20.H16-200515-0001", "000.00.20.H16-200515-0001"),
        (None, ""),
    ],
)
def test_case_code_normalisation(raw, code):
    assert normalise_case_code(raw) == code
    assert normalise_case_codes(pd.Series([raw], dtype=object)).iloc[0] == code


_CODES = [
    "000.00.20.h16-200515-0001",  # clean but lower case: the fast path upper-cases it
    "H16-200515-0002",
    "-H16-200515-0003",
    "H16-200515-0004-",
    "H16--200515-0005",
    "H16-200515-0006\t",
    "H16 -200515-0007",
    "H16\u2013200515-0008",
    "ｈ16-200515-0009",
    "",
]


@pytest.mark.parametrize("bad", range(2, len(_CODES)))
def test_case_codes_column_equals_one_by_one(bad):
    """A column of clean codes with one odd one (or none) gives what each code gives alone."""
    values = pd.Series(["X"] + _CODES[:2] * 50 + [_CODES[bad]] + _CODES[:2] * 50, dtype="str")
    part = values.iloc[1:]  # a slice: the values start inside Arrow's buffer
    got = normalise_case_codes(part)
    assert got.tolist() == [normalise_case_code(v) for v in part]
    assert got.index.equals(part.index)


def test_unit_code_prefix():
    assert unit_code_of("000.00.20.H16-200515-0001") == "000.00.20.H16"
    assert unit_code_of("H16.22-200515-0001") == "H16.22"
    assert unit_code_of("ABC") == ""


@pytest.mark.parametrize(
    ("name", "masked"),
    [("Nguyễn Văn An", "Nguyễn V. A."), ("Y Bhim Niê", "Y B. N."), ("An", "A."), ("", "")],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    "name", ["Công ty TNHH Hoà Bình", "Quỹ tín dụng nhân dân Ea Kao", "Hợp tác xã Thành Công"]
)
def test_organisations_are_not_masked(name):
    assert mask_name(name) == name
