"""The ``tag:``, ``category:`` and ``lang:`` filters of a query: the Whoosh query that lets
their documents through, and a note for each value no article has (else the user sees nothing
and does not know why)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from whoosh import query as wq

from faqdesk.core.problems import Problem
from faqdesk.core.search.query import ParsedQuery

#: The note for a filter value no document has, per field.
_UNKNOWN = {
    "tag": "search.filter.unknown_tag",
    "category": "search.filter.unknown_category",
    "lang": "search.filter.unknown_lang",
}


def _groups(parsed: ParsedQuery) -> list[tuple[str, list[str]]]:
    return [("tag", parsed.tags), ("category", parsed.categories), ("lang", parsed.langs)]


def filter_query(parsed: ParsedQuery) -> wq.Query | None:
    """The documents every filter lets through (values of one field: any of them)."""
    groups: list[wq.Query] = []
    for fieldname, values in _groups(parsed):
        if values:
            terms: list[wq.Query] = [wq.Term(fieldname, v) for v in values]
            groups.append(terms[0] if len(terms) == 1 else wq.Or(terms))
    if not groups:
        return None
    return groups[0] if len(groups) == 1 else wq.And(groups)


def unknown_filters(
    parsed: ParsedQuery, doc_frequency: Callable[[str, str], int], langs: Iterable[str]
) -> list[Problem]:
    """A note per filter value no document has; ``langs``: the languages the articles are in."""
    notes: list[Problem] = []
    for fieldname, values in _groups(parsed):
        for value in values:
            if doc_frequency(fieldname, value) > 0:
                continue
            params = {"known": ", ".join(sorted(set(langs)))} if fieldname == "lang" else {}
            notes.append(Problem.of("", _UNKNOWN[fieldname], value=value, **params))
    return notes
