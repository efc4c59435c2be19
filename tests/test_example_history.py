"""The history example (examples/history/): three months run in order, then `compliance history`.
Every figure was worked out by hand from the design in examples/history/build.py, not read back
from the tool.

Periods: 2026-09 = 15/8–14/9/2026 (19 working days: 31/8, 1/9 and 2/9 off, Saturday 22/8
worked), 2026-10 = 15/9–14/10 (22), 2026-11 = 15/10–14/11 (22). Each run reads the three monthly
exports, the whole register and the pages archived on 16/11/2026.
"""

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.calendar.periods import parse_period
from compliance.cli import main
from compliance.config import load_config
from compliance.pipeline import run_period

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "history"
MONTHS = ["2026-09", "2026-10", "2026-11"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The three months in order, offline (archived pages), into one output folder; on a copy of
    the example, so the HTTP cache is not left in the tree."""
    copy = tmp_path_factory.mktemp("example") / "history"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns("out", ".cache"))
    out = tmp_path_factory.mktemp("out")
    config = load_config(copy / "config.yaml")
    for label in MONTHS:
        run_period(config, parse_period(label), out_dir=out, offline=True, render=False)
    return out


def summary(out, label):
    return json.loads((out / label / "summary.json").read_text(encoding="utf-8"))


def read_csv(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def history(out, *options):
    result = CliRunner().invoke(
        main, ["history", "--history", str(out / "history.sqlite"), *options]
    )
    assert result.exit_code == 0, result.output
    return result.output


KEYS = ("received", "resolved", "resolved_early", "resolved_on_time", "resolved_late", "pending",
        "pending_in_time", "pending_overdue")  # fmt: skip

# Per unit: the generated cases of build.BULK (early, on time, received at the end and resolved
# on time next month) plus the hand-placed ones. E.g. xa-cu-mgar in 2026-10: received 3 + 1 + 0
# + 1 (21/9); resolved 3 early, 1 + 1 (September's last case) on time, 1 late; pending: the case
# of 20/8, overdue.
COUNTS = {
    "2026-09": {
        "so-tc": (9, 8, 4, 3, 1, 1, 1, 0),
        "so-xd": (8, 7, 3, 2, 2, 1, 1, 0),
        "so-nnmt": (10, 8, 5, 3, 0, 2, 2, 0),
        "so-nv": (4, 4, 2, 2, 0, 0, 0, 0),
        "phuong-buon-ma-thuot": (12, 11, 6, 4, 1, 1, 1, 0),
        "xa-cu-mgar": (8, 6, 3, 2, 1, 2, 1, 1),
        "xa-ea-kar": (6, 6, 4, 2, 0, 0, 0, 0),
    },
    "2026-10": {
        "so-tc": (9, 8, 5, 3, 0, 2, 1, 1),
        "so-xd": (8, 8, 4, 4, 0, 1, 1, 0),
        "so-nnmt": (10, 11, 4, 4, 3, 1, 1, 0),
        "so-nv": (5, 4, 3, 1, 0, 1, 1, 0),
        "phuong-buon-ma-thuot": (12, 11, 5, 5, 1, 2, 2, 0),
        "xa-cu-mgar": (5, 6, 3, 2, 1, 1, 0, 1),
        "xa-ea-kar": (7, 6, 3, 3, 0, 1, 1, 0),
    },
    "2026-11": {
        "so-tc": (9, 9, 4, 4, 1, 2, 2, 0),
        "so-xd": (8, 8, 3, 4, 1, 1, 1, 0),
        "so-nnmt": (8, 8, 5, 3, 0, 1, 1, 0),
        "so-nv": (6, 6, 2, 3, 1, 1, 1, 0),
        "phuong-buon-ma-thuot": (11, 12, 6, 5, 1, 1, 1, 0),
        "xa-cu-mgar": (6, 5, 2, 2, 1, 2, 1, 1),
        "xa-ea-kar": (7, 7, 4, 3, 0, 1, 1, 0),
    },
}
TOTALS = {
    "2026-09": (57, 50, 27, 18, 5, 7, 6, 1),
    "2026-10": (56, 54, 27, 22, 5, 9, 7, 2),  # 7 carried over from September
    "2026-11": (55, 55, 26, 24, 5, 9, 8, 1),  # 9 carried over from October
}


@pytest.mark.parametrize("label", MONTHS)
def test_counts_per_unit(runs, label):
    s = summary(runs, label)
    got = {u["unit_id"]: tuple(u["counts"][k] for k in KEYS) for u in s["by_unit"]}
    assert got == COUNTS[label]
    assert tuple(s["totals"][k] for k in KEYS) == TOTALS[label]


FLAGGED = {
    "2026-09": {
        "so-xd": ["late_apology:2"],
        "phuong-buon-ma-thuot": ["not_published_online:1"],
        "xa-cu-mgar": ["missing_apology:2", "not_posted_at_desk:2", "not_published_online:2"],
    },
    "2026-10": {
        "so-nnmt": ["missing_apology:1", "late_apology:2", "not_posted_at_desk:1",
                    "not_published_online:2"],
        "xa-cu-mgar": ["missing_apology:1", "not_posted_at_desk:1", "not_published_online:2"],
    },
    "2026-11": {
        "so-nv": ["no_website:1"],
        "phuong-buon-ma-thuot": ["late_apology:1"],
        "xa-cu-mgar": ["missing_apology:2", "not_posted_at_desk:2", "not_published_online:2"],
    },
}  # fmt: skip


@pytest.mark.parametrize("label", MONTHS)
def test_who_is_flagged(runs, label):
    s = summary(runs, label)
    assert {u["unit_id"]: u["flag_reasons"] for u in s["by_unit"] if u["flagged"]} == FLAGGED[label]


NO_GAP = ""
MISSING = "missing_apology;not_posted_at_desk;not_published_online"
# case: (overdue_kind, working_days_late, apology, desk, web, gaps), per month
FINDINGS = {
    "2026-09": {
        "998.99.99.H05-260826-0101": ("resolved_late", "1", "on_time", "posted", "verified", NO_GAP),  # letter 28/8 for 3/9: the day before the days off
        "000.00.15.H16-260819-0101": ("resolved_late", "1", "late", "posted", "verified", "late_apology"),
        "000.00.15.H16-260826-0101": ("resolved_late", "2", "late", "posted", "verified", "late_apology"),  # due 3/9, result 7/9: 4/9 and 7/9
        "000.24.01.H16-260907-0101": ("resolved_late", "1", "on_time", "posted", "not_found", "not_published_online"),
        "000.25.01.H16-260825-0101": ("resolved_late", "2", "missing", "not_posted", "not_found", MISSING),  # due 28/8, result 4/9
        "000.25.01.H16-260820-0101": ("pending_overdue", "9", "missing", "not_posted", "not_found", MISSING),
    },
    "2026-10": {
        "000.24.01.H16-260928-0101": ("resolved_late", "1", "on_time", "posted", "verified", NO_GAP),  # register code mistyped
        "000.00.12.H16-260916-0101": ("resolved_late", "2", "late", "posted", "verified", "late_apology"),
        "000.00.12.H16-260922-0101": ("resolved_late", "2", "late", "posted", "not_found", "late_apology;not_published_online"),
        "000.00.12.H16-261001-0101": ("resolved_late", "2", "missing", "not_posted", "not_found", MISSING),
        "998.99.99.H05-261005-0101": ("pending_overdue", "2", "on_time", "posted", "verified", NO_GAP),  # new date 20/10
        "000.25.01.H16-260921-0101": ("resolved_late", "2", "on_time", "posted", "not_found", "not_published_online"),
        "000.25.01.H16-260820-0101": ("pending_overdue", "31", "missing", "not_posted", "not_found", MISSING),
    },
    "2026-11": {
        "000.24.01.H16-261104-0101": ("resolved_late", "2", "late", "posted", "verified", "late_apology"),
        "000.00.09.H16-261026-0101": ("resolved_late", "1", "on_time", "posted", "no_website", "no_website"),
        "998.99.99.H05-261005-0101": ("resolved_late", "5", "on_time", "posted", "verified", NO_GAP),  # due 12/10, result 19/10
        "000.00.15.H16-261020-0101": ("resolved_late", "2", "on_time", "posted", "verified", NO_GAP),
        "000.25.01.H16-261102-0101": ("resolved_late", "2", "missing", "not_posted", "not_found", MISSING),
        "000.25.01.H16-260820-0101": ("pending_overdue", "53", "missing", "not_posted", "not_found", MISSING),
    },
}  # fmt: skip


@pytest.mark.parametrize("label", MONTHS)
def test_findings(runs, label):
    rows = read_csv(runs / label / "findings.csv")
    got = {
        r["case_id"]: (r["overdue_kind"], r["working_days_late"], r["apology"], r["desk_posting"],
                       r["web_posting"], r["gaps"])
        for r in rows
    }  # fmt: skip
    assert got == FINDINGS[label]


def test_duplicated_cases_keep_the_later_export_s_row(runs):
    rows = read_csv(runs / "2026-10" / "rejects.csv")
    by_file = {}
    for r in rows:
        by_file.setdefault((r["file"], r["code"]), []).append(r["case_id"])
    # September's file: its 6 cases still in time on 14/9 and the case of 20/8 (open in every
    # file); October's: its 7 cases in time on 14/10, the case of 20/8 and Sở Tài chính's case
    # resolved on 19/10; and the withdrawn case.
    assert {key: len(cases) for key, cases in by_file.items()} == {
        ("data/ho-so-2026-09.xlsx", "duplicate_case_id"): 7,
        ("data/ho-so-2026-10.xlsx", "duplicate_case_id"): 9,
        ("data/ho-so-2026-10.xlsx", "excluded_status"): 1,
    }
    assert by_file[("data/ho-so-2026-10.xlsx", "excluded_status")] == ["000.24.01.H16-261006-0101"]
    # the same rows are set aside in every run
    for label in ("2026-09", "2026-11"):
        assert read_csv(runs / label / "rejects.csv") == rows


def test_the_first_month_has_no_follow_ups_to_check(runs):
    assert summary(runs, "2026-09")["followup_heeded"] is None


def test_october_checks_september_s_follow_ups(runs):
    assert summary(runs, "2026-10")["followup_heeded"] == {
        "period": "2026-09", "web_checked": True, "cases_listed": 5, "resolved_since": 2,
        "still_open": 3,
        "units": [
            # apologies of 16/9, posted at the desk, published on 17/9
            {"unit_id": "so-xd", "unit_name": "Sở Xây dựng tỉnh Đắk Lắk", "cases_listed": 2,
             "resolved_since": 2, "still_open": []},
            # no letter for either
            {"unit_id": "xa-cu-mgar", "unit_name": "UBND xã Cư M’gar", "cases_listed": 2,
             "resolved_since": 0,
             "still_open": ["000.25.01.H16-260825-0101", "000.25.01.H16-260820-0101"]},
            # a letter, posted, never published
            {"unit_id": "phuong-buon-ma-thuot", "unit_name": "UBND phường Buôn Ma Thuột",
             "cases_listed": 1, "resolved_since": 0, "still_open": ["000.24.01.H16-260907-0101"]},
        ],
    }  # fmt: skip


def test_november_checks_october_s_follow_ups(runs):
    assert summary(runs, "2026-11")["followup_heeded"] == {
        "period": "2026-10", "web_checked": True, "cases_listed": 5, "resolved_since": 1,
        "still_open": 4,
        "units": [
            # 260916: a letter, posted, on a detail page; 260922: not published; 261001: nothing
            {"unit_id": "so-nnmt", "unit_name": "Sở Nông nghiệp và Môi trường tỉnh Đắk Lắk",
             "cases_listed": 3, "resolved_since": 1,
             "still_open": ["000.00.12.H16-260922-0101", "000.00.12.H16-261001-0101"]},
            {"unit_id": "xa-cu-mgar", "unit_name": "UBND xã Cư M’gar", "cases_listed": 2,
             "resolved_since": 0,
             "still_open": ["000.25.01.H16-260921-0101", "000.25.01.H16-260820-0101"]},
        ],
    }  # fmt: skip


def test_history_table(runs):
    lines = history(runs).splitlines()
    assert lines[0] == (
        f"Lịch sử kiểm tra: 3 kỳ (2026-09, 2026-10, 2026-11) — {runs / 'history.sqlite'}"
    )
    assert lines[2:8] == [
        "Đơn vị bị nêu cần đôn đốc từ 3 kỳ trở lên trong 6 kỳ gần nhất:",
        "  1. UBND xã Cư M’gar (xa-cu-mgar): 3 kỳ (2026-09, 2026-10, 2026-11), 6 hồ sơ quá hạn",
        "",
        "Việc khắc phục sau công văn đôn đốc kỳ trước (xin lỗi, niêm yết, đăng tải):",
        "  2026-10 (đôn đốc kỳ 2026-09): 5 hồ sơ được nêu, đã khắc phục 2, còn 3",
        "  2026-11 (đôn đốc kỳ 2026-10): 5 hồ sơ được nêu, đã khắc phục 1, còn 4",
    ]
    # every unit flagged at least once, with its three periods; so-tc and xa-ea-kar never are
    heads = [line for line in lines[8:] if line and not line.startswith("  ")]
    assert heads == [
        "UBND phường Buôn Ma Thuột (phuong-buon-ma-thuot, Cấp xã)",
        "Sở Nông nghiệp và Môi trường tỉnh Đắk Lắk (so-nnmt, Cấp tỉnh)",
        "Sở Nội vụ tỉnh Đắk Lắk (so-nv, Cấp tỉnh)",
        "Sở Xây dựng tỉnh Đắk Lắk (so-xd, Cấp tỉnh)",
        "UBND xã Cư M’gar (xa-cu-mgar, Cấp xã)",
    ]
    missing = "Chưa có văn bản xin lỗi: 02 hồ sơ; Chưa niêm yết tại Bộ phận một cửa: 02 hồ sơ; "
    at = lines.index("UBND xã Cư M’gar (xa-cu-mgar, Cấp xã)")
    assert lines[at + 1 : at + 4] == [
        "  2026-09: quá hạn 1/6 hồ sơ đã giải quyết (16,67%); xin lỗi 0/2 (0,00%); bị nêu: "
        + missing + "Chưa đăng tải lên Trang thông tin điện tử: 02 hồ sơ",
        "  2026-10: quá hạn 1/6 hồ sơ đã giải quyết (16,67%); xin lỗi 1/2 (50,00%); bị nêu: "
        "Chưa có văn bản xin lỗi: 01 hồ sơ; Chưa niêm yết tại Bộ phận một cửa: 01 hồ sơ; "
        "Chưa đăng tải lên Trang thông tin điện tử: 02 hồ sơ",
        "  2026-11: quá hạn 1/5 hồ sơ đã giải quyết (20,00%); xin lỗi 0/2 (0,00%); bị nêu: "
        + missing + "Chưa đăng tải lên Trang thông tin điện tử: 02 hồ sơ",
    ]  # fmt: skip
    at = lines.index("Sở Xây dựng tỉnh Đắk Lắk (so-xd, Cấp tỉnh)")
    assert lines[at + 1 : at + 4] == [
        "  2026-09: quá hạn 2/7 hồ sơ đã giải quyết (28,57%); xin lỗi 2/2 (100,00%); bị nêu: "
        "Văn bản xin lỗi ban hành sau thời hạn: 02 hồ sơ",
        "  2026-10: quá hạn 0/8 hồ sơ đã giải quyết (0,00%); xin lỗi 0/0; không bị nêu",
        "  2026-11: quá hạn 1/8 hồ sơ đã giải quyết (12,50%); xin lỗi 1/1 (100,00%); không bị nêu",
    ]  # fmt: skip
    at = lines.index("Sở Nông nghiệp và Môi trường tỉnh Đắk Lắk (so-nnmt, Cấp tỉnh)")
    assert lines[at + 2] == (
        "  2026-10: quá hạn 3/11 hồ sơ đã giải quyết (27,27%); xin lỗi 2/3 (66,67%); bị nêu: "
        "Chưa có văn bản xin lỗi: 01 hồ sơ; Văn bản xin lỗi ban hành sau thời hạn: 02 hồ sơ; "
        "Chưa niêm yết tại Bộ phận một cửa: 01 hồ sơ; "
        "Chưa đăng tải lên Trang thông tin điện tử: 02 hồ sơ"
    )
    at = lines.index("Sở Nội vụ tỉnh Đắk Lắk (so-nv, Cấp tỉnh)")
    assert lines[at + 3] == (
        "  2026-11: quá hạn 1/6 hồ sơ đã giải quyết (16,67%); xin lỗi 1/1 (100,00%); bị nêu: "
        "Đơn vị chưa có Trang thông tin điện tử: 01 hồ sơ"
    )


CU_MGAR = {"unit_id": "xa-cu-mgar", "unit_name": "UBND xã Cư M’gar", "level": "commune",
           "flagged_periods": 3, "periods": "2026-09;2026-10;2026-11", "overdue_cases": 6}  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("3/6", [CU_MGAR]),
        ("2/6", [CU_MGAR, {"unit_id": "phuong-buon-ma-thuot", "unit_name": "UBND phường Buôn Ma Thuột",
                           "level": "commune", "flagged_periods": 2, "periods": "2026-09;2026-11",
                           "overdue_cases": 2}]),
        ("3/2", None),  # K > N: a usage error
    ],
)  # fmt: skip
def test_history_json_repeat_offenders(runs, rule, expected):
    if expected is None:
        result = CliRunner().invoke(
            main, ["history", "--history", str(runs / "history.sqlite"), "--repeat", rule]
        )
        assert result.exit_code == 2
        return
    document = json.loads(history(runs, "--format", "json", "--repeat", rule))
    assert document["periods"] == MONTHS
    assert document["repeat_offenders"] == expected
    assert document["followup_heeded"] == [
        {"period_label": "2026-10", "followup_period": "2026-09", "cases_listed": 5,
         "resolved_since": 2, "still_open": 3},
        {"period_label": "2026-11", "followup_period": "2026-10", "cases_listed": 5,
         "resolved_since": 1, "still_open": 4},
    ]  # fmt: skip


def test_with_a_window_of_two_periods_no_unit_is_flagged_three_times(runs):
    document = json.loads(history(runs, "--format", "json", "--last", "2", "--repeat", "2/2"))
    assert document["periods"] == ["2026-10", "2026-11"]
    assert [o["unit_id"] for o in document["repeat_offenders"]] == ["xa-cu-mgar"]
    assert document["repeat_offenders"][0]["overdue_cases"] == 4


def test_the_generator_rebuilds_the_committed_files(check_example_builder):
    check_example_builder(EXAMPLE, "build_example_history")


def test_outputs_are_git_ignored():
    assert (EXAMPLE / ".gitignore").read_text(encoding="utf-8").split() == ["out/", ".cache/"]


def test_the_readme_shows_this_history(runs):
    """README's "A history to try" pastes the output of a real run: the same lines, but the
    database's path, printed in full (the README elides the checkout's folder)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## A history to try", 1)[1].splitlines()
    start = section.index("```", section.index("```sh") + 1) + 1  # the block after the commands
    start = section.index("```", start) + 1
    block = section[start : section.index("```", start)]
    lines = history(runs).splitlines()
    assert block[0] == lines[0].replace(str(runs), "…/examples/history/out")
    assert block[1:] == lines[1:]
