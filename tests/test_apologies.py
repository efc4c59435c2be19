"""Matching the register to cases, and the apology status of each overdue case."""

from pathlib import Path

import pandas as pd
import pytest

from compliance.apologies import assess_apologies, match_letters
from compliance.calendar import WorkingCalendar
from compliance.config import parse_config
from compliance.units import UnitDirectory

CONFIG = parse_config(
    {
        "inputs": {"cases": ["x.csv"]},
        "units": [
            {"id": "so-a", "name": "Sở A", "code": "000.00.01.H16"},
            {"id": "so-b", "name": "Sở B", "code": "000.00.02.H16"},
        ],
    },
    base_dir=Path("."),
)
UNITS = UnitDirectory.from_config(CONFIG)
CASES = pd.DataFrame(
    {
        "case_id": [
            "000.00.01.H16-200420-0001",
            "000.00.01.H16-200420-0002",
            "000.00.02.H16-200420-0001",
        ],
        "case_key": [
            "000.00.01.H16-200420-0001",
            "000.00.01.H16-200420-0002",
            "000.00.02.H16-200420-0001",
        ],
        "unit_id": ["so-a", "so-a", "so-b"],
        "applicant": ["Nguyễn Văn An", "Trần Thị Bình", "Nguyễn Văn An"],
    }
)


def letters(*rows):
    frame = pd.DataFrame(rows, columns=["case_id", "applicant", "unit"])
    frame["case_key"] = frame["case_id"].str.upper().str.replace(" ", "").str.replace("–", "-")
    return frame


@pytest.mark.parametrize(
    ("case_id", "applicant", "unit", "match", "key"),
    [
        ("000.00.01.H16-200420-0001", "", "", "exact", "000.00.01.H16-200420-0001"),
        ("000.00.01.h16 – 200420-0002", "", "", "normalised", "000.00.01.H16-200420-0002"),
        # mistyped code: found by the applicant within the letter's unit
        (
            "000.00.01.H16-200420-0010",
            "Nguyen Van An",
            "Sở A",
            "fuzzy",
            "000.00.01.H16-200420-0001",
        ),
        # no unit column: the unit of the mistyped code decides
        ("000.00.02.H16-200420-0009", "Nguyễn Văn An", "", "fuzzy", "000.00.02.H16-200420-0001"),
        # the same name in two units and no way to tell which: left unmatched
        ("X-1", "Nguyễn Văn An", "", "", ""),
        # a different person
        ("000.00.01.H16-200420-0010", "Lê Văn Cường", "Sở A", "", ""),
    ],
)
def test_match_letters(case_id, applicant, unit, match, key):
    got = match_letters(
        letters((case_id, applicant, unit)), CASES, CASES, UNITS, threshold=90
    ).iloc[0]
    assert (got["match"], got["matched_key"]) == (match, key)


CAL = WorkingCalendar()


def assess(letter_rows, due="2020-05-06", exempt=False, lead=1):
    overdue = pd.DataFrame(
        {"case_key": ["K"], "due_at_ts": [pd.Timestamp(due)], "exempt": [exempt]}
    )
    frame = pd.DataFrame(
        letter_rows,
        columns=["letter_no", "issued_on_ts", "posted_at_desk", "new_due_at_ts", "web_url"],
    )
    frame["matched_key"] = "K"
    frame["match"] = "exact"
    frame["_file"], frame["_row"] = "so.csv", range(2, 2 + len(frame))
    for col in ("issued_on_ts", "new_due_at_ts"):
        frame[col] = pd.to_datetime(frame[col])
    return assess_apologies(overdue, frame, CAL, lead).iloc[0]


@pytest.mark.parametrize(
    ("rows", "apology", "letter_no"),
    [
        ([], "missing", ""),
        ([("1", "2020-05-05", True, None, "")], "on_time", "1"),  # the working day before 6/5
        ([("1", "2020-05-06", True, None, "")], "late", "1"),
        ([("1", None, True, None, "")], "undated", "1"),
        # the earliest dated letter decides; undated ones count last
        (
            [
                ("2", None, True, None, ""),
                ("1", "2020-05-04", False, None, ""),
                ("3", "2020-05-08", False, None, ""),
            ],
            "on_time",
            "1",
        ),
    ],
)
def test_apology_status(rows, apology, letter_no):
    got = assess(rows)
    assert (got["apology"], got["letter_no"]) == (apology, letter_no)


def test_lead_time_skips_holidays_and_weekends():
    # due Monday 4/5/2020: one working day before is Wednesday 29/4 (30/4, 1/5 holidays; weekend)
    assert assess([("1", "2020-04-29", True, None, "")], due="2020-05-04")["apology"] == "on_time"
    assert assess([("1", "2020-04-30", True, None, "")], due="2020-05-04")["apology"] == "late"
    assert (
        assess([("1", "2020-05-04", True, None, "")], due="2020-05-04", lead=0)["apology"]
        == "on_time"
    )


def test_desk_posting_and_reschedules():
    got = assess(
        [("1", "2020-05-05", False, "2020-05-12", ""), ("2", "2020-05-07", True, "2020-05-20", "")]
    )
    assert got["desk_posting"] == "posted"  # any letter posted
    assert got["new_due_at"] == pd.Timestamp("2020-05-20")  # the latest new date
    assert got["n_reschedules"] == 2


def test_exempt_wins():
    assert assess([], exempt=True)["apology"] == "exempt"
