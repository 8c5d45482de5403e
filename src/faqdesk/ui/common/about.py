"""Help → About FAQDesk."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from faqdesk.core.version import version


def show_about(parent: QWidget) -> None:
    """The About box (its sentences keep the window's translation context)."""
    QMessageBox.about(
        parent,
        QCoreApplication.translate("MainWindow", "About FAQDesk"),
        QCoreApplication.translate(
            "MainWindow",
            "FAQDesk {version}\nAn offline support desk for sellers dealing with Ozon "
            "logistics: articles, search, contacts and call times.",
        ).format(version=version()),
    )
