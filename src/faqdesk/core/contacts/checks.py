"""Reading one field of a contact or a channel: the value, or a typed problem naming the field.

Each check appends :class:`~faqdesk.core.problems.Problem` s with the ``field`` path a form maps
onto its widgets (``name.zh``, ``hours.mon-fri``, ``channels[2].hours.sat``) and, where
loading carries on without the bad part, the ``outcome`` phrase that ends the sentence
("; hours treated as unknown"). :func:`without_outcome` drops that phrase for callers that save
nothing while anything is wrong (the command line, the contact editor).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from faqdesk.core.contacts.hours import HoursError, WeeklyHours
from faqdesk.core.problems import Problem
from faqdesk.core.scripts import printable
from faqdesk.core.text import NOTHING, Phrase

#: What loading does instead of the bad part.
SKIPPED = Phrase.of("contact.outcome.skipped")
CHANNEL_SKIPPED = Phrase.of("contact.outcome.channel_skipped")
CONTACT_SKIPPED = Phrase.of("contact.outcome.contact_skipped")
THIS_ONE_SKIPPED = Phrase.of("contact.outcome.this_one_skipped")
IGNORED = Phrase.of("contact.outcome.ignored")
HOURS_UNKNOWN = Phrase.of("contact.outcome.hours_unknown")


def using(value: object) -> Phrase:
    """The outcome "; using <value>" (a default taken instead)."""
    return Phrase.of("contact.outcome.using", value=value)


def without_outcome(problem: Problem) -> Problem:
    """``problem`` without what loading does instead ("; using 30", "; contact skipped"): the
    sentence for a caller that saves nothing while anything is wrong."""
    params = dict(problem.params)
    if "outcome" not in params:
        return problem
    params["outcome"] = NOTHING
    return dataclasses.replace(problem, params=tuple(sorted(params.items())))


def channel_phrase(channel_id: str, index: int) -> Phrase:
    """How a sentence names a channel: ``channel 'phone'``, else ``channel #3``."""
    if channel_id:
        return Phrase.of("contact.channel.named", id=channel_id)
    return Phrase.of("contact.channel.numbered", number=index + 1)


@dataclasses.dataclass(frozen=True)
class Place:
    """Where a field is: the problem's ``where``, the field path's prefix (``channels[2].``)
    and, for a channel's field, how sentences name that channel."""

    where: str
    prefix: str = ""
    channel: Phrase | None = None
    row: int = 0  # a channel's place in the list, from 1 (a form's "Channel 2: …")
    channel_id: str = ""  # the channel's id, or its kind when it has none

    def problem(self, code: str, field: str, value: Any = None, **params: Any) -> Problem:
        """A problem about ``field`` (relative to this place); for a channel's field the code
        ``contact.<x>`` becomes ``contact.channel.<x>`` with the ``channel`` parameter."""
        if self.channel is not None:
            code = code.replace("contact.", "contact.channel.", 1)
            params.update(channel=self.channel, row=self.row, channel_id=self.channel_id)
        return Problem.of(self.where, code, field=self.prefix + field, value=value, **params)


def texts(value: object, place: Place, name: str, problems: list[Problem]) -> dict[str, str]:
    """A ``{zh: …, en: …}`` mapping; a plain string counts for both languages. Control
    characters are dropped (notes keep their line breaks)."""
    lines = name == "notes"
    if value is None:
        return {}
    if isinstance(value, str):
        value = printable(value, lines=lines)
        return {"zh": value, "en": value} if value.strip() else {}
    if not isinstance(value, Mapping):
        problems.append(place.problem("contact.text.bad", name, value, name=name))
        return {}
    result: dict[str, str] = {}
    for key, text in value.items():
        if text is None:
            continue
        if not isinstance(text, str | int | float):
            field = f"{name}.{key}"
            problems.append(place.problem("contact.text.not_text", field, text, name=name, key=key))
            continue
        clean = printable(str(text), lines=lines).strip()
        if clean:
            result[str(key)] = clean
    return result


def hours(value: object, place: Place, problems: list[Problem]) -> WeeklyHours | None:
    """Opening hours from their mapping form; every bad key is reported (``hours.<key>``), and
    hours with any bad part are unknown (None), never guessed."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        problems.append(
            place.problem("contact.hours.not_mapping", "hours", value, outcome=HOURS_UNKNOWN)
        )
        return None
    mapping = {str(k): v for k, v in value.items()}
    # Each key on its own first, so that every bad key is reported, not just the first.
    bad = 0
    for key, text in mapping.items():
        probe = {key: text} if key.strip().lower() != "breaks" else {key: text, "daily": "24h"}
        try:
            WeeklyHours.from_mapping(probe)
        except HoursError as exc:
            bad += 1
            problems.append(_hours_problem(place, f"hours.{key}", text, exc))
    if bad:
        return None
    try:
        return WeeklyHours.from_mapping(mapping)
    except HoursError as exc:  # no day at all: only breaks, or nothing
        breaks = next((k for k in mapping if k.strip().lower() == "breaks"), None)
        field = f"hours.{breaks}" if breaks is not None else "hours"
        problems.append(
            _hours_problem(place, field, mapping.get(breaks or ""), exc, "contact.hours.no_days")
        )
        return None


def _hours_problem(
    place: Place, field: str, value: object, error: HoursError, code: str = "contact.hours.bad"
) -> Problem:
    """``error`` is the sentence with the key it concerns (``mon-fri: '9-18' is …``),
    ``detail`` the sentence alone, for a form that shows it under that key's field."""
    detail = Phrase.of(error.code, **error.params)
    if error.code == "hours.unknown_key":  # a key no form has a field for: say which
        code = "contact.hours.unknown_key"
    return place.problem(
        code, field, value, error=error.phrase, detail=detail, outcome=HOURS_UNKNOWN
    )
