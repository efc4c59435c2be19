"""A small hand-built run (two units, five findings, one flagged unit) and DOCX reading helpers."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from docx.text.paragraph import Paragraph

from compliance.calendar.periods import Period
from compliance.config import Config
from compliance.model import (
    FINDINGS_COLUMNS,
    Counts,
    FlagReason,
    FollowUp,
    RunCounts,
    RunResult,
    RunWarnings,
)

ROOT = Path(__file__).resolve().parents[2]
GOLDEN_DIR = ROOT / "tests" / "data" / "letters"
DATE_COLUMNS = ["received_at", "due_at", "result_at", "letter_issued_on", "new_due_at"]

CONFIG = {
    "organisation": {
        "province": "Đắk Lắk",
        "authority": "Văn phòng UBND tỉnh Đắk Lắk",
        "parent_body": "UBND tỉnh Đắk Lắk",
        "signer_title": "KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG",
        "signer_name": "Trần Văn Bình",
    },
    "inputs": {"cases": ["data/cases.csv"]},
    "units": [
        {
            "id": "stp",
            "name": "Sở Tư pháp tỉnh Đắk Lắk",
            "signer_title": "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
            "signer_name": "Lê Thị Hoa",
            "place": "Buôn Ma Thuột",
        },
        {"id": "ubnd-xa-ea-tu", "name": "UBND xã Ea Tu", "level": "commune"},
    ],
}


def finding(case_id: str, unit_id: str, unit_name: str, **values) -> dict:
    """One findings row with the contract's columns; unspecified values empty."""
    row = {column: "" for column in FINDINGS_COLUMNS}
    row.update(
        case_id=case_id,
        unit_id=unit_id,
        unit_name=unit_name,
        level="province",
        overdue_kind="resolved_late",
        working_days_late=2,
        apology="missing",
        desk_posting="not_posted",
        web_posting="no_website",
        gaps=("missing_apology", "not_posted_at_desk", "no_website"),
    )
    row.update(values)
    return row


def findings_frame() -> pd.DataFrame:
    rows = [
        finding(
            "H16.22-200505-0001",
            "stp",
            "Sở Tư pháp tỉnh Đắk Lắk",
            sector="Lý lịch tư pháp",
            procedure="Cấp Phiếu lý lịch tư pháp",
            applicant="Nguyễn Văn An",
            received_at="2020-05-05 08:15",
            due_at="2020-05-12",
            result_at="2020-05-14",
        ),
        finding(
            "H16.22-200506-0002",
            "stp",
            "Sở Tư pháp tỉnh Đắk Lắk",
            procedure="Đăng ký khai sinh",
            applicant="Công ty TNHH A & B",
            received_at="2020-05-06",
            due_at="2020-05-11",
            apology="late",
            letter_no="12/PXL",
            letter_issued_on="2020-05-11",
            new_due_at="2020-05-20",
            gaps=("late_apology",),
        ),
        # nothing known but the code: every fact must stay blank
        finding(
            "../../etc/passwd",
            "ubnd-xa-ea-tu",
            "UBND xã Ea Tu",
            level="commune",
            received_at=None,
            due_at=None,
        ),
        finding(
            "A/B:C*?",
            "ubnd-xa-ea-tu",
            "UBND xã Ea Tu",
            level="commune",
            applicant="Hoàng Thị Mơ",
            due_at="2020-05-13",
        ),
        finding(
            "A_B_C",
            "ubnd-xa-ea-tu",
            "UBND xã Ea Tu",
            level="commune",
            applicant="Y Blúp Niê",
            due_at="2020-05-13",
            apology="exempt",
            gaps=(),
        ),
    ]
    frame = pd.DataFrame(rows, columns=FINDINGS_COLUMNS)
    for column in DATE_COLUMNS:
        frame[column] = pd.to_datetime(frame[column].replace("", None), format="ISO8601")
    return frame


def build_result(tmp_path: Path) -> RunResult:
    config = Config.model_validate({**CONFIG, "base_dir": tmp_path})
    followups = (
        FollowUp(
            unit_id="stp",
            unit_name="Sở Tư pháp tỉnh Đắk Lắk",
            level="province",
            reasons=(
                FlagReason("missing_apology", 1),
                FlagReason("late_apology", 1),
                FlagReason("not_posted_at_desk", 1),
                FlagReason("no_website", 1),
            ),
            cases=("H16.22-200505-0001", "H16.22-200506-0002"),
        ),
    )
    units = pd.DataFrame(
        [
            {
                "unit_id": "stp",
                "unit_name": "Sở Tư pháp tỉnh Đắk Lắk",
                "level": "province",
                "parent": None,
                "code": "H16.22",
                "configured": True,
            },
            {
                "unit_id": "ubnd-xa-ea-tu",
                "unit_name": "UBND xã Ea Tu",
                "level": "commune",
                "parent": None,
                "code": None,
                "configured": True,
            },
        ]
    )
    return RunResult(
        config=config,
        period=Period("2020-05", dt.date(2020, 4, 15), dt.date(2020, 5, 14), "month"),
        as_of=dt.date(2020, 5, 14),
        generated_at=dt.datetime(2020, 5, 15, 8, 0),
        findings=findings_frame(),
        counts=RunCounts(totals=Counts(), by_level={}, units=()),
        resolution_table=pd.DataFrame(),
        followups=followups,
        rejects=pd.DataFrame(),
        warnings=RunWarnings(),
        units=units,
    )


@pytest.fixture
def result(tmp_path: Path) -> RunResult:
    return build_result(tmp_path / "config")


def docx_text(path: Path) -> str:
    """The text of a .docx in reading order: a line per paragraph, a line per table row
    (cells joined by ' | ', a cell's paragraphs by ' / ')."""
    doc = Document(path)
    lines = []
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            for row in block.rows:
                lines.append(" | ".join(c.text.replace("\n", " / ") for c in row.cells))
    return "\n".join(lines) + "\n"


@pytest.fixture
def golden():
    """Compare text with tests/data/letters/<name>; UPDATE_GOLDEN=1 rewrites the file."""

    def check(name: str, text: str) -> None:
        path = GOLDEN_DIR / name
        if os.environ.get("UPDATE_GOLDEN"):
            path.write_text(text, encoding="utf-8")
        assert text == path.read_text(encoding="utf-8"), f"differs from {path}"

    return check


@pytest.fixture
def read_docx():
    """:func:`docx_text` as a fixture."""
    return docx_text


def assert_fonts(doc) -> None:
    """Every run with text, in the body and in tables, is Times New Roman 13–14 pt."""
    paragraphs = list(doc.paragraphs)
    for table in doc.tables:
        paragraphs += [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
    runs = [run for p in paragraphs for run in p.runs if run.text.strip()]
    assert runs
    for run in runs:
        assert run.font.name == "Times New Roman", run.text
        assert 13 <= run.font.size.pt <= 14, run.text


@pytest.fixture
def check_fonts():
    """:func:`assert_fonts` as a fixture."""
    return assert_fonts
