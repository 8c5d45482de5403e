"""Test set-up shared by every test.

- Qt runs on the offscreen platform, so no display is needed (CI has none).
- Every test gets its own empty user data and cache folders, so no test reads or writes
  the real user's contacts, settings or search index.
- A sentence missing from the catalog (``faqdesk.text`` warns, the user would see a key) fails
  the test, unless it is marked ``missing_sentence_expected``.
- The command line's clock is fixed (Thursday 2026-11-26 09:00 UTC), so no test reads the
  real clock.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from clock_fixtures import fixed_clock

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CONTENT = REPO_ROOT / "content"

#: The subcommands that read ``system_now`` (each imports it by name, so each is patched).
_CLOCK_COMMANDS = ("calltime", "contacts", "search", "index", "cases")


@pytest.fixture(autouse=True)
def isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Point FAQDesk's user data and cache folders at fresh temporary folders."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("FAQDESK_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("FAQDESK_CACHE_DIR", str(base / "cache"))
    yield base


@pytest.fixture(autouse=True)
def fixed_cli_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Replace ``faqdesk.commands.system_now`` with a fixed time, in the package and in every
    imported subcommand module that took its own reference to it."""
    for name in _CLOCK_COMMANDS:
        importlib.import_module(f"faqdesk.commands.{name}")
    for name, module in list(sys.modules.items()):
        in_commands = name == "faqdesk.commands" or name.startswith("faqdesk.commands.")
        if in_commands and hasattr(module, "system_now"):
            monkeypatch.setattr(module, "system_now", fixed_clock)


@pytest.fixture
def bundled_content() -> Path:
    """The content folder shipped with the app."""
    return BUNDLED_CONTENT


@pytest.fixture(autouse=True)
def no_missing_sentence(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test during which the catalog was asked for a sentence it lacks (or that did not
    fit its parameters): the user would have seen a bare key."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("faqdesk.text")
    logger.addHandler(handler)
    yield
    logger.removeHandler(handler)
    if records and request.node.get_closest_marker("missing_sentence_expected") is None:
        pytest.fail("catalog: " + "; ".join(record.getMessage() for record in records))
