"""Sync with a team's CardDAV/CalDAV server (Radicale, Nextcloud, Baïkal): contacts ↔ an
address book, two-way and incremental, offline first, conflicts kept as copies. No Qt."""
