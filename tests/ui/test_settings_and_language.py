"""The settings dialog (inline validation, persistence) and switching language live."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLabel, QLineEdit, QSpinBox
from pytestqt.qtbot import QtBot

from faqdesk.ui.main_window import MainWindow
from faqdesk.ui.settings.dialog import SettingsDialog
from faqdesk.ui.settings.store import Settings


def _ok(dialog: SettingsDialog):  # type: ignore[no-untyped-def]
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_invalid_calling_hours_are_shown_under_the_field_and_block_ok(
    qtbot: QtBot, settings: Settings
) -> None:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    hours = dialog.findChild(QLineEdit, "callingHoursEdit")
    error = dialog.findChild(QLabel, "callingHoursError")
    assert hours is not None and error is not None
    assert not error.isVisible()
    hours.clear()
    qtbot.keyClicks(hours, "9-25")
    assert error.isVisible()
    assert "25:00" in error.text()
    assert not _ok(dialog).isEnabled()
    qtbot.keyClick(hours, Qt.Key.Key_Return)  # Enter does not close it with bad data
    assert dialog.isVisible()
    assert settings.calling_hours == "09:00-21:00"

    hours.clear()
    qtbot.keyClicks(hours, "10:00-20:00")
    assert not error.isVisible()
    assert _ok(dialog).isEnabled()
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert settings.calling_hours == "10:00-20:00"


def test_time_zone_is_checked_and_saved_with_the_font_size(
    qtbot: QtBot, settings: Settings, make_settings: Callable[[], Settings]
) -> None:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    zone = dialog.findChild(QComboBox, "timezoneCombo")
    assert zone is not None and zone.currentText() == "Asia/Shanghai"
    zone.setEditText("Mars/Olympus")
    assert dialog.findChild(QLabel, "timezoneError").isVisible()  # type: ignore[union-attr]
    assert not _ok(dialog).isEnabled()
    zone.setEditText("Europe/Berlin")
    dialog.findChild(QSpinBox, "fontSizeSpin").setValue(15)  # type: ignore[union-attr]
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    again = make_settings()  # as read at the next start
    assert again.home_timezone == "Europe/Berlin"
    assert again.font_size == 15


def test_switching_to_chinese_retranslates_the_open_window(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings, wait_for_search=True)
    window.open_article("delivery-delay")
    assert window.search_box.placeholderText() == "Search articles (Ctrl+K)"
    assert window.file_menu.title() == "&File"

    window.show_settings()
    dialog = window.settings_dialog
    combo = dialog.findChild(QComboBox, "languageCombo")
    assert combo is not None
    combo.setCurrentIndex(combo.findData("zh"))
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)

    # Qt delivers LanguageChange through the event loop: no restart, no sleep.
    qtbot.waitUntil(lambda: window.search_box.placeholderText() == "搜索文章 (Ctrl+K)")
    assert window.file_menu.title() == "文件(&F)"
    assert window.article_view.accessibleName() == "文章"  # screen readers hear Chinese too
    assert window.index_label.text().startswith("已索引")
    page = window.article_view.page()
    assert page is not None and page.lang == "zh" and page.article_id == "delivery-delay"
    tree_names = [
        window.navigation.category_model.item(row).text()
        for row in range(window.navigation.category_model.rowCount())
    ]
    assert any("常见问题" in name or "问题" in name for name in tree_names), tree_names

    settings.language = "en"  # and back, without a restart
    qtbot.waitUntil(lambda: window.search_box.placeholderText() == "Search articles (Ctrl+K)")
    assert window.file_menu.title() == "&File"


def test_font_size_setting_changes_the_reading_font(
    open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    window.open_article("delivery-delay")
    settings.font_size = 18
    assert window.article_view.document().defaultFont().pointSize() == 18
    assert window.article_view.page() is not None


def test_settings_travel_with_a_chosen_data_folder(tmp_path: Path, qtbot: QtBot) -> None:
    from faqdesk.core import paths

    paths.use_user_dirs(tmp_path / "profile")
    settings = Settings()
    settings.set_value("calling_hours", "10:00-20:00")
    settings.sync()
    assert "10:00-20:00" in (tmp_path / "profile" / "settings.ini").read_text(encoding="utf-8")
    assert Settings().value("calling_hours") == "10:00-20:00"


def test_what_the_user_typed_is_repeated_as_plain_text(qtbot: QtBot, settings: Settings) -> None:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    zone = dialog.findChild(QComboBox, "timezoneCombo")
    assert zone is not None
    zone.setEditText("<img src=file:///etc/passwd><h1>X</h1>")
    error = dialog.findChild(QLabel, "timezoneError")
    assert error is not None and error.isVisible()
    assert "<h1>X</h1>" in error.text()
    assert error.textFormat() == Qt.TextFormat.PlainText
