"""A problem found in user-editable or bundled data: shown, never raised."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, e.g. ``articles/zh/x.md: unknown category 'foo'``.

    ``where`` is the file (path relative to the content folder where possible) and may add
    a location inside it (``contacts.yaml: contact 'x', field 'tz'``).
    """

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"
