"""render_all: every human-facing output of a run lands in the run's folder."""

from __future__ import annotations

import sys

import pytest

from compliance.render import render_all

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="letters are forked on Linux only")


def test_render_all_writes_reports_and_drafts(result, tmp_path):
    result.out_dir = tmp_path / "out" / "2020-05"
    render_all(result)
    names = {p.relative_to(result.out_dir).parts[0] for p in result.out_dir.rglob("*")}
    assert {"report.html", "report.xlsx", "letters", "followup"} <= names
    assert list(result.out_dir.rglob("*.docx"))


def test_render_all_needs_an_output_folder(result):
    with pytest.raises(ValueError, match="out_dir"):
        render_all(result)


def _drafts(folder):
    """Every draft and index below ``folder``: relative path → document text (or file bytes)."""
    import zipfile

    out = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as package:
                out[path.relative_to(folder).as_posix()] = package.read("word/document.xml")
        elif path.is_file() and path.suffix != ".xlsx":
            out[path.relative_to(folder).as_posix()] = path.read_bytes()
    return out


@linux_only
def test_forked_letters_are_the_same_as_drafted_here(result, tmp_path):
    import re

    drafts = {}
    for parallel in (False, True):
        result.out_dir = tmp_path / str(parallel) / "2020-05"
        render_all(result, parallel=parallel)
        drafts[parallel] = _drafts(result.out_dir)
    assert any(name.endswith(".docx") for name in drafts[True])
    assert drafts[True].keys() == drafts[False].keys()
    for name, content in drafts[True].items():
        if name == "report.html":  # states the moment it was made
            content, other = (re.sub(rb"\d\d:\d\d", b"", c) for c in (content, drafts[False][name]))
            assert content == other
        else:
            assert content == drafts[False][name], name


@linux_only
def test_a_failure_in_the_forked_letters_is_raised_here(result, tmp_path, monkeypatch):
    import compliance.render.letters as letters
    from compliance.errors import ConfigError

    def broken(*args, **kwargs):
        raise ConfigError("template broken", hint="restore templates/mau-04-2025.docx")

    monkeypatch.setattr(letters, "draft_apology_letters", broken)
    result.out_dir = tmp_path / "2020-05"
    with pytest.raises(ConfigError, match="template broken") as raised:
        render_all(result, parallel=True)
    assert raised.value.hint == "restore templates/mau-04-2025.docx"  # the CLI shows it
    assert (result.out_dir / "report.html").is_file()  # the reports were written meanwhile


@linux_only
def test_letters_are_drafted_here_when_the_forked_process_dies(result, tmp_path, monkeypatch):
    import os

    import compliance.render.letters as letters

    here, original = os.getpid(), letters.draft_apology_letters

    def dies_when_forked(*args, **kwargs):
        if os.getpid() != here:
            os._exit(3)
        return original(*args, **kwargs)

    monkeypatch.setattr(letters, "draft_apology_letters", dies_when_forked)
    result.out_dir = tmp_path / "2020-05"
    render_all(result, parallel=True)
    assert list((result.out_dir / "letters").rglob("*.docx"))
    assert list((result.out_dir / "followup").rglob("*.docx"))
