"""The reading area: panes side by side, exact offsets, highlights, stripes, find."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from briefer.core.anchoring import Utf16Map
from briefer.gui.reader.reader import MAX_PANES, Reader
from briefer.gui.reader.stripes import SpanIndex

EMOJI_TEXT = ("Opening 😀 line with 🎉🎉 emoji\r\n"
              "𝕋𝕙𝕖 second line 𠀋 says: the Pentagon wants access.\r\n"
              "中文内容：国防部与人工智能公司。\r\n")


def covered(view) -> set[int]:
    """UTF-16 positions the pane's extra selections paint."""
    out = set()
    for sel in view.extraSelections():
        out.update(range(sel.cursor.selectionStart(), sel.cursor.selectionEnd()))
    return out


@pytest.fixture
def reader(qtbot, hub):
    widget = Reader(hub)
    qtbot.addWidget(widget)
    hub.projectOpened.connect(widget.reload)
    hub.changed.connect(widget.on_changed)
    widget.resize(1000, 600)
    widget.reload()
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_two_seeds_side_by_side(reader, hub):
    docs = hub.project.documents.list()
    reader.open_document(docs[0].id)
    pane = reader.open_document(docs[1].id, beside=True)
    assert [p.doc_id for p in reader.panes] == [docs[0].id, docs[1].id]
    assert reader.current is pane
    assert pane.view.isReadOnly()
    assert pane.view.lineWrapMode() == pane.view.LineWrapMode.WidgetWidth
    assert pane.chooser.currentData() == docs[1].id
    # each pane scrolls on its own
    reader.panes[0].view.verticalScrollBar().setValue(reader.panes[0].view.verticalScrollBar().maximum())
    assert pane.view.verticalScrollBar().value() == 0
    # the chooser switches the document
    pane.chooser.setCurrentIndex(pane.chooser.findData(docs[2].id))
    pane.chooser.activated.emit(pane.chooser.currentIndex())
    assert pane.doc_id == docs[2].id
    assert pane.view.document().toPlainText().replace("\u2029", "\n") == \
        hub.project.documents.get(docs[2].id).text.replace("\r\n", "\u200b\n")


def test_at_most_four_panes_and_close(reader, hub):
    doc = hub.project.documents.list()[0].id
    for _ in range(6):
        reader.open_document(doc, beside=True)
    assert len(reader.panes) == MAX_PANES
    reader.close_pane(reader.panes[1])
    assert len(reader.panes) == MAX_PANES - 1
    while len(reader.panes) > 1:
        reader.close_pane(reader.panes[0])
    reader.close_pane(reader.panes[0])                  # the last pane stays
    assert len(reader.panes) == 1
    assert not reader.panes[0].close_button.isEnabled()


def test_emoji_crlf_offsets_are_exact(reader, hub):
    doc_id = hub.project.documents.add(EMOJI_TEXT, title="Emoji")
    pane = reader.open_document(doc_id)
    units = len(EMOJI_TEXT.encode("utf-16-le")) // 2
    assert pane.view.document().characterCount() - 1 == units
    m = Utf16Map(EMOJI_TEXT)
    for needle in ("Pentagon", "国防部", "𠀋", "emoji\r\n𝕋"):
        start = EMOJI_TEXT.index(needle)
        cursor = QTextCursor(pane.view.document())
        cursor.setPosition(m.to16(start))
        cursor.setPosition(m.to16(start + len(needle)), QTextCursor.KeepAnchor)
        pane.view.setTextCursor(cursor)
        assert pane.selection_cp() == (start, start + len(needle))
        # what is copied is the original text, \r\n included
        assert pane.view.createMimeDataFromSelection().text() == needle


def test_highlight_covers_quote_and_orphans_are_listed(reader, hub):
    project = hub.project
    doc_id = project.documents.add(EMOJI_TEXT, title="Emoji")
    start = EMOJI_TEXT.index("the Pentagon")
    qid = project.quotes.add(doc_id, start, start + len("the Pentagon"), themes=["Military"])
    gone = project.quotes.add(doc_id, 0, 7, themes=["Military"])
    project.db["quotes"].update(gone, {"orphaned": 1})
    pane = reader.open_document(doc_id)
    m = Utf16Map(EMOJI_TEXT)
    span = set(range(m.to16(start), m.to16(start + len("the Pentagon"))))
    assert covered(pane.view) == span
    assert pane.quote_span16(qid) == (min(span), max(span) + 1)
    theme_colour = project.codebook.themes()[0].colour
    selections = pane.view.extraSelections()
    assert selections[0].format.background().color().name() == theme_colour
    assert not pane.orphan_label.isHidden() and "1 orphaned" in pane.orphan_label.text()
    assert gone not in [q.id for q in pane.quotes]


def test_overlapping_quotes_blend_and_get_separate_stripes(reader, hub, qtbot):
    project = hub.project
    doc = project.documents.list()[0]
    text = project.documents.get(doc.id).text
    a = project.quotes.add(doc.id, 10, 60, themes=["One"], actors=["Anthropic"])
    b = project.quotes.add(doc.id, 40, 90, themes=["Two"])
    pane = reader.open_document(doc.id)
    m = Utf16Map(text)
    pieces = [(s.cursor.selectionStart(),
               s.cursor.selectionEnd()) for s in pane.view.extraSelections()]
    assert pieces == [(m.to16(10), m.to16(40)), (m.to16(40), m.to16(60)), (m.to16(60), m.to16(90))]
    selections = pane.view.extraSelections()
    middle = selections[1].format.background().color()
    assert middle.lightnessF() >= 0.6                         # black text stays readable
    assert pane.index.depth == 2 and sorted(pane.index.columns) == [0, 1]
    # the stripes: one per quote, in separate columns; hover names the tags; click selects
    stripes = pane.margin.stripes()
    assert len(stripes) == 2 and stripes[0][0].x() != stripes[1][0].x()
    rect, _i = next((r, i) for r, i in stripes if pane.quotes[i].id == a)
    tip = pane.margin.tooltip_at(rect.center())
    assert "Anthropic" in tip and "One" in tip
    with qtbot.waitSignal(hub.quoteSelected) as signal:
        qtbot.mouseClick(pane.margin, Qt.LeftButton, pos=rect.center())
    assert signal.args == [a]
    # clicking inside a highlight selects the (shortest) quote under the click
    cursor = QTextCursor(pane.view.document())
    cursor.setPosition(m.to16(80))
    point = pane.view.cursorRect(cursor).center()
    with qtbot.waitSignal(hub.quoteSelected) as signal:
        qtbot.mouseClick(pane.view.viewport(), Qt.LeftButton, pos=point)
    assert signal.args == [b]


def test_colour_by_actor_and_show_quote(reader, hub, qtbot):
    project = hub.project
    docs = project.documents.list()
    text = project.documents.get(docs[2].id).text
    end = len(text) - 5
    qid = project.quotes.add(docs[2].id, end - 30, end, themes=["Late"], actors=["Far"])
    reader.open_document(docs[0].id)
    reader.open_document(docs[1].id, beside=True)
    pane = reader.show_quote(qid)                         # not shown: opens in the right-most
    assert pane is reader.panes[-1] and pane.doc_id == docs[2].id
    assert pane.flash_id == qid
    assert set(range(*pane.quote_span16(qid))) <= covered(pane.view)   # scrolled into view
    qtbot.waitUntil(lambda: pane.flash_id == "", timeout=3000)
    hub.colour_by = "actor"
    reader.codebook_changed()
    actor_colour = project.codebook.actors()[0].colour
    assert pane.colours[0].name() == actor_colour


def test_find_bar(reader, hub, qtbot):
    pane = reader.open_document(hub.project.documents.list()[0].id)
    pane.find_bar.open_bar()
    assert pane.find_bar.isVisible()
    qtbot.keyClicks(pane.find_bar.edit, "Anthropic")
    qtbot.keyClick(pane.find_bar.edit, Qt.Key_Return)
    assert pane.view.textCursor().selectedText() == "Anthropic"
    first = pane.view.textCursor().selectionStart()
    qtbot.keyClick(pane.find_bar.edit, Qt.Key_Return)
    assert pane.view.textCursor().selectionStart() > first
    qtbot.keyClick(pane.find_bar.edit, Qt.Key_Return, Qt.ShiftModifier)    # back again
    assert pane.view.textCursor().selectionStart() == first
    assert pane.find_bar.status.text().startswith("2 of ")
    pane.find_bar.edit.setText("no such words anywhere")
    assert not pane.find_bar.find_next()
    assert pane.find_bar.status.text() == "not found"
    qtbot.keyClick(pane.find_bar.edit, Qt.Key_Escape)
    assert not pane.find_bar.isVisible()


def test_span_index_queries():
    index = SpanIndex.build([(0, 10), (2, 4), (5, 30), (12, 14), (40, 50)])
    assert index.overlapping(11, 13) == [2, 3]
    assert index.overlapping(30, 40) == []
    assert index.containing(3) == [1, 0]
    assert index.columns == [0, 1, 1, 0, 0]
    assert index.segments(0, 6) == [(0, 2, [0]), (2, 4, [0, 1]), (4, 5, [0]), (5, 6, [0, 2])]


def test_highlights_follow_scrolling_in_a_long_document(reader, hub, qtbot):
    project = hub.project
    text = "".join(f"Paragraph {i} says something about the Pentagon.\n" for i in range(3000))
    doc_id = project.documents.add(text, title="Long", language="en")
    for i in range(0, 3000, 10):
        start = text.index(f"Paragraph {i} ")
        project.quotes.add(doc_id, start, start + 12, themes=["T"])
    pane = reader.open_document(doc_id)
    first = covered(pane.view)
    assert first and max(first) < len(text) // 2               # only near the top
    bar = pane.view.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: max(covered(pane.view)) > len(text) - 1000, timeout=2000)
    assert pane.margin.stripes()                                # stripes at the bottom too
    assert pane.view.viewport().rect().contains(QPoint(1, 1))


def test_quotes_sharing_a_line_get_separate_stripes(reader, hub, qtbot):
    """Two quotes with no character in common on one visual line: one stripe each."""
    project = hub.project
    text = ("The Pentagon asked; Anthropic declined.\n"
            + "A second paragraph that says nothing in particular. " * 12 + "\n"
            + "Far below, a third quote sits alone on its line.\n")
    doc_id = project.documents.add(text, title="One line", language="en")
    first = project.quotes.add_text(doc_id, "The Pentagon", actors=["Pentagon"], themes=["Ask"])
    second = project.quotes.add_text(doc_id, "Anthropic declined", actors=["Anthropic"],
                                    themes=["Refusal"])
    alone = project.quotes.add_text(doc_id, "a third quote", themes=["Alone"])
    pane = reader.open_document(doc_id)
    assert pane.index.columns == [0, 0, 0]               # no characters overlap
    qtbot.waitUntil(lambda: len(pane.margin.stripes()) == 3, timeout=2000)
    stripes = {pane.quotes[i].id: rect for rect, i in pane.margin.stripes()}
    assert stripes[first].x() != stripes[second].x()      # both visible, side by side
    assert stripes[first].intersects(stripes[second].translated(
        stripes[first].x() - stripes[second].x(), 0))     # on the same line
    assert stripes[alone].x() == stripes[first].x()       # a line of its own: the first column
    qtbot.waitUntil(lambda: pane.margin.width() >= pane.margin.sizeHint().width() >= 20,
                    timeout=2000)                          # the margin widened to two columns
    stripes = {pane.quotes[i].id: rect for rect, i in pane.margin.stripes()}
    assert all(pane.margin.rect().contains(rect) for rect in stripes.values())
    for qid, name, theme in ((first, "Pentagon", "Ask"), (second, "Anthropic", "Refusal")):
        tip = pane.margin.tooltip_at(stripes[qid].center())
        assert name in tip and theme in tip
        other = "Anthropic" if name == "Pentagon" else "Pentagon"
        assert other not in tip
        with qtbot.waitSignal(hub.quoteSelected) as signal:
            qtbot.mouseClick(pane.margin, Qt.LeftButton, pos=stripes[qid].center())
        assert signal.args == [qid]
    # after the view is rewrapped (narrower), the columns are worked out again
    width = pane.view.viewport().width()
    reader.resize(420, 600)
    qtbot.waitUntil(lambda: pane.view.viewport().width() < width, timeout=2000)
    again = {pane.quotes[i].id: rect for rect, i in pane.margin.stripes()}
    assert again[first].x() != again[second].x()


def test_two_quotes_on_one_span_open_in_the_pane(main_window, qtbot):
    """Issue 9.7: the CLI, W3C import and re-anchoring can leave two quotes on one span; the
    pane sorted (span, row) pairs and raised TypeError comparing the rows."""
    from tests.briefer_cli import run_cli

    project = main_window.hub.project
    doc = project.documents.list()[0]
    for theme in ("First", "Second"):
        done = run_cli("annotate", "--doc", doc.id, "--start", "5", "--end", "20", "--theme", theme,
                       "--project", project.path)
        assert done.returncode == 0, done.stderr
    pane = main_window.reader.open_document(doc.id)
    assert len(pane.quotes) == 2 and {list(q.themes)[0] for q in pane.quotes} == {"First",
                                                                                     "Second"}
