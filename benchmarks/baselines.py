"""The baselines ``bench_search.py`` compares FAQDesk's search with (a naive linear scan of the
texts, SQLite FTS5 with its trigram tokenizer), and how the queries are timed, alone or side
by side with them."""

from __future__ import annotations

import sqlite3
import time
from typing import Any


def timed(run: Any, q: str) -> tuple[float, float]:
    """``run(q)``'s wall-clock and CPU milliseconds (on a machine shared with other work,
    waiting for a core shows in the wall-clock time only)."""
    cpu_started = time.process_time()
    started = time.perf_counter()
    run(q)
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu_started) * 1000


def side_by_side(
    runs: dict[str, Any], queries: list[str], block: int = 50
) -> dict[str, tuple[list[float], list[float]]]:
    """The queries through every run (``runs``: name -> callable) in turns of ``block``
    queries: the first run's block, then the next run's same block, and so on; wall-clock
    and CPU milliseconds per query and run, in query order. On a machine whose speed drifts
    within minutes (a shared VM), runs measured minutes apart compare the machine's moods;
    in turns of a few seconds, they compare the code. A block rather than one query at a
    time: a scan of every text between two searches would also push the search's working
    memory out of the processor's caches, which the app does not do."""
    for q in queries[:20]:  # warm up
        for run in runs.values():
            run(q)
    times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in runs}
    for start in range(0, len(queries), block):
        for name, run in runs.items():
            for q in queries[start : start + block]:
                wall, cpu = timed(run, q)
                times[name][0].append(wall)
                times[name][1].append(cpu)
    return times


def query_words(q: str) -> list[str]:
    """The strings the baselines look for: a quoted phrase as one string, else the words."""
    q = q.strip().lower()
    if q.startswith('"') and q.endswith('"') and len(q) > 2:
        return [q[1:-1]]
    return [w for w in q.replace('"', " ").split() if w]


def linear_scan(texts_lower: list[str]) -> Any:
    def run(q: str) -> list[int]:
        words = query_words(q)
        scored = []
        for i, text in enumerate(texts_lower):
            score = sum(text.count(w) for w in words)
            if score:
                scored.append((score, i))
        scored.sort(reverse=True)
        return [i for _, i in scored[:20]]

    return run


def fts5(texts: list[str]) -> Any:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(body, tokenize='trigram')")
    db.executemany("INSERT INTO docs(body) VALUES (?)", ((t,) for t in texts))

    def run(q: str) -> list[Any]:
        words = query_words(q)
        long_words = [w for w in words if len(w) >= 3]
        short = [w for w in words if len(w) < 3]
        if not words:
            return []
        if long_words:
            match = " ".join('"' + w.replace('"', '""') + '"' for w in long_words)
            sql = "SELECT rowid FROM docs WHERE docs MATCH ?"
            params: list[str] = [match]
            for w in short:
                sql += " AND body LIKE ?"
                params.append(f"%{w}%")
            sql += " ORDER BY bm25(docs) LIMIT 20"
        else:
            sql = "SELECT rowid FROM docs WHERE " + " AND ".join(["body LIKE ?"] * len(short))
            sql += " LIMIT 20"
            params = [f"%{w}%" for w in short]
        return db.execute(sql, params).fetchall()

    return run
