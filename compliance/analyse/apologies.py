"""Cross-referencing the apology register against the cases.

A letter is matched to a case by its code: ``exact`` (as typed), then ``normalised``
(equal after :func:`text.normalise_case_code`), then ``fuzzy``: no code matches, but the
applicant's name matches one overdue case of the same unit, uniquely, above a threshold
(rapidfuzz). A code that names another applicant's case while the letter's applicant is that
of one overdue case of the unit is taken for a mistyped code: ``fuzzy`` too, with a note.
Letters that match no case are kept and reported, never dropped.

Then each overdue case gets its apology status (CONTRACT section 5): the earliest dated
letter decides ``on_time`` / ``late``; only undated letters give ``undated``; none gives
``missing``; an exempt case is ``exempt``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from compliance.analyse.units import UnitDirectory
from compliance.calendar.working import WorkingCalendar
from compliance.text import header_key, name_key, unit_code_of


def match_letters(
    letters: pd.DataFrame,
    cases: pd.DataFrame,
    overdue: pd.DataFrame,
    units: UnitDirectory,
    threshold: int = 90,
) -> pd.DataFrame:
    """Add ``matched_key`` (the case's ``case_key``), ``match``, ``match_score``, ``code_key``
    and ``match_note`` to ``letters``.

    ``cases`` holds every case read (any period): ``case_id``, ``case_key`` (and ``applicant``,
    ``unit_id``, to check that a code names the letter's applicant). ``overdue`` holds the
    period's overdue cases: ``case_key``, ``unit_id``, ``applicant`` (and ``case_id``).
    ``code_key`` is set when the letter's code named another case than the one it was matched
    to (a mistyped code that hits another applicant's case, see :func:`_recheck_applicants`);
    ``match_note`` (for the case matched) and ``code_note`` (for the case its code names) then
    say so, naming both codes.
    """
    out = letters.copy()
    out["matched_key"] = ""
    out["match"] = ""
    out["match_score"] = np.nan
    out["code_key"] = ""
    out["match_note"] = ""
    out["code_note"] = ""
    if out.empty:
        return out

    # Only the cases a letter could name are looked at: one hash probe over the case column.
    # (A letter's code typed as in the export has that case's key too: keys are made alike.)
    letter_ids = out["case_id"].astype("str").str.strip()
    relevant = cases["case_key"].isin(out["case_key"])
    extra = [c for c in ("applicant", "unit_id") if c in cases.columns]
    named = cases.loc[relevant, ["case_id", "case_key", *extra]].astype(object)
    exact_map = dict(zip(named["case_id"], named["case_key"], strict=True))
    known_keys = set(named["case_key"])

    exact = letter_ids.map(exact_map)
    has_exact = exact.notna()
    out.loc[has_exact, "matched_key"] = exact[has_exact]
    out.loc[has_exact, "match"] = "exact"

    normalised = ~has_exact & out["case_key"].isin(known_keys)
    out.loc[normalised, "matched_key"] = out.loc[normalised, "case_key"]
    out.loc[normalised, "match"] = "normalised"

    if not len(overdue):
        return out
    namesakes = _Namesakes(overdue, threshold)
    has_applicant = out["applicant"].astype("str").str.strip() != ""
    if len(extra) == 2:
        coded = out.index[out["match"].isin(["exact", "normalised"]) & has_applicant]
        if len(coded):
            _recheck_applicants(out, coded, named, namesakes, units, threshold)
    todo = out.index[(out["match"] == "") & has_applicant]
    if len(todo):
        _fuzzy(out, todo, namesakes, units)
    return out


class _Namesakes:
    """The overdue cases by unit, with their applicants' name keys, for fuzzy matching."""

    def __init__(self, overdue: pd.DataFrame, threshold: int):
        self.overdue = overdue
        self.threshold = threshold
        self._by_unit: dict[str, pd.DataFrame] | None = None

    def by_unit(self) -> dict[str, pd.DataFrame]:
        if self._by_unit is None:  # made only when a letter needs it
            frame = self.overdue.reindex(
                columns=["case_key", "case_id", "unit_id", "applicant"]
            ).astype(object)
            frame["case_id"] = frame["case_id"].fillna(frame["case_key"])
            frame["name_key"] = frame["applicant"].map(_person_key)
            frame = frame[frame["name_key"] != ""]
            self._by_unit = {str(u): part for u, part in frame.groupby("unit_id", sort=False)}
        return self._by_unit

    def unique(self, applicant: object, unit_id: str | None, exclude: str = ""):
        """The one overdue case of ``unit_id`` (other than ``exclude``) whose applicant scores
        ≥ the threshold against ``applicant``, and its score; None when there is none, or more
        than one."""
        pool = self.by_unit().get(unit_id or "")
        if pool is None:
            return None
        pool = pool[pool["case_key"] != exclude]
        if pool.empty:
            return None
        from rapidfuzz import fuzz, process  # only runs that match on names need it

        scores = process.cdist(
            [_person_key(applicant)], pool["name_key"].tolist(), scorer=fuzz.token_sort_ratio
        )[0]
        above = np.flatnonzero(scores >= self.threshold)
        if len(above) != 1:
            return None  # none, or ambiguous: a person must decide
        return pool.iloc[above[0]], float(scores[above[0]])


def _letter_unit(letter: pd.Series, units: UnitDirectory, fallback: str | None) -> str | None:
    """The letter's unit: its Đơn vị cell, else ``fallback``."""
    return units.find_by_name(_cell(letter.get("unit"))) or fallback


def _fuzzy(out: pd.DataFrame, todo: pd.Index, namesakes: _Namesakes, units: UnitDirectory) -> None:
    for idx in todo:
        letter = out.loc[idx]
        # The unit is part of the match: the letter's unit, else the unit of its (mistyped) code.
        unit_id = _letter_unit(
            letter, units, units.find_by_code(unit_code_of(str(letter.get("case_key", "") or "")))
        )
        found = namesakes.unique(letter["applicant"], unit_id)
        if found is not None:
            hit, score = found
            out.loc[idx, ["matched_key", "match", "match_score"]] = [
                hit["case_key"],
                "fuzzy",
                score,
            ]


def same_applicant(a: object, b: object, threshold: int) -> bool | None:
    """Whether two applicants' names are one person's: equal as :func:`text.name_key` (form,
    case, tone placement, apostrophes), or scoring ≥ ``threshold`` with rapidfuzz
    ``token_sort_ratio`` compared without accents (registers often drop them). None when
    either name is empty: no evidence either way."""
    a, b = _cell(a), _cell(b)
    if not a or not b:
        return None
    if name_key(a) == name_key(b):
        return True
    from rapidfuzz import fuzz  # only runs that compare names need it

    return fuzz.token_sort_ratio(_person_key(a), _person_key(b)) >= threshold


def _cell(value: object) -> str:
    return "" if value is None or value is pd.NA or value != value else str(value).strip()


def _recheck_applicants(
    out: pd.DataFrame,
    coded: pd.Index,
    named: pd.DataFrame,
    namesakes: _Namesakes,
    units: UnitDirectory,
    threshold: int,
) -> None:
    """A code can be mistyped into another real case's code (…-0012 for …-0011). When the case
    the code names has an applicant who is clearly not the letter's (:func:`same_applicant`
    False), and exactly one overdue case of the letter's unit (its Đơn vị cell, else the unit of
    the case its code names) has the letter's applicant, the letter goes to that case, as
    ``fuzzy``, with a note naming both codes. Per letter; the cases are looked up, not looped."""
    by_key = named.drop_duplicates("case_key").set_index("case_key")
    overdue_keys = set(namesakes.overdue["case_key"])
    # Column-wise first: letters whose applicant is the named case's (equal name keys) or
    # unknown on either side are settled; only the rest are looked at one by one.
    keys = out.loc[coded, "matched_key"]
    keys = keys[keys.isin(by_key.index)]
    theirs = keys.map(by_key["applicant"]).map(lambda v: name_key(_cell(v)))
    ours = out.loc[keys.index, "applicant"].map(lambda v: name_key(_cell(v)))
    for idx in keys.index[(ours != theirs) & (ours != "") & (theirs != "")]:
        letter = out.loc[idx]
        key = letter["matched_key"]
        if key not in by_key.index:
            continue
        case = by_key.loc[key]
        if same_applicant(letter["applicant"], case["applicant"], threshold) is not False:
            continue
        unit_id = _letter_unit(letter, units, _cell(case["unit_id"]) or None)
        found = namesakes.unique(letter["applicant"], unit_id, exclude=key)
        if found is None:
            continue
        hit, score = found
        number = _cell(letter.get("letter_no"))
        what = f"Văn bản số {number}" if number else "Văn bản xin lỗi"
        status = "cũng quá hạn" if key in overdue_keys else "không quá hạn"
        note = (
            f"{what} ghi mã {_cell(letter['case_id'])} (hồ sơ của người nộp khác, {status}); "
            f"đã ghép với hồ sơ {hit['case_id']} theo tên người nộp và đơn vị: cần kiểm tra lại"
        )
        code_note = (
            f"{what} ghi mã hồ sơ này nhưng tên người nộp là của hồ sơ {hit['case_id']}: "
            "đã ghép với hồ sơ đó, cần kiểm tra lại"
        )
        out.loc[idx, ["matched_key", "match", "match_score", "code_key"]] = [
            hit["case_key"], "fuzzy", score, key,
        ]  # fmt: skip
        out.loc[idx, ["match_note", "code_note"]] = [note, code_note]


def _person_key(value: object) -> str:
    """Names compared without accents: registers often type them without diacritics."""
    return header_key(str(value or "").replace("’", "").replace("'", ""))


def assess_apologies(
    overdue: pd.DataFrame,
    letters: pd.DataFrame,
    calendar: WorkingCalendar,
    lead_working_days: int,
) -> pd.DataFrame:
    """Per overdue case: the deciding letter, apology status, desk posting, re-appointments,
    and ``letter_note`` (a letter matched despite its code, to check; see :func:`match_letters`).

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
    result["letter_note"] = keys.map(_letter_notes(letters)).astype(object).fillna("").to_numpy()
    return result


def _letter_notes(letters: pd.DataFrame) -> pd.Series:
    """case key → what its letters' matching asks a person to check ('; '-joined)."""
    parts = [
        letters.loc[letters[note] != "", [key, note]].set_axis(["key", "note"], axis=1)
        for key, note in (("matched_key", "match_note"), ("code_key", "code_note"))
        if note in letters.columns
    ]
    notes = pd.concat(parts) if parts else pd.DataFrame(columns=["key", "note"])
    if notes.empty:
        return pd.Series(dtype=object)
    return notes.groupby("key", sort=False)["note"].agg("; ".join)


#: The columns of the counted cases that the counts need (compliance.analyse.findings.unit_counts).
COUNT_COLUMNS = ["unit_id", "state", "exempt", "received_in_period", "carried_over", "channel_kind"]


def cross_reference(
    classified: pd.DataFrame, letters: pd.DataFrame, units: UnitDirectory, fuzzy_threshold: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The counted cases, the overdue ones, and the register's letters matched to cases."""
    counted_mask = classified["counted"].to_numpy(dtype=bool)
    late = classified["state"].isin(["resolved_late", "pending_overdue"]).to_numpy(dtype=bool)
    overdue = classified.loc[counted_mask & late].copy()
    # Only the columns the counts need: copying a million rows of text would cost more than counting.
    counted = classified.loc[counted_mask, COUNT_COLUMNS]
    matched = match_letters(letters, classified, overdue, units, fuzzy_threshold)
    matched["matched_case_id"] = (
        matched["matched_key"].map(case_ids_of(classified, matched["matched_key"])).fillna("")
    )
    return counted, overdue, matched


def case_ids_of(classified: pd.DataFrame, keys: pd.Series) -> dict[str, str]:
    """case_key → case_id as typed in the export, for a few keys (without indexing every case)."""
    part = classified.loc[classified["case_key"].isin(keys), ["case_key", "case_id"]].astype(object)
    return dict(zip(part["case_key"], part["case_id"], strict=True))
