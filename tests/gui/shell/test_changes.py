"""The typed change set: a tag reloads only the views that show what it changed (issue #10)."""

from __future__ import annotations

import importlib

import pytest
from PySide6.QtCore import QCoreApplication

from briefer.gui.shell.changes import Changes

#: view → (module under briefer.gui, class, the method that reloads it).
RELOADS = {
    "library": ("library.dock", "DocumentsModel", "reload"),
    "codebook": ("codebook.dock", "CodebookDock", "reload"),
    "quotes table": ("quotes.model", "QuotesModel", "refresh"),
    "quote filter choices": ("quotes.filter_bar", "FilterBar", "reload_choices"),
    "inspector": ("quotes.inspector", "QuoteInspector", "reload"),
    "matrix": ("quotes.matrix", "MatrixDock", "schedule_refresh"),
    "brief lists": ("brief.contents", "BriefContents", "fill_lists"),
    "judgments": ("brief.judgments", "JudgmentsPanel", "reload"),
    "preview": ("brief.preview", "BriefPreviewDock", "_changed"),
    "pane highlights": ("reader.pane", "Pane", "refresh_quotes"),
    "pane colours": ("reader.reader", "Reader", "codebook_changed"),
    "pane document": ("reader.pane", "Pane", "refresh_document"),
}


@pytest.fixture
def counted(monkeypatch, request):
    """The main window, built after every view's reload method was wrapped in a counter."""
    calls: dict[str, int] = dict.fromkeys(RELOADS, 0)
    for view, (module, cls, method) in RELOADS.items():
        klass = getattr(importlib.import_module(f"briefer.gui.{module}"), cls)
        original = getattr(klass, method)

        def counting(self, *args, _view=view, _original=original, **kwargs):
            calls[_view] += 1
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(klass, method, counting)
    window = request.getfixturevalue("main_window")
    for tab, back in (("codebookDock", "libraryDock"), ("briefDock", "matrixDock")):
        window.docks[tab].raise_()          # looked at once (docks are built when first
        window.docks[back].raise_()         # shown), then back to the default tabs
    doc = window.hub.project.documents.list()[0]
    window.reader.open_document(doc.id)
    window.hub.project.codebook.add_theme("Existing")
    window.hub.notify(Changes(codebook=True))
    QCoreApplication.processEvents()
    return window, doc, calls


def tag(window, doc, calls, theme: str) -> set[str]:
    """Tag a new quote with ``theme``; the views that reloaded for it."""
    from briefer.gui.quotes.commands import AddQuoteCommand

    for view in calls:
        calls[view] = 0
    assert window.hub.push(AddQuoteCommand(window.hub, doc.id, 0, 20, themes=[theme])) is None
    QCoreApplication.processEvents()            # deferred refreshes (the matrix) run
    return {view for view, n in calls.items() if n}


QUOTE_VIEWS = {"quotes table", "inspector", "matrix", "brief lists", "preview",
               "pane highlights"}


def test_a_tag_with_an_existing_theme_reloads_only_the_quote_views(counted):
    window, doc, calls = counted
    reloaded = tag(window, doc, calls, "Existing")
    assert reloaded <= QUOTE_VIEWS, reloaded
    assert "pane highlights" in reloaded
    # the quotes table, the matrix and the brief lists update the changed rows in place (#13)
    assert not reloaded & {"library", "codebook", "quote filter choices", "pane colours",
                           "quotes table", "matrix", "brief lists"}
    # the library's and codebook's quote counts are still right (updated in place)
    library = window.docks["libraryDock"].model
    assert next(r.quotes for r in library.rows if r.id == doc.id) == 1
    codebook = window.docks["codebookDock"].theme_tree
    row = next(codebook.topLevelItem(i) for i in range(codebook.topLevelItemCount())
               if codebook.topLevelItem(i).text(0) == "Existing")
    assert row.text(2) == "1"
    print(f"\nviews reloaded by a tag with an existing theme: {len(reloaded)} of {len(RELOADS)}: "
          f"{sorted(reloaded)}")


def test_a_tag_that_creates_a_theme_also_reloads_the_codebook(counted):
    window, doc, calls = counted
    reloaded = tag(window, doc, calls, "Brand new theme")
    assert {"codebook", "quote filter choices", "pane colours", "matrix", "brief lists"} <= reloaded
    assert "library" not in reloaded
    print(f"\nviews reloaded by a tag with a new theme: {len(reloaded)} of {len(RELOADS)}")


def test_undo_and_redo_of_a_tag_declare_the_same_parts(counted):
    window, doc, calls = counted
    seen = []
    window.hub.changed.connect(lambda changes, source: seen.append(changes))
    tag(window, doc, calls, "Another new theme")
    window.hub.undo_stack.undo()
    window.hub.undo_stack.redo()
    quote_id = window.hub.undo_stack.command(0).quote_id
    assert seen == [Changes(quotes=frozenset({quote_id}), codebook=True)] * 3
    assert list(window.hub.project.quotes.get(quote_id).theme_ids)


def test_changes_combine_and_say_when_nothing_changed():
    assert not Changes()
    assert Changes.of_quotes() == Changes(quotes=True) and Changes(quotes=True).quote_ids is None
    both = Changes.of_quotes("a") | Changes(quotes=frozenset({"b"}), codebook=True)
    assert both == Changes(quotes=frozenset({"a", "b"}), codebook=True)
    assert (both | Changes(quotes=True)).quote_ids is None
    assert all(getattr(Changes.everything(), f) for f in
               ("quotes", "documents", "codebook", "judgments", "settings"))
