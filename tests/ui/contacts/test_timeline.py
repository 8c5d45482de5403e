"""The day timeline paints exactly the bands the core computes, with the user's hours."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from contact_fixtures import office_contact
from faqdesk.core.contacts.calltime import status_bands
from faqdesk.ui.contacts.channel_card import status_color
from faqdesk.ui.contacts.models import timeline_data
from faqdesk.ui.contacts.timeline import TimelineData, TimelineView

MSK = ZoneInfo("Europe/Moscow")
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 26, 16, 45, tzinfo=MSK)  # a Thursday


def _view(qtbot: QtBot, data: TimelineData) -> TimelineView:
    view = TimelineView()
    qtbot.addWidget(view)
    view.set_data(data)
    view.resize(720, view.sizeHint().height())
    view.show()
    qtbot.waitExposed(view)
    return view


def _data(
    now: datetime = NOW, zone: str = "Asia/Shanghai", hours: str = "09:00-21:00"
) -> TimelineData:
    """The office phone's timeline at ``now`` for a caller in ``zone`` working ``hours``."""
    contact = office_contact()
    return timeline_data(contact, contact.channels[0], now, "en", zone, hours)


def test_rows_hold_the_core_bands_for_today_and_the_next_days() -> None:
    contact = office_contact()
    data = _data()
    assert [row.start for row in data.rows] == [
        datetime(2026, 11, 26, tzinfo=MSK),
        datetime(2026, 11, 27, tzinfo=MSK),
        datetime(2026, 11, 28, tzinfo=MSK),
    ]
    assert data.rows[0].label == "Thu 26 Nov"
    for row in data.rows:
        expected = status_bands(contact, contact.channels[0], row.start, row.end)
        assert [(b.start, b.end, b.status) for b in row.bands] == [
            (b.start, b.end, b.status.value) for b in expected
        ]
    # Saturday: closed all day.
    assert [b.status for b in data.rows[2].bands] == ["closed"]
    # Shanghai 09:00-21:00 is 04:00-16:00 in Moscow.
    assert [
        (s.start.astimezone(MSK).hour, s.end.astimezone(MSK).hour)
        for s in data.rows[0].caller_spans
    ] == [(4, 16)]
    assert data.contact_zone == "MSK"
    assert (data.ticks[0].contact_label, data.ticks[0].caller_label) == ("00", "05")


def test_painted_colours_match_the_bands(qtbot: QtBot) -> None:
    view = _view(qtbot, _data())
    image = view.grab().toImage()
    row = view.data().rows[0]
    y = int(view.row_rect(0).center().y())

    def painted_at(hour: int, minute: int = 0) -> str:
        x = view.x_of(row, datetime(2026, 11, 26, hour, minute, tzinfo=MSK))
        return image.pixelColor(int(x), y).name()

    palette = view.palette()
    assert painted_at(10, 15) == status_color("good", palette).name()
    assert painted_at(9, 10) == status_color("fair", palette).name()
    assert painted_at(17, 40) == status_color("fair", palette).name()
    closed = painted_at(13, 30)  # lunch: a pale band, neither good nor fair
    assert closed not in {status_color(s, palette).name() for s in ("good", "fair")}
    assert painted_at(20, 0) == closed


def test_now_marker_is_drawn_at_now(qtbot: QtBot) -> None:
    view = _view(qtbot, _data())
    image = view.grab().toImage()
    row = view.data().rows[0]
    x = int(view.x_of(row, NOW))
    y = int(view.row_rect(0).center().y())
    text = view.palette().color(view.foregroundRole()).name()
    assert image.pixelColor(x, y).name() == text
    # Other rows have no marker at that x.
    assert image.pixelColor(x, int(view.row_rect(1).center().y())).name() != text


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen tooltips
def test_tooltip_names_the_band_in_both_zones(qtbot: QtBot) -> None:
    view = _view(qtbot, _data())
    row = view.data().rows[0]
    x = view.x_of(row, datetime(2026, 11, 26, 10, 0, tzinfo=MSK))
    y = view.row_rect(0).center().y()
    hit = view.band_at(x, y)
    assert hit is not None
    assert view.band_tooltip(hit[1]) == "good: 09:30–12:30 MSK = 14:30–17:30 your time"
    point = QPoint(int(x), int(y))
    QApplication.sendEvent(view, QHelpEvent(QEvent.Type.ToolTip, point, view.mapToGlobal(point)))
    assert QToolTip.text() == "good: 09:30–12:30 MSK = 14:30–17:30 your time"
    QToolTip.hideText()
    assert view.band_at(x, view.row_rect(0).top() - 10) is None


def test_a_channel_without_hours_shows_a_hint_instead_of_rows(qtbot: QtBot) -> None:
    view = _view(qtbot, TimelineData(now=NOW))
    assert view.data().rows == ()
    image = view.grab().toImage()  # paints the hint without error...
    colours = {image.pixel(x, y) for y in range(image.height()) for x in range(image.width())}
    assert len(colours) > 1, "...and the hint text is drawn on the background"


def test_caller_hours_across_a_dst_change_stay_on_wall_time() -> None:
    """A caller in Berlin: 09:00-21:00 CET after 25 Oct 2026 is 11:00-23:00 MSK, before 10-22."""
    before = _data(datetime(2026, 10, 23, 12, 0, tzinfo=MSK), zone="Europe/Berlin")
    after = _data(datetime(2026, 10, 26, 12, 0, tzinfo=MSK), zone="Europe/Berlin")
    first = before.rows[0].caller_spans[0]
    assert (first.start.astimezone(MSK).hour, first.end.astimezone(MSK).hour) == (10, 22)
    first = after.rows[0].caller_spans[0]
    assert (first.start.astimezone(MSK).hour, first.end.astimezone(MSK).hour) == (11, 23)
    assert after.rows[0].end - after.rows[0].start == timedelta(hours=24)


def test_legend_wraps_when_the_dock_is_narrow(qtbot: QtBot) -> None:
    view = _view(qtbot, _data())
    wide = {line for _x, line, _color, _text in view.legend_layout(900)}
    narrow = view.legend_layout(300)
    assert wide == {0}
    assert max(line for _x, line, _color, _text in narrow) >= 1
    assert all(x + 16 < 300 for x, _line, _color, _text in narrow)
    assert view.heightForWidth(300) > view.heightForWidth(900)


def test_closed_bands_say_why(qtbot: QtBot) -> None:
    """A public holiday row: one closed band, 00:00–24:00, whose tooltip names the holiday."""
    data = _data(datetime(2027, 2, 22, 12, 0, tzinfo=MSK))
    holiday = data.rows[1]  # Tuesday 23 Feb 2027
    assert holiday.label == "Tue 23 Feb"
    (band,) = holiday.bands
    view = _view(qtbot, data)
    tooltip = view.band_tooltip(band)
    assert tooltip.startswith("closed: 00:00–24:00 MSK = 05:00–05:00 (+1) your time\n")
    assert "public holiday: Defender of the Fatherland Day" in tooltip
    lunch = next(b for b in data.rows[2].bands if b.contact_times == "13:00–14:00")
    assert "lunch break" in view.band_tooltip(lunch)


def test_caller_spans_and_ticks_come_from_the_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """The timeline's model does no time arithmetic: it asks the core for the caller's hours
    and for the instants of the axis marks."""
    from faqdesk.core.contacts import calltime

    spans_asked: list[tuple[object, ...]] = []
    marks_asked: list[tuple[object, ...]] = []
    real_spans, real_marks = calltime.caller_spans, calltime.hour_marks

    def spans_spy(*args: object) -> object:
        spans_asked.append(args)
        return real_spans(*args)  # type: ignore[arg-type]

    def marks_spy(*args: object) -> object:
        marks_asked.append(args)
        return real_marks(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(calltime, "caller_spans", spans_spy)
    monkeypatch.setattr(calltime, "hour_marks", marks_spy)
    data = _data()
    assert len(spans_asked) == len(data.rows) == 3
    for row, args in zip(data.rows, spans_asked, strict=True):
        assert args[:2] == ("Asia/Shanghai", "09:00-21:00")
        assert [(s.start, s.end) for s in row.caller_spans] == real_spans(
            "Asia/Shanghai", "09:00-21:00", row.start, row.end
        )
    assert len(marks_asked) == 1
    assert [t.caller_label for t in data.ticks] == [
        "05", "08", "11", "14", "17", "20", "23", "02", "05",
    ]  # fmt: skip
    assert [t.fraction for t in data.ticks] == [h / 24 for h in range(0, 25, 3)]


def test_bad_caller_hours_draw_no_spans() -> None:
    data = _data(hours="9-21")
    assert [row.caller_spans for row in data.rows] == [[], [], []]
