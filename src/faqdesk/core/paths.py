"""The one place that knows where files are.

Bundled data (``content/``, ``resources/``) is found next to the installed package
(``faqdesk/_bundled/...`` in a wheel) or, in a source checkout, at the repository's top
level. User files live in platformdirs' per-user folders; ``FAQDESK_DATA_DIR`` and
``FAQDESK_CACHE_DIR`` override them (the tests and benchmarks use that).
Nothing here depends on the working directory.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "FAQDesk"
APP_AUTHOR = "FAQDesk"

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # .../faqdesk


def _bundled(name: str) -> Path:
    installed = _PACKAGE_DIR / "_bundled" / name
    if installed.is_dir():
        return installed
    # Source checkout (editable install or PYTHONPATH=src): src/faqdesk -> repository root.
    checkout = _PACKAGE_DIR.parent.parent / name
    return checkout


def bundled_content_dir() -> Path:
    """The read-only content shipped with the app (articles, categories, contacts)."""
    return _bundled("content")


def resources_dir() -> Path:
    """Icons, styles, translations and the .desktop file."""
    return _bundled("resources")


def user_data_dir() -> Path:
    """Where the user's own data lives (contacts database, own articles). Not created here."""
    override = os.environ.get("FAQDESK_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def user_cache_dir() -> Path:
    """Where rebuildable data lives (the search index). Not created here."""
    override = os.environ.get("FAQDESK_CACHE_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR))


def user_content_dir() -> Path:
    """The user's own articles, in the same layout as the bundled ``content/``."""
    return user_data_dir() / "content"


def default_index_dir() -> Path:
    """The search index folder."""
    return user_cache_dir() / "index"
