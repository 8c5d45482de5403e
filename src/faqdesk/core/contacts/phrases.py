"""A catalog sentence that is a part of another: rendered in the reader's language later.

A problem is built before anyone knows the language it will be read in, yet some of its
sentence comes from elsewhere: the hours error inside "field 'hours': mon-fri: '9-18' is not
HH:MM-HH:MM", or what loading does instead ("; hours treated as unknown"). Such a part is a
:class:`Phrase` passed as a parameter; the catalog names the language in the placeholder's
format spec, ``{error:en}`` in ``en.yaml`` and ``{error:zh}`` in ``zh.yaml``, so the whole
sentence comes out in one language. (Nothing here is about contacts; it can move to
:mod:`faqdesk.core.text` when another domain needs it.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from faqdesk.core import text


@dataclass(frozen=True)
class Phrase:
    """The catalog sentence ``code`` with its parameters; the empty code is the empty text."""

    code: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, code: str, /, **params: Any) -> Phrase:
        """A phrase whose parameters are given as keywords."""
        return cls(code, tuple(sorted(params.items())))

    def render(self, lang: str = text.FALLBACK) -> str:
        """The phrase in ``lang``; a code that is not in the catalog is shown as it is."""
        if not self.code:
            return ""
        if self.code not in text.catalog(text.FALLBACK):
            return self.code
        return text.render(self.code, lang, **dict(self.params))

    def __format__(self, spec: str) -> str:
        return self.render(spec or text.FALLBACK)

    def __str__(self) -> str:
        return self.render()


#: The phrase that says nothing (a problem without what loading does instead).
NOTHING = Phrase("")
