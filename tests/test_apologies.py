"""Matching the register to cases, and the apology status of each overdue case."""

import json
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from compliance.analyse.apologies import assess_apologies, match_letters
from compliance.analyse.units import UnitDirectory
from compliance.calendar.working import WorkingCalendar
from compliance.cli import main
from compliance.config import parse_config
from compliance.read.kernels import normalise_case_codes_fast as normalise_case_codes

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


# -- every code shape real systems issue -----------------------------------------------------

SHAPES = ["998.99.99.H05-260105-0003", "000.00.14.H50-200407-0011", "H16.22-200515-0001",
          "00352112000539", "03706/2026/07906"]  # fmt: skip


@pytest.mark.parametrize("code", SHAPES)
@pytest.mark.parametrize(
    ("typed", "match"),
    [
        (lambda c: c, "exact"),
        (
            lambda c: f" {c[:4]}\u00a0{c[4:]} ".lower().replace("-", " – ").replace("/", " / "),
            "normalised",
        ),
    ],
    ids=["as-exported", "spaces-dashes-lower-case"],
)
def test_every_code_shape_is_matched_to_the_register(code, typed, match):
    cases = pd.DataFrame(
        {"case_id": [code], "case_key": [code], "unit_id": ["so-a"], "applicant": ["Nguyễn Văn An"]}
    )
    letter = pd.DataFrame({"case_id": [typed(code)], "applicant": [""], "unit": [""]})
    letter["case_key"] = normalise_case_codes(letter["case_id"])
    got = match_letters(letter, cases, cases, UNITS).iloc[0]
    assert (got["match"], got["matched_key"]) == (match, code)


# -- a mistyped code that hits another applicant's case --------------------------------------

TYPO = parse_config(
    {
        "inputs": {"cases": ["x.csv"]},
        "units": [{"id": "so-a", "name": "Sở A"}, {"id": "so-b", "name": "Sở B"}],
    },
    base_dir=Path("."),
)
LATE, OTHER = "000.00.14.H50-200407-0011", "000.00.14.H50-200407-0012"


def typo_cases(late_applicant="Nguyễn Văn An", other_applicant="Nguyễn Văn Bình", more=()):
    rows = [(LATE, "so-a", late_applicant), (OTHER, "so-a", other_applicant), *more]
    frame = pd.DataFrame(rows, columns=["case_id", "unit_id", "applicant"])
    frame["case_key"] = frame["case_id"]
    return frame


def match_typo(letter_applicant, unit="Sở A", cases=None, overdue_keys=(LATE,)):
    cases = typo_cases() if cases is None else cases
    overdue = cases[cases["case_key"].isin(overdue_keys)]
    letter = pd.DataFrame(
        {"case_id": [OTHER], "case_key": [OTHER], "letter_no": ["15/PXL"],
         "applicant": [letter_applicant], "unit": [unit]}
    )  # fmt: skip
    return match_letters(letter, cases, overdue, UnitDirectory.from_config(TYPO)).iloc[0]


@pytest.mark.parametrize("unit", ["Sở A", ""])  # no unit cell: the unit of the case the code names
def test_a_code_naming_another_applicants_case_goes_to_the_letters_applicant(unit):
    got = match_typo("Nguyen Van An", unit)  # typed without accents

    assert (got["match"], got["matched_key"], got["code_key"]) == ("fuzzy", LATE, OTHER)
    assert got["match_note"] == (
        f"Văn bản số 15/PXL ghi mã {OTHER} (hồ sơ của người nộp khác, không quá hạn); "
        f"đã ghép với hồ sơ {LATE} theo tên người nộp và đơn vị: cần kiểm tra lại"
    )


@pytest.mark.parametrize(
    ("letter_applicant", "cases", "overdue_keys", "why"),
    [
        ("Nguyễn Văn Bình", None, (LATE,), "the code's own applicant"),
        ("Nguyễn Văn Bính", None, (LATE,), "close to the code's applicant: no clear difference"),
        ("NGUYỄN VĂN BÌNH", None, (LATE,), "the same name in capitals"),
        ("", None, (LATE,), "no applicant on the letter"),
        ("Nguyễn Văn An", typo_cases(other_applicant=""), (LATE,), "no applicant on the case"),
        ("Lê Thị Cúc", None, (LATE,), "nobody overdue has the letter's applicant"),
        (
            "Nguyễn Văn An",
            typo_cases(more=[("000.00.14.H50-200408-0001", "so-a", "Nguyễn Văn An")]),
            (LATE, "000.00.14.H50-200408-0001"),
            "two overdue namesakes: a person must decide",
        ),
        (
            "Nguyễn Văn An",
            typo_cases(more=[("000.00.14.H50-200408-0001", "so-b", "Nguyễn Văn An")]),
            ("000.00.14.H50-200408-0001",),
            "the namesake is in another unit",
        ),
    ],
)
def test_a_code_match_stays_exact_without_clear_evidence(
    letter_applicant, cases, overdue_keys, why
):
    got = match_typo(letter_applicant, cases=cases, overdue_keys=overdue_keys)
    assert (got["match"], got["matched_key"], got["code_key"]) == ("exact", OTHER, ""), why


def test_the_note_reaches_both_cases_when_both_are_overdue():
    cases = typo_cases()
    got = match_letters(
        pd.DataFrame({"case_id": [OTHER], "case_key": [OTHER], "letter_no": ["15/PXL"],
                      "applicant": ["Nguyễn Văn An"], "unit": ["Sở A"]}),
        cases, cases, UnitDirectory.from_config(TYPO),
    )  # fmt: skip
    assert "(hồ sơ của người nộp khác, cũng quá hạn)" in got.loc[0, "match_note"]
    got["issued_on_ts"] = pd.NaT
    got["new_due_at_ts"] = pd.NaT
    got["posted_at_desk"] = False
    got["web_url"] = ""
    got["_file"], got["_row"] = "so.csv", 2
    overdue = pd.DataFrame(
        {"case_key": [LATE, OTHER], "due_at_ts": pd.Timestamp("2020-04-24"), "exempt": False}
    )
    assessed = assess_apologies(overdue, got, CAL, 1)
    assert assessed["apology"].tolist() == ["undated", "missing"]
    assert assessed["letter_note"].iloc[0].startswith(f"Văn bản số 15/PXL ghi mã {OTHER}")
    assert assessed["letter_note"].iloc[1] == (
        f"Văn bản số 15/PXL ghi mã hồ sơ này nhưng tên người nộp là của hồ sơ {LATE}: "
        "đã ghép với hồ sơ đó, cần kiểm tra lại"
    )


ROW = ["Sở A", "Trực tiếp", "20/04/2020 08:00", "24/04/2020", "", ""]


@pytest.mark.parametrize("letter_applicant", ["Nguyễn Văn An", "Nguyễn Văn Bình"])
def test_mistyped_code_in_a_run(ws, letter_applicant):
    """-0012 is real, not overdue, another applicant's; the letter names -0011's applicant."""
    ws.config()
    ws.cases([
        [LATE, "Sở A", "Nguyễn Văn An", "Trực tiếp", "20/04/2020 08:00", "24/04/2020", "28/04/2020", ""],
        [OTHER, "Sở A", "Nguyễn Văn Bình", "Trực tiếp", "20/04/2020 08:00", "24/04/2020", "23/04/2020", ""],
    ])  # fmt: skip
    ws.letters([[OTHER, "15/PXL", letter_applicant, "23/04/2020", "Sở A", "", "23/04/2020"]])

    outcome = CliRunner().invoke(
        main, ["--config", str(ws.root / "config.yaml"), "run", "--period", "2020-05", "--no-web"]
    )

    assert outcome.exit_code == 0, outcome.output
    folder = ws.root / "out" / "2020-05"
    findings = pd.read_csv(folder / "findings.csv", dtype=str, keep_default_na=False)
    late = findings.set_index("case_id").loc[LATE]
    warnings = json.loads((folder / "summary.json").read_text(encoding="utf-8"))["warnings"]
    report = BeautifulSoup((folder / "report.html").read_text(encoding="utf-8"), "html.parser")
    table = report.find(id="bang-van-ban-can-kiem-tra")
    assert findings["case_id"].tolist() == [LATE]  # -0012 was on time: not a finding
    if letter_applicant == "Nguyễn Văn Bình":  # the code's own applicant: the code is right
        assert (late["letter_match"], late["apology"]) == ("", "missing")
        assert warnings["letters_to_review"] == []
        assert table is None and "Văn bản cần kiểm tra lại" not in report.get_text()
        return
    assert (late["letter_match"], late["letter_no"], late["apology"]) == (
        "fuzzy",
        "15/PXL",
        "on_time",
    )
    assert late["note"].startswith(
        f"Văn bản số 15/PXL ghi mã {OTHER} (hồ sơ của người nộp khác, không quá hạn); "
        f"đã ghép với hồ sơ {LATE} theo tên người nộp và đơn vị: cần kiểm tra lại"
    )
    [item] = warnings["letters_to_review"]
    assert {k: item[k] for k in ("letter_no", "letter_case_id", "code_case_id", "code_case_applicant",
                                 "case_id", "applicant")} == {
        "letter_no": "15/PXL", "letter_case_id": OTHER, "code_case_id": OTHER,
        "code_case_applicant": "Nguyễn Văn Bình", "case_id": LATE, "applicant": "Nguyễn Văn An",
    }  # fmt: skip
    assert "warnings.letters_to_review" in outcome.output
    cells = [td.get_text() for td in table.find("tbody").find_all("td")]
    assert [OTHER, "Nguyễn Văn Bình", LATE, "Nguyễn Văn An"] == [
        cells[3],
        cells[4],
        cells[5],
        cells[6],
    ]
    assert (
        "Văn bản cần kiểm tra lại (mã ghi trên văn bản là hồ sơ của người nộp khác): 1"
        in report.get_text()
    )
