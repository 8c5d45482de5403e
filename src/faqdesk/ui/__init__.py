"""PySide6 widgets over faqdesk.core, one panel or dialog per file."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from faqdesk.ui.common.compat import make_singletons_immortal

# Before any Qt call: see faqdesk.ui.common.compat (PySide6 6.12 on Python 3.11 loses references).
make_singletons_immortal()

if TYPE_CHECKING:  # pragma: no cover
    from faqdesk.ui.main_window import MainWindow
    from faqdesk.ui.settings.store import Settings


def create_main_window(
    *,
    content_dir: str | os.PathLike[str] | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    index_dir: str | os.PathLike[str] | None = None,
    now: Callable[[], datetime] | None = None,
    settings: Settings | None = None,
) -> MainWindow:
    """Build the main window (not shown). A ``QApplication`` must exist.

    ``content_dir`` None: the bundled content plus the user's own articles; ``data_dir``:
    where the contacts database lives (None: the user data folder); ``index_dir``: the
    search index (None: the user cache folder); ``now``: a callable returning an aware
    datetime (None: the real clock); ``settings``: None reads the user's QSettings. Folders
    may be given as ``str`` or any path-like object.
    Loading the content and opening the index start in the background at once.
    """
    from faqdesk.ui.main_window import create_window
    from faqdesk.ui.settings.store import Settings

    return create_window(
        settings=settings if settings is not None else Settings(),
        content_dir=_path(content_dir),
        data_dir=_path(data_dir),
        index_dir=_path(index_dir),
        now=now,
    )


def _path(folder: str | os.PathLike[str] | None) -> Path | None:
    return Path(folder) if folder is not None else None


def __getattr__(name: str) -> object:
    """``faqdesk.ui.Settings``: the settings wrapper ``create_main_window(settings=…)`` takes,
    imported on first use like the window itself."""
    if name == "Settings":
        from faqdesk.ui.settings.store import Settings

        return Settings
    raise AttributeError(name)


__all__ = ["Settings", "create_main_window"]
