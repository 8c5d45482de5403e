"""Text shared by every domain: control characters, including the invisible direction
controls, never reach stored or shown text."""

from __future__ import annotations

from pathlib import Path

import pytest

from case_fixtures import contacts, lost_parcel
from clock_fixtures import fixed_clock
from faqdesk.core.cases.model import CaseEvent, EventKind
from faqdesk.core.cases.store import CaseStore
from faqdesk.core.compose.fields import FieldKind, FieldSpec, check_value
from faqdesk.core.compose.labels import label_for
from faqdesk.core.contacts.model import contact_from_mapping
from faqdesk.core.scripts import DIRECTION_CONTROLS, printable

ADDRESS = "ул. Ленина, д. 1\u202eevil"


@pytest.mark.parametrize("code", DIRECTION_CONTROLS)
def test_every_direction_control_is_stripped(code: int) -> None:
    assert printable(f"a{chr(code)}b") == "ab"
    assert printable(f"a{chr(code)}\nb", lines=True) == "a\nb"


def test_the_full_list_of_direction_controls() -> None:
    expected = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}
    assert set(DIRECTION_CONTROLS) == expected | {0x200E, 0x200F, 0x061C}


def test_other_unicode_is_kept() -> None:
    text = "卢伟 Жуков \u200d👩‍💻 שלום"
    assert printable(text) == text


def test_a_contact_name_and_notes_lose_the_hidden_override() -> None:
    contact, _ = contact_from_mapping(
        {"id": "x", "name": {"ru": ADDRESS}, "notes": {"ru": "Позвонить\u2066 позже\u2069"}}, "t"
    )
    assert contact.name["ru"] == "ул. Ленина, д. 1evil"
    assert contact.notes["ru"] == "Позвонить позже"


def test_the_composer_drops_the_override_from_an_address() -> None:
    spec = FieldSpec("address", FieldKind.ADDRESS, True, label_for("address", "address"))
    written, problem = check_value(spec, ADDRESS)
    assert problem is None
    assert "\u202e" not in written
    assert written.startswith("ул. Ленина, д. 1")


def test_a_case_title_text_and_note_lose_the_override(tmp_path: Path) -> None:
    with CaseStore.open(tmp_path, clock=fixed_clock) as store:
        case = store.add(lost_parcel(title=ADDRESS, text="Здравствуйте\u202e!"), contacts())
        assert case.title == "ул. Ленина, д. 1evil"
        event = CaseEvent(EventKind.NOTE, case.opened_at, text="\u200fзаметка\u061c")
        noted = store.log(case.id, event)
    texts = [e.text for e in noted.events]
    assert "заметка" in texts
    assert not any(chr(code) in text for text in texts for code in DIRECTION_CONTROLS)
