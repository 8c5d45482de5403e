"""Render the reader's screenshots offscreen: the start page in Chinese and in English, and the
dark theme, to docs/screenshots/.

Run: ``.venv/bin/python docs/make_reader_screenshots.py`` (needs fonts-noto-cjk). The same fixed
moment and example contact as ``make_screenshots.py``; a few articles are opened and two are
bookmarked first, so the start page shows its recent and bookmark lists.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_screenshots import REPO, _wait, open_window

OUT = REPO / "docs" / "screenshots"
READ = ("wrong-address", "contact-phone", "russian-phrasebook", "delivery-delay")


def shoot(lang: str, theme: str, query: str | None, out: Path, base: Path) -> None:
    from PySide6.QtWidgets import QApplication

    window = open_window(lang, base, f"{lang}-{theme}", (1280, 800), theme)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    for article_id in READ:
        window.open_article(article_id)
        if article_id in ("russian-phrasebook", "delivery-delay"):
            window.reader.toggle_bookmark()
    if query is None:
        window.reader_actions.home.trigger()
    else:
        shown: list[str] = []
        window.resultsShown.connect(shown.append)
        window.search_box.setText(query)
        _wait(app, lambda: query in shown)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.02)
    window.grab().save(str(out))
    print(f"wrote {out}")
    window.close()
    window.shutdown()
    window.deleteLater()
    window.settings.theme = "system"  # the palette is the application's: give it back
    app.processEvents()


def main() -> int:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="faqdesk-shots-") as tmp:
        base = Path(tmp)
        os.environ["FAQDESK_DATA_DIR"] = str(base / "data")
        os.environ["FAQDESK_CACHE_DIR"] = str(base / "cache")
        shoot("zh", "system", None, OUT / "start-page-zh.png", base)
        shoot("en", "system", None, OUT / "start-page-en.png", base)
        shoot("zh", "dark", "延误", OUT / "dark-theme.png", base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
