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
- ``search(limit=20)`` with snippets for the top 10, p50/p95 over the mixed queries (single
  words, two words, phrases, Russian inflections, typos, as-you-type prefixes, Chinese);
  once as the app runs (decoded postings of recent words cached) and once "cold" (caches
  dropped before every query);
- the same queries against a naive linear scan of the texts and SQLite FTS5 (trigram), in the
  same process, reported as ratios;
- peak RSS of the process (``resource.getrusage``) and of its children (index workers).

Also measures the bundled content (22 articles). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def _words(text: str) -> list[str]:
    return text.split()


ZH_WORDS = _words(
    "包裹 物流 配送 延误 丢失 损坏 退货 换货 退款 地址 修改 客服 工单 电话 追踪号 订单号 卖家 买家 "
    "仓库 跨境 发货 签收 快递 运输 状态 更新 时差 莫斯科时间 联系 沟通 照片 凭证 赔偿 重新 平台 "
    "政策 申请 审核 小时 问题 情况 处理 步骤 准备 信息 详情 系统 页面 后台 账户 支持 帮助 中心 "
    "翻译 俄语 短语 模板 紧急 耐心 记录 截图 单据 收件人 联系方式 国际 长途 拨号 节假日 工作日 "
    "商品 货物 包装 外包装 破损 面单 价值 发票 金额 渠道 社交媒体 官方 账号 留言 私信 回复 跟进 "
    "催促 证据 清楚 描述 简短 礼貌 提前 尽快 及时 可能 一般 通常 需要 可以 如果 然后 或者 因为"
)
EN_WORDS = _words(
    "parcel delivery delay delayed lost damaged return returns refund exchange address change "
    "support ticket phone call tracking number order seller buyer warehouse cross-border shipping "
    "status update time difference moscow contact photos evidence compensation platform policy "
    "request review hours problem case steps prepare information details system page account "
    "help center translation russian phrase template urgent patient record screenshot documents "
    "recipient international dialling holidays weekday goods package packaging label value "
    "invoice amount channel social media official message reply follow clear describe short "
    "polite early quickly usually need can if then because customs pickup point courier route"
)
RU_WORDS = _words(
    "посылка посылки посылку посылкой доставка доставки доставку доставкой задержка задержки "
    "задержку возврат возврата возвратом заказ заказа заказу номер номера трек отслеживание "
    "адрес адреса адресом изменить измените поддержка поддержки поддержку склад склада "
    "повреждение повреждения потеря потери компенсация компенсации фотографии документы "
    "покупатель покупателя продавец продавца обращение обращения ответ ответа срочно пожалуйста "
    "спасибо здравствуйте статус статуса обновление товар товара упаковка курьер пункт выдачи"
)
SYLLABLES = _words(
    "ka lo mi ne ru sa to vi be do fa ga hu ji ko lu ma no pe qu ri su te vo wa xi yo zu"
)


def fake_words(rng: random.Random, count: int) -> list[str]:
    """Made-up Latin words, so the vocabulary is as large as a real corpus's."""
    words = set()
    while len(words) < count:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def zipf_pick(rng: random.Random, pool: list[str]) -> str:
    # rank ~ Zipf: smaller indexes much more frequent
    index = int(len(pool) * (rng.random() ** 2.5))
    return pool[min(index, len(pool) - 1)]


def make_article(rng: random.Random, n: int, extra: list[str]) -> tuple[str, str, str]:
    """(id, lang, markdown) of one synthetic article of about 1,500 characters."""
    lang = "zh" if n % 2 == 0 else "en"
    main = ZH_WORDS if lang == "zh" else EN_WORDS + extra
    title_words = [zipf_pick(rng, main) for _ in range(4)]
    title = ("".join if lang == "zh" else " ".join)(title_words)
    tags = [zipf_pick(rng, main) for _ in range(3)]
    paragraphs: list[str] = []
    size = 0
    while size < 1400:
        sentence: list[str] = []
        for _ in range(rng.randint(6, 14)):
            roll = rng.random()
            if roll < 0.12:
                sentence.append(zipf_pick(rng, RU_WORDS))
            elif roll < 0.2:
                sentence.append(zipf_pick(rng, EN_WORDS + extra if lang == "zh" else ZH_WORDS))
            elif roll < 0.23:
                sentence.append(f"RU{rng.randint(10**8, 10**9 - 1)}CN")
            else:
                sentence.append(zipf_pick(rng, main))
        joiner = "" if lang == "zh" else " "
        text = joiner.join(sentence) + ("。" if lang == "zh" else ".")
        paragraphs.append(text)
        size += len(text)
    body = "\n\n".join(" ".join(paragraphs[i : i + 3]) for i in range(0, len(paragraphs), 3))
    article_id = f"article-{n // 2:05d}"
    md = (
        f"---\nid: {article_id}\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
        f"category: reference\ntags: {json.dumps(tags, ensure_ascii=False)}\n"
        f"summary: {json.dumps(paragraphs[0][:80], ensure_ascii=False)}\n"
        f"updated: 2026-11-01\nrelated: []\n---\n## {title_words[0]}\n\n{body}\n"
    )
    return article_id, lang, md


def read_texts(root: Path, limit: int | None = None) -> list[str]:
    """The article texts (front matter removed) of a written corpus, in file order."""
    files = sorted((root / "articles").rglob("*.md"))[:limit]
    return [p.read_text(encoding="utf-8").split("---\n", 2)[2] for p in files]


def write_corpus(root: Path, size: int, seed: int = 20261126) -> None:
    """Write ``size`` seeded articles as Markdown files under ``root``."""
    rng = random.Random(seed)
    extra = fake_words(rng, 6000)
    (root / "articles" / "zh").mkdir(parents=True)
    (root / "articles" / "en").mkdir(parents=True)
    (root / "categories.yaml").write_text(
        "categories:\n  - id: reference\n    name: {zh: 参考资料, en: Reference}\n",
        encoding="utf-8",
    )
    for n in range(size):
        article_id, lang, md = make_article(rng, n, extra)
        (root / "articles" / lang / f"{article_id}.md").write_text(md, encoding="utf-8")


def typo(rng: random.Random, word: str) -> str:
    if len(word) < 5:
        return word
    i = rng.randint(1, len(word) - 3)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def make_queries(rng: random.Random, count: int, texts: list[str]) -> list[str]:
    """Mixed queries: single words, two words, phrases, inflections, typos, prefixes."""
    queries: list[str] = []
    kinds = ["zh1", "zh2", "en1", "en2", "ru", "ru2", "phrase", "typo", "prefix", "zhprefix"]
    while len(queries) < count:
        kind = kinds[len(queries) % len(kinds)]
        if kind == "zh1":
            q = rng.choice(ZH_WORDS[:60])
        elif kind == "zh2":
            q = rng.choice(ZH_WORDS) + rng.choice(ZH_WORDS)
        elif kind == "en1":
            q = rng.choice(EN_WORDS)
        elif kind == "en2":
            q = f"{rng.choice(EN_WORDS)} {rng.choice(EN_WORDS)}"
        elif kind == "ru":
            q = rng.choice(RU_WORDS)
        elif kind == "ru2":
            q = f"{rng.choice(RU_WORDS)} {rng.choice(RU_WORDS)}"
        elif kind == "phrase":
            words = rng.choice(texts)
            start = rng.randrange(0, max(1, len(words) - 2))
            q = '"' + " ".join(w.strip(".。") for w in words[start : start + 2]) + '"'
        elif kind == "typo":
            q = typo(rng, rng.choice([w for w in EN_WORDS + RU_WORDS if len(w) >= 6]))
        elif kind == "prefix":
            word = rng.choice([w for w in EN_WORDS + RU_WORDS if len(w) >= 5])
            q = word[: rng.randint(3, len(word) - 1)]
        else:
            q = rng.choice([w for w in ZH_WORDS if len(w) >= 2])[:1]
        # a finished query ends with a space; prefixes are still being typed
        queries.append(q if kind in ("prefix", "zhprefix") else q + " ")
    return queries


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def time_queries(run: Any, queries: list[str], repeat: int = 1) -> list[float]:
    for q in queries[:20]:  # warm up
        run(q)
    times: list[float] = []
    for _ in range(repeat):
        for q in queries:
            started = time.perf_counter()
            run(q)
            times.append((time.perf_counter() - started) * 1000)
    return times


def query_words(q: str) -> list[str]:
    return [w for w in q.replace('"', " ").lower().split() if w]


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


def bench_one(size: int, n_queries: int, procs: int | None = None) -> dict[str, Any]:
    from faqdesk.core.search.knowledge_base import KnowledgeBase

    work = Path(tempfile.mkdtemp(prefix=f"faqdesk-bench-{size}-"))
    try:
        content = work / "content"
        write_corpus(content, size)
        rng = random.Random(size)
        queries = make_queries(rng, n_queries, read_texts(content, 300))
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

        whoosh_times = time_queries(lambda q: kb.search(q, limit=20, snippets=10), queries)

        def cold(q: str) -> None:
            kb.drop_caches()  # no decoded postings from earlier queries
            kb.search(q, limit=20, snippets=10)

        cold_times = time_queries(cold, queries)
        hit_counts = [len(kb.search(q, limit=20, snippets=10).hits) for q in queries[:50]]
        kb.close()

        # the FAQDesk process's peak, before the baselines load every text
        kb_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        kb_children_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

        whoosh_build = whoosh_writer_build(content)

        texts = read_texts(content)
        texts_lower = [t.lower() for t in texts]
        scan_times = time_queries(linear_scan(texts_lower), queries)
        fts_started = time.perf_counter()
        fts_run = fts5(texts)
        fts_build = time.perf_counter() - fts_started
        fts_times = time_queries(fts_run, queries)

        return {
            "size": size,
            "queries": len(queries),
            "open_s": open_seconds,
            "build_s": build_seconds,
            "build_cpu_app_s": cpu_app,
            "build_cpu_workers_s": cpu_workers,
            "whoosh_build_s": whoosh_build,
            "index_mb": dir_size(index_dir) / 1e6,
            "corpus_mb": dir_size(content) / 1e6,
            "update_s": update_seconds,
            "reopen_s": reopen_seconds,
            "p50": statistics.median(whoosh_times),
            "p95": percentile(whoosh_times, 95),
            "cold_p50": statistics.median(cold_times),
            "cold_p95": percentile(cold_times, 95),
            "scan_p50": statistics.median(scan_times),
            "scan_p95": percentile(scan_times, 95),
            "fts_p50": statistics.median(fts_times),
            "fts_p95": percentile(fts_times, 95),
            "fts_build_s": fts_build,
            "avg_hits": sum(hit_counts) / len(hit_counts),
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


def run_child(args: list[str]) -> dict[str, Any]:
    env = dict(os.environ)
    env.setdefault("FAQDESK_CACHE_DIR", tempfile.mkdtemp(prefix="faqdesk-bench-cache-"))
    env.setdefault("FAQDESK_DATA_DIR", tempfile.mkdtemp(prefix="faqdesk-bench-data-"))
    proc = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, env=env, check=False
    )
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
    parser.add_argument("--single", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--bundled", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.single is not None:
        print(json.dumps(bench_one(args.single, args.queries, args.procs)))
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
            f"| {r['scan_p95']:.2f} ms ({r['p95'] / r['scan_p95']:.2f}×) "
            f"| {r['fts_p95']:.2f} ms ({r['p95'] / r['fts_p95']:.2f}×) "
            f"| {r['rss_mb']:.0f} MB ({r['children_rss_mb']:.0f} MB) |"
        )
    print()
    for r in rows:
        print(
            f"build CPU at {r['size']:,}: {r['build_cpu_app_s']:.1f} s in the app's process, "
            f"{r['build_cpu_workers_s']:.1f} s in index workers"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
