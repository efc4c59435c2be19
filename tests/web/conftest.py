"""Fixtures for the website tests: local web servers, stopped after each test (see webkit.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The suite runs with --import-mode=importlib, which puts no test folder on sys.path; the web
# tests share their server and document helpers through these two sibling modules.
sys.path.insert(0, str(Path(__file__).parent))

from webkit import Site  # noqa: E402


@pytest.fixture
def sites():
    """Factory of local sites: ``sites()`` starts one more; all are stopped after the test."""
    started: list[Site] = []

    def start() -> Site:
        site = Site()
        started.append(site)
        return site

    yield start
    for site in started:
        site.close()


@pytest.fixture
def site(sites) -> Site:
    return sites()
