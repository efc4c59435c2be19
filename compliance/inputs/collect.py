"""Every file of one input read (compliance.read) into one frame, file and row kept."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from compliance.config import Config
from compliance.inputs.paths import display_path, expand_paths
from compliance.read.headers import FieldSpec
from compliance.read.table import Table, read_table


@dataclass
class Loaded:
    """One input after loading: the rows kept, the rows rejected, and what was read."""

    frame: pd.DataFrame
    rejects: pd.DataFrame
    tables: list[Table] = field(default_factory=list)
    skipped: int = 0  # blank, totals and footer rows: not data

    @property
    def files(self) -> list[str]:
        return [str(t.path) for t in self.tables]


def read_all(
    config: Config, patterns: list[str], specs: list[FieldSpec], what: str
) -> tuple[pd.DataFrame, list[Table]]:
    tables, frames = [], []
    for path in expand_paths(config, patterns, what):
        table = read_table(path, specs)
        shown = table.shown = display_path(config, path)
        frame = table.frame
        for spec in specs:
            if spec.name not in frame:
                frame[spec.name] = ""
        frame["_file"] = pd.Categorical.from_codes(
            np.zeros(len(frame), dtype=np.int32), categories=[shown]
        )
        frames.append(frame)
        tables.append(table)
    if not frames:
        return pd.DataFrame(columns=[s.name for s in specs] + ["_row", "_file"]), tables
    categorical = [s.name for s in specs if s.categorical] + ["_file"]
    for frame in frames:
        for col in categorical:
            if not isinstance(frame[col].dtype, pd.CategoricalDtype):  # a column left empty
                frame[col] = frame[col].astype("str").astype("category")
    if len(frames) == 1:
        return frames[0], tables
    from pandas.api.types import union_categoricals

    # Each file's categoricals have their own categories: their codes are merged, not a
    # million cells made text again. The categories come out as pd.concat leaves them when
    # every file has the same ones (the first file's order), else as a categorical of the
    # text would have them (sorted, only those used).
    merged = {}
    for col in categorical:
        parts = [f[col] for f in frames]
        if all(p.dtype == parts[0].dtype for p in parts):
            merged[col] = union_categoricals(parts)
        else:
            merged[col] = union_categoricals(parts, sort_categories=True).remove_unused_categories()
    frame = pd.concat([f.drop(columns=categorical) for f in frames], ignore_index=True)
    for position, col in enumerate(dict.fromkeys(c for f in frames for c in f.columns)):
        if col in merged:
            frame.insert(position, col, merged[col])
    return frame, tables
