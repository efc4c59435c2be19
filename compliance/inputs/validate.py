"""``compliance validate``: check the config and every input file, list every problem.

Results are data (:class:`ValidationReport`); the CLI only prints ``render()`` and exits with
``exit_code``: 0 when a run would be possible, 3 when the inputs are unusable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from compliance.calendar.periods import Period, parse_period
from compliance.config import Config
from compliance.errors import InputError
from compliance.formatting import vn_int
from compliance.inputs.fields import CASE_FIELDS, EXEMPTION_FIELDS, LETTER_FIELDS
from compliance.inputs.paths import display_path, expand_paths
from compliance.read.headers import FieldSpec
from compliance.read.table import read_table


@dataclass
class Problem:
    file: str
    row: int | None
    case_id: str
    message: str
    code: str

    def render(self) -> str:
        where = f"{self.file}, dòng {self.row}" if self.row else self.file
        who = f" [{self.case_id}]" if self.case_id else ""
        return f"{where}{who}: {self.message}"


@dataclass
class ValidationReport:
    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    fatal: list[str] = field(default_factory=list)  # problems that make a run impossible
    usable_cases: int = 0
    non_case_rows: int = 0
    warnings: list[str] = field(default_factory=list)  # what a run would warn about, the same lines

    @property
    def ok(self) -> bool:
        return not self.fatal and self.usable_cases > 0

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 3

    def render(self) -> str:
        lines = [f"Đã kiểm tra {len(self.files)} tệp:"]
        lines += [f"  - {f}" for f in self.files]
        for message in self.fatal:
            lines.append(f"LỖI: {message}")
        if self.problems:
            lines.append(
                f"{vn_int(len(self.problems))} dòng có vấn đề (sẽ bị loại, ghi vào rejects.csv):"
            )
            lines += [f"  {p.render()}" for p in self.problems]
        lines += [f"Lưu ý: {line}" for line in self.warnings]
        lines.append(
            f"Hồ sơ dùng được: {vn_int(self.usable_cases)}; dòng không phải hồ sơ (trống, tổng cộng, chữ ký): "
            f"{vn_int(self.non_case_rows)}."
        )
        lines.append(
            "Có thể chạy kiểm tra."
            if self.ok
            else "Chưa thể chạy: sửa các lỗi trên rồi kiểm tra lại."
        )
        return "\n".join(lines)


def validate_inputs(
    config: Config, period: Period | None = None, as_of: dt.date | None = None
) -> ValidationReport:
    """Read every input file and every row as a run would, collecting problems instead of stopping."""
    report = ValidationReport()
    files: list[tuple[Path, list[FieldSpec]]] = []
    for what, patterns, specs in (
        ("cases", config.inputs.cases, CASE_FIELDS),
        ("letters", config.inputs.letters, LETTER_FIELDS),
        ("exemptions", config.inputs.exemptions, EXEMPTION_FIELDS),
    ):
        try:
            paths = expand_paths(config, patterns, what)
        except InputError as exc:
            report.fatal.append(_with_hint(exc))
            continue
        for path in paths:
            report.files.append(display_path(config, path))
            files.append((path, specs))
    if report.fatal:
        return report

    from compliance.analyse.apologies import cross_reference
    from compliance.analyse.quality import collect_rejects, collect_warnings, warning_lines
    from compliance.pipeline import prepare

    period = period or parse_period(f"{dt.date.today():%Y-%m}", config.period.cutoff_day)
    try:
        state = prepare(config, period, as_of)  # reads every file once
    except InputError:
        # A file that cannot be read stops the run at the first one: name every such file.
        for path, specs in files:
            try:
                read_table(path, specs)
            except InputError as exc:
                report.fatal.append(_with_hint(exc))
        if not report.fatal:
            raise
        return report
    classified = state.classified
    _, _, matched = cross_reference(
        state.classified, state.letters.frame, state.units, config.rules.fuzzy_threshold
    )
    rejects = collect_rejects(state, matched)
    report.problems = [
        Problem(f, int(r), str(c or ""), m, code)
        for f, r, c, m, code in zip(
            rejects["file"],
            rejects["row"],
            rejects["case_id"],
            rejects["reason"],
            rejects["code"],
            strict=True,
        )
    ]
    report.warnings = warning_lines(collect_warnings(state, matched))
    report.usable_cases = int(len(classified))
    report.non_case_rows = int(state.cases.skipped)
    if not report.usable_cases:
        report.fatal.append("không có hồ sơ nào dùng được trong inputs.cases")
    return report


def _with_hint(exc: InputError) -> str:
    return f"{exc.message}" + (f" — {exc.hint}" if exc.hint else "")
