"""``compliance sites test``: crawl units' websites and show what was read and found.

The same crawl and the same code finder as a run, without overdue cases: every case code on
the pages is listed, so a new ``website:`` block can be tried before the monthly run depends on
it. Codes of a code shape are found by pattern; any other code (all-digit ones) only when it is
the code of a case in the inputs (``inputs.cases``, every file, any period).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from compliance.config import Config
from compliance.errors import ComplianceError, UsageError
from compliance.web.check import _check_selectors
from compliance.web.crawl import PageVisit, plan_unit
from compliance.web.extract import CaseCodes
from compliance.web.schedule import crawl_units

_ROLES = {
    "list": "danh sách",
    "detail": "chi tiết",
    "attachment": "đính kèm",
    "letter": "đường dẫn",
}


@dataclass
class SiteReport:
    """What the crawl of one unit's website read, found and failed on."""

    unit_id: str
    unit_name: str
    visits: list[PageVisit] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: why the unit was not crawled (no website configured)
    note: str = ""


def run_site_test(
    config: Config,
    unit_ids: tuple[str, ...] | list[str] = (),
    *,
    offline: bool = False,
    progress: bool = False,
    known: CaseCodes | None = None,
    notice: Callable[[str], None] | None = None,
) -> list[SiteReport]:
    """Crawl the named units' websites (all units with a website when none is named).

    ``known``: the case codes to recognise besides those of a code shape; by default the codes
    of every case in the config's inputs (:func:`known_case_codes`). When those cannot be read,
    ``notice`` is told why in one line, and only code shapes are recognised.
    Raises UsageError for an unknown unit id, listing the known ones.
    """
    configured = {u.id: u for u in config.units}  # (ids are unique: the config checks it)
    unknown = [u for u in unit_ids if u not in configured]
    if unknown:
        raise UsageError(
            f"không có đơn vị nào có id: {', '.join(unknown)}",
            hint=f"Các id đơn vị trong cấu hình: {', '.join(configured) or '(chưa có đơn vị nào)'}",
        )
    units = (
        [configured[u] for u in dict.fromkeys(unit_ids)]
        if unit_ids
        else [u for u in config.units if u.website]
    )
    reports = [SiteReport(u.id, u.name) for u in units]
    to_crawl = [(r, u) for r, u in zip(reports, units, strict=True) if u.website is not None]
    for report, unit in zip(reports, units, strict=True):
        if unit.website is None:
            report.note = "đơn vị chưa có khóa website trong cấu hình, không có gì để kiểm tra"
    for _, unit in to_crawl:
        _check_selectors(config, unit)
    if not to_crawl:
        return reports

    if known is None:
        known, problem = known_case_codes(config)
        if problem and notice is not None:
            notice(problem)
    plans = [
        plan_unit(
            unit.website,
            set(),
            {},
            base_dir=config.base_dir,
            max_pages=config.web.max_pages,
            known=known,
        )
        for _, unit in to_crawl
    ]
    crawls = crawl_units(config, plans, offline=offline, progress=progress)
    for (report, _), crawl in zip(to_crawl, crawls, strict=True):
        report.visits = crawl.visits
        report.codes = sorted(crawl.codes)
        report.errors = [v.error for v in crawl.visits if v.error]
    return reports


def known_case_codes(config: Config) -> tuple[CaseCodes, str | None]:
    """The codes of every case in ``inputs.cases`` (read as a run reads them, no period), and
    why they could not be read (None when they could)."""
    from compliance.inputs.cases import load_cases

    try:
        cases = load_cases(config)
    except ComplianceError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return CaseCodes(), (
            f"không đọc được các tệp hồ sơ — {reason.rstrip('.')}. Chỉ nhận ra mã hồ sơ theo "
            "dạng mã (000.00.20.H16-200515-0001, 03706/2026/07906), không nhận ra mã chỉ gồm "
            "chữ số; sửa inputs.cases trong config.yaml để nhận ra cả các mã đó."
        )
    return CaseCodes(cases.frame["case_key"].astype(object)), None


def format_site_report(report: SiteReport) -> list[str]:
    """Lines to print for one unit: pages (status, URL, codes), codes found, errors."""
    lines = [f"== {report.unit_id}: {report.unit_name}"]
    if report.note:
        return [*lines, f"   {report.note}"]
    read = sum(1 for v in report.visits if v.error is None and not v.end_of_list)
    lines.append(f"   Trang đã tải: {len(report.visits)} (đọc được {read})")
    for visit in report.visits:
        status = visit.status + (" (bộ nhớ đệm)" if visit.from_cache else "")
        if visit.end_of_list:
            status += " (hết danh sách)"
        codes = f"  [{len(visit.codes)} mã]" if visit.codes else ""
        lines.append(
            f"   {status:<22} {_ROLES.get(visit.role, visit.role):<10} {visit.shown}{codes}"
        )
    lines.append(
        f"   Mã hồ sơ tìm thấy ({len(report.codes)}): {', '.join(report.codes) or 'không có'}"
    )
    if report.errors:
        lines.append(f"   Lỗi ({len(report.errors)}):")
        lines.extend(f"   - {error}" for error in report.errors)
    else:
        lines.append("   Lỗi: không có")
    return lines
