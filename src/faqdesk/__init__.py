"""FAQDesk: an offline support desk for cross-border sellers dealing with Ozon logistics.

The package root is empty on purpose: the core, the window and the commands import what they
need from their own packages; the version is :func:`faqdesk.core.version.version`.
"""


def __getattr__(name: str) -> str:  # TRANSITION: until no module imports the root's version
    if name == "__version__":
        from faqdesk.core.version import version

        return version()
    raise AttributeError(f"module 'faqdesk' has no attribute {name!r}")
