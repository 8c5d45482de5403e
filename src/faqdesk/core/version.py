"""The version of FAQDesk, from the installed package's metadata.

The core never imports the package root (``faqdesk/__init__.py``); the root, the window and the
search index all take the version from here. A source checkout that was never installed has no
metadata: it reports ``0+source``.
"""

from __future__ import annotations

from importlib import metadata

try:
    VERSION: str = metadata.version("faqdesk")
except metadata.PackageNotFoundError:  # pragma: no cover - a checkout run with PYTHONPATH=src
    VERSION = "0+source"
