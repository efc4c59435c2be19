"""The TCVN3 (ABC) and VNI-Windows code tables, and the markers that betray each encoding."""

from __future__ import annotations

import re

# Word characters: ASCII letters and Latin-1 0xA1-0xFF except the few symbols neither encoding
# uses as letters (¯ ° ± ² ³ ´ º ¿).
LETTERS = "A-Za-z\u00a1-\u00ae\u00b5-\u00b9\u00bb-\u00be\u00c0-\u00ff"

# --------------------------------------------------------------------------------------------
# TCVN3 (ABC), TCVN 5712:1993 table VN3, as the ".VnTime" fonts use it. Keys are the bytes as
# they read in Windows-1252/Latin-1 (0xA1-0xFE, identical in both). Checked byte by byte against
# glibc's TCVN5712-1 converter (VN1, a superset of VN3) in the tests.
#
# VN3 has single-byte codes for all 67 lower-case Vietnamese letters but for only seven
# upper-case ones (Ă Â Ê Ô Ơ Ư Đ). The upper-case fonts (".VnTimeH") draw the *lower-case*
# codes as capitals, so "HÀ NỘI" is stored as "Hµ NéI": upper case can only be recovered from
# the case of the ASCII letters around it (see legacy._tcvn3_caps). The VN1-only positions for
# upper-case toned vowels (0xAF, 0xBA, 0xBF-0xC5, 0xCD, 0xD9-0xDB, 0xE0, 0xF0, 0xFF) and the
# combining marks at 0xB0-0xB4 are deliberately left out: they are À Á Â Ã Ä Å Í Ù Ú Û à ð ÿ
# ° ± ² ³ ´ in Latin-1, far more often genuine than VN1, and the .VnTime fonts do not use them.
# --------------------------------------------------------------------------------------------
TCVN3_TABLE: dict[str, str] = {
    # a    à         á         ả         ã         ạ
    "µ": "à", "¸": "á", "¶": "ả", "·": "ã", "¹": "ạ",
    # ă    ằ         ắ         ẳ         ẵ         ặ
    "¨": "ă", "»": "ằ", "¾": "ắ", "¼": "ẳ", "½": "ẵ", "Æ": "ặ",
    # â    ầ         ấ         ẩ         ẫ         ậ
    "©": "â", "Ç": "ầ", "Ê": "ấ", "È": "ẩ", "É": "ẫ", "Ë": "ậ",
    # đ
    "®": "đ",
    # e    è         é         ẻ         ẽ         ẹ
    "Ì": "è", "Ð": "é", "Î": "ẻ", "Ï": "ẽ", "Ñ": "ẹ",
    # ê    ề         ế         ể         ễ         ệ
    "ª": "ê", "Ò": "ề", "Õ": "ế", "Ó": "ể", "Ô": "ễ", "Ö": "ệ",
    # i    ì         í         ỉ         ĩ         ị
    "×": "ì", "Ý": "í", "Ø": "ỉ", "Ü": "ĩ", "Þ": "ị",
    # o    ò         ó         ỏ         õ         ọ
    "ß": "ò", "ã": "ó", "á": "ỏ", "â": "õ", "ä": "ọ",
    # ô    ồ         ố         ổ         ỗ         ộ
    "«": "ô", "å": "ồ", "è": "ố", "æ": "ổ", "ç": "ỗ", "é": "ộ",
    # ơ    ờ         ớ         ở         ỡ         ợ
    "¬": "ơ", "ê": "ờ", "í": "ớ", "ë": "ở", "ì": "ỡ", "î": "ợ",
    # u    ù         ú         ủ         ũ         ụ
    "ï": "ù", "ó": "ú", "ñ": "ủ", "ò": "ũ", "ô": "ụ",
    # ư (0xAD is the soft hyphen, invisible in most viewers)
    "\u00ad": "ư", "õ": "ừ", "ø": "ứ", "ö": "ử", "÷": "ữ", "ù": "ự",
    # y    ỳ         ý         ỷ         ỹ         ỵ
    "ú": "ỳ", "ý": "ý", "û": "ỷ", "ü": "ỹ", "þ": "ỵ",
    # The seven upper-case letters with their own codes in VN3.
    "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ",
}  # fmt: skip
TCVN3_TRANS = str.maketrans(TCVN3_TABLE)

# Symbols (not letters in any Latin-1 language) that TCVN3 uses as letters. A word holding one
# is strong evidence; a lone one ("§ 3", "« … »", "5 µm") is not a word at all.
TCVN3_SYMBOLS = frozenset("¡¢£¤¥¦§¨©ª«¬\u00ad®µ¶·¸¹»¼½¾×÷")
# Upper-case Latin-1 letters that TCVN3 uses for lower-case Vietnamese letters: after a
# lower-case letter in the same word ("nhÊt", "huyÖn", "ThÞ") they are strong evidence.
TCVN3_UPPER_CODES = frozenset(k for k in TCVN3_TABLE if k.isupper() and k not in TCVN3_SYMBOLS)
TCVN3_MIXED = re.compile(
    f"[a-z\u00df-\u00f6\u00f8-\u00ff][{LETTERS}]*[{''.join(sorted(TCVN3_UPPER_CODES))}]"
)
# Evidence of capitals for .VnTimeH text: ASCII capitals and the seven VN3 capitals.
UPPER_EVIDENCE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ¡¢£¤¥¦§")

# --------------------------------------------------------------------------------------------
# VNI-Windows ("VNI-Times"): a base letter followed by a byte that the font draws as a
# zero-width mark. Tones: ù acute, ø grave, û hook, õ tilde, ï dot below. "aâ eâ oâ" give
# â ê ô and "aê" gives ă; tone and shape together are one byte (aá ấ, aà ầ, aå ẩ, aã ẫ, aä ậ
# for the circumflex; aé ắ, aè ằ, aú ẳ, aü ẵ, aë ặ for the breve). ơ and ư are single bytes
# (ô, ö) taking the ordinary tone bytes; the toned i and ỵ are single bytes; đ is ñ.
# Upper case uses the upper-case form of both bytes ("AØ" = À, "Ñ" = Đ).
# --------------------------------------------------------------------------------------------
VNI_LOWER: dict[str, str] = {
    "aù": "á", "aø": "à", "aû": "ả", "aõ": "ã", "aï": "ạ",
    "aâ": "â", "aá": "ấ", "aà": "ầ", "aå": "ẩ", "aã": "ẫ", "aä": "ậ",
    "aê": "ă", "aé": "ắ", "aè": "ằ", "aú": "ẳ", "aü": "ẵ", "aë": "ặ",
    "eù": "é", "eø": "è", "eû": "ẻ", "eõ": "ẽ", "eï": "ẹ",
    "eâ": "ê", "eá": "ế", "eà": "ề", "eå": "ể", "eã": "ễ", "eä": "ệ",
    "où": "ó", "oø": "ò", "oû": "ỏ", "oõ": "õ", "oï": "ọ",
    "oâ": "ô", "oá": "ố", "oà": "ồ", "oå": "ổ", "oã": "ỗ", "oä": "ộ",
    "ô": "ơ", "ôù": "ớ", "ôø": "ờ", "ôû": "ở", "ôõ": "ỡ", "ôï": "ợ",
    "uù": "ú", "uø": "ù", "uû": "ủ", "uõ": "ũ", "uï": "ụ",
    "ö": "ư", "öù": "ứ", "öø": "ừ", "öû": "ử", "öõ": "ữ", "öï": "ự",
    "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị",
    "yù": "ý", "yø": "ỳ", "yû": "ỷ", "yõ": "ỹ", "î": "ỵ",
    "ñ": "đ",
}  # fmt: skip


def _vni_table() -> dict[str, str]:
    table = dict(VNI_LOWER)
    for seq, letter in VNI_LOWER.items():
        # Capitals: "AØ" is the canonical form; "Aø" (capital base, small mark) also occurs
        # when a word was capitalised by hand, and the base letter decides the case.
        table[seq.upper()] = letter.upper()
        if len(seq) == 2:
            table[seq[0].upper() + seq[1]] = letter.upper()
    return table


VNI_TABLE = _vni_table()
# Longest first, so that "oâ" (ô) wins over a lone "o" and "ôù" (ớ) over "ô" (ơ).
VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(VNI_TABLE, key=len, reverse=True)))
VNI_STRONG = re.compile(
    "[aeouyAEOUYôöÔÖ][øùûõïØÙÛÕÏ]"  # tone byte after a vowel
    "|[aeoAEO][âÂ]|[aA][êÊ]"  # circumflex, breve
    "|[aeAE][àáåãäÀÁÅÃÄ]|[oO][åäÅÄ]"  # circumflex + tone (oà oá oã are weak: "Hoàng", "Hoá")
    "|[aA][èéúüëÈÉÚÜË]"  # breve + tone
    "|[öÖñÑæÆîÎ]"  # ư đ ỉ ỵ: bytes genuine Vietnamese never contains
)
# Real European words that decode to a valid syllable and carry a "strong" VNI marker.
LOOKALIKES = frozenset(
    {"loïc", "thaï", "où", "goût", "coût", "moût", "eût", "ñu", "µm", "µg", "µl", "µs"}
)
