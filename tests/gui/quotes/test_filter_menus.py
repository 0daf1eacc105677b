"""The quotes filter bar's pickers fill their menus when first opened (issue #13, start-up):
nothing is listed at start; an opened menu shows the project as it is then, changes made
by the command line in another process included; a picked item is named at once."""

from __future__ import annotations

from tests.briefer_cli import cli_ok



def listed(picker) -> list[str]:
    """The ids a picker's menu lists (its checkable actions)."""
    return [a.data() for a in picker.menu().actions() if a.isCheckable()]


def filter_bar(window):
    from briefer.gui.quotes.filter_bar import FilterBar

    return window.findChild(FilterBar)


def test_no_menu_is_filled_at_start_and_an_opened_one_lists_the_cli_changes(main_window, qtbot):
    window, hub = main_window, main_window.hub
    bar = filter_bar(window)
    pickers = (bar.actors, bar.themes, bar.docs, bar.langs)
    assert all(p.stale and listed(p) == [] for p in pickers)
    assert bar.actors.text() == "Actor: any"

    doc = hub.project.documents.list()[0]
    assert "de" not in hub.project.quotes.languages() | {d.language for d in
                                                        hub.project.documents.list()}
    cli_ok("actor", "add", "Added By The CLI", project=hub.project.path)
    cli_ok("doc", "edit", doc.id, "--language", "de", project=hub.project.path)
    qtbot.waitUntil(hub.check_external_changes, timeout=5000)
    assert all(p.stale and listed(p) == [] for p in pickers)    # still nothing listed

    bar.langs.menu().aboutToShow.emit()                 # what opening the menu does
    assert "de" in listed(bar.langs) and not bar.langs.stale
    assert bar.actors.stale and listed(bar.actors) == []         # only the opened one
    bar.actors.menu().aboutToShow.emit()
    actor = hub.project.codebook.resolve_actor("Added By The CLI")
    assert actor in listed(bar.actors)
    assert len(listed(bar.actors)) == len(hub.project.codebook.actors(links=False))

    # picking filters the quotes as before
    dock = bar.parent()
    while not hasattr(dock, "model"):
        dock = dock.parent()
    bar.langs.action("de").trigger()
    assert dock.model.total() == len(hub.project.quotes.list(langs=["de"]))


def test_a_filter_set_from_elsewhere_names_its_picks_without_opening_a_menu(main_window):
    from briefer.gui.shell.changes import Changes

    hub = main_window.hub
    bar = filter_bar(main_window)
    hub.project.codebook.add_actor("Picked Elsewhere", "person")
    hub.notify(Changes(codebook=True))
    actor = hub.project.codebook.actors(links=False)[0]
    hub.filterRequested.emit({"actors": [actor.id]})
    assert bar.actors.text() == f"Actor: {actor.name}"
    assert bar.actors.selected() == [actor.id]
    assert bar.themes.stale                                     # not needed: not read


def test_a_picked_item_that_is_gone_is_dropped_when_choices_reload(main_window):
    from briefer.gui.shell.changes import Changes

    hub = main_window.hub
    bar = filter_bar(main_window)
    doc = hub.project.documents.list()[0]
    bar.docs.action(doc.id).trigger()
    assert bar.docs.selected() == [doc.id]
    hub.project.documents.delete(doc.id)
    hub.notify(Changes(documents=True))
    assert bar.docs.selected() == [] and bar.docs.text() == "Document: any"
