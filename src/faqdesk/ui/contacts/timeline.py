"""A picture of when to call: 24-hour rows of good / fair / closed bands, one row per day.

Each row is one day in the contact's time (Moscow for Ozon). Under each row a thin strip marks
the user's own calling hours, converted to the same axis, so the overlap is visible at a
glance. The top axis shows the contact's hours, the bottom axis the user's hours at the same
instants; a marker shows "now"; hovering a band shows its times in both zones.

The widget only paints what it is given (:class:`TimelineRow` data built from
``faqdesk.core.contacts.calltime.status_bands`` by :mod:`faqdesk.ui.contacts.models`); it
computes no times.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from faqdesk.ui.contacts.channel_card import status_color

TIMELINE_STATUSES = ("good", "fair", "closed")
CLOSED_ALPHA = 70  # closed bands are drawn pale: the eye should go to good and fair


@dataclass(frozen=True)
class TimelineBand:
    """One stretch of a single status; times pre-formatted for the tooltip."""

    start: datetime
    end: datetime
    status: str
    contact_times: str = ""  # "09:30–17:30"
    caller_times: str = ""  # "14:30–22:30"
    note: str = ""  # why it is closed ("public holiday: …; opens Wed 09:30 MSK …")


@dataclass(frozen=True)
class TimelineSpan:
    """A stretch of the user's own calling hours on this row."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class TimelineTick:
    """An axis mark at ``fraction`` (0…1) of the row, labelled in both zones."""

    fraction: float
    contact_label: str
    caller_label: str


@dataclass(frozen=True)
class TimelineRow:
    """One day, ``start`` to ``end`` (midnight to midnight in the contact's zone)."""

    label: str
    start: datetime
    end: datetime
    bands: Sequence[TimelineBand] = ()
    caller_spans: Sequence[TimelineSpan] = ()


@dataclass(frozen=True)
class TimelineData:
    """Everything the timeline paints."""

    rows: Sequence[TimelineRow] = ()
    ticks: Sequence[TimelineTick] = ()
    now: datetime | None = None
    contact_zone: str = "MSK"


class TimelineView(QWidget):
    """Custom-painted day rows of call-status bands with the user's hours and a now marker."""

    MIN_LABEL_WIDTH = 48
    AXIS_HEIGHT = 16
    ROW_HEIGHT = 18
    SPAN_HEIGHT = 5
    ROW_GAP = 7
    LEGEND_HEIGHT = 20

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactTimeline")
        self.setMouseTracking(True)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._data = TimelineData()
        self._label_width: tuple[tuple[object, ...], int] | None = None

    # -- data -----------------------------------------------------------------------------
    def set_data(self, data: TimelineData) -> None:
        if data == self._data:
            return
        rows_changed = len(data.rows) != len(self._data.rows)
        self._data = data
        if rows_changed:
            self.updateGeometry()
        self.update()

    def data(self) -> TimelineData:
        return self._data

    # -- geometry (instants to pixels; no time arithmetic beyond a ratio) ------------------------
    def label_width(self) -> int:
        """Room for the longest day label (and the axis captions) left of the bands; measured
        once per set of labels and font (a paint asks for it for every band)."""
        texts = [row.label for row in self._data.rows]
        texts += [self._data.contact_zone, self.tr("you")]
        key = (*texts, self.font().key())
        if self._label_width is not None and self._label_width[0] == key:
            return self._label_width[1]
        metrics = QFontMetrics(self.font())
        widest = max((metrics.horizontalAdvance(text) for text in texts), default=0)
        width = max(self.MIN_LABEL_WIDTH, widest + 10)
        self._label_width = (key, width)
        return width

    def _plot_rect(self) -> QRectF:
        left = float(self.label_width())
        right = float(self.width() - 8)
        return QRectF(left, float(self.AXIS_HEIGHT), max(1.0, right - left), 0.0)

    def row_rect(self, index: int) -> QRectF:
        """Where row ``index``'s band strip is painted."""
        plot = self._plot_rect()
        top = self.AXIS_HEIGHT + 4 + index * (self.ROW_HEIGHT + self.SPAN_HEIGHT + self.ROW_GAP)
        return QRectF(plot.left(), float(top), plot.width(), float(self.ROW_HEIGHT))

    def x_of(self, row: TimelineRow, instant: datetime) -> float:
        """The x coordinate of ``instant`` on ``row`` (clamped to the row)."""
        plot = self._plot_rect()
        length = (row.end - row.start).total_seconds()
        fraction = (instant - row.start).total_seconds() / length if length > 0 else 0.0
        return plot.left() + max(0.0, min(1.0, fraction)) * plot.width()

    def band_rect(self, row_index: int, band: TimelineBand) -> QRectF:
        row = self._data.rows[row_index]
        rect = self.row_rect(row_index)
        left, right = self.x_of(row, band.start), self.x_of(row, band.end)
        return QRectF(left, rect.top(), max(0.0, right - left), rect.height())

    def band_at(self, x: float, y: float) -> tuple[TimelineRow, TimelineBand] | None:
        """The band under a point, if any (for tooltips and tests)."""
        for index, row in enumerate(self._data.rows):
            for band in row.bands:
                if self.band_rect(index, band).contains(QPointF(x, y)):
                    return row, band
        return None

    def _legend_entries(self) -> list[tuple[QColor, str]]:
        palette = self.palette()
        entries: list[tuple[QColor, str]] = []
        for status in TIMELINE_STATUSES:
            color = status_color(status, palette)
            if status == "closed":
                color.setAlpha(CLOSED_ALPHA)
            entries.append((color, self.status_text(status)))
        entries.append((palette.color(QPalette.ColorRole.Highlight), self.tr("your calling hours")))
        return entries

    def legend_layout(self, width: int) -> list[tuple[int, int, QColor, str]]:
        """Where each legend entry goes (x, line, colour, text), wrapping to fit ``width``."""
        metrics = QFontMetrics(self.font())
        left = self.label_width()
        x, line = left, 0
        placed: list[tuple[int, int, QColor, str]] = []
        for color, label in self._legend_entries():
            needed = 16 + metrics.horizontalAdvance(label) + 4
            if x > left and x + needed > width:
                x, line = left, line + 1
            placed.append((x, line, color, label))
            x += needed + 10
        return placed

    def _height_for(self, width: int) -> int:
        rows = max(1, len(self._data.rows))
        lines = 1 + max((line for _x, line, _c, _t in self.legend_layout(width)), default=0)
        return (
            self.AXIS_HEIGHT
            + 4
            + rows * (self.ROW_HEIGHT + self.SPAN_HEIGHT + self.ROW_GAP)
            + self.AXIS_HEIGHT
            + lines * self.LEGEND_HEIGHT
            + 4
        )

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._height_for(width)

    def sizeHint(self) -> QSize:
        return QSize(360, self._height_for(max(360, self.width())))

    def minimumSizeHint(self) -> QSize:
        return QSize(240, self.sizeHint().height())

    # -- text -------------------------------------------------------------------------------
    def status_text(self, status: str) -> str:
        names = {
            "good": self.tr("good"),
            "fair": self.tr("fair"),
            "closed": self.tr("closed"),
        }
        return names.get(status, status)

    def band_tooltip(self, band: TimelineBand) -> str:
        text = self.tr("{status}: {contact_times} {zone} = {caller_times} your time").format(
            status=self.status_text(band.status),
            contact_times=band.contact_times,
            zone=self._data.contact_zone,
            caller_times=band.caller_times,
        )
        return f"{text}\n{band.note}" if band.note else text

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            hit = self.band_at(event.pos().x(), event.pos().y())
            if hit is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.band_tooltip(hit[1]), self)
            return True
        if event.type() == QEvent.Type.LanguageChange:
            self.update()
        return super().event(event)

    # -- painting -----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_color = palette.color(QPalette.ColorRole.WindowText)
        muted = QColor(text_color)
        muted.setAlpha(150)
        metrics = QFontMetrics(self.font())
        data = self._data
        if not data.rows:
            painter.setPen(muted)
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter,
                self.tr("Choose a channel with opening hours to see its day."),
            )
            painter.end()
            return

        last_rect = self.row_rect(len(data.rows) - 1)
        bottom_axis_y = last_rect.bottom() + self.SPAN_HEIGHT + 4
        self._paint_axes(painter, bottom_axis_y, text_color, muted, metrics)
        self._paint_rows(painter, palette, text_color)
        # Legend, wrapped onto more lines when the panel is narrow.
        legend_top = int(bottom_axis_y + self.AXIS_HEIGHT + 2)
        self._paint_legend(painter, legend_top, text_color, metrics)
        painter.end()

    def _paint_axes(
        self,
        painter: QPainter,
        bottom_axis_y: float,
        text_color: QColor,
        muted: QColor,
        metrics: QFontMetrics,
    ) -> None:
        """Axis labels: contact's hours above, the user's hours below, with faint grid lines."""
        data = self._data
        plot = self._plot_rect()
        grid = QColor(text_color)
        grid.setAlpha(40)
        for tick in data.ticks:
            x = plot.left() + tick.fraction * plot.width()
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(x, float(self.AXIS_HEIGHT)), QPointF(x, bottom_axis_y))
            painter.setPen(muted)
            for label, y in (
                (tick.contact_label, 0),
                (tick.caller_label, int(bottom_axis_y)),
            ):
                width = metrics.horizontalAdvance(label)
                left = int(max(plot.left(), min(plot.right() - width, x - width / 2)))
                painter.drawText(
                    QRect(left, y, width + 2, self.AXIS_HEIGHT),
                    Qt.AlignmentFlag.AlignCenter,
                    label,
                )
        painter.setPen(muted)
        painter.drawText(
            QRect(0, 0, self.label_width() - 4, self.AXIS_HEIGHT),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            data.contact_zone,
        )
        painter.drawText(
            QRect(0, int(bottom_axis_y), self.label_width() - 4, self.AXIS_HEIGHT),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            self.tr("you"),
        )

    def _paint_rows(self, painter: QPainter, palette: QPalette, text_color: QColor) -> None:
        """Each row: its label, the status bands, the caller's hours below, the now marker."""
        data = self._data
        caller_color = palette.color(QPalette.ColorRole.Highlight)
        for index, row in enumerate(data.rows):
            rect = self.row_rect(index)
            painter.setPen(text_color)
            painter.drawText(
                QRectF(0, rect.top(), self.label_width() - 6, rect.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                row.label,
            )
            background = QColor(text_color)
            background.setAlpha(25)
            painter.fillRect(rect, background)
            for band in row.bands:
                color = status_color(band.status, palette)
                if band.status == "closed":
                    color.setAlpha(CLOSED_ALPHA)
                painter.fillRect(self.band_rect(index, band), color)
            span_top = rect.bottom() + 1
            for span in row.caller_spans:
                span_left, span_right = self.x_of(row, span.start), self.x_of(row, span.end)
                painter.fillRect(
                    QRectF(
                        span_left,
                        span_top,
                        max(0.0, span_right - span_left),
                        float(self.SPAN_HEIGHT - 1),
                    ),
                    caller_color,
                )
            if data.now is not None and row.start <= data.now < row.end:
                x = self.x_of(row, data.now)
                painter.setPen(QPen(text_color, 2))
                painter.drawLine(
                    QPointF(x, rect.top() - 3), QPointF(x, rect.bottom() + self.SPAN_HEIGHT)
                )
                painter.setBrush(text_color)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.drawPolygon(
                    [
                        QPointF(x - 4, rect.top() - 5),
                        QPointF(x + 4, rect.top() - 5),
                        QPointF(x, rect.top()),
                    ]
                )

    def _paint_legend(
        self, painter: QPainter, legend_top: int, text_color: QColor, metrics: QFontMetrics
    ) -> None:
        for legend_x, line, color, label in self.legend_layout(self.width()):
            top = legend_top + line * self.LEGEND_HEIGHT
            painter.fillRect(QRect(legend_x, top + 4, 12, 10), color)
            painter.setPen(text_color)
            painter.drawText(
                QRect(
                    legend_x + 16, top, metrics.horizontalAdvance(label) + 4, self.LEGEND_HEIGHT - 2
                ),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
