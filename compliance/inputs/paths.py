"""The files an input names: config paths and globs, and how a file is shown to the user."""

from __future__ import annotations

import glob
from pathlib import Path

from compliance.config import Config
from compliance.errors import InputError


def expand_paths(config: Config, patterns: list[str], what: str) -> list[Path]:
    """Files named by config paths/globs (relative to the config). A pattern matching nothing is an error."""
    files: list[Path] = []
    for pattern in patterns:
        full = config.path(pattern)
        matches = (
            sorted(Path(p) for p in glob.glob(str(full), recursive=True))
            if glob.has_magic(str(full))
            else ([full] if full.exists() else [])
        )
        matches = [m for m in matches if m.is_file() and not m.name.startswith(("~$", ".~lock"))]
        if not matches:
            raise InputError(
                f"inputs.{what}: '{pattern}' không khớp với tệp nào (tìm trong {full.parent})",
                hint="Kiểm tra tên tệp và thư mục trong config.yaml (đường dẫn tính từ thư mục chứa config.yaml).",
            )
        files.extend(m for m in matches if m not in files)
    return files


def display_path(config: Config, path: Path) -> str:
    """``path`` relative to the config's folder when it lies inside it, else as given."""
    try:
        return str(path.resolve().relative_to(config.base_dir.resolve()))
    except ValueError:
        return str(path)


def input_files(config: Config) -> list[Path]:
    """Every file the config's inputs name (none of an input whose patterns match nothing:
    loading that input says so)."""
    files: list[Path] = []
    for what in ("cases", "letters", "exemptions"):
        try:
            files += expand_paths(config, getattr(config.inputs, what), what)
        except InputError:
            continue
    return files
