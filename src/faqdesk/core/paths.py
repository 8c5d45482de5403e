"""The one place that knows where files are.

Bundled data (``content/``, ``resources/``) is found next to the installed package
(``faqdesk/_bundled/...`` in a wheel) or, in a source checkout, at the repository's top
level. User files live in platformdirs' per-user folders; ``FAQDESK_DATA_DIR`` and
``FAQDESK_CACHE_DIR`` override them (the tests and benchmarks use that), and so do the global
``--data-dir`` / ``--cache-dir`` options of the ``faqdesk`` command (:func:`use_user_dirs`).
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


DATA_DIR_VARIABLE = "FAQDESK_DATA_DIR"
CACHE_DIR_VARIABLE = "FAQDESK_CACHE_DIR"


def use_user_dirs(
    data_dir: str | os.PathLike[str] | None = None, cache_dir: str | os.PathLike[str] | None = None
) -> None:
    """Make this process (and the processes it starts) use *data_dir* / *cache_dir* for the
    user's files. Relative paths are taken against the working directory now, once."""
    if data_dir is not None:
        os.environ[DATA_DIR_VARIABLE] = str(Path(data_dir).expanduser().absolute())
    if cache_dir is not None:
        os.environ[CACHE_DIR_VARIABLE] = str(Path(cache_dir).expanduser().absolute())


def data_dir_chosen() -> bool:
    """True when the data folder was chosen (option or environment) rather than the platform's."""
    return bool(os.environ.get(DATA_DIR_VARIABLE))


def settings_file() -> Path:
    """The settings file used when the data folder was chosen: the settings travel with it."""
    return user_data_dir() / "settings.ini"


def user_data_dir() -> Path:
    """Where the user's own data lives (contacts database, own articles). Not created here."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def user_cache_dir() -> Path:
    """Where rebuildable data lives (the search index). Not created here."""
    override = os.environ.get(CACHE_DIR_VARIABLE)
    if override:
        return Path(override)
    return Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR))


def user_content_dir() -> Path:
    """The user's own articles, in the same layout as the bundled ``content/``."""
    return user_data_dir() / "content"


def default_index_dir() -> Path:
    """The search index folder."""
    return user_cache_dir() / "index"
