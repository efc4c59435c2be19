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
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Per overdue case (``web_posting``, ``web_evidence_url``, ``note``), the per-unit web
    results and the evidence index: the real check, or ``not_checked`` / ``no_website``
    without it."""
    keys = overdue["case_key"]
    if web and len(overdue):
        from compliance.web import check_publication

        letters = matched.loc[matched["matched_key"].isin(set(keys)), ["matched_key", "web_url"]]
        letters = letters.rename(columns={"matched_key": "case_key"})
        checked = check_publication(
            config,
            overdue[["case_id", "case_key", "unit_id"]],
            letters,
            evidence_dir,
            offline=offline,
            progress=progress,
        )
        by_key = checked.cases.drop_duplicates("case_key").set_index("case_key")
        frame = by_key.reindex(keys.values)[["web_posting", "web_evidence_url", "note"]]
        frame.index = overdue.index
        return frame.fillna(""), checked.units, checked.evidence
    has_site = {u.id for u in config.units if u.website}
    status = np.where(overdue["unit_id"].isin(has_site), "not_checked", "no_website")
    frame = pd.DataFrame(
        {"web_posting": status, "web_evidence_url": "", "note": ""}, index=overdue.index
    )
    return frame, pd.DataFrame(), pd.DataFrame(columns=EVIDENCE_COLUMNS)


def joined_notes(first: pd.Series, second: pd.Series) -> pd.Series:
    """Two columns of notes, '; '-joined where both have one."""
    both = (first != "") & (second != "")
    return (first + np.where(both, "; ", "") + second).astype(object)
