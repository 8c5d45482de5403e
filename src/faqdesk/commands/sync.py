"""``faqdesk sync``: share contacts and cases with the team through a CardDAV/CalDAV server.

- ``faqdesk sync setup --url URL --user NAME [--password-stdin] [--addressbook PATH]
  [--allow-http]``: checks the login, finds (or creates) the address book, stores the account
  in the sync state and the password in the system keyring (never in a file).
- ``faqdesk sync [--json]``: one two-way sync; prints what went up, came down, conflicted.
- ``faqdesk sync status [--json]``: the account, the last sync, what waits to be sent (no
  network).

Exit codes: 0 done, 1 done with conflicts (both versions kept), 2 an error (nothing lost).
The password comes from ``FAQDESK_SYNC_PASSWORD``, the keyring, ``--password-stdin``, or is
asked for on a terminal.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import TYPE_CHECKING, Any

from faqdesk import commands

if TYPE_CHECKING:
    from faqdesk.core.sync.account import Account
    from faqdesk.core.sync.run import Status, SyncReport

HELP = "share contacts and cases with your team through a CardDAV/CalDAV server (Radicale, …)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    parser.add_argument(
        "--accept-deletions", action="store_true",
        help="apply deletions from the server even when they are many (held back otherwise)",
    )  # fmt: skip
    actions = parser.add_subparsers(dest="sync_action", metavar="ACTION")
    setup = actions.add_parser(
        "setup",
        help="connect to a server",
        description="connect FAQDesk to a CardDAV/CalDAV server",
    )
    setup.add_argument("--url", required=True, help="the server, e.g. https://dav.example.com/")
    setup.add_argument("--user", required=True, help="your user name on the server")
    setup.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    setup.add_argument(
        "--addressbook", metavar="PATH", default="", help="the address book's path on the server "
        "(default: your first address book, else a new one named faqdesk-contacts)",
    )  # fmt: skip
    setup.add_argument(
        "--calendar",
        metavar="PATH",
        default="",
        help="the task list's path for the cases "
        "(default: faqdesk-cases in your calendar home, created when missing)",
    )
    setup.add_argument(
        "--allow-http", action="store_true",
        help="confirm plain HTTP to a server that is not this computer (your own network only)",
    )  # fmt: skip
    status = actions.add_parser("status", help="the last sync and what waits to be sent")
    status.add_argument("--json", action="store_true", help="print JSON instead of text")


def _say(key: str, **params: Any) -> str:
    from faqdesk.core.text import render

    return render(key, "en", **params)


def _password(account: Account, from_stdin: bool) -> str | None:
    from faqdesk.core.sync.account import stored_password

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n") or None
    found = stored_password(account)
    if found:
        return found
    if sys.stdin is not None and sys.stdin.isatty():
        prompt = _say("sync.cli.password_prompt", user=account.user, url=account.url)
        return getpass.getpass(prompt) or None
    return None


def run(args: argparse.Namespace) -> int:
    action = getattr(args, "sync_action", None)
    if action == "setup":
        return _setup(args)
    if action == "status":
        return _status(args)
    return _sync(args)


def _setup(args: argparse.Namespace) -> int:
    from faqdesk.core.sync.account import Account, store_password, url_problem
    from faqdesk.core.sync.errors import SyncError
    from faqdesk.core.sync.run import setup
    from faqdesk.core.sync.state import SyncState, SyncStateError

    account = Account(
        args.url.strip(),
        args.user.strip(),
        addressbook=args.addressbook.strip(),
        calendar=args.calendar.strip(),
        allow_http=bool(args.allow_http),
    )
    problem = url_problem(account.url, allow_http=account.allow_http)
    if problem is not None:
        print(f"faqdesk sync setup: {problem}", file=sys.stderr)
        return 2
    password = _password(account, bool(args.password_stdin))
    if not password:
        print(f"faqdesk sync setup: {_say('sync.cli.password_empty')}", file=sys.stderr)
        return 2
    try:
        with SyncState(now=commands.system_now()) as state:
            ready = setup(state, account, password)
    except SyncError as exc:
        print(f"faqdesk sync setup: {exc.phrase}", file=sys.stderr)
        return 2
    except SyncStateError as exc:
        print(f"faqdesk sync setup: {_say('sync.error.state', error=exc)}", file=sys.stderr)
        return 2
    print(
        _say("sync.cli.setup.done", user=ready.user, url=ready.url, addressbook=ready.addressbook)
    )
    kept = store_password(ready, password)
    print(_say("sync.cli.setup.keyring" if kept else "sync.cli.setup.no_keyring"))
    return 0


def _sync(args: argparse.Namespace) -> int:
    from faqdesk.core.sync.run import sync_now
    from faqdesk.core.sync.state import SyncState, SyncStateError

    password: str | None = None
    try:
        with SyncState(now=commands.system_now()) as state:
            account = state.account()
        if account is not None:
            password = _password(account, bool(args.password_stdin))
        report = sync_now(
            None,
            commands.system_now(),
            password=password or "",
            accept_deletions=bool(getattr(args, "accept_deletions", False)),
        )
    except SyncStateError as exc:
        print(f"faqdesk sync: {_say('sync.error.state', error=exc)}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({**report.summary(), "exit_code": report.exit_code}, ensure_ascii=False))
    else:
        _print_report(report)
    return report.exit_code


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:10])
    return shown + (f", … (+{len(names) - 10})" if len(names) > 10 else "")


def _listed(what: str, collection: str, names: list[str]) -> list[str]:
    """The line ``sync.cli.<what>`` naming ``names`` (none when there are none)."""
    if not names:
        return []
    return [_say(f"sync.cli.{what}", collection=collection, count=len(names), names=_names(names))]


def _print_report(report: SyncReport) -> None:
    if report.notice is not None:
        print(f"faqdesk sync: {report.notice}", file=sys.stderr)
    for part in report.collections:
        collection = _say(f"sync.collection.{part.collection}")
        lines = []
        lines.extend(_listed("uploaded", collection, part.uploaded))
        lines.extend(_listed("downloaded", collection, part.downloaded))
        lines.extend(_listed("deleted_here", collection, part.deleted_here))
        if part.trash:
            lines.append(_say("sync.cli.trash", collection=collection, path=part.trash))
        lines.extend(_listed("changed_bundled", collection, part.changed_bundled))
        lines.extend(_listed("held", collection, part.held))
        if part.deleted_there:
            lines.append(
                _say("sync.cli.deleted_there", collection=collection, count=len(part.deleted_there))
            )
        for conflict in part.conflicts:
            merged = conflict.what == "both_changed" and not conflict.copy_id
            key = "sync.cli.conflict.merged" if merged else f"sync.cli.conflict.{conflict.what}"
            lines.append(_say(key, name=conflict.name, copy=conflict.copy_id))
        for problem in part.problems:
            lines.append(_say("sync.cli.skipped", collection=collection, problem=problem))
        if lines:
            print("\n".join(lines))
        elif report.error is None:  # "nothing to do" only when the sync did not stop
            print(_say("sync.cli.nothing", collection=collection))
    if report.error is not None:
        print(f"faqdesk sync: {_say('sync.cli.failed', error=report.error)}", file=sys.stderr)


def _status(args: argparse.Namespace) -> int:
    from faqdesk.core.sync.run import status
    from faqdesk.core.sync.state import SyncStateError

    try:
        found = status(None, commands.system_now)
    except SyncStateError as exc:
        print(f"faqdesk sync status: {_say('sync.error.state', error=exc)}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(_status_json(found), ensure_ascii=False))
    else:
        print("\n".join(_status_lines(found)))
    if found.account is None or (found.last_run and not found.last_run.get("ok")):
        return 2  # like the last sync's own exit code: not set up, or it failed
    return 1 if found.last_run.get("conflicts") or found.last_run.get("held") else 0


def _status_json(found: Status) -> dict[str, Any]:
    account = found.account
    return {
        "configured": account is not None,
        "url": account.url if account else None,
        "user": account.user if account else None,
        "addressbook": account.addressbook if account else None,
        "calendar": account.calendar if account else None,
        "last_run": found.last_run or None,
        "pending": {
            name: {"new": p.new, "changed": p.changed, "deleted": p.deleted, "total": p.total}
            for name, p in found.pending.items()
        },
        "interval_minutes": found.interval_minutes,
        "notice": None if found.notice is None else str(found.notice),
    }


def _status_lines(found: Status) -> list[str]:
    account = found.account
    notice = [] if found.notice is None else [str(found.notice)]
    if account is None:
        return [*notice, _say("sync.cli.status.none")]
    lines = [*notice, _say("sync.cli.status.account", url=account.url, user=account.user)]
    lines.append(_say("sync.cli.status.addressbook", path=account.addressbook))
    if account.calendar:
        lines.append(_say("sync.cli.status.calendar", path=account.calendar))
    last = found.last_run
    if not last:
        lines.append(_say("sync.cli.status.never"))
    elif not last.get("ok"):
        lines.append(
            _say("sync.cli.status.last_failed", at=last.get("at"), error=last.get("error"))
        )
    elif last.get("conflicts"):
        lines.append(
            _say("sync.cli.status.last_conflicts", at=last.get("at"), count=last.get("conflicts"))
        )
    else:
        lines.append(_say("sync.cli.status.last_ok", at=last.get("at")))
    if last and last.get("ok") and last.get("held"):
        lines.append(_say("sync.cli.status.held", count=last.get("held")))
    for waiting in found.pending.values():
        lines.append(
            _say(
                "sync.cli.status.pending",
                count=waiting.total,
                new=waiting.new,
                changed=waiting.changed,
                deleted=waiting.deleted,
            )
        )
    return lines
