"""Help ▸ Load demo annotations, Keyboard shortcuts and User guide; the starter codebook
offered on a new project."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import BrieferError
from ...core.starter import STARTER_THEMES
from ..codebook.commands import AddCommand
from .changes import Changes
from .hub import WRITE_ERRORS, Hub, error_message

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "user-guide.md"
#: Keys that are not actions of the window (they live in the panes and popups).
PANE_KEYS = (
    ("Shift+Arrows", "Select text (Ctrl+Shift+Arrows: by word)"),
    ("1 … 9", "Give the selection one of the first nine themes"),
    ("Enter", "In the tag popup: tick a typed name, or save"),
    ("Shift+Enter", "In the tag popup's note: a new line"),
    ("Alt+Right / Alt+Left", "Grow / trim the selected quote's end by a word"),
    ("Alt+Shift+Left / Alt+Shift+Right", "Grow / trim the selected quote's start by a word"),
    ("Double-click", "On a highlight, stripe or Quotes row: edit that quote"),
    ("Delete", "In the Quotes table: delete the quote (Ctrl+Z brings it back)"),
    ("Esc", "Close the find bar or a popup"),
)


def load_demo_annotations(hub: Hub) -> str:
    """Add the demo's codebook, quotes and judgments to the open project; the message."""
    from ...core.demo import load_demo

    if not hub.has_project or hub.project.read_only:
        return "Open a writable project first."
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        report = load_demo(hub.project)
    except BrieferError as exc:
        return str(exc)
    except WRITE_ERRORS as exc:
        return error_message(exc)
    finally:
        QApplication.restoreOverrideCursor()
    hub.notify(Changes.everything())
    return f"Demo annotations loaded: {report.added} quotes added."


def shortcuts_html(window) -> str:
    """Every action of ``window`` that has a key, and the keys of the panes, as a table."""
    rows = []
    for action in window.actions():
        keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText)
                         for s in action.shortcuts())
        if keys and action.text():
            rows.append((keys, action.text().replace("&", "").replace("…", "")))
    rows.sort(key=lambda r: r[1].casefold())
    rows += list(PANE_KEYS)
    body = "".join(f"<tr><td><b>{escape(k)}</b></td><td>{escape(t)}</td></tr>" for k, t in rows)
    return f"<table cellspacing='4'>{body}</table>"


class TextDialog(QDialog):
    """A dialog around one ``browser`` (a QTextBrowser)."""

    browser: QTextBrowser


def text_dialog(parent: QWidget, title: str, *, html: str = "", markdown: str = "") -> TextDialog:
    """A non-blocking dialog showing rich text (links open outside)."""
    dialog = TextDialog(parent)
    dialog.setWindowTitle(title)
    browser = QTextBrowser(dialog)
    browser.setOpenExternalLinks(True)
    if markdown:
        browser.setMarkdown(markdown)
    else:
        browser.setHtml(html)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    dialog.browser = browser
    dialog.resize(640, 640)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def user_guide_markdown() -> str:
    try:
        return GUIDE.read_text(encoding="utf-8")
    except OSError:
        return "# User guide\n\nThe guide (docs/user-guide.md) is not installed with this copy."


def offer_starter_codebook(parent: QWidget, hub: Hub) -> QMessageBox | None:
    """On a project with no themes, offer the starter themes (non-blocking; one undo step)."""
    if not hub.has_project or hub.project.read_only or hub.project.codebook.themes():
        return None
    names = ", ".join(name for name, _ in STARTER_THEMES)
    box = QMessageBox(QMessageBox.Icon.Question, "Start with a codebook?",
                      "This project has no themes yet. Start with a starter codebook of "
                      f"{len(STARTER_THEMES)} themes?\n\n{names}\n\n"
                      "You can rename, merge or delete them later (Codebook dock).",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.button(QMessageBox.StandardButton.Yes).setText("Add starter themes")
    box.button(QMessageBox.StandardButton.No).setText("Start empty")
    yes = box.button(QMessageBox.StandardButton.Yes)
    box.buttonClicked.connect(lambda button: add_starter_themes(hub) if button is yes else None)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def add_starter_themes(hub: Hub) -> None:
    have = {t.name.casefold() for t in hub.project.codebook.themes()}
    hub.undo_stack.beginMacro("Add starter codebook")
    try:
        for name, description in STARTER_THEMES:
            if name.casefold() not in have and hub.push(
                    AddCommand(hub, "theme", name, description=description)):
                break
    finally:
        hub.undo_stack.endMacro()
    hub.statusMessage.emit("Starter themes added — keys 1–9 apply the first nine.")
