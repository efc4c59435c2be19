"""Shared fixtures: small configs and input files written into a temporary folder."""

from __future__ import annotations

import csv
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CASE_HEADER = ["Mã hồ sơ", "Đơn vị giải quyết", "Chủ hồ sơ", "Hình thức nộp", "Ngày tiếp nhận", "Ngày hẹn trả",
               "Ngày có kết quả", "Trạng thái"]  # fmt: skip
LETTER_HEADER = [
    "Mã hồ sơ",
    "Số văn bản",
    "Chủ hồ sơ",
    "Ngày xin lỗi",
    "Đơn vị",
    "Ngày hẹn lại",
    "Ngày niêm yết",
]

BASE_CONFIG = """
organisation:
  province: "Đắk Lắk"
  authority: "Văn phòng UBND tỉnh Đắk Lắk"
inputs:
  cases: ["cases.csv"]
  letters: ["letters.csv"]
units:
  - id: so-a
    name: "Sở A"
    level: province
    code: "000.00.01.H16"
  - id: xa-b
    name: "UBND xã Ea B’lang"
    level: commune
    code: "000.31.01.H16"
"""


def write_csv(
    path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8-sig"
) -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


class Workspace:
    """A folder with config.yaml, cases.csv and letters.csv that a test fills in."""

    def __init__(self, root: Path):
        self.root = root
        self.config_text = BASE_CONFIG

    def config(self, extra: str = "", text: str | None = None) -> Path:
        path = self.root / "config.yaml"
        path.write_text(
            textwrap.dedent(text if text is not None else self.config_text)
            + textwrap.dedent(extra),
            encoding="utf-8",
        )
        return path

    def cases(
        self, rows: list[list[str]], header: list[str] = CASE_HEADER, name: str = "cases.csv", **kw
    ) -> Path:
        return write_csv(self.root / name, header, rows, **kw)

    def letters(
        self, rows: list[list[str]], header: list[str] = LETTER_HEADER, name: str = "letters.csv"
    ) -> Path:
        return write_csv(self.root / name, header, rows)

    def load(self):
        from compliance.config import load_config

        return load_config(self.config())


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    w = Workspace(tmp_path)
    w.letters([])
    return w


@pytest.fixture
def example_config() -> Path:
    return ROOT / "config.yaml"


def _cells(path: Path) -> list:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    return [
        (ws.title, list(ws.iter_rows(values_only=True)), sorted(map(str, ws.merged_cells.ranges)))
        for ws in wb
    ]


@pytest.fixture
def check_example_builder(tmp_path: Path):
    """Check that an example's build.py rebuilds its committed data/ and web/ byte for byte
    (a workbook by its cells: zip bytes depend on the openpyxl version)."""
    import importlib.util
    import sys

    def check(example: Path, module_name: str) -> None:
        spec = importlib.util.spec_from_file_location(module_name, example / "build.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up
        try:
            spec.loader.exec_module(module)
            module.main(tmp_path)
        finally:
            del sys.modules[spec.name]
        built = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
        committed = sorted(
            p.relative_to(example)
            for folder in ("data", "web")
            for p in (example / folder).rglob("*")
            if p.is_file()
        )
        assert built == committed
        for rel in built:
            if rel.suffix == ".xlsx":
                assert _cells(tmp_path / rel) == _cells(example / rel), rel
            else:
                assert (tmp_path / rel).read_bytes() == (example / rel).read_bytes(), rel

    return check


@pytest.fixture(scope="session", autouse=True)
def templates_of_this_checkout():
    """Render and draft with this checkout's templates/.

    The package ``compliance.templates`` is wherever the editable install points; in a second
    checkout (a git worktree) that is another checkout's templates/, and the tests would read
    templates they do not test. In the checkout that was installed this changes nothing.
    """
    import compliance.templates as package

    import compliance.render.docx as docx

    here = ROOT / "templates"
    saved = list(package.__path__), docx.PACKAGE_TEMPLATES
    package.__path__[:] = [str(here)]  # the spec's submodule_search_locations: the same list
    docx.PACKAGE_TEMPLATES = here
    yield here
    package.__path__[:], docx.PACKAGE_TEMPLATES = saved
