"""Small dialogs of the codebook: an actor's name, kind and aliases; a theme's name and description.

Both are opened with ``open()`` (window-modal, not blocking), so tests fill and accept them.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
)

from ...core.codebook import ACTOR_KINDS
from ...core.records import Actor, Theme


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class ActorDialog(QDialog):
    """Name, kind and aliases (one per line) of an actor."""

    def __init__(self, actor: Actor, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Actor “{actor.name}”")
        self.actor_id = actor.id
        self.name = QLineEdit(actor.name, self)
        self.kind = QComboBox(self)
        self.kind.addItems(list(ACTOR_KINDS))
        self.kind.setCurrentText(actor.kind)
        self.aliases = QPlainTextEdit("\n".join(actor.aliases), self)
        self.aliases.setPlaceholderText("Other names, one per line (used to suggest this actor)")
        self.buttons = _buttons(self)
        form = QFormLayout(self)
        form.addRow("Name:", self.name)
        form.addRow("Kind:", self.kind)
        form.addRow("Aliases:", self.aliases)
        form.addRow(self.buttons)
        self.name.textChanged.connect(
            lambda text: self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
                bool(text.strip())))

    def values(self) -> dict:
        aliases = [line.strip() for line in self.aliases.toPlainText().splitlines() if line.strip()]
        return {"name": self.name.text().strip(), "kind": self.kind.currentText(),
                "aliases": aliases}


class ThemeDialog(QDialog):
    """Name and description of a theme."""

    def __init__(self, theme: Theme, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Theme “{theme.name}”")
        self.theme_id = theme.id
        self.name = QLineEdit(theme.name, self)
        self.description = QPlainTextEdit(theme.description or "", self)
        self.description.setPlaceholderText("What belongs under this theme (shown in the brief)")
        self.buttons = _buttons(self)
        form = QFormLayout(self)
        form.addRow("Name:", self.name)
        form.addRow("Description:", self.description)
        form.addRow(self.buttons)
        self.name.textChanged.connect(
            lambda text: self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
                bool(text.strip())))

    def values(self) -> dict:
        return {"name": self.name.text().strip(),
                "description": self.description.toPlainText().strip()}
