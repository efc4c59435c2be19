"""report.html: the readable report of a run, one self-contained Vietnamese HTML file.

The layout is the Jinja template ``report.html.j2``. A copy in ``<config folder>/templates/``
overrides the packaged default (the package ``compliance.templates``, the repository's
``templates/``), so an office can restyle its report without touching the code. Autoescaping is
on: every value from the data is shown as text.
The page carries a Content-Security-Policy that allows only its own inline CSS and the inline
scripts it was rendered with (by hash), so nothing is loaded from outside.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from pathlib import Path

import jinja2

from compliance import __version__
from compliance.config import Config
from compliance.errors import ConfigError
from compliance.formatting import vn_int
from compliance.model import RESOLUTION_TOTAL_ID, RunCounts, RunResult, RunWarnings
from compliance.outputs.files import write_text
from compliance.render import labels, sentences, view
from compliance.render.trend import trend_context

TEMPLATE_NAME = "report.html.j2"
#: The package holding the default templates (setup.cfg maps it to the repository's templates/).
TEMPLATES_PACKAGE = "compliance.templates"
#: Placeholder in the template's CSP that receives the hashes of its inline scripts.
SCRIPT_HASHES = "__SCRIPT_HASHES__"
#: Rows of rejects listed in the report (the full list is rejects.csv).
MAX_REJECT_ROWS = 1000
#: Units shown in the per-unit chart (the lowest rates first).
MAX_CHART_UNITS = 30

_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_BAR_AREA = 360  # px width of a full bar in the charts
_ROW_HEIGHT = 18
_GROUP_GAP = 10


def write_report_html(result: RunResult, path: Path, *, mask_names: bool = False) -> None:
    """Write report.html for ``result`` atomically; ``mask_names`` masks applicants' names."""
    write_text(Path(path), render_report_html(result, mask_names=mask_names))


def render_report_html(result: RunResult, *, mask_names: bool = False) -> str:
    """The report as an HTML string."""
    template = load_template(result.config)
    try:
        html = template.render(**report_context(result, mask_names=mask_names))
    except jinja2.TemplateError as exc:
        raise _template_error(template.filename, exc) from None
    # NFC before hashing: the file is written in NFC, and the hashes must match its scripts.
    return with_script_hashes(unicodedata.normalize("NFC", html))


# --------------------------------------------------------------------------- template


def template_loader(config: Config) -> jinja2.BaseLoader:
    """Where the report template is looked for: the config's ``templates/``, then the package."""
    return jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(config.path("templates")),
            jinja2.PackageLoader(TEMPLATES_PACKAGE, "."),
        ]
    )


def load_template(config: Config, name: str = TEMPLATE_NAME) -> jinja2.Template:
    """The report template, with autoescaping and strict undefined values.

    Raises ConfigError naming the file and line when a user-edited template is broken.
    """
    env = jinja2.Environment(
        loader=template_loader(config),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["vn_int"] = vn_int
    env.filters["vn_number"] = labels.number
    env.filters["vn_whole"] = labels.int_or_blank
    try:
        return env.get_template(name)
    except jinja2.TemplateNotFound:
        raise ConfigError(
            f"không tìm thấy mẫu báo cáo {name}",
            hint=f"Đặt tệp {name} vào thư mục templates/ cạnh config.yaml hoặc cài lại gói.",
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise _template_error(exc.filename or name, exc) from None


def _template_error(filename: str | None, exc: jinja2.TemplateError) -> ConfigError:
    line = getattr(exc, "lineno", None)
    where = f"{filename}" + (f": dòng {line}" if line else "")
    return ConfigError(
        f"{where}: mẫu báo cáo bị lỗi ({exc.message or exc})",
        hint="Sửa mẫu theo docs/report.md, hoặc xóa bản sửa trong templates/ để dùng mẫu mặc định.",
    )


def with_script_hashes(html: str) -> str:
    """Put the CSP hashes of the page's inline scripts in place of ``__SCRIPT_HASHES__``.

    Data is escaped, so every ``<script>`` element in the output comes from the template.
    """
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
        for body in _SCRIPT.findall(html)
    )
    return html.replace(SCRIPT_HASHES, hashes or "'none'", 1)


# --------------------------------------------------------------------------- context


def report_context(result: RunResult, *, mask_names: bool = False) -> dict:
    """Everything the template shows, computed from ``result`` (names masked on request)."""
    run = result.counts
    findings = result.findings
    warnings = result.warnings
    if mask_names:
        findings = labels.mask_applicants(findings)
        warnings = labels.mask_warnings(warnings)
    levels = run.active_levels()
    with_site = {u.id for u in result.config.units if u.website is not None}
    units = view.unit_rows(run, result.web_units, with_site)
    return {
        "header": view.report_header(result),
        "paragraphs": sentences.summary_paragraphs(run),
        "levels": [(level, labels.LEVEL_NAMES[level]) for level in levels],
        "figures": view.figure_rows(run, levels),
        "level_chart": level_chart(run, levels),
        "unit_chart": unit_chart(units),
        "resolution_header": view.header_rows(view.RESOLUTION_HEADER),
        "resolution_numbers": view.RESOLUTION_NUMBERS,
        "resolution": resolution_rows(result),
        "followup": view.followup_items(result.followups),
        "units": units,
        "findings": view.finding_rows(findings),
        "quality": quality_context(result, warnings),
        "trend": trend_context(result.trend),
        "masked": mask_names,
        "version": __version__,
        "script_hashes": SCRIPT_HASHES,
    }


def resolution_rows(result: RunResult) -> list[dict]:
    """The 13-column table: per row its STT, unit name, the 11 figures and whether it is the total."""
    rows = []
    for rec in result.resolution_table.to_dict("records"):
        is_total = str(rec.get("unit_id")) == RESOLUTION_TOTAL_ID
        figures = [rec.get(col) for col in view.RESOLUTION_FIGURES]
        rows.append(
            {
                "stt": labels.int_or_blank(rec.get("stt")),
                "unit_name": labels.cell_text(rec.get("unit_name")),
                "figures": ["" if labels.is_missing(v) else vn_int(v) for v in figures],
                "total": is_total,
            }
        )
    return rows


def quality_context(result: RunResult, warnings: RunWarnings) -> dict:
    """The data-quality section: rejected rows, unmatched letters, fuzzy matches, letters to
    review (a code naming another applicant's case), unknown units."""
    rejects = result.rejects
    records = [
        {
            "file": labels.cell_text(rec.get("file")),
            "row": labels.int_or_blank(rec.get("row")),
            "case_id": labels.cell_text(rec.get("case_id")),
            "reason": labels.cell_text(rec.get("reason")),
        }
        for rec in rejects.head(MAX_REJECT_ROWS).to_dict("records")
    ]
    return {
        "rejected_rows": warnings.rejected_rows,
        "rejects": records,
        "rejects_total": len(rejects),
        "rejects_shown": len(records),
        "unmatched_letters": warnings.unmatched_letters,
        "fuzzy_matches": warnings.fuzzy_matches,
        "letters_to_review": warnings.letters_to_review,
        "unknown_units": warnings.unknown_units,
        "unmatched_exemptions": warnings.unmatched_exemptions,
    }


# --------------------------------------------------------------------------- charts


def _chart(chart_id: str, title: str, groups: list[tuple[str, list[view.Bar]]]) -> dict:
    """Geometry of a horizontal bar chart: a caption line per group, then one bar per measure."""
    rows, y = [], 0
    for name, bars in groups:
        rows.append({"kind": "group", "y": y + 13, "text": name})
        y += _ROW_HEIGHT
        for bar in bars:
            rows.append(
                {
                    "kind": "bar",
                    "y": y,
                    "label": bar.label,
                    "width": round(_BAR_AREA * bar.ratio, 1),
                    "text": f"{vn_int(bar.done)}/{vn_int(bar.total)} ({bar.percent})",
                }
            )
            y += _ROW_HEIGHT
        y += _GROUP_GAP
    description = "; ".join(
        f"{name}: "
        + ", ".join(f"{b.label} {vn_int(b.done)}/{vn_int(b.total)} ({b.percent})" for b in bars)
        for name, bars in groups
    )
    return {
        "id": chart_id,
        "title": title,
        "desc": description,
        "height": max(y, _ROW_HEIGHT),
        "bar_area": _BAR_AREA,
        "rows": rows,
    }


def level_chart(run: RunCounts, levels: list[str]) -> dict:
    """Apology, desk posting and web publication of the overdue cases, per level and in total."""
    groups = [
        (labels.LEVEL_NAMES[level], view.compliance_bars(run.level(level)))
        for level in levels
        if run.level(level).of().cases
    ]
    groups.append(("Toàn tỉnh", view.compliance_bars(run.level())))
    return _chart("bieu-do-cap", "Tỷ lệ thực hiện xin lỗi đối với hồ sơ quá hạn, theo cấp", groups)


def unit_chart(units: list[dict]) -> dict:
    """The same measures per unit with overdue cases, lowest rates first (at most 30 units)."""
    with_cases = [u for u in units if u["cases"]]
    with_cases.sort(key=lambda u: (sum(b.ratio for b in u["bars"]), -u["cases"], u["unit_name"]))
    groups = [(u["unit_name"], u["bars"]) for u in with_cases[:MAX_CHART_UNITS]]
    chart = _chart(
        "bieu-do-don-vi", "Tỷ lệ thực hiện xin lỗi đối với hồ sơ quá hạn, theo đơn vị", groups
    )
    chart["omitted"] = max(0, len(with_cases) - MAX_CHART_UNITS)
    return chart
