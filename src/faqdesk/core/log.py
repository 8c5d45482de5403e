"""Named loggers for FAQDesk, all below the ``faqdesk`` logger."""

from __future__ import annotations

import logging


def get_logger(name: str) -> logging.Logger:
    """Return the logger ``faqdesk.<name>`` (``name`` is usually the module's short name)."""
    return logging.getLogger(f"faqdesk.{name}")


def configure(verbose: bool = False) -> None:
    """Send FAQDesk's log lines to stderr; quiet by default (warnings and errors only)."""
    root = logging.getLogger("faqdesk")
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)
