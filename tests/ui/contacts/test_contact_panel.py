"""The contact dock driven by a ManualClock: live clocks, statuses on time, cards, timeline."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from clock_fixtures import fixed_clock
from contact_fixtures import make_contact, office_contact, type_chinese
from faqdesk.core.contacts.book import ContactBook
from faqdesk.core.contacts.calltime import status_bands
from faqdesk.core.contacts.model import Contact
from faqdesk.ui.common.clock import ManualClock
from faqdesk.ui.contacts.editor import ContactEditor
from faqdesk.ui.contacts.panel import ContactPanel
from faqdesk.ui.settings.store import Settings

MSK = ZoneInfo("Europe/Moscow")
THURSDAY_1645 = datetime(2026, 11, 26, 16, 45, tzinfo=MSK)

PanelFactory = Callable[..., ContactPanel]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def make_panel(qtbot: QtBot, settings: Settings, data_dir: Path) -> Iterator[PanelFactory]:
    """Build a shown panel over ``data_dir`` with the given contacts saved first."""

    def make(
        start: datetime = THURSDAY_1645,
        contacts: tuple[Contact, ...] = (),
        opener: Callable[[QUrl], bool] | None = None,
    ) -> ContactPanel:
        with ContactBook.open(data_dir, clock=fixed_clock) as book:
            for contact in contacts:
                book.save(contact)
        clock = ManualClock(start)
        panel = ContactPanel(clock, settings, data_dir, opener=opener)
        clock.setParent(panel)
        qtbot.addWidget(panel)
        panel.resize(460, 900)
        panel.show()
        qtbot.waitExposed(panel)
        return panel

    yield make


def _clock(panel: ContactPanel) -> ManualClock:
    clock = panel._clock
    assert isinstance(clock, ManualClock)
    return clock


def test_channel_goes_from_fair_to_closed_at_1800_moscow(make_panel: PanelFactory) -> None:
    panel = make_panel(datetime(2026, 11, 26, 17, 45, tzinfo=MSK), contacts=(office_contact(),))
    card = panel.findChild(type(panel.cards()[0]), "channelCard-moscow-office-phone")
    assert card is not None
    assert card.badge.status == "fair"
    assert card.countdown_label.text() == "closes in 15 min"
    # The panel asked the clock to wake it exactly when the status changes.
    assert datetime(2026, 11, 26, 18, 0, tzinfo=MSK) in _clock(panel).pending_wakes()
    _clock(panel).set_now(datetime(2026, 11, 26, 17, 59, 59, tzinfo=MSK))
    assert card.badge.status == "fair"
    assert card.countdown_label.text() == "closes in 1 min"
    _clock(panel).advance(timedelta(seconds=1))
    assert card.badge.status == "closed"
    assert "opens Fri 09:00 MSK; good time from Fri 09:30 MSK" in card.reason_label.text()


def test_statuses_change_inside_a_long_jump_at_the_right_instant(
    make_panel: PanelFactory,
) -> None:
    panel = make_panel(datetime(2026, 11, 26, 8, 0, tzinfo=MSK), contacts=(office_contact(),))
    card = panel.card("moscow-office", "phone")
    assert card is not None
    seen: list[tuple[datetime, str]] = []
    _clock(panel).tick.connect(lambda when: seen.append((when, card.badge.status)))
    _clock(panel).set_now(datetime(2026, 11, 26, 11, 0, tzinfo=MSK))
    assert seen == [
        (datetime(2026, 11, 26, 9, 0, tzinfo=MSK), "fair"),
        (datetime(2026, 11, 26, 9, 30, tzinfo=MSK), "good"),
        (datetime(2026, 11, 26, 11, 0, tzinfo=MSK), "good"),
    ]


def test_live_clocks_change_exactly_on_the_minute(make_panel: PanelFactory) -> None:
    panel = make_panel(datetime(2026, 11, 26, 16, 45, 30, tzinfo=MSK))
    moscow, local = panel.moscow_clock.time_label, panel.local_clock.time_label
    assert (moscow.text(), local.text()) == ("16:45", "21:45")
    assert panel.moscow_clock.day_label.text() == "Thu 26 Nov, MSK"
    _clock(panel).advance(timedelta(seconds=29, microseconds=999_999))
    assert (moscow.text(), local.text()) == ("16:45", "21:45")
    _clock(panel).advance(timedelta(microseconds=1))
    assert (moscow.text(), local.text()) == ("16:46", "21:46")


def test_a_public_holiday_shows_its_name(make_panel: PanelFactory) -> None:
    panel = make_panel(datetime(2027, 2, 23, 12, 0, tzinfo=MSK), contacts=(office_contact(),))
    card = panel.card("moscow-office", "phone")
    assert card is not None
    assert card.badge.status == "closed"
    assert "public holiday: Defender of the Fatherland Day" in card.reason_label.text()
    assert [band.status for band in panel.timeline.data().rows[0].bands] == ["closed"]


def test_a_phone_with_no_hours_is_unknown(make_panel: PanelFactory) -> None:
    panel = make_panel()
    phone = panel.card("ozon-seller-support", "phone")  # bundled: no number, no hours
    assert phone is not None
    assert phone.objectName() == "channelCard-ozon-seller-support-phone"
    assert phone.badge.status == "unknown"
    assert phone.badge.text() == "hours unknown"
    assert not phone.open_button.isEnabled()
    ticket = panel.card("ozon-seller-support", "ticket")
    assert ticket is not None and ticket.badge.status == "anytime"


def test_copy_and_open_from_the_panel(make_panel: PanelFactory, qtbot: QtBot) -> None:
    opened: list[str] = []
    panel = make_panel(
        contacts=(office_contact(),), opener=lambda url: opened.append(url.toString()) or True
    )
    card = panel.card("moscow-office", "phone")
    assert card is not None
    qtbot.mouseClick(card.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "+7 495 000-00-00"
    assert "Copied +7 495 000-00-00" in panel.message_label.text()
    qtbot.mouseClick(card.open_button, Qt.MouseButton.LeftButton)
    assert opened == ["tel:+74950000000"]


def test_timeline_shows_the_selected_channel_bands(make_panel: PanelFactory, qtbot: QtBot) -> None:
    contact = office_contact()
    panel = make_panel(contacts=(contact,))
    assert panel.timeline_choice.currentData(Qt.ItemDataRole.UserRole) == ("moscow-office", "phone")
    # the phone has no label: the chooser names its kind, not its internal id
    assert panel.timeline_choice.currentText() == "Moscow office — Phone"
    data = panel.timeline.data()
    assert data.now == THURSDAY_1645
    for row in data.rows:
        expected = status_bands(contact, contact.channels[0], row.start, row.end)
        assert [(b.start, b.end, b.status) for b in row.bands] == [
            (b.start, b.end, b.status.value) for b in expected
        ]
    # The user's calling hours (Shanghai 09:00-21:00) drawn in Moscow time: 04:00-16:00.
    spans = data.rows[0].caller_spans
    assert [(s.start.astimezone(MSK).hour, s.end.astimezone(MSK).hour) for s in spans] == [(4, 16)]


def test_stale_details_are_flagged(make_panel: PanelFactory) -> None:
    old = make_contact(
        {
            "id": "old-agent",
            "name": {"en": "Old agent"},
            "verified": "2026-03-01",
            "channels": [{"id": "mail", "kind": "email", "value": "a@example.com"}],
        }
    )
    fresh = make_contact(
        {
            "id": "new-agent",
            "name": {"en": "New agent"},
            "verified": "2026-11-01",
            "channels": [{"id": "mail", "kind": "email", "value": "b@example.com"}],
        }
    )
    panel = make_panel(contacts=(old, fresh))
    old_header = panel._headers["old-agent"]
    assert old_header.stale_label.isVisible()
    assert "2026-03-01" in old_header.stale_label.text()
    assert not panel._headers["new-agent"].stale_label.isVisible()


def test_settings_changes_reach_the_panel(make_panel: PanelFactory, settings: Settings) -> None:
    panel = make_panel(contacts=(office_contact(),))
    settings.home_timezone = "Europe/Berlin"
    assert panel.local_clock.time_label.text() == "14:45"
    assert "Europe/Berlin" in panel.local_clock.caption.text()
    card = panel.card("moscow-office", "phone")
    assert card is not None
    assert "your time" in card.reason_label.text()
    settings.language = "zh"
    assert "营业中" in card.reason_label.text()
    assert panel._headers["moscow-office"].name_label.text() == "莫斯科办公室"
    assert panel.moscow_clock.day_label.text().startswith("11月26日")


def test_filter_shows_matching_contacts_only(make_panel: PanelFactory, qtbot: QtBot) -> None:
    panel = make_panel(contacts=(office_contact(),))
    qtbot.keyClicks(panel.filter_edit, "Moscow office")
    office = panel.card("moscow-office", "phone")
    assert office is not None and office.isVisible()
    assert panel.card("ozon-seller-support", "ticket") is None  # only matches get cards
    panel.filter_edit.clear()
    ozon = panel.card("ozon-seller-support", "ticket")
    assert ozon is not None and ozon.isVisible()
    qtbot.keyClicks(panel.filter_edit, "no such contact")
    assert panel.empty_label.isVisible() and panel.cards() == []


def test_add_contact_invalid_hours_then_valid(
    make_panel: PanelFactory, qtbot: QtBot, data_dir: Path
) -> None:
    panel = make_panel()
    editor = panel.add_contact()
    assert isinstance(editor, ContactEditor) and editor.isVisible()
    qtbot.keyClicks(editor.id_edit, "my-forwarder")
    type_chinese(editor.name_zh_edit, "我的货代")
    qtbot.keyClicks(editor.hours_edits["mon-fri"], "9-")
    editor.channel_table.add_channel("phone", "phone", "+86 755 0000 0000")
    error = editor.hours_errors["mon-fri"]
    assert error.isVisible() and error.text() == "'9-' is not HH:MM-HH:MM"
    ok = editor.buttons.button(editor.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    editor.accept()  # even if forced, invalid data never closes the dialog
    assert editor.isVisible()
    assert panel.card("my-forwarder", "phone") is None
    editor.hours_edits["mon-fri"].clear()
    qtbot.keyClicks(editor.hours_edits["mon-fri"], "9-18")  # read forgivingly (issue 12)
    assert not error.isVisible() and ok.isEnabled()
    with qtbot.waitSignal(editor.saved, timeout=1000):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    card = panel.card("my-forwarder", "phone")
    assert card is not None and card.objectName() == "channelCard-my-forwarder-phone"
    # Thursday 16:45 Moscow time is good there, but 21:45 in Shanghai: outside the user's
    # calling hours (09:00-21:00), so fair, and the card says why (issue 12).
    assert card.badge.status == "fair"
    assert card.reason_label.text().startswith("outside your calling hours (21:45 your time)")
    with ContactBook.open(data_dir, clock=fixed_clock) as book:
        saved = book.get("my-forwarder")
    assert saved is not None and saved.display_name("zh") == "我的货代"


def test_vcard_export_then_import(make_panel: PanelFactory, tmp_path: Path) -> None:
    panel = make_panel(contacts=(office_contact(),))
    target = tmp_path / "contacts.vcf"
    assert panel.export_vcard(target)
    assert "BEGIN:VCARD" in target.read_text(encoding="utf-8")
    assert "contacts.vcf" in panel.message_label.text()


def test_importing_a_broken_vcard_gives_a_message(make_panel: PanelFactory, tmp_path: Path) -> None:
    panel = make_panel()
    broken = tmp_path / "broken.vcf"
    broken.write_bytes(b"\xff\xfe not a vcard at all")
    assert panel.import_vcard(broken) == 0
    assert "broken.vcf" in panel.message_label.text()
    assert panel.card("ozon-seller-support", "ticket") is not None  # the rest keeps working


def test_retranslate_on_language_change_event(make_panel: PanelFactory) -> None:
    panel = make_panel()
    panel.setWindowTitle("")
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    QApplication.sendEvent(panel, QEvent(QEvent.Type.LanguageChange))
    assert panel.windowTitle() == "Contacts and call times"


def test_edit_on_a_card_opens_the_editor_for_its_contact(
    make_panel: PanelFactory, qtbot: QtBot, settings: Settings
) -> None:
    panel = make_panel(contacts=(office_contact(),))
    card = panel.card("moscow-office", "phone")
    assert card is not None
    qtbot.mouseClick(card.edit_button, Qt.MouseButton.LeftButton)
    editor = panel.findChild(ContactEditor)
    assert editor is not None and editor.isVisible()
    assert editor.id_edit.text() == "moscow-office" and editor.id_edit.isReadOnly()
    settings.calling_hours = "24h"  # the user calls at any hour: only the contact's hours count
    editor.margin_spin.setValue(0)
    with qtbot.waitSignal(editor.saved, timeout=1000):
        editor.accept()
    card = panel.card("moscow-office", "phone")
    assert card is not None
    _clock(panel).set_now(datetime(2026, 11, 26, 17, 45, tzinfo=MSK))
    assert card.badge.status == "good"  # no margin any more: good until 18:00
    first_band = panel.timeline.data().rows[0].bands[1]  # after the night
    assert (first_band.status, first_band.contact_times) == ("good", "09:00–13:00")


def test_a_read_only_data_folder_is_explained(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    clock = ManualClock(THURSDAY_1645)
    panel = ContactPanel(clock, settings, blocker)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.message_label.isVisible()
    assert "cannot be written to" in panel.message_label.text()
    assert not panel.add_button.isEnabled()
    assert panel.card("ozon-seller-support", "ticket") is not None  # still shows contacts
    assert panel.import_vcard(tmp_path / "any.vcf") == 0


def test_changes_from_another_window_show_up_on_the_next_minute(
    make_panel: PanelFactory, data_dir: Path
) -> None:
    panel = make_panel()
    assert panel.card("moscow-office", "phone") is None
    with ContactBook.open(data_dir, clock=fixed_clock) as other:  # another process
        other.save(office_contact())
    _clock(panel).advance(timedelta(minutes=1))
    assert panel.card("moscow-office", "phone") is not None


def test_new_contact_check_date_comes_from_the_app_clock(make_panel: PanelFactory) -> None:
    panel = make_panel(datetime(2026, 11, 26, 20, 30, tzinfo=MSK))  # 01:30 on the 27th in Shanghai
    editor = panel.add_contact()
    editor.verified_check.setChecked(True)
    assert editor.verified_edit.date().toString("yyyy-MM-dd") == "2026-11-27"


HTML = "<h1>big</h1><img src='file:///etc/passwd'>"


def test_html_in_every_contact_field_is_shown_as_text_never_rendered(
    make_panel: PanelFactory,
) -> None:
    """A name, note, channel value or label from a vCard may carry markup: no label may
    render it (no local file loaded, no fake heading or badge), each shows it as typed."""
    from PySide6.QtWidgets import QLabel

    contact = make_contact(
        {
            "id": "html",
            "name": {"zh": HTML, "en": HTML},
            "notes": {"zh": HTML, "en": HTML},
            "hours": {"mon-fri": "09:00-18:00"},
            "channels": [
                {"id": "phone", "kind": "phone", "value": HTML, "label": {"en": HTML}},
                {"id": "web", "kind": "web", "value": HTML},
            ],
        }
    )
    panel = make_panel(contacts=(contact,))
    showing = [label for label in panel.findChildren(QLabel) if "<h1>" in label.text()]
    assert len(showing) >= 4  # name, notes, two channel values (and titles with the label)
    for label in showing:
        assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    card = panel.card("html", "phone")
    assert card is not None and HTML in card.value_label.text()
