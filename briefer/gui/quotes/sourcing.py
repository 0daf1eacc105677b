"""A quote's sourcing, as the tag popup and the inspector edit it: who said it (the
speaker: an actor or a description), who carried it ("as quoted in"), the information's
credibility 1–6, the analyst's translation, whether the note prints in the brief and
whether the quote is left out of it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QWidget,
)

from ...core.grading import CREDIBILITY


def person_box(placeholder: str) -> QComboBox:
    """An editable choice of actor names; anything else typed is kept as a description."""
    box = QComboBox()
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    line = box.lineEdit()
    assert line is not None, "an editable combo box has a line edit"
    line.setPlaceholderText(placeholder)
    line.setClearButtonEnabled(True)
    return box


class SourcingFields(QWidget):
    """The sourcing fields; ``values()`` for ``quotes.update``; ``edited`` when the user
    changes one (not when ``set_quote`` fills them)."""

    edited = Signal()

    def __init__(self, translation: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self._loading = False
        self.speaker = person_box("Who said it (an actor, or e.g. “unnamed analyst”)")
        self.carrier = person_box("As quoted in (outlet or actor), if not first-hand")
        self.credibility = QComboBox()
        for grade, words in CREDIBILITY.items():
            self.credibility.addItem(f"{grade} — {words}", grade)
        self.translation = QPlainTextEdit() if translation else None
        self.print_note = QCheckBox("Print the note in the brief")
        self.excluded = QCheckBox("Leave out of the brief")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Speaker:", self.speaker)
        form.addRow("As quoted in:", self.carrier)
        form.addRow("Credibility:", self.credibility)
        if self.translation is not None:
            self.translation.setPlaceholderText("Your translation (printed, marked as yours)")
            self.translation.setTabChangesFocus(True)
            self.translation.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
            form.addRow("Translation:", self.translation)
        flags = QHBoxLayout()
        flags.addWidget(self.print_note)
        flags.addWidget(self.excluded)
        flags.addStretch(1)
        form.addRow(flags)
        for box in (self.speaker, self.carrier):
            line = box.lineEdit()
            assert line is not None, "person_box makes it editable"
            line.editingFinished.connect(self._edited)
            box.activated.connect(lambda _i: self._edited())
        self.credibility.activated.connect(lambda _i: self._edited())
        self.print_note.toggled.connect(lambda _on: self._edited())
        self.excluded.toggled.connect(lambda _on: self._edited())

    def _edited(self) -> None:
        if not self._loading:
            self.edited.emit()

    def set_choices(self, actors: list, suggested: list | None = None) -> None:
        """Actor names to choose from; ``suggested`` ones (found just before the quote)
        first, marked, and the first of them proposed as the speaker when it is empty."""
        suggested = suggested or []
        names = [a.name for a in suggested] + [a.name for a in actors
                                                   if a.name not in {s.name for s in suggested}]
        for box in (self.speaker, self.carrier):
            text = box.currentText()
            box.blockSignals(True)
            box.clear()
            box.addItems(names)
            for i in range(len(suggested)):
                box.setItemData(i, "Named just before the quote", 3)    # Qt.ToolTipRole
            box.setCurrentIndex(-1)
            box.setEditText(text)
            box.blockSignals(False)
        self.suggested = [a.name for a in suggested]

    def set_quote(self, quote) -> None:
        """Show a quote's sourcing (None: the defaults of a new quote)."""
        self._loading = True
        try:
            self.speaker.setEditText(quote.speaker if quote else "")
            self.carrier.setEditText(quote.carrier if quote else "")
            grade = int(quote.credibility) if quote else 6
            self.credibility.setCurrentIndex(max(0, self.credibility.findData(grade)))
            if self.translation is not None:
                self.translation.setPlainText(quote.translation if quote else "")
            self.print_note.setChecked(bool(quote and quote.print_note))
            self.excluded.setChecked(bool(quote and quote.excluded))
        finally:
            self._loading = False

    def values(self) -> dict:
        values = {"speaker": " ".join(self.speaker.currentText().split()),
                  "carrier": " ".join(self.carrier.currentText().split()),
                  "credibility": self.credibility.currentData(),
                  "print_note": self.print_note.isChecked(),
                  "excluded": self.excluded.isChecked()}
        if self.translation is not None:
            values["translation"] = self.translation.toPlainText().strip()
        return values
