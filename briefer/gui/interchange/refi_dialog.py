"""File ▸ Import ▸ REFI-QDA project or codebook…: the code → actor/theme rule shown in
words (``MappingRule.describe()``) and as a table of every code, changed before importing;
the import runs off the GUI thread (progress, Cancel) and ends in a report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ...core.refi_import import ACTOR_ROOTS, MappingRule, RefiImportReport, import_refi, plan_codes
from ...core.refi_read import RefiFile
from ...core.store import Project
from ...core.text import plural
from ..shell.changes import Changes
from ..shell.hub import Hub, error_message
from ..shell.tasks import run_task
from .report import ReportDialog

TARGETS = ("actor", "theme", "star", "group", "skip")
TARGET_LABELS = {"actor": "Actor", "theme": "Theme", "star": "Star its quotes",
                 "group": "Nothing (grouping code)", "skip": "Skip"}


class RefiImportDialog(QDialog):
    """Shows what each code of ``refi`` becomes; ``rule()`` is what the analyst chose."""

    def __init__(self, hub: Hub, path: str | Path, refi: RefiFile, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("refiImportDialog")
        self.setWindowTitle(f"Import {Path(path).name}")
        self.hub, self.path, self.refi = hub, Path(path), refi
        self.overrides: dict[str, str] = {}
        self.task = None
        self.report_dialog: ReportDialog | None = None
        self.actor_roots = QLineEdit(", ".join(ACTOR_ROOTS), self)
        self.actor_roots.setToolTip("Top-level codes whose sub-codes become actors "
                                    "(comma-separated, any case)")
        self.theme_names = QComboBox(self)
        self.theme_names.addItem("its own name (codes of one name merge)", "leaf")
        self.theme_names.addItem("its path (Economy / Trade)", "path")
        self.positions = QComboBox(self)
        for key, label in (("auto", f"by the tool that wrote it ({refi.origin or 'unknown'})"),
                           ("codepoints", "characters (the standard)"),
                           ("utf16", "UTF-16 units, CRLF as two (NVivo)"),
                           ("crlf-one", "characters, CRLF as one (ATLAS.ti)")):
            self.positions.addItem(label, key)
        self.rule_text = QLabel(self)
        self.rule_text.setObjectName("mappingRule")
        self.rule_text.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["Code", "Becomes", "Name in Briefer"])
        self.table.horizontalHeader().setStretchLastSection(True)
        selections = sum(len(s.selections) for s in refi.sources)
        counts = QLabel(f"{plural(len(refi.sources), 'source')}, "
                        f"{plural(len(refi.codes), 'code')}, "
                        f"{plural(selections, 'coded selection')}", self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Actors are codes under:", self.actor_roots)
        form.addRow("A nested theme is named by:", self.theme_names)
        form.addRow("Positions are counted in:", self.positions)
        layout = QVBoxLayout(self)
        layout.addWidget(counts)
        layout.addLayout(form)
        layout.addWidget(self.rule_text)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.actor_roots.editingFinished.connect(self.refresh)
        self.theme_names.currentIndexChanged.connect(self.refresh)
        self.positions.currentIndexChanged.connect(self.refresh)
        self.resize(720, 520)
        self.refresh()

    def rule(self) -> MappingRule:
        roots = tuple(r.strip() for r in self.actor_roots.text().split(",") if r.strip())
        return MappingRule(actor_roots=roots or ACTOR_ROOTS,
                           theme_names=self.theme_names.currentData(),
                           overrides=dict(self.overrides), positions=self.positions.currentData())

    def refresh(self) -> None:
        """Say the rule in words and list what each code becomes under it."""
        rule = self.rule()
        self.rule_text.setText(rule.describe())
        plans = plan_codes(self.refi.codes, rule)
        self.table.setRowCount(len(plans))
        for row, plan in enumerate(plans):
            self.table.setItem(row, 0, QTableWidgetItem(" / ".join(plan.code.path)))
            combo = QComboBox(self.table)
            for target in TARGETS:
                combo.addItem(TARGET_LABELS[target], target)
            combo.setCurrentIndex(TARGETS.index(plan.target))
            combo.currentIndexChanged.connect(
                lambda _i, key=plan.code.key, c=combo: self.set_target(key, c.currentData()))
            self.table.setCellWidget(row, 1, combo)
            self.table.setItem(row, 2, QTableWidgetItem(plan.name if plan.target in
                                                        ("actor", "theme") else ""))
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)     # each "Becomes" reads whole

    def set_target(self, code_key: str, target: str) -> None:
        """One code set by hand (the rule's ``overrides``)."""
        self.overrides[code_key] = target
        self.refresh()

    def accept(self) -> None:
        self.task = import_refi_in_background(self.parentWidget() or self, self.hub, self.path,
                                              self.rule(), self._show_report)
        super().accept()

    def _show_report(self, report: RefiImportReport) -> None:
        self.report_dialog = ReportDialog(f"Imported {self.path.name}", summary(report),
                                          details(report), self.parentWidget())
        self.report_dialog.open()


def import_refi_in_background(parent: QWidget, hub: Hub, path: Path, rule: MappingRule,
                              on_report):
    """Import with a connection of the worker's own; Cancel keeps nothing (the write is one
    transaction, rolled back)."""
    if not hub.has_project or hub.project.read_only:
        return None
    where = hub.project.path

    def work(progress, cancelled):
        with Project.open(where, create=False) as project:
            return import_refi(project, path, rule, progress=lambda done, total: (
                progress(done, total, "Checking the selections" if 2 * done <= total
                         else "Writing the quotes"), not cancelled())[1])

    def done(report: RefiImportReport) -> None:
        if report.cancelled:
            hub.statusMessage.emit("REFI-QDA import cancelled; nothing was imported.")
            return
        hub.notify(Changes(documents=True, codebook=True, quotes=True,
                           judgments=bool(report.judgments_added),
                           settings=bool(report.brief_sections)), parent)
        on_report(report)

    def failed(exc: BaseException) -> None:
        hub.errorOccurred.emit(error_message(exc))

    return run_task(parent, f"Importing {path.name}…", work, done, failed)


def summary(r: RefiImportReport) -> str:
    mapped = sum(p.target in ("actor", "theme") for p in r.mapping)
    return (f"{mapped} codes mapped ({r.actors_added} actors and {r.themes_added} themes "
            f"added, {len(r.merged)} merged into existing ones); {r.documents_added} documents "
            f"added, {r.documents_merged} already present; {r.quotes_added} quotes added, "
            f"{r.quotes_present} already present; {r.judgments_added} key judgments added, "
            f"{r.judgments_present} already present; {len(r.brief_sections)} sections of the "
            f"brief filled; {len(r.relocated)} relocated, "
            f"{len(r.orphaned)} orphaned, {len(r.skipped)} skipped (positions counted as "
            f"{r.positions}).")


def details(r: RefiImportReport) -> list[str]:
    out = [f"mapped: {' / '.join(p.code.path)} → {p.target} {p.name!r}"
           for p in r.mapping if p.target in ("actor", "theme")]
    for label, items in (("merged", r.merged), ("relocated", r.relocated),
                         ("orphaned", r.orphaned), ("skipped", r.skipped)):
        out += [f"{label}: {item}: {why}" for item, why in items]
    return out
