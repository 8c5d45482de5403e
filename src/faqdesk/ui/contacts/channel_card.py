"""One channel of a contact as a card: icon, name, value, status badge, reason, countdown, actions.

The card shows what it is given (a :class:`ChannelCardState`, built from faqdesk.core by
:mod:`faqdesk.ui.contacts.models`); it never computes times itself. Badge colours are chosen per
palette (light or dark) and the badge text colour is computed for contrast (WCAG ratio).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFontMetrics,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from faqdesk.core.paths import resources_dir
from faqdesk.ui.common.labels import plain_label
from faqdesk.ui.common.panel import Panel

STATUSES = ("good", "fair", "closed", "anytime", "unknown")

# Badge backgrounds: saturated mid tones on a light window, lighter tones on a dark one.
_LIGHT_BADGES = {
    "good": "#2e7d32",
    "fair": "#b45309",
    "closed": "#c62828",
    "anytime": "#1565c0",
    "unknown": "#6d6d6d",
}
_DARK_BADGES = {
    "good": "#66bb6a",
    "fair": "#ffca28",
    "closed": "#ef6461",
    "anytime": "#64b5f6",
    "unknown": "#a8a8a8",
}

#: The opener used for "Open"; tests replace it (never open a real browser or dialler there).
UrlOpener = Callable[[QUrl], bool]


def kind_text(kind: str) -> str:
    """A channel kind's name in the UI language: a card's title, and the day-plan chooser's
    name of a channel, when the channel has no label."""
    names = {
        "phone": QCoreApplication.translate("ChannelCard", "Phone"),
        "ticket": QCoreApplication.translate("ChannelCard", "Support ticket"),
        "chat": QCoreApplication.translate("ChannelCard", "Chat"),
        "telegram": QCoreApplication.translate("ChannelCard", "Telegram"),
        "vk": QCoreApplication.translate("ChannelCard", "VK"),
        "wechat": QCoreApplication.translate("ChannelCard", "WeChat"),
        "whatsapp": QCoreApplication.translate("ChannelCard", "WhatsApp"),
        "email": QCoreApplication.translate("ChannelCard", "Email"),
        "web": QCoreApplication.translate("ChannelCard", "Website"),
    }
    return names.get(kind, kind)


def _channel(value: float) -> float:
    value /= 255.0
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(color: QColor) -> float:
    """WCAG 2 relative luminance of an opaque colour (0 black … 1 white)."""
    return (
        0.2126 * _channel(color.red())
        + 0.7152 * _channel(color.green())
        + 0.0722 * _channel(color.blue())
    )


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio between two opaque colours (1 … 21)."""
    la, lb = relative_luminance(a), relative_luminance(b)
    lighter, darker = max(la, lb), min(la, lb)
    return (lighter + 0.05) / (darker + 0.05)


def readable_text_color(background: QColor) -> QColor:
    """Black or white, whichever contrasts more with ``background`` (always >= 4.5:1)."""
    black, white = QColor("#000000"), QColor("#ffffff")
    if contrast_ratio(black, background) >= contrast_ratio(white, background):
        return black
    return white


def is_dark(palette: QPalette) -> bool:
    """True when the palette's window colour is dark."""
    return relative_luminance(palette.color(QPalette.ColorRole.Window)) < 0.2


def status_color(status: str, palette: QPalette) -> QColor:
    """The badge (and timeline band) colour of a status in this palette."""
    table = _DARK_BADGES if is_dark(palette) else _LIGHT_BADGES
    return QColor(table.get(status, table["unknown"]))


def badge_colors(status: str, palette: QPalette) -> tuple[QColor, QColor]:
    """(background, text) colours of a status badge, readable in this palette."""
    background = status_color(status, palette)
    return background, readable_text_color(background)


def set_text(widget: QLabel | QAbstractButton, text: str) -> None:
    """Set a label's or button's text only when it differs.

    Widgets that refresh every minute change only what changed: it saves repaints and layout
    passes, and (PySide6 6.12 on Python 3.11) every call of a Qt method that returns nothing
    drops one reference to ``None``, so needless calls in a long-running app add up.
    """
    if widget.text() != text:
        widget.setText(text)


def set_shown(widget: QWidget, shown: bool) -> None:
    """Show or hide a widget only when that changes its state."""
    if widget.isHidden() == shown:
        widget.setVisible(shown)


def set_enabled(widget: QWidget, enabled: bool) -> None:
    """Enable or disable a widget only when that changes its state."""
    if widget.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled) == enabled:
        widget.setEnabled(enabled)


@cache
def channel_icon(kind: str) -> QIcon:
    """The bundled icon of a channel kind (``web`` for an unknown kind)."""
    folder = resources_dir() / "icons" / "channels"
    path = folder / f"{kind}.svg"
    if not path.is_file():
        path = folder / "web.svg"
    return QIcon(str(path))


@dataclass(frozen=True)
class ChannelCardState:
    """Everything a card shows, already computed by the core and formatted for display.

    ``countdown_minutes`` is the whole number of minutes until ``next_status`` (None when the
    status does not change within the look-ahead); ``opens_text`` is the core's reason for a
    closed channel ("opens Mon 09:30 MSK = 14:30 your time"), shown instead of a countdown.
    """

    contact_id: str
    channel_id: str
    kind: str
    title: str
    value: str
    status: str
    reason: str = ""
    next_status: str | None = None
    countdown_minutes: int | None = None
    reply_within_hours: float | None = None
    url: str | None = None


class StatusBadge(QWidget):
    """A rounded pill with the status in words, painted in the current palette's colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBadge")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._status = "unknown"
        self._text = ""
        font = self.font()
        font.setBold(True)
        self.setFont(font)

    @property
    def status(self) -> str:
        return self._status

    def text(self) -> str:
        return self._text

    def set_status(self, status: str, text: str) -> None:
        if (status, text) == (self._status, self._text):
            return
        self._status = status
        self._text = text
        self.setAccessibleName(text)
        self.updateGeometry()
        self.update()

    def colors(self) -> tuple[QColor, QColor]:
        """(background, text) as painted in the current palette."""
        return badge_colors(self._status, self.palette())

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        return QSize(metrics.horizontalAdvance(self._text) + 20, metrics.height() + 6)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        background, text = self.colors()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        rect = QRectF(self.rect())
        radius = rect.height() / 2
        painter.drawRoundedRect(rect, radius, radius)
        painter.setPen(text)
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._text)
        painter.end()


class ChannelCard(Panel, QFrame):
    """A card for one channel; ``objectName`` ``channelCard-<contact>-<channel>``."""

    editRequested = Signal(str)  # contact id
    copied = Signal(str)  # the value put on the clipboard
    selected = Signal(str, str)  # contact id, channel id

    def __init__(
        self,
        state: ChannelCardState,
        opener: UrlOpener | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"channelCard-{state.contact_id}-{state.channel_id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab to a card, Enter copies its value
        self._opener: UrlOpener = opener if opener is not None else QDesktopServices.openUrl
        self._state = state

        self.icon_label = QLabel(self)
        self.icon_label.setFixedSize(QSize(28, 28))
        self.title_label = plain_label(self)
        self.title_label.setObjectName("channelTitle")
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setWordWrap(True)
        self.badge = StatusBadge(self)
        self.value_label = plain_label(self)
        self.value_label.setObjectName("channelValue")
        self.value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.value_label.setWordWrap(True)
        self.reason_label = plain_label(self)
        self.reason_label.setObjectName("channelReason")
        self.reason_label.setWordWrap(True)
        self.countdown_label = plain_label(self)
        self.countdown_label.setObjectName("channelCountdown")
        self.countdown_label.setWordWrap(True)

        self.copy_button = QPushButton(self)
        self.copy_button.setObjectName("copyButton")
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("openButton")
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("editButton")
        for button in (self.copy_button, self.open_button, self.edit_button):
            button.setAutoDefault(False)
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.copy_button.clicked.connect(self.copy_value)
        self.open_button.clicked.connect(self.open_channel)
        self.edit_button.clicked.connect(lambda: self.editRequested.emit(self._state.contact_id))

        top = QHBoxLayout()
        top.addWidget(self.icon_label)
        top.addWidget(self.title_label, 1)
        top.addWidget(self.badge)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.copy_button)
        actions.addWidget(self.open_button)
        actions.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.value_label)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.countdown_label)
        layout.addLayout(actions)

        self.icon_label.setPixmap(channel_icon(state.kind).pixmap(QSize(24, 24)))
        self.retranslate()

    # -- data -----------------------------------------------------------------------------
    @property
    def state(self) -> ChannelCardState:
        return self._state

    def set_state(self, state: ChannelCardState) -> None:
        """Show new data (same contact and channel); the panel calls this on every tick."""
        if state == self._state:
            return
        kind_changed = state.kind != self._state.kind
        self._state = state
        if kind_changed:
            self.icon_label.setPixmap(channel_icon(state.kind).pixmap(QSize(24, 24)))
        self.retranslate()

    # -- text -------------------------------------------------------------------------------
    def status_text(self, status: str) -> str:
        names = {
            "good": self.tr("good time"),
            "fair": self.tr("fair"),
            "closed": self.tr("closed"),
            "anytime": self.tr("anytime"),
            "unknown": self.tr("hours unknown"),
        }
        return names.get(status, names["unknown"])

    def kind_text(self, kind: str) -> str:
        return kind_text(kind)

    def duration_text(self, minutes: int) -> str:
        hours, rest = divmod(max(0, minutes), 60)
        if hours and rest:
            return self.tr("{hours} h {minutes} min").format(hours=hours, minutes=rest)
        if hours:
            return self.tr("{hours} h").format(hours=hours)
        return self.tr("{minutes} min").format(minutes=rest)

    def countdown_text(self) -> str:
        state = self._state
        if state.countdown_minutes is None or state.next_status is None:
            return ""  # anytime / unknown: the reason says it (with the reply time)
        duration = self.duration_text(state.countdown_minutes)
        if state.next_status == "closed":
            return self.tr("closes in {duration}").format(duration=duration)
        if state.status == "closed":
            if state.countdown_minutes >= 24 * 60:
                return ""  # the reason already says the day and time it opens
            return self.tr("opens in {duration}").format(duration=duration)
        if state.next_status == "good":
            return self.tr("good time starts in {duration}").format(duration=duration)
        if state.next_status == "fair":
            return self.tr("good time ends in {duration}").format(duration=duration)
        return ""

    def retranslate(self) -> None:
        state = self._state
        set_text(self.title_label, state.title or self.kind_text(state.kind))
        self.badge.set_status(state.status, self.status_text(state.status))
        set_text(
            self.value_label,
            state.value or self.tr("not filled in yet: add it from the official site"),
        )
        set_text(self.reason_label, state.reason)
        set_shown(self.reason_label, bool(state.reason))
        countdown = self.countdown_text()
        set_text(self.countdown_label, countdown)
        set_shown(self.countdown_label, bool(countdown))
        set_text(self.copy_button, self.tr("Copy"))
        set_enabled(self.copy_button, bool(state.value))
        set_text(self.open_button, self.tr("Open"))
        set_enabled(self.open_button, bool(state.url))
        set_text(self.edit_button, self.tr("Edit"))
        tooltip = self.tr("{kind}: {value}").format(
            kind=self.kind_text(state.kind), value=state.value or "—"
        )
        if self.toolTip() != tooltip:
            self.setToolTip(tooltip)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter copies the value (with the panel's confirmation), as the Copy button does."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._state.value:
            self.copy_value()
            self.selected.emit(self._state.contact_id, self._state.channel_id)
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: object) -> None:
        self.selected.emit(self._state.contact_id, self._state.channel_id)
        super().mousePressEvent(event)  # type: ignore[arg-type]

    # -- actions ----------------------------------------------------------------------------
    def copy_value(self) -> None:
        """Put the channel's value (number, handle, address or URL) on the clipboard."""
        if not self._state.value:
            return
        QGuiApplication.clipboard().setText(self._state.value)
        self.copied.emit(self._state.value)

    def open_channel(self) -> bool:
        """Open the channel (tel:, tg:, https:, mailto:) with the system handler."""
        if not self._state.url:
            return False
        return bool(self._opener(QUrl(self._state.url)))
