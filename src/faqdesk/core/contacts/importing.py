"""What an import will do, decided before anything is written: which cards (or CSV rows) are
added, which are already present, which replace a contact (only when the user asked), which
cannot be used — and which time zone each got, and why.

The readers (:mod:`~faqdesk.core.contacts.vcard`, :mod:`~faqdesk.core.contacts.csv_import`)
turn each card into an :class:`Incoming`; :func:`plan` compares them with the contacts the book
holds; :meth:`~faqdesk.core.contacts.book.ContactBook.apply_import` writes the chosen ones in
one transaction.

Rules (issue 10.2): an import never changes an existing contact unless ``replace`` is asked. A
card carrying the id of an existing contact (``X-FAQDESK-ID``) is then added as a new contact
with an id of its own, and the plan says so. A card whose content equals a contact's (every
field but the id) is "already present": importing the same file twice adds nothing.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from faqdesk.core.contacts import phones
from faqdesk.core.contacts.ids import IdAllocator
from faqdesk.core.contacts.model import ID_RE, Contact, contact_from_mapping, contact_to_mapping
from faqdesk.core.contacts.zones import MOSCOW, is_valid_zone
from faqdesk.core.problems import Problem
from faqdesk.core.text import Phrase

#: The most cards one import reads (a 20 MB file of three-line cards would hold 700,000).
MAX_CARDS = 50_000


class Where(str):
    """A place in an import file (``gbk.csv: row 2``, ``phone.vcf: card #5 (line 26)``): the
    English text as a ``str`` (the command line's), and :meth:`render` in the user's language
    (the window's)."""

    phrase: Phrase

    def __new__(cls, phrase: Phrase) -> Where:
        made = super().__new__(cls, phrase.render("en"))
        made.phrase = phrase
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (Where, (self.phrase,))

    def render(self, lang: str) -> str:
        return self.phrase.render(lang)


def where_text(where: str, lang: str) -> str:
    """A problem's ``where`` in ``lang`` (a :class:`Where`), or as it is (a file name)."""
    return where.render(lang) if isinstance(where, Where) else where


def problem_line(problem: Problem, lang: str) -> str:
    """``where: sentence`` with both in ``lang`` (the window's form of ``str(problem)``)."""
    where = where_text(problem.where, lang)
    sentence = problem.render(lang)
    colon = "：" if lang == "zh" else ": "
    return f"{where}{colon}{sentence}" if where else sentence


# UTC offsets whose usual zone is obvious to this app's users (same offset all year).
_OBVIOUS_ZONES = {
    0: "UTC",
    180: MOSCOW,
    330: "Asia/Kolkata",
    345: "Asia/Kathmandu",
    420: "Asia/Novosibirsk",
    480: "Asia/Shanghai",
    540: "Asia/Tokyo",
}
_OFFSET_RE = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})?$", re.IGNORECASE)


class ZoneSource(StrEnum):
    """Where a contact's time zone came from."""

    CARD = "card"  # the card's TZ as an IANA name
    OFFSET = "offset"  # the card's TZ as a UTC offset
    PHONE = "phone"  # the country and area of a phone number
    HOME = "home"  # nothing told: the user's own zone


@dataclass(frozen=True)
class ZoneGuess:
    """The zone an imported contact got and why (``detail``: the TZ text or the number)."""

    tz: str
    source: ZoneSource
    detail: str = ""

    def phrase(self) -> Phrase:
        """ "Asia/Shanghai (from the phone number +86 …)" in either language."""
        return Phrase.of(f"import.zone.{self.source.value}", tz=self.tz, detail=self.detail)


def zone_from_tz(text: str) -> str | None:
    """A card's ``TZ``: an IANA name, or a UTC offset (``-0500``, ``+08:00``) as the obvious
    zone with that offset all year, else a fixed-offset ``Etc/GMT`` zone; None if neither."""
    value = text.strip()
    if is_valid_zone(value) and value.lower() != "localtime":
        return value
    match = _OFFSET_RE.match(value.replace(" ", ""))
    if match is None:
        return None
    sign = 1 if match.group(1) == "+" else -1
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if hours > 14 or minutes >= 60:
        return None
    total = sign * (hours * 60 + minutes)
    if total in _OBVIOUS_ZONES:
        return _OBVIOUS_ZONES[total]
    if minutes:
        return None
    # Etc/GMT signs are inverted (POSIX): UTC-5 is Etc/GMT+5.
    name = f"Etc/GMT{'-' if sign > 0 else '+'}{hours}"
    return name if is_valid_zone(name) else None


def guess_zone(
    tz_text: str, numbers: Sequence[str], home_tz: str, where: str, problems: list[Problem]
) -> ZoneGuess:
    """The zone a contact gets: its TZ, else a phone number's, else ``home_tz``."""
    if tz_text:
        zone = zone_from_tz(tz_text)
        if zone is not None:
            source = ZoneSource.CARD if zone == tz_text.strip() else ZoneSource.OFFSET
            return ZoneGuess(zone, source, tz_text.strip())
        problems.append(Problem.of(where, "import.tz.unknown", field="tz", value=tz_text))
    for number in numbers:
        zone = phones.zone_of(number)
        if zone is not None:
            return ZoneGuess(zone, ZoneSource.PHONE, number)
    return ZoneGuess(home_tz if is_valid_zone(home_tz) else MOSCOW, ZoneSource.HOME)


@dataclass(frozen=True)
class Incoming:
    """One card or row as read: the contact's mapping form without an id, the id it carried
    (FAQDesk's own ``X-FAQDESK-ID``), its zone and what was wrong with it."""

    where: str
    mapping: Mapping[str, Any]
    zone: ZoneGuess
    own_id: str = ""
    problems: tuple[Problem, ...] = ()


class Outcome(StrEnum):
    """What importing one card does."""

    ADD = "add"  # a new contact
    ADD_AS_NEW = "add_as_new"  # carries the id of another contact: added with an id of its own
    REPLACE = "replace"  # replaces the contact with its id (only when asked)
    PRESENT = "present"  # a contact with the same content exists: nothing to do
    DUPLICATE = "duplicate"  # the same content came earlier in this file
    UNUSABLE = "unusable"  # nothing usable (no name, phone or e-mail), or invalid


#: Outcomes that write something.
WRITES = frozenset({Outcome.ADD, Outcome.ADD_AS_NEW, Outcome.REPLACE})


@dataclass(frozen=True)
class PlanItem:
    """One card of the plan; ``contact`` is what would be saved (None when unusable)."""

    where: str
    outcome: Outcome
    contact: Contact | None
    zone: ZoneGuess | None
    problems: tuple[Problem, ...] = ()
    other_id: str = ""  # the contact it replaces, equals, or whose id it carried

    @property
    def writes(self) -> bool:
        return self.outcome in WRITES

    def name(self, lang: str = "en") -> str:
        return self.contact.display_name(lang) if self.contact is not None else ""


@dataclass
class ImportPlan:
    """Every card of one file and what importing it does; ``problems`` concern the file."""

    source: str
    items: list[PlanItem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def count(self, *outcomes: Outcome) -> int:
        return sum(1 for item in self.items if item.outcome in outcomes)

    def all_problems(self) -> list[Problem]:
        return [*self.problems, *(p for item in self.items for p in item.problems)]


def content_key(contact: Contact, *, with_zone: bool = True) -> str:
    """What a contact holds, without its id: equal keys mean "already present". Without the
    zone when the zone was only the user's own (a guess, not the card's content)."""
    mapping = contact_to_mapping(contact)
    mapping.pop("id", None)
    if not with_zone:
        mapping.pop("tz", None)
    return json.dumps(mapping, ensure_ascii=False, sort_keys=True)


def name_of(mapping: Mapping[str, Any]) -> str:
    """The name a contact's mapping form gives (Chinese first), or empty."""
    names = mapping.get("name")
    if isinstance(names, Mapping):
        for lang in ("zh", "en"):
            if names.get(lang):
                return str(names[lang])
        return next((str(v) for v in names.values() if v), "")
    return ""


class _Planner:
    def __init__(self, existing: Iterable[Contact], replace: bool) -> None:
        self.by_id = {contact.id: contact for contact in existing}
        self.keys = {content_key(c): c.id for c in self.by_id.values()}
        self.loose_keys = {content_key(c, with_zone=False): c.id for c in self.by_id.values()}
        self.replace = replace
        self.ids = IdAllocator(self.by_id)
        self.taken = set(self.by_id)
        self.seen: dict[str, str] = {}  # content key → id, for this file's cards
        self.seen_ids: set[str] = set()  # the ids this file's cards got

    def item(self, incoming: Incoming) -> PlanItem:
        where, own_id = incoming.where, incoming.own_id
        problems = list(incoming.problems)
        if not incoming.mapping:  # nothing usable was read (the reason is in its problems)
            return PlanItem(where, Outcome.UNUSABLE, None, incoming.zone, tuple(problems))
        probe = dict(incoming.mapping, id="probe", tz=incoming.zone.tz)
        contact, found = contact_from_mapping(probe, where, origin="user")
        # the card's place, not "contact 'probe'": the id is only chosen below
        problems.extend(dataclasses.replace(problem, where=where) for problem in found)
        if contact is None:
            return PlanItem(where, Outcome.UNUSABLE, None, incoming.zone, tuple(problems))
        key = content_key(contact)
        own = own_id if own_id and ID_RE.match(own_id) else ""
        replacing = bool(own) and own in self.by_id and self.replace and own not in self.seen_ids
        if replacing:
            present = own if content_key(self.by_id[own]) == key else None
        elif incoming.zone.source is ZoneSource.HOME:  # the zone is a guess: not compared
            present = self.loose_keys.get(content_key(contact, with_zone=False))
        else:
            present = self.keys.get(key)
        if present or key in self.seen:
            outcome = Outcome.PRESENT if present else Outcome.DUPLICATE
            other = present or self.seen[key]
            shown = dataclasses.replace(contact, id=other)
            return PlanItem(where, outcome, shown, incoming.zone, tuple(problems), other)
        outcome, other = Outcome.ADD, ""
        if replacing:
            outcome, new_id, other = Outcome.REPLACE, own, own
        elif own and own not in self.taken:
            new_id = own
            self.ids.reserve(own)
        else:
            if own:
                outcome, other = Outcome.ADD_AS_NEW, own
            new_id = self.ids.allocate(name_of(incoming.mapping) or "contact")
        self.taken.add(new_id)
        self.seen[key] = new_id
        self.seen_ids.add(new_id)
        contact = dataclasses.replace(contact, id=new_id)
        return PlanItem(where, outcome, contact, incoming.zone, tuple(problems), other)


def at_most(cards: Iterable[Incoming], where: str, problems: list[Problem]) -> list[Incoming]:
    """The cards, or none (with a problem) when there are more than :data:`MAX_CARDS`; reads
    no further than that."""
    taken = list(itertools.islice(cards, MAX_CARDS + 1))
    if len(taken) > MAX_CARDS:
        problems.append(Problem.of(where, "import.too_many", most=MAX_CARDS))
        return []
    return taken


def plan(
    source: str,
    incoming: Iterable[Incoming],
    existing: Iterable[Contact],
    *,
    replace: bool = False,
    problems: Iterable[Problem] = (),
) -> ImportPlan:
    """What importing ``incoming`` into a book holding ``existing`` does (see the module
    docstring). ``incoming`` may be a generator: it is read once."""
    planner = _Planner(existing, replace)
    result = ImportPlan(source)
    for card in incoming:
        result.items.append(planner.item(card))
    result.problems.extend(problems)
    return result
