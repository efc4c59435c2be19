"""The package reads as the data flow: every module says its job in one line and stays small."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted((ROOT / "compliance").rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_module_says_its_job_in_one_line_and_stays_small(path):
    source = path.read_text(encoding="utf-8")
    doc = ast.get_docstring(ast.parse(source))
    assert doc and doc.splitlines()[0].strip(), "a one-line docstring that says the module's job"
    assert len(doc.splitlines()) == 1 or doc.splitlines()[1] == "", "the first line stands alone"
    assert len(source.splitlines()) <= 400


def test_the_module_map_in_the_docs_is_current():
    result = subprocess.run(
        [sys.executable, "tools/module_map.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
