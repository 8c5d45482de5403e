"""TRANSITION: the contact rules the editor still checks itself until the core names fields.

Today ``contact_from_mapping`` reports its problems without the ``field`` they concern (and
does not check channel ids), so the editor could only show them in its save-error line. Until
the core's typed problems land, this module checks the form's texts the way the editor always
did and names the field of each problem, with the editor's own (translated) sentences. The
editor prefers the core's problem whenever the core names a field, so once the core reports
every rule with its field this module is dead code: delete it and its one call in
``editor.py`` (``_transition_problems``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QCoreApplication

from faqdesk.core.contacts.hours import HoursError, WeeklyHours, parse_intervals
from faqdesk.core.contacts.model import ID_RE, is_valid_zone
from faqdesk.core.problems import Problem
from faqdesk.ui.contacts.channel_table import ChannelRow
from faqdesk.ui.contacts.hours_editor import HOURS_FIELDS
from faqdesk.ui.contacts.models import hours_from_text


def _problem(field: str, sentence: str) -> Problem:
    return Problem("editor", sentence, field=field)


def form_problems(
    contact_id: str,
    tz: str,
    hours: Mapping[str, str],
    channels: Sequence[ChannelRow],
) -> list[Problem]:
    """What is wrong in the form, each problem with its field."""
    problems: list[Problem] = []
    if not contact_id:
        problems.append(
            _problem(
                "id",
                QCoreApplication.translate(
                    "ContactEditor", "Give the contact an id, e.g. my-forwarder."
                ),
            )
        )
    elif not ID_RE.match(contact_id):
        problems.append(
            _problem(
                "id",
                QCoreApplication.translate(
                    "ContactEditor",
                    "Use lowercase letters, digits and '-' only, e.g. my-forwarder.",
                ),
            )
        )
    if not is_valid_zone(tz):
        sentence = QCoreApplication.translate(
            "ContactEditor", "Unknown time zone {zone}: pick one from the list, e.g. Europe/Moscow."
        )
        problems.append(_problem("tz", sentence.format(zone=tz or "—")))
    problems += _hours_problems(hours)
    problems += _channel_problems(channels)[:1]  # the table shows one problem at a time
    return problems


def _hours_problems(texts: Mapping[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    for key in HOURS_FIELDS:
        text = texts.get(key, "")
        if not text:
            continue
        try:
            if key == "other":
                hours_from_text(text)
            else:
                parse_intervals(text)
        except HoursError as exc:
            problems.append(_problem("hours" if key == "other" else f"hours.{key}", str(exc)))
    if problems:
        return problems
    mapping: dict[str, str] = {key: texts[key] for key in HOURS_FIELDS[:-1] if texts.get(key)}
    extra = hours_from_text(texts.get("other", ""))
    if extra is not None:
        for key, value in extra.to_mapping().items():
            if key != "breaks" and not (key == "daily" and value == "closed"):
                mapping.setdefault(key, value)
    if not any(key != "breaks" for key in mapping):
        if "breaks" in mapping:
            sentence = QCoreApplication.translate(
                "ContactEditor", "Breaks need opening hours: fill in at least one day."
            )
            return [_problem("hours.breaks", sentence)]
        return []
    try:
        WeeklyHours.from_mapping(mapping)
    except HoursError as exc:
        return [_problem("hours", str(exc))]
    return []


def _channel_problems(rows: Sequence[ChannelRow]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, row in enumerate(rows):
        channel_id = row.id or row.kind
        field = f"channels[{index}]"
        if not ID_RE.match(channel_id):
            sentence = QCoreApplication.translate(
                "ContactEditor",
                "Channel {row}: the id {id} may only use lowercase letters, digits and '-'.",
            )
            problems.append(_problem(f"{field}.id", sentence.format(row=index + 1, id=channel_id)))
        elif channel_id in seen:
            sentence = QCoreApplication.translate(
                "ContactEditor", "Channel {row}: another channel already has the id {id}."
            )
            problems.append(_problem(f"{field}.id", sentence.format(row=index + 1, id=channel_id)))
        seen.add(channel_id)
        try:
            hours_from_text(row.hours)
        except HoursError as exc:
            sentence = QCoreApplication.translate("ContactEditor", "Channel {id}, hours: {error}")
            problems.append(_problem(f"{field}.hours", sentence.format(id=channel_id, error=exc)))
        if row.reply and not _positive(row.reply):
            sentence = QCoreApplication.translate(
                "ContactEditor", "Channel {id}: reply time must be a positive number of hours."
            )
            problems.append(_problem(f"{field}.reply_within_hours", sentence.format(id=channel_id)))
    return problems


def _positive(text: str) -> bool:
    try:
        return float(text) > 0
    except ValueError:
        return False
