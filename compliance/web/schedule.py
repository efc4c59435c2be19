"""Running many crawl plans at once, politely.

Each plan (see :mod:`compliance.web.crawl`) has at most one page outstanding. The scheduler
sends a plan's page to a worker thread only when its host is free (no request in flight) and
its delay has passed; while one host waits out its delay, the workers serve other hosts. So
``web.parallel_hosts`` threads keep that many hosts busy without sleeping on anyone's delay.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TypeVar

from compliance.web.crawl import Page, Plan, Want, make_page, read_page
from compliance.web.evidence import EvidenceStore
from compliance.web.fetch import Fetcher

R = TypeVar("R")  #: what a plan returns


def crawl_units(
    config,
    plans: Sequence[Plan[R]],
    *,
    offline: bool = False,
    progress: bool = False,
    evidence: EvidenceStore | None = None,
) -> list[R]:
    """Run ``plans`` with a fetcher made from ``config.web`` (closed at the end), with a
    progress bar of units when ``progress``; what each plan returned, in order."""
    from tqdm import tqdm

    fetcher = Fetcher(
        config.web, config.base_dir, offline=offline, cache_dir=config.path(config.web.cache_dir)
    )
    bar = tqdm(total=len(plans), disable=not progress, desc="Kiểm tra trang web", unit="đơn vị")
    try:
        return run_plans(
            plans, fetcher, workers=config.web.parallel_hosts, evidence=evidence,
            on_done=lambda _index: bar.update(),
        )  # fmt: skip
    finally:
        bar.close()
        fetcher.close()


def run_plans(
    plans: Sequence[Plan[R]],
    fetcher: Fetcher,
    *,
    workers: int,
    evidence: EvidenceStore | None = None,
    on_done: Callable[[int], None] | None = None,
) -> list[R]:
    """Run the plans to the end; return what each returned, in order.

    ``on_done(i)`` is called (in this thread) as plan ``i`` finishes, e.g. to move a progress bar.
    """
    results: dict[int, R] = {}
    #: plans whose next page needs a request: (plan index, want, host)
    waiting: list[tuple[int, Want, str | None]] = []

    def advance(index: int, page: Page | None) -> None:
        """Run plan ``index`` on ``page`` (None: start it) to its next request or its end."""
        # Pages that need no request (snapshots, offline, fresh cache) are read right here.
        while True:
            try:
                want = next(plans[index]) if page is None else plans[index].send(page)
            except StopIteration as stop:
                results[index] = stop.value
                if on_done is not None:
                    on_done(index)
                return
            result = fetcher.peek(want.url, want.site)
            if result is None:
                waiting.append((index, want, fetcher.host_of(want.url)))
                return
            page = make_page(result, evidence)

    for index in range(len(plans)):
        advance(index, None)

    busy: set[str] = set()
    running: dict[Future[Page | None], tuple[int | None, str | None]] = {}
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="web") as pool:
        while waiting or running:
            wake = _dispatch(waiting, running, busy, pool, fetcher, workers, evidence)
            timeout = None if wake is None else max(0.0, wake - time.monotonic())
            done, _ = wait(running, timeout=timeout, return_when=FIRST_COMPLETED)
            for future in done:
                owner, host = running.pop(future)
                busy.discard(host)
                if owner is not None:  # None: a robots.txt read; its plan is still waiting
                    page = future.result()
                    assert page is not None, "a plan's own request is a read_page: a Page"
                    advance(owner, page)
    return [results[index] for index in range(len(plans))]


def _dispatch(
    waiting, running, busy, pool, fetcher: Fetcher, workers: int, evidence
) -> float | None:
    """Start every waiting request whose host is free and rested. Returns when to look again
    (the earliest moment a resting host may be asked), or None to wait for a worker."""
    now = time.monotonic()
    wake: float | None = None
    still: list[tuple[int, Want, str | None]] = []
    for item in waiting:
        index, want, host = item
        if len(running) >= workers or (host is not None and host in busy):
            still.append(item)
            continue
        if host is not None:
            ready = fetcher.gate.ready_at(host)
            if ready > now:
                wake = ready if wake is None else min(wake, ready)
                still.append(item)
                continue
            busy.add(host)
            if fetcher.robots_pending(want.url):
                # robots.txt is a request of its own: it takes the host's turn.
                running[pool.submit(fetcher.load_robots, want.url)] = (None, host)
                still.append(item)
                continue
        running[pool.submit(read_page, fetcher, want, evidence)] = (index, host)
    waiting[:] = still
    return wake
