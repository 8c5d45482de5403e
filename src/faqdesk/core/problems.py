"""Typed problems: something wrong with one piece of user-editable or bundled data.

A problem is shown, never raised. It carries a stable ``code`` (a key of the sentence catalog,
:mod:`faqdesk.core.text`), the ``field`` it concerns in the data's own terms (``id``,
``hours.mon-fri``, ``channels[2].value``), the offending ``value`` and the parameters of its
sentence. The command line prints ``str(problem)`` (English); the window renders
:meth:`Problem.render` in the interface language and puts it under the field it names.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from faqdesk.core import text


@functools.total_ordering
@dataclass(frozen=True)
class Problem:
    """One thing wrong in one place, e.g. ``articles/zh/x.md: unknown category 'foo'``.

    ``where`` is the file (path relative to the content folder where possible) and may add a
    location inside it (``contacts.yaml: contact 'x'``); ``field`` is the part of the data the
    problem is about, as a path a form can map onto its widgets (``channels[2].value``);
    ``params`` fill the catalog sentence of ``code`` (``value`` and ``field`` are available to
    it too).
    """

    where: str
    code: str
    field: str = ""
    value: Any = None
    params: tuple[tuple[str, Any], ...] = ()
    literal: bool = False  # ``code`` is the sentence itself, already in the reader's language

    @classmethod
    def of(
        cls, where: str, code: str, *, field: str = "", value: Any = None, **params: Any
    ) -> Problem:
        """A problem whose sentence parameters are given as keywords."""
        return cls(where, code, field, value, tuple(sorted(params.items())))

    @classmethod
    def said(cls, where: str, sentence: str, field: str = "") -> Problem:
        """A problem whose sentence is not the core's: a form's own requirement, translated by
        the form ("Give a name in Chinese or English."), or an error's own text."""
        return cls(where, sentence, field, literal=True)

    @property
    def parameters(self) -> Mapping[str, Any]:
        """The sentence's parameters, with ``field`` and ``value``."""
        return {"field": self.field, "value": self.value, **dict(self.params)}

    @property
    def message(self) -> str:
        """The sentence in English, without ``where``."""
        return self.render()

    def render(self, lang: str = "en", *, form: bool = False) -> str:
        """The sentence in ``lang`` (``zh`` or ``en``), without ``where``.

        ``form``: the sentence a form shows under the field itself, when the catalog has one
        (``form.<code>``: "Give the contact an id, e.g. my-forwarder." instead of "contact
        '(missing)', field 'id': …"); the rule is the same, only the wording suits the place.
        """
        if form and f"form.{self.code}" in text.catalog(text.FALLBACK):
            return text.render(f"form.{self.code}", lang, **self.parameters)
        if self.literal:
            return self.code
        return text.render(self.code, lang, **self.parameters)

    def line(self, lang: str = "en") -> str:
        """``where: message``, one line, as the command line and the problems list show it."""
        sentence = self.render(lang)
        return f"{self.where}: {sentence}" if self.where else sentence

    def __str__(self) -> str:
        return self.line("en")

    def __format__(self, lang: str) -> str:
        """``f"{problem:zh}"``: the line in that language (a sentence part of another)."""
        return self.line(lang or "en")

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return (self.where, self.message) < (other.where, other.message)
