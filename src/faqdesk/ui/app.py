"""Start the desktop application (placeholder until the main-window issue lands)."""

from __future__ import annotations

from collections.abc import Sequence


def run_app(argv: Sequence[str] = ()) -> int:
    """Open the FAQDesk window and run the Qt event loop; returns the exit code."""
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(["faqdesk", *argv])
    label = QLabel("FAQDesk")
    label.setWindowTitle("FAQDesk")
    label.resize(640, 400)
    label.show()
    return int(app.exec())
