"""The one helper for background work (like Anki's ``QueryOp``).

``work`` runs on a worker thread and must not touch widgets; ``on_success(result)`` or
``on_failure(exception)`` then runs on the UI thread. Jobs sharing a ``key`` supersede each
other: when a newer job with the same key was submitted, an older one is skipped if it has
not started yet, and its result is dropped if it has — so a slow search for "ozo" never
overwrites the results for "ozon".

Workers are plain Python threads (``concurrent.futures``): they run no Qt code at all except
one queued signal that tells the UI thread the outcome is ready.
"""

from __future__ import annotations

import concurrent.futures
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot
from shiboken6 import isValid

from faqdesk.core.log import get_logger

T = TypeVar("T")

_log = get_logger("ui.background")


def report_unexpected(error: BaseException) -> None:
    """Default failure callback: hand the exception to ``sys.excepthook`` (the error dialog)."""
    sys.excepthook(type(error), error, error.__traceback__)


class _Relay(QObject):
    """Lives on the UI thread; its signal says a worker's outcome is ready.

    The outcome travels as a plain attribute, not as signal arguments, so no Python object
    crosses threads inside Qt.
    """

    done = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.outcome: tuple[Any, BaseException | None, bool] = (None, None, True)


class Background(QObject):
    """Runs callables off the UI thread. ``threads=1`` makes the jobs run one at a time,
    in submission order (use that for work on a non-thread-safe object)."""

    def __init__(self, threads: int = 1, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=max(1, threads), thread_name_prefix="faqdesk-bg"
        )
        self._futures: set[concurrent.futures.Future[None]] = set()
        self._generation: dict[str, int] = {}
        self._relays: set[_Relay] = set()

    def run(
        self,
        work: Callable[[], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None] | None = None,
        *,
        key: str | None = None,
    ) -> None:
        """Run ``work()`` in the background; see the module docstring for ``key``."""
        generation = 0
        if key is not None:
            generation = self._generation.get(key, 0) + 1
            self._generation[key] = generation

        def is_current() -> bool:
            return key is None or self._generation.get(key) == generation

        relay = _Relay()
        self._relays.add(relay)

        @Slot()
        def deliver() -> None:
            result, error, skipped = relay.outcome
            relay.outcome = (None, None, True)
            self._relays.discard(relay)
            relay.deleteLater()
            if skipped or not is_current():
                _log.debug("dropped a stale result for %s", key)
                return
            if not isValid(self):  # its owner (a window, a panel) is gone: nobody to tell
                _log.debug("dropped a result for %s: its owner was deleted", key)
                return
            if error is not None:
                (on_failure or report_unexpected)(error)
            else:
                on_success(result)

        relay.done.connect(deliver)

        def job() -> None:
            if not is_current():
                relay.outcome = (None, None, True)
            else:
                try:
                    relay.outcome = (work(), None, False)
                except BaseException as error:  # handed to the UI thread, never lost
                    relay.outcome = (None, error, False)
            relay.done.emit()

        future = self._pool.submit(job)
        self._futures.add(future)
        future.add_done_callback(self._futures.discard)

    def supersede(self, key: str) -> None:
        """Drop the results of every job with ``key`` submitted so far."""
        self._generation[key] = self._generation.get(key, 0) + 1

    def busy(self) -> bool:
        """True while any job is queued, running, or its callback not yet delivered."""
        return bool(self._relays)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker threads are idle (at shutdown); True when they are."""
        pending = list(self._futures)
        timeout = None if msecs < 0 else msecs / 1000
        _done, not_done = concurrent.futures.wait(pending, timeout=timeout)
        return not not_done
