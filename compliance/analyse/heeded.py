"""Were last period's follow-ups heeded: the cases they listed, checked against this run's letters."""

from __future__ import annotations

import pandas as pd

from compliance.history.records import FollowupsHeeded, HeededCase
from compliance.read.kernels import normalise_case_codes_fast


def earlier_cases(earlier: pd.DataFrame) -> pd.DataFrame:
    """The listed cases as the web check takes them: ``case_id, case_key, unit_id``."""
    cases = earlier[["case_id", "unit_id"]].copy()
    cases["case_key"] = normalise_case_codes_fast(cases["case_id"].astype(str))
    return cases.drop_duplicates("case_key")[["case_id", "case_key", "unit_id"]]


def assess_heeded(
    earlier: pd.DataFrame,
    register: pd.DataFrame,
    published: set[str],
    *,
    web_checked: bool,
) -> FollowupsHeeded | None:
    """Each case of ``earlier`` (history.query.EARLIER_COLUMNS) with what the register holds for
    it now (a letter, a desk posting) and whether this run's web check found it (``published``:
    the case keys verified). None when there were no earlier follow-ups."""
    if earlier.empty:
        return None
    cases = earlier_cases(earlier)
    letters = register[register["case_key"].isin(set(cases["case_key"]))]
    with_letter = set(letters["case_key"])
    posted = set(letters.loc[letters["posted_at_desk"].astype(bool), "case_key"])
    return FollowupsHeeded(
        period_label=str(earlier["period_label"].iloc[0]),
        cases=tuple(
            HeededCase(
                unit_id=str(unit_id),
                case_id=str(case_id),
                apology=key in with_letter,
                posted=key in posted,
                published=key in published,
            )
            for case_id, key, unit_id in zip(
                cases["case_id"], cases["case_key"], cases["unit_id"], strict=True
            )
        ),
        unit_names=dict(zip(earlier["unit_id"], earlier["unit_name"], strict=False)),
        web_checked=web_checked,
    )
