"""The catalogue of codes: the contract's vocabularies, each code worded once."""

import itertools

import pandas as pd
import pytest

from compliance import codes
from compliance.analyse.findings import FLAGGING_GAPS, compute_gaps
from compliance.model import FINDINGS_COLUMNS

#: CONTRACT section 5, as the contract lists each column's codes (gaps in their order).
CONTRACT = {
    "gap": [
        "missing_apology", "late_apology", "undated_apology", "not_posted_at_desk",
        "not_published_online", "online_unverifiable", "no_website",
        "rescheduled_date_missed", "multiple_reschedules",
    ],
    "overdue_kind": ["resolved_late", "pending_overdue"],
    "letter_match": ["exact", "normalised", "fuzzy"],
    "apology": ["on_time", "late", "undated", "missing", "exempt"],
    "desk": ["posted", "not_posted"],
    "web": ["verified", "not_found", "unverifiable", "no_website", "not_checked"],
}  # fmt: skip

#: findings.csv column → the family of its codes
COLUMN_FAMILY = {
    "overdue_kind": "overdue_kind",
    "letter_match": "letter_match",
    "apology": "apology",
    "desk_posting": "desk",
    "web_posting": "web",
    "gaps": "gap",
}

ENTRIES = [(family, entry) for family, entries in codes.FAMILIES.items() for entry in entries]


def test_gap_codes_are_the_contracts_in_order():
    assert list(codes.GAP_CODES) == CONTRACT["gap"]
    assert list(codes.codes("gap")) == CONTRACT["gap"]


@pytest.mark.parametrize(("family", "expected"), CONTRACT.items())
def test_each_family_holds_the_contracts_codes(family, expected):
    assert list(codes.codes(family)) == expected


@pytest.mark.parametrize(("column", "family"), COLUMN_FAMILY.items())
def test_every_coded_findings_column_has_a_family(column, family):
    assert column in FINDINGS_COLUMNS
    assert family in codes.FAMILIES


@pytest.mark.parametrize(("family", "entry"), ENTRIES, ids=lambda v: getattr(v, "code", v))
def test_every_label_is_worded(family, entry):
    for text in (entry.vi, entry.en):
        assert text.strip() and text != entry.code
    assert codes.label(family, entry.code) == entry.vi
    assert entry.severity in codes.SEVERITIES
    if entry.severity in ("warning", "error"):
        assert entry.fault in codes.FAULTS
    else:
        assert entry.fault == ""


@pytest.mark.parametrize("gap", codes.GAPS, ids=lambda g: g.code)
def test_every_gap_has_a_fault_a_phrase_and_an_action(gap):
    assert gap.fault in ("unit", "checker")
    assert gap.phrase.strip() and gap.phrase != gap.code
    assert gap.action.strip()


@pytest.mark.parametrize(
    ("code", "fault"),
    [("missing_apology", "unit"), ("online_unverifiable", "checker"), ("no_website", "checker")],
)
def test_whose_fault(code, fault):
    assert codes.get("gap", code).fault == fault


def test_only_online_unverifiable_never_flags_a_unit():
    assert FLAGGING_GAPS == [g for g in CONTRACT["gap"] if g != "online_unverifiable"]


def test_unknown_codes_are_shown_as_they_are():
    assert codes.label("web", "future_status") == "future_status"
    assert codes.label("gap", "") == ""
    assert codes.phrase("gap", "future_gap") == "future_gap"
    assert codes.get("apology", "future") is None


def test_every_gap_the_findings_can_give_has_a_label():
    """Every combination of statuses through compute_gaps: each gap it gives is catalogued."""
    rows = [
        {
            "apology": apology, "desk_posting": desk, "web_posting": web,
            "result_at": pd.Timestamp("2020-05-06 10:00"),
            "new_due_at": pd.Timestamp("2020-05-01") if n > 0 else pd.NaT, "n_reschedules": n,
        }
        for apology, desk, web, n in itertools.product(
            CONTRACT["apology"], CONTRACT["desk"], CONTRACT["web"], (0, 1, 2)
        )
    ]  # fmt: skip
    gaps = compute_gaps(pd.DataFrame(rows), pd.Timestamp("2020-05-14"))
    given = {g for codes_ in gaps for g in codes_}
    assert given == set(CONTRACT["gap"])
    assert all(codes.label("gap", g) != g for g in given)


def test_the_warnings_family_is_summary_json_s_warnings_in_order():
    from dataclasses import fields

    from compliance.model import RunWarnings

    assert list(codes.codes("warning")) == [f.name for f in fields(RunWarnings)]


@pytest.mark.parametrize(
    "code", ["unknown_unit", "letter_without_case", "exemption_without_case", "duplicate_exemption"]
)
def test_fixed_reject_reasons_are_worded_in_the_catalogue(code):
    assert codes.phrase("reject", code) != code
