"""Living in the tray (issue 15): off by default; when on and the desktop has a tray, closing
the window hides it to the tray icon (Show / Quit); off, or no tray, closing quits as before.

The offscreen platform has no tray, so the "tray exists" cases use a tray icon that records
instead of talking to the desktop."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QCheckBox, QDialogButtonBox, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from faqdesk.ui.common import i18n
from faqdesk.ui.common.tray import TrayHome, closing_hides
from faqdesk.ui.main_window import MainWindow
from faqdesk.ui.settings.dialog import SettingsDialog
from faqdesk.ui.settings.store import Settings


class RecordingTray(QSystemTrayIcon):
    """A tray icon that records what the app asks of it (the desktop is never asked)."""

    def __init__(self, icon: QIcon) -> None:
        super().__init__(icon)
        self.visible = False
        self.messages: list[tuple[str, str]] = []

    def show(self) -> None:
        self.visible = True

    def hide(self) -> None:
        self.visible = False

    def isVisible(self) -> bool:
        return self.visible

    def showMessage(self, title: str, body: str, *_args: object) -> None:  # type: ignore[override]
        self.messages.append((title, body))


@pytest.fixture(autouse=True)
def quits_on_last_window() -> Iterator[None]:
    yield
    QApplication.setQuitOnLastWindowClosed(True)


@pytest.mark.parametrize(
    ("keep", "tray", "quitting", "hides"),
    [
        (False, False, False, False),
        (False, True, False, False),  # the default: closing quits, tray or not
        (True, False, False, False),  # no tray (offscreen, some desktops): closing quits
        (True, True, False, True),
        (True, True, True, False),  # Quit from the tray menu or File → Quit
    ],
)
def test_closing_hides_only_with_the_setting_and_a_tray(
    keep: bool, tray: bool, quitting: bool, hides: bool
) -> None:
    assert closing_hides(keep, tray, quitting) is hides


def _in_tray(window: MainWindow, settings: Settings) -> tuple[TrayHome, list[str]]:
    """Give the window a tray home on a desktop that has a tray."""
    quits: list[str] = []
    trays: list[RecordingTray] = []

    def make_tray(icon: QIcon) -> RecordingTray:
        trays.append(RecordingTray(icon))
        return trays[-1]

    window.tray_home = TrayHome(
        window,
        settings,
        available=lambda: True,
        make_tray=make_tray,
        quit_app=lambda: quits.append("quit"),
    )
    return window.tray_home, quits


def test_the_setting_is_off_by_default_and_closing_closes(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    assert settings.keep_in_tray is False
    window = open_window(settings)
    home, quits = _in_tray(window, settings)
    assert home.tray() is None  # no icon while the setting is off
    window.close()
    assert not window.isVisible() and quits == []
    assert QApplication.quitOnLastWindowClosed()  # the app ends as it always did


def test_without_a_tray_closing_quits_even_with_the_setting_on(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    settings.keep_in_tray = True  # offscreen: no system tray
    assert not QSystemTrayIcon.isSystemTrayAvailable()
    assert window.tray_home.tray() is None and not window.tray_home.is_live()
    window.close()
    assert not window.isVisible()
    assert QApplication.quitOnLastWindowClosed()


def test_with_the_setting_on_closing_hides_to_the_tray_and_quit_ends(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    home, quits = _in_tray(window, settings)
    settings.keep_in_tray = True
    tray = home.tray()
    assert isinstance(tray, RecordingTray) and tray.visible
    menu = tray.contextMenu()
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == [
        "Show FAQDesk",
        "Quit FAQDesk",
    ]

    window.close()  # the title bar's ×
    assert not window.isVisible() and quits == []
    assert tray.messages and tray.messages[0][0] == "FAQDesk keeps running in the tray"
    assert not QApplication.quitOnLastWindowClosed()  # a last dialog closing keeps it running

    home.menu.show_action.trigger()
    qtbot.waitExposed(window)
    assert window.isVisible()
    window.close()
    assert not window.isVisible() and len(tray.messages) == 1  # told once
    tray.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)  # a click on the icon
    assert window.isVisible()

    window.quit_action.trigger()  # File → Quit (Ctrl+Q) really quits
    assert quits == ["quit"] and not window.isVisible() and not tray.visible
    assert QApplication.quitOnLastWindowClosed()


def test_turning_the_setting_off_removes_the_icon_and_closing_quits_again(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    home, quits = _in_tray(window, settings)
    settings.keep_in_tray = True
    tray = home.tray()
    assert tray is not None and tray.isVisible()
    settings.keep_in_tray = False
    assert not tray.isVisible() and QApplication.quitOnLastWindowClosed()
    window.close()
    assert not window.isVisible() and quits == []


def test_the_settings_dialog_turns_the_tray_on_and_it_is_remembered(
    qtbot: QtBot, settings: Settings, make_settings: Callable[[], Settings]
) -> None:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    check = dialog.findChild(QCheckBox, "keepInTrayCheck")
    assert check is not None and not check.isChecked()
    assert check.text() == "Keep running in the system tray when the window is closed"
    assert "no system tray" in check.toolTip()  # offscreen: say closing will still quit
    check.click()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert settings.keep_in_tray is True
    assert make_settings().keep_in_tray is True  # after a restart


def test_the_tray_texts_speak_chinese(qtbot: QtBot, settings: Settings) -> None:
    i18n.set_language("zh")
    try:
        dialog = SettingsDialog(settings)
        qtbot.addWidget(dialog)
        check = dialog.findChild(QCheckBox, "keepInTrayCheck")
        assert check is not None and check.text() == "关闭窗口后在系统托盘中继续运行"
    finally:
        i18n.set_language("en")
