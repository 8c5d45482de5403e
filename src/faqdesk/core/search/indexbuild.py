"""Full index builds: a Whoosh segment writer for many documents at once, run in parallel.

Whoosh's own writer turns every posting into a tuple, estimates its size, and past a memory
limit pickles sorted runs to disk and merges them back; its multi-process writer also pickles
every document to its workers. For a full build of thousands of articles that machinery
cost more than the text analysis itself. Here:

- :class:`BulkSegmentWriter` keeps the postings of a segment compactly in memory, one
  integer array per term (document number, frequency, positions), and writes them to Whoosh's
  codec term by term in sorted order when the segment is finished. The text fields get their
  terms and positions from :func:`faqdesk.core.search.analysis.index_terms` directly. The segment
  files are the same as Whoosh's own writer makes (``tests/core/search/test_index_build.py``
  compares every posting, length and stored field).
- :func:`write_segments` starts a new segment whenever the postings held reach a budget, so
  memory stays bounded however large the content is.
- :func:`build_index` splits the documents into contiguous parts of similar size and builds
  each part in a forked worker process, which makes its documents itself (the content is
  already loaded in the parent). The segments keep the documents' order, so the index is the
  same as one built in a single process. Where processes cannot be forked (Windows, macOS)
  the workers are spawned: fresh interpreters that are sent their documents (a spawned
  process has nothing of the parent's). When a worker fails, the build runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import traceback
import warnings
from array import array
from collections.abc import Callable, Iterator, Sequence
from multiprocessing import connection as mp_connection
from pathlib import Path
from typing import Any, TypeVar

from whoosh import formats
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import Schema
from whoosh.index import Index
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from faqdesk.core.log import get_logger
from faqdesk.core.search.analysis import MixedTokenizer, ensure_ready
from faqdesk.core.search.chinese import dictionary_for
from faqdesk.core.search.indexterms import index_terms
from faqdesk.core.search.positions import BitPositions

_log = get_logger("index")

T = TypeVar("T")

#: A segment is finished when its postings hold this many integers (~4 bytes each; a
#: posting takes four, with its follow mask, and one per position). At 10,000 articles an
#: index worker ends up near 220 MB at this budget; at 12 M (one segment per worker) the
#: follow masks took it from 228 to 236 MB.
SEGMENT_BUDGET = 5_000_000
#: Corpora at least this large are built with more than one process (when possible).
MULTIPROCESS_MIN_DOCS = 2000


#: The low 32 bits of a follow mask (the postings arrays hold a mask as two 32-bit words).
_LOW = (1 << 32) - 1


class BulkSegmentWriter(SegmentWriter):  # type: ignore[misc]
    """A Whoosh segment writer that holds its postings compactly and never spills to disk.

    Only for new segments (no deletions, no merging); use :meth:`finish` to get the written
    segment, then commit it with the others (:func:`commit_segments`).
    """

    def __init__(self, ix: Index, codec: W3Codec) -> None:
        super().__init__(ix, _lk=False, codec=codec)
        # per text field: term -> [docnum, frequency, follow mask (low and high 32 bits),
        # positions..., docnum, ...]
        self._text: dict[str, dict[str, array[int]]] = {}
        # per other indexed field: term bytes -> [(docnum, weight, value bytes), ...]
        self._other: dict[str, dict[bytes, list[tuple[int, float, bytes]]]] = {}
        # per scorable field: docnum -> length as the per-document writer stores it
        self._lengths: dict[str, dict[int, int]] = {}
        # text fields analysed by our tokenizer into positions: the fast path
        self._fast = {
            name: type(field.format) in (formats.Positions, BitPositions)
            and isinstance(field.analyzer, MixedTokenizer)
            for name, field in self.schema.items()
        }
        for name, field in self.schema.items():
            if field.vector or field.separate_spelling():
                raise ValueError(f"field {name!r}: vectors and spelling are not supported")
        self.size = 0  # integers held in postings

    def add_document(self, **fields: Any) -> None:
        self._check_state()
        pdw = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        names = sorted(fields)
        if any(name.startswith("_") for name in names):
            raise ValueError("boosts and custom stored values are not supported")
        self._check_fields(schema, names)
        pdw.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    if self._fast[name]:
                        length = self._add_text(name, field, value, docnum)
                    else:
                        length = self._add_other(name, field, value, docnum)
                    if field.scorable and length:
                        self._lengths.setdefault(name, {})[docnum] = byte_to_length(
                            length_to_byte(length)
                        )
                pdw.add_field(name, field, value if field.stored else None, length)
                if field.column_type:
                    pdw.add_column_value(name, field.column_type, field.to_column_value(value))
        except Exception:
            pdw.cancel_doc()
            raise
        pdw.finish_doc()
        self._added = True
        self.docnum += 1

    def _add_text(self, name: str, field: Any, value: Any, docnum: int) -> int:
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not a string")
        terms = self._text.setdefault(name, {})
        length = 0
        masks: dict[str, int] = {}
        found = index_terms(value, masks)
        get_mask = masks.get
        for term, positions in found.items():
            postings = terms.get(term)
            if postings is None:
                postings = terms[term] = array("I")
            mask = get_mask(term, 0)
            postings.extend((docnum, len(positions), mask & _LOW, mask >> 32))
            postings.extend(positions)
            length += len(positions)
        self.size += 4 * len(found) + length
        return length if field.scorable else 0

    def _add_other(self, name: str, field: Any, value: Any, docnum: int) -> int:
        terms = self._other.setdefault(name, {})
        length = 0
        for tbytes, freq, weight, vbytes in field.index(value):
            terms.setdefault(tbytes, []).append((docnum, weight, vbytes))
            if field.scorable:
                length += freq
            self.size += 4
        return length

    @staticmethod
    def _text_postings(
        field: Any, terms: dict[str, array[int]]
    ) -> Iterator[tuple[str, float, int, bytes]]:
        """(term, weight, docnum, value bytes) of compact postings, sorted by term."""
        fmt = field.format
        encode = fmt.encode
        field_boost = fmt.field_boost
        masks = type(fmt) is BitPositions  # Whoosh's own Positions has no follow masks
        # UTF-8 keeps code point order, so sorting the strings sorts their bytes
        for term in sorted(terms):
            postings = terms.pop(term)
            i, end = 0, len(postings)
            while i < end:
                docnum, freq = postings[i], postings[i + 1]
                follow = postings[i + 2] | postings[i + 3] << 32
                if not masks:
                    value = encode(postings[i + 4 : i + 4 + freq].tolist())
                elif freq == 1:
                    value = fmt.encode_one(postings[i + 4], follow)
                else:
                    value = encode(postings[i + 4 : i + 4 + freq].tolist(), follow)
                i += 4 + freq
                # as Whoosh: Positions.word_values weighs freq * field boost
                yield term, float(freq) * field_boost, docnum, value

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        writer = self.fieldwriter
        # fields without a single term are left out, as Whoosh's writer leaves them out
        names = {name for name, terms in self._text.items() if terms}
        names |= {name for name, terms in self._other.items() if terms}
        for name in sorted(names):
            field = self.schema[name]
            lengths = self._lengths.get(name, {})
            writer.start_field(name, field)
            if name in self._text:
                self._write_text(writer, field, self._text.pop(name), lengths)
            else:
                for tbytes, postings in sorted(self._other.pop(name).items()):
                    writer.start_term(tbytes)
                    for docnum, weight, vbytes in postings:
                        writer.add(docnum, weight, vbytes, lengths.get(docnum, 0))
                    writer.finish_term()
            writer.finish_field()
        writer.close()

    def _write_text(
        self, writer: Any, field: Any, terms: dict[str, array[int]], lengths: dict[int, int]
    ) -> None:
        add = writer.add
        current = None
        for term, weight, docnum, vbytes in self._text_postings(field, terms):
            if term != current:
                if current is not None:
                    writer.finish_term()
                writer.start_term(term.encode("utf-8"))
                current = term
            add(docnum, weight, vbytes, lengths.get(docnum, 0))
        if current is not None:
            writer.finish_term()

    def finish(self) -> Any:
        """Write the segment's files and return the segment (to commit with the others)."""
        return self._finalize_segment()


def write_segments(
    ix: Index,
    codec: W3Codec,
    keys: Sequence[str],
    make_doc: Callable[[str], Any],
    fields: Callable[[Any], dict[str, Any]],
    summarize: Callable[[Any], T] | None,
    *,
    budget: int = SEGMENT_BUDGET,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[Any], list[T]]:
    """Write the documents of ``keys`` into new segments of ``ix`` (not committed);
    ``progress(n)`` is called after each document."""
    segments: list[Any] = []
    summaries: list[T] = []
    writer = BulkSegmentWriter(ix, codec)
    try:
        for done, key in enumerate(keys, 1):
            doc = make_doc(key)
            writer.add_document(**fields(doc))
            if summarize is not None:
                summaries.append(summarize(doc))
            if progress is not None:
                progress(done)
            if writer.size >= budget:
                segments.append(writer.finish())
                writer = BulkSegmentWriter(ix, codec)
        if writer.docnum:
            segments.append(writer.finish())
        else:
            writer._close_segment()
    except BaseException:
        if not writer.is_closed:
            writer._close_segment()
        raise
    return segments, summaries


def commit_segments(ix: Index, segments: list[Any]) -> None:
    """Make ``segments`` (written by bulk writers) the index's committed contents."""
    writer = ix.writer()
    try:
        writer._close_segment()
        writer._commit_toc(segments)
    finally:
        writer._finish()


def can_fork() -> bool:
    """Whether worker processes can be forked here (not on Windows; not on macOS, where
    forking a process that has loaded system frameworks is unsafe)."""
    return sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods()


def start_method() -> str:
    """How index workers start here: ``fork`` where it is safe, else ``spawn``;
    ``FAQDESK_INDEX_START_METHOD`` (``fork`` or ``spawn``) chooses (tests, benchmarks)."""
    chosen = os.environ.get("FAQDESK_INDEX_START_METHOD", "")
    if chosen in multiprocessing.get_all_start_methods():
        return chosen
    return "fork" if can_fork() else "spawn"


def split(weights: Sequence[int], parts: int) -> list[range]:
    """Contiguous ranges of indexes whose weights add up to about the same."""
    total = sum(weights) or 1
    ranges: list[range] = []
    start = 0
    acc = 0
    for i, weight in enumerate(weights):
        acc += weight
        if len(ranges) < parts - 1 and acc * parts >= total * (len(ranges) + 1):
            ranges.append(range(start, i + 1))
            start = i + 1
    ranges.append(range(start, len(weights)))
    return [r for r in ranges if len(r)]


#: A worker reports after this many documents; one that reports nothing for
#: ``STALL_SECONDS`` is taken for stuck (e.g. a lock another thread held at the fork): the
#: workers are stopped and the build runs in this process.
PROGRESS_EVERY = 100
STALL_SECONDS = 60.0


def _worker(
    conn: Any,
    folder: str,
    index_name: str,
    codec: W3Codec,
    keys: Sequence[str],
    make_doc: Callable[[str], Any],
    fields: Callable[[Any], dict[str, Any]],
    summarize: Callable[[Any], Any] | None,
    budget: int,
) -> None:
    # Ctrl+C is the parent's to handle (it stops the workers); a worker must not turn it into
    # a failure that makes the parent build everything again in its own process.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    dictionary_for(len(keys))  # a spawned worker starts without jieba's dict

    def progress(done: int) -> None:
        if done % PROGRESS_EVERY == 0:
            conn.send(("progress", done))

    try:
        ix = whoosh_index.open_dir(folder, indexname=index_name)
        written = write_segments(
            ix, codec, keys, make_doc, fields, summarize, budget=budget, progress=progress
        )
        result: tuple[str, Any] = ("ok", written)
    except Exception:
        result = ("error", traceback.format_exc())
    conn.send(result)
    conn.close()


class WorkerFailed(RuntimeError):
    """An index worker process failed, died or stopped making progress."""


def _start_worker(ctx: Any, part: Sequence[str], args: tuple[Any, ...]) -> tuple[Any, Any]:
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(
        target=_worker,
        args=(sender, *args[:3], part, *args[3:]),
        name="faqdesk-index-worker",
        daemon=True,
    )
    with warnings.catch_warnings():
        # Python 3.12+ warns about forking a process with threads; the workers only run
        # this module's code, and locks they need are renewed after the fork (analysis).
        warnings.filterwarnings("ignore", message=".*fork", category=DeprecationWarning)
        try:
            process.start()
        except (pickle.PicklingError, TypeError, AttributeError) as exc:  # spawn pickles
            receiver.close()
            sender.close()
            raise WorkerFailed(f"cannot start an index worker: {exc}") from exc
    sender.close()  # the worker's end: EOF here when the worker ends without a word
    return process, receiver


def _run_workers(
    folder: Path,
    ix: Index,
    codec: W3Codec,
    parts: list[Sequence[str]],
    make_doc: Callable[[str], Any],
    fields: Callable[[Any], dict[str, Any]],
    summarize: Callable[[Any], T] | None,
    budget: int,
    method: str = "fork",
) -> tuple[list[Any], list[T]]:
    ctx = multiprocessing.get_context(method)
    started: list[tuple[Any, Any]] = []
    finished = False
    try:
        for part in parts:
            # a forked worker makes its documents itself; a spawned one is sent them
            maker = make_doc if method == "fork" else {k: make_doc(k) for k in part}.__getitem__
            args = (str(folder), ix.indexname, codec, maker, fields, summarize, budget)
            started.append(_start_worker(ctx, part, args))
        results: list[Any] = [None] * len(started)
        waiting = {receiver: n for n, (_, receiver) in enumerate(started)}
        while waiting:
            ready = mp_connection.wait(list(waiting), timeout=STALL_SECONDS)
            if not ready:
                raise WorkerFailed(f"no progress from an index worker for {STALL_SECONDS:.0f} s")
            for receiver in ready:
                n = waiting[receiver]
                try:
                    status, payload = started[n][1].recv()
                except EOFError:
                    process = started[n][0]
                    process.join(timeout=5)
                    raise WorkerFailed(
                        f"an index worker ended with code {process.exitcode}"
                    ) from None
                if status == "error":
                    raise WorkerFailed(f"an index worker failed:\n{payload}")
                if status == "ok":
                    results[n] = payload
                    del waiting[receiver]
        finished = True
    finally:
        for process, receiver in started:
            receiver.close()
            if finished:
                process.join(timeout=10)
            if process.is_alive():  # stuck, or the build is over: stop it now
                process.kill()
                process.join()
    segments = [segment for part_segments, _ in results for segment in part_segments]
    summaries = [summary for _, part_summaries in results for summary in part_summaries]
    return segments, summaries


def _prepare_for_fork(
    key: str, make_doc: Callable[[str], Any], fields: Callable[[Any], dict[str, Any]]
) -> None:
    """Import and set up here whatever making and analysing a document needs (modules,
    jieba's dictionary), by making one: a worker forked while another thread of the app
    held an import lock or jieba's set-up lock would wait for it forever."""
    ensure_ready()
    for value in fields(make_doc(key)).values():
        if isinstance(value, str):
            index_terms(value)


def build_index(
    folder: Path,
    schema: Schema,
    index_name: str,
    codec: W3Codec,
    keys: Sequence[str],
    make_doc: Callable[[str], Any],
    fields: Callable[[Any], dict[str, Any]],
    *,
    summarize: Callable[[Any], T] | None = None,
    weights: Sequence[int] | None = None,
    procs: int | None = None,
    budget: int = SEGMENT_BUDGET,
    method: str | None = None,
) -> tuple[Index, list[T]]:
    """Create an index of the documents ``make_doc(key)`` for ``keys`` in ``folder`` (empty).

    ``fields(doc)`` gives a document's Whoosh fields; ``summarize(doc)``, when given, is
    computed for each document alongside (in the workers) and returned in ``keys`` order.
    ``weights`` (e.g. file sizes) balance the parts; ``procs`` None: two processes for
    large corpora on a machine with more than one core. When the build fails, ``folder``
    may hold partial files: the caller deletes it (``IndexFolder`` builds in a fresh one).
    ``method``: how the workers start, ``fork`` or ``spawn`` (None: :func:`start_method`);
    spawned workers need ``fields`` and ``summarize`` to be picklable (module functions).
    """
    dictionary_for(len(keys))  # before forking: the workers share it
    if procs is None:
        procs = 2 if len(keys) >= MULTIPROCESS_MIN_DOCS and (multiprocessing.cpu_count() > 1) else 1
    ix = whoosh_index.create_in(str(folder), schema, indexname=index_name)
    result: tuple[list[Any], list[T]] | None = None
    method = method or start_method()
    if procs > 1 and len(keys) > 1:
        ranges = split(list(weights) if weights is not None else [1] * len(keys), procs)
        parts = [keys[r.start : r.stop] for r in ranges]
        if method == "fork":
            _prepare_for_fork(keys[0], make_doc, fields)
        try:
            result = _run_workers(
                folder, ix, codec, parts, make_doc, fields, summarize, budget, method
            )
        except (WorkerFailed, OSError) as exc:
            _log.warning("parallel index build failed (%s); building in this process", exc)
    if result is None:
        result = write_segments(ix, codec, keys, make_doc, fields, summarize, budget=budget)
    segments, summaries = result
    commit_segments(ix, segments)
    return ix, summaries
