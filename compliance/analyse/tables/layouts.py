"""The results tables check-table reads: their figures, and the header and row words that name them."""

from __future__ import annotations

import re

from compliance.text import header_key

# The layouts recognised. Columns are found by their header text (group title and sub-header read
# together, accents, case and punctuation ignored), never by position, so these layouts all read,
# with or without the row of column numbers ``(1) (2) …`` under the header:
#
# - the official form, Biểu II.06a/VPCP/KSTT (given to us as the form of Thông tư 01/2018/TT-VPCP;
#   its text was not available to us: check): STT | Lĩnh vực/Đơn vị |
#   Số hồ sơ nhận giải quyết (Tổng số; Trong đó: Số kỳ trước chuyển qua, Số mới tiếp nhận trực
#   tuyến, trực tiếp/bưu chính) | Kết quả giải quyết: Số hồ sơ đã giải quyết (Tổng số, Trả trước
#   hạn, Trả đúng thời hạn, Trả quá hạn), Số hồ sơ đang giải quyết (Tổng số, Trong hạn, Quá hạn).
#   With a separate early column, "đúng hạn" excludes early: resolved = early + on time + late.
#   Its successor in Thông tư 03/2025/TT-VPCP was not available either; we assume the same column
#   titles, in any order;
# - the 13-column table of this tool's report (CONTRACT section 7: no early column, on time
#   includes early, a column for cases received from another agency, liên thông);
# - ``resolution_table.csv`` itself (its English column names).

#: Every figure the reader knows: (words in the column list, words in a difference).
FIELDS = {
    "received_total": ("tổng số hồ sơ nhận giải quyết", "hồ sơ nhận giải quyết"),
    "carried_over": ("kỳ trước chuyển qua", "hồ sơ kỳ trước chuyển qua"),
    "new_total": ("mới tiếp nhận", "hồ sơ mới tiếp nhận"),
    "new_online": ("mới tiếp nhận trực tuyến", "hồ sơ mới tiếp nhận trực tuyến"),
    "new_direct_or_postal": ("mới tiếp nhận trực tiếp/bưu chính", "hồ sơ mới tiếp nhận trực tiếp/bưu chính"),
    "interconnected": ("tiếp nhận liên thông", "hồ sơ tiếp nhận liên thông"),
    "resolved_total": ("đã giải quyết: tổng số", "hồ sơ đã giải quyết"),
    "resolved_early": ("trả trước hạn", "hồ sơ trả trước hạn"),
    "resolved_on_time": ("trả đúng hạn", "hồ sơ trả đúng hạn"),
    "resolved_late": ("trả quá hạn", "hồ sơ trả quá hạn"),
    "pending_total": ("đang giải quyết: tổng số", "hồ sơ đang giải quyết"),
    "pending_in_time": ("đang giải quyết trong hạn", "hồ sơ đang giải quyết trong hạn"),
    "pending_overdue": ("đang giải quyết quá hạn", "hồ sơ đang giải quyết quá hạn"),
}  # fmt: skip

#: resolution_table.csv (CONTRACT section 7) column → field.
OWN_COLUMNS = {
    "stt": "stt", "unit_id": "unit_id", "unit_name": "name", "total": "received_total",
    "new_online": "new_online", "carried_over": "carried_over",
    "new_direct_or_postal": "new_direct_or_postal", "interconnected": "interconnected",
    "resolved": "resolved_total", "resolved_on_time": "resolved_on_time",
    "resolved_late": "resolved_late", "pending": "pending_total",
    "pending_in_time": "pending_in_time", "pending_overdue": "pending_overdue",
}  # fmt: skip
OWN_KEYS = {header_key(name): f for name, f in OWN_COLUMNS.items()}

FIELD_GROUP = {
    "received_total": "received", "carried_over": "received", "new_total": "received",
    "new_online": "received", "new_direct_or_postal": "received", "interconnected": "received",
    "resolved_total": "resolved", "resolved_early": "resolved", "resolved_on_time": "resolved",
    "resolved_late": "resolved", "pending_total": "pending", "pending_in_time": "pending",
    "pending_overdue": "pending",
}  # fmt: skip
GROUP_TOTAL = {
    "received": "received_total", "new": "new_total", "resolved": "resolved_total",
    "pending": "pending_total",
}  # fmt: skip


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


# Header words, matched on header_key() text (no accents, lower case, punctuation as spaces).
IGNORED = _words("ty le", "phan tram", "ghi chu", "binh quan", "trung binh", "ly do", "nguyen nhan")
STT = re.compile(r"^(?:stt|tt|so tt|so thu tu)$")
UNIT_ID = re.compile(r"^(?:unit id|ma don vi|ma dinh danh)$")
NAME = _words("don vi", "linh vuc", "co quan", "dia phuong", "unit name")
GROUPS = [  # checked in this order on each header cell, from the lowest one up
    ("pending", _words("dang giai quyet", "chua giai quyet", "dang xu ly", "chua xu ly",
                        "chua co ket qua", "chua tra ket qua")),
    ("resolved", _words("da giai quyet", "da xu ly", "da tra ket qua", "da co ket qua",
                         "giai quyet xong")),
    ("new", _words("moi tiep nhan", "tiep nhan moi", "moi nhan", "tiep nhan trong ky")),
    ("received", _words("nhan giai quyet", "tiep nhan", "ho so nhan", "da nhan")),
]  # fmt: skip
SPECIFIC = [  # a cell that names its figure whatever its group
    ("carried_over", _words("ky truoc", "ton dau ky", "ton truoc")),
    ("pending_total", _words("chuyen ky sau", "chuyen sang ky sau")),
    ("interconnected", _words("lien thong")),
    ("new_online", _words("truc tuyen", "qua mang")),
    ("new_direct_or_postal", _words("truc tiep", "buu chinh", "bcci", "buu dien")),
]
EARLY = _words("truoc han", "som han", "truoc thoi han")
ON_TIME = _words("dung han", "dung thoi han", "dung hen")
IN_TIME = _words("trong han", "chua den han", "con han", "chua qua han", "trong thoi han")
LATE = _words("qua han", "tre han", "tre hen", "qua thoi han", "cham")
TOTAL = re.compile(r"^(?:tong so|tong cong|tong|cong|so luong)\b|^so ho so$")
HEADER_WORD = re.compile(
    r"^(?:stt|tt)$|\b(?:don vi|linh vuc|co quan|ket qua giai quyet|giai quyet|tiep nhan)\b"
)

#: Row names: the totals row, and group rows (Cấp tỉnh, I., A.) that are no unit.
#: on lower-case text with its accents: "Cộng" is a total, "Công an tỉnh" a unit
TOTAL_ROW = re.compile(r"^(?:tổng cộng|tổng số|cộng|total|toàn tỉnh|tổng(?! cục| công ty))\b")
GROUP_ROW = re.compile(r"^(?:(?:cong )?cap (?:tinh|huyen|xa|so)|khoi \w+)\b")
GROUP_STT = re.compile(r"^(?:[IVXLC]+|[A-Z])\.?$")

NUMBER_CELL = re.compile(r"^\(?\s*(\d{1,2}|[A-Z])\s*\)?(?:\s*=\s*[\d()+\-\s]+)?$")
FIGURE = re.compile(r"^\d{1,3}(?:([.,\s])\d{3})?(?:\1\d{3})*$|^\d+$")
DASH = re.compile(r"^[-–—]$")
