"""The shared view-model of the human-facing outputs, in Vietnamese.

Pure functions of the run's data (the summary.json dict, the findings and follow-up frames):
the summary sentences in the words of a real monthly report, the per-level figures, labels for
the contract's codes, masking of applicants' names and safe evidence links. The HTML and XLSX
renderers (and the letter drafts) lay these out; none of them computes figures of its own.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pandas as pd

from compliance import codes
from compliance.calendar.periods import period_name
from compliance.config import LEVELS
from compliance.formatting import nd30_month, vn_datetime, vn_int, vn_percent
from compliance.model import RESOLUTION_COLUMNS
from compliance.text import clean_text, mask_name

#: Level names as they start a phrase ("Cấp tỉnh: 129/129 hồ sơ").
LEVEL_NAMES = {"province": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã"}

#: The gap labels by code, built from compliance/codes.py (which words every code); kept as a
#: mapping for tests/render/test_render_common.py. Prefer :func:`code_label`.
GAP_LABELS = {c.code: c.vi for c in codes.GAPS}
#: The overdue kinds, the two compliance blocks of COUNTS.
_KINDS = codes.codes("overdue_kind")

_COUNT_KEYS = (
    "received", "resolved", "resolved_early", "resolved_on_time", "resolved_late",
    "pending", "pending_in_time", "pending_overdue",
)  # fmt: skip
_COMPLIANCE_KEYS = (
    "cases", "apology_issued", "apology_on_time", "apology_late", "apology_missing",
    "posted_at_desk", "published_online", "online_not_found", "online_unverifiable",
    "online_no_website", "exempt",
)  # fmt: skip


# --------------------------------------------------------------------------- small helpers


def is_missing(value: object) -> bool:
    """None, NaN, NaT or pd.NA (a cell with no value)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and other non-scalars
        return False


def cell_text(value: object) -> str:
    """Cell text: missing values → '', everything else NFC, spaces collapsed, trimmed."""
    if type(value) is str:  # most cells: never missing
        return clean_text(value)
    return "" if is_missing(value) else clean_text(value)


def label(mapping: dict[str, str], code: object) -> str:
    """The Vietnamese label of a code; unknown codes are shown as they are, empty stays empty."""
    text = cell_text(code)
    return mapping.get(text, text)


def code_label(family: str, code: object) -> str:
    """The Vietnamese label of a code of ``family`` (compliance/codes.py), as :func:`label`."""
    return codes.label(family, cell_text(code))


def level_name(level: object) -> str:
    """'province' → 'Cấp tỉnh' (unknown levels as they are)."""
    return label(LEVEL_NAMES, level)


def nn(number: int) -> str:
    """A count as written in reports: two digits below ten ('02'), else Vietnamese style."""
    return f"{int(number):02d}" if 0 <= number < 10 else vn_int(number)


def short_date(day: dt.date) -> str:
    """'15/4/2020': day on two digits, the month unpadded except January and February."""
    return f"{day.day:02d}/{nd30_month(day)}/{day.year}"


def period_phrase(start: dt.date, end: dt.date) -> str:
    """'Từ ngày 15/4/2020 đến ngày 14/5/2020'."""
    return f"Từ ngày {short_date(start)} đến ngày {short_date(end)}"


def period_title(kind: str, end: dt.date) -> str:
    """'tháng 5 năm 2020', 'quý II năm 2020', '6 tháng đầu năm 2020', 'năm 2020' or 'đột xuất'."""
    return period_name(kind, end) or "đột xuất"


def generated_phrase(moment: dt.datetime) -> str:
    """'14:30 ngày 20/5/2020' for the time a report was made."""
    return f"{moment:%H:%M} ngày {short_date(moment.date())}"


def safe_link(url: object) -> str | None:
    """``url`` when it is a plain http(s) address that may be made clickable, else None."""
    text = cell_text(url)
    if not text or any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text


def split_codes(value: object) -> list[str]:
    """'a;b;' → ['a', 'b'] (the contract's ``;``-joined lists)."""
    return [part.strip() for part in cell_text(value).split(";") if part.strip()]


def gap_labels(gaps: object) -> list[str]:
    """The gaps of a finding in Vietnamese, in the order given."""
    return [codes.label("gap", code) for code in split_codes(gaps)]


def parse_reasons(reasons: object) -> list[tuple[str, int]]:
    """'missing_apology:2;not_posted_at_desk:2' → [('missing_apology', 2), ('not_posted_at_desk', 2)]."""
    out = []
    for part in split_codes(reasons):
        code, _, count = part.partition(":")
        out.append((code.strip(), int(count) if count.strip().isdigit() else 1))
    return out


def reason_text(code: str, count: int) -> str:
    """'Chưa có văn bản xin lỗi: 02 hồ sơ'."""
    return f"{code_label('gap', code)}: {nn(count)} hồ sơ"


def mask_applicants(frame: pd.DataFrame, column: str = "applicant") -> pd.DataFrame:
    """Copy of ``frame`` with the names in ``column`` masked ('Nguyễn V. A.')."""
    if column not in frame.columns:
        return frame
    out = frame.copy()
    out[column] = out[column].map(lambda v: mask_name(v) if isinstance(v, str) and v.strip() else v)
    return out


def mask_warnings(warnings: dict) -> dict:
    """Copy of the summary's ``warnings`` with the applicants of fuzzy matches and of the
    letters to review masked."""
    out = dict(warnings)
    out["fuzzy_matches"] = [
        {**item, "applicant": mask_name(item.get("applicant") or "")}
        for item in warnings.get("fuzzy_matches", [])
    ]
    out["letters_to_review"] = [
        {
            **item,
            "applicant": mask_name(item.get("applicant") or ""),
            "code_case_applicant": mask_name(item.get("code_case_applicant") or ""),
        }
        for item in warnings.get("letters_to_review", [])
    ]
    return out


# --------------------------------------------------------------------------- counts


def zero_counts() -> dict:
    """A COUNTS object with every figure zero."""
    counts: dict = dict.fromkeys(_COUNT_KEYS, 0)
    counts["compliance"] = {kind: dict.fromkeys(_COMPLIANCE_KEYS, 0) for kind in _KINDS}
    return counts


def level_counts(summary: dict, level: str | None = None) -> dict:
    """COUNTS of one level (``None``: the totals), with any missing figure as zero."""
    raw = summary.get("totals") if level is None else summary.get("by_level", {}).get(level)
    counts = zero_counts()
    for key in _COUNT_KEYS:
        counts[key] = int((raw or {}).get(key, 0) or 0)
    for kind in _KINDS:
        block = ((raw or {}).get("compliance") or {}).get(kind) or {}
        for key in _COMPLIANCE_KEYS:
            counts["compliance"][kind][key] = int(block.get(key, 0) or 0)
    return counts


def compliance_of(counts: dict, kind: str | None = None) -> dict:
    """The compliance block of ``kind``, or both kinds added up when ``kind`` is None."""
    blocks = counts.get("compliance") or {}
    if kind is not None:
        return {key: int((blocks.get(kind) or {}).get(key, 0) or 0) for key in _COMPLIANCE_KEYS}
    return {
        key: sum(int((blocks.get(k) or {}).get(key, 0) or 0) for k in _KINDS)
        for key in _COMPLIANCE_KEYS
    }


def active_levels(summary: dict) -> list[str]:
    """Levels that have any case or any unit in this run, in the order tỉnh, huyện, xã."""
    unit_levels = {u.get("level") for u in summary.get("by_unit", [])}
    out = []
    for level in LEVELS:
        counts = level_counts(summary, level)
        if level in unit_levels or any(counts[key] for key in ("received", "resolved", "pending")):
            out.append(level)
    return out


# --------------------------------------------------------------------------- sentences


def _level_breakdown(summary: dict, render: Callable[[dict], str | None]) -> str:
    """' (Cấp tỉnh: …, cấp xã: …)' over the levels for which ``render`` gives text."""
    parts = []
    for level in LEVELS:
        text = render(level_counts(summary, level))
        if text is None:
            continue
        name = LEVEL_NAMES[level] if not parts else LEVEL_NAMES[level].lower()
        parts.append(f"{name}: {text}")
    return f" ({', '.join(parts)})" if parts else ""


def _cases_by_level(summary: dict, key: str) -> str:
    """' (Cấp tỉnh: 3 hồ sơ, cấp xã: 2 hồ sơ)': the figure ``key`` of each level that has any."""
    return _level_breakdown(summary, lambda c: f"{vn_int(c[key])} hồ sơ" if c[key] else None)


def _share(part: int, whole: int) -> str:
    """'91.589 hồ sơ, tỷ lệ 38,40%' (no rate when ``whole`` is zero)."""
    rate = vn_percent(part, whole)
    return f"{vn_int(part)} hồ sơ, tỷ lệ {rate}" if rate else f"{vn_int(part)} hồ sơ"


def received_sentence(summary: dict) -> str:
    """'Tổng số hồ sơ TTHC tiếp nhận mới trong kỳ: 240.000 (Cấp tỉnh: … hồ sơ, …).'"""
    total = level_counts(summary)["received"]
    levels = _cases_by_level(summary, "received")
    return f"Tổng số hồ sơ TTHC tiếp nhận mới trong kỳ: {vn_int(total)}{levels}."


def resolved_sentence(summary: dict) -> str:
    """'Tổng số hồ sơ TTHC đã giải quyết: 238.512 (Cấp tỉnh: 109.900 hồ sơ, …). Trong đó: …'."""
    totals = level_counts(summary)
    levels = _cases_by_level(summary, "resolved")
    sentence = f"Tổng số hồ sơ TTHC đã giải quyết: {vn_int(totals['resolved'])}{levels}."
    if not totals["resolved"]:
        return sentence
    whole = totals["resolved"]
    return (
        f"{sentence} Trong đó: Trước hạn: {_share(totals['resolved_early'], whole)}; "
        f"Đúng hạn: {_share(totals['resolved_on_time'], whole)}; "
        f"Quá hạn: {_share(totals['resolved_late'], whole)}."
    )


def pending_sentence(summary: dict) -> str:
    """'Số hồ sơ đang giải quyết: 2.630 (…). Trong đó: Chưa đến hạn: …; Quá hạn: …'."""
    totals = level_counts(summary)
    levels = _cases_by_level(summary, "pending")
    sentence = f"Số hồ sơ đang giải quyết: {vn_int(totals['pending'])}{levels}."
    if not totals["pending"]:
        return sentence
    return (
        f"{sentence} Trong đó: Chưa đến hạn: {vn_int(totals['pending_in_time'])} hồ sơ; "
        f"Quá hạn: {vn_int(totals['pending_overdue'])} hồ sơ."
    )


def _done_sentence(summary: dict, kind: str, key: str, lead: str) -> str:
    """'<lead>: 135/137 hồ sơ quá hạn (Cấp tỉnh: 127/129 hồ sơ, cấp xã: 8/8 hồ sơ).'

    Levels with no case of ``kind`` are left out.
    """
    block = compliance_of(level_counts(summary), kind)

    def per_level(counts: dict) -> str | None:
        c = compliance_of(counts, kind)
        return f"{vn_int(c[key])}/{vn_int(c['cases'])} hồ sơ" if c["cases"] else None

    levels = _level_breakdown(summary, per_level)
    noun = codes.phrase("overdue_kind", kind)
    return f"{lead}: {vn_int(block[key])}/{vn_int(block['cases'])} {noun}{levels}."


def unit_shortfalls(summary: dict, kind: str, key: str) -> list[tuple[str, int]]:
    """Units with cases of ``kind`` that lack ``key`` (e.g. published_online): (name, how many).

    Most cases first, then by name.
    """
    out = []
    for unit in summary.get("by_unit", []):
        block = compliance_of(unit.get("counts") or {}, kind)
        missing = block["cases"] - block[key]
        if missing > 0:
            out.append((clean_text(unit.get("unit_name") or unit.get("unit_id")), missing))
    return sorted(out, key=lambda item: (-item[1], item[0]))


def _shortfall_sentence(summary: dict, kind: str, key: str, what: str) -> str | None:
    """'Có 02 hồ sơ trễ hạn chưa <what> của A (01 hồ sơ), B (01 hồ sơ).' (None when none)."""
    units = unit_shortfalls(summary, kind, key)
    if not units:
        return None
    total = sum(n for _, n in units)
    noun = "hồ sơ trễ hạn" if kind == "resolved_late" else codes.phrase("overdue_kind", kind)
    if len(units) == 1:
        whose = units[0][0]
    else:
        whose = ", ".join(f"{name} ({nn(n)} hồ sơ)" for name, n in units)
    return f"Có {nn(total)} {noun} {what} của {whose}."


def apology_sentences(summary: dict, kind: str = "resolved_late") -> list[str]:
    """The written-apology sentences for ``kind`` (resolved_late or pending_overdue)."""
    block = compliance_of(level_counts(summary), kind)
    out = [_done_sentence(summary, kind, "apology_issued", "Đã có văn bản xin lỗi")]
    undated = block["apology_issued"] - block["apology_on_time"] - block["apology_late"]
    details = []
    if block["apology_late"]:
        details.append(f"{nn(block['apology_late'])} hồ sơ xin lỗi sau thời hạn")
    if undated > 0:
        details.append(f"{nn(undated)} hồ sơ có văn bản xin lỗi không ghi ngày")
    if details:
        out.append(f"Trong đó có {' và '.join(details)}.")
    missing = _shortfall_sentence(summary, kind, "apology_issued", "chưa có văn bản xin lỗi")
    return out + ([missing] if missing else [])


def desk_sentences(summary: dict, kind: str = "resolved_late") -> list[str]:
    """'Đã niêm yết tại Bộ phận một cửa: …' and the units that have not."""
    out = [_done_sentence(summary, kind, "posted_at_desk", "Đã niêm yết tại Bộ phận một cửa")]
    missing = _shortfall_sentence(
        summary, kind, "posted_at_desk", "chưa niêm yết văn bản xin lỗi tại Bộ phận một cửa"
    )
    return out + ([missing] if missing else [])


def web_sentences(summary: dict, kind: str = "resolved_late") -> list[str]:
    """'Đã đăng tải văn bản xin lỗi lên Trang thông tin điện tử của đơn vị: …' and the shortfalls.

    When no website was checked in this run (``--no-web``), says so instead of counting zeros.
    """
    block = compliance_of(level_counts(summary), kind)
    checked = sum(
        block[k]
        for k in (
            "published_online",
            "online_not_found",
            "online_unverifiable",
            "online_no_website",
        )
    )
    if block["cases"] and not checked:
        return [
            "Chưa kiểm tra việc đăng tải văn bản xin lỗi lên Trang thông tin điện tử "
            "của các đơn vị trong lần kiểm tra này."
        ]
    out = [
        _done_sentence(
            summary, kind, "published_online",
            "Đã đăng tải văn bản xin lỗi lên Trang thông tin điện tử của đơn vị",
        )
    ]  # fmt: skip
    missing = _shortfall_sentence(
        summary, kind, "published_online",
        "chưa đăng tải văn bản xin lỗi lên Trang thông tin điện tử",
    )  # fmt: skip
    if missing:
        out.append(missing)
    reasons = [
        (block["online_unverifiable"], "không kiểm tra được do trang lỗi hoặc không truy cập được"),
        (block["online_no_website"], "đơn vị chưa có Trang thông tin điện tử"),
    ]
    details = [f"{nn(n)} hồ sơ {why}" for n, why in reasons if n]
    if details:
        out.append(f"Trong đó có {'; '.join(details)}.")
    return out


def overdue_pending_sentence(summary: dict) -> str:
    """'Số hồ sơ đang giải quyết đã quá hạn: 3 (Cấp tỉnh: 1 hồ sơ, cấp xã: 2 hồ sơ).'"""
    total = level_counts(summary)["pending_overdue"]
    if not total:
        return "Không có hồ sơ đang giải quyết đã quá hạn."
    levels = _cases_by_level(summary, "pending_overdue")
    return f"Số hồ sơ đang giải quyết đã quá hạn: {vn_int(total)}{levels}."


def exempt_sentence(summary: dict) -> str | None:
    """'Có 01 hồ sơ được miễn trừ …' when the exemption list excused any case."""
    block = compliance_of(level_counts(summary))
    if not block["exempt"]:
        return None
    return (
        f"Có {nn(block['exempt'])} hồ sơ phần mềm ghi nhận quá hạn nhưng được miễn trừ theo danh sách "
        "miễn trừ (tính là đúng hạn, không tính vào số hồ sơ quá hạn)."
    )


@dataclass
class Paragraph:
    """A titled group of summary sentences."""

    title: str
    sentences: list[str] = field(default_factory=list)


def compliance_sentences(summary: dict, kind: str) -> list[str]:
    """Apology, desk and web sentences of one kind of overdue case."""
    return (
        apology_sentences(summary, kind)
        + desk_sentences(summary, kind)
        + web_sentences(summary, kind)
    )


def summary_paragraphs(summary: dict) -> list[Paragraph]:
    """The whole summary, as a monthly report words it."""
    results = Paragraph(
        "Kết quả giải quyết hồ sơ",
        [received_sentence(summary), resolved_sentence(summary), pending_sentence(summary)],
    )
    late = Paragraph("Việc xin lỗi đối với hồ sơ quá hạn")
    if level_counts(summary)["compliance"]["resolved_late"]["cases"]:
        late.sentences = compliance_sentences(summary, "resolved_late")
    else:
        late.sentences = ["Không có hồ sơ giải quyết quá hạn trong kỳ."]
    exempt = exempt_sentence(summary)
    if exempt:
        late.sentences.append(exempt)
    pending = Paragraph("Hồ sơ đang giải quyết đã quá hạn", [overdue_pending_sentence(summary)])
    if level_counts(summary)["compliance"]["pending_overdue"]["cases"]:
        pending.sentences += compliance_sentences(summary, "pending_overdue")
    return [results, late, pending]


# --------------------------------------------------------------------------- figures


@dataclass
class FigureRow:
    """One line of the per-level figures: a label and a value per level plus the total."""

    label: str
    values: list[int]
    indent: int = 0
    strong: bool = False


#: (label, indent, strong, getter of a COUNTS object)
_FIGURES: list[tuple[str, int, bool, Callable[[dict], int]]] = [
    ("Hồ sơ tiếp nhận mới trong kỳ", 0, True, lambda c: c["received"]),
    ("Hồ sơ đã giải quyết", 0, True, lambda c: c["resolved"]),
    ("Trước hạn", 1, False, lambda c: c["resolved_early"]),
    ("Đúng hạn", 1, False, lambda c: c["resolved_on_time"]),
    ("Quá hạn", 1, False, lambda c: c["resolved_late"]),
    ("Hồ sơ đang giải quyết", 0, True, lambda c: c["pending"]),
    ("Chưa đến hạn", 1, False, lambda c: c["pending_in_time"]),
    ("Đã quá hạn", 1, False, lambda c: c["pending_overdue"]),
]


def _compliance_figures(
    kind: str, title: str
) -> list[tuple[str, int, bool, Callable[[dict], int]]]:
    def get(key: str) -> Callable[[dict], int]:
        return lambda c: compliance_of(c, kind)[key]

    return [
        (title, 0, True, get("cases")),
        ("Đã có văn bản xin lỗi", 1, False, get("apology_issued")),
        ("Xin lỗi đúng thời hạn", 2, False, get("apology_on_time")),
        ("Xin lỗi sau thời hạn", 2, False, get("apology_late")),
        ("Chưa có văn bản xin lỗi", 1, False, get("apology_missing")),
        ("Đã niêm yết tại Bộ phận một cửa", 1, False, get("posted_at_desk")),
        ("Đã đăng tải lên Trang thông tin điện tử", 1, False, get("published_online")),
        ("Không tìm thấy trên trang", 2, False, get("online_not_found")),
        ("Không kiểm tra được", 2, False, get("online_unverifiable")),
        ("Đơn vị chưa có trang", 2, False, get("online_no_website")),
        ("Được miễn trừ (không tính là quá hạn)", 1, False, get("exempt")),
    ]


def figure_rows(summary: dict, levels: Iterable[str]) -> list[FigureRow]:
    """The per-level figures: one row per measure, a value per level in ``levels`` then the total."""
    levels = list(levels)
    specs = (
        _FIGURES
        + _compliance_figures("resolved_late", "Hồ sơ giải quyết quá hạn")
        + _compliance_figures("pending_overdue", "Hồ sơ đang giải quyết đã quá hạn")
    )
    per_level = [level_counts(summary, level) for level in levels] + [level_counts(summary)]
    return [
        FigureRow(text, [get(c) for c in per_level], indent, strong)
        for text, indent, strong, get in specs
    ]


@dataclass
class Bar:
    """One bar of a chart: ``done`` out of ``total`` cases."""

    label: str
    done: int
    total: int

    @property
    def ratio(self) -> float:
        return self.done / self.total if self.total else 0.0

    @property
    def percent(self) -> str:
        return vn_percent(self.done, self.total) or "–"


def compliance_bars(counts: dict) -> list[Bar]:
    """Apology, desk posting and web publication of all overdue cases in ``counts``."""
    block = compliance_of(counts)
    return [
        Bar("Có văn bản xin lỗi", block["apology_issued"], block["cases"]),
        Bar("Niêm yết tại một cửa", block["posted_at_desk"], block["cases"]),
        Bar("Đăng tải lên trang", block["published_online"], block["cases"]),
    ]


# --------------------------------------------------------------------------- standard table


#: The figure columns (3)–(13) of resolution_table.csv, in order.
RESOLUTION_FIGURES = RESOLUTION_COLUMNS[3:]


@dataclass(frozen=True)
class HeaderCell:
    """A cell of a multi-row table header, 0-based, spanning ``rowspan`` x ``colspan`` cells."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1


#: The three header rows of the standard results table, as on the official form.
RESOLUTION_HEADER = [
    HeaderCell(0, 0, "STT", rowspan=3),
    HeaderCell(0, 1, "Đơn vị", rowspan=3),
    HeaderCell(0, 2, "Số hồ sơ nhận giải quyết", colspan=5),
    HeaderCell(0, 7, "Kết quả giải quyết", colspan=6),
    HeaderCell(1, 2, "Tổng số", rowspan=2),
    HeaderCell(1, 3, "Trong đó", colspan=4),
    HeaderCell(1, 7, "Số hồ sơ đã giải quyết", colspan=3),
    HeaderCell(1, 10, "Số hồ sơ đang giải quyết", colspan=3),
    HeaderCell(2, 3, "Số mới tiếp nhận trực tuyến"),
    HeaderCell(2, 4, "Số kỳ trước chuyển qua"),
    HeaderCell(2, 5, "Số mới tiếp nhận trực tiếp hoặc qua BCCI"),
    HeaderCell(2, 6, "Số tiếp nhận liên thông"),
    HeaderCell(2, 7, "Tổng số"),
    HeaderCell(2, 8, "Trả đúng thời hạn"),
    HeaderCell(2, 9, "Trả quá hạn"),
    HeaderCell(2, 10, "Tổng số"),
    HeaderCell(2, 11, "Chưa đến hạn"),
    HeaderCell(2, 12, "Quá hạn"),
]

#: The row of column numbers under the header: (1) … (13).
RESOLUTION_NUMBERS = [f"({i})" for i in range(1, 14)]


def header_rows(cells: list[HeaderCell]) -> list[list[HeaderCell]]:
    """Header cells grouped by row, left to right (for HTML ``<tr>`` rows)."""
    rows: list[list[HeaderCell]] = [[] for _ in range(max(c.row for c in cells) + 1)]
    for cell in sorted(cells, key=lambda c: (c.row, c.col)):
        rows[cell.row].append(cell)
    return rows


# --------------------------------------------------------------------------- rows


@dataclass
class FollowupItem:
    """A unit to follow up: its reasons in Vietnamese and its cases."""

    unit_id: str
    unit_name: str
    level: str
    reasons: list[tuple[str, int]]
    cases: list[str]

    @property
    def reason_texts(self) -> list[str]:
        return [reason_text(code, count) for code, count in self.reasons]

    @property
    def weight(self) -> int:
        return sum(count for _, count in self.reasons)


def followup_items(followup: pd.DataFrame) -> list[FollowupItem]:
    """The units to follow up, worst first: most cases, then most shortcomings, then by name."""
    items = [
        FollowupItem(
            unit_id=clean_text(row.get("unit_id")),
            unit_name=clean_text(row.get("unit_name")),
            level=level_name(row.get("level")),
            reasons=parse_reasons(row.get("reasons")),
            cases=split_codes(row.get("cases")),
        )
        for row in followup.to_dict("records")
    ]
    return sorted(items, key=lambda i: (-len(i.cases), -i.weight, i.unit_name))


def unit_rows(summary: dict, web_units: pd.DataFrame | None = None) -> list[dict]:
    """Per-unit detail for units with overdue or exempt cases, or flagged: figures and web check."""
    web = {}
    if web_units is not None and not web_units.empty and "unit_id" in web_units.columns:
        web = {str(r["unit_id"]): r for r in web_units.to_dict("records")}
    rows = []
    for unit in summary.get("by_unit", []):
        counts = unit.get("counts") or {}
        block = compliance_of(counts)
        if not (block["cases"] or block["exempt"] or unit.get("flagged")):
            continue
        check = web.get(str(unit.get("unit_id")), {})
        rows.append(
            {
                "unit_id": clean_text(unit.get("unit_id")),
                "unit_name": clean_text(unit.get("unit_name")),
                "level": level_name(unit.get("level")),
                "resolved": int(counts.get("resolved", 0) or 0),
                "resolved_late": int(counts.get("resolved_late", 0) or 0),
                "pending_overdue": int(counts.get("pending_overdue", 0) or 0),
                "cases": block["cases"],
                "apology": _ratio(block["apology_issued"], block["cases"]),
                "desk": _ratio(block["posted_at_desk"], block["cases"]),
                "online": _ratio(block["published_online"], block["cases"]),
                "exempt": block["exempt"],
                "web_status": code_label("web", check.get("status", "")),
                "pages_read": _int_or_blank(check.get("pages_read") or None),
                "flagged": bool(unit.get("flagged")),
                "reasons": _flag_reason_texts(unit.get("flag_reasons")),
                "bars": compliance_bars(counts),
            }
        )
    return sorted(rows, key=lambda r: (not r["flagged"], -r["cases"], r["unit_name"]))


def _flag_reason_texts(reasons: object) -> list[str]:
    """The ``flag_reasons`` list of a unit ('missing_apology:2', …) in Vietnamese."""
    if isinstance(reasons, str):
        reasons = [reasons]
    return [reason_text(c, n) for c, n in parse_reasons(";".join(reasons or []))]


def _ratio(done: int, total: int) -> str:
    """'135/137' in Vietnamese number style."""
    return f"{vn_int(done)}/{vn_int(total)}"


def _int_or_blank(value: object) -> str:
    """A count in Vietnamese style; '' when missing, other text as it is."""
    if is_missing(value) or value == "":
        return ""
    try:
        return vn_int(int(value))
    except (TypeError, ValueError):
        return clean_text(value)


def shown_column(frame: pd.DataFrame, name: str, show: Callable[[object], object]) -> list:
    """``show(value)`` for every row of ``frame[name]``, computed once per distinct value
    (a missing value, or a missing column, is shown as None is)."""
    if name not in frame:
        return [show(None)] * len(frame)
    positions, uniques = pd.factorize(frame[name])
    shown = [show(value) for value in uniques] + [show(None)]
    return [shown[i] for i in positions.tolist()]


def finding_rows(findings: pd.DataFrame) -> list[dict]:
    """The overdue cases as display rows (texts in Vietnamese, dates dd/mm/yyyy [HH:MM]).

    Sorted by level, unit and case code. Mask the frame first (:func:`mask_applicants`) if needed.
    Each column is turned into text at once (:func:`shown_column`), not row by row.
    """
    order = {level: i for i, level in enumerate(LEVELS)}

    def text(name: str) -> list:
        return shown_column(findings, name, cell_text)

    def labelled(name: str, family: str) -> list:
        return shown_column(findings, name, lambda code: code_label(family, code))

    def dates(name: str) -> list:
        return shown_column(findings, name, vn_datetime)

    urls = text("web_evidence_url")
    levels, unit_names, case_ids = text("level"), text("unit_name"), text("case_id")
    columns = {
        "case_id": case_ids,
        "unit_name": [name or uid for name, uid in zip(unit_names, text("unit_id"), strict=True)],
        "level": shown_column(findings, "level", level_name),
        "applicant": text("applicant"),
        "procedure": text("procedure"),
        "received_at": dates("received_at"),
        "due_at": dates("due_at"),
        "result_at": dates("result_at"),
        "kind": labelled("overdue_kind", "overdue_kind"),
        "working_days_late": shown_column(findings, "working_days_late", _int_or_blank),
        "letter_no": text("letter_no"),
        "letter_issued_on": dates("letter_issued_on"),
        "letter_match": labelled("letter_match", "letter_match"),
        "apology": labelled("apology", "apology"),
        "desk": labelled("desk_posting", "desk"),
        "web": labelled("web_posting", "web"),
        "evidence_url": urls,
        "evidence_link": [safe_link(url) for url in urls],
        "new_due_at": dates("new_due_at"),
        "gaps": shown_column(findings, "gaps", gap_labels),
        "note": text("note"),
    }
    keys = list(columns)
    rows = [dict(zip(keys, cells, strict=True)) for cells in zip(*columns.values(), strict=True)]
    for row in rows:
        row["gaps"] = list(row["gaps"])  # each row its own list
    position = sorted(
        range(len(rows)),
        key=lambda i: (order.get(levels[i], len(order)), unit_names[i], case_ids[i]),
    )
    return [rows[i] for i in position]


@dataclass
class ReportHeader:
    """The title block of a report."""

    province: str
    authority: str
    period_label: str
    #: 'tháng 5 năm 2020'
    period_title: str
    #: 'Từ ngày 15/4/2020 đến ngày 14/5/2020'
    period: str
    as_of: str
    generated: str


def report_header(result) -> ReportHeader:
    """Title-block texts of a :class:`~compliance.model.RunResult`."""
    org = result.config.organisation
    period = result.period
    return ReportHeader(
        province=clean_text(org.province),
        authority=clean_text(org.authority),
        period_label=clean_text(period.label),
        period_title=period_title(period.kind, period.end),
        period=period_phrase(period.start, period.end),
        as_of=f"Số liệu tính đến ngày {short_date(result.as_of)}",
        generated=f"Lập lúc {generated_phrase(result.generated_at)}",
    )
