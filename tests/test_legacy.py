"""Tests for compliance.read.legacy: TCVN3 (ABC) and VNI-Windows text in old spreadsheets.

The legacy inputs are built from Unicode with inverse tables written here independently of the
module's decoding tables (TCVN3 from the TCVN 5712:1993 VN3 code positions, VNI by composing
base letter + mark byte), so a wrong entry on either side shows up as a failed round trip.
A few literal strings as they really appear in old files anchor both.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import unicodedata

import numpy as np
import pandas as pd
import pytest

from compliance.read.legacy import (
    TCVN3,
    VNI,
    convert_legacy,
    detect_legacy,
    fix_legacy_series,
    fix_legacy_text,
)

# ------------------------------------------------------------------------------------------
# Independent inverse tables
# ------------------------------------------------------------------------------------------
# TCVN3 (VN3): the 67 lower-case letters in the order a à á ả ã ạ, ă…, â…, đ, e…, ê…, i…, o…,
# ô…, ơ…, u…, ư…, y…, with their VN3 byte values.
_TCVN3_UNI = (
    "àáảãạ" "ăằắẳẵặ" "âầấẩẫậ" "đ" "èéẻẽẹ" "êềếểễệ" "ìíỉĩị"
    "òóỏõọ" "ôồốổỗộ" "ơờớởỡợ" "ùúủũụ" "ưừứửữự" "ỳýỷỹỵ"
)  # fmt: skip
_TCVN3_BYTES = bytes.fromhex(
    "b5 b8 b6 b7 b9  a8 bb be bc bd c6  a9 c7 ca c8 c9 cb  ae  cc d0 ce cf d1"
    "aa d2 d5 d3 d4 d6  d7 dd d8 dc de  df e3 e1 e2 e4  ab e5 e8 e6 e7 e9"
    "ac ea ed eb ec ee  ef f3 f1 f2 f4  ad f5 f8 f6 f7 f9  fa fd fb fc fe"
)
_TCVN3_UPPER_UNI = "ĂÂÊÔƠƯĐ"
_TCVN3_UPPER_BYTES = bytes.fromhex("a1 a2 a3 a4 a5 a6 a7")
assert len(_TCVN3_UNI) == len(_TCVN3_BYTES) == 67

_TO_TCVN3 = {u: bytes([b]).decode("latin-1") for u, b in zip(_TCVN3_UNI, _TCVN3_BYTES, strict=True)}
_TO_TCVN3.update(
    {
        u: bytes([b]).decode("latin-1")
        for u, b in zip(_TCVN3_UPPER_UNI, _TCVN3_UPPER_BYTES, strict=True)
    }
)


def to_tcvn3(text: str) -> str:
    """Encode as a .VnTime typist would: toned capitals get the lower-case code (.VnTimeH)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _TO_TCVN3:
            out.append(_TO_TCVN3[ch])
        elif ch.lower() in _TO_TCVN3:
            out.append(_TO_TCVN3[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


# VNI-Windows, composed: tone order none, acute, grave, hook, tilde, dot below.
_TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
_PLAIN = ["", "ù", "ø", "û", "õ", "ï"]
_CIRCUMFLEX = ["â", "á", "à", "å", "ã", "ä"]
_BREVE = ["ê", "é", "è", "ú", "ü", "ë"]
_I_FORMS = ["i", "í", "ì", "æ", "ó", "ò"]


def _to_vni_char(ch: str) -> str:
    if ch in "đĐ":
        return "ñ" if ch == "đ" else "Ñ"
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    if base.lower() not in "aeiouy" or not marks:
        return ch
    tone = next((_TONES.index(m) for m in marks if m in _TONES[1:]), 0)
    b = base.lower()
    if b == "i":
        seq = _I_FORMS[tone]
    elif b == "y" and tone == 5:
        seq = "î"
    elif "\u0302" in marks:
        seq = b + _CIRCUMFLEX[tone]
    elif "\u0306" in marks:
        seq = b + _BREVE[tone]
    elif "\u031b" in marks:
        seq = {"o": "ô", "u": "ö"}[b] + _PLAIN[tone]
    else:
        seq = b + _PLAIN[tone]
    return seq.upper() if base.isupper() else seq


def to_vni(text: str) -> str:
    return "".join(_to_vni_char(ch) for ch in unicodedata.normalize("NFC", text))


_VOWELS = [
    unicodedata.normalize("NFC", base + shape + tone)
    for base, shapes in (("a", ["", "\u0306", "\u0302"]), ("e", ["", "\u0302"]),
                         ("i", [""]), ("o", ["", "\u0302", "\u031b"]),
                         ("u", ["", "\u031b"]), ("y", [""]))
    for shape in shapes
    for tone in _TONES
]  # fmt: skip
LOWER_LETTERS = [v for v in _VOWELS if not v.isascii()] + ["đ"]
UPPER_LETTERS = [ch.upper() for ch in LOWER_LETTERS]


def test_letter_inventory():
    assert len(LOWER_LETTERS) == 67 and len(set(LOWER_LETTERS + UPPER_LETTERS)) == 134
    assert sorted(LOWER_LETTERS) == sorted(_TCVN3_UNI)


# ------------------------------------------------------------------------------------------
# Tables: every letter round-trips
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("letter", LOWER_LETTERS + UPPER_LETTERS)
def test_vni_round_trip_every_letter(letter):
    assert convert_legacy(to_vni(letter), VNI) == letter
    assert convert_legacy("x" + to_vni(letter) + "y", VNI) == "x" + letter + "y"


@pytest.mark.parametrize("letter", LOWER_LETTERS + list(_TCVN3_UPPER_UNI))
def test_tcvn3_round_trip_letters_with_own_code(letter):
    assert convert_legacy(to_tcvn3(letter), TCVN3) == letter


@pytest.mark.parametrize("letter", UPPER_LETTERS)
def test_tcvn3_capitals_recovered_inside_capital_words(letter):
    # .VnTimeH: the capital shares the lower-case code; ASCII capitals around it tell the case.
    assert convert_legacy(to_tcvn3("H" + letter + "NH"), TCVN3) == "H" + letter + "NH"


def test_vni_published_capital_sequences():
    # Capital VNI sequences as published in VNI-Windows tables of input-method software.
    published = {
        "AÙ": "Á", "AØ": "À", "AÛ": "Ả", "AÕ": "Ã", "AÏ": "Ạ", "AÂ": "Â", "AÁ": "Ấ", "AÀ": "Ầ",
        "AÅ": "Ẩ", "AÃ": "Ẫ", "AÄ": "Ậ", "AÊ": "Ă", "AÉ": "Ắ", "AÈ": "Ằ", "AÚ": "Ẳ", "AÜ": "Ẵ",
        "AË": "Ặ", "EÄ": "Ệ", "OÄ": "Ộ", "Ô": "Ơ", "ÔÙ": "Ớ", "Ö": "Ư", "ÖÏ": "Ự", "Í": "Í",
        "Ì": "Ì", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "YÙ": "Ý", "Î": "Ỵ", "Ñ": "Đ",
    }  # fmt: skip
    for seq, letter in published.items():
        assert convert_legacy(seq, VNI) == letter, seq


@pytest.mark.skipif(shutil.which("iconv") is None, reason="iconv not installed")
def test_tcvn3_table_matches_glibc_tcvn5712():
    # glibc's TCVN5712-1 is table VN1, a superset of VN3: the VN3 bytes must decode the same.
    data = _TCVN3_BYTES + _TCVN3_UPPER_BYTES
    run = subprocess.run(
        ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=data, capture_output=True, check=False
    )
    if run.returncode != 0:
        pytest.skip("iconv lacks TCVN5712-1")
    assert run.stdout.decode() == _TCVN3_UNI + _TCVN3_UPPER_UNI
    # One letter per word, so that the capitals do not make the whole line capitals.
    words = " ".join(data.decode("latin-1"))
    assert convert_legacy(words, TCVN3) == " ".join(_TCVN3_UNI + _TCVN3_UPPER_UNI)


def test_unknown_encoding_rejected():
    with pytest.raises(ValueError):
        convert_legacy("x", "viscii")


def test_convert_output_is_nfc_and_aliases():
    assert convert_legacy("Hµ Néi", "ABC") == unicodedata.normalize("NFC", "Hà Nội")
    assert convert_legacy("Haø Noäi", "VNI-Windows") == "Hà Nội"


# ------------------------------------------------------------------------------------------
# Real names, both encodings
# ------------------------------------------------------------------------------------------
NAMES = [
    "Hà Nội",
    "Đắk Lắk",
    "Buôn Ma Thuột",
    "Sở Tài nguyên và Môi trường",
    "Nguyễn Thị Hương",
    "Cư M'gar",
    "Krông Pắc",
    "Huyện Ea Súp",
    "Trần Văn Đức",
    "Phòng Tài chính - Kế hoạch",
    "Hồ sơ hành chính",
    "Giấy chứng nhận quyền sử dụng đất",
    "Lê Thị Thuỷ",
    "Thành phố Buôn Ma Thuột",
    "UBND huyện Krông Búk",
    "Huyện Ea H'leo",
    "M'Drắk",
    "Trung tâm Phục vụ hành chính công",
    "Ngân hàng Nhà nước Việt Nam chi nhánh Đắk Lắk",
    "Bộ phận tiếp nhận và trả kết quả",
    "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
    "Độc lập - Tự do - Hạnh phúc",
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Đắk Lắk, ngày 14 tháng 5 năm 2020",
    "Phạm Văn Hùng",
    "Thị xã Buôn Hồ",
    "Văn phòng UBND tỉnh Đắk Lắk",
    "Số 12 đường Lê Duẩn",
    "Quyết định số 09/2015/QĐ-TTg",
]


@pytest.mark.parametrize("name", NAMES)
def test_tcvn3_names(name):
    legacy = to_tcvn3(name)
    assert legacy != name
    assert detect_legacy(legacy) == TCVN3
    assert fix_legacy_text(legacy) == name


@pytest.mark.parametrize("name", NAMES + ["Ủy ban nhân dân", "Ea Súp", "Ủy ban nhân dân xã Ea Kao"])
def test_vni_names(name):
    legacy = to_vni(name)
    assert legacy != name
    assert detect_legacy(legacy) == VNI
    assert fix_legacy_text(legacy) == name


@pytest.mark.parametrize(
    "name",
    [
        "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "ĐỘC LẬP - TỰ DO - HẠNH PHÚC",
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        "THỦ TRƯỞNG CƠ QUAN",
    ],
)
@pytest.mark.parametrize("encoding", [TCVN3, VNI])
def test_capital_headings(name, encoding):
    legacy = to_tcvn3(name) if encoding == TCVN3 else to_vni(name)
    assert detect_legacy(legacy) == encoding
    assert fix_legacy_text(legacy) == name


# Literal strings as they come out of real files (typed by hand, not by our encoders).
@pytest.mark.parametrize(
    ("legacy", "encoding", "expected"),
    [
        ("Hµ Néi", TCVN3, "Hà Nội"),
        ("§¾k L¾k", TCVN3, "Đắk Lắk"),
        ("Uû ban nh©n d©n", TCVN3, "Uỷ ban nhân dân"),
        ("Bu«n Ma Thuét", TCVN3, "Buôn Ma Thuột"),
        ("Kr«ng P¾c", TCVN3, "Krông Pắc"),
        ("Hå s¬", TCVN3, "Hồ sơ"),
        ("Sè 12 ®\u00adêng Lª DuÈn", TCVN3, "Số 12 đường Lê Duẩn"),
        ("NguyÔn ThÞ H\u00ad¬ng", TCVN3, "Nguyễn Thị Hương"),
        ("UBND TØNH §¾K L¾K", TCVN3, "UBND TỈNH ĐẮK LẮK"),
        ("Haø Noäi", VNI, "Hà Nội"),
        ("Ñaék Laék", VNI, "Đắk Lắk"),
        ("Ea Suùp", VNI, "Ea Súp"),
        ("Cö M'gar", VNI, "Cư M'gar"),
        ("Uûy ban nhaân daân", VNI, "Ủy ban nhân dân"),
        ("Buoân Ma Thuoät", VNI, "Buôn Ma Thuột"),
        ("Nguyeãn Thò Höông", VNI, "Nguyễn Thị Hương"),
        ("Sôû Taøi nguyeân vaø Moâi tröôøng", VNI, "Sở Tài nguyên và Môi trường"),
    ],
)
def test_literal_anchors(legacy, encoding, expected):
    assert detect_legacy(legacy) == encoding
    assert fix_legacy_text(legacy) == expected


def test_tcvn3_known_limit_toned_capital_in_mixed_case():
    # VN3 has no code for a toned capital such as Ủ: a .VnTime typist wrote "Uû" instead, and
    # a .VnTimeH capital in a mixed-case word is indistinguishable from the small letter.
    assert fix_legacy_text("ñy ban nh©n d©n") == "ủy ban nhân dân"


# ------------------------------------------------------------------------------------------
# Negatives: must pass through unchanged
# ------------------------------------------------------------------------------------------
NEGATIVES = [
    "",
    "   ",
    "Hà Nội",
    "Đắk Lắk",
    "Ủy ban nhân dân tỉnh Đắk Lắk",
    unicodedata.normalize("NFD", "Nguyễn Thị Hương"),
    # Vietnamese written with Latin-1 letters only: would decode to nonsense.
    "Tây Ninh",
    "Phú Yên",
    "Cà Mau",
    "Hoàng Anh",
    "Hòa",
    "Tô Lâm",
    "Ô tô",
    "Ea Súp",
    # European names and words.
    "Müller",
    "José Café",
    "Françoise",
    "naïve",
    "Loïc",
    "Où est la gare ?",
    "São Paulo",
    "Søren Kierkegaard",
    "Crème brûlée",
    "Jürgen Schröder, Köln",
    "Muñoz Peña",
    "ñu",
    "Anaïs, Raphaël, Gaël, Noël, Zoé",
    "août",
    "Goût et coût",
    "Conceição Guimarães",
    "Tromsø",
    "Þór",
    "¡Hola!",
    "« Bonjour »",
    "« Tan »",
    "Microsoft® Excel",
    "Copyright © 2020",
    "5 µm",
    "§ 3",
    "The quick brown fox",
    # Identifiers, numbers, contacts.
    "nguyen.van.a@gmail.com",
    "josé@café.fr",
    "https://daklak.gov.vn/van-ban?id=12&tab=xin-lỗi",
    "www.daklak.gov.vn",
    "000.00.20.H16-200515-0001",
    "H16.22-200515-0001",
    "238.512",
    "38,40%",
    "0912 345 678",
    "UBND",
    # Mixed: legacy-looking text next to genuine Unicode Vietnamese is not legacy.
    "Hµ Néi - Hà Nội",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_negatives_unchanged(text):
    assert detect_legacy(text) is None
    assert fix_legacy_text(text) == text


@pytest.mark.parametrize("value", [None, float("nan"), 12, 3.5])
def test_non_strings_pass_through(value):
    assert detect_legacy(value) is None
    result = fix_legacy_text(value)
    assert result is value


def _latin1_only_syllables() -> list[str]:
    """Every Vietnamese syllable that can be written with Latin-1 letters only.

    Such text ("Tây Ninh", "Phú Yên", "Hoàng Anh") is genuine Unicode that a TCVN3 or VNI
    decoder would turn into nonsense, so none of it may be detected. Tones go where
    Vietnamese puts them (old and new style for oa, oe, uy).
    """
    from compliance.read.legacy import _CLOSABLE_NUCLEI, _OPEN_NUCLEI

    initials = ["", "b", "c", "ch", "d", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng",
                "ngh", "nh", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"]  # fmt: skip
    out = set()
    for nucleus in _OPEN_NUCLEI + _CLOSABLE_NUCLEI:
        if nucleus == "ea":
            continue  # Ê Đê word, never toned in practice
        finals = [""] + (
            ["c", "ch", "m", "n", "ng", "nh", "p", "t"] if nucleus in _CLOSABLE_NUCLEI else []
        )
        for final in finals:
            shaped = [i for i, ch in enumerate(nucleus) if ch in "ăâêôơư"]
            if shaped:
                positions = [shaped[-1]]
            elif len(nucleus) == 1:
                positions = [0]
            elif len(nucleus) == 3:
                positions = [1]
            elif nucleus in ("oa", "oe", "uy"):
                positions = [0, 1]
            else:
                positions = [1] if final or nucleus == "oo" else [0]
            for pos in positions:
                # "oo" carries only the tones found in real words: soóc, goòng, voọc.
                tones = _TONES[:3] + _TONES[5:] if nucleus == "oo" else _TONES
                for tone in tones:
                    for initial in initials:
                        if initial == "qu" and nucleus[0] in "uoư":
                            continue
                        word = unicodedata.normalize(
                            "NFC", initial + nucleus[: pos + 1] + tone + nucleus[pos + 1 :] + final
                        )
                        if word.encode("latin-1", "ignore").decode("latin-1") == word:
                            out.add(word)
    return sorted(out)


def test_latin1_only_vietnamese_never_detected():
    syllables = _latin1_only_syllables()
    assert {"tây", "phú", "yên", "hoàng", "hòa", "hoà", "tô", "lâm", "cà", "mau"} <= set(syllables)
    rng = np.random.default_rng(42)
    pool = np.array(syllables, dtype=object)
    texts = [form(s) for s in syllables for form in (str, str.title, str.upper)]
    for _ in range(5000):
        words = " ".join(rng.choice(pool, size=int(rng.integers(2, 6))))
        texts.append([str, str.title, str.upper][int(rng.integers(0, 3))](words))
    detected = [t for t in texts if detect_legacy(t) is not None]
    assert detected == []


def test_weak_evidence_alone_is_not_enough():
    # "Ea Sóp" is TCVN3 for "Ea Súp" but could as well be genuine: left alone on its own.
    assert detect_legacy(to_tcvn3("Ea Súp")) is None


# ------------------------------------------------------------------------------------------
# Series
# ------------------------------------------------------------------------------------------
def test_series_counts_changed_cells_and_keeps_missing():
    s = pd.Series(
        ["Hµ Néi", "Hà Nội", None, "Haø Noäi", np.nan, "Hµ Néi", "Müller", "", 7],
        index=list("abcdefghi"),
        name="unit",
    )
    fixed, changed = fix_legacy_series(s)
    assert changed == 3
    assert fixed.tolist()[:4] == ["Hà Nội", "Hà Nội", None, "Hà Nội"]
    assert np.isnan(fixed["e"])
    assert fixed.tolist()[5:] == ["Hà Nội", "Müller", "", 7]
    assert list(fixed.index) == list(s.index) and fixed.name == "unit"
    assert s.iloc[0] == "Hµ Néi"  # input untouched


def test_series_nothing_to_fix():
    s = pd.Series(["Hà Nội", "Đắk Lắk", None])
    fixed, changed = fix_legacy_series(s)
    assert changed == 0
    pd.testing.assert_series_equal(fixed, s)


def test_series_string_dtype_preserved():
    s = pd.Series(["§¾k L¾k", pd.NA, "Đắk Lắk"], dtype="string")
    fixed, changed = fix_legacy_series(s)
    assert changed == 1
    assert fixed.dtype == s.dtype
    assert fixed.iloc[0] == "Đắk Lắk" and fixed.iloc[2] == "Đắk Lắk" and pd.isna(fixed.iloc[1])


def test_series_column_context_converts_weak_cells():
    legacy = [
        to_tcvn3(n) for n in ["Huyện Ea Súp", "Buôn Ma Thuột", "Krông Pắc", "Ea Súp", "Cư Kuin"]
    ]
    fixed, changed = fix_legacy_series(pd.Series(legacy))
    assert fixed.tolist() == ["Huyện Ea Súp", "Buôn Ma Thuột", "Krông Pắc", "Ea Súp", "Cư Kuin"]
    assert changed == 5
    # Without context the weak cell is left alone.
    fixed, changed = fix_legacy_series(pd.Series(legacy), column_context=False)
    assert fixed.iloc[3] == "Ea Sóp" and changed == 4


def test_series_column_context_vni():
    names = ["Hồ sơ", "Buôn Ma Thuột", "Hà Nội", "Đắk Lắk"]
    fixed, changed = fix_legacy_series(pd.Series([to_vni(n) for n in names]))
    assert to_vni("Hồ sơ") == "Hoà sô" and detect_legacy("Hoà sô") is None
    assert fixed.tolist() == names and changed == 4


def test_series_column_context_off_when_column_has_unicode_vietnamese():
    s = pd.Series(["Hµ Néi", "Bu«n Ma Thuét", "Phú Yên", "Đắk Lắk"])
    fixed, changed = fix_legacy_series(s)
    assert fixed.tolist() == ["Hà Nội", "Buôn Ma Thuột", "Phú Yên", "Đắk Lắk"]
    assert changed == 2


def test_series_column_context_needs_a_majority():
    # One TCVN3 cell among many Latin-1 names does not make the column TCVN3.
    s = pd.Series(["Hµ Néi", "Bu«n Ma Thuét", "Tây Ninh", "Phú Yên", "Cà Mau", "Hoàng Anh"])
    fixed, changed = fix_legacy_series(s)
    assert fixed.tolist()[2:] == ["Tây Ninh", "Phú Yên", "Cà Mau", "Hoàng Anh"]
    assert changed == 2


def test_series_object_keeps_none_and_nan():
    s = pd.Series(["Hµ Néi", None, np.nan, "Hµ Néi"], dtype=object)
    fixed, changed = fix_legacy_series(s)
    assert changed == 2 and fixed.dtype == object
    assert fixed.iloc[1] is None and isinstance(fixed.iloc[2], float) and np.isnan(fixed.iloc[2])


def test_series_default_string_dtype_and_categorical():
    values = ["Haø Noäi", "Hà Nội", None, "Haø Noäi"]
    for s in (pd.Series(values), pd.Series(values, dtype="category")):
        fixed, changed = fix_legacy_series(s)
        assert changed == 2
        assert fixed.dtype == s.dtype or isinstance(fixed.dtype, pd.CategoricalDtype)
        assert fixed.iloc[0] == fixed.iloc[1] == fixed.iloc[3] == "Hà Nội" and pd.isna(
            fixed.iloc[2]
        )


def test_series_million_cells_fast():
    rng = np.random.default_rng(0)
    distinct, is_legacy = [], []
    for i in range(500):
        name = NAMES[i % len(NAMES)] + f" {i}"
        distinct.append([name, to_tcvn3(name), to_vni(name), f"H16.22-200515-{i:04d}"][i % 4])
        is_legacy.append(i % 4 in (1, 2))
    picks = rng.integers(0, 500, 1_000_000)
    s = pd.Series(np.array(distinct, dtype=object)[picks])
    start = time.perf_counter()
    fixed, changed = fix_legacy_series(s)
    elapsed = time.perf_counter() - start
    assert changed == int(np.array(is_legacy)[picks].sum())
    assert fixed.iloc[int(np.argmax(picks == 1))] == NAMES[1] + " 1"
    assert elapsed < 1.0, f"{elapsed:.2f}s"


@pytest.mark.parametrize(
    "repeat", [40, 1]
)  # few distinct values (scanned once each), or all distinct
def test_load_fixes_legacy_cells_of_a_text_column(repeat):
    from compliance.inputs.checks import fix_legacy_columns

    triples = []  # (legacy, Unicode, ASCII)
    for i in range(60 // repeat):
        suffix = "" if repeat > 1 else f" {i}"
        for name in ["Phạm Văn Hùng", "Lê Thị Thuỷ", "Thị xã Buôn Hồ"]:
            triples += [(to_tcvn3(name) + suffix, name + suffix, f"Nguyen Van A{suffix}")] * repeat
    rows = [cell for triple in triples for cell in triple]
    index = range(5, 5 + len(rows))
    frame = pd.DataFrame({"applicant": pd.Series(rows, dtype="str", index=index)})
    fix_legacy_columns(frame, ["applicant"])
    got = frame["applicant"]
    assert got.index.tolist() == list(index)
    assert got.tolist() == [cell for _, name, ascii_ in triples for cell in (name, name, ascii_)]


def test_series_genuine_elsewhere_is_asked_only_for_the_column_rule():
    asked = []

    def genuine(answer):
        return lambda: asked.append(answer) or answer

    column = pd.Series(["Hµ Néi", "huyÖn Ea Sóp", "Ea Sóp"])
    assert fix_legacy_series(column, genuine_elsewhere=genuine(False))[0].iloc[2] == "Ea Súp"
    assert fix_legacy_series(column, genuine_elsewhere=genuine(True))[0].iloc[2] == "Ea Sóp"
    # strong markers only: no column rule to decide, nothing asked
    fix_legacy_series(pd.Series(["Hµ Néi", "Tây Ninh"]), genuine_elsewhere=genuine(None))
    assert asked == [False, True]
