"""Each overdue case's web status: the website check's verdict, or why there was none."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from compliance.config import Config
from compliance.model import EVIDENCE_COLUMNS


def web_status(
    config: Config,
    overdue: pd.DataFrame,
    matched: pd.DataFrame,
    evidence_dir: Path,
    *,
    web: bool,
    offline: bool,
    progress: bool,
    also: pd.DataFrame | None = None,
    register: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, set[str]]:
    """Per overdue case (``web_posting``, ``web_evidence_url``, ``note``), the per-unit web
    results and the evidence index: the real check, or ``not_checked`` / ``no_website``
    without it. ``also``: more cases to look for (``case_id, case_key, unit_id``: last period's
    follow-ups), with their letters' URLs from ``register``; the last item is those of their
    keys that were found published."""
    keys = overdue["case_key"]
    extra = _extra_cases(also, set(keys))
    if web and len(overdue) + len(extra):
        from compliance.web import check_publication

        letters = matched.loc[matched["matched_key"].isin(set(keys)), ["matched_key", "web_url"]]
        letters = letters.rename(columns={"matched_key": "case_key"})
        if len(extra) and register is not None:
            own = register.loc[
                register["case_key"].isin(set(extra["case_key"])), ["case_key", "web_url"]
            ]
            letters = pd.concat([letters, own], ignore_index=True)
        cases = pd.concat([overdue[["case_id", "case_key", "unit_id"]], extra], ignore_index=True)
        checked = check_publication(
            config, cases, letters, evidence_dir, offline=offline, progress=progress
        )
        by_key = checked.cases.drop_duplicates("case_key").set_index("case_key")
        frame = by_key.reindex(keys.values)[["web_posting", "web_evidence_url", "note"]]
        frame.index = overdue.index
        wanted = set(also["case_key"]) if also is not None else set()
        found = set(by_key.index[by_key["web_posting"] == "verified"]) & wanted
        return frame.fillna(""), checked.units, checked.evidence, found
    has_site = {u.id for u in config.units if u.website}
    status = np.where(overdue["unit_id"].isin(has_site), "not_checked", "no_website")
    frame = pd.DataFrame(
        {"web_posting": status, "web_evidence_url": "", "note": ""}, index=overdue.index
    )
    return frame, pd.DataFrame(), pd.DataFrame(columns=EVIDENCE_COLUMNS), set()


def _extra_cases(also: pd.DataFrame | None, known: set[str]) -> pd.DataFrame:
    """The cases of ``also`` that are not among ``known`` (checked already as overdue cases)."""
    if also is None or also.empty:
        return pd.DataFrame(columns=["case_id", "case_key", "unit_id"])
    return also[~also["case_key"].isin(known)]


def joined_notes(first: pd.Series, second: pd.Series) -> pd.Series:
    """Two columns of notes, '; '-joined where both have one."""
    both = (first != "") & (second != "")
    return (first + np.where(both, "; ", "") + second).astype(object)
