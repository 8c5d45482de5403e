"""The reader as a knowledge-base user meets it: start page, category pages, find bar,
contents, 中/EN, bookmarks and recent articles, layout on small screens, zoom and theme (how
it follows the search: ``test_reader_search.py``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication, QDockWidget
from pytestqt.qtbot import QtBot

from faqdesk.core.content.sections import headings
from faqdesk.ui.articles.appearance import article_css
from faqdesk.ui.articles.start_page import PROBLEMS
from faqdesk.ui.articles.theme import apply_theme
from faqdesk.ui.main_window import MainWindow
from faqdesk.ui.settings.store import Settings


@pytest.fixture(autouse=True)
def system_theme() -> Iterator[None]:
    """The theme is the application's palette: give it back after each test."""
    yield
    apply_theme("system")


def shown_article(window: MainWindow) -> str:
    page = window.article_view.page()
    on_article = window.reader.currentWidget() is window.reader.article_page
    return page.article_id if page is not None and on_article else ""


# --------------------------------------------------------------------------- 1 start page


def test_first_start_shows_the_start_page_with_the_focus_in_the_search_box(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    start = window.reader.start_page
    assert window.reader.currentWidget() is start and start.objectName() == "startPage"
    assert start.isVisible()
    qtbot.waitUntil(window.search_box.hasFocus)
    assert window.focusWidget() is window.search_box
    texts = [window.reader.start_page.problem_buttons[a].text() for _k, a in PROBLEMS]
    assert texts == ["Delayed", "Lost or damaged", "Returns", "Wrong address"]
    checklist = [label.text() for label in start.checklist]
    assert any("Order number" in line and "Номер заказа" in line for line in checklist)
    assert any("Tracking number" in line and "Трек-номер" in line for line in checklist)
    assert len(checklist) == 5


@pytest.mark.parametrize(("key", "article_id"), PROBLEMS)
def test_each_problem_button_opens_its_guide(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    settings: Settings,
    key: str,
    article_id: str,
) -> None:
    window = open_window(settings)
    button = window.reader.start_page.problem_buttons[article_id]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert shown_article(window) == article_id
    assert window.article_view.page().lang == "en"  # type: ignore[union-attr]
    window.reader_actions.home.trigger()  # Home (Alt+Home) goes back to the start page
    assert window.reader.showing_start()


def test_start_page_speaks_chinese_and_shows_the_call_verdict(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    settings.language = "zh"
    start = window.reader.start_page
    texts = [start.problem_buttons[a].text() for _k, a in PROBLEMS]
    assert texts == ["延误", "丢件或损坏", "退货", "地址错误"]
    assert start.compose_button.text() == "写信给客服"
    start.set_verdict("<b>Good</b> time to call\n Ozon")
    assert start.verdict.isVisible()
    assert start.verdict.text() == "<b>Good</b> time to call Ozon"  # one line, plain text
    assert start.verdict.textFormat() == Qt.TextFormat.PlainText


def test_write_to_support_asks_for_the_composer_with_the_article(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    with qtbot.waitSignal(window.composeRequested) as start_signal:
        qtbot.mouseClick(window.reader.start_page.compose_button, Qt.MouseButton.LeftButton)
    assert start_signal.args == [""]
    window.open_article("lost-or-damaged-parcel")
    with qtbot.waitSignal(window.composeRequested) as article_signal:
        qtbot.mouseClick(window.reader.header.compose_button, Qt.MouseButton.LeftButton)
    assert article_signal.args == ["lost-or-damaged-parcel"]


# --------------------------------------------------------------------------- 2 categories


def test_clicking_a_category_opens_its_page_with_summaries(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    tree = window.navigation.tree
    model = tree.model()
    problems_row = next(
        row for row in range(model.rowCount()) if model.index(row, 0).data() == "Common problems"
    )
    index = model.index(problems_row, 0)
    rect = tree.visualRect(index)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = window.reader.category_page
    assert window.reader.currentWidget() is page and page.title.text() == "Common problems"
    listed = {button.text() for button in page.buttons}
    assert len(listed) == model.rowCount(index) == 4
    assert all(button.description() for button in page.buttons)  # each with its summary
    qtbot.mouseClick(page.buttons[0], Qt.MouseButton.LeftButton)
    assert shown_article(window) != ""


# --------------------------------------------------------------------------- 4 find bar


def test_find_bar_counts_steps_and_closes(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    window.open_article("delivery-delay")
    view = window.article_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.reader.find_bar
    assert bar.isVisible() and bar.field.hasFocus()
    qtbot.keyClicks(bar.field, "Parcel")
    expected = view.toPlainText().lower().count("parcel")
    assert expected > 2
    assert bar.match_count() == expected
    assert bar.count_label.text() == f"1 of {expected}"
    qtbot.keyClick(bar.field, Qt.Key.Key_F3)
    assert bar.count_label.text() == f"2 of {expected}"
    qtbot.keyClick(bar.field, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(bar.field, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == f"{expected} of {expected}"  # wraps round
    bar.field.setText("no such words here")
    assert bar.count_label.text() == "No matches"
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert view.extraSelections() == [] or all(
        s.format.background() != bar.palette().color(QPalette.ColorRole.Highlight)
        for s in view.extraSelections()
    )
    qtbot.keyClick(view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()  # the global search keeps Ctrl+K


# --------------------------------------------------------------------------- 5, 6 contents


def test_contents_list_jumps_to_the_heading(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    window.resize(1300, 600)
    window.open_article("delivery-delay")
    box = window.reader.header.contents
    assert box.isVisible() and box.count() >= 4  # "Contents" + three headings or more
    article = window.library.articles[("delivery-delay", "en")]  # type: ignore[union-attr]
    last = headings(article)[-1]
    row = box.findData(last.anchor)
    assert box.itemText(row).strip() == last.text
    box.activated.emit(row)
    view = window.article_view
    qtbot.waitUntil(lambda: view.verticalScrollBar().value() > 0)
    assert view.current_anchor() == last.anchor
    window.open_article("contact-phone", "en")
    short = window.library.articles[("contact-phone", "en")]  # type: ignore[union-attr]
    assert box.isVisible() == (len(headings(short)) >= 3)


def test_chinese_english_switch_keeps_the_section(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    window.resize(1300, 600)
    window.open_article("delivery-delay", "zh")
    header = window.reader.header
    assert header.language_button.isVisible() and header.language_button.text() == "EN"
    library = window.library
    assert library is not None
    zh_third = headings(library.articles[("delivery-delay", "zh")])[2].anchor
    en_third = headings(library.articles[("delivery-delay", "en")])[2].anchor
    window.article_view.scrollToAnchor(zh_third)
    qtbot.waitUntil(lambda: window.article_view.current_anchor() == zh_third)
    qtbot.mouseClick(header.language_button, Qt.MouseButton.LeftButton)
    assert window.article_view.page().lang == "en"  # type: ignore[union-attr]
    assert window.article_view.current_anchor() == en_third
    assert header.language_button.text() == "中"
    qtbot.mouseClick(header.language_button, Qt.MouseButton.LeftButton)
    assert window.article_view.page().lang == "zh"  # type: ignore[union-attr]
    assert window.article_view.current_anchor() == zh_third


# --------------------------------------------------------------------------- 7 bookmarks


def test_a_bookmark_and_the_recent_articles_survive_a_restart(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    make_settings: Callable[[], Settings],
    settings: Settings,
) -> None:
    first = open_window(settings)
    first.open_article("wrong-address")
    first.open_article("contact-phone")
    first.article_view.setFocus()
    qtbot.keyClick(first.article_view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert first.reader.header.bookmark_button.isChecked()
    first.close()

    second = open_window(make_settings())
    second.reader_actions.home.trigger()
    start = second.reader.start_page
    marks = [start.bookmark_list.item(i).text() for i in range(start.bookmark_list.count())]
    recent = [start.recent_list.item(i).text() for i in range(start.recent_list.count())]
    phone = second.library.articles[("contact-phone", "en")].title  # type: ignore[union-attr]
    address = second.library.articles[("wrong-address", "en")].title  # type: ignore[union-attr]
    assert marks == [phone]
    assert recent[:2] == [phone, address]
    second.reader_actions.bookmarks_menu.aboutToShow.emit()
    listed = [a.text() for a in second.reader_actions.bookmarks_menu.actions()]
    assert phone.replace("&", "&&") in listed
    start.bookmark_list.itemClicked.emit(start.bookmark_list.item(0))
    assert shown_article(second) == "contact-phone"
    qtbot.keyClick(second.article_view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert not second.reader.header.bookmark_button.isChecked()
    assert second.reader.bookmarks.load() == []


# --------------------------------------------------------------------------- 8 layout


@pytest.mark.parametrize(
    ("width", "height", "least", "folded"), [(1024, 640, 420, False), (800, 600, 200, True)]
)
def test_the_reader_keeps_its_width_on_small_screens(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    settings: Settings,
    width: int,
    height: int,
    least: int,
    folded: bool,
) -> None:
    window = open_window(settings)
    window.resize(width, height)
    window.open_article("delivery-delay")
    dock = window.findChild(QDockWidget, "contactPanel")
    assert dock is not None
    qtbot.waitUntil(lambda: dock.isVisible() != folded)  # 1024 px keeps the dock (verdict)
    qtbot.waitUntil(lambda: window.article_view.width() >= least)
    toggle = window.fit.dock_toggle
    assert toggle is not None and toggle.isVisible() == folded
    window.fit.set_verdict("Good time to call Ozon")
    assert window.fit.verdict_label.isVisible() == folded
    window.resize(1300, 800)
    qtbot.waitUntil(dock.isVisible)  # a wide window brings the dock back
    assert not window.fit.verdict_label.isVisible()


def test_long_lines_are_capped_and_long_titles_elided(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    window.resize(1920, 1000)
    window.open_article("calling-from-abroad")
    view = window.article_view
    qtbot.waitUntil(lambda: view.viewport().width() > 1000)
    han = QFontMetrics(view.document().defaultFont()).horizontalAdvance("中")  # one em
    assert 40 * han <= view.line_width() <= 46 * han  # about 45 Chinese characters a line
    window.resize(820, 600)
    title = window.reader.header.title
    page = view.page()
    assert page is not None
    qtbot.waitUntil(lambda: title.text() != page.title)
    assert title.text().endswith("…") and title.toolTip() == page.title


# --------------------------------------------------------------------------- 9 view


def test_zoom_is_remembered(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    window.open_article("contact-phone")
    base = window.article_view.document().defaultFont().pointSize()
    window.reader_actions.zoom_in.trigger()
    window.reader_actions.zoom_in.trigger()
    assert settings.font_size == base + 2
    assert window.article_view.document().defaultFont().pointSize() == base + 2
    window.reader_actions.zoom_out.trigger()
    assert settings.font_size == base + 1
    window.reader_actions.zoom_reset.trigger()
    assert settings.font_size == 0


def test_dark_theme_is_applied_live_to_the_window_and_the_reader(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    window.open_article("contact-phone")
    window.reader_actions.themes["dark"].trigger()
    assert settings.theme == "dark"
    view = window.article_view
    qtbot.waitUntil(view.is_dark)
    assert view.document().defaultStyleSheet() == article_css(dark=True)
    palette = QApplication.palette()
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    assert text.lightness() - base.lightness() > 150  # light text on a dark page
    assert view.page() is not None  # the article is still shown
    window.reader_actions.themes["light"].trigger()
    qtbot.waitUntil(lambda: not view.is_dark())
    assert view.document().defaultStyleSheet() == article_css(dark=False)


def test_the_settings_dialog_chooses_the_theme(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    from faqdesk.ui.articles.theme import ThemeCombo

    window = open_window(settings)
    window.show_settings()
    dialog = window.settings_dialog
    combo = dialog.findChild(ThemeCombo, "themeCombo")
    assert combo is not None and combo.theme() == "system"
    assert [combo.itemText(row) for row in range(combo.count())] == ["System", "Light", "Dark"]
    combo.setCurrentIndex(combo.findData("dark"))
    dialog.accept()
    assert settings.theme == "dark"
    qtbot.waitUntil(window.article_view.is_dark)
    assert window.reader_actions.themes["dark"].isChecked()


def test_a_damaged_bookmarks_file_is_reported_and_kept(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings, tmp_path: Path
) -> None:
    data = tmp_path / "data"  # the window's data folder (see the open_window fixture)
    data.mkdir(parents=True, exist_ok=True)
    (data / "bookmarks.json").write_bytes(b"\x00{ not json")
    window = open_window(settings)
    qtbot.waitUntil(lambda: "could not be read" in window.statusBar().currentMessage())
    assert window.reader.start_page.bookmark_list.count() == 0
    window.open_article("contact-phone")
    window.reader_actions.bookmark.trigger()
    assert (data / "bookmarks.json.damaged").read_bytes() == b"\x00{ not json"
    assert window.reader.bookmarks.has("contact-phone")


def test_ctrl_d_on_a_bookmarks_file_beyond_the_limit_keeps_every_bookmark(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings, tmp_path: Path
) -> None:
    """The tester's file: a newer format, 602 bookmarks, a note, an entry without lang."""
    data = tmp_path / "data"
    data.mkdir(parents=True, exist_ok=True)
    items: list[dict[str, str]] = [{"id": f"a{n}", "lang": "zh"} for n in range(602)]
    items[0] = {"id": "contact-phone", "lang": "en"}
    items[3]["note"] = "mine"
    del items[7]["lang"]
    (data / "bookmarks.json").write_text(json.dumps({"format": 2, "items": items}), "utf-8")
    original = (data / "bookmarks.json").read_bytes()
    window = open_window(settings)
    status = window.statusBar()
    qtbot.waitUntil(lambda: "will be kept as bookmarks.json.damaged" in status.currentMessage())
    window.open_article("wrong-address")
    window.reader_actions.bookmark.trigger()  # Ctrl+D: the list is full, nothing is dropped
    assert "holds 500 articles already" in status.currentMessage()
    assert not window.reader.bookmarks.has("wrong-address")
    assert (data / "bookmarks.json").read_bytes() == original
    window.open_article("contact-phone")
    window.reader_actions.bookmark.trigger()  # Ctrl+D: unstarred, the list is saved
    assert not window.reader.bookmarks.has("contact-phone")
    assert (data / "bookmarks.json.damaged").read_bytes() == original
    saved = json.loads((data / "bookmarks.json").read_text("utf-8"))["items"]
    assert len(saved) == 499 and {"id": "a3", "lang": "zh", "note": "mine"} in saved


def test_the_contact_panels_verdict_reaches_the_start_page_and_the_status_bar(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtCore import Signal

    from faqdesk.ui.contacts import panel as contact_panel

    class PanelWithVerdict(contact_panel.ContactPanel):  # the signal contacts-ui adds
        verdictChanged = Signal(str)

    monkeypatch.setattr(contact_panel, "ContactPanel", PanelWithVerdict)
    window = open_window(settings)
    panel = window.contact_panel
    assert isinstance(panel, PanelWithVerdict)
    panel.verdictChanged.emit("Ozon support: good time to call until 18:00")
    assert window.reader.start_page.verdict.text() == "Ozon support: good time to call until 18:00"
    assert window.reader.start_page.verdict.isVisible()
    window.resize(900, 600)  # the dock folds away: its verdict stays in sight
    qtbot.waitUntil(window.fit.verdict_label.isVisible)
    assert window.fit.verdict_label.text() == "Ozon support: good time to call until 18:00"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_colour_of_the_reading_stylesheet_is_readable_in_its_theme(
    qapp: QApplication, theme: str
) -> None:
    import re

    from PySide6.QtGui import QColor

    from faqdesk.ui.contacts.channel_card import contrast_ratio

    apply_theme(theme)
    palette = QApplication.palette()
    page, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
    assert (page.lightness() < 128) == (theme == "dark")
    assert contrast_ratio(text, page) >= 7
    css = article_css(dark=theme == "dark")
    rules = re.findall(r"([^{}]+)\{([^}]*)\}", css)
    checked = 0
    for selector, body in rules:
        colour = re.search(r"(?<!-)color:\s*(#[0-9a-fA-F]{6})", body)
        background = re.search(r"background-color:\s*(#[0-9a-fA-F]{6})", body)
        fore = QColor(colour.group(1)) if colour else text
        back = QColor(background.group(1)) if background else page
        if colour or background:
            assert contrast_ratio(fore, back) >= 4.5, (theme, selector.strip())
            checked += 1
    assert checked >= 5
