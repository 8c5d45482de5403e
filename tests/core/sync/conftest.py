"""Fixtures of the sync tests: a real Radicale on 127.0.0.1 (one per test module) and desks
(data folders set up against it, each with its own account on that server)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.core.sync.desks import Desk

from radicale_server import RadicaleServer, radicale_fixture

radicale = radicale_fixture()


@pytest.fixture
def desks(radicale: RadicaleServer, tmp_path: Path) -> tuple[Desk, Desk]:
    """Desk A and desk B: two computers of one team, one account."""
    user, password = radicale.new_user()
    a = Desk(tmp_path / "a", radicale, user, password)
    b = Desk(tmp_path / "b", radicale, user, password)
    a.set_up()
    b.set_up()
    return a, b


@pytest.fixture
def desk(radicale: RadicaleServer, tmp_path: Path) -> Desk:
    """One desk set up against the server."""
    user, password = radicale.new_user()
    made = Desk(tmp_path / "a", radicale, user, password)
    made.set_up()
    return made
