"""Cross-referencing the apology register against the cases.

A letter is matched to a case by its code: ``exact`` (as typed), then ``normalised``
(equal after :func:`text.normalise_case_code`), then ``fuzzy``: no code matches, but the
applicant's name matches one overdue case of the same unit, uniquely, above a threshold
(rapidfuzz). Letters that match no case are kept and reported, never dropped.

Then each overdue case gets its apology status (CONTRACT section 5): the earliest dated
letter decides ``on_time`` / ``late``; only undated letters give ``undated``; none gives
``missing``; an exempt case is ``exempt``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from compliance.calendar import WorkingCalendar
from compliance.readers import header_key
from compliance.text import unit_code_of
from compliance.units import UnitDirectory


def match_letters(
    letters: pd.DataFrame,
    cases: pd.DataFrame,
    overdue: pd.DataFrame,
    units: UnitDirectory,
    threshold: int = 90,
) -> pd.DataFrame:
    """Add ``matched_key`` (the case's ``case_key``), ``match`` and ``match_score`` to ``letters``.

    ``cases`` holds every case read (any period): ``case_id``, ``case_key``.
    ``overdue`` holds the period's overdue cases: ``case_key``, ``unit_id``, ``applicant``.
    """
    out = letters.copy()
    out["matched_key"] = ""
    out["match"] = ""
    out["match_score"] = np.nan
    if out.empty:
        return out

    # Only the cases a letter could name are looked at: one hash probe over the case column.
    # (A letter's code typed as in the export has that case's key too: keys are made alike.)
    letter_ids = out["case_id"].astype("str").str.strip()
    relevant = cases["case_key"].isin(out["case_key"])
    named = cases.loc[relevant, ["case_id", "case_key"]].astype(object)
    exact_map = dict(zip(named["case_id"], named["case_key"], strict=True))
    known_keys = set(named["case_key"])

    exact = letter_ids.map(exact_map)
    has_exact = exact.notna()
    out.loc[has_exact, "matched_key"] = exact[has_exact]
    out.loc[has_exact, "match"] = "exact"

    normalised = ~has_exact & out["case_key"].isin(known_keys)
    out.loc[normalised, "matched_key"] = out.loc[normalised, "case_key"]
    out.loc[normalised, "match"] = "normalised"

    todo = out.index[(out["match"] == "") & (out["applicant"].astype("str").str.strip() != "")]
    if len(todo) and len(overdue):
        _fuzzy(out, todo, overdue, units, threshold)
    return out


def _fuzzy(
    out: pd.DataFrame, todo: pd.Index, overdue: pd.DataFrame, units: UnitDirectory, threshold: int
) -> None:
    candidates = overdue[["case_key", "unit_id", "applicant"]].copy()
    candidates["name_key"] = candidates["applicant"].map(_person_key)
    candidates = candidates[candidates["name_key"] != ""]
    for idx in todo:
        letter = out.loc[idx]
        # The unit is part of the match: the letter's unit, else the unit of its (mistyped) code.
        unit_id = units.find_by_name(str(letter.get("unit", "") or "")) or units.find_by_code(
            unit_code_of(str(letter.get("case_key", "") or ""))
        )
        pool = (
            candidates[candidates["unit_id"].astype(object) == unit_id]
            if unit_id
            else candidates.iloc[:0]
        )
        if pool.empty:
            continue
        scores = process.cdist(
            [_person_key(letter["applicant"])],
            pool["name_key"].tolist(),
            scorer=fuzz.token_sort_ratio,
        )[0]
        above = np.flatnonzero(scores >= threshold)
        if len(above) != 1:
            continue  # none, or ambiguous: a person must decide
        hit = pool.iloc[above[0]]
        out.loc[idx, ["matched_key", "match", "match_score"]] = [
            hit["case_key"],
            "fuzzy",
            float(scores[above[0]]),
        ]


def _person_key(value: object) -> str:
    """Names compared without accents: registers often type them without diacritics."""
    return header_key(str(value or "").replace("’", "").replace("'", ""))


def assess_apologies(
    overdue: pd.DataFrame,
    letters: pd.DataFrame,
    calendar: WorkingCalendar,
    lead_working_days: int,
) -> pd.DataFrame:
    """Per overdue case: the deciding letter, apology status, desk posting and re-appointments.

    ``overdue`` has ``case_key``, ``due_at_ts``, ``exempt``; ``letters`` comes from
    :func:`match_letters`. Returns a frame indexed like ``overdue``.
    """
    result = pd.DataFrame(index=overdue.index)
    matched = letters[letters["matched_key"].isin(set(overdue["case_key"]))].copy()

    deadline = pd.Series(
        calendar.working_days_before(overdue["due_at_ts"], lead_working_days), index=overdue.index
    )
    result["apology_deadline"] = pd.to_datetime(deadline)

    if matched.empty:
        decisive = pd.DataFrame(columns=["matched_key", "letter_no", "issued_on_ts", "match"])
        per_case = pd.DataFrame(
            columns=["n_letters", "posted", "latest_new_due", "n_reschedules", "web_urls"]
        )
    else:
        # earliest dated letter first; undated ones last
        matched["_undated"] = matched["issued_on_ts"].isna()
        matched = matched.sort_values(["matched_key", "_undated", "issued_on_ts", "_file", "_row"])
        decisive = matched.drop_duplicates("matched_key", keep="first").set_index("matched_key")
        grouped = matched.groupby("matched_key")
        per_case = pd.DataFrame(
            {
                "n_letters": grouped.size(),
                "posted": grouped["posted_at_desk"].any(),
                "latest_new_due": grouped["new_due_at_ts"].max(),
                "n_reschedules": grouped["new_due_at_ts"].count(),
                "web_urls": grouped["web_url"].agg(lambda s: [u for u in s if str(u).strip()]),
            }
        )

    keys = overdue["case_key"]
    dec = (
        decisive.reindex(keys.values)
        if len(decisive)
        else pd.DataFrame(index=keys.values, columns=["letter_no", "issued_on_ts", "match"])
    )
    agg = per_case.reindex(keys.values)

    issued = pd.to_datetime(dec["issued_on_ts"].to_numpy())
    has_letter = agg["n_letters"].fillna(0).to_numpy() > 0
    dated = ~pd.isna(issued)
    on_time = dated & (issued.normalize() <= pd.to_datetime(deadline.to_numpy()).normalize())

    apology = np.select(
        [overdue["exempt"].to_numpy(), ~has_letter, ~dated, on_time],
        ["exempt", "missing", "undated", "on_time"],
        default="late",
    )
    result["apology"] = apology
    result["letter_no"] = np.where(
        has_letter, dec["letter_no"].fillna("").astype(str).to_numpy(), ""
    )
    result["letter_issued_on"] = issued
    result["letter_match"] = np.where(
        has_letter, dec["match"].fillna("").astype(str).to_numpy(), ""
    )
    result["desk_posting"] = np.where(
        agg["posted"].fillna(False).astype(bool).to_numpy(), "posted", "not_posted"
    )
    result["new_due_at"] = pd.to_datetime(agg["latest_new_due"].to_numpy())
    result["n_reschedules"] = agg["n_reschedules"].fillna(0).astype(int).to_numpy()
    result["letter_web_urls"] = [
        u if isinstance(u, list) else [] for u in agg["web_urls"].to_numpy()
    ]
    return result
