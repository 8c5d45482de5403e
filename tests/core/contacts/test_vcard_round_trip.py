"""Export round trip (issue 18.5): whatever FAQDesk exports, in vCard 3.0 or 4.0, imports back
into FAQDesk unchanged; and the standard properties other programs read carry the data."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from faqdesk.core.contacts.model import ChannelKind, Contact, contact_from_mapping
from faqdesk.core.contacts.vcard import contact_to_vcard, vcards_from_text

# Text as users type it: any letters, CJK, punctuation that vCard escapes (, ; \ :), quotes,
# HTML; no control characters (the book drops those on entry).
_TEXT = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\u0085"
        ),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)
_NOTE = st.lists(_TEXT, min_size=1, max_size=3).map("\n".join)
_ZONES = st.sampled_from(["Europe/Moscow", "Asia/Shanghai", "Asia/Novosibirsk", "UTC"])
_HOURS = st.sampled_from(
    [
        None,
        {"mon-fri": "09:00-18:00"},
        {"daily": "24h"},
        {"mon-fri": "10:00-19:00", "sat": "closed"},
    ]
)


@st.composite
def _contacts(draw: st.DrawFn) -> Contact:
    channels: list[dict[str, Any]] = []
    for number, kind in enumerate(draw(st.lists(st.sampled_from(list(ChannelKind)), max_size=4))):
        channel: dict[str, Any] = {"id": f"c{number}", "kind": kind.value, "value": draw(_TEXT)}
        if draw(st.booleans()):
            channel["label"] = {"en": draw(_TEXT)}
        channels.append(channel)
    mapping: dict[str, Any] = {
        "id": draw(st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True)),
        "name": draw(st.dictionaries(st.sampled_from(["zh", "en"]), _TEXT, min_size=1)),
        "tz": draw(_ZONES),
        "notes": draw(st.dictionaries(st.sampled_from(["zh", "en"]), _NOTE)),
        "margin_minutes": draw(st.integers(0, 240)),
        "channels": channels,
    }
    hours = draw(_HOURS)
    if hours is not None:
        mapping["hours"] = hours
    contact, problems = contact_from_mapping(mapping, "test", origin="user")
    assert contact is not None and not problems, problems
    return contact


@settings(max_examples=150, deadline=None)
@given(contact=_contacts(), version=st.sampled_from(["3.0", "4.0"]))
def test_what_faqdesk_exports_imports_back_unchanged(contact: Contact, version: str) -> None:
    text = contact_to_vcard(contact, version)
    back, problems = vcards_from_text(text, "out.vcf")
    assert [p for p in problems if p.code != "import.phone.invalid"] == []
    assert back == [contact]


def test_google_and_apple_read_the_standard_properties() -> None:
    contact, _ = contact_from_mapping(
        {
            "id": "wang",
            "name": {"zh": "王经理, 深圳; 仓库"},
            "tz": "Asia/Shanghai",
            "notes": {"zh": "说中文\n周一到周五"},
            "channels": [
                {"id": "phone", "kind": "phone", "value": "+86 138 0013 8000"},
                {"id": "mail", "kind": "email", "value": "wang@example.cn"},
            ],
        },
        "test",
        origin="user",
    )
    assert contact is not None
    text = contact_to_vcard(contact, "3.0")
    assert "VERSION:3.0" in text
    assert "FN:王经理\\, 深圳\\; 仓库" in text  # escaped as RFC 2426 asks
    assert "NOTE:说中文\\n周一到周五" in text
    assert "TEL;TYPE=voice:+86 138 0013 8000" in text
    assert "EMAIL:wang@example.cn" in text
    assert "X-FAQDESK-ID:wang" in text
