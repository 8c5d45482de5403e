"""Contacts ↔ a real Radicale address book: two desks, one truth, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.core.sync.desks import Desk, contact

from radicale_server import RadicaleServer, radicale_fixture

radicale = radicale_fixture()


@pytest.fixture
def desks(radicale: RadicaleServer, tmp_path: Path) -> tuple[Desk, Desk]:
    user, password = radicale.new_user()
    a = Desk(tmp_path / "a", radicale, user, password)
    b = Desk(tmp_path / "b", radicale, user, password)
    a.set_up()
    b.set_up()
    return a, b


def test_a_contact_added_on_one_desk_reaches_the_other(desks: tuple[Desk, Desk]) -> None:
    a, b = desks
    a.add(contact("forwarder", "货代小王", hours={"mon-fri": "09:00-18:00"}))
    sent = a.sync()
    assert sent.error is None and sent.exit_code == 0
    assert sent.collections[0].uploaded == ["货代小王"]
    got = b.sync()
    assert got.exit_code == 0
    assert got.collections[0].downloaded == ["货代小王"]
    assert b.contacts()["forwarder"] == a.contacts()["forwarder"]
    assert b.contacts()["forwarder"].hours is not None
