"""The bundled example, run without the web: every figure below was checked by hand.

Period 2020-05 = 15/04/2020–14/05/2020 (30/4 and 1/5 are holidays). See examples/build_examples.py
for the cases; the comments name the rule each one exercises.
"""

import csv
import json
from pathlib import Path

import pytest

from compliance.calendar.periods import parse_period
from compliance.config import load_config
from compliance.outputs.run_files import summary_document
from compliance.pipeline import run_period

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    config = load_config(ROOT / "config.yaml")
    result = run_period(config, parse_period("2020-05"), out_dir=out, web=False, render=False)
    return result, out / "2020-05"


def read_csv(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_totals(run):
    _, folder = run
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    totals = {k: v for k, v in summary["totals"].items() if k != "compliance"}
    assert totals == {
        "received": 19, "resolved": 15, "resolved_early": 5, "resolved_on_time": 4, "resolved_late": 6,
        "pending": 5, "pending_in_time": 2, "pending_overdue": 3,
    }  # fmt: skip
    late = summary["totals"]["compliance"]["resolved_late"]
    assert late["cases"] == totals["resolved_late"]
    assert late["exempt"] == 1 and late["apology_issued"] == 5 and late["apology_missing"] == 1
    pending = summary["totals"]["compliance"]["pending_overdue"]
    assert (
        pending["cases"] == 3 and pending["apology_issued"] == 2 and pending["posted_at_desk"] == 2
    )
    assert summary["period"] == {"label": "2020-05", "start": "2020-04-15", "end": "2020-05-14"}
    assert summary["by_level"]["commune"]["received"] == 3
    assert summary["by_level"]["district"]["pending_overdue"] == 1
    assert summary["by_level"]["province"]["resolved_late"] == 4


def test_counts_add_up_everywhere(run):
    result, _ = run
    s = summary_document(result)
    for counts in [s["totals"], *s["by_level"].values(), *(u["counts"] for u in s["by_unit"])]:
        assert (
            counts["resolved_early"] + counts["resolved_on_time"] + counts["resolved_late"]
            == counts["resolved"]
        )
        assert counts["pending_in_time"] + counts["pending_overdue"] == counts["pending"]
        c = counts["compliance"]["resolved_late"]
        assert c["apology_issued"] + c["apology_missing"] == c["cases"]


FINDINGS = {
    # case: (overdue_kind, working_days_late, letter_match, apology, desk, gaps)
    "000.00.20.H16-200420-0003": ("resolved_late", "2", "exact", "on_time", "posted", ""),
    "000.00.20.H16-200422-0007": ("resolved_late", "3", "exact", "late", "not_posted", "late_apology;not_posted_at_desk"),
    "000.00.21.H16-200416-0012": ("resolved_late", "2", "normalised", "on_time", "posted", ""),
    "000.00.21.H16-200424-0002": ("pending_overdue", "6", "exact", "on_time", "posted", "rescheduled_date_missed"),
    "000.00.21.H16-200427-0005": ("resolved_late", "1", "", "missing", "not_posted", "missing_apology;not_posted_at_desk"),
    "000.00.21.H16-200504-0009": ("resolved_late", "2", "", "exempt", "not_posted", ""),
    "000.30.24.H16-200417-0021": ("resolved_late", "3", "exact", "on_time", "posted", ""),
    "000.30.24.H16-200508-0003": ("pending_overdue", "1", "exact", "on_time", "posted", "multiple_reschedules"),
    "000.31.24.H16-200421-0001": ("resolved_late", "1", "fuzzy", "on_time", "posted", "no_website"),
    "000.31.24.H16-200511-0003": ("pending_overdue", "1", "", "missing", "not_posted", "missing_apology;not_posted_at_desk;no_website"),
}  # fmt: skip


def test_findings(run):
    _, folder = run
    rows = read_csv(folder / "findings.csv")
    with (folder / "findings.csv").open(encoding="utf-8-sig") as fh:
        header = fh.readline().strip().split(",")
    assert header[:22] == [
        "case_id", "unit_id", "unit_name", "level", "sector", "procedure", "applicant", "received_at", "due_at",
        "result_at", "overdue_kind", "working_days_late", "letter_no", "letter_issued_on", "letter_match", "apology",
        "desk_posting", "web_posting", "web_evidence_url", "new_due_at", "gaps", "note",
    ]  # fmt: skip
    got = {
        r["case_id"]: (
            r["overdue_kind"],
            r["working_days_late"],
            r["letter_match"],
            r["apology"],
            r["desk_posting"],
            r["gaps"],
        )
        for r in rows
    }
    assert got == FINDINGS
    by_id = {r["case_id"]: r for r in rows}
    assert by_id["000.00.20.H16-200420-0003"]["due_at"] == "2020-04-24"
    assert by_id["000.00.20.H16-200420-0003"]["result_at"] == "2020-04-28T15:00:00"
    assert (
        by_id["000.31.24.H16-200421-0001"]["applicant"] == "Y Bhim Niê"
    )  # Windows-1258 decoded, NFC
    assert by_id["000.00.21.H16-200504-0009"]["note"].startswith("Miễn trừ:")
    # without the web: units with a website are not checked; the commune has none
    assert {r["web_posting"] for r in rows if r["unit_id"] != "ubnd-xa-ea-tu"} == {"not_checked"}
    assert {r["web_posting"] for r in rows if r["unit_id"] == "ubnd-xa-ea-tu"} == {"no_website"}


def test_resolution_table(run):
    _, folder = run
    rows = read_csv(folder / "resolution_table.csv")
    assert [r["unit_id"] for r in rows][-1] == "TOTAL"
    total = rows[-1]
    assert {k: total[k] for k in ("total", "new_online", "carried_over", "new_direct_or_postal", "interconnected",
                                  "resolved", "resolved_on_time", "resolved_late", "pending", "pending_in_time",
                                  "pending_overdue")} == {
        "total": "20", "new_online": "4", "carried_over": "1", "new_direct_or_postal": "14", "interconnected": "1",
        "resolved": "15", "resolved_on_time": "9", "resolved_late": "6", "pending": "5", "pending_in_time": "2",
        "pending_overdue": "3",
    }  # fmt: skip
    cu_mgar = next(r for r in rows if r["unit_id"] == "ubnd-huyen-cu-mgar")
    assert cu_mgar["total"] == "0"  # configured unit without cases: a row of zeros
    assert any(r["unit_id"].startswith("khac-") for r in rows)  # unit created for an unknown name
    for r in rows:
        parts = sum(
            int(r[k])
            for k in ("new_online", "carried_over", "new_direct_or_postal", "interconnected")
        )
        assert int(r["total"]) == parts == int(r["resolved"]) + int(r["pending"])


def test_resolution_table_passes_its_own_arithmetic_check(run):
    from compliance.analyse.tables import check_results_table

    checked, problems = check_results_table(run[1] / "resolution_table.csv")
    assert checked == 7 and problems == []


def test_rejects_account_for_every_bad_row(run):
    _, folder = run
    rows = read_csv(folder / "rejects.csv")
    got = {(r["file"], r["row"], r["case_id"]) for r in rows}
    assert got == {
        (
            "examples/data/ho-so-2020-05.xlsx",
            "21",
            "000.00.21.H16-200506-0004",
        ),  # refused: not counted
        (
            "examples/data/ho-so-2020-05.xlsx",
            "22",
            "000.00.21.H16-200428-0001",
        ),  # duplicate, less complete
        ("examples/data/ho-so-2020-05.xlsx", "27", "000.30.24.H16-200415-0030"),  # 31/04/2020
        (
            "examples/data/ho-so-2020-05.xlsx",
            "28",
            "000.30.24.H16-200423-0008",
        ),  # result before receipt
        (
            "examples/data/so-xin-loi.csv",
            "10",
            "000.00.99.H16-200401-0001",
        ),  # letter matching no case
    }
    assert all(r["reason"] for r in rows)


def test_followup_and_flags(run):
    result, folder = run
    rows = read_csv(folder / "followup.csv")
    assert [r["unit_id"] for r in rows] == [
        "so-tnmt",
        "ubnd-xa-ea-tu",
        "nhnn-daklak",
        "ubnd-tp-bmt",
    ]
    assert rows[0]["reasons"] == "missing_apology:1;not_posted_at_desk:1;rescheduled_date_missed:1"
    flagged = {u["unit_id"] for u in summary_document(result)["by_unit"] if u["flagged"]}
    assert flagged == {r["unit_id"] for r in rows}


def test_warnings_name_unknown_units_and_fuzzy_matches(run):
    result, _ = run
    w = summary_document(result)["warnings"]
    assert [u["name"] for u in w["unknown_units"]] == [
        "Phòng Tài nguyên và Môi trường thành phố Buôn Ma Thuột"
    ]
    assert [m["case_id"] for m in w["fuzzy_matches"]] == ["000.31.24.H16-200421-0001"]
    assert [m["case_id"] for m in w["unmatched_letters"]] == ["000.00.99.H16-200401-0001"]


def test_every_output_is_utf8_with_bom_and_evidence_index_exists(run):
    _, folder = run
    for name in (
        "findings.csv",
        "resolution_table.csv",
        "followup.csv",
        "rejects.csv",
        "evidence/index.csv",
    ):
        assert (folder / name).read_bytes().startswith(b"\xef\xbb\xbf"), name
    assert not list(folder.glob("**/*.tmp"))


def test_example_with_archived_web_pages(tmp_path):
    """The README's main command: the archived pages give verified, not_found and unverifiable."""
    config = load_config(ROOT / "config.yaml")
    result = run_period(
        config, parse_period("2020-05"), out_dir=tmp_path, web=True, offline=True, render=False
    )
    web = dict(zip(result.findings["case_id"], result.findings["web_posting"], strict=True))
    assert web == {
        "000.00.20.H16-200420-0003": "verified",
        "000.00.20.H16-200422-0007": "not_found",
        "000.00.21.H16-200416-0012": "verified",  # code split by tags on a detail page
        "000.00.21.H16-200424-0002": "verified",  # only in a PDF attachment
        "000.00.21.H16-200427-0005": "not_found",
        "000.00.21.H16-200504-0009": "not_found",  # exempt: no gap for it
        "000.30.24.H16-200417-0021": "unverifiable",  # a page of the site could not be read
        "000.30.24.H16-200508-0003": "unverifiable",
        "000.31.24.H16-200421-0001": "no_website",
        "000.31.24.H16-200511-0003": "no_website",
    }
    gaps = dict(zip(result.findings["case_id"], result.findings["gaps"], strict=True))
    assert gaps["000.00.20.H16-200422-0007"] == (
        "late_apology",
        "not_posted_at_desk",
        "not_published_online",
    )
    assert gaps["000.30.24.H16-200417-0021"] == ("online_unverifiable",)
    assert gaps["000.00.21.H16-200504-0009"] == ()
    late = summary_document(result)["totals"]["compliance"]["resolved_late"]
    assert (late["published_online"], late["online_not_found"], late["online_unverifiable"]) == (
        2,
        2,
        1,
    )
    index = (tmp_path / "2020-05" / "evidence" / "index.csv").read_text(encoding="utf-8-sig")
    assert "examples/web/nhnn-daklak/danh-sach-1.html" in index


def test_units_carry_their_parent(run):
    result, _ = run
    by_unit = {u["unit_id"]: u for u in summary_document(result)["by_unit"]}
    assert by_unit["ubnd-xa-ea-tu"]["parent"] == "ubnd-tp-bmt"
    assert by_unit["so-tnmt"]["parent"] is None and by_unit["so-tnmt"]["succeeded_by"] is None
