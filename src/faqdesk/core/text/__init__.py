"""The one catalog of the sentences the core produces: problem messages, call-time reasons,
command-line texts. One file per language (``en.yaml``, ``zh.yaml``), keyed, with named
``str.format`` placeholders (``{value!r}``, ``{count}``); the window's own widget strings stay
in Qt's ``.ts`` files.

A translator edits one file. A key missing in a language falls back to English; a key missing
everywhere, or a sentence whose placeholders do not fit, never raises: the key itself is shown
and a warning logged.
"""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from faqdesk.core.log import get_logger

LANGUAGES: tuple[str, ...] = ("zh", "en")
FALLBACK = "en"

_log = get_logger("text")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def catalog(lang: str) -> Mapping[str, str]:
    """The sentences of ``lang`` by key (empty for a language without a file)."""
    if lang not in LANGUAGES:
        return {}
    raw = (importlib.resources.files(__package__) / f"{lang}.yaml").read_text(encoding="utf-8")
    data = yaml.load(raw, Loader=_Loader)
    if not isinstance(data, dict):
        return {}
    return {str(key): str(value) for key, value in data.items()}


def render(key: str, lang: str = FALLBACK, /, **params: Any) -> str:
    """The sentence ``key`` in ``lang`` with ``params`` filled in; never raises."""
    for candidate in (lang, FALLBACK) if lang != FALLBACK else (FALLBACK,):
        template = catalog(candidate).get(key)
        if template is None:
            continue
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError, AttributeError, TypeError) as exc:
            _log.warning("sentence %r in %s does not fit its parameters: %s", key, candidate, exc)
    _log.warning("no sentence %r in the catalog", key)
    return key


# A part of a sentence rendered in the reader's language later: a problem is built before anyone
# knows the language it will be read in, yet part of its sentence may come from elsewhere (the
# hours error inside "field 'hours': mon-fri: …", what loading does instead, the kind of a YAML
# value). Such a part is a Phrase passed as a parameter; the catalog names the language in the
# placeholder's format spec, ``{error:en}`` in en.yaml and ``{error:zh}`` in zh.yaml.


@dataclass(frozen=True)
class Phrase:
    """The catalog sentence ``code`` with its parameters; the empty code is the empty text."""

    code: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, code: str, /, **params: Any) -> Phrase:
        """A phrase whose parameters are given as keywords."""
        return cls(code, tuple(sorted(params.items())))

    def render(self, lang: str = FALLBACK) -> str:
        """The phrase in ``lang`` (the empty code is the empty text)."""
        if not self.code:
            return ""
        return render(self.code, lang, **dict(self.params))

    def __format__(self, spec: str) -> str:
        return self.render(spec or FALLBACK)

    def __str__(self) -> str:
        return self.render()


#: The phrase that says nothing (a problem without what loading does instead).
NOTHING = Phrase("")
