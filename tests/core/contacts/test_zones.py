"""Time zones: the next local midnight."""

from __future__ import annotations


def test_the_next_local_midnight_is_on_the_zones_own_clocks() -> None:
    from datetime import UTC, datetime

    from faqdesk.core.contacts.zones import next_local_midnight

    moment = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)  # 23:00 Moscow, 04:00 Shanghai
    assert next_local_midnight(moment, "Europe/Moscow").astimezone(UTC) == datetime(
        2026, 11, 26, 21, 0, tzinfo=UTC
    )
    assert next_local_midnight(moment, "Asia/Shanghai").astimezone(UTC) == datetime(
        2026, 11, 27, 16, 0, tzinfo=UTC
    )
