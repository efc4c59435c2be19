"""The WARC file of a run: every page read, as records that evidence/index.csv points to."""

from __future__ import annotations

import gzip
import hashlib
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from warcio.archiveiterator import ArchiveIterator
from webkit import Reply, make_config, run_check, unit

from compliance.web.evidence import EvidenceStore

ROOT = Path(__file__).resolve().parents[2]
CODE = "000.00.20.H16-200420-0003"
OTHER = "000.00.21.H16-200416-0012"


def index_of(run_dir: Path) -> pd.DataFrame:
    return pd.read_csv(
        run_dir / "evidence" / "index.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )


def records(path: Path) -> list:
    """Every record of a WARC file, its payload read: (record, payload bytes)."""
    with open(path, "rb") as stream:
        return [(r, r.content_stream().read()) for r in ArchiveIterator(stream)]


def record_at(path: Path, offset: int):
    """The record at ``offset`` and the one after it, payloads read."""
    with open(path, "rb") as stream:
        stream.seek(offset)
        found = []
        for record in ArchiveIterator(stream):
            found.append((record, record.content_stream().read()))
            if len(found) == 2:
                break
        return found + [(None, b"")] * (2 - len(found))


def check_digests(warc: Path) -> None:
    """warcio's own checker: every block and payload digest in the file is right."""
    checked = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "check", str(warc)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def check_index_points_into_warc(run_dir: Path) -> tuple[pd.DataFrame, list]:
    """Every index row with a body has a record at its offset whose payload is that body; rows
    without a body (failures) have none. Returns the index and the records at the offsets."""
    index = index_of(run_dir)
    found = []
    for row in index.itertuples(index=False):
        if not row.sha256:
            assert (row.warc_file, row.warc_offset) == ("", ""), row
            continue
        warc = run_dir / row.warc_file
        record, payload = record_at(warc, int(row.warc_offset))[0]
        uri = record.rec_headers.get_header("WARC-Target-URI")
        assert uri in (row.url, row.final_url)
        assert hashlib.sha256(payload).hexdigest() == row.sha256
        assert payload == (run_dir / row.path).read_bytes()
        found.append(record_at(warc, int(row.warc_offset)))
    return index, found


def test_pages_fetched_are_response_and_request_records_at_their_offsets(sites, tmp_path):
    first, second = sites(), sites()
    page = f"<table><tr><td>{CODE}</td></tr></table><a href='/xin-loi/1'>Thư xin lỗi 1</a>"
    first.add("/ds?page=1", page, headers={"X-Powered-By": "CMS"})
    zipped = Reply(gzip.compress(b"<p>xin loi</p>"), headers={"Content-Encoding": "gzip"})
    first.add("/xin-loi/1", zipped)
    first.add("/cu", Reply(status=301, headers={"Location": "/moi"}, validators=False))
    first.add("/moi", f"<p>{OTHER}</p>")
    for n in (1, 2):
        second.add(f"/tin?page={n}", f"<p>Trang {n} {OTHER}</p>")
    config = make_config(tmp_path, [
        unit("a", first.url("/ds?page={page}"), first.url("/cu")),
        unit("b", second.url("/tin?page={page}")),
    ])  # fmt: skip

    run_check(config, [(CODE, "a"), (OTHER, "b")], out=tmp_path / "2020-05")

    run_dir = tmp_path / "2020-05"
    warc = run_dir / "evidence" / "2020-05.warc.gz"
    assert warc.read_bytes()[:2] == b"\x1f\x8b"  # gzip, one member per record
    everything = records(warc)
    info = everything[0][0]
    assert info.rec_type == "warcinfo"
    assert info.rec_headers.protocol == "WARC/1.1"
    assert everything[0][1].startswith(b"software: compliance/")
    assert {r.rec_headers.protocol for r, _ in everything} == {"WARC/1.1"}
    check_digests(warc)

    index, found = check_index_points_into_warc(run_dir)
    assert (index["warc_file"] != "").sum() == len(found) == 5  # 3 pages of a, 2 of b
    assert index.loc[index["status"] == "404", "warc_offset"].tolist() == [""]  # ds?page=2
    assert len({int(o) for o in index["warc_offset"] if o}) == len(found)
    for (response, _), (request, _) in found:
        assert response.rec_type == "response"
        assert response.http_headers.get_statuscode() == "200"
        assert response.http_headers.protocol == "HTTP/1.1"
        assert request.rec_type == "request"
        said, asked = response.rec_headers, request.rec_headers
        assert asked.get_header("WARC-Concurrent-To") == said.get_header("WARC-Record-ID")
        assert asked.get_header("WARC-Target-URI") == said.get_header("WARC-Target-URI")
        line = f"{request.http_headers.protocol} {request.http_headers.statusline}"
        assert line.startswith("GET /") and line.endswith(" HTTP/1.1")
        assert request.http_headers.get_header("User-Agent").startswith("compliance/")
    by_uri = {r.rec_headers.get_header("WARC-Target-URI"): (r, q) for (r, _), (q, _) in found}

    # Headers as the server sent them, the date of the fetch.
    listing, _ = by_uri[first.url("/ds?page=1")]
    assert listing.http_headers.get_header("X-Powered-By") == "CMS"
    assert listing.http_headers.get_header("ETag")
    row = index.set_index("url").loc[first.url("/ds?page=1")]
    moment = pd.Timestamp(row["fetched_at"]).tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
    assert listing.rec_headers.get_header("WARC-Date") == moment
    # The body is saved decoded: the wire's gzip header is kept under its original name.
    decoded, _ = by_uri[first.url("/xin-loi/1")]
    assert decoded.http_headers.get_header("Content-Encoding") is None
    assert decoded.http_headers.get_header("X-Archive-Orig-Content-Encoding") == "gzip"
    assert decoded.http_headers.get_header("Content-Length") == str(len(b"<p>xin loi</p>"))
    # A redirect: the record is the page's final address.
    assert first.url("/moi") in by_uri
    assert index.set_index("url").loc[first.url("/cu"), "final_url"] == first.url("/moi")


def test_pages_of_many_hosts_read_at_once_each_have_their_own_records(sites, tmp_path):
    hosts = [sites() for _ in range(4)]
    for n, host in enumerate(hosts):
        for page in (1, 2, 3):
            other = f"000.00.20.H16-20050{n}-000{page}"  # a new code on every page: read on
            host.add(f"/ds?page={page}", f"<p>{CODE} {other}</p>" + "x" * 5000 * page)
    config = make_config(
        tmp_path, [unit(f"u{n}", host.url("/ds?page={page}")) for n, host in enumerate(hosts)]
    )

    run_check(config, [(CODE, f"u{n}") for n in range(4)], out=tmp_path / "2020-07")

    index, found = check_index_points_into_warc(tmp_path / "2020-07")
    assert len(found) == 12
    warc = tmp_path / "2020-07" / "evidence" / "2020-07.warc.gz"
    assert [r.rec_type for r, _ in records(warc)] == ["warcinfo"] + ["response", "request"] * 12
    check_digests(warc)


def test_cache_hits_are_response_records_and_a_rerun_replaces_the_warc(site, tmp_path):
    site.add("/ds?page=1", f"<p>{CODE}</p>")
    config = make_config(tmp_path, [unit("a", site.url("/ds?page={page}"))])
    out = tmp_path / "2020-06"

    run_check(config, [(CODE, "a")], out=out)
    first = records(out / "evidence" / "2020-06.warc.gz")
    hits = len(site.pages())
    run_check(config, [(CODE, "a")], out=out)

    assert len(site.pages()) == hits  # the second run read the cache only
    second = records(out / "evidence" / "2020-06.warc.gz")
    assert [r.rec_type for r, _ in second] == [r.rec_type for r, _ in first]
    assert [r.rec_type for r, _ in second] == ["warcinfo", "response", "request"]
    ids = {r.rec_headers.get_header("WARC-Record-ID") for r, _ in first}
    assert not ids & {r.rec_headers.get_header("WARC-Record-ID") for r, _ in second}
    cached = second[1][0]
    assert cached.http_headers.get_statuscode() == "200"
    assert cached.http_headers.get_header("Last-Modified")  # as the server said, kept by the cache
    check_index_points_into_warc(out)
    assert not [p.name for p in (out / "evidence").iterdir() if p.name.endswith(".tmp")]


def test_a_failed_run_leaves_no_warc_behind(tmp_path):
    with pytest.raises(RuntimeError), EvidenceStore(tmp_path / "2020-05" / "evidence"):
        raise RuntimeError("stop")

    assert list((tmp_path / "2020-05" / "evidence").iterdir()) == []


def test_the_warc_name_is_a_safe_file_name(tmp_path):
    with EvidenceStore(tmp_path / "kỳ 05..2020" / "evidence") as store:
        pass

    assert store.warc.path.parent == tmp_path / "kỳ 05..2020" / "evidence"
    assert store.warc.path.name == "kỳ_05..2020.warc.gz"
    assert store.warc.path.exists()


def test_the_bundled_example_writes_snapshots_as_resource_records(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "compliance", "--config", str(ROOT / "config.yaml"), "run",
         "--period", "2020-05", "--out", str(tmp_path)],
        check=True, cwd=ROOT, capture_output=True,
    )  # fmt: skip

    run_dir = tmp_path / "2020-05"
    index, found = check_index_points_into_warc(run_dir)
    assert set(index["warc_file"]) == {"evidence/2020-05.warc.gz", ""}
    assert len(found) == (index["sha256"] != "").sum() > 0
    rows = index[index["sha256"] != ""].itertuples(index=False)
    for row, ((record, _), _) in zip(rows, found, strict=True):
        assert record.rec_type == "resource"
        assert record.rec_headers.get_header("WARC-Target-URI") == row.url
        assert record.rec_headers.get_header("Content-Type") == row.content_type
    types = [r.rec_type for r, _ in records(run_dir / "evidence" / "2020-05.warc.gz")]
    assert types == ["warcinfo"] + ["resource"] * len(found)
    check_digests(run_dir / "evidence" / "2020-05.warc.gz")
