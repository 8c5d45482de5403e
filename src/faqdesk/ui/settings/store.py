"""One typed wrapper over QSettings: every user preference, its type and its default.

Keys are lowercase_underscore. Only values that differ from the default are written, so a
changed default reaches users who never touched the setting. Tests pass their own
``QSettings`` (an INI file in a temporary folder) or rely on the conftest's isolated folders.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QByteArray, QLocale, QObject, QSettings, Signal

from faqdesk.core import paths
from faqdesk.core.contacts.zones import is_valid_zone


def system_timezone_name() -> str:
    """The IANA name of the system's zone, or ``UTC`` when it cannot be told."""
    try:
        from PySide6.QtCore import QTimeZone

        name = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace")
        ZoneInfo(name)
        return name
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return "UTC"


def system_language() -> str:
    """``zh`` when the system locale is Chinese, else ``en``."""
    return "zh" if QLocale.system().language() == QLocale.Language.Chinese else "en"


@dataclass(frozen=True)
class _Key:
    name: str
    type: type
    default: Any


def _default_store() -> QSettings:
    """The platform's settings store, or an INI file inside a data folder the user chose
    (``--data-dir`` / ``FAQDESK_DATA_DIR``), so that a chosen profile carries its settings."""
    if paths.data_dir_chosen():
        return QSettings(str(paths.settings_file()), QSettings.Format.IniFormat)
    return QSettings()


class Settings(QObject):
    """The user's preferences. Emits ``changed(name)`` after a value changes."""

    changed = Signal(str)

    LANGUAGES = ("zh", "en")

    def __init__(
        self, store: QSettings | str | os.PathLike[str] | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        if isinstance(store, str | os.PathLike):  # an INI file's path (str or Path)
            store = QSettings(os.fspath(store), QSettings.Format.IniFormat)
        self._store = store if store is not None else _default_store()
        self._keys = {
            "language": _Key("language", str, system_language()),
            "home_timezone": _Key("home_timezone", str, system_timezone_name()),
            "calling_hours": _Key("calling_hours", str, "09:00-21:00"),
            "font_size": _Key("font_size", int, 0),  # 0: the platform's default size
            "last_article": _Key("last_article", str, ""),
            "last_article_lang": _Key("last_article_lang", str, ""),
            "last_scroll": _Key("last_scroll", int, 0),
            "last_anchor": _Key("last_anchor", str, ""),  # a link's #anchor, for one start
            "theme": _Key("theme", str, "system"),  # system, light or dark
            "keep_in_tray": _Key("keep_in_tray", int, 0),  # 1: closing hides to the tray
        }

    # -- generic access -------------------------------------------------------------
    def value(self, name: str) -> Any:
        key = self._keys[name]
        raw = self._store.value(name, None)
        if raw is None:
            return key.default
        try:
            if key.type is int:
                return int(raw) if isinstance(raw, str | bytes | int | float) else key.default
            if key.type is str:
                return str(raw)
        except (TypeError, ValueError):
            return key.default
        return raw

    def set_value(self, name: str, value: Any) -> None:
        key = self._keys[name]
        old = self.value(name)
        if value == key.default:
            self._store.remove(name)
        else:
            self._store.setValue(name, value)
        if value != old:
            self.changed.emit(name)

    def sync(self) -> None:
        self._store.sync()

    # -- typed properties ---------------------------------------------------------------
    @property
    def language(self) -> str:
        """UI language: ``zh`` or ``en``."""
        value = str(self.value("language"))
        return value if value in self.LANGUAGES else "en"

    @language.setter
    def language(self, value: str) -> None:
        self.set_value("language", value if value in self.LANGUAGES else "en")

    @property
    def home_timezone(self) -> str:
        """The user's own IANA zone (where they call from)."""
        value = str(self.value("home_timezone"))
        return value if is_valid_zone(value) else str(self._keys["home_timezone"].default)

    @home_timezone.setter
    def home_timezone(self, value: str) -> None:
        self.set_value("home_timezone", value)

    @property
    def calling_hours(self) -> str:
        """When the user is willing to phone, in their own time, ``HH:MM-HH:MM``."""
        return str(self.value("calling_hours"))

    @calling_hours.setter
    def calling_hours(self, value: str) -> None:
        self.set_value("calling_hours", value)

    @property
    def font_size(self) -> int:
        """Reading font size in points; 0 means the platform default."""
        return max(0, min(48, int(self.value("font_size"))))

    @font_size.setter
    def font_size(self, value: int) -> None:
        self.set_value("font_size", int(value))

    @property
    def theme(self) -> str:
        """Colour theme: ``system``, ``light`` or ``dark``."""
        value = str(self.value("theme"))
        return value if value in ("system", "light", "dark") else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self.set_value("theme", value if value in ("system", "light", "dark") else "system")

    @property
    def keep_in_tray(self) -> bool:
        """Whether closing the window hides it to the system tray (off by default)."""
        return int(self.value("keep_in_tray")) == 1

    @keep_in_tray.setter
    def keep_in_tray(self, value: bool) -> None:
        self.set_value("keep_in_tray", 1 if value else 0)

    # -- window state (binary blobs, no default) ----------------------------------------------
    def window_state(self, name: str) -> QByteArray | None:
        raw = self._store.value(f"window/{name}", None)
        return raw if isinstance(raw, QByteArray) and not raw.isEmpty() else None

    def set_window_state(self, name: str, data: QByteArray) -> None:
        self._store.setValue(f"window/{name}", data)
