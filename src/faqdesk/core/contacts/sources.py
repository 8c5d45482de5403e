"""One door for every contacts file: a vCard (``.vcf``, ``.vcard``) or a CSV sheet (``.csv``,
or any file whose text has no ``BEGIN:VCARD`` but reads as a table), read into
:class:`~faqdesk.core.contacts.importing.Incoming` cards. Only a regular file of at most
20 MB is read."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from faqdesk.core.contacts import csv_import, encodings, vcard
from faqdesk.core.contacts.importing import Incoming, at_most
from faqdesk.core.problems import Problem


def is_csv(path: Path) -> bool:
    """True for a file to be read as CSV (by its name)."""
    return path.suffix.lower() in (".csv", ".tsv", ".txt")


def read_source(
    path: Path,
    home_tz: str,
    mapping: Mapping[str, str] | None = None,
    encoding: str | None = None,
) -> tuple[list[Incoming], list[Problem]]:
    """The cards of a vCard or CSV file and the file's problems; never raises. ``encoding``:
    the one the user named (see :data:`~faqdesk.core.contacts.encodings.CHOICES`)."""
    if not is_csv(path):
        return vcard.read_incoming(path, home_tz, encoding)
    raw, problems = vcard.read_bytes(path)
    if raw is None:
        return [], problems
    text, found = encodings.decode_table(raw, path.name, encoding)
    problems.extend(found)
    if text is None:
        return [], problems
    rows = csv_import.incoming_from_csv(text, path.name, home_tz, problems, mapping)
    return at_most(rows, path.name, problems), problems


def csv_header(path: Path, encoding: str | None = None) -> tuple[list[str], list[Problem]]:
    """The column names of a CSV file (for the mapping step), or the file's problems."""
    raw, problems = vcard.read_bytes(path)
    if raw is None:
        return [], problems
    text, found = encodings.decode_table(raw, path.name, encoding)
    if text is None:
        return [], problems + found
    return csv_import.read_header(text), problems + found
