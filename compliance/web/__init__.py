"""Checking the units' websites: all network code of the package lives here.

* :mod:`~compliance.web.urls` — web URLs and local snapshot files, hosts;
* :mod:`~compliance.web.fetch` — one page over HTTP or from a snapshot: size caps, offline mode;
* :mod:`~compliance.web.politeness` — robots.txt, one request at a time per host, polite retries;
* :mod:`~compliance.web.cache` — the HTTP cache (requests-cache), its keys and freshness;
* :mod:`~compliance.web.extract` — text and links out of HTML, JSON, PDF, DOCX; case codes;
* :mod:`~compliance.web.crawl` — what to read on one unit's site (pagination, detail pages);
* :mod:`~compliance.web.schedule` — many sites at once, one request in flight per host;
* :mod:`~compliance.web.evidence` — saved bodies and evidence/index.csv;
* :mod:`~compliance.web.check` — the statuses of the overdue cases (``check_publication``);
* :mod:`~compliance.web.sitetest` — ``compliance sites test``.
"""

from compliance.web.check import WebCheckResult, check_publication, format_unit_summary
from compliance.web.sitetest import SiteReport, format_site_report, run_site_test

__all__ = [
    "SiteReport",
    "WebCheckResult",
    "check_publication",
    "format_site_report",
    "format_unit_summary",
    "run_site_test",
]
