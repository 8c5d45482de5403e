"""Finding cases by what a seller types: an order, posting or tracking number however it is
written (full-width digits, any dash, digits only), a case id or number, or words of the title
or ticket."""

from __future__ import annotations

import re
import sqlite3

from faqdesk.core.cases.model import case_seq, normalized_number, number_digits
from faqdesk.core.scripts import printable

_DIGITS_ONLY_RE = re.compile(r"^[0-9][0-9\-/._]*$")


def matching_ids(connection: sqlite3.Connection, text: str, limit: int) -> list[str]:
    """Ids of cases with a number starting with what was typed (by the index) or whose digits
    start with its digits, the case it names by number, then those whose title or ticket
    holds it; at most ``limit``."""
    # No lone surrogates (sqlite cannot encode them), no NUL (it ends a LIKE pattern).
    needle = printable(text.encode("utf-8", "ignore").decode("utf-8")).strip()
    if not needle or limit < 1:
        return []
    number = normalized_number(needle)[:200]
    # typed as digits and separators only: also found by the number's digits
    digits = number_digits(needle)[:200] if _DIGITS_ONLY_RE.match(number) else ""
    escaped = needle[:200].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    like = f"%{escaped}%"
    seq = case_seq(needle)
    queries: list[tuple[str, tuple[object, ...]]] = [
        (
            "SELECT DISTINCT case_id FROM case_numbers "
            "WHERE normalized >= ? AND normalized < ? LIMIT ?",
            (number, number + "\U0010ffff", limit),
        ),
        (
            "SELECT DISTINCT case_id FROM case_numbers "
            "WHERE ? != '' AND digits >= ? AND digits < ? LIMIT ?",
            (digits, digits, digits + "\U0010ffff", limit),
        ),
        ("SELECT id FROM cases WHERE seq = ?", (-1 if seq is None else seq,)),
        (
            "SELECT id FROM cases WHERE title LIKE ? ESCAPE '\\' "
            "OR ticket LIKE ? ESCAPE '\\' LIMIT ?",
            (like, like, limit),
        ),
    ]
    found: dict[str, None] = {}
    for query, params in queries:
        for (case_ref,) in connection.execute(query, params):
            found.setdefault(str(case_ref))
        if len(found) >= limit:
            break
    return list(found)[:limit]
