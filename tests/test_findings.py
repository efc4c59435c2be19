"""Gap codes (CONTRACT section 5), one row per rule, and how units are flagged."""

import pandas as pd
import pytest

from compliance.analyse.findings import compute_gaps, flag_reasons
from compliance.model import FlagReason

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
