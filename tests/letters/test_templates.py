"""The Word templates: packaged copy, reproducible build, user templates taking precedence."""

from __future__ import annotations

import datetime as dt
import importlib.util
import zipfile
from pathlib import Path

from docx import Document

from compliance.render.docx import PACKAGE_TEMPLATES
from compliance.render.letters import draft_apology_letters

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["mau-04-2018.docx", "mau-04-2025.docx", "don-doc.docx"]


def test_build_script_reproduces_the_templates(tmp_path):
    spec = importlib.util.spec_from_file_location(
        "build_templates", ROOT / "templates" / "build_templates.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build([tmp_path])
    for name in NAMES:
        # The body only: the rest comes from python-docx's default template and its version.
        built, kept = (body_xml(folder / name) for folder in (tmp_path, ROOT / "templates"))
        assert built == kept, f"{name} is stale: run python templates/build_templates.py"


def body_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as docx:
        return docx.read("word/document.xml")


def test_user_template_in_config_folder_wins(result, tmp_path, read_docx):
    custom = result.config.path("templates")
    custom.mkdir(parents=True)
    doc = Document(PACKAGE_TEMPLATES / "mau-04-2018.docx")
    doc.add_paragraph("Mẫu riêng của {{ unit_name }}")
    doc.save(custom / "mau-04-2018.docx")
    out = tmp_path / "out"
    index = draft_apology_letters(
        result, out, case_ids=["H16.22-200505-0001"], today=dt.date(2020, 5, 14)
    )
    assert read_docx(out / index.loc[0, "path"]).endswith("Mẫu riêng của Sở Tư pháp tỉnh Đắk Lắk\n")
