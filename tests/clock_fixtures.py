"""The fixed clock the tests share (a Thursday morning, 2026-11-26 09:00 UTC)."""

from __future__ import annotations

from datetime import UTC, datetime

#: What every fixed clock of the tests says.
FIXED_NOW_UTC = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def fixed_clock() -> datetime:
    """A clock that always says ``FIXED_NOW_UTC`` (stamps saves, stands in for the system)."""
    return FIXED_NOW_UTC
