"""Regressions in PySide6 itself that Briefer's reading area would hit.

PySide6 6.12 decremented ``Py_None`` once too often when a wrapped C++ method returned
``void`` ("none_dealloc": after enough calls Python aborts with *deallocating None*).
The highlights and the selection code call ``QTextCursor.setPosition`` thousands of
times, so 20,000 calls on a real document must simply complete.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from briefer.gui.reader.pane import display_text


def test_many_set_position_calls_complete(qtbot):
    view = QPlainTextEdit()
    qtbot.addWidget(view)
    text = "".join(f"Line {i}: the ministry 😀 said talks would resume.\r\n" for i in range(2000))
    view.setPlainText(display_text(text))
    length = view.document().characterCount() - 1
    none_refs = sys.getrefcount(None)
    cursor = QTextCursor(view.document())
    for n in range(20_000):
        result = cursor.setPosition((n * 7919) % length)
        assert result is None
    assert cursor.position() == (19_999 * 7919) % length
    # None's reference count must not have drained (it is immortal from Python 3.12 on)
    assert sys.getrefcount(None) >= none_refs - 100


def test_set_position_with_keep_anchor_on_fresh_cursors(qtbot):
    view = QPlainTextEdit()
    qtbot.addWidget(view)
    view.setPlainText("abc " * 50_000)
    doc = view.document()
    for n in range(0, 20_000, 2):
        cursor = QTextCursor(doc)
        cursor.setPosition(n)
        cursor.setPosition(n + 3, QTextCursor.KeepAnchor)
        assert cursor.selectionEnd() - cursor.selectionStart() == 3
