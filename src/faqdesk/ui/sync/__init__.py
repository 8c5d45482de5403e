"""Sync in the window: the background controller, the status-bar state, Tools → Sync now."""
