"""Qt's own texts (file dialogs, standard buttons) follow the UI language (issue 12)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from faqdesk.ui.common import i18n


def test_file_dialog_texts_are_chinese_in_the_chinese_ui(qtbot: QtBot) -> None:
    try:
        assert i18n.set_language("zh")
        assert QCoreApplication.translate("QFileDialog", "Open") == "打开"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
        assert i18n.set_language("en")
        assert QCoreApplication.translate("QFileDialog", "Open") == "Open"
    finally:
        i18n.set_language("en")
