"""Packaging: setup.cfg lists every package, and a built wheel carries templates/ and the data."""

from __future__ import annotations

import configparser
import importlib.util
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ["don-doc.docx", "mau-04-2018.docx", "mau-04-2025.docx", "report.html.j2"]


def source_packages() -> set[str]:
    """The packages of the source tree: those under compliance/, and compliance.templates."""
    inits = (ROOT / "compliance").rglob("__init__.py")
    return {".".join(p.parent.relative_to(ROOT).parts) for p in inits} | {"compliance.templates"}


def test_setup_cfg_lists_every_package():
    """packages is a list (find: cannot see templates/): a new package must be added to it."""
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    assert set(cfg["options"]["packages"].split()) == source_packages()
    assert cfg["options"]["package_dir"].split() == ["compliance.templates", "=", "templates"]


def can_build_wheels() -> bool:
    """setuptools and wheel, the build requirements of pyproject.toml, are installed."""
    return all(importlib.util.find_spec(name) is not None for name in ("setuptools", "wheel"))


@pytest.mark.skipif(
    not can_build_wheels(), reason="needs setuptools and wheel: pip install -e '.[test]'"
)
def test_wheel_carries_the_templates_and_data(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in ("setup.cfg", "pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    for name in ("compliance", "templates"):  # a copy: the build writes build/ and egg-info
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index"]
        + ["--quiet", "--wheel-dir", str(out), str(src)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    (wheel_path,) = out.glob("compliance-*.whl")
    with zipfile.ZipFile(wheel_path) as wheel:
        names = set(wheel.namelist())
        shipped = {name: wheel.read(f"compliance/templates/{name}") for name in TEMPLATES}
    assert shipped == {name: (ROOT / "templates" / name).read_bytes() for name in TEMPLATES}
    assert {"compliance/calendar/official_days.csv", "compliance/py.typed"} <= names
    assert not [n for n in names if n.startswith("templates/")], "no top-level templates package"
    packages = {n.rsplit("/", 1)[0].replace("/", ".") for n in names if n.endswith("/__init__.py")}
    assert packages == source_packages()
