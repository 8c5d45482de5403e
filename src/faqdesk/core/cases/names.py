"""What a case's problem, contact and channel are called in the user's language (the ids are
the stored form; a person reads these names)."""

from __future__ import annotations

from collections.abc import Mapping

from faqdesk.core import text
from faqdesk.core.cases.model import PROBLEM_KINDS
from faqdesk.core.contacts.model import Channel, Contact


def problem_name(problem: str, lang: str) -> str:
    """``lost`` → "Lost parcel" / "包裹丢失"; a composer template id stays as it is."""
    if problem in PROBLEM_KINDS:
        return text.render(f"cases.problem.{problem}", lang)
    return problem


def channel_label(channel: Channel, lang: str) -> str:
    """The channel's own label in ``lang``, else the name of its kind ("Support ticket")."""
    own = channel.label.get(lang) or channel.label.get("en")
    return own or text.render(f"verdict.kind.{channel.kind.value}", lang)


def contact_name(contacts: Mapping[str, Contact], contact_id: str, lang: str) -> str:
    """The contact's name in ``lang``; the id when the contact is gone."""
    contact = contacts.get(contact_id)
    return contact.display_name(lang) if contact is not None else contact_id


def channel_name(
    contacts: Mapping[str, Contact], contact_id: str, channel_id: str, lang: str
) -> str:
    """The channel's label in ``lang``; the id when the contact or channel is gone."""
    contact = contacts.get(contact_id)
    channel = contact.channel(channel_id) if contact is not None else None
    return channel_label(channel, lang) if channel is not None else channel_id
