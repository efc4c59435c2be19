"""Fixtures of the renderer tests: a hand-built RunResult: four configured units, one unknown, nine overdue cases.

The figures are consistent with each other (totals = sum of levels = sum of units; the findings
are exactly the overdue cases counted in the summary) so the report can be read as a real one.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from compliance.calendar.periods import Period
from compliance.config import Config
from compliance.model import (
    FINDINGS_COLUMNS,
    RESOLUTION_COLUMNS,
    ComplianceCounts,
    Counts,
    FlagReason,
    FollowUp,
    RunCounts,
    RunResult,
    RunWarnings,
    UnitResult,
)


def make_counts(
    received=0,
    early=0,
    on_time=0,
    late=0,
    in_time=0,
    overdue=0,
    resolved_late=None,
    pending_overdue=None,
) -> Counts:
    """A COUNTS object; ``resolved_late``/``pending_overdue`` give the compliance blocks."""
    return Counts(
        received=received,
        resolved_early=early,
        resolved_on_time=on_time,
        resolved_late=late,
        pending_in_time=in_time,
        pending_overdue=overdue,
        compliance={
            "resolved_late": ComplianceCounts(**(resolved_late or {})),
            "pending_overdue": ComplianceCounts(**(pending_overdue or {})),
        },
    )


UNITS = [
    # unit_id, unit_name, level, parent, code, configured
    (
        "nhnn-daklak",
        "Ngân hàng Nhà nước Việt Nam chi nhánh Đắk Lắk",
        "province",
        None,
        "000.00.20.H16",
        True,
    ),
    ("so-tu-phap", "Sở Tư pháp", "province", None, "000.00.17.H16", True),
    ("ubnd-tp-bmt", "UBND thành phố Buôn Ma Thuột", "district", None, "000.00.25.H16", True),
    ("ubnd-xa-ea-tu", "UBND xã Ea Tu", "commune", "ubnd-tp-bmt", "H16.25.10", True),
    ("phong-tnmt", "Phòng Tài nguyên và Môi trường", "district", None, None, False),
]

UNIT_COUNTS = {
    "nhnn-daklak": make_counts(
        received=1200, early=400, on_time=748, late=2, in_time=120,
        resolved_late={"cases": 2, "apology_issued": 2, "apology_on_time": 2, "posted_at_desk": 2,
                       "online_not_found": 2},
    ),
    "so-tu-phap": make_counts(
        received=108700, early=42000, on_time=66749, late=1, in_time=1999, overdue=1,
        resolved_late={"cases": 1, "apology_issued": 1, "apology_late": 1, "posted_at_desk": 1,
                       "published_online": 1, "exempt": 1},
        pending_overdue={"cases": 1, "apology_missing": 1, "online_unverifiable": 1},
    ),
    "ubnd-tp-bmt": make_counts(received=90000, early=30000, on_time=59990, in_time=500),
    "ubnd-xa-ea-tu": make_counts(
        received=38600, early=20000, on_time=18618, late=2, in_time=8, overdue=2,
        resolved_late={"cases": 2, "apology_issued": 1, "apology_missing": 1, "posted_at_desk": 1,
                       "online_no_website": 2},
        pending_overdue={"cases": 2, "apology_issued": 2, "apology_on_time": 2, "posted_at_desk": 2,
                         "online_no_website": 2},
    ),
    "phong-tnmt": make_counts(received=10, on_time=10),
}  # fmt: skip

FLAGS = {
    "nhnn-daklak": ["not_published_online:2"],
    "so-tu-phap": [
        "late_apology:1",
        "missing_apology:1",
        "not_posted_at_desk:1",
        "online_unverifiable:1",
    ],
    "ubnd-xa-ea-tu": [
        "missing_apology:1",
        "undated_apology:1",
        "not_posted_at_desk:1",
        "no_website:4",
    ],
}

NHNN_WEB = "https://nhnn.example.gov.vn/thu-xin-loi"

# case_id, unit_id, level, applicant, kind, days late, letter_no, letter date, match, apology, desk,
# web, evidence url, gaps, note
FINDINGS = [
    ("000.00.20.H16-200420-0001", "nhnn-daklak", "province", "Nguyễn Văn An", "resolved_late", 3,
     "12/PXL", "2020-04-27", "exact", "on_time", "posted", "not_found", "", "not_published_online", ""),
    ("000.00.20.H16-200421-0007", "nhnn-daklak", "province", "Trần Thị Bích Ngọc", "resolved_late", 1,
     "13/PXL", "2020-04-28", "normalised", "on_time", "posted", "not_found", "", "not_published_online", ""),
    ("000.00.17.H16-200416-0102", "so-tu-phap", "province", "Công ty TNHH Hoà Bình", "resolved_late", 5,
     "45/PXL-STP", "2020-05-05", "fuzzy", "late", "posted", "verified", "https://stp.example.gov.vn/xin-loi/45",
     "late_apology", "Khớp theo tên người nộp"),
    ("000.00.17.H16-200417-0033", "so-tu-phap", "province", "Lê Văn Cường", "resolved_late", 0,
     "", None, "", "exempt", "not_posted", "not_checked", "", "", "Miễn trừ: cán bộ bấm nhầm trễ hạn"),
    ("000.00.17.H16-200420-0150", "so-tu-phap", "province", "Phạm Minh Đức", "pending_overdue", 4,
     "", None, "", "missing", "not_posted", "unverifiable", "", "missing_apology;not_posted_at_desk;online_unverifiable",
     "Trang thông tin điện tử trả lỗi 503"),
    ("H16.25.10-200422-0004", "ubnd-xa-ea-tu", "commune", "Y Bhim Niê", "resolved_late", 2,
     "02/PXL", None, "exact", "undated", "posted", "no_website", "", "undated_apology;no_website", ""),
    ("H16.25.10-200423-0009", "ubnd-xa-ea-tu", "commune", "H’Hen Êban", "resolved_late", 6,
     "", None, "", "missing", "not_posted", "no_website", "", "missing_apology;not_posted_at_desk;no_website", ""),
    ("H16.25.10-200424-0011", "ubnd-xa-ea-tu", "commune", "Đinh Thị Hoa", "pending_overdue", 2,
     "03/PXL", "2020-05-04", "exact", "on_time", "posted", "no_website", "", "no_website", ""),
    ("H16.25.10-200425-0012", "ubnd-xa-ea-tu", "commune", "Ksor Thị Lan", "pending_overdue", 1,
     "04/PXL", "2020-05-06", "exact", "on_time", "posted", "no_website", "", "no_website", ""),
]  # fmt: skip


def _findings() -> pd.DataFrame:
    names = {u[0]: u[1] for u in UNITS}
    rows = []
    for i, f in enumerate(FINDINGS):
        (case_id, unit_id, level, applicant, kind, late, letter_no, letter_on, match, apology, desk, web,
         url, gaps, note) = f  # fmt: skip
        received = pd.Timestamp(f"2020-04-{16 + i:02d} 08:{10 + i:02d}")
        due = pd.Timestamp(f"2020-05-{4 + i:02d} 17:00")
        result_at = due + pd.Timedelta(days=late + 1) if kind == "resolved_late" else pd.NaT
        rows.append(
            {
                "case_id": case_id, "unit_id": unit_id, "unit_name": names[unit_id], "level": level,
                "sector": "Hộ tịch", "procedure": "Đăng ký khai sinh", "applicant": applicant,
                "received_at": received, "due_at": due, "result_at": result_at, "overdue_kind": kind,
                "working_days_late": late, "letter_no": letter_no,
                "letter_issued_on": pd.Timestamp(letter_on) if letter_on else pd.NaT,
                "letter_match": match, "apology": apology, "desk_posting": desk, "web_posting": web,
                "web_evidence_url": url, "new_due_at": pd.Timestamp("2020-05-20") if letter_no else pd.NaT,
                "gaps": tuple(g for g in gaps.split(";") if g), "note": note,
            }
        )  # fmt: skip
    return pd.DataFrame(rows, columns=FINDINGS_COLUMNS)


def _resolution_table() -> pd.DataFrame:
    rows = []
    for stt, (unit_id, name, *_rest) in enumerate(UNITS, start=1):
        c = UNIT_COUNTS[unit_id]
        total = c["resolved"] + c["pending"]
        online = c["received"] // 3
        interconnected = c["received"] // 10
        direct = c["received"] - online - interconnected
        carried = total - c["received"]
        rows.append(
            [stt, unit_id, name, total, online, carried, direct, interconnected, c["resolved"],
             c["resolved_early"] + c["resolved_on_time"], c["resolved_late"], c["pending"],
             c["pending_in_time"], c["pending_overdue"]]
        )  # fmt: skip
    sums = [sum(row[i] for row in rows) for i in range(3, len(RESOLUTION_COLUMNS))]
    rows.append(["", "TOTAL", "Tổng cộng", *sums])
    frame = pd.DataFrame(rows, columns=RESOLUTION_COLUMNS)
    return frame


def make_summary(units: list[tuple[str, str, str, Counts]], flags: dict | None = None) -> RunCounts:
    """The run's counts from (unit_id, unit_name, level, COUNTS) tuples; levels and totals summed.

    ``flags``: unit id → ['missing_apology:2', …] as summary.json writes them.
    """
    flags = flags or {}
    results = tuple(
        UnitResult(
            unit_id=uid,
            unit_name=name,
            level=level,
            counts=counts,
            flag_reasons=tuple(
                FlagReason(code, int(n)) for code, n in (r.split(":") for r in flags.get(uid, []))
            ),
        )
        for uid, name, level, counts in units
    )
    by_level = {
        level: Counts.total(u.counts for u in results if u.level == level)
        for level in ("province", "district", "commune")
    }
    return RunCounts(totals=Counts.total(by_level.values()), by_level=by_level, units=results)


def _summary() -> RunCounts:
    return make_summary(
        [(uid, name, level, UNIT_COUNTS[uid]) for uid, name, level, *_ in UNITS], FLAGS
    )


def _warnings() -> RunWarnings:
    return RunWarnings(
        unmatched_letters=[
            {
                "file": "so-xin-loi.csv",
                "row": 14,
                "case_id": "H16.25.10-200499-9999",
                "letter_no": "07/PXL",
            }
        ],
        fuzzy_matches=[
            {
                "case_id": "000.00.17.H16-200416-0102",
                "letter_case_id": "000.00.17.H16-200416-0120",
                "letter_no": "45/PXL-STP",
                "applicant": "Công ty TNHH Hoà Bình",
                "score": 96,
            }
        ],  # fmt: skip
        unknown_units=[
            {"name": "Phòng Tài nguyên và Môi trường", "unit_id": "phong-tnmt", "cases": 10}
        ],
        unmatched_exemptions=[{"case_id": "000.00.17.H16-200301-0001"}],
        rejected_rows=2,
    )


def _followups() -> tuple[FollowUp, ...]:
    names = {u[0]: (u[1], u[2]) for u in UNITS}
    counts = _summary()
    reasons = {u.unit_id: u.flag_reasons for u in counts.units}
    return tuple(
        FollowUp(
            unit_id=uid,
            unit_name=names[uid][0],
            level=names[uid][1],
            reasons=reasons[uid],
            cases=tuple(f[0] for f in FINDINGS if f[1] == uid and f[13]),
        )
        for uid in FLAGS
    )


def build_result(tmp_path) -> RunResult:
    """The sample run (May 2020, Đắk Lắk)."""
    config = Config.model_validate(
        {
            "organisation": {"province": "Đắk Lắk", "authority": "Văn phòng UBND tỉnh Đắk Lắk"},
            "inputs": {"cases": ["data/cases.xlsx"], "letters": ["data/so-xin-loi.csv"]},
            "units": [
                {"id": uid, "name": name, "level": level, "parent": parent, "code": code}
                for uid, name, level, parent, code, configured in UNITS
                if configured
            ],
            "base_dir": tmp_path,
        }
    )
    rejects = pd.DataFrame(
        [
            [
                "cases-2020-05.xlsx",
                57,
                "000.00.17.H16-200418-0001",
                "Ngày có kết quả trước ngày tiếp nhận",
            ],
            ["so-xin-loi.csv", 9, "", "Thiếu mã hồ sơ"],
        ],
        columns=["file", "row", "case_id", "reason"],
    )
    units = pd.DataFrame(
        UNITS, columns=["unit_id", "unit_name", "level", "parent", "code", "configured"]
    )
    web_units = pd.DataFrame(
        [
            ["nhnn-daklak", 3, 40, 0, 0, "ok"],
            ["so-tu-phap", 1, 0, 0, 1, "partial"],
        ],  # as web/check.py gives them; UBND xã Ea Tu has no website: no check
        columns=["unit_id", "pages_read", "codes_found", "cases_verified", "failures", "status"],
    )
    return RunResult(
        config=config,
        period=Period("2020-05", dt.date(2020, 4, 15), dt.date(2020, 5, 14)),
        as_of=dt.date(2020, 5, 14),
        generated_at=dt.datetime(2020, 5, 20, 14, 30),
        findings=_findings(),
        counts=_summary(),
        resolution_table=_resolution_table(),
        followups=_followups(),
        rejects=rejects,
        warnings=_warnings(),
        units=units,
        web_units=web_units,
    )


HOSTILE_APPLICANT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x")'


def make_hostile(result: RunResult) -> RunResult:
    """The sample run with markup, formulas and unsafe links in the data."""
    hostile = copy.deepcopy(result)
    findings = hostile.findings.copy()
    findings.loc[0, "applicant"] = HOSTILE_APPLICANT
    findings.loc[1, "case_id"] = FORMULA
    findings.loc[1, "applicant"] = FORMULA
    findings.loc[2, "web_evidence_url"] = "javascript:alert(1)"
    findings.loc[3, "web_evidence_url"] = "https://ok.example.gov.vn/a?b=1&c=<2>"
    findings.loc[4, "note"] = '<img src=x onerror="alert(2)">'
    hostile.findings = findings
    rejects = hostile.rejects.copy()
    rejects.loc[0, "case_id"] = FORMULA
    hostile.rejects = rejects
    return hostile


@pytest.fixture
def result(tmp_path) -> RunResult:
    """The sample run."""
    return build_result(tmp_path)


@pytest.fixture
def hostile_result(result) -> RunResult:
    """The sample run with markup, formulas and unsafe links in its data."""
    return make_hostile(result)


@pytest.fixture
def summary_of():
    """Build the run's counts from (unit_id, unit_name, level, make_counts kwargs) tuples."""

    def build(units, flags=None):
        return make_summary(
            [(uid, name, level, make_counts(**kw)) for uid, name, level, kw in units], flags
        )

    return build


ROOT = Path(__file__).resolve().parents[2]
#: The bundled examples: name → (config, period), as tools/golden.py runs them.
EXAMPLES = {
    "2020-05": (ROOT / "config.yaml", "2020-05"),
    "2026-11": (ROOT / "examples" / "2026" / "config.yaml", "2026-11"),
}


@pytest.fixture(scope="session")
def example_run(tmp_path_factory, templates_of_this_checkout):
    """``example_run(name)``: the run folder of a bundled example (``compliance run`` in this
    process, so with this checkout's templates), run once per session."""
    from click.testing import CliRunner

    from compliance.cli import main

    folders: dict[str, Path] = {}

    def run(name: str) -> Path:
        if name not in folders:
            config, period = EXAMPLES[name]
            out = tmp_path_factory.mktemp(f"example-{name}")
            args = ["--config", str(config), "run", "--period", period, "--out", str(out)]
            done = CliRunner().invoke(
                main, [*args, "--offline"], env={"SOURCE_DATE_EPOCH": "1764936000"}
            )
            assert done.exit_code == 0, done.output[-2000:]
            folders[name] = out / period
        return folders[name]

    return run
