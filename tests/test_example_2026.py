"""The post-reform example (examples/2026/), run as a user runs it: every figure was worked out by
hand from the design in examples/2026/build.py, not read back from the tool.

Period 2026-11 = 15/10/2026–14/11/2026 (no holiday inside it; 24/11 is after it). Units are
province level (departments, the public-service centre) and commune level only; the departments
merged in 2025 appear under their old names too, marked ``succeeded_by``.
"""

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance import codes
from compliance.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "2026"


def _run(config: str, out: Path, *options: str):
    result = CliRunner().invoke(
        main, ["--config", config, "run", "--period", "2026-11", *options, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return result.output, out / "2026-11"


@pytest.fixture(scope="module")
def no_web(tmp_path_factory):
    """The command of the README, from the repository root, without the web check."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        return _run("examples/2026/config.yaml", tmp_path_factory.mktemp("out"), "--no-web")


@pytest.fixture(scope="module")
def offline(tmp_path_factory):
    """With the archived pages; on a copy of the example, so the HTTP cache is not left in the tree."""
    copy = tmp_path_factory.mktemp("example") / "2026"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns("out", ".cache"))
    return _run(str(copy / "config.yaml"), tmp_path_factory.mktemp("out"), "--offline")


def read_csv(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def summary_of(folder):
    return json.loads((folder / "summary.json").read_text(encoding="utf-8"))


def plain(counts):
    return {k: v for k, v in counts.items() if k != "compliance"}


def test_period_is_15_10_to_14_11_2026(no_web):
    output, folder = no_web
    assert summary_of(folder)["period"] == {
        "label": "2026-11",
        "start": "2026-10-15",
        "end": "2026-11-14",
    }
    assert "từ ngày 15/10/2026 đến ngày 14/11/2026" in output


def test_totals_and_levels(no_web):
    s = summary_of(no_web[1])
    # Received: 240 generated cases (early 122, on time 76, in time 42) and 21 placed by hand;
    # 6 more carried over from before the period (2 of them from before the 2025 reform).
    assert plain(s["totals"]) == {
        "received": 261, "resolved": 216, "resolved_early": 124, "resolved_on_time": 78,
        "resolved_late": 14, "pending": 51, "pending_in_time": 43, "pending_overdue": 8,
    }  # fmt: skip
    assert plain(s["by_level"]["province"]) == {
        "received": 160, "resolved": 133, "resolved_early": 76, "resolved_on_time": 48,
        "resolved_late": 9, "pending": 33, "pending_in_time": 28, "pending_overdue": 5,
    }  # fmt: skip
    assert plain(s["by_level"]["commune"]) == {
        "received": 101, "resolved": 83, "resolved_early": 48, "resolved_on_time": 30,
        "resolved_late": 5, "pending": 18, "pending_in_time": 15, "pending_overdue": 3,
    }  # fmt: skip
    # no district level any more: nothing is counted there
    assert set(plain(s["by_level"]["district"]).values()) == {0}
    assert {u["level"] for u in s["by_unit"]} == {"province", "commune"}


def test_apology_compliance_with_the_archived_pages(offline):
    c = summary_of(offline[1])["totals"]["compliance"]
    assert c["resolved_late"] == {
        "cases": 14, "apology_issued": 12, "apology_on_time": 9, "apology_late": 2, "apology_missing": 2,
        "posted_at_desk": 10, "published_online": 8, "online_not_found": 3, "online_unverifiable": 0,
        "online_no_website": 3, "exempt": 1,
    }  # fmt: skip
    assert c["pending_overdue"] == {
        "cases": 8, "apology_issued": 5, "apology_on_time": 3, "apology_late": 2, "apology_missing": 3,
        "posted_at_desk": 4, "published_online": 2, "online_not_found": 3, "online_unverifiable": 0,
        "online_no_website": 3, "exempt": 0,
    }  # fmt: skip


FINDINGS = {
    # case: (overdue_kind, working_days_late, letter_match, apology, desk, web (offline), gaps (offline))
    "000.00.12.H16-261019-0101": ("resolved_late", "2", "exact", "on_time", "posted", "verified", ""),
    "000.00.12.H16-261020-0102": ("resolved_late", "2", "exact", "late", "posted", "verified", "late_apology"),
    "000.00.12.H16-261022-0103": ("resolved_late", "1", "", "missing", "not_posted", "not_found", "missing_apology;not_posted_at_desk;not_published_online"),
    "000.00.12.H16-261021-0104": ("resolved_late", "1", "", "exempt", "not_posted", "not_found", ""),
    "000.00.12.H16-261026-0105": ("pending_overdue", "6", "exact", "on_time", "posted", "verified", "rescheduled_date_missed"),
    "000.00.21.H16-260925-0003": ("resolved_late", "5", "exact", "undated", "not_posted", "no_website", "undated_apology;not_posted_at_desk;no_website"),
    # due 10/07/2025 and 02/06/2025: working days to 14/11/2026 (2/1/2026 off, Saturday 10/1/2026 worked)
    "000.00.21.H16-250610-0012": ("pending_overdue", "338", "exact", "late", "posted", "no_website", "late_apology;no_website"),
    "000.00.15.H48-250512-0007": ("pending_overdue", "366", "", "missing", "not_posted", "no_website", "missing_apology;not_posted_at_desk;no_website"),
    "000.00.15.H16-261015-0101": ("resolved_late", "1", "exact", "on_time", "posted", "verified", ""),
    "000.00.15.H16-261016-0102": ("resolved_late", "2", "exact", "on_time", "posted", "verified", ""),
    "000.00.15.H16-261023-0103": ("resolved_late", "2", "exact", "late", "not_posted", "not_found", "late_apology;not_posted_at_desk;not_published_online"),
    "000.00.15.H16-261102-0104": ("pending_overdue", "4", "exact", "on_time", "posted", "verified", ""),
    "000.00.15.H16-261104-0105": ("pending_overdue", "2", "", "missing", "not_posted", "not_found", "missing_apology;not_posted_at_desk;not_published_online"),
    "998.99.99.H05-261019-0101": ("resolved_late", "2", "exact", "on_time", "posted", "verified", "multiple_reschedules"),
    "000.00.09.H16-261026-0101": ("resolved_late", "0", "exact", "on_time", "posted", "no_website", "no_website"),
    "000.24.01.H16-261020-0101": ("resolved_late", "1", "normalised", "on_time", "posted", "verified", ""),
    "000.24.01.H16-261027-0102": ("resolved_late", "2", "exact", "on_time", "posted", "verified", ""),
    "000.24.01.H16-261105-0103": ("resolved_late", "1", "", "missing", "not_posted", "not_found", "missing_apology;not_posted_at_desk;not_published_online"),
    "000.24.01.H16-261109-0104": ("pending_overdue", "2", "exact", "on_time", "not_posted", "not_found", "not_posted_at_desk;not_published_online"),
    "03706/2026/08101": ("resolved_late", "1", "exact", "on_time", "posted", "verified", ""),
    "03706/2026/08102": ("pending_overdue", "7", "exact", "late", "posted", "not_found", "late_apology;not_published_online"),
    "00352112000901": ("resolved_late", "2", "exact", "on_time", "posted", "no_website", "no_website"),
    "00352112000902": ("pending_overdue", "3", "", "missing", "not_posted", "no_website", "missing_apology;not_posted_at_desk;no_website"),
}  # fmt: skip
WITH_WEBSITE = {"so-nnmt", "so-xd", "so-tc", "phuong-buon-ma-thuot", "phuong-tuy-hoa"}


def test_findings_with_the_archived_pages(offline):
    rows = read_csv(offline[1] / "findings.csv")
    got = {
        r["case_id"]: (
            r["overdue_kind"], r["working_days_late"], r["letter_match"], r["apology"],
            r["desk_posting"], r["web_posting"], r["gaps"],
        )
        for r in rows
    }  # fmt: skip
    assert got == FINDINGS
    evidence = {r["case_id"]: r["web_evidence_url"] for r in rows}
    assert evidence["000.00.12.H16-261019-0101"] == (
        "web/so-nnmt/tin-tuc/van-ban-xin-loi-va-de-nghi-gia-han-ho-so-dat-dai-201.html"
    )  # the code split by tags on a detail page
    assert (
        evidence["000.00.12.H16-261020-0102"]
        == "web/so-nnmt/files/van-ban-xin-loi-so-52-xl-snnmt.pdf"
    )
    assert evidence["998.99.99.H05-261019-0101"] == "web/so-tc/api/van-ban-xin-loi.json"
    assert evidence["03706/2026/08101"] == "web/phuong-tuy-hoa/van-ban-xin-loi.html"


def test_findings_without_the_web(no_web):
    rows = read_csv(no_web[1] / "findings.csv")
    assert {r["case_id"] for r in rows} == set(FINDINGS)
    for r in rows:
        expected_web = "not_checked" if r["unit_id"] in WITH_WEBSITE else "no_website"
        assert r["web_posting"] == expected_web, r["case_id"]
        offline_gaps = FINDINGS[r["case_id"]][6].split(";")
        assert r["gaps"] == ";".join(g for g in offline_gaps if g and g != "not_published_online")


def test_unusual_case_codes_keep_their_shape(no_web):
    rows = {r["case_id"]: r for r in read_csv(no_web[1] / "findings.csv")}
    assert rows["00352112000902"]["unit_id"] == "xa-ea-kar"  # all digits, leading zeros kept
    assert rows["03706/2026/08101"]["unit_id"] == "phuong-tuy-hoa"  # slashes
    assert rows["998.99.99.H05-261019-0101"]["unit_id"] == "so-tc"
    # Windows-1258 decoded and composed; the register's mistyped code matched after normalising
    assert rows["03706/2026/08101"]["unit_name"] == "UBND phường Tuy Hòa"
    assert rows["000.24.01.H16-261020-0101"]["letter_no"] == "15/XL-UBND"


def test_succeeded_units_keep_their_cases_and_name_their_successor(offline):
    s = summary_of(offline[1])
    by_unit = {u["unit_id"]: u for u in s["by_unit"]}
    assert {uid: u["succeeded_by"] for uid, u in by_unit.items() if u["succeeded_by"]} == {
        "so-tnmt-cu": "so-nnmt",
        "so-gtvt-cu": "so-xd",
        "so-xd-phu-yen": "so-xd",
    }
    # What succeeded_by does today: cases stay under the unit named in the export, counted and
    # flagged there; the successor's website is not searched for them (no_website).
    assert plain(by_unit["so-tnmt-cu"]["counts"]) == {
        "received": 3, "resolved": 4, "resolved_early": 3, "resolved_on_time": 0, "resolved_late": 1,
        "pending": 1, "pending_in_time": 0, "pending_overdue": 1,
    }  # fmt: skip
    assert plain(by_unit["so-gtvt-cu"]["counts"]) == {
        "received": 0, "resolved": 2, "resolved_early": 1, "resolved_on_time": 1, "resolved_late": 0,
        "pending": 0, "pending_in_time": 0, "pending_overdue": 0,
    }  # fmt: skip
    assert plain(by_unit["so-nnmt"]["counts"]) == {
        "received": 45, "resolved": 36, "resolved_early": 20, "resolved_on_time": 13, "resolved_late": 3,
        "pending": 10, "pending_in_time": 9, "pending_overdue": 1,
    }  # fmt: skip
    findings = {r["case_id"]: r for r in read_csv(offline[1] / "findings.csv")}
    old = findings["000.00.21.H16-250610-0012"]
    assert (old["unit_id"], old["unit_name"]) == (
        "so-tnmt-cu",
        "Sở Tài nguyên và Môi trường tỉnh Đắk Lắk",
    )
    assert findings["000.00.15.H48-250512-0007"]["unit_id"] == "so-xd-phu-yen"
    assert by_unit["so-tnmt-cu"]["flagged"] and not by_unit["so-gtvt-cu"]["flagged"]
    # communes sit directly under the province: no unit has a parent
    assert all(u["parent"] is None for u in s["by_unit"])


def test_resolution_table(no_web):
    rows = read_csv(no_web[1] / "resolution_table.csv")
    assert [r["unit_id"] for r in rows] == [
        "so-nnmt", "so-tnmt-cu", "so-xd", "so-gtvt-cu", "so-xd-phu-yen", "so-tc", "so-nv", "ttpvhcc",
        "phuong-buon-ma-thuot", "xa-cu-mgar", "phuong-tuy-hoa", "xa-ea-kar", "TOTAL",
    ]  # fmt: skip
    # no unit created for an unknown name: every name in the exports is known
    total = {k: v for k, v in rows[-1].items() if k not in ("stt", "unit_id", "unit_name")}
    assert total == {
        "total": "267", "new_online": "108", "carried_over": "6", "new_direct_or_postal": "133",
        "interconnected": "20", "resolved": "216", "resolved_on_time": "202", "resolved_late": "14",
        "pending": "51", "pending_in_time": "43", "pending_overdue": "8",
    }  # fmt: skip
    for r in rows:
        parts = ("new_online", "carried_over", "new_direct_or_postal", "interconnected")
        assert (
            int(r["total"])
            == sum(int(r[k]) for k in parts)
            == int(r["resolved"]) + int(r["pending"])
        )


def test_only_the_intended_rejects(no_web):
    rows = read_csv(no_web[1] / "rejects.csv")
    assert {(r["file"], r["row"], r["case_id"], r["code"]) for r in rows} == {
        ("data/ho-so-cap-tinh-2026-11.xlsx", "177", "000.00.01.H16-261020-0101", "excluded_status"),  # Từ chối
        ("data/ho-so-cap-tinh-2026-11.xlsx", "178", "000.00.01.H16-261030-0102", "bad_received_at"),  # 31/11/2026
        ("data/ho-so-cap-tinh-2026-11.xlsx", "179", "000.00.09.H16-261021-0102", "duplicate_case_id"),  # fewer fields
        ("data/ho-so-phuong-buon-ma-thuot.xls", "58", "000.24.01.H16-261028-0106", "excluded_status"),  # Rút hồ sơ
        ("data/ho-so-cap-xa.csv", "49", "03706/2026/08103", "excluded_status"),  # Dừng xử lý
        ("data/so-xin-loi-2026.xlsx", "23", "000.00.12.H16-260930-0199", "letter_without_case"),
    }  # fmt: skip
    assert all(r["reason"] for r in rows)
    assert all(codes.get("reject", r["code"]) for r in rows)  # every reject code is catalogued
    warnings = summary_of(no_web[1])["warnings"]
    assert list(warnings) == list(codes.codes("warning"))
    assert warnings["unknown_units"] == [] and warnings["fuzzy_matches"] == []
    assert warnings["unmatched_exemptions"] == []


def test_followup_order(offline):
    rows = read_csv(offline[1] / "followup.csv")
    assert [r["unit_id"] for r in rows] == [
        "so-nnmt",  # 3 cases with gaps
        "phuong-buon-ma-thuot", "so-tnmt-cu", "so-xd", "xa-ea-kar",  # 2 each
        "phuong-tuy-hoa", "so-nv", "so-tc", "so-xd-phu-yen",  # 1 each
    ]  # fmt: skip
    assert rows[0]["reasons"] == (
        "missing_apology:1;late_apology:1;not_posted_at_desk:1;not_published_online:1;"
        "rescheduled_date_missed:1"
    )


def test_drafts_use_the_2025_form(no_web):
    """Drafts are dated the day they are made (after 15/9/2025), so Thông tư 03/2025's form is used."""
    import docx

    letters = no_web[1] / "letters"
    index = read_csv(letters / "index.csv")
    assert {r["case_id"] for r in index} == {
        case for case, f in FINDINGS.items() if f[3] == "missing"
    }  # one per missing apology; none for the exempt case
    assert {r["form"] for r in index} == {"mau-04-2025"}
    for row in index:
        document = docx.Document(letters / row["path"])
        text = "\n".join(p.text for p in document.paragraphs)
        assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in text
        if FINDINGS[row["case_id"]][0] == "pending_overdue":
            assert "đồng ý gia hạn thời gian giải quyết" in text  # only the 2025 form asks this
        else:  # a result already returned late: said as it happened, no extension asked
            assert "đã hoàn thành việc giải quyết" in text and "gia hạn thời gian" not in text
        assert "PHIẾU XIN LỖI" not in text and "hẹn lại ngày trả kết quả" not in text
        assert row["case_id"] in text


def test_the_generator_rebuilds_the_committed_files(check_example_builder):
    check_example_builder(EXAMPLE, "build_example_2026")
