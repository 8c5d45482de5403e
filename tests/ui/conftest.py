"""Fixtures for the window tests: a Settings over a temporary INI file, and the window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from faqdesk.ui import create_main_window
from faqdesk.ui.common import i18n
from faqdesk.ui.main_window import MainWindow
from faqdesk.ui.settings.store import Settings

#: A fixed Thursday morning in Moscow (14:30 in Shanghai).
FIXED_NOW = datetime(2026, 11, 26, 9, 30, tzinfo=ZoneInfo("Europe/Moscow"))


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture
def make_settings(settings_file: Path) -> Callable[[], Settings]:
    """A fresh Settings over the test's INI file (call again to 'restart' the app)."""

    def make() -> Settings:
        return Settings(QSettings(str(settings_file), QSettings.Format.IniFormat))

    return make


@pytest.fixture
def settings(make_settings: Callable[[], Settings]) -> Settings:
    value = make_settings()
    value.language = "en"
    value.home_timezone = "Asia/Shanghai"
    return value


@pytest.fixture
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One search index for the whole test session is too shared; one per test is slow but
    honest. Tests that only browse never open it."""
    return tmp_path_factory.mktemp("index")


def fresh_window(qtbot: QtBot, tmp_path: Path, content: Path, settings: Settings) -> MainWindow:
    """A window over ``content`` with a new index folder, not yet shown (tests look at the
    moments before the content or the index is ready)."""
    window = create_main_window(
        content_dir=content,
        data_dir=tmp_path / "data",
        index_dir=tmp_path / "index",
        now=lambda: FIXED_NOW,
        settings=settings,
    )
    qtbot.addWidget(window)
    return window


@pytest.fixture
def open_window(
    qtbot: QtBot, tmp_path: Path, bundled_content: Path, index_dir: Path
) -> Iterator[Callable[..., MainWindow]]:
    """Build (and show) a window over the bundled content; waits for the content."""
    windows: list[MainWindow] = []

    def open_(
        settings: Settings,
        content_dir: Path | None = None,
        wait_for_search: bool = False,
    ) -> MainWindow:
        window = create_main_window(
            content_dir=content_dir or bundled_content,
            data_dir=tmp_path / "data",
            index_dir=index_dir,
            now=lambda: FIXED_NOW,
            settings=settings,
        )
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.library is not None and window.docks.built, timeout=10_000)
        if wait_for_search:
            qtbot.waitUntil(
                lambda: window.is_search_ready() or window.search_failed is not None,
                timeout=60_000,
            )
            assert window.search_failed is None, window.search_failed
        return window

    yield open_
    for window in windows:
        window.shutdown()
    i18n.set_language("en")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The offscreen platform warns that it cannot pass size hints to, or raise a window in,
    a window manager it does not have; that says nothing about our code, so those two
    warnings do not fail UI tests (every other Qt warning still does)."""
    for item in items:
        if "tests/ui/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(
                pytest.mark.qt_log_ignore(
                    r"This plugin does not support (propagateSizeHints|raise)"
                )
            )
