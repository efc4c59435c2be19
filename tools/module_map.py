"""The package's module map for docs/development.md: one line per module, from its docstring.

    python3 tools/module_map.py           # print the map (Markdown)
    python3 tools/module_map.py --check   # exit 1 when docs/development.md's map is not current

Each module of ``compliance/`` starts with a one-line docstring that says its job; this map is
that line, in the order of the data flow. ``tests/test_layout.py`` runs ``--check``.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "compliance"
DOCS = ROOT / "docs" / "development.md"
BEGIN = "<!-- module map: tools/module_map.py -->"
END = "<!-- end of module map -->"
#: Sub-packages in the order a run uses them; modules outside them first.
ORDER = ["", "cli", "calendar", "read", "inputs", "analyse", "analyse/tables", "web", "web/sites",
         "outputs", "render", "history"]  # fmt: skip


def first_line(path: Path) -> str:
    """The first line of the module's docstring ('' when it has none)."""
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return doc.splitlines()[0].strip() if doc else ""


def module_map() -> str:
    """The map as a Markdown code block: one line per module, grouped by sub-package."""
    lines = ["```"]
    missing = {p.parent.relative_to(PACKAGE).as_posix().replace(".", "") for p in PACKAGE.rglob("*.py")}
    missing -= set(ORDER)
    if missing:
        raise SystemExit(f"tools/module_map.py: add {sorted(missing)} to ORDER")
    for folder in ORDER:
        base = PACKAGE / folder
        files = sorted(base.glob("*.py"), key=lambda p: (p.name != "__init__.py", p.name))
        for path in files:
            name = path.relative_to(ROOT).as_posix()
            lines.append(f"{name:<38} {first_line(path)}")
        lines.append("")
    lines[-1] = "```"
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    current = module_map()
    if "--check" not in argv:
        print(current)
        return 0
    text = DOCS.read_text(encoding="utf-8")
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < 0 or text[start + len(BEGIN) : end].strip() != current.strip():
        print(f"{DOCS.relative_to(ROOT)}: the module map is not current; paste the output of "
              "python3 tools/module_map.py between its markers")  # fmt: skip
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
