"""How the reader looks: its stylesheet (light or dark) and the placeholder of a refused image."""

from __future__ import annotations

from PySide6.QtGui import QImage, QPainter, QPalette, QPen

from faqdesk.core import paths

_FALLBACK_CSS = """
body { line-height: 160%; }
h1 { font-size: x-large; margin-bottom: 4px; }
h2 { font-size: large; margin-top: 18px; }
p.summary { color: #666666; margin-bottom: 14px; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border: 1px solid #bbbbbb; padding: 4px 8px; }
th { background-color: #eef2f7; }
code { font-family: monospace; }
"""


def article_css(dark: bool = False) -> str:
    """The reading stylesheet (``resources/styles/article.css``, or ``article-dark.css``)."""
    path = paths.resources_dir() / "styles" / ("article-dark.css" if dark else "article.css")
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return _FALLBACK_CSS


def placeholder_image(palette: QPalette) -> QImage:
    """A small framed box with a cross: where an image is refused or cannot be read."""
    image = QImage(64, 48, QImage.Format.Format_ARGB32)
    image.fill(palette.color(QPalette.ColorRole.AlternateBase))
    painter = QPainter(image)
    painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 2))
    painter.drawRect(1, 1, 61, 45)
    painter.drawLine(20, 14, 44, 34)
    painter.drawLine(44, 14, 20, 34)
    painter.end()
    return image
