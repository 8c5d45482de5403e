"""Search as you type: the throttle, the search jobs, the results on screen, the index state.

The window hands the controller the search box, the navigation pane (where the results are
listed) and the status-bar label that tells the state of the index. Once the content is loaded
the window calls :meth:`SearchController.open_index`; the index opens in the background (jieba
and Whoosh are imported there, never before the window is painted). Keystrokes are collapsed by
a :class:`~faqdesk.ui.common.throttle.Throttle`; every search runs on the one background
thread that owns the index, and a result is shown only while its query is still what the box
says (a newer query supersedes an older one's result, whichever finishes first).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from faqdesk.core.log import get_logger
from faqdesk.ui.common.background import Background
from faqdesk.ui.common.throttle import Throttle
from faqdesk.ui.search.results_model import SearchResult

if TYPE_CHECKING:
    from faqdesk.core.content.loading import ContentLibrary
    from faqdesk.core.search.knowledge_base import KnowledgeBase, SearchResults
    from faqdesk.ui.articles.navigation_pane import NavigationPane
    from faqdesk.ui.search.search_box import SearchBox

_log = get_logger("ui.search")

#: How long keystrokes are collapsed before the next search runs.
SEARCH_THROTTLE_MS = 30
RESULT_LIMIT = 50


class SearchController(QObject):
    """Runs the searches the search box asks for and lists their results in the navigation."""

    #: The results for a query are on screen.
    resultsShown = Signal(str)
    #: The index is open (True) or could not be opened (False).
    stateChanged = Signal(bool)
    #: Enter in the box chose a result to open: article id, language.
    resultChosen = Signal(str, str)
    #: Something to say in the status bar.
    message = Signal(str)

    def __init__(
        self,
        box: SearchBox,
        navigation: NavigationPane,
        state_label: QLabel,
        language: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._box = box
        self._navigation = navigation
        self._state_label = state_label
        self._language = language
        self.kb: KnowledgeBase | None = None
        self.library: ContentLibrary | None = None
        #: Why the index could not be opened (None: it opened, or is still opening).
        self.failed: str | None = None
        #: The query whose results are on screen.
        self.query = ""
        self._open_when_shown: str | None = None
        self._wait_before_open: Callable[[Callable[[], bool]], object] | None = None
        self._stopping = False  # shut down: a wait before opening stops
        self._jobs = Background(threads=1, parent=self)  # the index is not thread-safe
        self._chores = Background(threads=1, parent=self)  # work that searches must not wait for
        self._throttle = Throttle(self._start_search, SEARCH_THROTTLE_MS, self)
        box.textChanged.connect(self._on_query_edited)
        box.moveDown.connect(navigation.focus_results)
        box.returnPressed.connect(self.open_first_result)
        self.update_state()

    # ------------------------------------------------------------------ the index
    def prepare(self) -> None:
        """Load the search libraries (jieba's dictionary, Whoosh) in the background now, while
        the content loads elsewhere: :meth:`open_index`, queued behind it, then only opens."""

        def load_libraries() -> None:
            import faqdesk.core.search.knowledge_base  # noqa: F401 - Whoosh and the analysers
            from faqdesk.core.search.chinese import ensure_ready

            ensure_ready()

        self._jobs.run(load_libraries, lambda _none: None, self.fail)

    def wait_before_opening(self, wait: Callable[[Callable[[], bool]], object]) -> None:
        """Have :meth:`open_index` call ``wait(stopping)`` on the search thread before it opens
        the index (once): e.g. until the index build started at launch has ended, or
        ``stopping()`` says the window is closing (then nothing is opened)."""
        self._wait_before_open = wait

    def open_index(
        self, library: ContentLibrary, content_dir: Path | None, index_dir: Path | None
    ) -> None:
        """Open (or build) the index of ``library`` in the background; it is not loaded again."""
        self.library = library
        wait, self._wait_before_open = self._wait_before_open, None

        def open_() -> KnowledgeBase | None:
            from faqdesk.core.search.knowledge_base import KnowledgeBase

            if wait is not None:
                wait(lambda: self._stopping)
                if self._stopping:
                    return None  # closed meanwhile: nothing to open or build

            return KnowledgeBase.open(content_dir=content_dir, index_dir=index_dir, library=library)

        self._jobs.run(open_, self._on_ready, self.fail)

    def _on_ready(self, kb: KnowledgeBase | None) -> None:
        if kb is None:  # the window closed while it waited
            return
        self.kb = kb
        self._box.set_ready(True)
        self.update_state()
        self.stateChanged.emit(True)
        if self._box.text().strip():
            self._start_search(self._box.text())
        # NumPy (the scores' vectors), loaded now in the background rather than by the first
        # search; not before: it would be forked into the workers of an index build, and its
        # import would hold up this thread's "search ready"
        self._jobs.run(_load_ranking, lambda _none: None, _warm_up_failed)
        # the first start (or after a jieba update): jieba's word table for the next start,
        # written beside the search thread (1-2 s), so that searches do not wait for it
        self._chores.run(_save_word_table, lambda _none: None, _word_table_failed)

    def probe(
        self, done: Callable[[SearchResults], None], failed: Callable[[BaseException], None]
    ) -> str | None:
        """Search the first word of an article's title (the first article by id whose title
        has a word: "!!!" has none) on the search thread, as a keystroke's search runs, and
        hand the results to ``done`` (``failed``: an exception): the self-test's proof that
        searching works (the scores' NumPy, jieba, the index). The query, or None when there
        is no index or no word to search for."""
        kb, library = self.kb, self.library
        if kb is None or library is None:
            return None
        from faqdesk.core.search.analysis import analyze  # loaded with the search

        for key in sorted(library.articles):
            title = library.articles[key].title
            words = [span for span in analyze(title, subwords=False) if not span.sub]
            if words:
                query = title[words[0].start : words[0].end]
                self._jobs.run(self._search_job(kb, query), done, failed)
                return query
        return None

    def _search_job(self, kb: KnowledgeBase, text: str) -> Callable[[], SearchResults]:
        """The search of ``text`` as the list shows it (its length, the UI language)."""
        lang = self._language()
        return lambda: kb.search(text, limit=RESULT_LIMIT, lang=lang)

    def fail(self, error: BaseException) -> None:
        """The index cannot be opened: say so in the box, the state line and the results."""
        _log.error("the search index could not be opened: %r", error)
        self.failed = str(error) or type(error).__name__
        self._box.set_unavailable()
        self.update_state()
        self.stateChanged.emit(False)
        text = self._box.text()
        if text.strip():
            self._navigation.show_results(text, [], 0, None, self.failed)

    def is_ready(self) -> bool:
        return self.kb is not None

    def update_state(self) -> None:
        """Say in the state line whether search is being prepared, ready or not available."""
        if self.kb is None:
            if self.failed:
                text = self.tr("Search is not available: {error}").format(error=self.failed)
            else:
                text = self.tr("Preparing search…")
        else:
            count = len(self.library.articles) if self.library is not None else 0
            if count == 1:
                text = self.tr("1 article indexed")
            else:
                text = self.tr("{count} articles indexed").format(count=count)
        self._state_label.setText(text)

    # ------------------------------------------------------------------ searching
    def _on_query_edited(self, text: str) -> None:
        if not text.strip():
            self.query = ""
            self._throttle.cancel()
            self._jobs.supersede("search")
            self._navigation.show_tree()
            return
        if self.kb is None:
            if self.failed is None:
                self._navigation.show_waiting(text)  # runs as soon as the index is ready
            else:
                self._navigation.show_results(text, [], 0, None, self.failed)
            return
        self._throttle(text)

    def rerun(self) -> None:
        """Search again for what is on screen (the language changed)."""
        if self.query:
            self._start_search(self.query)

    def _start_search(self, text: str) -> None:
        kb = self.kb
        if kb is None or not text.strip() or text != self._box.text():
            return  # not ready yet (runs when it is), or the box changed meanwhile
        self._jobs.run(
            self._search_job(kb, text),
            lambda results: self.show_results(text, results),
            self._on_search_error,
            key="search",
        )

    def _on_search_error(self, error: BaseException) -> None:
        _log.exception("search failed", exc_info=error)
        self.message.emit(self.tr("The search failed: {error}").format(error=error))

    def show_results(self, query: str, results: SearchResults) -> None:
        """List ``results`` unless the box no longer says ``query`` (a stale result)."""
        if query != self._box.text():
            return
        self.query = query
        rows = [
            SearchResult(
                article_id=hit.article_id,
                lang=hit.lang,
                title=hit.title,
                category=self._category_name(hit.category),
                snippet=hit.snippet,
            )
            for hit in results.hits
        ]
        # the notes in the UI language (why nothing matched: lang:ru, an unknown tag…)
        lang = self._language()
        notes = " ".join(note.render(lang) for note in results.notes)
        self._navigation.show_results(
            query,
            rows,
            int(results.total),
            results.suggestion,
            None if notes else results.error,
            notes=notes or None,
        )
        self.resultsShown.emit(query)
        if self._open_when_shown == query:
            self._open_when_shown = None
            self.open_first_result()

    def _category_name(self, category_id: str) -> str:
        category = self.library.category(category_id) if self.library is not None else None
        return category.display_name(self._language()) if category is not None else category_id

    def open_first_result(self) -> None:
        """Enter: open the selected (or first) result, once the results for the box are in."""
        text = self._box.text()
        if text.strip() and text != self.query:
            # Enter came before the results for what is in the box: open them on arrival.
            self._open_when_shown = text
            self._throttle.flush()
            return
        navigation = self._navigation
        if navigation.showing_results() and navigation.results_model.rowCount():
            row = navigation.results_view.currentIndex().row()
            result = navigation.results_model.result(max(0, row))
            self.resultChosen.emit(result.article_id, result.lang)

    def matched_words(self, article_id: str, lang: str) -> list[str]:
        """The words of the shown query found in an article (to highlight); [] when none."""
        if self.kb is None or not self.query:
            return []
        try:
            return list(self.kb.matched_words(self.query, article_id, lang))
        except Exception:  # highlighting is a nicety; never block opening the article
            _log.exception("matched_words failed")
            return []

    # ------------------------------------------------------------------ the end
    def stop(self) -> None:
        """Drop pending and running searches (the window closes)."""
        self._throttle.cancel()
        self._jobs.supersede("search")

    def shutdown(self, msecs: int = 30_000) -> None:
        """Wait for the background work to end and close the index."""
        self._stopping = True
        self._jobs.wait(msecs)
        self._chores.wait(msecs)
        kb, self.kb = self.kb, None
        if kb is not None:
            kb.close()


def _load_ranking() -> None:
    import faqdesk.core.search.articles  # noqa: F401 - NumPy and the ranking


def _save_word_table() -> None:
    from faqdesk.core.search.chinese import save_word_table

    save_word_table()


def _word_table_failed(error: BaseException) -> None:
    _log.warning("jieba's word table could not be saved: %r", error)  # the next start is slower


def _warm_up_failed(error: BaseException) -> None:
    # each search then says what is wrong, in the results (e.g. "Search failed: ImportError")
    _log.error("the search ranking could not be loaded: %r", error)
