"""A document's properties: title, outlet, author, date, language, and its sourcing —
URL, access date, source type and the reliability grade A–F with its one-line reason."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
)

from ...core.grading import RELIABILITY, SOURCE_TYPES
from ...core.records import Document
from ...core.text import is_iso_date, is_language_tag

#: Languages offered in the properties dialog (any BCP-47 code may be typed).
COMMON_LANGUAGES = ("en", "zh", "ru", "fr", "de", "es", "ar", "ja", "ko", "uk", "fa", "und")


def valid_date(text: str) -> bool:
    """Empty, or an ISO date: YYYY, YYYY-MM or YYYY-MM-DD (a real day)."""
    text = text.strip()
    return not text or is_iso_date(text)


class DocumentPropertiesDialog(QDialog):
    """The editable fields of a document, sized for them; ``values()`` once accepted."""

    def __init__(self, document: Document, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Document properties")
        self.doc_id = document.id
        get = lambda key, default="": getattr(document, key, default) or default
        self.title = QLineEdit(get("title"), self)
        self.outlet = QLineEdit(get("outlet"), self)
        self.author = QLineEdit(get("author"), self)
        self.date = QLineEdit(get("date"), self)
        self.date.setPlaceholderText("YYYY-MM-DD (or empty)")
        self.date.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"\d{0,4}(-\d{0,2}(-\d{0,2})?)?"), self))
        self.language = QComboBox(self)
        self.language.setEditable(True)
        self.language.addItems(list(COMMON_LANGUAGES))
        self.language.setCurrentText(get("language", "und"))
        self.url = QLineEdit(get("url"), self)
        self.url.setPlaceholderText("https://…")
        self.accessed = QLineEdit(get("accessed"), self)
        self.accessed.setPlaceholderText("YYYY-MM-DD (when you read it)")
        self.source_type = QComboBox(self)
        for key, words in SOURCE_TYPES.items():
            self.source_type.addItem(words, key)
        self.source_type.setCurrentIndex(
            max(0, self.source_type.findData(get("source_type", "unknown"))))
        self.reliability = QComboBox(self)
        for key, words in RELIABILITY.items():
            self.reliability.addItem(f"{key} — {words}", key)
        self.reliability.setCurrentIndex(max(0, self.reliability.findData(get("reliability", "F"))))
        self.reliability_reason = QLineEdit(get("reliability_reason"), self)
        self.reliability_reason.setPlaceholderText("Why this grade, in one line")
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #b91c1c")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for label, widget in (("Title:", self.title), ("Outlet:", self.outlet),
                              ("Author:", self.author), ("Date:", self.date),
                              ("Language:", self.language), ("URL:", self.url),
                              ("Accessed:", self.accessed), ("Source type:", self.source_type),
                              ("Reliability:", self.reliability),
                              ("Reason:", self.reliability_reason)):
            form.addRow(label, widget)
        form.addRow(self.problem)
        form.addRow(self.buttons)
        for edit in (self.title, self.date, self.accessed):
            edit.textChanged.connect(self._check)
        self.language.editTextChanged.connect(self._check)
        self._check()
        width = max(560, self.fontMetrics().horizontalAdvance("x" * 70))
        self.resize(width, self.sizeHint().height())

    def problems(self) -> str:
        if not self.title.text().strip():
            return "A document needs a title."
        if not valid_date(self.date.text()):
            return "The date must be YYYY, YYYY-MM or YYYY-MM-DD, or empty."
        if not valid_date(self.accessed.text()[:10]):
            return "The access date must be YYYY-MM-DD, or empty."
        if not is_language_tag(self.language.currentText().strip()):
            return "The language must be a code such as en, zh or pt-BR."
        return ""

    def _check(self) -> None:
        problem = self.problems()
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def accept(self) -> None:
        if not self.problems():
            super().accept()

    def values(self) -> dict:
        return {"title": self.title.text().strip(), "outlet": self.outlet.text().strip(),
                "author": self.author.text().strip(), "date": self.date.text().strip(),
                "language": self.language.currentText().strip(),
                "url": self.url.text().strip(), "accessed": self.accessed.text().strip(),
                "source_type": self.source_type.currentData(),
                "reliability": self.reliability.currentData(),
                "reliability_reason": self.reliability_reason.text().strip()}
