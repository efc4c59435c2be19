"""Gap codes (CONTRACT section 5), one row per rule, how units are flagged, and followed up."""

import pandas as pd
import pytest

from compliance.analyse.findings import build_followups, compute_gaps, flag_reasons
from compliance.model import Counts, FlagReason, RunCounts, UnitResult
from compliance.outputs.run_files import FOLLOWUP_EXTRA_COLUMNS, followup_frame

T = pd.Timestamp
PERIOD_END = T("2020-05-14")


def finding(**kw):
    row = {
        "apology": "on_time", "desk_posting": "posted", "web_posting": "verified",
        "result_at": T("2020-05-06 10:00"), "new_due_at": pd.NaT, "n_reschedules": 0,
    }  # fmt: skip
    row.update(kw)
    return row


@pytest.mark.parametrize(
    ("changes", "gaps"),
    [
        ({}, ""),
        ({"apology": "missing", "desk_posting": "not_posted", "web_posting": "not_found"},
         "missing_apology;not_posted_at_desk;not_published_online"),
        ({"apology": "late"}, "late_apology"),
        ({"apology": "undated"}, "undated_apology"),
        ({"web_posting": "unverifiable"}, "online_unverifiable"),
        ({"web_posting": "no_website"}, "no_website"),
        ({"web_posting": "not_checked"}, ""),
        ({"new_due_at": T("2020-05-06")}, ""),  # result on the new day: met
        ({"new_due_at": T("2020-05-05")}, "rescheduled_date_missed"),
        ({"result_at": pd.NaT, "new_due_at": T("2020-05-13")}, "rescheduled_date_missed"),  # open past it
        ({"result_at": pd.NaT, "new_due_at": T("2020-05-14")}, ""),  # due the period's last day: in time
        ({"new_due_at": T("2020-05-20"), "n_reschedules": 2}, "multiple_reschedules"),
        ({"apology": "exempt", "desk_posting": "not_posted", "web_posting": "not_found"}, ""),
    ],
)  # fmt: skip
def test_gaps(changes, gaps):
    frame = pd.DataFrame([finding(**changes)])
    assert compute_gaps(frame, PERIOD_END).iloc[0] == tuple(g for g in gaps.split(";") if g)


def test_flags_count_cases_per_gap_and_ignore_unverifiable_alone():
    findings = pd.DataFrame(
        {
            "unit_id": ["a", "a", "b", "c"],
            "gaps": [
                ("missing_apology", "not_posted_at_desk"),
                ("missing_apology",),
                ("online_unverifiable",),
                (),
            ],
        }
    )
    assert flag_reasons(findings) == {
        "a": (FlagReason("missing_apology", 2), FlagReason("not_posted_at_desk", 1))
    }


def _run_counts(findings: pd.DataFrame) -> RunCounts:
    reasons = flag_reasons(findings)
    units = tuple(
        UnitResult(uid, uid.upper(), "province", Counts(), reasons.get(uid, ()))
        for uid in dict.fromkeys(findings["unit_id"])
    )
    return RunCounts(totals=Counts(), by_level={}, units=units)


UNIT_GAPS = pd.DataFrame(
    {
        "unit_id": ["late", "ours", "ours", "both", "both", "none", "nosite"],
        "case_id": ["L1", "O1", "O2", "B1", "B2", "N1", "S1"],
        "gaps": [
            ("late_apology",),
            ("online_unverifiable",),
            ("online_unverifiable",),
            ("missing_apology", "not_posted_at_desk", "no_website"),
            ("no_website",),
            (),
            ("no_website",),
        ],
    }
)


def test_only_the_units_failures_are_violations_our_check_s_are_requests():
    followups = {f.unit_id: f for f in build_followups(UNIT_GAPS, _run_counts(UNIT_GAPS))}
    assert sorted(followups) == ["both", "late", "nosite", "ours"]  # 'none' has no gap
    assert {uid: f.kind for uid, f in followups.items()} == {
        "late": "violation", "ours": "request", "both": "both", "nosite": "request",
    }  # fmt: skip
    both = followups["both"]
    assert [str(r) for r in both.violations] == ["missing_apology:1", "not_posted_at_desk:1"]
    assert [str(r) for r in both.requests] == ["no_website:2"]
    # online_unverifiable alone flags nobody in summary.json, but the unit is asked for links
    assert followups["ours"].reasons == (FlagReason("online_unverifiable", 2),)
    assert followups["ours"].cases == ("O1", "O2")


def test_followup_csv_keeps_the_contract_columns_and_adds_what_each_letter_is():
    frame = followup_frame(build_followups(UNIT_GAPS, _run_counts(UNIT_GAPS)))
    assert list(frame.columns[:5]) == ["unit_id", "unit_name", "level", "reasons", "cases"]
    assert list(frame.columns[5:]) == FOLLOWUP_EXTRA_COLUMNS
    rows = frame.set_index("unit_id").to_dict("index")
    assert rows["both"]["reasons"] == "missing_apology:1;not_posted_at_desk:1;no_website:2"
    assert rows["both"]["cases"] == "B1;B2"
    assert (rows["both"]["kind"], rows["both"]["violations"], rows["both"]["requests"]) == (
        "both", "missing_apology:1;not_posted_at_desk:1", "no_website:2",
    )  # fmt: skip
    assert rows["both"]["violations_label"] == (
        "Chưa có văn bản xin lỗi: 01 hồ sơ; Chưa niêm yết tại Bộ phận một cửa: 01 hồ sơ"
    )
    assert rows["both"]["requests_label"] == "Đề nghị cung cấp đường dẫn đăng tải: 02 hồ sơ"
    assert rows["both"]["kind_label"] == "Đôn đốc khắc phục và đề nghị cung cấp thông tin"
    assert (rows["ours"]["kind"], rows["ours"]["kind_label"]) == (
        "request", "Đề nghị cung cấp thông tin",
    )  # fmt: skip
    assert (rows["ours"]["violations"], rows["ours"]["violations_label"]) == ("", "")
    assert (rows["late"]["kind"], rows["late"]["requests"]) == ("violation", "")
