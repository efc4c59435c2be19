"""The bundled examples' outputs are byte-for-byte as recorded in tests/data/golden.json.

A change that is meant to alter an output records it anew with ``python3 tools/golden.py
--update`` (and ``--dump DIR`` before and after shows the difference); any other change of an
output is a regression.
"""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("golden", ROOT / "tools" / "golden.py")
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)


def test_outputs_of_both_examples_are_unchanged(tmp_path):
    now = golden.digests(golden.snapshot(golden.run_examples(tmp_path)))
    recorded = json.loads(golden.MANIFEST.read_text(encoding="utf-8"))
    assert golden.differences(recorded, now) == []


def test_a_changed_output_is_named(tmp_path):
    recorded = {"a/x.csv": "1", "a/gone.csv": "2"}
    now = {"a/x.csv": "3", "a/new.csv": "4"}
    assert golden.differences(recorded, now) == [
        "khác: a/x.csv",
        "mất: a/gone.csv",
        "mới: a/new.csv",
    ]


def test_timestamps_are_normalised_away(tmp_path):
    index = tmp_path / "index.csv"
    index.write_text("url,final_url,fetched_at,sha256\nu,file:///a,2026-01-01T00:00:00+07:00,ab\n",
                     encoding="utf-8-sig")  # fmt: skip
    assert golden.normalised(index, "x/evidence/index.csv") == {
        "x/evidence/index.csv": b"url,sha256\nu,ab"
    }
