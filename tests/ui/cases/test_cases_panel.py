"""The Cases dock at fixed instants: order, badges, next steps, buttons, reminders, search."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QListView, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from case_fixtures import THURSDAY_NOON_MSK, contacts, desk, lost_parcel, mailbox
from clock_fixtures import fixed_clock
from faqdesk.core.cases.model import CaseStatus, NewCase
from faqdesk.core.cases.store import CaseStore
from faqdesk.core.contacts.book import ContactBook
from faqdesk.ui.cases.case_model import BADGE_ROLE, CASE_ID_ROLE
from faqdesk.ui.cases.loading import PAGE
from faqdesk.ui.cases.panel import CasesPanel
from faqdesk.ui.cases.reminders import TrayNotifier
from faqdesk.ui.common.clock import ManualClock
from faqdesk.ui.settings.store import Settings

PanelFactory = Callable[..., CasesPanel]
#: Friday 27 Nov 14:00 Moscow: 26 h after the fixture cases were opened; the phone is open.
FRIDAY_1400_MSK = THURSDAY_NOON_MSK + timedelta(hours=26)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    with ContactBook.open(folder, clock=fixed_clock) as book:
        book.save(desk())
        book.save(mailbox())
    return folder


@pytest.fixture
def notes() -> list[tuple[str, str]]:
    return []


@pytest.fixture
def make_panel(
    qtbot: QtBot, settings: Settings, data_dir: Path, notes: list[tuple[str, str]]
) -> Iterator[PanelFactory]:
    def make(start: datetime, *cases: NewCase) -> CasesPanel:
        with CaseStore.open(data_dir, clock=fixed_clock) as store:
            for new in cases:
                store.add(new, contacts())
        clock = ManualClock(start)

        def notify(title: str, body: str) -> bool:
            notes.append((title, body))
            return True

        panel = CasesPanel(clock, settings, data_dir, notifier=notify)
        clock.setParent(panel)
        qtbot.addWidget(panel)
        panel.resize(520, 640)
        panel.show()
        qtbot.waitExposed(panel)
        qtbot.waitUntil(lambda: not panel.loading)  # the cases are read in the background
        return panel

    yield make


def shown(panel: CasesPanel) -> list[tuple[str, str]]:
    return [(row.case.id, row.badge.value) for row in panel.rows()]


def clock_of(panel: CasesPanel) -> ManualClock:
    clock = panel._clock
    assert isinstance(clock, ManualClock)
    return clock


def test_open_cases_are_listed_by_urgency_with_badge_and_next_step(
    make_panel: PanelFactory,
) -> None:
    panel = make_panel(
        FRIDAY_1400_MSK,
        lost_parcel(),  # due Fri 09:00 UTC: overdue, phone open
        lost_parcel(contact="mailbox", channel="mail"),  # due Sat 09:00 UTC: waiting
        lost_parcel(channel="chat"),  # due Thu 11:00 UTC: overdue longest
    )
    assert panel.objectName() == "casesPanel"
    assert shown(panel) == [("C-0003", "call_now"), ("C-0001", "call_now"), ("C-0002", "waiting")]
    assert panel.summary_label.text() == "3 open, 2 overdue"
    first = panel.model.index(0)
    assert first.data(Qt.ItemDataRole.ToolTipRole) == (
        "no reply for 26 h — phone now, open until 18:00 MSK = 23:00 your time"
    )
    assert "C-0003" in panel.details.text()
    assert panel.step_button.text() == "Call"


def test_call_asks_for_the_contact_card_and_write_for_the_follow_up(
    qtbot: QtBot, make_panel: PanelFactory
) -> None:
    panel = make_panel(
        FRIDAY_1400_MSK + timedelta(days=1),
        lost_parcel(),
        lost_parcel(contact="mailbox", channel="mail"),
    )
    assert panel.select_case("C-0001")
    with qtbot.waitSignal(panel.callRequested) as called:
        panel.step_button.click()
    assert called.args == ["desk", "phone"]
    assert panel.select_case("C-0002")
    assert panel.step_button.text() == "Write"
    with qtbot.waitSignal(panel.composeRequested) as composed:
        panel.step_button.click()
    assert composed.args == [
        "follow-up-no-reply",
        {"ticket": "T-77", "posting": "12345678-0001-1", "order": "12345678-0001",
         "since": "2026-11-26"},
    ]  # fmt: skip


def test_log_reply_and_close_take_the_case_off_the_list_and_are_stored(
    qtbot: QtBot, make_panel: PanelFactory
) -> None:
    panel = make_panel(FRIDAY_1400_MSK, lost_parcel(), lost_parcel(channel="chat"))
    panel.select_case("C-0001")
    panel.reply_button.click()
    qtbot.waitUntil(lambda: [case_id for case_id, _ in shown(panel)] == ["C-0002"])
    panel.close_button.click()
    qtbot.waitUntil(lambda: shown(panel) == [])
    assert panel.empty_label.isVisible()
    stored = {case.id: case.status for case in panel.store.cases()}
    assert stored == {"C-0001": CaseStatus.ANSWERED, "C-0002": CaseStatus.CLOSED}


def test_a_case_becoming_overdue_reminds_once_and_rises_to_the_top(
    make_panel: PanelFactory, notes: list[tuple[str, str]]
) -> None:
    panel = make_panel(
        THURSDAY_NOON_MSK + timedelta(hours=1),
        lost_parcel(channel="chat", title="早"),  # due 11:00 UTC
        lost_parcel(title="晚"),  # due Fri 09:00 UTC
    )
    assert shown(panel) == [("C-0001", "waiting"), ("C-0002", "waiting")]
    clock = clock_of(panel)
    assert THURSDAY_NOON_MSK + timedelta(hours=2) in clock.pending_wakes()
    clock.set_now(THURSDAY_NOON_MSK + timedelta(hours=1, minutes=59))
    assert notes == []
    clock.set_now(THURSDAY_NOON_MSK + timedelta(hours=2))
    title = "No reply yet: C-0001  12345678-0001-1  RU123456789CN  早"
    assert [title for title, _ in notes] == [title]
    assert notes[0][1] == "no reply for 2 h — phone now, open until 18:00 MSK = 23:00 your time"
    clock.advance(timedelta(minutes=5))
    assert len(notes) == 1  # not again
    clock.set_now(THURSDAY_NOON_MSK + timedelta(hours=24))
    assert len(notes) == 2 and "C-0002" in notes[1][0]
    assert shown(panel)[0] == ("C-0002", "call_now")  # the newest reminder on top


def test_a_call_at_moment_reminds_when_it_comes(
    make_panel: PanelFactory, notes: list[tuple[str, str]]
) -> None:
    friday_evening = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)  # 20:00 Moscow, closed
    panel = make_panel(friday_evening, lost_parcel())
    assert shown(panel) == [("C-0001", "overdue")]
    assert "phone at Mon 09:30 MSK" in panel.details.text()
    monday = datetime(2026, 11, 30, 6, 30, tzinfo=UTC)
    clock_of(panel).set_now(monday + timedelta(minutes=1))
    assert [title.split(":")[0] for title, _ in notes] == ["Time to phone"]
    assert shown(panel) == [("C-0001", "call_now")]


def test_without_a_tray_the_notifier_says_so_and_nothing_breaks(qtbot: QtBot) -> None:
    notifier = TrayNotifier(QSystemTrayIcon().icon())
    assert notifier("title", "body") is QSystemTrayIcon.isSystemTrayAvailable()


def test_cases_added_by_another_process_show_on_the_next_minute(
    qtbot: QtBot, make_panel: PanelFactory, data_dir: Path
) -> None:
    panel = make_panel(FRIDAY_1400_MSK, lost_parcel())
    with CaseStore.open(data_dir, clock=fixed_clock) as other:
        other.add(lost_parcel(posting="55555555-0001-1"), contacts())
    clock_of(panel).advance(timedelta(minutes=1))
    qtbot.waitUntil(lambda: [case_id for case_id, _ in shown(panel)] == ["C-0001", "C-0002"])


def test_search_text_lists_matching_cases_and_choosing_one_selects_it(
    qtbot: QtBot, make_panel: PanelFactory
) -> None:
    panel = make_panel(
        FRIDAY_1400_MSK,
        lost_parcel(),
        lost_parcel(posting="87654321-0002-1", order="87654321-0002", tracking=("LP777",)),
    )
    panel.follow_search("lp77")
    qtbot.waitUntil(lambda: panel.matches.isVisible())
    assert panel.matches.count() == 1
    assert panel.matches_caption.text() == "Cases (1)"
    item = panel.matches.item(0)
    assert item.text().startswith("C-0002  87654321-0002-1")
    panel.matches.itemClicked.emit(item)
    assert panel.current() is not None and panel.current().case.id == "C-0002"  # type: ignore[union-attr]
    panel.follow_search("")
    qtbot.waitUntil(lambda: not panel.matches.isVisible())


def test_user_text_is_shown_as_plain_text_and_missing_files_are_named(
    make_panel: PanelFactory,
) -> None:
    panel = make_panel(
        FRIDAY_1400_MSK,
        lost_parcel(title="<img src=file:///etc/passwd>", attachments=("/nowhere/photo.jpg",)),
    )
    assert panel.details.textFormat() == Qt.TextFormat.PlainText
    assert "<img src=file:///etc/passwd>" in panel.details.text()
    assert "missing files: /nowhere/photo.jpg" in panel.details.text()
    assert all(
        label.textFormat() == Qt.TextFormat.PlainText
        for label in (panel.details, panel.message_label)
        if isinstance(label, QLabel)
    )


def test_switching_to_chinese_rewords_everything(
    make_panel: PanelFactory, settings: Settings
) -> None:
    panel = make_panel(FRIDAY_1400_MSK, lost_parcel())
    settings.language = "zh"
    assert panel.windowTitle() == "工单"
    assert panel.step_button.text() == "打电话"
    assert panel.model.index(0).data(Qt.ItemDataRole.ToolTipRole).startswith("已 26 小时未回复")
    assert panel.summary_label.text() == "1 个进行中，1 个已超时"


def test_a_case_started_from_the_composer_records_the_message_it_sent(
    qtbot: QtBot, make_panel: PanelFactory
) -> None:
    panel = make_panel(FRIDAY_1400_MSK)
    dialog = panel.start_case(
        {
            "problem": "damaged",
            "posting": "11112222-0001-1",
            "tracking": ["RU9", "LP8"],
            "contact": "desk",
            "channel": "chat",
            "ticket": "CH-5",
            "text": "您好，包裹破损。",
        }
    )
    assert dialog.isVisible()
    case = dialog.save()
    assert case is not None and not dialog.isVisible()
    assert (case.problem, case.channel, case.tracking) == ("damaged", "chat", ("RU9", "LP8"))
    assert case.opened_at == FRIDAY_1400_MSK
    assert case.events[-1].text == "您好，包裹破损。"
    assert case.reply_due == FRIDAY_1400_MSK + timedelta(hours=2)  # the chat answers in 2 h
    qtbot.waitUntil(lambda: panel.current() is not None and panel.current().case.id == case.id)  # type: ignore[union-attr]


def test_the_new_case_form_names_what_is_wrong_and_stores_nothing(
    qtbot: QtBot, make_panel: PanelFactory
) -> None:
    panel = make_panel(FRIDAY_1400_MSK)
    panel.new_button.click()
    dialog = panel.new_case_dialog
    dialog.edits["posting"].setText("<script>")
    dialog.edits["tracking"].setText("RU1, ok2；LP3")
    assert dialog.new_case().tracking == ("RU1", "ok2", "LP3")
    assert dialog.save() is None
    assert dialog.isVisible()
    assert dialog.error_label.text() == (
        "Posting number: '<script>' is not a number (letters, digits and - _ / . only)"
    )
    assert dialog.error_label.textFormat() == Qt.TextFormat.PlainText
    assert panel.store.cases() == []
    dialog.edits["posting"].setText("12345678-0001-1")
    assert dialog.save() is not None
    qtbot.waitUntil(lambda: [row.case.posting for row in panel.rows()] == ["12345678-0001-1"])


def test_attention_names_the_overdue_cases_first_one(make_panel: PanelFactory) -> None:
    panel = make_panel(
        THURSDAY_NOON_MSK + timedelta(hours=1),
        lost_parcel(channel="chat"),  # due 11:00 UTC
        lost_parcel(posting="87654321-0002-1"),  # due Fri 09:00 UTC
    )
    assert panel.attention() == ""
    clock_of(panel).set_now(FRIDAY_1400_MSK)  # C-0002 just became overdue: it is on top
    assert panel.attention() == (
        "2 overdue case(s) — C-0002  87654321-0002-1  RU123456789CN  丢件 lost parcel: "
        "no reply for 26 h — phone now, open until 18:00 MSK = 23:00 your time"
    )


def test_with_2000_cases_the_most_urgent_come_first_and_only_a_page_is_built(
    qtbot: QtBot, settings: Settings, data_dir: Path
) -> None:
    rng = random.Random(15)
    channels = [("desk", "ticket"), ("desk", "chat"), ("mailbox", "mail")]
    with CaseStore.open(data_dir, clock=lambda: FRIDAY_1400_MSK) as store:  # opened before now
        for index in range(2000):
            contact, channel = rng.choice(channels)
            opened = FRIDAY_1400_MSK - timedelta(minutes=rng.randrange(0, 4 * 24 * 60))
            new = lost_parcel(
                posting=f"{10_000_000 + index}-0001-1", contact=contact, channel=channel,
                opened_at=opened, title=f"包裹 {index}",
            )  # fmt: skip
            store.add(new, contacts())
        stored = store.cases(open_only=True, with_events=False)
    expected = [case.id for case in sorted(stored, key=lambda case: (case.reply_due, case.id))]
    overdue = sum(1 for case in stored if case.reply_due <= FRIDAY_1400_MSK)
    assert 0 < overdue < 2000
    clock = ManualClock(FRIDAY_1400_MSK)
    panel = CasesPanel(clock, settings, data_dir, notifier=lambda *_: True)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel._reader.pageRead):  # the most urgent page comes first
        panel.resize(520, 640)
        panel.show()
        assert panel.loading and panel.summary_label.text() == "Loading cases…"
        assert panel.model.rowCount() == 0 and not panel.empty_label.isVisible()
    assert panel.model.rowCount() == 2000
    assert panel.summary_label.text() == f"2000 open, {overdue} overdue"
    assert [case.id for case in panel.model.cases()[:PAGE]] == expected[:PAGE]
    qtbot.waitUntil(lambda: not panel.loading)
    qtbot.waitUntil(lambda: panel.list_view.indexAt(QPoint(4, 4)).isValid())
    panel.grab()  # painted
    assert panel.model.rowCount() == 2000
    assert panel.summary_label.text() == f"2000 open, {overdue} overdue"
    shown_ids = [panel.model.index(row).data(CASE_ID_ROLE) for row in range(2000)]
    assert shown_ids == expected
    built, worked_out = len(panel.model.built), panel.model.steps_worked_out()
    assert 0 < built <= 30  # the rows on screen (about 13 at this height)
    assert worked_out <= built + 3  # and a step per phone for the reminders
    top = panel.model.index(0)
    assert top.data(BADGE_ROLE) == "call_now"  # Friday 14:00 Moscow: the phone is open
    assert panel.model.index(1999).data(BADGE_ROLE) == "waiting"

    def top_case() -> object:
        return panel.list_view.indexAt(QPoint(4, 4)).data(CASE_ID_ROLE)

    panel.list_view.scrollTo(panel.model.index(1000), QListView.ScrollHint.PositionAtTop)
    qtbot.waitUntil(lambda: top_case() == expected[1000])
    clock.advance(timedelta(minutes=1))  # each minute: new steps, the same rows
    assert top_case() == expected[1000]
    clock.advance(timedelta(hours=2))  # more cases overdue: they rise to the top
    qtbot.waitUntil(lambda: panel.model.index(0).data(CASE_ID_ROLE) != expected[0])
    qtbot.waitUntil(lambda: top_case() == expected[1000])  # the list kept its place


def test_a_read_that_fails_says_so_instead_of_loading_for_ever(
    qtbot: QtBot, settings: Settings, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_store: CaseStore, *_limit: object) -> list[object]:
        raise OSError("disk on fire")

    monkeypatch.setattr(CaseStore, "open_by_urgency", broken)
    panel = CasesPanel(ManualClock(FRIDAY_1400_MSK), settings, data_dir, notifier=lambda *_: True)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: not panel.loading)
    assert panel.message_label.text() == "The cases could not be read: disk on fire"
    assert panel.empty_label.isVisibleTo(panel) and panel.rows() == []


def test_a_pane_closed_while_it_reads_drops_the_read(
    qtbot: QtBot, settings: Settings, data_dir: Path
) -> None:
    with CaseStore.open(data_dir, clock=fixed_clock) as store:
        store.add(lost_parcel(), contacts())
    panel = CasesPanel(ManualClock(FRIDAY_1400_MSK), settings, data_dir, notifier=lambda *_: True)
    reader = panel._reader
    panel.deleteLater()
    qtbot.waitUntil(lambda: not reader.busy())  # delivered to nobody, nothing raised
