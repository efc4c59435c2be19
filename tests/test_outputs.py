"""Output files: atomic, UTF-8 with BOM, spreadsheet formulas neutralised, safe file names."""

import csv
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from compliance.cli import main
from compliance.outputs.files import atomic_path, neutralise_formula, safe_filename, write_csv


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+84 912", "'+84 912"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("-5", "-5"),  # a plain negative number is data
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        (12, 12),
    ],
)
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected


@pytest.mark.parametrize(
    ("name", "safe"), [("../../etc/passwd", "etc_passwd"), ("A/B:C*?", "A_B_C"), ("", "_")]
)
def test_safe_filename(name, safe):
    assert safe_filename(name) == safe


def test_csv_is_bom_utf8_nfc_and_atomic(tmp_path):
    path = tmp_path / "a.csv"
    write_csv(path, pd.DataFrame({"x": ["Ho\u0300a", "=1+1"]}))
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "Hòa" in text and "'=1+1" in text
    with pytest.raises(RuntimeError), atomic_path(tmp_path / "b.csv") as tmp:
        tmp.write_text("half")
        raise RuntimeError("crash")
    assert not (tmp_path / "b.csv").exists()
    assert list(tmp_path.iterdir()) == [path]


def test_hostile_input_is_neutralised_in_every_csv_and_masked_on_request(ws):
    ws.config()
    row = [
        "000.00.01.H16-200420-0001",
        "Sở A",
        "=cmd|'/C calc'!A0",
        "Trực tiếp",
        "20/04/2020",
        "24/04/2020",
        "28/04/2020",
        "",
    ]
    ws.cases([row])
    result = CliRunner().invoke(
        main,
        [
            "--config",
            str(ws.root / "config.yaml"),
            "run",
            "--period",
            "2020-05",
            "--no-web",
            "--mask-names",
        ],
    )
    assert result.exit_code == 0, result.output
    folder = ws.root / "out" / "2020-05"
    with (folder / "findings.csv").open(encoding="utf-8-sig") as fh:
        applicant = next(csv.DictReader(fh))["applicant"]
    assert applicant.startswith("'=")  # machine file: full value, neutralised
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "calc" not in html  # human report: masked (family name kept, the rest initials)
    assert (
        json.loads((folder / "summary.json").read_text(encoding="utf-8"))["totals"]["resolved_late"]
        == 1
    )
