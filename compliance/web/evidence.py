"""Evidence of every page read: the body saved once by its SHA-256, and evidence/index.csv.

File names come from the hash only, never from the URL or the page, so nothing a website
says can choose where a file is written. The WARC file (:mod:`compliance.web.warc`) is named
after the run folder, i.e. the period label.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pandas as pd

from compliance.model import EVIDENCE_COLUMNS
from compliance.outputs.files import safe_filename, write_csv
from compliance.web.fetch import FetchResult
from compliance.web.warc import WarcFile

_EXTENSIONS = {
    "html": ".html", "json": ".json", "pdf": ".pdf", "docx": ".docx", "doc": ".doc", "text": ".txt",
}  # fmt: skip


class EvidenceStore:
    """Collects the evidence of one run under ``evidence_dir``; safe to share between threads.

    Used with ``with``, it also writes every page to ``<period label>.warc.gz`` (the label is
    the run folder's name), moved into place when the block ends without an exception.
    """

    def __init__(self, evidence_dir: Path):
        self.dir = Path(evidence_dir)
        self.warc = WarcFile(self.dir / f"{safe_filename(self.dir.resolve().parent.name)}.warc.gz")
        self._rows: list[dict] = []
        self._seen: set[tuple[str, str, str]] = set()
        self._lock = threading.Lock()
        self._dirs: set[str] = set()  #: sub-folders known to exist
        self._saved: set[str] = set()  #: file names written (or found) in this run

    def record(self, result: FetchResult, kind: str = "") -> str:
        """Save the body (once per content) and add a row to the index. Returns the SHA-256."""
        digest = ""
        path = ""
        if result.body is not None:
            digest = hashlib.sha256(result.body).hexdigest()
            name = digest + _EXTENSIONS.get(kind, ".bin")
            self._save(digest[:2], name, result.body)
            # Relative to the run's output folder, e.g. evidence/ab/abcdef….html
            path = f"{self.dir.name}/{digest[:2]}/{name}"
        row: dict[str, object] = {
            "url": result.shown,
            "final_url": result.final_url,
            "fetched_at": result.fetched_at.isoformat(),
            "status": result.status_label,
            "sha256": digest,
            "content_type": result.content_type,
            "path": path,
            "warc_file": "",
            "warc_offset": "",
        }
        records = self.warc.encode(result, digest)  # compressed outside the lock
        with self._lock:
            key = (result.shown, result.status_label, digest)
            if key not in self._seen:  # the same page read twice in a run is listed once
                self._seen.add(key)
                # Under the lock: one page's records at a time, and the offset is theirs.
                offset = self.warc.append(records)
                if offset is not None:
                    row["warc_file"] = f"{self.dir.name}/{self.warc.path.name}"
                    row["warc_offset"] = offset
                self._rows.append(row)
        return digest

    def __enter__(self) -> EvidenceStore:
        self.warc.open()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        """Finish the WARC file (deleted instead after an exception)."""
        self.warc.close(exc_type, exc, tb)

    def _save(self, folder: str, name: str, body: bytes) -> None:
        """Write ``folder/name`` once, atomically (a temporary file moved into place), with
        as few system calls as possible: a cached re-run saves every page again."""
        if name in self._saved:
            return
        directory = os.path.join(self.dir, folder)
        target = os.path.join(directory, name)
        if directory not in self._dirs:
            os.makedirs(directory, exist_ok=True)
            self._dirs.add(directory)
        elif os.path.exists(target):
            self._saved.add(name)
            return
        tmp = os.path.join(directory, f".{name}.{threading.get_ident()}.tmp")
        try:
            with open(tmp, "wb") as out:
                out.write(body)
            os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        self._saved.add(name)

    def frame(self) -> pd.DataFrame:
        with self._lock:
            return pd.DataFrame(self._rows, columns=EVIDENCE_COLUMNS)

    def write_index(self) -> Path:
        """Write ``index.csv`` (CONTRACT section 4) and return its path."""
        path = self.dir / "index.csv"
        write_csv(path, self.frame(), columns=EVIDENCE_COLUMNS)
        return path
