"""Was each overdue case's apology published on its unit's website? (CONTRACT section 5)

Every case ends as ``verified`` (the code was found; the page is the evidence), ``not_found``
(every page of the unit's site was read without error and the code is on none of them),
``unverifiable`` (something failed that could hide the letter; the reason is in ``note``) or
``no_website`` (the unit has no ``website`` in the config).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import soupsieve

from compliance.config import Config, Unit
from compliance.errors import ConfigError
from compliance.read.kernels import normalise_case_codes_fast as normalise_case_codes
from compliance.web.crawl import UnitCrawl, plan_unit
from compliance.web.evidence import EvidenceStore
from compliance.web.schedule import crawl_units
from compliance.web.urls import is_web

CASE_COLUMNS = ["case_key", "web_posting", "web_evidence_url", "note"]
UNIT_COLUMNS = [
    "unit_id",
    "pages_read",
    "codes_found",
    "cases_verified",
    "failures",
    "status",
    "errors",
]
_URL_SEPARATORS = re.compile(r"[\s;]+")


@dataclass
class WebCheckResult:
    """The web phase of a run."""

    #: one row per overdue case: case_key, web_posting, web_evidence_url, note
    cases: pd.DataFrame
    #: one row per unit checked: unit_id, pages_read, codes_found, cases_verified, failures,
    #: status (ok | partial | failed), errors (the first failure notes)
    units: pd.DataFrame
    #: every page fetched or read from the cache or a snapshot (EVIDENCE_COLUMNS)
    evidence: pd.DataFrame


def check_publication(
    config: Config,
    overdue: pd.DataFrame,
    letters: pd.DataFrame,
    evidence_dir: Path,
    *,
    offline: bool = False,
    progress: bool = False,
) -> WebCheckResult:
    """Check the websites of the units that have overdue cases.

    ``overdue`` has ``case_id, case_key, unit_id``; ``letters`` has ``case_key, web_url`` (the
    URL a letter says it was posted at; fetched too, staying on that URL's host). Every page
    read is saved under ``evidence_dir`` by its SHA-256, listed in ``evidence_dir/index.csv`` and
    written to ``evidence_dir/<run folder name>.warc.gz``.
    ``offline`` reads only the HTTP cache and local snapshots; ``progress`` shows a tqdm bar.
    """
    keys = normalise_case_codes(overdue["case_key"]) if len(overdue) else pd.Series(dtype=object)
    unit_ids = (
        overdue["unit_id"].fillna("").astype(str) if len(overdue) else pd.Series(dtype=object)
    )
    letter_urls = _letter_urls(letters, set(keys), config.base_dir)

    checked: list[str] = []
    plans = []
    for unit_id, unit_keys in keys.groupby(unit_ids, sort=True):
        unit = config.unit(unit_id)
        website = unit.website if unit is not None else None
        urls = {k: letter_urls[k] for k in dict.fromkeys(unit_keys) if k in letter_urls}
        if website is None and not urls:
            continue
        if unit is not None:
            _check_selectors(config, unit)
        checked.append(unit_id)
        wanted = {k for k in unit_keys if k}
        plans.append(
            plan_unit(
                website, wanted, urls, base_dir=config.base_dir, max_pages=config.web.max_pages
            )
        )

    crawls: dict[str, UnitCrawl] = {}
    # The WARC file is complete when the block ends; the index that points into it follows.
    with EvidenceStore(evidence_dir) as evidence:
        if plans:
            results = crawl_units(
                config, plans, offline=offline, progress=progress, evidence=evidence
            )
            crawls = dict(zip(checked, results, strict=True))
    evidence.write_index()

    rows = [
        _case_row(config, key, unit_id, crawls.get(unit_id))
        for key, unit_id in zip(keys, unit_ids, strict=True)
    ]
    cases = pd.DataFrame(rows, columns=CASE_COLUMNS)
    units = _unit_rows(crawls, cases.assign(unit_id=list(unit_ids)))
    return WebCheckResult(cases=cases, units=units, evidence=evidence.frame())


def _letter_urls(letters: pd.DataFrame, keys: set[str], base_dir: Path) -> dict[str, list[str]]:
    """case key → the http(s) URLs its letters say they were posted at."""
    out: dict[str, list[str]] = {}
    if letters is None or letters.empty or "web_url" not in letters.columns:
        return out
    for key, value in zip(
        normalise_case_codes(letters["case_key"]), letters["web_url"], strict=True
    ):
        if key not in keys or not isinstance(value, str):
            continue
        for url in _URL_SEPARATORS.split(value.strip()):
            if is_web(url) and url not in out.setdefault(key, []):
                out[key].append(url)
    return {k: v for k, v in out.items() if v}


def _check_selectors(config: Config, unit: Unit) -> None:
    index = config.units.index(unit)
    for name in ("next", "follow"):
        selector = getattr(unit.website, name) if unit.website else None
        if not selector:
            continue
        try:
            soupsieve.compile(selector)
        except soupsieve.SelectorSyntaxError as exc:
            # str(exc) is the reason, then the selector with a caret under the fault: one line.
            reason = str(exc).splitlines()[0]
            raise ConfigError(
                f"units[{index}].website.{name}: bộ chọn CSS {selector!r} không hợp lệ ({reason})",
                hint="Sửa bộ chọn CSS (ví dụ: 'table.ds-xin-loi a', 'a[title=\"Trang sau\"]').",
            ) from None


def _case_row(config: Config, key: str, unit_id: str, crawl: UnitCrawl | None) -> dict:
    unit = config.unit(unit_id)
    has_site = unit is not None and unit.website is not None
    if crawl is not None and key in crawl.found:
        return {
            "case_key": key,
            "web_posting": "verified",
            "web_evidence_url": crawl.found[key],
            "note": "",
        }
    letter_visits = crawl.letter_visits.get(key, []) if crawl is not None else []
    letter_errors = [v.error for v in letter_visits if v.error]
    if not has_site:
        note = "Đơn vị chưa khai báo trang thông tin điện tử (website) trong cấu hình"
        if letter_errors:
            note += f"; không đọc được đường dẫn đăng tải: {letter_errors[0]}"
        elif letter_visits:
            note += "; đường dẫn đăng tải trong sổ không có mã hồ sơ này"
        return {"case_key": key, "web_posting": "no_website", "web_evidence_url": "", "note": note}
    # check_publication plans a crawl for every unit of a case that has a website.
    assert crawl is not None, f"unit {unit_id!r} has a website but was not crawled"
    failures = crawl.site_failures + letter_errors
    if failures:
        note = f"Không kiểm tra được: {failures[0]}"
        if len(failures) > 1:
            note += f" (và {len(failures) - 1} lỗi khác)"
        return {
            "case_key": key,
            "web_posting": "unverifiable",
            "web_evidence_url": "",
            "note": note,
        }
    note = f"Không thấy mã hồ sơ trên {crawl.pages_read} trang đã đọc của trang thông tin điện tử"
    return {"case_key": key, "web_posting": "not_found", "web_evidence_url": "", "note": note}


def _unit_rows(crawls: dict[str, UnitCrawl], cases: pd.DataFrame) -> pd.DataFrame:
    verified = cases[cases["web_posting"] == "verified"].groupby("unit_id").size()
    rows = []
    for unit_id, crawl in crawls.items():
        errors = list(dict.fromkeys(v.error for v in crawl.visits if v.error))
        pages = crawl.pages_read
        rows.append(
            {
                "unit_id": unit_id,
                "pages_read": pages,
                "codes_found": len(crawl.codes),
                "cases_verified": int(verified.get(unit_id, 0)),
                "failures": len(errors),
                "status": "ok" if not errors else ("partial" if pages else "failed"),
                "errors": " | ".join(errors[:3]),
            }
        )
    return pd.DataFrame(rows, columns=UNIT_COLUMNS)


def format_unit_summary(units: pd.DataFrame) -> list[str]:
    """One line per unit checked, for the end of a run (the CLI prints them)."""
    lines = []
    for row in units.itertuples(index=False):
        line = (
            f"{row.unit_id}: đã đọc {row.pages_read} trang, thấy {row.codes_found} mã hồ sơ, "
            f"xác nhận đăng tải {row.cases_verified} hồ sơ quá hạn"
        )
        if row.failures:
            line += f"; {row.failures} lỗi, ví dụ: {str(row.errors).split(' | ')[0]}"
        lines.append(line)
    return lines
