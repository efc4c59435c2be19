"""Golden outputs of the bundled examples: run them, normalise what changes by itself, compare.

    python3 tools/golden.py              # run both examples, compare with tests/data/golden.json
    python3 tools/golden.py --update     # write tests/data/golden.json anew (after a wanted change)
    python3 tools/golden.py --dump DIR   # also write the normalised files into DIR, for a diff

A refactoring must leave every output of the bundled examples unchanged. Each run is made with
``SOURCE_DATE_EPOCH`` set, so the letters' date and the report's "Lập lúc" are pinned; what
still changes by itself is taken out before comparing: the ``fetched_at`` column, the
absolute ``final_url`` and the ``warc_offset`` (records are gzip members that hold their
date and id) of evidence/index.csv, the dates and ids of the evidence WARC (compared as one
line per record: type, target URI, content type, payload digest), and the parts of a
.docx/.xlsx zip that hold the moment of writing (docProps/core.xml). Every other file is compared by the SHA-256 of its
normalised bytes; a .docx or .xlsx by each XML part inside it.

Exit status: 0 when every output is as recorded, 1 when some differ (they are listed).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "tests" / "data" / "golden.json"
# 2025-12-05 12:00 UTC: noon, so the date is the same in every time zone from -11 to +11.
EPOCH = "1764936000"
EXAMPLES = {
    "2020-05": (ROOT / "config.yaml", "2020-05"),
    "2026-11": (ROOT / "examples" / "2026" / "config.yaml", "2026-11"),
}
_ZIP_SKIPPED = {"docProps/core.xml", "docProps/app.xml"}
_EVIDENCE_DROPPED = {"fetched_at", "final_url", "warc_offset"}


def run_examples(out: Path) -> dict[str, Path]:
    """Run each example into ``out/<name>``; return the run folders."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    folders = {}
    for name, (config, period) in EXAMPLES.items():
        target = out / name
        subprocess.run(
            [sys.executable, "-m", "compliance", "--config", str(config), "run",
             "--period", period, "--out", str(target)],
            check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        folders[name] = target / period
    return folders


def normalised(path: Path, rel: str) -> dict[str, bytes]:
    """The comparable parts of one output file: ``{name: bytes}``."""
    data = path.read_bytes()
    if path.suffix in {".docx", ".xlsx"}:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {
                f"{rel}!{part}": archive.read(part)
                for part in sorted(archive.namelist())
                if part not in _ZIP_SKIPPED
            }
    if rel.endswith(".warc.gz"):
        return {rel: warc_listing(data)}
    if rel.endswith("evidence/index.csv"):
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        kept = [c for c in (rows[0] if rows else {}) if c not in _EVIDENCE_DROPPED]
        text = "\n".join(",".join(row[c] for c in kept) for row in rows)
        return {rel: (",".join(kept) + "\n" + text).encode()}
    return {rel: data}


def warc_listing(data: bytes) -> bytes:
    """A WARC file without what changes each run (WARC-Date, WARC-Record-ID): one line per
    record, ``type target-uri content-type payload-digest``."""
    from warcio.archiveiterator import ArchiveIterator

    lines = []
    for record in ArchiveIterator(io.BytesIO(data)):
        fields = ("WARC-Target-URI", "Content-Type", "WARC-Payload-Digest")
        values = [record.rec_headers.get_header(name) or "-" for name in fields]
        lines.append(" ".join([record.rec_type, *values]))
    return "\n".join(lines).encode()


def snapshot(folders: dict[str, Path]) -> dict[str, bytes]:
    """Every comparable part of every output of the runs, by ``example/relative/path``."""
    parts: dict[str, bytes] = {}
    for name, folder in folders.items():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = f"{name}/{path.relative_to(folder).as_posix()}"
            if rel.split("/")[1] == "evidence" and not rel.endswith(("index.csv", ".warc.gz")):
                parts[rel] = path.read_bytes()  # saved bodies: named by their own hash
                continue
            parts.update(normalised(path, rel))
    return parts


def digests(parts: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.sha256(body).hexdigest() for name, body in sorted(parts.items())}


def differences(recorded: dict[str, str], now: dict[str, str]) -> list[str]:
    """One line per part that is new, gone or changed."""
    lines = [f"mới: {n}" for n in now if n not in recorded]
    lines += [f"mất: {n}" for n in recorded if n not in now]
    lines += [f"khác: {n}" for n in now if n in recorded and recorded[n] != now[n]]
    return sorted(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="record the outputs as golden")
    parser.add_argument("--dump", type=Path, help="write the normalised parts into this folder")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        parts = snapshot(run_examples(Path(tmp)))
    if args.dump:
        for name, body in parts.items():
            target = args.dump / name.replace("!", "/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
    now = digests(parts)
    if args.update:
        MANIFEST.write_text(json.dumps(now, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{MANIFEST.relative_to(ROOT)}: {len(now)} phần")
        return 0
    diff = differences(json.loads(MANIFEST.read_text(encoding="utf-8")), now)
    for line in diff:
        print(line)
    print(f"{len(now)} phần, {len(diff)} khác")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
