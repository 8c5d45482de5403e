"""The colour theme: System (the desktop's palette), Light or Dark, applied live.

Every widget follows the application palette; the reader swaps its stylesheet when the
palette turns dark (:meth:`ArticleView.changeEvent`), so one call here restyles everything.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

THEMES: tuple[str, ...] = ("system", "light", "dark")

_system_palette: QPalette | None = None


def dark_palette() -> QPalette:
    """A dark palette with readable contrast (text on base well above 7:1)."""
    palette = QPalette()
    role = QPalette.ColorRole
    colours = {
        role.Window: "#2b2b2b",
        role.WindowText: "#e8e8e8",
        role.Base: "#1e1e1e",
        role.AlternateBase: "#2f2f2f",
        role.ToolTipBase: "#3a3a3a",
        role.ToolTipText: "#f0f0f0",
        role.PlaceholderText: "#9a9a9a",
        role.Text: "#e8e8e8",
        role.Button: "#353535",
        role.ButtonText: "#e8e8e8",
        role.BrightText: "#ff6b6b",
        role.Light: "#4a4a4a",
        role.Midlight: "#404040",
        role.Mid: "#5a5a5a",
        role.Dark: "#151515",
        role.Shadow: "#000000",
        role.Highlight: "#3d7bd9",
        role.HighlightedText: "#ffffff",
        role.Link: "#7fb4ff",
        role.LinkVisited: "#c59bff",
    }
    for colour_role, colour in colours.items():
        palette.setColor(colour_role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for colour_role in (role.Text, role.WindowText, role.ButtonText):
        palette.setColor(disabled, colour_role, QColor("#7a7a7a"))
    return palette


def apply_theme(theme: str) -> None:
    """Give the application the palette of ``theme`` (an unknown name: System)."""
    global _system_palette
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if _system_palette is None:
        _system_palette = QPalette(app.palette())
    if theme == "dark":
        palette = dark_palette()
    elif theme == "light":
        palette = app.style().standardPalette()
        if palette.color(QPalette.ColorRole.Base).lightness() < 128:
            palette = QPalette(QColor("#efefef"), QColor("#ffffff"))
    else:
        palette = QPalette(_system_palette)
    app.setPalette(palette)
