"""Tools → "Write to support…": the menu action that opens the composer. Kept apart from the
dialog so the main window can add it at start-up without importing the composer (about 0.1 s
of imports): the dialog module is imported when the action is first used."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from faqdesk.core import text


def install_compose_action(
    window: QWidget, menu: QMenu, language: Callable[[], str], content_dir: Path | None = None
) -> QAction:
    """Add "Write to support…" to ``menu`` (Tools); it opens the composer over ``window``.
    Its text is set in ``language()`` now and again each time the menu is about to show, so
    it follows a language change without the window re-translating it."""
    action = QAction(menu)
    action.setObjectName("composeAction")

    def set_text() -> None:
        action.setText(text.render("compose.ui.menu", language()))

    def open_it(*_args: Any) -> None:
        from faqdesk.ui.compose.dialog import open_composer
        from faqdesk.ui.compose.requests import offer_cases

        offer_cases(window, open_composer(window, content_dir=content_dir))  # window owns it

    action.triggered.connect(open_it)
    menu.aboutToShow.connect(set_text)
    set_text()
    menu.addAction(action)
    return action
