"""Test set-up shared by every test.

- Qt runs on the offscreen platform, so no display is needed (CI has none).
- Every test gets its own empty user data and cache folders, so no test reads or writes
  the real user's contacts, settings or search index.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CONTENT = REPO_ROOT / "content"


@pytest.fixture(autouse=True)
def isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Point FAQDesk's user data and cache folders at fresh temporary folders."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("FAQDESK_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("FAQDESK_CACHE_DIR", str(base / "cache"))
    yield base


@pytest.fixture
def bundled_content() -> Path:
    """The content folder shipped with the app."""
    return BUNDLED_CONTENT
