"""Where the contact editor shows a problem: the error label (and table cell) of its field.

A problem names the part of the contact it concerns as a path (``id``, ``name.en``, ``tz``,
``hours.mon-fri``, ``channels[2].reply_within_hours``); :meth:`FieldLabels.place` maps that path
onto the label under the widget (and, for a channel, the cell of the table). A problem without
a field, or with one the form has no widget for, goes to the fallback line (the save-error line).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from faqdesk.core.contacts.checks import without_outcome
from faqdesk.core.problems import Problem
from faqdesk.ui.contacts.channel_table import COLUMN_OF_FIELD, ChannelTable
from faqdesk.ui.contacts.error_label import ErrorLabel
from faqdesk.ui.contacts.hours_editor import HoursEditor

_CHANNEL_FIELD = re.compile(r"^channels\[(\d+)\](?:\.([a-z_]+))?")


class FieldLabels:
    """The error labels of a contact form by field, and how to fill them from problems."""

    def __init__(
        self,
        labels: Mapping[str, ErrorLabel],
        hours: HoursEditor,
        channel_label: ErrorLabel,
        channel_table: ChannelTable,
        fallback: ErrorLabel,
    ) -> None:
        """``labels``: the label of each top-level field (``name`` takes ``name.zh`` too)."""
        self._labels = dict(labels)
        self._hours = hours
        self._channel_label = channel_label
        self._channel_table = channel_table
        self._fallback = fallback
        self._fallback_text = ""  # what the last call put in the fallback line

    def place(self, field: str) -> tuple[ErrorLabel, tuple[int, int] | None]:
        """The label a problem with ``field`` is shown in, and its table cell if any."""
        head, _dot, rest = field.partition(".")
        if head in self._labels:
            return self._labels[head], None
        if head == "hours":
            return self._hours.error_label(rest), None
        match = _CHANNEL_FIELD.match(field)
        if match is not None:
            column = COLUMN_OF_FIELD.get(match.group(2) or "")
            cell = (int(match.group(1)), column) if column is not None else None
            return self._channel_label, cell
        return self._fallback, None

    def show(
        self, sources: Sequence[Sequence[Problem]], unplaced: Sequence[Problem], lang: str
    ) -> bool:
        """Give each label the problems (in ``lang``) of the first source that has any for it;
        ``unplaced`` problems (no field) go to the fallback line when nothing else explains
        them. Labels without a problem are cleared. True when nothing is wrong."""
        shown: dict[ErrorLabel, list[str]] = {}
        cells: dict[tuple[int, int], str] = {}
        for source in sources:
            claimed: dict[ErrorLabel, list[str]] = {}
            for problem in source:
                label, cell = self.place(problem.field)
                if label in shown:
                    continue
                text = without_outcome(problem).render(lang, form=True)
                claimed.setdefault(label, []).append(text)
                if cell is not None:
                    cells.setdefault(cell, text)
            shown.update(claimed)
        if not shown and unplaced:
            shown[self._fallback] = [without_outcome(p).render(lang, form=True) for p in unplaced]
        every = [*self._labels.values(), *self._hours.errors.values(), self._channel_label]
        for label in every:
            label.show_error(_lines(shown.get(label, [])))
        self._show_fallback(_lines(shown.get(self._fallback, [])))
        self._channel_table.mark(cells)
        return not shown

    def _show_fallback(self, text: str) -> None:
        """The fallback line also says why a save failed: clear only what this put there."""
        if text:
            self._fallback.show_error(text)
        elif self._fallback_text and self._fallback.text() == self._fallback_text:
            self._fallback.show_error("")
        self._fallback_text = text


def _lines(texts: list[str]) -> str:
    return "\n".join(dict.fromkeys(texts))
