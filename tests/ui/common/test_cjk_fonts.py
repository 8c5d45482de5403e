"""Chinese text in the UI falls back to the CJK font each platform has (issue 17)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from faqdesk.ui.app import use_cjk_fallback_fonts
from faqdesk.ui.common.compat import ui_font_families


@pytest.mark.parametrize(
    ("ui_font", "installed", "families"),
    [
        # Linux with Noto CJK
        ("Cantarell", ["Cantarell", "Noto Sans CJK SC"], ["Cantarell", "Noto Sans CJK SC"]),
        # Windows: no Noto CJK, Microsoft YaHei is there
        ("Segoe UI", ["Segoe UI", "SimSun", "Microsoft YaHei"], ["Segoe UI", "Microsoft YaHei"]),
        # macOS: PingFang SC
        (".AppleSystemUIFont", ["Helvetica", "PingFang SC"], [".AppleSystemUIFont", "PingFang SC"]),
        # all three: Noto first, then the others in order
        (
            "Sans",
            ["PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC"],
            ["Sans", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC"],
        ),
        # the font database may spell names in another case
        ("Sans", ["microsoft yahei"], ["Sans", "Microsoft YaHei"]),
        # no CJK font at all: the UI font alone (Qt's own fallback then)
        ("Sans", ["Sans", "DejaVu Serif"], ["Sans"]),
        # the UI font is itself the CJK font: not listed twice
        ("Microsoft YaHei", ["Microsoft YaHei"], ["Microsoft YaHei"]),
    ],
)
def test_the_ui_font_falls_back_to_the_installed_cjk_font(
    ui_font: str, installed: list[str], families: list[str]
) -> None:
    assert ui_font_families(ui_font, installed) == families


@pytest.fixture
def app_font(qtbot: QtBot) -> Iterator[QApplication]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font()
    yield app
    app.setFont(before)


def test_the_application_font_lists_the_cjk_font_installed_here(app_font: QApplication) -> None:
    installed = {family.casefold() for family in QFontDatabase.families()}
    if "noto sans cjk sc" not in installed:
        pytest.skip("this machine has no Noto Sans CJK SC")
    ui_family = app_font.font().family()
    use_cjk_fallback_fonts(app_font)
    assert app_font.font().families() == [ui_family, "Noto Sans CJK SC"]
    assert app_font.font().family() == ui_family  # Latin text keeps the system's UI font
