"""Fixtures of the contact window tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from clock_fixtures import fixed_clock
from faqdesk.core.contacts.book import ContactBook


@pytest.fixture
def book(tmp_path: Path) -> Iterator[ContactBook]:
    """An empty contact book in the test's data folder (the bundled contacts only)."""
    with ContactBook.open(tmp_path / "data", clock=fixed_clock) as opened:
        yield opened
