"""The Codebook dock at the first start's layout (a 1600 × 1000 window): each tab's quote
counts are in view, with no sideways scrolling, however long the names and descriptions;
the buttons at its foot are whole."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from briefer.gui.codebook.dock import COUNT
from briefer.gui.shell.changes import Changes

LONG = "Military use, autonomous weapons & safety guardrails of frontier models"


def test_quote_counts_in_view_at_the_default_layout(main_window, qtbot):
    window = main_window
    project = window.hub.project
    doc = project.documents.list()[0].id
    actor = project.codebook.add_actor("US Department of War and its Chief Digital Office")
    theme = project.codebook.add_theme(LONG, description="The Pentagon's demands " * 8)
    project.quotes.add(doc, 0, 20, actors=[actor], themes=[theme])
    window.hub.notify(Changes.everything())
    window.setGeometry(0, 0, 1600, 1000)
    window._default_layout()
    dock = window.docks["codebookDock"]
    dock.show()
    dock.raise_()
    dock.ensure_built()
    QApplication.processEvents()
    assert dock.width() <= 400                           # the narrow default
    for index, tree in enumerate((dock.actor_tree, dock.theme_tree)):
        dock.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        viewport = tree.viewport().rect()
        item = next(i for i in tree.top_items() if i.text(COUNT) == "1")
        cell = tree.visualItemRect(item)
        cell.setLeft(tree.header().sectionViewportPosition(COUNT))
        cell.setWidth(tree.columnWidth(COUNT))
        assert viewport.contains(cell), (index, cell, viewport)
        assert cell.width() >= tree.fontMetrics().horizontalAdvance(tree.headerItem().text(COUNT))
        assert not tree.horizontalScrollBar().isVisible()
    body = dock.widget().rect()
    for button in dock.buttons.values():
        assert body.contains(button.geometry()), (button.text(), button.geometry(), body)
