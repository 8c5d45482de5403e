"""A channel card: badge colours readable in both palettes, Copy, Open, countdown text."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from pytestqt.qtbot import QtBot

from contact_fixtures import make_contact, office_contact
from faqdesk.ui.contacts.channel_card import (
    STATUSES,
    ChannelCard,
    ChannelCardState,
    contrast_ratio,
    is_dark,
)
from faqdesk.ui.contacts.models import card_state

MSK = ZoneInfo("Europe/Moscow")


def _palette(window: str, text: str) -> QPalette:
    palette = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Window, QColor(window))
        palette.setColor(group, QPalette.ColorRole.WindowText, QColor(text))
        palette.setColor(group, QPalette.ColorRole.Base, QColor(window))
        palette.setColor(group, QPalette.ColorRole.Text, QColor(text))
    return palette


LIGHT = ("#efefef", "#1a1a1a")
DARK = ("#2b2b2b", "#f0f0f0")


def _card(qtbot: QtBot, state: ChannelCardState, **kwargs: object) -> ChannelCard:
    card = ChannelCard(state, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(card)
    card.resize(360, 160)
    card.show()
    return card


def in_shanghai(when: datetime) -> tuple[ChannelCardState, datetime | None]:
    """The office's phone card at ``when``, for a user in Shanghai."""
    contact = office_contact()
    return card_state(contact, contact.channels[0], when, "en", "Asia/Shanghai")


def _state(status: str, **changes: object) -> ChannelCardState:
    base = dict(
        contact_id="c", channel_id="phone", kind="phone", title="", value="+7 1", status=status
    )
    base.update(changes)
    return ChannelCardState(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize("colors", [LIGHT, DARK], ids=["light", "dark"])
@pytest.mark.parametrize("status", STATUSES)
def test_badge_is_readable_in_light_and_dark_palettes(
    qtbot: QtBot, colors: tuple[str, str], status: str
) -> None:
    card = _card(qtbot, _state(status))
    palette = _palette(*colors)
    card.setPalette(palette)
    assert is_dark(card.badge.palette()) == (colors is DARK)
    background, text = card.badge.colors()
    window = palette.color(QPalette.ColorRole.Window)
    assert contrast_ratio(text, background) >= 4.5  # WCAG AA for text
    assert contrast_ratio(background, window) >= 3.0  # the badge stands out (non-text 3:1)
    # What is painted is what was computed: sample the pill's edge, away from the text.
    image = card.badge.grab().toImage()
    painted = image.pixelColor(image.height() // 2, 3)  # inside the rounded end, above text
    assert painted.name() == background.name()
    assert card.badge.text()  # colour AND words


def test_badge_recolours_when_the_palette_changes(qtbot: QtBot) -> None:
    card = _card(qtbot, _state("good"))
    card.setPalette(_palette(*LIGHT))
    light_bg, _ = card.badge.colors()
    card.setPalette(_palette(*DARK))
    dark_bg, _ = card.badge.colors()
    assert light_bg != dark_bg
    image = card.badge.grab().toImage()
    assert image.pixelColor(image.height() // 2, 3).name() == dark_bg.name()


def test_copy_puts_the_value_on_the_clipboard(qtbot: QtBot) -> None:
    state, _ = in_shanghai(datetime(2026, 11, 26, 16, 45, tzinfo=MSK))
    card = _card(qtbot, state)
    QGuiApplication.clipboard().clear()
    with qtbot.waitSignal(card.copied, timeout=1000):
        qtbot.mouseClick(card.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "+7 495 000-00-00"


def test_open_calls_the_opener_with_a_tel_url(qtbot: QtBot) -> None:
    state, _ = in_shanghai(datetime(2026, 11, 26, 16, 45, tzinfo=MSK))
    opened: list[QUrl] = []
    card = _card(qtbot, state, opener=lambda url: opened.append(url) or True)
    qtbot.mouseClick(card.open_button, Qt.MouseButton.LeftButton)
    assert [url.toString() for url in opened] == ["tel:+74950000000"]


def test_a_channel_without_a_value_cannot_be_copied_or_opened(qtbot: QtBot) -> None:
    opened: list[QUrl] = []
    card = _card(
        qtbot, _state("unknown", value="", url=None), opener=lambda url: opened.append(url) or True
    )
    assert not card.copy_button.isEnabled()
    assert not card.open_button.isEnabled()
    assert "official site" in card.value_label.text()
    assert card.open_channel() is False and opened == []


def test_countdown_and_reason_texts(qtbot: QtBot) -> None:
    # Thursday 16:40 MSK: good until 17:30, so "good time ends in 50 min".
    state, changes_at = in_shanghai(datetime(2026, 11, 26, 16, 40, tzinfo=MSK))
    assert changes_at == datetime(2026, 11, 26, 17, 30, tzinfo=MSK)
    card = _card(qtbot, state)
    assert card.badge.status == "good"
    assert card.countdown_label.text() == "good time ends in 50 min"
    assert "closes 18:00 MSK = 23:00 your time" in card.reason_label.text()
    # 16:40 -> 17:40 is fair, closing at 18:00.
    state, _ = in_shanghai(datetime(2026, 11, 26, 17, 40, tzinfo=MSK))
    card.set_state(state)
    assert card.countdown_label.text() == "closes in 20 min"
    # Friday 18:00 -> opens Monday 09:00: a closed channel shows when it opens.
    state, _ = in_shanghai(datetime(2026, 11, 27, 18, 0, tzinfo=MSK))
    card.set_state(state)
    assert card.badge.status == "closed"
    assert not card.countdown_label.isVisible()  # days away: the reason names the day
    reason = card.reason_label.text()
    assert "opens Mon 09:00 MSK; good time from Mon 09:30 MSK = Mon 14:30 your time" in reason
    # Thursday 07:00: opens at 09:00 the same day, in 2 h.
    state, _ = in_shanghai(datetime(2026, 11, 26, 7, 0, tzinfo=MSK))
    card.set_state(state)
    assert card.countdown_label.text() == "opens in 2 h"


def test_channels_without_hours_are_anytime_or_unknown(qtbot: QtBot) -> None:
    contact = make_contact(
        {
            "id": "forwarder",
            "name": {"en": "Forwarder"},
            "channels": [
                {
                    "id": "ticket",
                    "kind": "ticket",
                    "value": "https://example.com/support",
                    "reply_within_hours": 24,
                },
                {"id": "phone", "kind": "phone", "value": "+7 495 000-00-00"},
            ],
        }
    )
    now = datetime(2026, 11, 26, 23, 0, tzinfo=MSK)
    ticket_state, ticket_change = card_state(contact, contact.channels[0], now, "en", "UTC")
    ticket = _card(qtbot, ticket_state)
    assert ticket.badge.status == "anytime" and ticket_change is None
    assert not ticket.countdown_label.isVisible()
    assert "replies usually within 24 h" in ticket.reason_label.text()
    phone_state, phone_change = card_state(contact, contact.channels[1], now, "en", "UTC")
    phone = _card(qtbot, phone_state)
    assert phone.badge.status == "unknown" and phone_change is None
    assert phone.badge.text() == "hours unknown"
    assert "check the official site" in phone.reason_label.text()


def test_countdown_minutes_come_from_the_core(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The card does no time arithmetic: the minutes left are the core's ``minutes_until``."""
    from faqdesk.core.contacts import calltime

    asked: list[tuple[datetime, datetime]] = []
    real = calltime.minutes_until

    def spy(now: datetime, then: datetime) -> int:
        asked.append((now, then))
        return real(now, then)

    monkeypatch.setattr(calltime, "minutes_until", spy)
    now = datetime(2026, 11, 26, 16, 40, 30, tzinfo=MSK)
    state, changes_at = in_shanghai(now)
    assert asked == [(now, changes_at)]
    assert state.countdown_minutes == 50  # 49.5 minutes left, rounded up
    assert _card(qtbot, state).countdown_label.text() == "good time ends in 50 min"
