"""Issue 12 in the contact dock: the verdict line, card order, filling in, keyboard, paging."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from clock_fixtures import fixed_clock
from contact_fixtures import make_contact, type_chinese
from faqdesk.core.contacts.book import ContactBook
from faqdesk.core.contacts.model import Contact
from faqdesk.ui.common.clock import ManualClock
from faqdesk.ui.contacts.panel import PAGE, ContactPanel
from faqdesk.ui.settings.store import Settings

MSK = ZoneInfo("Europe/Moscow")
MONDAY_1100 = datetime(2026, 11, 30, 11, 0, tzinfo=MSK)
FRIDAY_1745 = datetime(2026, 11, 27, 17, 45, tzinfo=MSK)
SATURDAY_1200 = datetime(2026, 11, 28, 12, 0, tzinfo=MSK)
NEW_YEAR = datetime(2027, 1, 1, 12, 0, tzinfo=MSK)
THURSDAY_1645 = datetime(2026, 11, 26, 16, 45, tzinfo=MSK)  # 21:45 in Shanghai

PanelFactory = Callable[..., ContactPanel]


def forwarder(contact_id: str = "my-forwarder", name: str = "我的货代") -> Contact:
    """The issue's forwarder: a phone, Mon-Fri 09:00-18:00 Moscow time."""
    return make_contact(
        {
            "id": contact_id,
            "name": {"zh": name, "en": "My forwarder"},
            "hours": {"mon-fri": "09:00-18:00"},
            "channels": [{"id": "phone", "kind": "phone", "value": "+7 495 000-00-00"}],
        }
    )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def make_panel(qtbot: QtBot, settings: Settings, data_dir: Path) -> Iterator[PanelFactory]:
    def make(start: datetime, contacts: tuple[Contact, ...] = (), lang: str = "en") -> ContactPanel:
        with ContactBook.open(data_dir, clock=fixed_clock) as book:
            for contact in contacts:
                book.save(contact)
        settings.language = lang
        clock = ManualClock(start)
        panel = ContactPanel(clock, settings, data_dir)
        clock.setParent(panel)
        qtbot.addWidget(panel)
        panel.resize(460, 700)
        panel.show()
        qtbot.waitExposed(panel)
        return panel

    yield make


def _clock(panel: ContactPanel) -> ManualClock:
    clock = panel._clock
    assert isinstance(clock, ManualClock)
    return clock


@pytest.mark.parametrize(
    ("now", "sentence", "status"),
    [
        (MONDAY_1100, "现在适合打给：我的货代 — 电话，还剩 5 小时", "good"),
        (
            FRIDAY_1745,
            "现在可以打给：我的货代 — 电话，但不是最佳时间（即将下班（18:00 莫斯科时间 = "
            "您的时间 23:00））",
            "fair",
        ),
        (
            SATURDAY_1200,
            "现在不适合打电话；随时可以书面联系：Ozon 卖家支持 — 卖家后台 → 支持（工单）。"
            "下次：周一 09:30 莫斯科时间 = 您的时间 周一 14:30（我的货代）",
            "closed",
        ),
        (
            NEW_YEAR,
            "现在不适合打电话；随时可以书面联系：Ozon 卖家支持 — 卖家后台 → 支持（工单）。"
            "下次：1月11日周一 09:30 莫斯科时间 = 您的时间 1月11日周一 14:30（我的货代）",
            "closed",
        ),
        (
            THURSDAY_1645,
            "现在可以打给：我的货代 — 电话，但不是最佳时间（不在您的拨打时段内（您的时间 21:45））",
            "fair",
        ),
    ],
)
def test_the_verdict_and_the_forwarders_card_agree(
    make_panel: PanelFactory, now: datetime, sentence: str, status: str
) -> None:
    panel = make_panel(now, (forwarder(),), lang="zh")
    assert panel.verdict_label.objectName() == "callVerdict"
    assert panel.verdict_label.text() == sentence
    card = panel.card("my-forwarder", "phone")
    assert card is not None and card.badge.status == status


def test_the_minute_tick_moves_the_verdict_on_and_says_so(
    make_panel: PanelFactory, qtbot: QtBot
) -> None:
    panel = make_panel(datetime(2026, 11, 30, 15, 58, tzinfo=MSK), (forwarder(),))
    assert panel.verdict_label.text().endswith("2 min left")  # Shanghai's 21:00 is 16:00 MSK
    with qtbot.waitSignal(panel.verdictChanged, timeout=1000) as changed:
        _clock(panel).advance(timedelta(minutes=1))
    assert changed.args == [panel.verdict_label.text()]
    assert panel.verdict_label.text().endswith("1 min left")
    with qtbot.waitSignal(panel.verdictChanged, timeout=1000):
        _clock(panel).advance(timedelta(minutes=1))
    # 16:00 MSK = 21:00 in Shanghai: the user's hours are over, the card and the line agree.
    assert panel.verdict_label.text().startswith("You can call now, though not at the best")
    card = panel.card("my-forwarder", "phone")
    assert card is not None and card.badge.status == "fair"
    assert card.reason_label.text().startswith("outside your calling hours (21:00 your time)")


def test_changing_the_calling_hours_changes_the_verdict(
    make_panel: PanelFactory, settings: Settings
) -> None:
    panel = make_panel(THURSDAY_1645, (forwarder(),))
    assert panel.verdict_label.text().startswith("You can call now, though not")
    settings.calling_hours = "09:00-23:00"
    assert panel.verdict_label.text() == (
        "Good time to call now: My forwarder — Phone, 45 min left"
    )


def test_clicking_the_verdict_scrolls_to_and_frames_its_card(
    make_panel: PanelFactory, qtbot: QtBot
) -> None:
    # Fifteen contacts with written channels only before the one to call: its card is far down.
    writers = tuple(
        make_contact(
            {
                "id": f"writer-{n:02d}",
                "name": {"en": f"Writer {n:02d}"},
                "channels": [{"id": "mail", "kind": "email", "value": f"w{n}@example.com"}],
            }
        )
        for n in range(15)
    )
    panel = make_panel(MONDAY_1100, (*writers, forwarder("zz-forwarder", "最后的货代")))
    card = panel.card("zz-forwarder", "phone")
    assert card is not None
    assert panel.verdict().best == ("zz-forwarder", "phone")  # type: ignore[union-attr]
    qtbot.mouseClick(panel.verdict_label, Qt.MouseButton.LeftButton)
    assert not card.visibleRegion().isEmpty()
    assert panel.window().focusWidget() is card  # Enter now copies its value
    assert "palette(highlight)" in card.styleSheet()
    assert panel.timeline_choice.currentData(Qt.ItemDataRole.UserRole) == (
        "zz-forwarder",
        "phone",
    )


def test_the_callable_contact_comes_first_and_empty_channels_fold(
    make_panel: PanelFactory, qtbot: QtBot
) -> None:
    panel = make_panel(MONDAY_1100, (forwarder(),))
    assert [contact.id for contact in panel.shown_contacts()][:2] == [
        "my-forwarder",
        "ozon-seller-support",
    ]
    ozon = panel._sections["ozon-seller-support"]
    assert ozon.missing_toggle.text() == "3 channel(s) not filled in yet — fill in"
    phone = panel.card("ozon-seller-support", "phone")
    ticket = panel.card("ozon-seller-support", "ticket")
    assert phone is not None and ticket is not None
    assert ticket.isVisible() and not phone.isVisible()  # the empty ones are folded away
    qtbot.mouseClick(ozon.missing_toggle, Qt.MouseButton.LeftButton)
    assert phone.isVisible()
    assert ozon.fill_ins["phone"].value_edit.placeholderText().startswith("Fill in the number")


def test_long_notes_fold_to_two_lines_with_more(make_panel: PanelFactory, qtbot: QtBot) -> None:
    panel = make_panel(MONDAY_1100)
    section = panel._sections["ozon-seller-support"]
    notes = section.header.notes_label
    two_lines = notes.fontMetrics().lineSpacing() * 2 + 1
    assert section.notes_toggle.isVisible() and section.notes_toggle.text() == "More"
    assert notes.maximumHeight() == two_lines
    qtbot.mouseClick(section.notes_toggle, Qt.MouseButton.LeftButton)
    assert notes.maximumHeight() > two_lines and section.notes_toggle.text() == "Less"


def test_fill_in_the_ozon_phone_on_its_card(
    make_panel: PanelFactory, qtbot: QtBot, data_dir: Path
) -> None:
    panel = make_panel(MONDAY_1100)
    section = panel._sections["ozon-seller-support"]
    section.show_missing(True)
    fill = section.fill_ins["phone"]
    assert not fill.error_label.isVisible()  # nothing said before the user typed
    qtbot.keyClicks(fill.value_edit, "call me")
    assert fill.error_label.isVisible()
    assert fill.error_label.text() == (
        "A phone number is a + and digits; spaces and dashes are fine."
    )
    qtbot.mouseClick(fill.save_button, Qt.MouseButton.LeftButton)
    assert panel.card("ozon-seller-support", "phone").state.value == ""  # type: ignore[union-attr]
    fill.value_edit.clear()
    qtbot.keyClicks(fill.value_edit, "+7 800 000-00-00")
    type_chinese(fill.source_edit, "官网“联系我们”页面")
    qtbot.keyClick(fill.value_edit, Qt.Key.Key_Return)
    card = panel.card("ozon-seller-support", "phone")
    assert card is not None and card.state.value == "+7 800 000-00-00"
    assert card.isVisible()  # a filled-in channel is no longer folded away
    assert "Saved Phone" in panel.message_label.text()
    with ContactBook.open(data_dir, clock=fixed_clock) as book:
        saved = book.get("ozon-seller-support")
    assert saved is not None and saved.origin == "edited"
    assert saved.verified == MONDAY_1100.astimezone(ZoneInfo("Asia/Shanghai")).date()
    assert saved.source == "官网“联系我们”页面"
    assert saved.channel("phone").value == "+7 800 000-00-00"  # type: ignore[union-attr]


def test_telegram_is_filled_in_as_a_handle(make_panel: PanelFactory, qtbot: QtBot) -> None:
    panel = make_panel(MONDAY_1100)
    section = panel._sections["ozon-seller-support"]
    section.show_missing(True)
    fill = section.fill_ins["telegram"]
    qtbot.keyClicks(fill.value_edit, "https://t.me/ozon_seller_support")
    qtbot.mouseClick(fill.save_button, Qt.MouseButton.LeftButton)
    card = panel.card("ozon-seller-support", "telegram")
    assert card is not None and card.state.value == "@ozon_seller_support"


def test_enter_on_a_card_copies_its_value(make_panel: PanelFactory, qtbot: QtBot) -> None:
    panel = make_panel(MONDAY_1100, (forwarder(),))
    card = panel.card("my-forwarder", "phone")
    assert card is not None
    card.setFocus()
    qtbot.keyClick(card, Qt.Key.Key_Return)
    assert QGuiApplication.clipboard().text() == "+7 495 000-00-00"
    assert "Copied +7 495 000-00-00" in panel.message_label.text()


def test_thousands_of_contacts_build_cards_for_one_page_only(
    make_panel: PanelFactory, qtbot: QtBot
) -> None:
    many = tuple(forwarder(f"agent-{n:03d}", f"货代 {n:03d}") for n in range(2 * PAGE + 5))
    panel = make_panel(MONDAY_1100, many)
    assert len(panel.shown_contacts()) == PAGE
    assert panel.more_button.isVisible()
    assert panel.more_button.text() == f"Show {PAGE} more contact(s)"
    computed = panel._cache.computed
    _clock(panel).advance(timedelta(minutes=1))
    assert panel._cache.computed == computed  # the minute tick asks the core for nothing new
    qtbot.mouseClick(panel.more_button, Qt.MouseButton.LeftButton)
    assert len(panel.shown_contacts()) == 2 * PAGE
    last = f"agent-{2 * PAGE + 4:03d}"
    qtbot.keyClicks(panel.filter_edit, last)
    assert [c.id for c in panel.shown_contacts()] == [last]
    assert not panel.more_button.isVisible()


def test_reveal_contacts_shows_them_first_and_frames_the_first(make_panel: PanelFactory) -> None:
    many = tuple(forwarder(f"agent-{n:03d}", f"货代 {n:03d}") for n in range(2 * PAGE))
    panel = make_panel(MONDAY_1100, many)
    last, before = f"agent-{2 * PAGE - 1:03d}", f"agent-{2 * PAGE - 2:03d}"
    assert panel.card(last, "phone") is None  # beyond the first page
    panel.reveal_contacts([last, "no-such-id", before])
    assert [c.id for c in panel.shown_contacts()][:2] == [last, before]
    card = panel.card(last, "phone")
    assert card is not None and not card.visibleRegion().isEmpty()
    assert "palette(highlight)" in card.styleSheet()


def test_html_in_a_name_stays_text_in_the_verdict(make_panel: PanelFactory) -> None:
    panel = make_panel(MONDAY_1100, (forwarder(name="<h1>big</h1>"),), lang="zh")
    assert panel.verdict_label.textFormat() == Qt.TextFormat.PlainText
    assert "<h1>big</h1>" in panel.verdict_label.text()
    assert isinstance(panel.verdict_label, QLabel)


def test_revealing_thousands_of_ids_stays_quick_and_shows_one_page(
    make_panel: PanelFactory,
) -> None:
    many = tuple(forwarder(f"agent-{n:03d}", f"货代 {n:03d}") for n in range(2 * PAGE))
    panel = make_panel(MONDAY_1100, many)
    ids = [f"agent-{n:03d}" for n in reversed(range(2 * PAGE))] + [f"x-{n}" for n in range(50_000)]
    panel.reveal_contacts(ids)
    shown = [c.id for c in panel.shown_contacts()]
    assert len(shown) == PAGE and shown[0] == f"agent-{2 * PAGE - 1:03d}"
