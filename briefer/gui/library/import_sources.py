"""Importing real sources in the app: a preview of a batch before it is committed,
File ▸ Import from URL, and what a drop on the window leaves out (always said).

The preview reads every file off the GUI thread (the same reading the import does) and lists
what will be kept: title, outlet, date, language and the first lines of text; title, outlet,
date and language can be corrected in the table, files unticked, and web pages kept whole.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QHeaderView, QLabel,
                               QLineEdit, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ... import paths
from ...core import corpus, fetch, textlang
from ...core.text import plural
from ..shell.hub import Hub
from ..shell.tasks import run_task
from .importing import import_in_background

COLUMNS = ("File", "Title", "Outlet", "Date", "Language", "First lines")
EDITABLE = {1: "title", 2: "outlet", 3: "date", 4: "language"}
FIRST_LINES = 3


def preview_row(path: str, whole_page: bool = False) -> dict:
    """What importing ``path`` would keep (the import reads it the same way), or why not."""
    try:
        read = corpus.read_document(path, whole_page=whole_page)
    except corpus.ImportRefused as exc:
        return {"path": path, "refused": exc.reason}
    lines = [ln for ln in read.text.splitlines() if ln.strip()][:FIRST_LINES]
    return {"path": path, "refused": None, "title": read.title or "", "outlet": read.outlet or "",
            "date": read.date or "", "notes": "; ".join(read.notes),
            "language": read.language or textlang.detect_language(read.text, default="und"),
            "first": "\n".join(line[:200] for line in lines)}


def split_drop(urls) -> tuple[list[str], list[str], list[str]]:
    """A drop's (files to import, projects, skipped with the reason) from its QUrls."""
    files: list[str] = []
    projects: list[str] = []
    skipped: list[str] = []
    for url in urls:
        if url.isLocalFile():
            path = url.toLocalFile()
            (projects if path.endswith(paths.PROJECT_SUFFIX) else files).append(path)
        elif fetch.is_url(url.toString()):
            files.append(url.toString())
        else:
            skipped.append(f"{url.toString()}: not a file or a web address")
    return files, projects, skipped


class ImportPreviewDialog(QDialog):
    """The batch as it will be imported; Import commits the ticked rows with the corrections."""

    def __init__(self, parent: QWidget, hub: Hub, files: list[str]):
        super().__init__(parent)
        self.setObjectName("importPreview")
        self.setWindowTitle("Import documents")
        self.owner = parent                 # the window the import reports to
        self.hub, self.files = hub, [str(f) for f in files]
        self.rows: list[dict] = []
        self.resize(1000, 420)
        layout = QVBoxLayout(self)
        self.info = QLabel(f"Reading {plural(len(self.files), 'document')}…")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(len(COLUMNS) - 1,
                                                           QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.whole_page = QCheckBox("Keep whole web pages (menus, comments and all), "
                                    "not just the article")
        self.whole_page.toggled.connect(self.read)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for w in (self.info, self.table, self.whole_page, buttons):
            layout.addWidget(w)

    def read(self) -> None:
        """Read every file off the GUI thread, then fill the table."""
        self.ok.setEnabled(False)
        files, whole = list(self.files), self.whole_page.isChecked()

        def work(progress, cancelled):
            rows: list[dict] = []
            for i, path in enumerate(files, 1):
                if cancelled():
                    break
                rows.append(preview_row(path, whole) if not fetch.is_url(path) else
                            {"path": path, "refused": None, "title": "", "outlet": "",
                             "date": "", "language": "", "notes": "",
                             "first": "(fetched when imported)"})
                progress(i, len(files), Path(path).name)
            return rows

        run_task(self, f"Reading {plural(len(files), 'document')}…", work, self.fill,
                 lambda exc: self.info.setText(f"Could not read the files: {exc}"))

    def fill(self, rows: list[dict]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            name = QTableWidgetItem(Path(row["path"]).name or row["path"])
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(Qt.CheckState.Unchecked if row["refused"] else Qt.CheckState.Checked)
            name.setToolTip(row["path"])
            self.table.setItem(r, 0, name)
            if row["refused"]:
                item = QTableWidgetItem(f"Not imported: {row['refused']}")
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(r, 1, item)
                self.table.setSpan(r, 1, 1, len(COLUMNS) - 1)
                continue
            for c, key in EDITABLE.items():
                self.table.setItem(r, c, QTableWidgetItem(row[key]))
            first = QTableWidgetItem(row["first"] + (f"\n[{row['notes']}]" if row["notes"] else ""))
            first.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.table.setItem(r, len(COLUMNS) - 1, first)
        self.table.resizeRowsToContents()
        refused = sum(1 for row in rows if row["refused"])
        self.info.setText(f"{plural(len(rows) - refused, 'document')} to import"
                          + (f", {refused} cannot be imported (see their rows)" if refused else "")
                          + ". Correct the title, outlet, date or language here if needed.")
        self.ok.setEnabled(True)

    def chosen(self) -> tuple[list[str], dict, list[str]]:
        """(files ticked, corrections by file, files left out with the reason)."""
        files, edits, skipped = [], {}, []
        for r, row in enumerate(self.rows):
            if row["refused"]:
                skipped.append(f"{Path(row['path']).name}: {row['refused']}")
                continue
            if self._cell(r, 0).checkState() != Qt.CheckState.Checked:
                continue
            files.append(row["path"])
            fields = {key: self._cell(r, c).text().strip() for c, key in EDITABLE.items()}
            changed = {k: (v or None) for k, v in fields.items() if v != row[k]}
            if changed:
                edits[row["path"]] = changed
                if not fetch.is_url(row["path"]):
                    edits[str(Path(row["path"]).resolve())] = changed
        return files, edits, skipped

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None, "fill() makes every cell of a row that can be imported"
        return item

    def accept(self) -> None:
        files, edits, skipped = self.chosen()
        super().accept()
        if files or skipped:
            import_in_background(self.owner, self.hub, files, whole_page=self.whole_page
                                 .isChecked(), edits=edits, skipped=skipped)


class ImportUrlDialog(QDialog):
    """File ▸ Import from URL: the address, and whether to keep the whole page."""

    def __init__(self, parent: QWidget, hub: Hub):
        super().__init__(parent)
        self.setObjectName("importUrl")
        self.setWindowTitle("Import from URL")
        self.owner = parent                 # the window the import reports to
        self.hub = hub
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Address of the page (http:// or https://):"))
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://…")
        self.whole_page = QCheckBox("Keep the whole page, not just the article")
        self.error = QLabel("")
        self.error.setStyleSheet("color: #b00020")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for w in (self.url, self.whole_page, self.error, buttons):
            layout.addWidget(w)

    def accept(self) -> None:
        url = self.url.text().strip()
        if not fetch.is_url(url):
            self.error.setText("Give an address starting with http:// or https://.")
            return
        super().accept()
        import_in_background(self.owner, self.hub, [url],
                             whole_page=self.whole_page.isChecked())
