"""Human-facing outputs of a run: the HTML and XLSX reports, and the letter drafts beside them.

``view``, ``sentences`` and ``labels`` turn a :class:`~compliance.model.RunResult` into Vietnamese
sentences, figures and rows; ``html`` and ``xlsx`` only lay those out; ``letters`` and ``followup`` draft the letters.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from compliance.model import RunResult

log = logging.getLogger(__name__)


def render_all(
    result: RunResult, *, mask_names: bool = False, parallel: bool | None = None
) -> None:
    """Write report.html, report.xlsx, letters/ and followup/ into ``result.out_dir``.

    The letter drafts are written by a forked copy of this process while this one writes the
    reports, when that pays (``parallel`` None: on Linux, with more than one core and a few
    dozen letters). A failure there is raised here; a copy that dies drafts nothing, and the
    letters are then drafted here.
    """
    # Imported here so that ``compliance.render.labels`` stays light for its other users.
    from compliance.render.html import write_report_html
    from compliance.render.xlsx import write_report_xlsx

    if result.out_dir is None:
        raise ValueError("render_all needs result.out_dir (the run's output folder)")
    out = Path(result.out_dir)

    def reports() -> None:
        write_report_html(result, out / "report.html", mask_names=mask_names)
        write_report_xlsx(result, out / "report.xlsx", mask_names=mask_names)

    def letters() -> None:
        # Imported where the letters are drafted: docxtpl and python-docx load in that process.
        from compliance.render.followup import draft_followup_letters
        from compliance.render.letters import draft_apology_letters

        draft_apology_letters(result, out / "letters", mask_names=mask_names)
        draft_followup_letters(result, out / "followup", mask_names=mask_names)

    if parallel is None:
        parallel = _fork_pays(result)
    if not parallel:
        reports()
        letters()
        return
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        _FORKED[0] = letters  # read by the forked process, which shares this memory
        try:
            drafted = pool.submit(_run_forked)
        finally:
            _FORKED[0] = None
        reports()
        try:
            drafted.result()
        except BrokenProcessPool:
            log.warning("the process drafting the letters stopped; drafting them here")
            letters()


#: What the forked process runs (a closure cannot be pickled; a forked copy needs none).
_FORKED: list[Callable[[], None] | None] = [None]
_FORK_MIN_LETTERS = 40


def _run_forked() -> None:
    job = _FORKED[0]
    if job is None:
        raise RuntimeError("no job for the forked process")
    job()


def _fork_pays(result: RunResult) -> bool:
    """Fork only on Linux (elsewhere fork is missing or unsafe), with cores and letters to spare."""
    if sys.platform != "linux" or (os.cpu_count() or 1) < 2:
        return False
    findings = result.findings
    missing = (
        0
        if findings is None or "apology" not in findings
        else int((findings["apology"] == "missing").sum())
    )
    return missing + len(result.followups) >= _FORK_MIN_LETTERS
