"""Sync benchmark: 1,000 contacts and 1,000 cases through a real Radicale on 127.0.0.1.

Usage::

    .venv/bin/python benchmarks/bench_sync.py [--contacts 1000] [--cases 1000] [--runs 7]

Starts Radicale (the same way as the tests: htpasswd, storage in a temporary folder), then
measures with two desks A and B (two data folders, one account):

- A's first sync (sends every contact and case), B's first sync (receives them);
- a no-change sync on A (target ≤ 1 s), median and p95 over ``--runs``;
- a one-item change: A edits one contact (or logs a call on one case) and syncs (target
  ≤ 1 s), then B syncs and receives it; medians and p95 over ``--runs``;
- as baselines in the same run: one bare ``PROPFIND`` (Depth 0) on the address book — the
  least any check with the server costs — and the ``PROPFIND`` (Depth 1) listing every ETag,
  what a sync without sync tokens would fetch each time; the no-change sync is reported as a
  ratio to both.

Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "tests"))

from faqdesk.core.cases.model import CaseEvent, EventKind, NewCase  # noqa: E402
from faqdesk.core.cases.store import CaseStore  # noqa: E402
from faqdesk.core.contacts.book import ContactBook  # noqa: E402
from faqdesk.core.contacts.model import contact_from_mapping  # noqa: E402
from faqdesk.core.sync.account import Account  # noqa: E402
from faqdesk.core.sync.dav import DavClient  # noqa: E402
from faqdesk.core.sync.run import SyncReport, setup, sync_now  # noqa: E402
from faqdesk.core.sync.state import SyncState  # noqa: E402
from radicale_server import RadicaleServer  # noqa: E402

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _clock() -> datetime:
    return NOW


def _seed(folder: Path, count: int) -> None:
    with ContactBook.open(folder, clock=_clock) as book:
        for n in range(count):
            contact, problems = contact_from_mapping(
                {
                    "id": f"contact-{n:05d}",
                    "name": {"zh": f"联系人 {n}", "en": f"Contact {n}"},
                    "tz": "Asia/Shanghai" if n % 2 else "Europe/Moscow",
                    "hours": {"mon-fri": "09:00-18:00", "breaks": "13:00-14:00"},
                    "notes": {"zh": "仓库联系人，工作日回复。" * 3},
                    "channels": [
                        {"id": "phone", "kind": "phone", "value": f"+7 495 {n:03d}-00-00"},
                        {"id": "tg", "kind": "telegram", "value": f"@desk_{n}"},
                    ],
                },
                "bench",
                origin="user",
            )
            assert contact is not None, problems
            book.save(contact)


def _seed_cases(folder: Path, count: int) -> None:
    with (
        ContactBook.open(folder, clock=_clock) as book,
        CaseStore.open(folder, clock=_clock) as store,
    ):
        contacts = {c.id: c for c in book.contacts()}
        for n in range(count):
            store.add(
                NewCase(problem="delay", contact=f"contact-{n % len(contacts):05d}",
                        channel="phone", title=f"包裹延误 {n}", posting=f"{n:08d}-0001-1",
                        opened_at=NOW - timedelta(days=1)),
                contacts,
            )  # fmt: skip


def _timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _ok(report: SyncReport) -> SyncReport:
    assert report.error is None, report.error
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1000)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        root = Path(tmp)
        server = RadicaleServer(root / "server")
        server.start()
        try:
            rows = _measure(server, root, args.contacts, args.cases, args.runs)
        finally:
            server.stop()
    what = f"{args.contacts} contacts + {args.cases} cases"
    print(f"| sync, {what}, Radicale on 127.0.0.1 | median | p95 | note |")
    print("|---|---|---|---|")
    for row in rows:
        print(row)


def _measure(
    server: RadicaleServer, root: Path, count: int, case_count: int, runs: int
) -> list[str]:
    user, password = server.new_user()
    a, b = root / "a", root / "b"
    _seed(a, count)
    _seed_cases(a, case_count)
    for folder in (a, b):
        with SyncState(folder) as state:
            account = setup(state, Account(server.url, user), password)
    tick = iter(range(1, 10_000))

    def sync(folder: Path) -> SyncReport:
        return _ok(sync_now(folder, NOW + timedelta(minutes=next(tick)), password=password))

    rows: list[str] = []
    first_a = _timed(lambda: sync(a))
    rows.append(
        f"| first sync, A sends {count} + {case_count} | {first_a:.2f} s | – | one PUT each |"
    )
    first_b = _timed(lambda: sync(b))
    rows.append(
        f"| first sync, B receives {count} + {case_count} | {first_b:.2f} s | – | multiget |"
    )
    idle = [_timed(lambda: sync(a)) for _ in range(runs)]
    with DavClient(server.url, user, password) as client:
        bare = [
            _timed(lambda: client.propfind(account.addressbook, "<D:getetag/>", 0))
            for _ in range(runs)
        ]
        listing = [
            _timed(lambda: client.propfind(account.addressbook, "<D:getetag/>", 1))
            for _ in range(runs)
        ]
    send, receive, case_send, case_receive = [], [], [], []
    for n in range(runs):
        with ContactBook.open(a, clock=_clock) as book:
            book.update(
                f"contact-{n:05d}",
                lambda c, n=n: dataclasses.replace(c, notes={"zh": f"改过 {n}"}),
            )
        send.append(_timed(lambda: sync(a)))
        receive.append(_timed(lambda: sync(b)))
        if case_count:
            with CaseStore.open(a, clock=_clock) as store:
                store.log(
                    f"C-{n + 1:04d}", CaseEvent(EventKind.CALLED, NOW, "phone", outcome="no answer")
                )
            case_send.append(_timed(lambda: sync(a)))
            case_receive.append(_timed(lambda: sync(b)))
    median = statistics.median
    rows += [
        f"| no-change sync (A) | {median(idle):.3f} s | {_p95(idle):.3f} s | target ≤ 1 s; "
        f"{median(idle) / median(bare):.1f}× a bare PROPFIND, "
        f"{median(idle) / median(listing):.2f}× listing every ETag |",
        f"| baseline: bare PROPFIND, Depth 0 | {median(bare):.3f} s | {_p95(bare):.3f} s | |",
        f"| baseline: PROPFIND listing {count} ETags | {median(listing):.3f} s | "
        f"{_p95(listing):.3f} s | what a sync without tokens fetches |",
        f"| one contact changed, A sends | {median(send):.3f} s | {_p95(send):.3f} s "
        f"| target ≤ 1 s |",
        f"| one contact changed, B receives | {median(receive):.3f} s | "
        f"{_p95(receive):.3f} s | target ≤ 1 s |",
    ]
    if case_send:
        rows += [
            f"| one case changed, A sends | {median(case_send):.3f} s | "
            f"{_p95(case_send):.3f} s | target ≤ 1 s |",
            f"| one case changed, B receives | {median(case_receive):.3f} s | "
            f"{_p95(case_receive):.3f} s | target ≤ 1 s |",
        ]
    return rows


if __name__ == "__main__":
    main()
