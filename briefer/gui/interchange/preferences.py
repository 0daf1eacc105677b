"""Edit ▸ Preferences…: the analyst's name, recorded on each quote made or changed
(``core.analyst.set_analyst``; kept in the app's settings)."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from ...core.analyst import current_analyst, set_analyst
from .analyst import ANALYST_KEY


class PreferencesDialog(QDialog):
    def __init__(self, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.settings = settings
        self.analyst = QLineEdit(str(settings.value(ANALYST_KEY, "") or ""), self)
        self.analyst.setPlaceholderText(current_analyst() or "your name")
        self.analyst.setMaxLength(200)
        note = QLabel("Recorded on each quote you make or change, so merged projects "
                      "say who made what. Empty: $BRIEFER_ANALYST or your user name.", self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Analyst:", self.analyst)
        form.addRow(note)
        form.addRow(buttons)

    def accept(self) -> None:
        name = self.analyst.text().strip()
        self.settings.setValue(ANALYST_KEY, name)
        self.settings.sync()
        set_analyst(name)
        super().accept()
