"""vCard import cost (issue 10.9): time and peak memory of importing a file into a fresh
contact book, through the same calls as ``faqdesk contacts import`` (read, plan, one
transaction).

Run: ``.venv/bin/python benchmarks/bench_import.py [--runs 3] [--json]``

Cases, each in a fresh subprocess per run (so the peak resident memory is the import's own):

- ``10k distinct``: 10,000 cards with distinct names (vCard 3.0, a phone, an e-mail, a note);
- ``10k same name``: 10,000 cards all called 王经理 (the case that was quadratic: 50 s for
  20,000 before);
- ``10k android 2.1``: 10,000 Android-style cards, quoted-printable Chinese with soft breaks;
- ``19 MB note``: one card whose NOTE is 19 MB on one line (2.75 GB of memory before);
- baseline ``1k distinct``: 1,000 cards; the ratio ``10k / (10 × 1k)`` near 1 means the cost
  is linear in the number of cards.

Prints the median and p95 (of ``--runs``) of the wall time, the median CPU time (what the
import itself used, whatever else loads the machine) and the largest peak RSS per case, and
the targets: 10,000 cards ≤ 5 s, peak memory ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 5.0
TARGET_MB = 300.0

_CHILD = """
import resource, sys, time
from pathlib import Path
from datetime import UTC, datetime
sys.path.insert(0, {src!r})
from faqdesk.core.contacts.book import ContactBook
start, cpu_start = time.perf_counter(), time.process_time()
with ContactBook.open(Path({data!r}), clock=lambda: datetime(2026, 11, 30, tzinfo=UTC)) as book:
    plan = book.plan_import(Path({file!r}), home_tz="Asia/Shanghai")
    done = book.apply_import(plan)
seconds = time.perf_counter() - start
cpu = time.process_time() - cpu_start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(seconds, peak_mb, len(done.ids), cpu)
"""


def _qp(text: str) -> str:
    encoded = "".join(f"={byte:02X}" for byte in text.encode("utf-8"))
    lines = [encoded[i : i + 72] for i in range(0, len(encoded), 72)]
    return "=\r\n".join(lines)


def _cards(kind: str, count: int) -> str:
    if kind == "19 MB note":
        note = "n" * 19_000_000
        return f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big\r\nNOTE:{note}\r\nEND:VCARD\r\n"
    parts: list[str] = []
    for n in range(count):
        phone = f"+7 495 {n // 10000:03d}-{n // 100 % 100:02d}-{n % 100:02d}"
        if kind == "android":
            parts.append(
                "BEGIN:VCARD\r\nVERSION:2.1\r\n"
                f"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{_qp(f'深圳货代仓库负责人王经理{n}')}\r\n"
                f"TEL;CELL;PREF:{phone}\r\n"
                f"NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{_qp('周一到周五上班，说中文')}\r\n"
                "END:VCARD\r\n"
            )
            continue
        name = "王经理" if kind == "same" else f"Forwarder {n}"
        parts.append(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nTEL;TYPE=CELL:{phone}\r\n"
            f"EMAIL:desk{n}@example.com\r\nNOTE:Pickups before 15:00\\, ask for the manager\r\n"
            "END:VCARD\r\n"
        )
    return "".join(parts)


def _run(file: Path, folder: Path) -> tuple[float, float, int, float]:
    code = _CHILD.format(src=str(REPO / "src"), data=str(folder), file=str(file))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), float(out[1]), int(out[2]), float(out[3])


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    cases = [
        ("1k distinct (baseline)", "distinct", 1000),
        ("10k distinct", "distinct", 10_000),
        ("10k same name", "same", 10_000),
        ("10k android 2.1", "android", 10_000),
        ("19 MB note", "19 MB note", 1),
    ]
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="faqdesk-bench-import-") as temp:
        root = Path(temp)
        for label, kind, count in cases:
            file = root / f"{kind}-{count}.vcf"
            file.write_text(_cards(kind, count), encoding="utf-8")
            times: list[float] = []
            cpus: list[float] = []
            peaks: list[float] = []
            imported = 0
            for run in range(args.runs):
                seconds, peak, imported, cpu = _run(file, root / f"data-{kind}-{count}-{run}")
                times.append(seconds)
                cpus.append(cpu)
                peaks.append(peak)
            results[label] = {
                "cards": count,
                "imported": imported,
                "file_mb": round(file.stat().st_size / 1e6, 2),
                "median_s": round(statistics.median(times), 3),
                "p95_s": round(_p95(times), 3),
                "cpu_median_s": round(statistics.median(cpus), 3),
                "peak_mb": round(max(peaks), 1),
            }
    base = results["1k distinct (baseline)"]["median_s"]
    for label in ("10k distinct", "10k same name", "10k android 2.1"):
        results[label]["ratio_to_10x_baseline"] = round(results[label]["median_s"] / (10 * base), 2)
    if args.json:
        print(json.dumps({"machine": platform.platform(), "results": results}, indent=2))
        return 0
    heads = ("cards", "file", "median", "p95", "cpu", "peak")
    print(f"{'case':24} " + " ".join(f"{h:>8}" for h in heads) + "  ratio")
    for label, row in results.items():
        ratio = row.get("ratio_to_10x_baseline", "")
        print(
            f"{label:24} {row['cards']:>6} {row['file_mb']:>6} MB {row['median_s']:>7.2f}s "
            f"{row['p95_s']:>7.2f}s {row['cpu_median_s']:>7.2f}s {row['peak_mb']:>6.0f} MB {ratio}"
        )
    print(f"targets: 10,000 cards <= {TARGET_SECONDS} s, peak memory <= {TARGET_MB} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
