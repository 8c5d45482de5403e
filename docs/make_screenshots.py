"""Render the real FAQDesk window offscreen to docs/screenshot-zh.png and -en.png.

Run: ``.venv/bin/python docs/make_screenshots.py`` (needs fonts-noto-cjk for Chinese).
Each shot: a query typed in the search box, the first result opened (query words
highlighted), and the contact panel docked on the right, at a fixed moment (Thursday
26 Nov 2026, 11:20 in Moscow) so the call-time statuses are reproducible.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 26, 11, 20, tzinfo=ZoneInfo("Europe/Moscow"))
SHOTS = {"zh": "包裹丢了怎么办", "en": "parcel delayed"}

#: A user contact with opening hours, so the shots show statuses and the day plan. It is
#: marked as an example and carries a placeholder, not a number: the bundled Ozon entries
#: have no verified phone number or hours, and we never invent them.
EXAMPLE_CONTACT = {
    "id": "example-forwarder",
    "name": {
        "zh": "示例：我的货代（莫斯科仓库）",
        "en": "Example: my forwarder (Moscow warehouse)",
    },
    "tz": "Europe/Moscow",
    "calendar": "RU",
    "hours": {"mon-fri": "09:00-18:00", "breaks": "13:00-14:00"},
    "channels": [{"id": "phone", "kind": "phone", "value": "(your forwarder's number)"}],
}


def add_example_contact(data_dir: Path) -> None:
    from faqdesk.core.contacts.book import ContactBook
    from faqdesk.core.contacts.model import contact_from_mapping

    contact, problems = contact_from_mapping(EXAMPLE_CONTACT, "example", origin="user")
    assert contact is not None and not problems, problems
    book = ContactBook.open(data_dir, clock=lambda: NOW)
    try:
        book.save(contact)
    finally:
        book.close()


def _wait(app: object, condition: object, timeout: float = 120.0) -> None:
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        app.processEvents()
        time.sleep(0.01)
    if not condition():  # type: ignore[operator]
        raise RuntimeError("timed out while preparing the screenshot")


def open_window(lang: str, base: Path, name: str, size: tuple[int, int], theme: str = "") -> Any:
    """The real window over the bundled content at the fixed moment, shown and search-ready,
    with its own settings and data folder (``name``) holding the example contact."""
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from faqdesk.ui import create_main_window
    from faqdesk.ui.settings.store import Settings

    app = QApplication.instance() or QApplication(["faqdesk"])
    assert isinstance(app, QApplication)
    font = QFont()
    font.setFamilies(["Noto Sans CJK SC", "Noto Sans", "DejaVu Sans"])
    font.setPointSize(10)
    app.setFont(font)
    settings = Settings(QSettings(str(base / f"{name}.ini"), QSettings.Format.IniFormat))
    settings.language = lang
    if theme:
        settings.theme = theme
    settings.home_timezone = "Asia/Shanghai"
    add_example_contact(base / f"data-{name}")
    window = create_main_window(
        content_dir=REPO / "content",
        data_dir=base / f"data-{name}",
        index_dir=base / "index",
        now=lambda: NOW,
        settings=settings,
    )
    window.resize(*size)
    window.show()
    _wait(app, window.is_search_ready)
    return window


def shoot(lang: str, query: str, out: Path, base: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    window = open_window(lang, base, lang, (1440, 900))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window.splitter.setSizes([380, 1060])
    shown: list[str] = []
    window.resultsShown.connect(shown.append)
    window.search_box.setFocus()
    window.search_box.setText(query)
    _wait(app, lambda: query in shown)
    QTest.keyClick(window.search_box, Qt.Key.Key_Return)  # Enter opens the top result
    _wait(app, lambda: window.article_view.page() is not None)
    window.navigation.results_view.setFocus()
    panel = window.contact_panel
    if panel is not None:
        panel.show()
        choice = panel.timeline_choice
        for row in range(choice.count()):
            if "example-forwarder" in str(choice.itemData(row, Qt.ItemDataRole.UserRole)):
                choice.setCurrentIndex(row)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.02)
    window.grab().save(str(out))
    print(f"wrote {out}")
    window.close()
    window.shutdown()
    window.deleteLater()
    app.processEvents()


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="faqdesk-shots-") as tmp:
        base = Path(tmp)
        os.environ["FAQDESK_DATA_DIR"] = str(base / "data")
        os.environ["FAQDESK_CACHE_DIR"] = str(base / "cache")
        for lang, query in SHOTS.items():
            shoot(lang, query, REPO / "docs" / f"screenshot-{lang}.png", base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
