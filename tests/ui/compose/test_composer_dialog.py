"""The composer dialog: live preview and validation as you type, copy, the ticket page, and
opening it from the window's Tools menu."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot

from faqdesk.core.compose.templates import TemplateSet, load_templates
from faqdesk.core.contacts.model import Channel, ChannelKind, Contact
from faqdesk.ui.compose.dialog import ComposerDialog, open_composer, ticket_url
from faqdesk.ui.main_window import MainWindow
from faqdesk.ui.settings.store import Settings

SUPPORT = Contact(
    id="ozon-seller-support",
    name={"en": "Ozon seller support"},
    channels=(Channel("ticket", ChannelKind.TICKET, "https://seller.ozon.ru"),),
)


@pytest.fixture
def templates(bundled_content: Path) -> TemplateSet:
    return load_templates(bundled_content, user_dir=None)


@pytest.fixture
def composer(qtbot: QtBot, templates: TemplateSet) -> Callable[..., ComposerDialog]:
    def make(**options: object) -> ComposerDialog:
        options.setdefault("contacts", [SUPPORT])
        options.setdefault("lang", "en")
        dialog = open_composer(None, templates=templates, **options)  # type: ignore[arg-type]
        qtbot.addWidget(dialog)
        return dialog

    return make


def editor(dialog: ComposerDialog, name: str) -> QLineEdit:
    found = dialog.findChild(QLineEdit, f"field_{name}")
    assert found is not None, name
    return found


def shown(dialog: ComposerDialog, name: str) -> str:
    view = dialog.findChild(QPlainTextEdit, name)
    assert view is not None
    return view.toPlainText()


def error(dialog: ComposerDialog, name: str) -> QLabel:
    label = dialog.findChild(QLabel, f"error_{name}")
    assert label is not None
    return label


def button(dialog: ComposerDialog, name: str) -> QPushButton:
    found = dialog.findChild(QPushButton, name)
    assert found is not None
    return found


def test_the_template_of_the_problem_article_is_chosen(
    composer: Callable[..., ComposerDialog],
) -> None:
    dialog = composer(problem="wrong-address")
    assert dialog.objectName() == "composerDialog"
    assert dialog.template is not None and dialog.template.id == "wrong-address"
    assert composer(problem="delivery-delay").template.id == "delay-no-movement"  # type: ignore[union-attr]
    assert composer(template_id="buyer-refused", problem="delivery-delay").template.id == (  # type: ignore[union-attr]
        "buyer-refused"
    )


def test_typing_updates_russian_meaning_and_reading_side_by_side(
    qtbot: QtBot, composer: Callable[..., ComposerDialog]
) -> None:
    dialog = composer(template_id="lost-parcel")
    assert "[Posting number]" in shown(dialog, "russianText")
    qtbot.keyClicks(editor(dialog, "posting"), "12345678-0001-1")
    assert "Номер отправления: 12345678-0001-1" in shown(dialog, "russianText")
    assert "Posting number: 12345678-0001-1" in shown(dialog, "meaningText")
    assert "Nómer otpravléniya: 12345678-0001-1" in shown(dialog, "latinText")
    numbers = dialog.findChild(QLabel, "spokenNumbers")
    assert numbers is not None and "тире, ноль ноль ноль один, тире, один" in numbers.text()


def test_a_bad_value_is_shown_under_its_field_until_it_is_fixed(
    qtbot: QtBot, composer: Callable[..., ComposerDialog]
) -> None:
    dialog = composer(template_id="lost-parcel")
    assert error(dialog, "since").isHidden()  # untouched: no red yet
    qtbot.keyClicks(editor(dialog, "since"), "31.02.2026")
    assert not error(dialog, "since").isHidden()
    assert "2026-11-20 or 20.11.2026" in error(dialog, "since").text()
    editor(dialog, "since").clear()
    qtbot.keyClicks(editor(dialog, "since"), "28.02.2026")
    assert error(dialog, "since").isHidden()
    assert "менялся 28.02.2026." in shown(dialog, "russianText")


def test_copy_russian_is_the_primary_action_and_waits_for_good_values(
    qtbot: QtBot, composer: Callable[..., ComposerDialog]
) -> None:
    dialog = composer(template_id="lost-parcel")
    copy_russian = button(dialog, "copyRussian")
    assert copy_russian.isDefault()
    assert not copy_russian.isEnabled() and not button(dialog, "copyBoth").isEnabled()
    assert dialog.copy_russian() is False  # asked anyway: every problem shows
    assert not error(dialog, "posting").isHidden() and not error(dialog, "since").isHidden()
    assert error(dialog, "tracking").isHidden()  # optional and empty: fine
    QGuiApplication.clipboard().setText("before")
    qtbot.keyClicks(editor(dialog, "posting"), "12345678-0001-1")
    qtbot.keyClicks(editor(dialog, "since"), "2026-11-20")
    assert copy_russian.isEnabled()
    qtbot.mouseClick(copy_russian, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("Здравствуйте!") and "20.11.2026" in copied
    assert "Hello" not in copied and "\u0301" not in copied
    qtbot.mouseClick(button(dialog, "copyBoth"), Qt.MouseButton.LeftButton)
    both = QGuiApplication.clipboard().text()
    assert both == f"{shown(dialog, 'russianText')}\n\n{shown(dialog, 'meaningText')}"


def test_prefilled_values_carry_over_when_the_template_changes(
    composer: Callable[..., ComposerDialog],
) -> None:
    dialog = composer(
        template_id="follow-up-no-reply",
        values={"ticket": "98765", "posting": "1-1", "since": "1.1.2027", "nope": "x"},
    )
    assert dialog.message is not None and dialog.message.ok
    assert "Номер обращения: 98765" in shown(dialog, "russianText")
    dialog.choose("escalate-to-specialist")
    assert editor(dialog, "ticket").text() == "98765"
    assert "Номер отправления: 1-1" in shown(dialog, "russianText")


def test_user_text_stays_plain(qtbot: QtBot, composer: Callable[..., ComposerDialog]) -> None:
    dialog = composer(template_id="escalate-to-specialist")
    qtbot.keyClicks(editor(dialog, "ticket"), "<b>98765</b>")
    assert "Номер обращения: <b>98765</b>" in shown(dialog, "russianText")


def test_a_huge_paste_is_cut_and_said_not_a_hang(composer: Callable[..., ComposerDialog]) -> None:
    dialog = composer(template_id="wrong-address")
    address = dialog.findChild(QPlainTextEdit, "field_address")
    assert address is not None
    address.setPlainText("ул. Ленина\n" * 100_000)
    assert len(address.toPlainText()) == 10_000
    assert "lines; at most 10" in error(dialog, "address").text()
    assert not button(dialog, "copyRussian").isEnabled()


class _Browser(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString())


@pytest.fixture
def browser() -> Iterator[_Browser]:
    handler = _Browser()
    QDesktopServices.setUrlHandler("https", handler, "open")
    yield handler
    QDesktopServices.unsetUrlHandler("https")


def test_open_the_ticket_page_opens_the_contacts_ticket_channel(
    qtbot: QtBot, composer: Callable[..., ComposerDialog], browser: _Browser
) -> None:
    dialog = composer()
    qtbot.mouseClick(button(dialog, "openTicketPage"), Qt.MouseButton.LeftButton)
    assert browser.opened == ["https://seller.ozon.ru"]


def test_without_a_ticket_page_the_dialog_says_so(
    composer: Callable[..., ComposerDialog], browser: _Browser
) -> None:
    dialog = composer(contacts=[])
    assert dialog.open_ticket_page() is False
    assert browser.opened == []
    status = dialog.findChild(QLabel, "composerStatus")
    assert status is not None and "No ticket page" in status.text()


def test_the_ticket_page_prefers_seller_support_and_skips_unsafe_values() -> None:
    other = Contact(
        id="forwarder",
        name={"en": "Forwarder"},
        channels=(Channel("t", ChannelKind.TICKET, "https://forwarder.example"),),
    )
    unsafe = Contact(
        id="ozon-seller-support",
        name={"en": "x"},
        channels=(Channel("t", ChannelKind.TICKET, "javascript:alert(1)"),),
    )
    assert ticket_url([other, SUPPORT]) == "https://seller.ozon.ru"
    assert ticket_url([unsafe, other]) == "https://forwarder.example"
    assert ticket_url([]) is None


def test_the_dialog_speaks_the_reader_s_language(composer: Callable[..., ComposerDialog]) -> None:
    dialog = composer(template_id="lost-parcel", lang="zh")
    assert dialog.windowTitle() == "写信给客服"
    assert button(dialog, "copyRussian").text() == "复制俄文"
    assert shown(dialog, "meaningText").startswith("您好！")
    assert "[货件号]" in shown(dialog, "russianText")


def test_no_templates_is_said_not_a_crash(qtbot: QtBot) -> None:
    dialog = open_composer(None, templates=TemplateSet(), contacts=[], lang="en")
    qtbot.addWidget(dialog)
    assert not button(dialog, "copyRussian").isEnabled()
    status = dialog.findChild(QLabel, "composerStatus")
    assert status is not None and status.text() == "No message templates were found."


def test_tools_menu_opens_the_composer(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    action = window.compose_action
    assert action in window.tools_menu.actions()
    assert action.text() == "Write to support…"
    action.trigger()
    dialog = window.findChild(ComposerDialog, "composerDialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.ticket_page == "https://seller.ozon.ru"
    dialog.close()


@pytest.mark.parametrize("problem", ["", "calling-from-abroad", None])
def test_the_start_page_or_an_article_without_a_template_opens_the_delay_template(
    composer: Callable[..., ComposerDialog], problem: str | None
) -> None:
    dialog = composer(problem=problem)
    assert dialog.template is not None and dialog.template.id == "delay-no-movement"


def test_without_the_delay_template_the_first_template_opens(qtbot: QtBot) -> None:
    only = load_templates(Path(__file__).resolve().parents[3] / "content")
    del only.templates["delay-no-movement"]
    dialog = open_composer(None, templates=only, contacts=[], lang="en")
    qtbot.addWidget(dialog)
    assert dialog.template is not None and dialog.template.id == only.ids()[0]


def test_the_dialog_follows_a_language_change(
    qtbot: QtBot, templates: TemplateSet, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)  # its teardown puts the language back to English
    dialog = open_composer(window, templates=templates, contacts=[], template_id="lost-parcel")
    assert button(dialog, "copyRussian").text() == "Copy Russian"
    settings.language = "zh"
    qtbot.waitUntil(lambda: button(dialog, "copyRussian").text() == "复制俄文")
    assert shown(dialog, "meaningText").startswith("您好！")
    window.tools_menu.aboutToShow.emit()
    assert window.compose_action.text() == "写信给客服…"
    dialog.close()


def test_a_date_out_of_range_is_refused_under_its_field_with_the_window_s_today(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)  # its clock says 2026-11-26
    dialog = open_composer(
        window, template_id="lost-parcel", values={"posting": "1", "since": "01.01.0001"}
    )
    qtbot.addWidget(dialog)
    assert error(dialog, "since").text() == "Give a date from 01.01.2000 to 26.11.2027."
    assert not button(dialog, "copyRussian").isEnabled()
    assert "01.01.1." not in shown(dialog, "russianText")
    editor(dialog, "since").clear()
    qtbot.keyClicks(editor(dialog, "since"), "2027-11-27")  # a year and a day ahead
    assert not error(dialog, "since").isHidden()
    assert error(dialog, "since").text() == "Give a date from 01.01.2000 to 26.11.2027."
    editor(dialog, "since").clear()
    qtbot.keyClicks(editor(dialog, "since"), "2027-11-26")
    assert error(dialog, "since").isHidden()
    assert "26.11.2027" in shown(dialog, "russianText")
    dialog.close()
