import pandas as pd
import pytest

from compliance.read.kernels import normalise_case_codes_fast as normalise_case_codes
from compliance.text import (
    CASE_KEY_PARTS,
    mask_name,
    name_key,
    normalise_case_code,
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


#: The code shapes real one-stop systems issue, each as officers paste it, and normalised.
CODE_SHAPES = [
    (" 998.99.99.h05 – 260105 - 0003 ", "998.99.99.H05-260105-0003"),
    ("000.00.14.H50\u2013200407\u00a0-0011", "000.00.14.H50-200407-0011"),
    ("h16.22-200515-0001", "H16.22-200515-0001"),
    (" 00352112000539", "00352112000539"),  # all digits: the leading zeros stay
    ("0035 2112 000539", "00352112000539"),
    ("03706 / 2026 / 07906", "03706/2026/07906"),  # slashes stay
    ("03706\uff0f2026\u22157906", "03706/2026/7906"),  # full-width and division slashes
]


@pytest.mark.parametrize(("raw", "code"), CODE_SHAPES)
def test_every_code_shape_is_normalised(raw, code):
    assert normalise_case_code(raw) == code
    column = pd.Series([raw, "00352112000539", "03706/2026/07906"], dtype="str")
    assert normalise_case_codes(column).tolist() == [code, "00352112000539", "03706/2026/07906"]


def test_clean_all_digit_and_slash_codes_take_the_fast_path_unchanged():
    column = pd.Series(["00352112000539", "03706/2026/07906", "000.00.20.h16-200515-0001"] * 50)
    assert normalise_case_codes(column).tolist()[:3] == [
        "00352112000539", "03706/2026/07906", "000.00.20.H16-200515-0001",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("code", "unit_code"),
    [
        ("000.00.20.H16-200515-0001", "000.00.20.H16"),
        ("H16.22-200515-0001", "H16.22"),
        ("998.99.99.H05-260105-0003", "998.99.99.H05"),
        ("ABC", ""),
        # no unit code in these shapes: no prefix, rather than a garbage one
        ("00352112000539", ""),
        ("03706/2026/07906", ""),
        ("0035211-200053-0539", ""),  # digits only before the date: not a unit code
        ("03706/2026-260105-0003", ""),
    ],
)
def test_unit_code_prefix(code, unit_code):
    assert unit_code_of(code) == unit_code
    # the run takes prefixes from a whole column at once (pipeline.prepare)
    got = pd.Series([code], dtype="str").str.extract(CASE_KEY_PARTS)[0].fillna("")
    assert got.tolist() == [unit_code]


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
