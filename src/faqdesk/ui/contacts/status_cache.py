"""The statuses the contact panel shows, asked from the core once and kept until they change.

A channel's status changes only at its ``changes_at`` (and a reason's wording at midnight, when
"Mon 09:30" becomes "09:30"), so the panel's minute tick does not need to ask the core again for
every card: it asks only for the entries that expired. The tick then costs one countdown and one
sentence per shown card (issue 10, point 10).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from faqdesk.core.contacts.calltime import ChannelStatus
from faqdesk.core.contacts.model import Channel, Contact
from faqdesk.core.contacts.verdict import Caller, as_of, caller_status, status_after
from faqdesk.core.contacts.zones import next_local_midnight

Key = tuple[str, str]


@dataclass(frozen=True)
class _Entry:
    contact: Contact
    channel: Channel
    caller: Caller
    computed_at: datetime
    valid_until: datetime | None
    status: ChannelStatus
    next_status: str | None


class StatusCache:
    """Channel statuses by (contact id, channel id), valid until they next change."""

    def __init__(self) -> None:
        self._entries: dict[Key, _Entry] = {}
        self.computed = 0  # how many times the core was asked (for tests and benchmarks)

    def clear(self) -> None:
        self._entries.clear()

    def _fresh(self, entry: _Entry, contact: Contact, channel: Channel, caller: Caller,
               now: datetime) -> bool:  # fmt: skip
        return (
            entry.contact is contact
            and entry.channel is channel
            and entry.caller == caller
            and entry.computed_at <= now
            and (entry.valid_until is None or now < entry.valid_until)
        )

    def get(
        self, contact: Contact, channel: Channel, now: datetime, caller: Caller
    ) -> tuple[ChannelStatus, str | None]:
        """The channel's status at ``now`` and the status it changes to (None: no change)."""
        key = (contact.id, channel.id)
        entry = self._entries.get(key)
        if entry is None or not self._fresh(entry, contact, channel, caller, now):
            entry = self._compute(contact, channel, now, caller)
            self._entries[key] = entry
        return as_of(entry.status, now, caller), entry.next_status

    def _compute(self, contact: Contact, channel: Channel, now: datetime, caller: Caller) -> _Entry:
        self.computed += 1
        status = caller_status(contact, channel, now, caller)
        next_status: str | None = None
        ends = [next_local_midnight(now, contact.tz), next_local_midnight(now, caller.tz)]
        if status.changes_at is not None:
            next_status = status_after(contact, channel, status.changes_at, caller).value
            ends.append(status.changes_at)
        return _Entry(contact, channel, caller, now, min(ends), status, next_status)

