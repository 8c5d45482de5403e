"""``faqdesk open``'s window part: hand the link to the running FAQDesk, or start on it."""

from __future__ import annotations

import sys


def open_in_window(link: str, lang: str | None = None) -> int:
    """Show ``link`` (``faqdesk://article/<id>…``): a running window shows it; else the window
    starts on the article (as on the article read last). Returns the exit code."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from faqdesk.core import text
    from faqdesk.core.content.render import parse_article_url
    from faqdesk.core.paths import APP_AUTHOR, APP_NAME
    from faqdesk.ui.common.single_instance import MAX_LINE, SingleInstance, message

    parsed = parse_article_url(link)
    if parsed is None:
        return 2
    size = len(message("open", link))
    if size > MAX_LINE:  # the running window would drop it: say so instead of "sent"
        print(text.render("cli.open.too_long", size=size, limit=MAX_LINE), file=sys.stderr)
        return 2
    QCoreApplication.setOrganizationName(APP_AUTHOR)
    QCoreApplication.setApplicationName(APP_NAME)
    app = QApplication.instance() or QApplication(["faqdesk"])
    if SingleInstance(parent=app).tell_running(link):
        print(text.render("cli.open.sent", id=parsed[0]))
        return 0
    from faqdesk.ui.app import run_app
    from faqdesk.ui.settings.store import Settings

    settings = Settings()
    settings.set_value("last_article", parsed[0])
    settings.set_value("last_article_lang", lang or settings.language)
    settings.set_value("last_scroll", 0)
    settings.set_value("last_anchor", parsed[1] or "")  # the window starts at that section
    settings.sync()
    return run_app()
