"""Checking the units' websites: all network code of the package lives here.

* :mod:`~compliance.web.urls` — web URLs and local snapshot files, hosts;
* :mod:`~compliance.web.fetch` — one page over HTTP or from a snapshot: size caps, offline mode;
* :mod:`~compliance.web.politeness` — robots.txt, one request at a time per host, polite retries;
* :mod:`~compliance.web.cache` — the HTTP cache (requests-cache), its keys and freshness;
* :mod:`~compliance.web.document` — what a page says: Document, Link, decoding, CSS selectors;
* :mod:`~compliance.web.extract` — which kind of content a body is; case codes in its text;
* :mod:`~compliance.web.sites` — the site kinds (list, paginated, detail, json, documents);
* :mod:`~compliance.web.crawl` — the pages read on one unit's site and what they said;
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
