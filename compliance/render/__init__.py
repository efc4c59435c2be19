"""Human-facing outputs of a run: the HTML and XLSX reports, and the letter drafts beside them.

``common`` turns a :class:`~compliance.model.RunResult` into Vietnamese sentences, figures and
rows; ``html`` and ``xlsx`` only lay those out; ``letters`` and ``followup`` draft the letters.
"""

from __future__ import annotations

from pathlib import Path

from compliance.model import RunResult


def render_all(result: RunResult, *, mask_names: bool = False) -> None:
    """Write report.html, report.xlsx, letters/ and followup/ into ``result.out_dir``."""
    # Imported here so that ``compliance.render.common`` stays light for its other users.
    from compliance.render.followup import draft_followup_letters
    from compliance.render.html import write_report_html
    from compliance.render.letters import draft_apology_letters
    from compliance.render.xlsx import write_report_xlsx

    if result.out_dir is None:
        raise ValueError("render_all needs result.out_dir (the run's output folder)")
    out = Path(result.out_dir)
    write_report_html(result, out / "report.html", mask_names=mask_names)
    write_report_xlsx(result, out / "report.xlsx", mask_names=mask_names)
    draft_apology_letters(result, out / "letters", mask_names=mask_names)
    draft_followup_letters(result, out / "followup", mask_names=mask_names)
