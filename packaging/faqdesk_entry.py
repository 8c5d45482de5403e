"""The bundle's entry point (PyInstaller runs it as ``__main__``): the ``faqdesk`` command."""

import multiprocessing
import sys

if __name__ == "__main__":
    # A spawned index worker (Windows, macOS) starts this executable again; freeze_support()
    # makes that process run the worker instead of the app.
    multiprocessing.freeze_support()
    from faqdesk.cli import main

    sys.exit(main())
