"""Sync with a team's CardDAV/CalDAV server (Radicale, Nextcloud, Baïkal): contacts ↔ an
address book, two-way and incremental, offline first, conflicts kept as copies. No Qt."""

#: The longest one sync may take (seconds); a sync cut short goes on where it stopped next time.
SYNC_DEADLINE = 600.0
