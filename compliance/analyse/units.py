"""The unit directory: configured units, and units created for names the config does not know.

A case's unit is found by its unit name (or an alias), compared with :func:`text.name_key`,
or — when the unit column is empty or missing — by the unit-code prefix of its case code
(``000.00.20.H16-200515-0001`` → unit code ``000.00.20.H16``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from compliance.config import Config
from compliance.text import CASE_KEY_PARTS, blank_cells, clean_text, fold, header_key, name_key

_LEVEL_WORDS = {
    "province": ("cap tinh", "tinh", "province", "so", "ban", "cap so"),
    "district": ("cap huyen", "huyen", "district", "cap quan", "quan"),
    "commune": ("cap xa", "xa", "commune", "phuong", "thi tran"),
}


def level_from_text(value: str) -> str | None:
    """'Cấp tỉnh' / 'Huyện' / 'xã' … → province / district / commune (None when unknown)."""
    key = header_key(value)
    for level, words in _LEVEL_WORDS.items():
        if key in words:
            return level
    return None


def guess_level(name: str) -> str:
    """Level of an unknown unit from its name: xã/phường/thị trấn, huyện/thị xã/thành phố, else province."""
    key = header_key(name)
    key = re.sub(r"^(ubnd|uy ban nhan dan)\s+", "", key)
    if key.startswith(("xa ", "phuong ", "thi tran ")):
        return "commune"
    if key.startswith(("huyen ", "thi xa ", "thanh pho ", "tp ", "tx ", "quan ")):
        return "district"
    return "province"


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:60] or "don-vi"


@dataclass
class UnitDirectory:
    """Every unit of a run: id → name, level, parent, code; and the lookups to find them."""

    config: Config
    by_key: dict[str, str] = field(default_factory=dict)
    by_code: dict[str, str] = field(default_factory=dict)
    rows: dict[str, dict] = field(default_factory=dict)
    created: dict[str, dict] = field(
        default_factory=dict
    )  # id → {"name", "cases"} for unknown names

    @classmethod
    def from_config(cls, config: Config) -> UnitDirectory:
        directory = cls(config)
        for unit in config.units:
            directory.rows[unit.id] = {
                "unit_id": unit.id,
                "unit_name": clean_text(unit.name),
                "level": unit.level,
                "parent": unit.parent or "",
                "code": (unit.code or "").upper(),
                "configured": True,
                "succeeded_by": unit.succeeded_by or "",
            }
            for name in [unit.name, *unit.aliases]:
                directory.by_key.setdefault(name_key(clean_text(name)), unit.id)
            if unit.code:
                directory.by_code[unit.code.strip().upper()] = unit.id
        return directory

    def find_by_name(self, name: str) -> str | None:
        return self.by_key.get(name_key(clean_text(name))) if name else None

    def find_by_code(self, unit_code: str) -> str | None:
        """Unit for a case-code prefix: exact, or a configured code that ends the prefix (short forms)."""
        if not unit_code:
            return None
        if unit_code in self.by_code:
            return self.by_code[unit_code]
        for code, uid in self.by_code.items():
            if unit_code.endswith("." + code) or code.endswith("." + unit_code):
                return uid
        return None

    def create(self, name: str, level: str | None) -> str:
        """A unit for a name the config does not know (reported as a warning)."""
        name = clean_text(name)
        base = "khac-" + slugify(name)
        uid, n = base, 2
        while uid in self.rows:
            uid, n = f"{base}-{n}", n + 1
        self.rows[uid] = {
            "unit_id": uid,
            "unit_name": name,
            "level": level or guess_level(name),
            "parent": "",
            "code": "",
            "configured": False,
            "succeeded_by": "",
        }
        self.by_key[name_key(name)] = uid
        self.created[uid] = {"name": name, "unit_id": uid, "cases": 0}
        return uid

    def resolve(
        self, names: pd.Series, unit_codes: pd.Series, levels: pd.Series | None = None
    ) -> pd.Series:
        """Unit id for every case: by name, else by case-code prefix, else a created unit; '' if none.

        Work is done once per distinct name or prefix; the result is categorical.
        """
        if isinstance(names.dtype, pd.CategoricalDtype):  # the usual case: a few hundred names
            name_codes = names.cat.codes.to_numpy()
            name_uniques = [str(v) for v in names.cat.categories]
        else:
            name_codes, name_uniques = pd.factorize(names.fillna(""))
        # Only names that some row carries: a category left by a rejected row (a footer line,
        # a shifted cell) never becomes a unit.
        used = np.bincount(name_codes[name_codes >= 0], minlength=len(name_uniques)) > 0
        ids_for_names = []
        for i, name in enumerate(name_uniques):
            if not used[i]:
                ids_for_names.append("")
                continue
            uid = self.find_by_name(name) if name else ""
            if name and uid is None:
                level = None
                if levels is not None:
                    first = int(np.argmax(name_codes == i))
                    level = level_from_text(str(levels.iloc[first] or ""))
                uid = self.create(name, level)
            ids_for_names.append(uid or "")
        name_ids = ids_for_names + [""]  # the last for a missing name (code -1)
        missing = (np.asarray(name_ids, dtype=object) == "")[name_codes]
        prefix_codes, prefix_ids = np.zeros(0, dtype=np.intp), [""]
        if missing.any():
            prefix_codes, code_uniques = pd.factorize(unit_codes[missing].fillna(""))
            prefix_ids = [self.find_by_code(c) or "" for c in code_uniques] + [""]
        # Built from codes: a million unit ids are never made into Python strings.
        categories = sorted(set(name_ids) | set(prefix_ids))
        position = {uid: i for i, uid in enumerate(categories)}
        codes = np.asarray([position[uid] for uid in name_ids], dtype=np.int32)[name_codes]
        codes[missing] = np.asarray([position[uid] for uid in prefix_ids], dtype=np.int32)[
            prefix_codes
        ]
        return pd.Series(pd.Categorical.from_codes(codes, categories), index=names.index)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            list(self.rows.values()),
            columns=[
                "unit_id",
                "unit_name",
                "level",
                "parent",
                "code",
                "configured",
                "succeeded_by",
            ],
        )


def assign_units(frame: pd.DataFrame, units: UnitDirectory) -> tuple[pd.DataFrame, pd.Series]:
    """Each case's unit (``unit_id``, ``unit_name``, ``level_name``), from its unit name or, when
    that is blank, its case code's unit-code prefix; units are created for unknown names.

    Returns the cases whose unit was found and the mask (over ``frame``) of those it was not.
    """
    no_name = blank_cells(frame["unit"])
    prefixes = pd.Series("", index=frame.index, dtype=object)
    if no_name.any():
        prefixes[no_name] = frame.loc[no_name, "case_key"].str.extract(CASE_KEY_PARTS)[0].fillna("")
    frame["unit_id"] = units.resolve(frame["unit"], prefixes, frame["level"])
    unknown = frame["unit_id"] == ""
    found = frame[~unknown].copy() if unknown.any() else frame
    unit_rows = units.frame().set_index("unit_id")
    found["unit_name"] = found["unit_id"].map(unit_rows["unit_name"])
    found["level_name"] = found["unit_id"].map(unit_rows["level"])
    created = found.loc[
        ~found["unit_id"].map(unit_rows["configured"]).astype(bool), "unit_id"
    ].value_counts()
    for uid, n in created[created > 0].items():
        units.created[uid]["cases"] = int(n)
    return found, unknown
