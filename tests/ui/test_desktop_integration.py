"""Desktop integration: the .desktop entry, the SVG app icon, the window icon."""

from __future__ import annotations

import configparser

from PySide6.QtSvg import QSvgRenderer
from pytestqt.qtbot import QtBot

from faqdesk.core import paths
from faqdesk.ui.main_window import app_icon


def test_desktop_entry_launches_faqdesk_with_its_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(paths.resources_dir() / "faqdesk.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"].split()[0] == "faqdesk"
    assert section["Icon"] == "faqdesk"
    assert section["Name"] == "FAQDesk"
    assert "zh_CN" in "".join(section.keys())
    assert section["Categories"].endswith(";")


def test_the_app_icon_is_a_valid_svg(qtbot: QtBot) -> None:
    renderer = QSvgRenderer(str(paths.resources_dir() / "icons" / "faqdesk.svg"))
    assert renderer.isValid()
    icon = app_icon()
    assert not icon.isNull()
    assert not icon.pixmap(64, 64).toImage().isNull()
