"""The contact and cases docks are built just after the window's first paint (issue 11: the
window paints sooner), into the places their stand-ins held: nothing moves."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget
from pytestqt.qtbot import QtBot

from faqdesk.ui import create_main_window
from faqdesk.ui.cases.panel import CasesPanel
from faqdesk.ui.contacts.panel import ContactPanel
from faqdesk.ui.main_window import MainWindow
from faqdesk.ui.settings.store import Settings
from faqdesk.ui.window_docks import WindowDocks

from .conftest import FIXED_NOW


class _FirstFrame(QObject):
    """What the window held when it painted for the first time."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.seen: dict[str, object] | None = None
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.seen is None and event.type() == QEvent.Type.Paint:
            window = self.window
            docks = {d.objectName(): d for d in window.findChildren(QDockWidget)}
            self.seen = {
                "contact_panel": window.contact_panel,
                "kinds": {name: type(dock).__name__ for name, dock in docks.items()},
                "central": QRect(window.centralWidget().geometry()),
                "areas": {name: window.dockWidgetArea(dock) for name, dock in docks.items()},
                "hidden": {name: dock.isHidden() for name, dock in docks.items()},
            }
        return False


def _window(qtbot: QtBot, tmp_path: Path, settings: Settings, size: tuple[int, int]) -> MainWindow:
    window = create_main_window(
        data_dir=tmp_path / "data",
        index_dir=tmp_path / "index",
        now=lambda: FIXED_NOW,
        settings=settings,
    )
    qtbot.addWidget(window)
    window.resize(*size)
    return window


def _open(
    qtbot: QtBot, tmp_path: Path, settings: Settings, size: tuple[int, int] = (1200, 780)
) -> tuple[MainWindow, dict[str, object]]:
    window = _window(qtbot, tmp_path, settings, size)
    frame = _FirstFrame(window)
    window.show()
    qtbot.waitUntil(lambda: window.docks.built, timeout=10_000)
    qtbot.waitUntil(lambda: not [d for d in window.findChildren(QDockWidget) if not d.objectName()])
    assert frame.seen is not None
    return window, frame.seen


def test_the_first_frame_has_stand_ins_and_the_real_docks_take_their_places(
    qtbot: QtBot, tmp_path: Path, settings: Settings
) -> None:
    window, first = _open(qtbot, tmp_path, settings)
    assert first["contact_panel"] is None  # not built yet at the first paint...
    assert first["kinds"] == {"contactPanel": "QDockWidget", "casesPanel": "QDockWidget"}
    # ... but their places are taken: the reader does not move when they come
    assert isinstance(window.contact_panel, ContactPanel)
    assert isinstance(window.cases_panel, CasesPanel)
    docks = {d.objectName(): d for d in window.findChildren(QDockWidget)}
    assert docks == {"contactPanel": window.contact_panel, "casesPanel": window.cases_panel}
    assert window.centralWidget().geometry() == first["central"]
    assert window.contact_panel.isVisible()
    assert window.cases_panel in window.tabifiedDockWidgets(window.contact_panel)
    assert window.attention is not None  # the start page's verdict and attention line
    window.shutdown()


def test_a_dock_moved_or_closed_by_the_user_comes_back_there_without_moving(
    qtbot: QtBot, tmp_path: Path, make_settings: Callable[[], Settings]
) -> None:
    first, _ = _open(qtbot, tmp_path, make_settings())
    assert first.contact_panel is not None and first.cases_panel is not None
    first.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, first.contact_panel)
    first.cases_panel.close()
    first.resizeDocks([first.contact_panel], [275], Qt.Orientation.Horizontal)  # narrower
    qtbot.waitUntil(lambda: first.contact_panel is not None and first.contact_panel.width() == 275)
    first.save_state()
    first.shutdown()
    second, seen = _open(qtbot, tmp_path, make_settings())
    left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
    assert seen["areas"] == {"contactPanel": left, "casesPanel": right}
    assert seen["hidden"] == {"contactPanel": False, "casesPanel": True}
    assert second.contact_panel is not None and second.cases_panel is not None
    assert second.dockWidgetArea(second.contact_panel) == left
    assert second.contact_panel.isVisible() and second.cases_panel.isHidden()
    assert second.contact_panel.width() == 275  # as the user left it, not the first start's
    assert second.centralWidget().geometry() == seen["central"]
    second.shutdown()


def test_on_a_narrow_window_the_contact_dock_stays_folded_away(
    qtbot: QtBot, tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    toggles_once_built: list[list[QAction]] = []
    real_build = WindowDocks.build

    def build(docks: WindowDocks) -> None:
        real_build(docks)
        toolbar = docks._window.toolbar  # the tool bar's dock toggles, before the next paint
        toggles = [a for a in toolbar.actions() if isinstance(a.parent(), QDockWidget)]
        toggles_once_built.append(toggles)

    monkeypatch.setattr(WindowDocks, "build", build)
    window, first = _open(qtbot, tmp_path, settings, size=(800, 600))
    # the contacts folded away already (the cases, tabbed with them, keep the dock area)
    assert first["hidden"] == {"contactPanel": True, "casesPanel": False}
    assert window.contact_panel is not None and window.contact_panel.isHidden()
    assert window.cases_panel is not None and not window.cases_panel.isHidden()
    assert window.fit.folded() and window.fit.dock_toggle is not None
    assert window.fit.dock_toggle.isVisible()  # the tool bar's toggle brings it back
    assert toggles_once_built == [[window.fit.dock_toggle]]  # the stand-in's left with it
    assert window.centralWidget().geometry() == first["central"]
    window.fit.dock_toggle.trigger()
    assert window.contact_panel.isVisible()
    window.shutdown()


def test_a_window_closed_before_its_first_paint_builds_no_docks(
    qtbot: QtBot, tmp_path: Path, settings: Settings
) -> None:
    window = _window(qtbot, tmp_path, settings, (1200, 780))
    window.close()  # before the event loop ran: no paint
    turned: list[bool] = []
    QTimer.singleShot(0, lambda: turned.append(True))  # after the window's own start-up timer
    qtbot.waitUntil(lambda: bool(turned))
    assert window.contact_panel is None and not window.docks.built
    window.shutdown()


def test_a_contact_dock_that_cannot_be_built_leaves_a_working_window(
    qtbot: QtBot, tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import faqdesk.ui.contacts.panel as contact_panel

    class Broken(contact_panel.ContactPanel):
        def __init__(self, *_args: object, **_kwargs: object) -> None:
            raise RuntimeError("the contacts database is damaged")

    monkeypatch.setattr(contact_panel, "ContactPanel", Broken)
    window, _first = _open(qtbot, tmp_path, settings)
    assert window.contact_panel is None and window.cases_panel is not None
    assert "Contacts are not available" in window.statusBar().currentMessage()
    for size in ((800, 600), (1200, 780)):  # the fit no longer folds the stand-in, long gone
        window.resize(*size)
        qtbot.waitUntil(lambda size=size: window.width() == size[0])
    assert window.fit.dock_toggle is None
    window.shutdown()
