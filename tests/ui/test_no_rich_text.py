"""Issue 10 point 5 on the widgets that came later: HTML in any user or content data shown by
the start page, category pages, bookmark and recent lists, find bar, contents drop-down, cases
pane, composer and import preview is shown as text, never rendered (no local file loaded
through ``<img src=file:…>``, no fake heading or bold text).

Each case puts the same HTML into every piece of data the surface shows, then walks every
label, tooltip and list/tree/table of the window and its dialogs, and every HTML handed to a
text document while they paint."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    Qt,
)
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from case_fixtures import THURSDAY_NOON_MSK, lost_parcel, make_contact
from clock_fixtures import fixed_clock
from faqdesk.core.cases.model import CaseEvent, EventKind
from faqdesk.core.cases.store import CaseStore
from faqdesk.core.contacts.book import ContactBook
from faqdesk.ui.main_window import MainWindow
from faqdesk.ui.settings.store import Settings

HTML = "<img src=file:///etc/passwd><h1>X</h1><b>bold</b>"
MARK = "<h1>X</h1>"  # present, unescaped, only where the data is shown as it is
ARTICLE = "wrong-address"
CATEGORY = "common-problems"


@pytest.fixture
def hostile_content(tmp_path: Path, bundled_content: Path) -> Path:
    """The bundled content with HTML in one article's title, summary and headings and in its
    category's name (in both languages)."""
    content = tmp_path / "content"
    shutil.copytree(bundled_content, content)
    for lang in ("zh", "en"):
        path = content / "articles" / lang / f"{ARTICLE}.md"
        text = path.read_text(encoding="utf-8")
        head, _, body = text.partition("\n---\n")
        lines = []
        for line in head.splitlines():
            if line.startswith("title:"):
                line = f"title: '{HTML} title'"
            elif line.startswith("summary:"):
                line = f"summary: '{HTML} summary'"
            lines.append(line)
        body = body.replace("\n## ", f"\n## {HTML} ", 3)
        path.write_text("\n".join(lines) + "\n---\n" + body, encoding="utf-8")
    categories = content / "categories.yaml"
    text = categories.read_text(encoding="utf-8")
    text = text.replace("{zh: 常见问题, en: Common problems}", f"{{zh: '{HTML}', en: '{HTML}'}}")
    categories.write_text(text, encoding="utf-8")
    return content


@pytest.fixture
def hostile_data(tmp_path: Path) -> Path:
    """The window's data folder: a contact and an open case with HTML in every text."""
    data = tmp_path / "data"  # the open_window fixture's data folder
    desk = make_contact(
        {
            "id": "desk",
            "name": {"zh": HTML, "en": HTML},
            "notes": {"en": HTML},
            "tz": "Europe/Moscow",
            "hours": {"mon-fri": "09:00-18:00"},
            "channels": [
                {"id": "ticket", "kind": "ticket", "value": "https://seller.example/t",
                 "label": {"en": HTML}, "reply_within_hours": 24},
                {"id": "phone", "kind": "phone", "value": "+7 495 000-00-00"},
            ],
        }
    )  # fmt: skip
    with ContactBook.open(data, clock=fixed_clock) as book:
        book.save(desk)
    with CaseStore.open(data, clock=fixed_clock) as store:
        case = store.add(lost_parcel(title=HTML, ticket="T-<b>1</b>"), {"desk": desk})
        store.log(case.id, CaseEvent(EventKind.NOTE, THURSDAY_NOON_MSK, text=HTML))
    return data


@pytest.fixture
def documents() -> Iterator[list[str]]:
    """Every HTML our widgets hand to a text document or text edit while the test runs."""
    seen: list[str] = []
    patched = []
    for cls in (QTextDocument, QTextEdit):
        original = cls.setHtml

        def spy(self: object, html: str, _original: Callable[..., None] = original) -> None:
            seen.append(html)
            _original(self, html)

        patched.append((cls, original))
        cls.setHtml = spy  # type: ignore[method-assign]
    yield seen
    for cls, original in patched:
        cls.setHtml = original  # type: ignore[method-assign]


def _indexes(model: QAbstractItemModel, parent: QModelIndex, found: list[QModelIndex]) -> None:
    # list and table models keep columnCount / hasChildren private
    flat = isinstance(model, QAbstractListModel | QAbstractTableModel)
    for row in range(min(model.rowCount(parent), 500)):
        columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(parent)
        for column in range(columns):
            index = model.index(row, column, parent)
            found.append(index)
            if column == 0 and not flat and model.hasChildren(index):
                _indexes(model, index, found)


def _renders_rich(text: str) -> bool:
    return MARK in text and bool(GuiQt.mightBeRichText(text))


def rich_renderings(roots: list[QWidget], documents: list[str]) -> tuple[list[str], int]:
    """What renders the HTML (described), and how many places show it as text."""
    bad: list[str] = []
    as_text = 0
    for root in roots:
        root.grab()  # paint everything: delegates build their documents now
        for widget in [root, *root.findChildren(QWidget)]:
            name = f"{type(widget).__name__} {widget.objectName()!r}"
            if _renders_rich(widget.toolTip()):
                bad.append(f"tooltip of {name}")
            if isinstance(widget, QLabel) and MARK in widget.text():
                if widget.textFormat() == Qt.TextFormat.PlainText:
                    as_text += 1
                elif widget.textFormat() == Qt.TextFormat.RichText or _renders_rich(widget.text()):
                    bad.append(f"{name}: {widget.text()[:60]!r}")
            if isinstance(widget, QHeaderView):
                continue  # shows its view's header data only; the view itself is walked
            if isinstance(widget, QAbstractItemView) and widget.model() is not None:
                found: list[QModelIndex] = []
                _indexes(widget.model(), QModelIndex(), found)
                for index in found:
                    if MARK in str(index.data(Qt.ItemDataRole.DisplayRole) or ""):
                        as_text += 1  # item text is drawn plain; delegates: see documents
                    if _renders_rich(str(index.data(Qt.ItemDataRole.ToolTipRole) or "")):
                        bad.append(f"tooltip of an item of {name}")
    bad.extend(f"a document got {html[:80]!r}" for html in documents if MARK in html)
    return bad, as_text


def _start_page(window: MainWindow, qtbot: QtBot) -> list[QWidget]:
    window.open_article(ARTICLE, "en")
    window.reader.toggle_bookmark()  # Ctrl+D: a bookmark, and a recent article
    window.reader_actions.home.trigger()
    assert window.reader.showing_start()
    start = window.reader.start_page
    assert start.recent_list.count() and start.bookmark_list.count()
    return [window]


def _category_page(window: MainWindow, qtbot: QtBot) -> list[QWidget]:
    window.reader.show_category(CATEGORY)
    return [window]


def _article(window: MainWindow, qtbot: QtBot) -> list[QWidget]:
    window.open_article(ARTICLE, "en")
    header = window.reader.header
    assert header.contents.count() >= 3  # the contents drop-down lists the headings
    window.reader_actions.find.trigger()  # Ctrl+F
    qtbot.keyClicks(window.reader.find_bar.field, HTML)
    window.reader_actions.bookmarks_menu.aboutToShow.emit()
    return [window]


def _cases(window: MainWindow, qtbot: QtBot) -> list[QWidget]:
    panel = window.cases_panel
    assert panel is not None
    panel.show()
    panel.raise_()
    panel.refresh()
    assert panel.rows()
    panel.select_case(panel.rows()[0].case.id)
    panel.follow_search("12345678-0001")  # the search box's results list the case too
    qtbot.waitUntil(lambda: panel.matches.count() > 0)
    return [window]


def _composer(window: MainWindow, qtbot: QtBot) -> list[QWidget]:
    from faqdesk.ui.compose.dialog import open_composer

    dialog = open_composer(window, template_id="lost-parcel")
    qtbot.addWidget(dialog)
    template = dialog.template
    assert template is not None
    dialog.set_values({spec.name: HTML for spec in template.fields})
    return [window, dialog]


def _import_preview(window: MainWindow, qtbot: QtBot) -> list[QWidget]:
    from faqdesk.ui.contacts.import_preview import ImportPreview

    card = (
        f"BEGIN:VCARD\nVERSION:3.0\nFN:{HTML}\nORG:{HTML}\nNOTE:{HTML}\n"
        f"TEL:+7 495 111-22-33\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:{HTML}\nEND:VCARD\n"
    )
    path = window.data_dir / f"{'x'}.vcf"  # type: ignore[operator]
    path.write_text(card, encoding="utf-8")
    with ContactBook.open(window.data_dir, clock=fixed_clock) as book:
        preview = ImportPreview(book, path, home_tz="Asia/Shanghai", lang="en", parent=window)
        qtbot.addWidget(preview)
        preview.show()
        qtbot.waitUntil(lambda: preview.state() == "ready", timeout=10_000)
        return [window, preview]


def _search_results(window: MainWindow, qtbot: QtBot) -> list[QWidget]:
    qtbot.waitUntil(
        lambda: window.is_search_ready() or window.search_failed is not None, timeout=60_000
    )
    window.search_box.setText("address")
    results = window.navigation.results_view
    qtbot.waitUntil(lambda: results.model() is not None and results.model().rowCount() > 0)
    return [window]


SURFACES: dict[str, Callable[[MainWindow, QtBot], list[QWidget]]] = {
    "start page, bookmarks, recent": _start_page,
    "category page": _category_page,
    "article header, contents, find bar": _article,
    "cases pane": _cases,
    "composer": _composer,
    "import preview": _import_preview,
    "search results": _search_results,
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("surface", list(SURFACES))
def test_html_in_data_is_never_rendered(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    settings: Settings,
    hostile_content: Path,
    hostile_data: Path,
    documents: list[str],
    surface: str,
    lang: str,
) -> None:
    settings.language = lang
    window = open_window(settings, content_dir=hostile_content)
    roots = SURFACES[surface](window, qtbot)
    QApplication.processEvents()
    bad, as_text = rich_renderings(roots, documents)
    assert bad == [], "\n".join(bad)
    assert as_text >= 1  # the data is on screen, as text


def test_an_escaped_tooltip_reads_exactly_as_the_data() -> None:
    from faqdesk.ui.common.labels import plain_tooltip

    assert plain_tooltip("Wrong address: 地址") == "Wrong address: 地址"  # plain stays as is
    shown = QTextDocument()
    shown.setHtml(plain_tooltip(f"{HTML}\n  two  spaces & more"))
    assert shown.toPlainText() == f"{HTML}\n  two  spaces & more"
