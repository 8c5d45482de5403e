"""Issue 12 in the whole window: the verdict in view at 1024×640, the public API, the keyboard."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from clock_fixtures import fixed_clock
from contact_fixtures import make_contact
from faqdesk.core.contacts.book import ContactBook
from faqdesk.ui import Settings, create_main_window
from faqdesk.ui.common import i18n
from faqdesk.ui.contacts import shortcuts
from faqdesk.ui.main_window import MainWindow

MSK = ZoneInfo("Europe/Moscow")
INSTANTS = {
    "Mon 11:00": datetime(2026, 11, 30, 11, 0, tzinfo=MSK),
    "Fri 17:45": datetime(2026, 11, 27, 17, 45, tzinfo=MSK),
    "Sat 12:00": datetime(2026, 11, 28, 12, 0, tzinfo=MSK),
    "1 Jan": datetime(2027, 1, 1, 12, 0, tzinfo=MSK),
    "16:45 MSK": datetime(2026, 11, 26, 16, 45, tzinfo=MSK),
}

WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def open_at(
    qtbot: QtBot, tmp_path: Path, bundled_content: Path, index_dir: Path
) -> Iterator[WindowFactory]:
    """A window at a fixed instant over a Settings built as the public API describes."""
    windows: list[MainWindow] = []

    def open_(now: datetime, lang: str = "zh", size: tuple[int, int] = (1024, 640)) -> MainWindow:
        data = tmp_path / "data"
        with ContactBook.open(data, clock=fixed_clock) as book:
            book.save(
                make_contact(
                    {
                        "id": "my-forwarder",
                        "name": {"zh": "我的货代", "en": "My forwarder"},
                        "hours": {"mon-fri": "09:00-18:00"},
                        "channels": [{"id": "phone", "kind": "phone", "value": "+7 495 000-00-00"}],
                    }
                )
            )
        settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        settings.set_value("home_timezone", "Asia/Shanghai")
        settings.set_value("calling_hours", "09:00-21:00")
        settings.set_value("language", lang)
        window = create_main_window(
            content_dir=str(bundled_content),  # paths may be str
            data_dir=str(data),
            index_dir=index_dir,
            now=lambda: now,
            settings=settings,
        )
        qtbot.addWidget(window)
        windows.append(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.docks.built)  # just after the first paint
        return window

    yield open_
    for window in windows:
        window.shutdown()
    i18n.set_language("en")


@pytest.mark.parametrize("when", list(INSTANTS))
def test_the_verdict_is_inside_the_window_at_1024x640(open_at: WindowFactory, when: str) -> None:
    window = open_at(INSTANTS[when])
    panel = window.contact_panel
    assert panel is not None
    label = panel.verdict_label
    assert label.isVisible() and label.text()
    # Wholly on screen: not clipped by the dock, and within the window's own rectangle.
    assert label.visibleRegion().boundingRect() == label.rect()
    top_left = label.mapTo(window, QPoint(0, 0))
    assert window.rect().contains(QRect(top_left, label.size()))


def test_create_main_window_uses_the_given_settings(open_at: WindowFactory) -> None:
    window = open_at(INSTANTS["16:45 MSK"])
    panel = window.contact_panel
    assert panel is not None
    assert window.settings.home_timezone == "Asia/Shanghai"
    assert panel.local_clock.time_label.text() == "21:45"
    assert panel.verdict_label.text() == (
        "现在可以打给：我的货代 — 电话，但不是最佳时间（不在您的拨打时段内（您的时间 21:45））"
    )
    assert Settings(str(Path(window.settings._store.fileName()))).language == "zh"


def test_ctrl_shift_c_jumps_to_the_verdicts_card(open_at: WindowFactory, qtbot: QtBot) -> None:
    window = open_at(INSTANTS["Mon 11:00"], lang="en")
    panel = window.contact_panel
    assert panel is not None
    window.activateWindow()
    window.search_box.setFocus()
    qtbot.waitUntil(window.search_box.hasFocus)
    keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.search_box, Qt.Key.Key_C, keys)
    card = panel.card("my-forwarder", "phone")
    assert card is not None and window.focusWidget() is card
    assert "palette(highlight)" in card.styleSheet()


def test_f6_cycles_search_results_reader_contacts(open_at: WindowFactory, qtbot: QtBot) -> None:
    window = open_at(INSTANTS["Mon 11:00"], lang="en")
    panel = window.contact_panel
    assert panel is not None
    parts = [window.search_box, window.navigation, window.reader, panel]
    window.activateWindow()
    window.search_box.setFocus()
    qtbot.waitUntil(window.search_box.hasFocus)
    seen = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F6)
        focused = window.focusWidget()
        seen.append(next(i for i, part in enumerate(parts) if _inside(part, focused)))
    assert seen == [1, 2, 3, 0]
    qtbot.keyClick(window.search_box, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert _inside(panel, window.focusWidget())
    back = shortcuts.cycle_focus(parts, -1)  # and on back to the reader
    assert back is not None and _inside(window.reader, back)


def _inside(part: object, widget: object) -> bool:
    while widget is not None:
        if widget is part:
            return True
        widget = widget.parentWidget()  # type: ignore[attr-defined]
    return False
