"""Benchmark of the website checks: many slow local hosts, a polite delay, then a cached re-run.

    python benchmarks/bench_web.py [--hosts 200] [--pages 10] [--latency 0.1] [--interval 0.5]
                                   [--parallel 32]

Every "host" is a tiny threaded HTTP server on its own port of 127.0.0.1 that answers after
``latency`` seconds. Each unit lists one new case code per page, so all ``pages`` pages are read.

The politeness floor is the least time any polite crawler needs: the busiest host's requests
one after the other (each takes the latency, and the interval runs from the end of one to the
start of the next), or the total server latency shared by the parallel workers, whichever is
larger. The ratio wall time / floor shows the scheduling overhead (target ≤ 1.3). The
re-run reads everything from the HTTP cache (target ≥ 5× faster). Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import multiprocessing
import socket
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from compliance.config import parse_config  # noqa: E402
from compliance.web import check_publication  # noqa: E402


def code(host: int, page: int) -> str:
    return f"000.00.{host % 100:02d}.H{host // 100 + 10}-2004{page + 14:02d}-{host:04d}"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    latency = 0.1
    counter = None  #: multiprocessing.Value shared with the benchmark process

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        # Headers and body go out in two writes: without this, Nagle's algorithm and the
        # client's delayed ACK add 40 ms to every response.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self):
        with Handler.counter.get_lock():
            Handler.counter.value += 1
        time.sleep(self.latency)
        host = self.server.host_number
        if self.path.startswith("/xin-loi?page="):
            page = int(self.path.rsplit("=", 1)[1])
            rows = f"<tr><td>{page}</td><td>{code(host, page)}</td><td>Phiếu xin lỗi</td></tr>"
            body, status = f"<html><body><table>{rows}</table></body></html>".encode(), 200
        else:
            body, status = b"not found", 404
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(count: int, latency: float, counter, ports) -> None:
    """Child process: ``count`` servers, one per port, until the process is terminated.

    The servers live in their own process so that their work does not compete with the
    crawler for one interpreter lock (on a real network they are other machines).
    """
    Handler.latency, Handler.counter = latency, counter
    servers = []
    for number in range(count):
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.host_number = number
        threading.Thread(target=server.serve_forever, args=(1.0,), daemon=True).start()
        servers.append(server)
    ports.send([server.server_address[1] for server in servers])
    threading.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--hosts", type=int, default=200)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--interval", type=float, default=0.5)
    parser.add_argument("--parallel", type=int, default=32)
    args = parser.parse_args()
    counter = multiprocessing.Value("i", 0)
    receive, send = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.Process(
        target=serve, args=(args.hosts, args.latency, counter, send), daemon=True
    )
    child.start()
    ports = receive.recv()
    workdir = Path(tempfile.mkdtemp(prefix="bench-web-"))
    units = [
        {"id": f"unit-{i:03d}", "name": f"Đơn vị {i}",
         "website": {"urls": [f"http://127.0.0.1:{port}/xin-loi?page={{page}}"]}}
        for i, port in enumerate(ports)
    ]  # fmt: skip
    config = parse_config(
        {
            "inputs": {"cases": ["cases.csv"]},
            "web": {"min_interval_s": args.interval, "max_pages": args.pages, "timeout_s": 10,
                    "parallel_hosts": args.parallel, "cache_dir": "cache"},
            "units": units,
        },
        workdir,
    )  # fmt: skip
    # One overdue case per unit, listed on its middle page.
    keys = [code(i, max(1, args.pages // 2)) for i in range(args.hosts)]
    overdue = pd.DataFrame({"case_id": keys, "case_key": keys, "unit_id": [u["id"] for u in units]})
    letters = pd.DataFrame(columns=["case_key", "web_url"])

    print(f"{args.hosts} hosts × {args.pages} pages, latency {args.latency * 1000:.0f} ms, "
          f"min_interval_s {args.interval}, parallel_hosts {args.parallel}")  # fmt: skip
    start, cpu = time.perf_counter(), time.process_time()
    first = check_publication(config, overdue, letters, workdir / "run1" / "evidence")
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    requests_first = counter.value

    per_host = requests_first / args.hosts  # pages plus robots.txt (every host has the same)
    busiest = per_host * args.latency + (per_host - 1) * args.interval
    shared = requests_first * args.latency / args.parallel
    floor = max(busiest, shared)
    verified = int((first.cases["web_posting"] == "verified").sum())
    print(
        f"first run:  {wall:6.2f} s  ({requests_first} requests, {per_host:.0f} per host; "
        f"{verified}/{args.hosts} verified; crawler CPU {cpu:.1f} s)"
    )
    print(f"politeness floor: {floor:6.2f} s  (max of busiest host {per_host:.0f} × {args.latency} s + "
          f"{per_host - 1:.0f} × {args.interval} s = {busiest:.2f} s, "
          f"total latency {requests_first * args.latency:.0f} s / {args.parallel} = {shared:.2f} s)")  # fmt: skip
    print(f"ratio wall / floor: {wall / floor:.2f}  (target ≤ 1.3)")

    start = time.perf_counter()
    second = check_publication(config, overdue, letters, workdir / "run2" / "evidence")
    rerun = time.perf_counter() - start
    assert second.cases["web_posting"].tolist() == first.cases["web_posting"].tolist()
    print(
        f"cached re-run: {rerun:6.2f} s  ({counter.value - requests_first} requests); "
        f"speed-up {wall / rerun:.1f}×  (target ≥ 5×)"
    )

    child.terminate()


if __name__ == "__main__":
    main()
