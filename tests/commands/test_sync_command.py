"""``faqdesk sync setup / sync / sync status`` against a real Radicale (in-process CLI)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from faqdesk.cli import main
from radicale_server import RadicaleServer, free_port, radicale_fixture

radicale = radicale_fixture()


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in memory (stands in for the desktop's; not the server)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A headless machine: no keyring and no password in the environment."""
    monkeypatch.delenv("FAQDESK_SYNC_PASSWORD", raising=False)
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


def faqdesk(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _desk(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.setenv("FAQDESK_DATA_DIR", str(folder))


def _set_up(capsys, monkeypatch, server: RadicaleServer, user: str, password: str) -> str:  # type: ignore[no-untyped-def]
    code, out, err = faqdesk(
        capsys, monkeypatch, "sync", "setup", "--url", server.url, "--user", user,
        "--password-stdin", stdin=password + "\n",
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    return out


def test_two_desks_share_a_contact_through_the_command_line(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    radicale: RadicaleServer,
    tmp_path: Path,
) -> None:
    user, password = radicale.new_user()
    _desk(monkeypatch, tmp_path / "a")
    out = _set_up(capsys, monkeypatch, radicale, user, password)
    assert f"sync set up: {user} at {radicale.url}" in out
    assert "no system keyring here, so the password was not stored" in out
    faqdesk(
        capsys, monkeypatch, "contacts", "add", "--id", "forwarder", "--name-zh", "货代小王",
        "--channel", "phone:+7 495 000-00-00",
    )  # fmt: skip
    monkeypatch.setenv("FAQDESK_SYNC_PASSWORD", password)
    code, out, err = faqdesk(capsys, monkeypatch, "sync")
    assert (code, err) == (0, "")
    assert out == "contacts: sent 1: 货代小王\ncases: in sync, nothing to do\n"
    code, out, _ = faqdesk(capsys, monkeypatch, "sync")
    assert (code, out) == (0, "contacts: in sync, nothing to do\ncases: in sync, nothing to do\n")

    _desk(monkeypatch, tmp_path / "b")
    _set_up(capsys, monkeypatch, radicale, user, password)
    code, out, _ = faqdesk(capsys, monkeypatch, "sync", "--json")
    report = json.loads(out)
    assert code == 0 and report["exit_code"] == 0
    assert report["collections"]["contacts"]["downloaded"] == ["货代小王"]
    code, out, _ = faqdesk(capsys, monkeypatch, "contacts", "show", "forwarder")
    assert code == 0 and "货代小王" in out
    for folder in (tmp_path / "a", tmp_path / "b"):  # the password is in no file
        for path in folder.rglob("*"):
            if path.is_file():
                assert password.encode() not in path.read_bytes(), path


def test_a_conflict_exits_1_and_status_reports_it(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    radicale: RadicaleServer,
    tmp_path: Path,
) -> None:
    user, password = radicale.new_user()
    monkeypatch.setenv("FAQDESK_SYNC_PASSWORD", password)
    for desk in ("a", "b"):
        _desk(monkeypatch, tmp_path / desk)
        _set_up(capsys, monkeypatch, radicale, user, password)
        faqdesk(
            capsys, monkeypatch, "contacts", "add", "--id", "ozon", "--name-zh", f"Ozon {desk}",
            "--channel", "phone:+7 495 000-00-00",
        )  # fmt: skip
        code, out, err = faqdesk(capsys, monkeypatch, "sync")
    assert code == 1, err
    assert "conflict: Ozon a changed here and on the server" in out
    assert "yours is kept as ozon-conflict" in out
    code, out, _ = faqdesk(capsys, monkeypatch, "sync", "status")
    assert code == 1
    assert "conflicts: 1 (both versions kept)" in out
    assert "waiting to be sent: 0" in out  # the copy went up in the same sync


def test_status_before_setup_and_a_server_that_is_down(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    code, out, _ = faqdesk(capsys, monkeypatch, "sync", "status")
    assert code == 2 and "sync is not set up" in out
    code, _out, err = faqdesk(capsys, monkeypatch, "sync")
    assert code == 2 and "faqdesk sync setup" in err
    url = f"http://127.0.0.1:{free_port()}/"
    code, _out, err = faqdesk(
        capsys, monkeypatch, "sync", "setup", "--url", url, "--user", "me", "--password-stdin",
        stdin="pw\n",
    )  # fmt: skip
    assert code == 2 and "cannot reach the server" in err
    code, out, _ = faqdesk(capsys, monkeypatch, "sync", "status", "--json")
    assert json.loads(out)["configured"] is False  # a failed setup stores nothing


def test_plain_http_to_another_host_needs_confirmation(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _out, err = faqdesk(
        capsys, monkeypatch, "sync", "setup", "--url", "http://dav.example.com/", "--user", "me",
        "--password-stdin", stdin="pw\n",
    )  # fmt: skip
    assert code == 2 and "unencrypted" in err and "--allow-http" in err


def test_the_password_goes_to_the_keyring_when_there_is_one(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    radicale: RadicaleServer,
) -> None:
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    user, password = radicale.new_user()
    out = _set_up(capsys, monkeypatch, radicale, user, password)
    assert "the password is kept in the system keyring" in out
    assert list(memory.secrets.values()) == [password]
    code, out, err = faqdesk(capsys, monkeypatch, "sync")  # no env, no stdin: the keyring
    assert (code, err) == (0, "")


def test_the_report_names_every_kind_of_conflict(capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import UTC, datetime

    from faqdesk.commands.sync import _print_report
    from faqdesk.core.sync.engine import CollectionReport, Conflict
    from faqdesk.core.sync.run import SyncReport

    contacts = CollectionReport("contacts", conflicts=[
        Conflict("contacts", "ozon", "Ozon", "both_changed", "ozon-conflict"),
        Conflict("contacts", "wh", "仓库", "deleted_here"),
        Conflict("contacts", "fw", "货代", "deleted_there"),
    ])  # fmt: skip
    cases = CollectionReport("cases", conflicts=[Conflict("cases", "C-0001", "C-0001 延误",
                                                          "both_changed")])  # fmt: skip
    report = SyncReport(datetime(2026, 11, 26, tzinfo=UTC), [contacts, cases])
    _print_report(report)
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "conflict: Ozon changed here and on the server; the server's version is kept, "
        "yours is kept as ozon-conflict",
        "conflict: 仓库 was deleted here but changed on the server; the server's version is back",
        "conflict: 货代 was deleted on the server but changed here; yours is sent again",
        "conflict: C-0001 延误 changed here and on the server; both histories are kept, "
        "with a conflict note",
    ]
    assert report.exit_code == 1


def test_a_web_server_that_is_not_dav_is_named_so_and_nothing_claims_success(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tests.core.sync.bad_server import BadServer

    from faqdesk.core.sync.account import Account
    from faqdesk.core.sync.state import SyncState

    server = BadServer()
    server.mode = "501"  # what python -m http.server answers to PROPFIND and REPORT
    try:
        _desk(monkeypatch, tmp_path)
        with SyncState(tmp_path) as state:
            state.set_account(Account(server.url, "me", addressbook="/me/book/"))
        monkeypatch.setenv("FAQDESK_SYNC_PASSWORD", "pw")
        code, out, err = faqdesk(capsys, monkeypatch, "sync")
    finally:
        server.close()
    assert code == 2
    assert "nothing to do" not in out and "in sync" not in out
    assert "is not a CardDAV/CalDAV server" in err and "try again later" not in err


def test_the_report_says_what_was_held_back_kept_and_changed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from datetime import UTC, datetime

    from faqdesk.commands.sync import _print_report
    from faqdesk.core.sync.engine import CollectionReport
    from faqdesk.core.sync.run import SyncReport

    contacts = CollectionReport(
        "contacts",
        held=["货代"] * 12,
        deleted_here=["仓库"],
        trash="/data/sync-deleted/20261126-090000-contacts.vcf",
        changed_bundled=["Ozon 卖家支持"],
    )
    report = SyncReport(datetime(2026, 11, 26, tzinfo=UTC), [contacts])
    _print_report(report)
    out = capsys.readouterr().out
    assert "the server says 12 of yours were deleted there" in out
    assert "faqdesk sync --accept-deletions" in out
    assert "kept in /data/sync-deleted/20261126-090000-contacts.vcf" in out
    assert "changed the bundled contact Ozon 卖家支持" in out
    assert "received" not in out
    assert report.exit_code == 1


def test_many_deletions_wait_for_accept_deletions(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    radicale: RadicaleServer,
    tmp_path: Path,
) -> None:
    user, password = radicale.new_user()
    monkeypatch.setenv("FAQDESK_SYNC_PASSWORD", password)
    ids = [f"forwarder-{n}" for n in range(4)]
    for desk in ("a", "b"):
        _desk(monkeypatch, tmp_path / desk)
        _set_up(capsys, monkeypatch, radicale, user, password)
        if desk == "a":
            for contact_id in ids:
                faqdesk(capsys, monkeypatch, "contacts", "add", "--id", contact_id,
                        "--name-zh", contact_id, "--channel", "phone:+7 495 000-00-00")  # fmt: skip
        assert faqdesk(capsys, monkeypatch, "sync")[0] == 0
    for contact_id in ids:  # desk b deletes all four
        assert faqdesk(capsys, monkeypatch, "contacts", "remove", contact_id)[0] == 0
    assert faqdesk(capsys, monkeypatch, "sync")[0] == 0

    _desk(monkeypatch, tmp_path / "a")
    code, out, _err = faqdesk(capsys, monkeypatch, "sync")
    assert code == 1 and "the server says 4 of yours were deleted there" in out
    code, out, _err = faqdesk(capsys, monkeypatch, "sync", "status")
    assert code == 1 and "held back 4 deletions" in out
    code, out, _err = faqdesk(capsys, monkeypatch, "sync", "--accept-deletions")
    assert code == 0, out
    assert "deleted here because they were deleted on the server" in out
    assert f"kept in {tmp_path / 'a' / 'sync-deleted'}" in out
    code, out, _err = faqdesk(capsys, monkeypatch, "contacts", "show", "forwarder-0")
    assert code != 0
