"""The search controller on its own: a stand-in index, the real box and navigation pane."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from faqdesk.core.search.knowledge_base import KnowledgeBase, SearchHit, SearchResults
from faqdesk.ui.articles.navigation_pane import NavigationPane
from faqdesk.ui.search.controller import SearchController
from faqdesk.ui.search.results_model import ARTICLE_ID_ROLE
from faqdesk.ui.search.search_box import SearchBox


def _results(query: str, *article_ids: str) -> SearchResults:
    hits = [
        SearchHit(article_id=a, lang="en", title=a, category="c", score=1.0, snippet=a)
        for a in article_ids
    ]
    return SearchResults(query=query, hits=hits, total=len(hits))


class StandInIndex:
    """Answers every query with one article named after it; ``hold`` stops one query until
    ``release`` is set, so a test decides which search finishes when."""

    def __init__(self) -> None:
        self.hold = ""
        self.release = threading.Event()
        self.asked: list[str] = []

    def search(self, text: str, *, limit: int, lang: str) -> SearchResults:
        self.asked.append(text)
        if text == self.hold:
            self.release.wait(timeout=30)
        return _results(text, f"about-{text}")

    def close(self) -> None:
        pass


class StandInLibrary:
    """Content with ``count`` articles and no categories."""

    def __init__(self, count: int) -> None:
        self.articles = {str(n): n for n in range(count)}

    def category(self, _category_id: str) -> None:
        return None


class Parts:
    def __init__(self, qtbot: QtBot) -> None:
        self.window = QWidget()
        qtbot.addWidget(self.window)
        self.box = SearchBox(self.window)
        self.navigation = NavigationPane(self.window)
        self.label = QLabel(self.window)
        self.controller = SearchController(
            self.box, self.navigation, self.label, lambda: "en", self.window
        )
        self.index = StandInIndex()
        self.shown: list[str] = []
        self.controller.resultsShown.connect(self.shown.append)

    def ready(self) -> None:
        self.controller.kb = self.index  # type: ignore[assignment]

    def listed(self) -> list[str]:
        model = self.navigation.results_model
        return [str(model.index(row, 0).data(ARTICLE_ID_ROLE)) for row in range(model.rowCount())]


@pytest.fixture
def parts(qtbot: QtBot) -> Iterator[Parts]:
    made = Parts(qtbot)
    yield made
    made.index.release.set()
    made.controller.shutdown(5_000)


def test_a_result_that_arrives_after_a_newer_one_is_dropped(parts: Parts) -> None:
    parts.ready()
    parts.box.setText("parcel")
    parts.controller.show_results("parcel", _results("parcel", "lost-parcel"))
    parts.controller.show_results("parc", _results("parc", "stale"))  # the older query, late
    assert parts.shown == ["parcel"]
    assert parts.listed() == ["lost-parcel"]


def test_a_search_still_running_when_the_box_changed_is_not_shown(
    qtbot: QtBot, parts: Parts
) -> None:
    parts.ready()
    parts.index.hold = "old"
    parts.box.setText("old")  # starts at once (the throttle's leading edge), then waits
    qtbot.waitUntil(lambda: parts.index.asked == ["old"])
    parts.box.setText("new")
    parts.index.release.set()
    with qtbot.waitSignal(parts.controller.resultsShown, check_params_cb=lambda q: q == "new"):
        pass
    assert parts.shown == ["new"]
    assert parts.listed() == ["about-new"]


def test_typing_before_the_index_is_ready_searches_once_it_is(
    qtbot: QtBot, parts: Parts, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(KnowledgeBase, "open", lambda *_args, **_kwargs: parts.index)
    assert parts.label.text() == "Preparing search…"
    parts.box.setText("delay")
    assert parts.navigation.showing_results() and parts.listed() == []
    with qtbot.waitSignal(parts.controller.resultsShown):
        parts.controller.open_index(StandInLibrary(1), None, None)  # type: ignore[arg-type]
    assert parts.shown == ["delay"] and parts.listed() == ["about-delay"]
    assert parts.label.text() == "1 article indexed"


def test_when_the_index_fails_the_state_line_and_the_results_say_so(parts: Parts) -> None:
    parts.box.setText("delay")
    parts.controller.fail(OSError("No space left on device"))
    assert not parts.controller.is_ready()
    assert parts.label.text() == "Search is not available: No space left on device"
    assert parts.navigation.empty_label.text().startswith("The search could not be run:")


def test_enter_chooses_the_first_result_once_it_is_shown(qtbot: QtBot, parts: Parts) -> None:
    parts.ready()
    chosen: list[tuple[str, str]] = []
    parts.controller.resultChosen.connect(lambda a, lang: chosen.append((a, lang)))
    parts.index.hold = "returns"
    parts.box.setText("returns")
    parts.controller.open_first_result()  # Enter before the results are in: wait for them
    assert chosen == []
    parts.index.release.set()
    qtbot.waitUntil(lambda: chosen == [("about-returns", "en")])


def test_the_index_is_opened_on_the_library_it_is_given(
    qtbot: QtBot, parts: Parts, monkeypatch: pytest.MonkeyPatch
) -> None:
    given: list[object] = []

    def open_(*_args: object, library: object = None, **_kwargs: object) -> StandInIndex:
        given.append(library)
        return parts.index

    monkeypatch.setattr(KnowledgeBase, "open", open_)
    library = StandInLibrary(0)
    with qtbot.waitSignal(parts.controller.stateChanged) as ready:
        parts.controller.open_index(library, None, None)  # type: ignore[arg-type]
    assert ready.args == [True]
    assert given == [library]


def test_the_index_opens_after_the_wait_it_was_given_once(
    qtbot: QtBot, parts: Parts, monkeypatch: pytest.MonkeyPatch
) -> None:
    order: list[str] = []

    def open_(*_args: object, **_kwargs: object) -> StandInIndex:
        order.append("open")
        return parts.index

    monkeypatch.setattr(KnowledgeBase, "open", open_)
    parts.controller.wait_before_opening(lambda _stopping: order.append("waited for the build"))
    for _ in range(2):
        with qtbot.waitSignal(parts.controller.stateChanged):
            parts.controller.open_index(StandInLibrary(0), None, None)  # type: ignore[arg-type]
    assert order == ["waited for the build", "open", "open"]


def test_a_window_closed_while_the_first_build_is_awaited_opens_nothing(
    qtbot: QtBot, parts: Parts, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    seen: list[bool] = []

    def open_(*_args: object, **_kwargs: object) -> StandInIndex:
        opened.append("open")
        return parts.index

    def wait(stopping: Callable[[], bool]) -> None:
        seen.append(stopping())
        parts.controller.shutdown(msecs=0)  # the window closes meanwhile
        seen.append(stopping())

    monkeypatch.setattr(KnowledgeBase, "open", open_)
    parts.controller.wait_before_opening(wait)
    parts.controller.open_index(StandInLibrary(0), None, None)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: len(seen) == 2)
    parts.controller.shutdown()  # waits for the search thread's job to end
    assert seen == [False, True]
    assert opened == [] and parts.controller.kb is None  # nothing opened, nor built
