"""Key judgments in the brief composer: added, edited, linked to quotes and removed, each an
undoable step of the window, kept for the project they were typed for; likelihood, basis and
the ICD 203 warnings — through the real window and widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from briefer.gui.quotes.columns import EXCERPT

from ..stored import stored_judgments


def test_add_edit_and_remove_a_key_judgment(qtbot, window, composer, monkeypatch):
    path = window.hub.project.path
    panel = composer.judgments
    composer.tabs.setCurrentWidget(panel)
    before = stored_judgments(path)
    # select a quote in the quotes table: it becomes the one "Add selected quote" adds
    quotes = window.docks["quotesDock"]
    quote_id = quotes.model.quote_id(0)
    index = quotes.model.index(0, EXCERPT)
    qtbot.mouseClick(quotes.view.viewport(), Qt.LeftButton,
                     pos=quotes.view.visualRect(index).center())
    assert panel.supporting.selected == quote_id and panel.supporting.add_button.isEnabled()
    qtbot.mouseClick(panel.new_button, Qt.LeftButton)
    qtbot.keyClicks(panel.statement, "The Pentagon will not back down.")
    panel.confidence.setCurrentIndex(panel.confidence.findData("high"))
    panel.confidence.activated.emit(panel.confidence.currentIndex())
    with qtbot.waitSignal(window.hub.changed):
        qtbot.mouseClick(panel.supporting.add_button, Qt.LeftButton)
    after = stored_judgments(path)
    assert len(after) == len(before) + 1
    new = after[-1]
    assert (new.text, new.confidence, list(new.quote_ids)) == \
        ("The Pentagon will not back down.", "high", [quote_id])
    assert panel.list.currentItem().data(Qt.UserRole) == new.id
    assert "[High]" in panel.list.currentItem().text()
    # edit the statement (saved when the editor loses focus), then unlink the quote
    panel.statement.setFocus()
    qtbot.keyClicks(panel.statement, " Not before Friday.")
    composer.title.setFocus()
    qtbot.waitUntil(lambda: stored_judgments(path)[-1].text.endswith("Not before Friday."))
    panel.supporting.list.setCurrentRow(0)
    qtbot.mouseClick(panel.supporting.remove_button, Qt.LeftButton)
    assert list(stored_judgments(path)[-1].quote_ids) == []
    monkeypatch.setattr(QMessageBox, "question", no_question)      # undo brings it back
    qtbot.mouseClick(panel.remove_button, Qt.LeftButton)
    assert [j.id for j in stored_judgments(path)] == [j.id for j in before]
    assert panel.list.count() == len(before)
    window.act_undo.trigger()
    assert stored_judgments(path)[-1].id == new.id and panel.list.count() == len(after)


def no_question(*_args, **_kwargs):
    raise AssertionError("no confirmation is asked: undo brings it back")


def test_removed_judgment_comes_back_with_its_id_and_links(qtbot, window, composer, monkeypatch):
    path = window.hub.project.path
    panel = composer.judgments
    composer.tabs.setCurrentWidget(panel)
    before = stored_judgments(path)
    linked = next(j for j in before if len(j.quote_ids) > 1)
    monkeypatch.setattr(QMessageBox, "question", no_question)
    panel.list.setCurrentRow(panel.judgment_ids().index(linked.id))
    assert panel.judgment_id == linked.id
    with qtbot.waitSignal(window.hub.changed):
        qtbot.mouseClick(panel.remove_button, Qt.LeftButton)
    assert linked.id not in [j.id for j in stored_judgments(path)]
    assert linked.id not in panel.judgment_ids() and panel.judgment_id is None
    window.act_undo.trigger()
    assert stored_judgments(path) == before                  # same id, place, times, links
    assert panel.judgment_ids() == [j.id for j in before]
    window.act_redo.trigger()
    assert linked.id not in panel.judgment_ids()


def test_a_new_judgment_typed_in_one_visit_is_one_step(qtbot, window, composer):
    path = window.hub.project.path
    panel = composer.judgments
    composer.tabs.setCurrentWidget(panel)
    before = stored_judgments(path)
    qtbot.mouseClick(panel.new_button, Qt.LeftButton)
    for words in ("Talks will", " resume in March."):
        with qtbot.waitSignal(window.hub.changed, timeout=3000):
            qtbot.keyClicks(panel.statement, words)
    composer.tabs.setFocus()
    new = stored_judgments(path)[-1]
    assert new.text == "Talks will resume in March." and panel.judgment_id == new.id
    assert window.act_undo.text().endswith("Add key judgment")
    window.act_undo.trigger()
    assert stored_judgments(path) == before and panel.judgment_id is None
    window.act_redo.trigger()
    assert stored_judgments(path)[-1] == new


def test_a_judgment_typed_before_switching_goes_to_its_project(qtbot, window, composer,
                                                               tmp_path):
    old = window.hub.project.path
    panel = composer.judgments
    composer.tabs.setCurrentWidget(panel)
    qtbot.mouseClick(panel.new_button, Qt.LeftButton)
    qtbot.keyClicks(panel.statement, "Typed just before switching")   # save pending
    assert panel._timer.isActive()
    assert window.open_project_path(tmp_path / "other.briefer", create=True, seed=False)
    assert stored_judgments(old)[-1].text == "Typed just before switching"
    assert stored_judgments(window.hub.project.path) == [] and panel.list.count() == 0
    assert window.hub.undo_stack.count() == 0


def test_likelihood_basis_and_warnings_of_a_key_judgment(qtbot, window, composer):
    """Issue #11 point 4 in the app: likelihood and basis are saved (and undone) in the file;
    the composer warns when a high-confidence judgment rests on one source."""
    path = window.hub.project.path
    panel = composer.judgments
    composer.tabs.setCurrentWidget(panel)
    quotes = window.docks["quotesDock"]
    index = quotes.model.index(0, EXCERPT)
    qtbot.mouseClick(quotes.view.viewport(), Qt.LeftButton,
                     pos=quotes.view.visualRect(index).center())
    qtbot.mouseClick(panel.new_button, Qt.LeftButton)
    qtbot.keyClicks(panel.statement, "Talks resume within the month.")
    panel.confidence.setCurrentIndex(panel.confidence.findData("high"))
    panel.likelihood.setCurrentIndex(panel.likelihood.findData("likely"))
    panel.likelihood.activated.emit(panel.likelihood.currentIndex())
    with qtbot.waitSignal(window.hub.changed):
        qtbot.mouseClick(panel.supporting.add_button, Qt.LeftButton)
    panel.basis.setFocus()
    qtbot.keyClicks(panel.basis, "Both sides said so on the record")
    qtbot.keyClick(panel.basis, Qt.Key_Return)
    new = stored_judgments(path)[-1]
    assert (new.likelihood, new.basis) == ("likely", "Both sides said so on the record")
    assert panel.warnings.isVisible()
    assert "Talks resume within the month." in panel.warnings.text()
    assert "rests on one source only" in panel.warnings.text()
    window.hub.undo_stack.undo()                                 # the basis
    assert stored_judgments(path)[-1].basis == ""
