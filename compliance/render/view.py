"""What a reader sees of a run: figures per level, the standard table's header, units, findings rows.

Pure functions of the :class:`~compliance.model.RunResult`; the HTML and XLSX renderers (and the
letters) lay these out and compute no figure of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from compliance.config import LEVELS
from compliance.formatting import vn_datetime
from compliance.model import RESOLUTION_COLUMNS, Counts, FollowUp, RunCounts, RunResult
from compliance.render.labels import (
    cell_text,
    code_label,
    gap_labels,
    generated_phrase,
    int_or_blank,
    level_name,
    period_phrase,
    period_title,
    ratio,
    reason_text,
    safe_link,
    short_date,
    shown_column,
)
from compliance.render.labels import percent as percent_text
from compliance.text import clean_text


@dataclass
class FigureRow:
    """One line of the per-level figures: a label and a value per level plus the total."""

    label: str
    values: list[int]
    indent: int = 0
    strong: bool = False


#: (label, indent, strong, getter of a COUNTS object)

_FIGURES: list[tuple[str, int, bool, Callable[[Counts], int]]] = [
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
) -> list[tuple[str, int, bool, Callable[[Counts], int]]]:
    def get(key: str) -> Callable[[Counts], int]:
        return lambda c: c.of(kind)[key]

    return [
        (title, 0, True, get("cases")),
        ("Đã có văn bản xin lỗi", 1, False, get("apology_issued")),
        ("Xin lỗi đúng thời hạn", 2, False, get("apology_on_time")),
        ("Xin lỗi sau thời hạn", 2, False, get("apology_late")),
        ("Văn bản xin lỗi không ghi ngày", 2, False, get("undated")),
        ("Chưa có văn bản xin lỗi", 1, False, get("apology_missing")),
        ("Đã niêm yết tại Bộ phận một cửa", 1, False, get("posted_at_desk")),
        ("Đã đăng tải lên Trang thông tin điện tử", 1, False, get("published_online")),
        # the cases not (or not yet) found published: siblings of the published ones, not parts
        ("Chưa đăng tải (không tìm thấy trên trang)", 1, False, get("online_not_found")),
        ("Chưa xác nhận được (không kiểm tra được trang)", 1, False, get("online_unverifiable")),
        ("Chưa xác nhận được (đơn vị chưa có trang)", 1, False, get("online_no_website")),
        # counted as on time: not among the cases above
        ("Ngoài ra: hồ sơ được miễn trừ (không tính là quá hạn)", 1, False, get("exempt")),
    ]


def figure_rows(run: RunCounts, levels: Iterable[str]) -> list[FigureRow]:
    """The per-level figures: one row per measure, a value per level in ``levels`` then the total."""
    levels = list(levels)
    specs = (
        _FIGURES
        + _compliance_figures("resolved_late", "Hồ sơ giải quyết quá hạn")
        + _compliance_figures("pending_overdue", "Hồ sơ đang giải quyết đã quá hạn")
    )
    per_level = [run.level(level) for level in levels] + [run.level()]
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
        return percent_text(self.done, self.total) or "–"


def compliance_bars(counts: Counts) -> list[Bar]:
    """Apology, desk posting and web publication of all overdue cases in ``counts``."""
    block = counts.of()
    return [
        Bar("Có văn bản xin lỗi", block["apology_issued"], block["cases"]),
        Bar("Niêm yết tại một cửa", block["posted_at_desk"], block["cases"]),
        Bar("Đăng tải lên trang", block["published_online"], block["cases"]),
    ]


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


def followup_items(followups: Iterable[FollowUp]) -> list[FollowupItem]:
    """The units to follow up, worst first: most cases, then most shortcomings, then by name."""
    items = [
        FollowupItem(
            unit_id=clean_text(f.unit_id),
            unit_name=clean_text(f.unit_name),
            level=level_name(f.level),
            reasons=[(r.gap, r.cases) for r in f.reasons],
            cases=list(f.cases),
        )
        for f in followups
    ]
    return sorted(items, key=lambda i: (-len(i.cases), -i.weight, i.unit_name))


def web_check_status(check: dict, has_site: bool) -> str:
    """The outcome of a unit's website check in words ('Đã kiểm tra', 'Không truy cập được').

    A unit without a check has no website configured, or was not checked (``--no-web``).
    """
    status = cell_text(check.get("status")) or ("not_checked" if has_site else "no_website")
    return code_label("web_unit", status)


def unit_rows(
    run: RunCounts, web_units: pd.DataFrame | None = None, with_site: set[str] | None = None
) -> list[dict]:
    """Per-unit detail for units with overdue or exempt cases, or flagged: figures and web check.

    ``with_site``: the ids of the units with a website configured (None: every unit checked).
    """
    web = {}
    if web_units is not None and not web_units.empty and "unit_id" in web_units.columns:
        web = {str(r["unit_id"]): r for r in web_units.to_dict("records")}
    rows = []
    for unit in run.units:
        counts = unit.counts
        block = counts.of()
        if not (block.cases or block.exempt or unit.flagged):
            continue
        check = web.get(unit.unit_id, {})
        rows.append(
            {
                "unit_id": clean_text(unit.unit_id),
                "unit_name": clean_text(unit.unit_name),
                "level": level_name(unit.level),
                "resolved": counts.resolved,
                "resolved_late": counts.resolved_late,
                "pending_overdue": counts.pending_overdue,
                "cases": block["cases"],
                "apology": ratio(block["apology_issued"], block["cases"]),
                "desk": ratio(block["posted_at_desk"], block["cases"]),
                "online": ratio(block["published_online"], block["cases"]),
                "exempt": block["exempt"],
                "web_status": web_check_status(
                    check, with_site is None or unit.unit_id in with_site
                ),
                "pages_read": int_or_blank(check.get("pages_read") or None),
                "flagged": unit.flagged,
                "reasons": [reason_text(r.gap, r.cases) for r in unit.flag_reasons],
                "bars": compliance_bars(counts),
            }
        )
    return sorted(rows, key=lambda r: (not r["flagged"], -r["cases"], r["unit_name"]))


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
        "working_days_late": shown_column(findings, "working_days_late", int_or_blank),
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


def report_header(result: RunResult) -> ReportHeader:
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
