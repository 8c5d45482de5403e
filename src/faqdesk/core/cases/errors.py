"""What a case operation that could not be done raises; each says why in English and, through
its ``phrase``, in the user's language."""

from __future__ import annotations

from collections.abc import Sequence

from faqdesk.core.problems import Problem
from faqdesk.core.text import Phrase


class CasesError(Exception):
    """A case operation that could not be done; the message says why, ``phrase`` (when
    given) says it in the user's language."""

    def __init__(self, message: str, phrase: Phrase | None = None) -> None:
        super().__init__(message)
        self.phrase = phrase

    def render(self, lang: str = "en") -> str:
        """The reason in ``lang``."""
        return self.phrase.render(lang) if self.phrase is not None else str(self)


class CasesReadOnly(CasesError):
    """The cases cannot be changed (the data folder cannot be written)."""


class CaseInvalid(CasesError, ValueError):
    """A case or event that cannot be stored; ``problems`` name the fields."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = tuple(problems)


class CaseMissing(CasesError, LookupError):
    """There is no case with the given id."""
