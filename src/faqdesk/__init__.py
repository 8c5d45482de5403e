"""FAQDesk: an offline support desk for cross-border sellers dealing with Ozon logistics.

The package root is empty on purpose: the core, the window and the commands import what they
need from their own packages; the version is :func:`faqdesk.core.version.version`.
"""
