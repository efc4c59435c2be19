"""render_all: every human-facing output of a run lands in the run's folder."""

from __future__ import annotations

import pytest

from compliance.render import render_all


def test_render_all_writes_reports_and_drafts(result, tmp_path):
    result.out_dir = tmp_path / "out" / "2020-05"
    render_all(result)
    names = {p.relative_to(result.out_dir).parts[0] for p in result.out_dir.rglob("*")}
    assert {"report.html", "report.xlsx", "letters", "followup"} <= names
    assert list(result.out_dir.rglob("*.docx"))


def test_render_all_needs_an_output_folder(result):
    with pytest.raises(ValueError, match="out_dir"):
        render_all(result)
