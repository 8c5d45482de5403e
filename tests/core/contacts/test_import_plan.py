"""Importing into the book: nothing existing is changed unasked (issue 10.2), one transaction
(10.3), undo removes exactly what the import added."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from clock_fixtures import fixed_clock
from faqdesk.core.contacts.book import ContactBook
from faqdesk.core.contacts.import_writes import ImportCancelled, ImportInterrupted
from faqdesk.core.contacts.importing import Outcome, zone_from_tz
from faqdesk.core.contacts.model import contact_from_mapping

MINE = {
    "id": "my-forwarder",
    "name": {"zh": "我的货代"},
    "tz": "Asia/Shanghai",
    "channels": [{"id": "phone", "kind": "phone", "value": "+86 755 1234 5678"}],
}

PLANTED = """BEGIN:VCARD
VERSION:3.0
FN:Planted
TEL:+7 999 000-00-00
X-FAQDESK-ID:{id}
END:VCARD
"""


def _book(tmp_path: Path) -> ContactBook:
    book = ContactBook.open(tmp_path / "data", clock=fixed_clock)
    contact, problems = contact_from_mapping(MINE, "test", origin="user")
    assert contact is not None and not problems
    book.save(contact)
    return book


@pytest.mark.parametrize("target", ["my-forwarder", "ozon-seller-support"])
def test_a_card_carrying_an_existing_id_is_added_as_new_unless_replace_is_asked(
    tmp_path: Path, target: str
) -> None:
    card = tmp_path / "planted.vcf"
    card.write_text(PLANTED.format(id=target), encoding="utf-8")
    with _book(tmp_path) as book:
        before = book.get(target)
        plan, done = book.import_file(card)
        assert [item.outcome for item in plan.items] == [Outcome.ADD_AS_NEW]
        assert plan.items[0].other_id == target
        assert book.get(target) == before  # the user's (or the bundled) contact is untouched
        assert done.added == ("planted",)
        planted = book.get("planted")
        assert planted is not None and planted.channels[0].value == "+7 999 000-00-00"
        # Asked explicitly, the card replaces the contact; undo with consent puts it back.
        card.write_text(PLANTED.format(id=target).replace("Planted", "Asked"), encoding="utf-8")
        plan, done = book.import_file(card, replace=True)
        assert [item.outcome for item in plan.items] == [Outcome.REPLACE]
        replaced = book.get(target)
        assert replaced is not None and replaced.display_name("en") == "Asked"
        undone = book.undo_import(done, restore_replaced=True)
        assert undone.restored == (target,)
        assert book.get(target) == before
        assert book.get("planted") is not None  # an earlier import is not undone


def test_reimporting_the_same_file_adds_nothing_and_says_already_present(tmp_path: Path) -> None:
    card = tmp_path / "two.vcf"
    card.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Anna\nTEL:+7 495 123-45-67\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Anna\nTEL:+7 495 123-45-67\nEND:VCARD\n",
        encoding="utf-8",
    )
    with _book(tmp_path) as book:
        plan, done = book.import_file(card)
        assert [i.outcome for i in plan.items] == [Outcome.ADD, Outcome.DUPLICATE]
        assert done.added == ("anna",)
        count = len(book.contacts())
        plan, done = book.import_file(card)
        assert [i.outcome for i in plan.items] == [Outcome.PRESENT, Outcome.PRESENT]
        assert [i.other_id for i in plan.items] == ["anna", "anna"]
        assert done.ids == () and len(book.contacts()) == count


def _many_cards(path: Path, count: int) -> None:
    path.write_text(
        "".join(
            f"BEGIN:VCARD\nVERSION:3.0\nFN:Same Name\nTEL:+7 495 000-{n // 100:02d}-{n % 100:02d}\n"
            "END:VCARD\n"
            for n in range(count)
        ),
        encoding="utf-8",
    )


def test_an_import_interrupted_by_a_lock_imports_nothing(tmp_path: Path) -> None:
    cards = tmp_path / "many.vcf"
    _many_cards(cards, 500)
    with _book(tmp_path) as book:
        before = book.contacts()
        plan = book.plan_import(cards)
        assert plan.count(Outcome.ADD) == 500

        def locked_at_302(done: int, total: int) -> None:
            if done == 302:
                raise sqlite3.OperationalError("database is locked")

        with pytest.raises(ImportInterrupted) as caught:
            book.apply_import(plan, progress=locked_at_302)
        assert "database is locked" in str(caught.value)
        assert "nothing was imported" in str(caught.value)
        assert book.contacts() == before
    with ContactBook.open(tmp_path / "data", clock=fixed_clock) as again:  # nor on disk
        assert again.contacts() == before


def test_a_locked_database_imports_nothing_and_says_so(tmp_path: Path) -> None:
    cards = tmp_path / "many.vcf"
    _many_cards(cards, 20)
    with _book(tmp_path) as book:
        before = book.contacts()
        plan = book.plan_import(cards)
        other = sqlite3.connect(tmp_path / "data" / "contacts.sqlite3", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process is writing
        book._connection.execute("PRAGMA busy_timeout = 0")  # fail at once, not in 10 s
        try:
            with pytest.raises(ImportInterrupted, match="nothing was imported"):
                book.apply_import(plan)
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert book.contacts() == before


def test_cancel_imports_nothing(tmp_path: Path) -> None:
    cards = tmp_path / "many.vcf"
    _many_cards(cards, 50)
    with _book(tmp_path) as book:
        before = book.contacts()
        plan = book.plan_import(cards)
        seen: list[int] = []
        with pytest.raises(ImportCancelled, match="cancelled; nothing was imported"):
            book.apply_import(
                plan, progress=lambda d, t: seen.append(d), cancelled=lambda: len(seen) >= 10
            )
        assert book.contacts() == before


def _three_cards(folder: Path) -> Path:
    """A vCard file of three e-mail-only cards: Anna, Boris and Chen."""
    cards = folder / "three.vcf"
    cards.write_text(
        "".join(
            f"BEGIN:VCARD\nVERSION:3.0\nFN:{name}\nEMAIL:{name.lower()}@example.com\nEND:VCARD\n"
            for name in ("Anna", "Boris", "Chen")
        ),
        encoding="utf-8",
    )
    return cards


def test_undo_removes_exactly_what_the_import_added(tmp_path: Path) -> None:
    cards = _three_cards(tmp_path)
    with _book(tmp_path) as book:
        _plan, done = book.import_file(cards)
        assert set(done.added) == {"anna", "boris", "chen"}
        edited = book.update("chen", lambda c: dataclasses.replace(c, notes={"en": "x"}))
        assert edited.notes == {"en": "x"}
        book.delete("boris")  # the user deleted one already
        undone = book.undo_import(done)
        assert undone.removed == ("anna",)
        assert undone.kept == ("chen",)  # changed since the import: kept
        ids = {c.id for c in book.contacts()}
        assert "my-forwarder" in ids and "chen" in ids and "anna" not in ids


def test_only_the_chosen_cards_are_imported(tmp_path: Path) -> None:
    cards = _three_cards(tmp_path)
    with _book(tmp_path) as book:
        plan = book.plan_import(cards)
        done = book.apply_import(plan, chosen=[0, 2])
        assert done.added == ("anna", "chen")
        assert book.get("boris") is None


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("-0500", "Etc/GMT+5"),
        ("-05:00", "Etc/GMT+5"),
        ("+08:00", "Asia/Shanghai"),
        ("+0300", "Europe/Moscow"),
        ("+05:30", "Asia/Kolkata"),
        ("Asia/Novosibirsk", "Asia/Novosibirsk"),
        ("+25:00", None),
        ("+03:17", None),
        ("Mars/Base", None),
        ("", None),
    ],
)
def test_tz_as_a_name_or_an_offset(text: str, zone: str | None) -> None:
    assert zone_from_tz(text) == zone


def test_zone_guesses_say_why(tmp_path: Path) -> None:
    cards = tmp_path / "zones.vcf"
    cards.write_text(
        "BEGIN:VCARD\nVERSION:4.0\nFN:Offset\nTZ:-0500\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Novosibirsk\nTEL:+7 383 555 0103\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Shanghai\nTEL:+86 21 6555 0000\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Nothing\nEMAIL:n@example.com\nEND:VCARD\n",
        encoding="utf-8",
    )
    with _book(tmp_path) as book:
        plan = book.plan_import(cards, home_tz="Asia/Shanghai")
    reasons = [item.zone.phrase().render("en") for item in plan.items if item.zone]
    assert reasons == [
        "Etc/GMT+5 (from the card's TZ -0500)",
        "Asia/Novosibirsk (from the phone number +7 383 555 0103)",
        "Asia/Shanghai (from the phone number +86 21 6555 0000)",
        "Asia/Shanghai (your own zone: neither the card nor a phone number tells one)",
    ]
    assert "您" in plan.items[3].zone.phrase().render("zh")  # type: ignore[union-attr]
