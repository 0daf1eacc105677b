"""A report dialog: a summary line and the details (what was merged, orphaned, skipped…)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class ReportDialog(QDialog):
    def __init__(self, title: str, summary: str, details: list[str],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("interchangeReport")
        self.setWindowTitle(title)
        self.summary = QLabel(summary, self)
        self.summary.setWordWrap(True)
        self.details = QPlainTextEdit("\n".join(details) or "Nothing else to report.", self)
        self.details.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def text(self) -> str:
        return f"{self.summary.text()}\n{self.details.toPlainText()}"
