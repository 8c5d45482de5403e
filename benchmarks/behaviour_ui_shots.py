"""Render the window offscreen in fixed states and write the SHA-256 of each state's pixels to
``OUT_DIR/ui-<state>.txt`` (used by ``behaviour_snapshot.py --ui``; run on its own to look at
the PNGs it also leaves in ``OUT_DIR/png/``).

States, in zh and en, at a fixed moment (Thursday 26 Nov 2026, 11:20 Moscow), 1200×780: the
window after a query with the first result open and the contact panel docked; the contact
editor of a bundled contact; the settings dialog.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 26, 11, 20, tzinfo=ZoneInfo("Europe/Moscow"))
QUERIES = {"zh": "包裹丢了怎么办", "en": "parcel delayed"}


def _wait(condition: Callable[[], object], timeout: float = 120.0) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    if not condition():
        raise RuntimeError("timed out")


def _settle() -> None:
    from PySide6.QtWidgets import QApplication

    # long enough for Qt's own short animations (the line edit's clear button fades in)
    deadline = time.monotonic() + 0.5
    while time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)


def _save(widget: object, out: Path, name: str) -> None:
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget)
    _settle()
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    (out / "png").mkdir(exist_ok=True)
    image.save(str(out / "png" / f"{name}.png"))
    digest = hashlib.sha256(bytes(image.constBits())).hexdigest()
    (out / f"ui-{name}.txt").write_text(
        f"{image.width()}x{image.height()} {digest}\n", encoding="utf-8"
    )


def shoot(lang: str, out: Path, base: Path) -> None:
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from faqdesk.ui import create_main_window

    try:
        from faqdesk.ui.settings.store import Settings
    except ImportError:  # the layout before the re-lay (to record a baseline from old code)
        from faqdesk.ui.settings import Settings  # type: ignore[no-redef]

    settings = Settings(QSettings(str(base / f"{lang}.ini"), QSettings.Format.IniFormat))
    settings.language = lang
    settings.home_timezone = "Asia/Shanghai"
    window = create_main_window(
        content_dir=REPO / "content",
        data_dir=base / f"data-{lang}",
        index_dir=base / "index",
        now=lambda: NOW,
        settings=settings,
    )
    window.resize(1200, 780)
    window.show()
    _wait(window.is_search_ready)
    _save(window, out, f"{lang}-start")
    shown: list[str] = []
    window.resultsShown.connect(shown.append)
    window.search_box.setFocus()
    window.search_box.setText(QUERIES[lang])
    _wait(lambda: QUERIES[lang] in shown)
    QTest.keyClick(window.search_box, Qt.Key.Key_Return)
    _wait(lambda: window.article_view.page() is not None)
    panel = window.contact_panel
    assert panel is not None
    panel.show()
    _save(window, out, f"{lang}-article")
    editor = panel.edit_contact("ozon-seller-support")
    assert editor is not None
    editor.resize(760, 640)
    editor.show()
    _save(editor, out, f"{lang}-editor")
    editor.reject()
    window.close()
    window.shutdown()
    window.deleteLater()
    QApplication.processEvents()


def main() -> int:
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(["faqdesk"])
    assert isinstance(app, QApplication)
    app.setCursorFlashTime(0)  # a steady text cursor: a blinking one makes the pixels random
    font = QFont()
    font.setFamilies(["Noto Sans CJK SC", "Noto Sans", "DejaVu Sans"])
    font.setPointSize(10)
    app.setFont(font)
    with tempfile.TemporaryDirectory(prefix="faqdesk-ui-snap-") as tmp:
        base = Path(tmp)
        os.environ["FAQDESK_DATA_DIR"] = str(base / "data")
        os.environ["FAQDESK_CACHE_DIR"] = str(base / "cache")
        for lang in QUERIES:
            shoot(lang, out, base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
