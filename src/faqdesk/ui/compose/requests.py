"""Where the other features ask for the composer: "Write to support" on a problem article or
the start page (the window's ``composeRequested(article_id)``), and a case's "Write" step
(``composeRequested(template_id, values)`` of the Cases pane, the template pre-filled). Every
composer opened over the window offers "Copy and start a case" when the window keeps cases."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QWidget


def connect_compose_requests(
    window: QWidget,
    from_articles: SignalInstance,
    from_cases: SignalInstance | None,
    content_dir: Path | None = None,
) -> None:
    """Open the composer over *window* when either signal asks for it."""

    def for_article(article_id: str) -> None:
        from faqdesk.ui.compose.dialog import open_composer

        dialog = open_composer(window, problem=article_id or None, content_dir=content_dir)
        offer_cases(window, dialog)

    def for_case(template_id: str, values: Mapping[str, str]) -> None:
        from faqdesk.ui.compose.dialog import open_composer

        dialog = open_composer(
            window, template_id=template_id, values=values, content_dir=content_dir
        )
        offer_cases(window, dialog)

    from_articles.connect(for_article)
    if from_cases is not None:
        from_cases.connect(for_case)


def offer_cases(window: QWidget, dialog: QWidget) -> None:
    """Give *dialog* (a composer) "Copy and start a case" when *window* has a Cases pane."""
    start_case: Callable[[dict[str, object]], object] | None = getattr(
        getattr(window, "cases_panel", None), "start_case", None
    )
    set_handler = getattr(dialog, "set_case_handler", None)
    if start_case is not None and set_handler is not None:
        set_handler(start_case)
