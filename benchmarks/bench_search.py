"""Search benchmark: build, update and query times on seeded synthetic corpora.

Usage::

    .venv/bin/python benchmarks/bench_search.py [--sizes 100,1000,10000] [--queries 300]

For each size, in a fresh subprocess (so peak RSS is per size): writes a seeded corpus of
mixed zh/ru/en articles (~1,500 characters each) as Markdown files, then measures

- the full build (``KnowledgeBase.open(rebuild=True)``: content loading + indexing), index size,
  and as a baseline the same documents through Whoosh's own writer (``procs=2,
  multisegment=True`` from 2,000 articles), reported as a ratio, and the build's CPU time in
  the app's process and in its index workers (``--procs N`` forces the number of processes);
- the incremental update after one article changed;
- ``search(limit=20)`` with snippets for the top 10, p50/p95 per query class of issue 11
  (``synthetic_corpus.CLASSES``: one Chinese word, two, a glued pair, a quoted Chinese phrase,
  a Russian word, a quoted Russian pair, two English words, a quoted English pair, 1–2-letter
  prefixes, three words in three scripts) and all together; once as the app runs (decoded
  postings of recent words cached) and once "cold" (caches dropped before every query); in
  wall-clock time and in the process's CPU time (a loaded machine shows in the former only);
- the same queries against a naive linear scan of the texts and SQLite FTS5 (trigram), in the
  same process, *side by side* with FAQDesk: 50 queries through FAQDesk, the same 50 through
  the scan and FTS5, the next 50… so a drift of the machine's speed (a shared VM's can reach
  1.5× within minutes) hits all three alike; the ratios are FAQDesk's p95 in that pass to
  theirs (a quoted phrase is one string for both);
- the phrase matching alone, Whoosh's phrase query (the way before issue 11) against ours;
- peak RSS of the process (``resource.getrusage``) and of its children (index workers).

Also measures the bundled content (22 articles). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from baselines import fts5, linear_scan, side_by_side, timed
from synthetic_corpus import CLASSES, make_queries, read_texts, write_corpus

REPO = Path(__file__).resolve().parent.parent


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def time_queries(
    run: Any, queries: list[str], repeat: int = 1, cpu: list[float] | None = None
) -> list[float]:
    """Wall-clock milliseconds per query; ``cpu``: also the process's CPU milliseconds per
    query (on a machine shared with other work, waiting for a core shows in the wall-clock
    time only)."""
    for q in queries[:20]:  # warm up
        run(q)
    times: list[float] = []
    for _ in range(repeat):
        for q in queries:
            wall, cpu_ms = timed(run, q)
            times.append(wall)
            if cpu is not None:
                cpu.append(cpu_ms)
    return times


def by_class(kinds: list[str], times: list[float]) -> dict[str, list[float]]:
    """p50 and p95 per query class and for all of them ("all")."""
    out: dict[str, list[float]] = {"all": [statistics.median(times), percentile(times, 95)]}
    for kind in CLASSES:
        mine = [t for k, t in zip(kinds, times, strict=True) if k == kind]
        if mine:
            out[kind] = [statistics.median(mine), percentile(mine, 95)]
    return out


def whoosh_phrases(kb: Any, queries: list[str]) -> list[float]:
    """The phrase queries through Whoosh's own phrase query (the path before issue 11):
    times of the phrase part only, for comparison with ``phrase_scores``."""
    from whoosh import query as wq

    from faqdesk.core.search.index import TEXT_FIELDS
    from faqdesk.core.search.query import parse_query

    kb.search("warm up ")
    ranker = kb._ranker
    times: list[float] = []
    for q in queries:
        clauses = [c for c in parse_query(q).clauses if c.is_phrase]
        started = time.perf_counter()
        for c in clauses:
            ranker.query_scores(
                wq.Or([wq.Phrase(f, list(c.phrase), slop=c.slop) for f in TEXT_FIELDS])
            )
        times.append((time.perf_counter() - started) * 1000)
    return times


def our_phrases(kb: Any, queries: list[str]) -> list[float]:
    from faqdesk.core.search.query import parse_query

    kb.search("warm up ")
    ranker = kb._ranker
    times: list[float] = []
    for q in queries:
        clauses = [c for c in parse_query(q).clauses if c.is_phrase]
        started = time.perf_counter()
        for c in clauses:
            ranker.phrase_scores(c.phrase, c.slop)
        times.append((time.perf_counter() - started) * 1000)
    return times


def whoosh_writer_build(content: Path) -> float:
    """Seconds to index the same documents with Whoosh's own writer, the baseline of the
    full build: ``procs=2, multisegment=True`` from 2,000 articles (one process below, as
    FAQDesk), the same schema, analyzer and codec, Markdown to text included."""
    from whoosh import index as whoosh_index

    from faqdesk.core.content.loading import load_content
    from faqdesk.core.search.index import INDEX_NAME, make_schema, posting_codec, whoosh_fields
    from faqdesk.core.search.indexbuild import MULTIPROCESS_MIN_DOCS
    from faqdesk.core.search.knowledge_base import article_doc

    articles = list(load_content(content).articles.values())
    folder = Path(tempfile.mkdtemp(prefix="faqdesk-bench-whoosh-"))
    try:
        started = time.perf_counter()
        ix = whoosh_index.create_in(str(folder), make_schema(), indexname=INDEX_NAME)
        if len(articles) >= MULTIPROCESS_MIN_DOCS:
            writer = ix.writer(procs=2, multisegment=True, codec=posting_codec())
        else:
            writer = ix.writer(codec=posting_codec())
        for article in articles:
            writer.add_document(**whoosh_fields(article_doc(article)))
        writer.commit()
        seconds = time.perf_counter() - started
        ix.close()
        return seconds
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def bench_one(
    size: int, n_queries: int, procs: int | None = None, whoosh_build: bool = True
) -> dict[str, Any]:
    from faqdesk.core.search.knowledge_base import KnowledgeBase

    work = Path(tempfile.mkdtemp(prefix=f"faqdesk-bench-{size}-"))
    try:
        content = work / "content"
        write_corpus(content, size)
        rng = random.Random(size)
        sample = rng.sample(read_texts(content), min(size, 600))
        classified = make_queries(rng, n_queries, sample)
        kinds = [kind for kind, _ in classified]
        queries = [q for _, q in classified]
        index_dir = work / "index"

        started = time.perf_counter()
        cpu_app = cpu_seconds(resource.RUSAGE_SELF)
        cpu_workers = cpu_seconds(resource.RUSAGE_CHILDREN)
        kb = KnowledgeBase.open(content, index_dir, rebuild=True, procs=procs)
        cpu_app = cpu_seconds(resource.RUSAGE_SELF) - cpu_app
        cpu_workers = cpu_seconds(resource.RUSAGE_CHILDREN) - cpu_workers
        open_seconds = time.perf_counter() - started
        build_seconds = kb.sync_report.seconds
        kb.close()
        # the app holds one knowledge base at a time: the built one (its content) is gone
        # before the reopen, or the peak memory would count the content twice
        del kb
        gc.collect()

        # one article edited
        changed = sorted((content / "articles" / "en").glob("*.md"))[0]
        changed.write_text(
            changed.read_text(encoding="utf-8") + "\nEdited: zebra crossing.\n", encoding="utf-8"
        )
        started = time.perf_counter()
        kb = KnowledgeBase.open(content, index_dir)
        reopen_seconds = time.perf_counter() - started
        assert kb.sync_report.updated == 1, kb.sync_report
        update_seconds = kb.sync_report.seconds
        assert [h.article_id for h in kb.search("zebra ").hits] == [changed.stem]

        cpu_times: list[float] = []
        whoosh_times = time_queries(
            lambda q: kb.search(q, limit=20, snippets=10), queries, cpu=cpu_times
        )

        def cold(q: str) -> None:
            kb.drop_caches()  # no decoded postings from earlier queries
            kb.search(q, limit=20, snippets=10)

        cold_times = time_queries(cold, queries)
        hit_counts = [len(kb.search(q, limit=20, snippets=10).hits) for q in queries[:50]]
        phrases = [q for kind, q in classified if "quoted" in kind]
        old_phrases = whoosh_phrases(kb, phrases)
        new_phrases = our_phrases(kb, phrases)

        # the FAQDesk process's peak, before the baselines load every text
        kb_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        kb_children_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

        # the baselines, side by side with FAQDesk: 50 queries through each in turn
        texts = read_texts(content)
        texts_lower = [t.lower() for t in texts]
        fts_started = time.perf_counter()
        fts_run = fts5(texts)
        fts_build = time.perf_counter() - fts_started
        side = side_by_side(
            {
                "faqdesk": lambda q: kb.search(q, limit=20, snippets=10),
                "scan": linear_scan(texts_lower),
                "fts": fts_run,
            },
            queries,
        )
        kb.close()
        side_times, side_cpu = side["faqdesk"]
        scan_times, scan_cpu = side["scan"]
        fts_times, fts_cpu = side["fts"]
        del texts, texts_lower, fts_run
        gc.collect()

        whoosh_build_s = whoosh_writer_build(content) if whoosh_build else float("nan")

        return {
            "size": size,
            "queries": len(queries),
            "open_s": open_seconds,
            "build_s": build_seconds,
            "build_cpu_app_s": cpu_app,
            "build_cpu_workers_s": cpu_workers,
            "whoosh_build_s": whoosh_build_s,
            "index_mb": dir_size(index_dir) / 1e6,
            "corpus_mb": dir_size(content) / 1e6,
            "update_s": update_seconds,
            "reopen_s": reopen_seconds,
            "p50": statistics.median(whoosh_times),
            "p95": percentile(whoosh_times, 95),
            "cold_p50": statistics.median(cold_times),
            "cold_p95": percentile(cold_times, 95),
            "side_p50": statistics.median(side_times),
            "side_p95": percentile(side_times, 95),
            "scan_p50": statistics.median(scan_times),
            "scan_p95": percentile(scan_times, 95),
            "fts_p50": statistics.median(fts_times),
            "fts_p95": percentile(fts_times, 95),
            "fts_build_s": fts_build,
            "avg_hits": sum(hit_counts) / len(hit_counts),
            "classes": {
                "faqdesk": by_class(kinds, whoosh_times),
                "cold": by_class(kinds, cold_times),
                "scan": by_class(kinds, scan_times),
                "fts": by_class(kinds, fts_times),
                "faqdesk_cpu": by_class(kinds, cpu_times),
                "side": by_class(kinds, side_times),
                "side_cpu": by_class(kinds, side_cpu),
                "scan_cpu": by_class(kinds, scan_cpu),
                "fts_cpu": by_class(kinds, fts_cpu),
            },
            "phrase_part": {
                "whoosh": [statistics.median(old_phrases), percentile(old_phrases, 95)],
                "faqdesk": [statistics.median(new_phrases), percentile(new_phrases, 95)],
            },
            "rss_mb": kb_rss,
            "children_rss_mb": kb_children_rss,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench_bundled(n_queries: int) -> dict[str, Any]:
    import yaml

    from faqdesk.core.search.knowledge_base import KnowledgeBase

    work = Path(tempfile.mkdtemp(prefix="faqdesk-bench-bundled-"))
    try:
        queries_file = REPO / "tests" / "core" / "search" / "relevance_queries.yaml"
        rel = yaml.safe_load(queries_file.read_text(encoding="utf-8"))
        base = [item["query"] for item in rel]
        queries = [base[i % len(base)] for i in range(max(n_queries, len(base)))]
        started = time.perf_counter()
        kb = KnowledgeBase.open(REPO / "content", work / "index", rebuild=True)
        open_seconds = time.perf_counter() - started
        times = time_queries(lambda q: kb.search(q, limit=20, snippets=10), queries, repeat=3)
        # as the window calls it: up to 50 hits, every one with a snippet
        ui_times = time_queries(lambda q: kb.search(q, limit=50), queries, repeat=3)
        kb.close()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {
            "size": "bundled (22)",
            "queries": len(queries),
            "open_s": open_seconds,
            "p50": statistics.median(times),
            "p95": percentile(times, 95),
            "ui_p50": statistics.median(ui_times),
            "ui_p95": percentile(ui_times, 95),
            "rss_mb": usage.ru_maxrss / 1024,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def print_classes(r: dict[str, Any]) -> None:
    """The per-class table of one corpus size."""
    classes = r["classes"]
    print()
    print(f"{r['size']:,} articles, search(limit=20) with snippets for the top 10, per class:")
    print()
    print(
        "| query class | FAQDesk p50 | FAQDesk p95 | cold p95 | side by side: FAQDesk p95 "
        "| linear scan p95 (ratio) | FTS5 trigram p95 (ratio) | CPU side by side: FAQDesk p95 "
        "| CPU: scan p95 (ratio) | CPU: FTS5 p95 (ratio) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for kind in ("all", *CLASSES):
        if kind not in classes["faqdesk"]:
            continue
        p50, p95 = classes["faqdesk"][kind]
        side = classes["side"][kind][1]
        scan = classes["scan"][kind][1]
        fts = classes["fts"][kind][1]
        c_side = classes["side_cpu"][kind][1]
        c_scan = classes["scan_cpu"][kind][1]
        c_fts = classes["fts_cpu"][kind][1]
        print(
            f"| {kind} | {p50:.2f} ms | {p95:.2f} ms | {classes['cold'][kind][1]:.2f} ms "
            f"| {side:.2f} ms | {scan:.2f} ms ({side / scan:.2f}×) "
            f"| {fts:.2f} ms ({side / fts:.2f}×) "
            f"| {c_side:.2f} ms | {c_scan:.2f} ms ({c_side / c_scan:.2f}×) "
            f"| {c_fts:.2f} ms ({c_side / max(c_fts, 0.01):.2f}×) |"
        )
    old, new = r["phrase_part"]["whoosh"], r["phrase_part"]["faqdesk"]
    print()
    print(
        f"phrase matching alone (the quoted classes): Whoosh's phrase query p50 {old[0]:.2f} ms, "
        f"p95 {old[1]:.2f} ms; FAQDesk's p50 {new[0]:.2f} ms, p95 {new[1]:.2f} ms"
    )


def run_child(args: list[str]) -> dict[str, Any]:
    env = dict(os.environ)
    made: list[str] = []  # the folders made here are removed after the child
    for name, prefix in (("FAQDESK_CACHE_DIR", "cache"), ("FAQDESK_DATA_DIR", "data")):
        if name not in env:
            env[name] = tempfile.mkdtemp(prefix=f"faqdesk-bench-{prefix}-")
            made.append(env[name])
    try:
        proc = subprocess.run(
            [sys.executable, __file__, *args], capture_output=True, text=True, env=env, check=False
        )
    finally:
        for folder in made:
            shutil.rmtree(folder, ignore_errors=True)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark child {args} failed:\n{proc.stderr}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated corpus sizes")
    parser.add_argument("--queries", type=int, default=300, help="queries per size (>= 200)")
    parser.add_argument(
        "--procs",
        type=int,
        default=None,
        help="processes for the full build (default: as the app, 2 from 2,000 articles)",
    )
    parser.add_argument(
        "--no-whoosh-build",
        action="store_true",
        help="skip the Whoosh writer build baseline (search figures only, faster)",
    )
    parser.add_argument("--single", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--bundled", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.single is not None:
        print(
            json.dumps(bench_one(args.single, args.queries, args.procs, not args.no_whoosh_build))
        )
        return 0
    if args.bundled:
        print(json.dumps(bench_bundled(args.queries)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    bundled = run_child(["--bundled", "--queries", str(args.queries)])
    print(
        f"bundled content: {bundled['queries']} searches, p50 {bundled['p50']:.2f} ms, "
        f"p95 {bundled['p95']:.2f} ms (limit=50 with all snippets, as the window calls it: "
        f"p50 {bundled['ui_p50']:.2f} ms, p95 {bundled['ui_p95']:.2f} ms), "
        f"open+build {bundled['open_s']:.2f} s, "
        f"peak RSS {bundled['rss_mb']:.0f} MB",
        flush=True,
    )
    rows = []
    for size in sizes:
        procs = [] if args.procs is None else ["--procs", str(args.procs)]
        if args.no_whoosh_build:
            procs.append("--no-whoosh-build")
        row = run_child(["--single", str(size), "--queries", str(args.queries), *procs])
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    print()
    print(
        "| articles | build (load + index) | index only | Whoosh writer build (ratio) "
        "| index size | 1-article update "
        "| search p50 | search p95 | cold p95 | linear scan p95 (ratio) "
        "| FTS5 trigram p95 (ratio) | peak RSS (index workers) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['size']:,} | {r['open_s']:.2f} s | {r['build_s']:.2f} s "
            f"| {r['whoosh_build_s']:.2f} s ({r['build_s'] / r['whoosh_build_s']:.2f}×) "
            f"| {r['index_mb']:.1f} MB | {r['update_s'] * 1000:.0f} ms "
            f"(reopen {r['reopen_s']:.2f} s) | {r['p50']:.2f} ms | {r['p95']:.2f} ms "
            f"| {r['cold_p95']:.2f} ms "
            f"| {r['scan_p95']:.2f} ms ({r['side_p95'] / r['scan_p95']:.2f}×) "
            f"| {r['fts_p95']:.2f} ms ({r['side_p95'] / r['fts_p95']:.2f}×) "
            f"| {r['rss_mb']:.0f} MB ({r['children_rss_mb']:.0f} MB) |"
        )
    for r in rows:
        print_classes(r)
    print()
    for r in rows:
        print(
            f"build CPU at {r['size']:,}: {r['build_cpu_app_s']:.1f} s in the app's process, "
            f"{r['build_cpu_workers_s']:.1f} s in index workers"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
